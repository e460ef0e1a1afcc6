"""Reading edition files safely: no DTD, no external entity, no network, no entity expansion bombs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .findings import Finding, error

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"


def safe_parser() -> etree.XMLParser:
    # resolve_entities=False keeps internal entity references unexpanded, so a "billion laughs" file cannot
    # blow up memory; load_dtd/no_network keep every external resource out.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


@dataclass(frozen=True)
class Parsed:
    path: Path
    tree: etree._ElementTree
    text: str

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()


MAX_BYTES = 16 * 1024 * 1024


def parse(path: Path) -> Parsed | Finding:
    """The parsed file, or a finding saying why it is not usable XML. Raises OSError if it cannot be read."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        # Read it and the whole of it sits in memory several times over; no letter or speech comes near this.
        return error(path, 1, 1, "xml-too-large",
                     f"the file is {size / 1024 / 1024:.0f} MB, more than the {MAX_BYTES // 1024 // 1024} MB an "
                     "edition file may have; check that it is the document you meant, or split it")
    raw = path.read_bytes()
    doctype = re.search(rb"<!DOCTYPE", raw)
    if doctype:
        # Refused before parsing: a DTD can smuggle in external entities or an entity expansion bomb.
        line = raw.count(b"\n", 0, doctype.start()) + 1
        column = doctype.start() - (raw.rfind(b"\n", 0, doctype.start()) + 1) + 1
        return error(path, line, column, "xml-doctype",
                     "the file declares a DOCTYPE; edition files must not use DTDs or entities: remove the "
                     "<!DOCTYPE …> declaration and write characters directly")
    try:
        tree = etree.ElementTree(etree.fromstring(raw, safe_parser(), base_url=str(path)))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        if re.match(r"ID \S+ already defined", exc.msg or ""):
            return error(path, line or 1, column or 1, "id-duplicate",
                         f"{exc.msg}: ids must be unique across the edition; rename this one")
        return error(path, line or 1, column or 1, "xml-wellformed",
                     f"not well-formed XML: {exc.msg}; fix the markup at this point")
    return Parsed(path, tree, raw.decode("utf-8", errors="replace"))


def element_column(parsed: Parsed, element: etree._Element) -> int:
    """1-based column of the element's start tag. lxml gives only lines, so the tag is found in the line's text."""
    line_no = element.sourceline or 1
    lines = parsed.text.splitlines()
    if line_no > len(lines) or not isinstance(element.tag, str):
        return 1
    line = lines[line_no - 1]
    local = etree.QName(element).localname
    rank = _rank_on_line(parsed, element, local, line_no)
    start = -1
    for _ in range(rank + 1):
        start = _find_tag(line, local, start + 1)
        if start < 0:
            return 1
    return start + 1


def _rank_on_line(parsed: Parsed, element: etree._Element, local: str, line_no: int) -> int:
    rank = 0
    for other in parsed.root.iter():
        if other is element:
            return rank
        if other.sourceline == line_no and isinstance(other.tag, str) and etree.QName(other).localname == local:
            rank += 1
    return rank


def _find_tag(line: str, local: str, start: int) -> int:
    while True:
        index = line.find("<" + local, start)
        if index < 0:
            return -1
        after = line[index + 1 + len(local): index + 2 + len(local)]
        if after in ("", " ", ">", "/", "\t"):
            return index
        start = index + 1


def position(parsed: Parsed, element: etree._Element) -> tuple[int, int]:
    return element.sourceline or 1, element_column(parsed, element)
