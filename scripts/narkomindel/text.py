"""The plain-text edition: one file per document in the reading text, one in the source's readings, and one
file for the whole edition with its key to the signs and a contents list."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .output import write_text

if TYPE_CHECKING:
    from .build import Edition

EDITION_TEXT = "narkomindel-1917-1918.txt"
SEPARATOR = "\n\n" + "=" * 72 + "\n\n"


def write_text_edition(edition: Edition, target: Path) -> None:
    """<stem>.txt and <stem>.source.txt for each document, and the whole edition in one file."""
    renderer, parameters = edition.renderer, edition.parameters
    readings = []
    for path, node in sorted(edition.documents.items(), key=lambda item: _order(edition, item[0])):
        reading = tidy(renderer.run("text.xsl", "edition-text", node, parameters))
        write_text(target / f"{path.stem}.txt", reading)
        write_text(target / f"{path.stem}.source.txt",
                   tidy(renderer.run("text.xsl", "diplomatic-text", node, parameters)))
        readings.append(reading)
    front = tidy(renderer.run("text.xsl", "edition-front", parameters["edition"], parameters))
    write_text(target / EDITION_TEXT, SEPARATOR.join([front.rstrip("\n"), *(r.rstrip("\n") for r in readings)]))


def tidy(text: str) -> str:
    """NFC, no trailing spaces, no run of more than one blank line."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"


def _order(edition: Edition, path: Path) -> int:
    """The document's place in the catalogue's date order."""
    hrefs = [entry.get("file") for entry in edition.catalogue]
    return hrefs.index(path.name)
