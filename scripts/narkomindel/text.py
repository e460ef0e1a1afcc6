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
    # The key to the signs and the contents list show the catalogue's outline only.
    front = reuse.text("edition-front", edition.outline_key, lambda: tidy(edition.renderer.run(
        "text.xsl", "edition-front", edition.parameters["edition"], edition.parameters)))
    # Each document's reading text is kept in the build's store under its file's key, and read from there: a
    # rebuild reads tens of thousands of small files no more. The whole is written piece by piece (into the
    # build's staging folder), so that it is never held at once.
    keyed = [(reuse.key(name), name) for name in (f"{name.removesuffix('.xml')}.txt" for name in edition.order)]
    files = dict(keyed)
    texts = edition.store.derived("reading-text", [key for key, _ in keyed],
                                  lambda key: reuse.path(files[key]).read_text(encoding="utf-8").rstrip("\n"))
    with (target / EDITION_TEXT).open("w", encoding="utf-8") as whole:
        whole.write(front.rstrip("\n"))
        for text in texts:
            whole.write(SEPARATOR)
            whole.write(text)
        whole.write("\n")


def tidy(text: str) -> str:
    """NFC, no trailing spaces, no run of more than one blank line."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"
