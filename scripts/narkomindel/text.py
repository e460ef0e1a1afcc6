"""The plain-text edition: one file per document in the reading text, one in the source's readings, and one
file for the whole edition with its key to the signs and a contents list."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .incremental import Reuse

if TYPE_CHECKING:
    from .build import Edition

EDITION_TEXT = "narkomindel-1917-1918.txt"
SEPARATOR = "\n\n" + "=" * 72 + "\n\n"


def write_text_edition(edition: Edition, target: Path, reuse: Reuse) -> None:
    """The whole edition in one file, after each document's <stem>.txt and <stem>.source.txt (made with the
    documents' other outputs, see build.write_documents)."""
    edition.progress.phase("plain-text edition")
    # The whole is written piece by piece: a rebuild copies from the previous build's file the pieces that are
    # unchanged (most documents' texts; the key to the signs and the contents list, which show the catalogue's
    # outline only, unless it changed), and reads only the texts that changed.
    def front() -> bytes:
        return tidy(edition.renderer.run("text.xsl", "edition-front", edition.parameters["edition"],
                                         edition.parameters)).rstrip("\n").encode("utf-8")

    def reading_text(name: str) -> bytes:
        return (SEPARATOR + reuse.path(name).read_text(encoding="utf-8").rstrip("\n")).encode("utf-8")

    pieces = [(f"front {edition.outline_key}", front)]
    for name in edition.order:
        reading = f"{name.removesuffix('.xml')}.txt"
        pieces.append((reuse.document_key(name, reading), lambda reading=reading: reading_text(reading)))
    pieces.append((f"end {edition.common_key}", lambda: b"\n"))
    reuse.write_pieces(EDITION_TEXT, pieces)


def tidy(text: str) -> str:
    """NFC, no trailing spaces, no run of more than one blank line."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"
