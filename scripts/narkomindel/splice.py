"""Large files of the whole edition written piece by piece (the plain-text edition, the documents' metadata), so that
a rebuild after a few documents changed copies every other piece from the file's previous version, byte for byte
(inside the kernel where it can), instead of making the whole again.

A file's layout — each piece's key and length, in order — is kept with the build's state. A piece's key is a digest
of everything its bytes are made from, so a piece with the same key has the same bytes, wherever it stood."""

from __future__ import annotations

import errno
import os
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

Piece = tuple[str, Callable[[], bytes]]
Layout = list[list]  # [[key, length], …] in the order of the file


def write_pieces(target: Path, pieces: Iterable[Piece], previous: Path | None = None,
                 layout: Sequence | None = None) -> Layout:
    """Write the pieces into `target` in order, each `(key, make)`: a piece that the file `previous` holds (by its
    `layout`) is copied from there, the others are made (`make()` gives the bytes). A previous file whose size is
    not what its layout says is not used. The layout of `target`, for the next time."""
    known = _offsets(previous, layout)
    written: Layout = []
    with open(target, "wb") as out, (open(previous, "rb") if known and previous else nullcontext()) as old:
        start = end = -1  # the run of pieces of the old file that is being copied
        for key, make in pieces:
            found = known.get(key)
            if found is not None and found[0] == end:
                end += found[1]
            else:
                if end > start:
                    _copy(old, out, start, end - start)
                if found is not None:
                    start, end = found[0], found[0] + found[1]
                else:
                    start = end = -1
                    data = make()
                    out.write(data)
                    found = (0, len(data))
            written.append([key, found[1]])
        if end > start:
            _copy(old, out, start, end - start)
    return written


def places(layout: Sequence | None) -> dict[str, tuple[int, int]]:
    """Key → (offset, length) of each piece of a layout (the first, for a key that stands twice); nothing if the
    layout is damaged."""
    found: dict[str, tuple[int, int]] = {}
    offset = 0
    try:
        for key, length in layout or ():
            if not isinstance(key, str) or not isinstance(length, int) or length < 0:
                return {}
            found.setdefault(key, (offset, length))
            offset += length
    except (TypeError, ValueError):
        return {}
    return found


def _offsets(previous: Path | None, layout: Sequence | None) -> dict[str, tuple[int, int]]:
    """The places of the pieces of the previous file (see places); nothing if its layout does not fit the file
    (replaced or cut short since)."""
    found = places(layout) if previous is not None else {}
    if not found:
        return {}
    try:
        size = previous.stat().st_size  # type: ignore[union-attr]
    except OSError:
        return {}
    return found if size == sum(length for _, length in layout) else {}  # type: ignore[union-attr]


def _copy(source, target, offset: int, length: int) -> None:
    """`length` bytes of `source` from `offset` appended to `target` (both open files)."""
    target.flush()
    while length > 0:
        try:
            copied = os.copy_file_range(source.fileno(), target.fileno(), length, offset)
        except (AttributeError, OSError) as exc:  # not Linux, or not between these file systems
            if isinstance(exc, OSError) and exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL,
                                                              errno.EOPNOTSUPP):
                raise
            copied = target.write(os.pread(source.fileno(), min(length, 1 << 24), offset))
        if copied <= 0:
            raise OSError(errno.EIO, "the previous version of the file was cut short while it was copied",
                          source.name)
        offset += copied
        length -= copied
    target.seek(0, os.SEEK_END)

