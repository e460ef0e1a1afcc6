"""Reading edition files safely: no DTD, no external entity, no network, no entity expansion bombs."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from .findings import Finding, error

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
_LINE_BREAK = re.compile("\r\n|\n|\r")
# Markup in the text: comments, CDATA, processing instructions and end tags are matched only to be passed over;
# group 1 is the "<" of a start tag.
_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>|</|(<)(?=[^\s/!?<>])", re.S)


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
        # Without an id table libxml2 does not stop at a repeated xml:id: the corpus check reports every
        # repetition, in one file or across files, with where the id was first used.
        collect_ids=False,
    )


@dataclass(frozen=True)
class Parsed:
    """A parsed file and its text. Positions are worked out only when a finding needs one: the text is split
    into lines, and the elements indexed by line, once per file, on first use."""

    path: Path
    tree: etree._ElementTree
    text: str

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of each line, lines counted as the XML parser counts them."""
        return [0] + [match.end() for match in _LINE_BREAK.finditer(self.text)]

    @cached_property
    def start_tags(self) -> dict[etree._Element, int]:
        """The offset of each element's start tag in the text. Every "<" outside comments, CDATA sections and
        processing instructions begins markup, so the n-th start tag is the n-th element in document order;
        if the counts disagree (a text not decoded as the parser read it), the map is empty."""
        offsets = [match.start() for match in _MARKUP.finditer(self.text) if match.group(1)]
        elements = [element for element in self.root.iter() if isinstance(element.tag, str)]
        return dict(zip(elements, offsets)) if len(offsets) == len(elements) else {}

    @cached_property
    def _by_line(self) -> dict[tuple[int, str], list[etree._Element]]:
        index: dict[tuple[int, str], list[etree._Element]] = {}
        for other in self.root.iter():
            if isinstance(other.tag, str):
                index.setdefault((other.sourceline or 0, etree.QName(other).localname), []).append(other)
        return index

    def rank_on_line(self, element: etree._Element) -> int:
        """How many elements of the same name start earlier on the element's line."""
        same = self._by_line.get((element.sourceline or 0, etree.QName(element).localname), [])
        for rank, other in enumerate(same):
            if other is element:
                return rank
        return len(same)


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
        return error(path, line or 1, column or 1, "xml-wellformed",
                     f"not well-formed XML: {exc.msg}; fix the markup at this point")
    return Parsed(path, tree, raw.decode("utf-8", errors="replace"))


def position(parsed: Parsed, element: etree._Element) -> tuple[int, int]:
    """1-based line and column of the element's start tag, where its "<" stands. lxml gives only the line on
    which a start tag ends, so the tags are found in the text (once per file, on first use)."""
    offset = parsed.start_tags.get(element)
    if offset is None:
        return element.sourceline or 1, _column_by_rank(parsed, element)
    return offset_position(parsed, offset)


def element_column(parsed: Parsed, element: etree._Element) -> int:
    return position(parsed, element)[1]


def _column_by_rank(parsed: Parsed, element: etree._Element) -> int:
    """The column when the text could not be matched with the tree (a file not in UTF-8): the n-th element of
    that name on its line is taken to be the n-th start tag of that name there."""
    line_no = element.sourceline or 1
    lines = parsed.lines
    if line_no > len(lines) or not isinstance(element.tag, str):
        return 1
    line = lines[line_no - 1]
    local = etree.QName(element).localname
    rank = parsed.rank_on_line(element)
    start = -1
    for _ in range(rank + 1):
        start = _find_tag(line, local, start + 1)
        if start < 0:
            return 1
    return start + 1


def _find_tag(line: str, local: str, start: int) -> int:
    while True:
        index = line.find("<" + local, start)
        if index < 0:
            return -1
        after = line[index + 1 + len(local): index + 2 + len(local)]
        if after in ("", " ", ">", "/", "\t"):
            return index
        start = index + 1


def attribute_position(parsed: Parsed, element: etree._Element, attribute: str) -> tuple[int, int]:
    """Line and column of an attribute in the element's start tag (which may run over several lines); the
    element's own position if the attribute cannot be found."""
    offset = parsed.start_tags.get(element)
    if offset is None:
        return position(parsed, element)
    end = parsed.text.find(">", offset)
    spelt = attribute.replace(f"{{{XML_NS}}}", "xml:")
    found = re.compile(rf"\s({re.escape(spelt)})\s*=").search(parsed.text, offset, end if end >= 0 else None)
    if not found:
        return position(parsed, element)
    return offset_position(parsed, found.start(1))


def offset_position(parsed: Parsed, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in the file's text."""
    line = bisect.bisect_right(parsed.line_starts, offset)
    return line, offset - parsed.line_starts[line - 1] + 1
