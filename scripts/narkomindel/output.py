"""Where a build may write, and how it replaces what it wrote before without ever losing an editor's files.

A build writes only into a directory that is empty or that carries the marker file a build left there; inside
it, it replaces only the folders of the formats it builds. What a build writes goes into a folder beside the
final one, and reaches it only when the whole build has succeeded, so a failed build leaves the old one. A
first build's folder is renamed into place whole; a rebuild, which takes most files over unchanged, moves only
the files it wrote into place (each by one rename, so no reader sees half a file) and removes what it no longer
makes — the folder then holds exactly what a clean build would write. A large file (the whole text, the
teiCorpus) is not renamed over its previous version: that is kept under a second name in a folder removed while
the build goes on, its name is freed and the new file renamed to it (for a moment no file has the name; ext4 wrote
out the new file and freed the old one's blocks inside a rename over it, a quarter of a second at 10,000
documents)."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

MARKER = ".narkomindel-build"
MARKER_TEXT = "Written by `narkomindel build`. The build replaces the folders in this directory; keep nothing else here.\n"
PROTECTED = ("tei", "xslt", "schema", "scripts", "tests", ".git", ".ci")
# A file at least this large is not renamed over (see above).
LARGE = 1 << 20


class UnsafeOutput(Exception):
    """The output directory is not one the build may write into: nothing was touched."""


class BuildBusy(Exception):
    """Another build is writing into the same output directory."""


def check_output(project_root: Path, output: Path) -> Path:
    """The output directory, resolved, if a build may write there; otherwise UnsafeOutput saying why."""
    root = project_root.resolve()
    target = output.resolve()
    if target == root or target in root.parents:
        raise UnsafeOutput(f"{output}: is or contains the project itself; give --out a directory of its own, "
                           "such as build/")
    for name in PROTECTED:
        part = root / name
        if target == part or part in target.parents:
            raise UnsafeOutput(f"{output}: lies in the project's {name}/ folder, which holds sources; give --out a "
                               "directory of its own, such as build/")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"{output}: is a file, not a directory; give --out a new or empty directory")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise UnsafeOutput(f"{output}: is not empty and was not written by `narkomindel build` (no {MARKER} file "
                           "in it); give --out a new or empty directory, or empty this one yourself")
    return target


@contextmanager
def claimed(output: Path) -> Iterator[Path]:
    """The output directory, created with its marker and locked for this build alone."""
    output.mkdir(parents=True, exist_ok=True)
    marker = output / MARKER
    with open(marker, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EACCES):
                raise BuildBusy(f"{output}: another build is writing here now; wait until it has finished, "
                                "then build again") from exc
            raise
        handle.seek(0)
        if handle.read() != MARKER_TEXT:
            handle.seek(0)
            handle.truncate()
            handle.write(MARKER_TEXT)
            handle.flush()
        yield output


@contextmanager
def removing_later() -> Iterator[Callable[[Path], None]]:
    """`remove(folder)` removes the folder in a thread of its own while the caller goes on (the kernel frees a
    large file's blocks without holding Python's lock); the block ends when every such folder is gone."""
    threads: list[threading.Thread] = []

    def remove(folder: Path) -> None:
        thread = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
        thread.start()
        threads.append(thread)

    try:
        yield remove
    finally:
        for thread in threads:
            thread.join()


@contextmanager
def staged(final: Path, kept: set[str] | None = None, present: Callable[[], set[str]] | None = None,
           remove_later: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """A fresh folder beside `final` for what this build writes. On success, if the build kept nothing of `final`
    (`kept`, the names of files below it, is filled while the block runs), the new folder replaces `final` whole;
    otherwise its files are moved into `final` and every other file there is removed but the kept ones
    (`present()` may give the files of `final`, if the build has listed them already); the previous versions of
    large files are then removed by `remove_later` (see removing_later), if given. On any failure the new folder
    is removed and `final` is left as it was."""
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-new-", dir=final.parent))
    retired = Path(tempfile.mkdtemp(prefix=f".{final.name}-old-", dir=final.parent)) if remove_later else None
    try:
        yield staging
        os.chmod(staging, 0o755)
        if kept and final.is_dir():
            update_in_place(staging, final, kept, present() if present is not None else None, retired)
        else:
            swap_in(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if retired is not None and remove_later is not None:
            remove_later(retired)


def files_below(folder: Path) -> set[str]:
    """The names (relative, with /) of the files below `folder`; none if it does not exist."""
    found: set[str] = set()
    # os.scandir, not Path.rglob: a large edition's folder holds tens of thousands of files.
    waiting = [("", str(folder))]
    while waiting:
        prefix, path = waiting.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        waiting.append((f"{prefix}{entry.name}/", entry.path))
                    else:
                        found.add(prefix + entry.name)
        except FileNotFoundError:
            continue
    return found


def gathered(scratch: Path, target: Path, retired: Path | None = None) -> list[str]:
    """Move every file below `scratch` to the same place below `target`, and remove `scratch`: the names moved,
    relative to `target`. A step that writes many files at once writes them into a scratch folder of its own, so
    that what it made is known. With `retired`, the previous version of a large file is kept there (see above)."""
    moved = sorted(files_below(scratch))
    for number, name in enumerate(moved):
        destination = os.path.join(target, name)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        kept_as = os.path.join(retired, str(number)) if retired is not None else ""
        freed = bool(kept_as) and _retire(destination, kept_as)  # a large file's name is freed first
        try:
            os.replace(os.path.join(scratch, name), destination)
        except BaseException:
            if freed:  # the previous version goes back to its name
                with suppress(OSError):
                    os.link(kept_as, destination)
            raise
    shutil.rmtree(scratch)
    return moved


def _retire(destination: str, kept_as: str) -> bool:
    """Give a large file a second name, `kept_as`, and free its own: True if done (False for a smaller or missing
    file, or where the file system has no hard links)."""
    try:
        if os.stat(destination).st_size < LARGE:
            return False
        os.link(destination, kept_as)
    except OSError:
        return False
    os.unlink(destination)
    return True


def update_in_place(staging: Path, final: Path, kept: set[str], present: set[str] | None = None,
                    retired: Path | None = None) -> None:
    """Move every file below `staging` to its place below `final` (`staging` is removed), then remove from `final`
    every file that is neither kept nor new, and the folders left empty. `present`: the files of `final` before
    the moves, if known (a large edition's folder takes a while to list); `retired`: see `gathered`."""
    before = files_below(final) if present is None else present
    written = set(gathered(staging, final, retired))
    emptied = set()
    for name in sorted(before - kept - written):
        try:
            os.unlink(os.path.join(final, name))
        except FileNotFoundError:  # removed by hand while the build ran
            pass
        emptied.add(os.path.dirname(name))
    for folder in sorted(emptied, key=len, reverse=True):  # the deepest first
        while folder:
            try:
                os.rmdir(os.path.join(final, folder))
            except OSError:  # not empty
                break
            folder = os.path.dirname(folder)


def swap_in(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with renames; if the second rename fails the old folder is put back."""
    if not final.exists():
        os.replace(staging, final)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{final.name}-old-", dir=final.parent))
    os.replace(final, retired / final.name)
    try:
        os.replace(staging, final)
    except BaseException:
        os.replace(retired / final.name, final)
        shutil.rmtree(retired, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """A UTF-8 text file ending in one newline."""
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
