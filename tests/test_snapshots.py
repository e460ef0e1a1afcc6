"""Golden snapshots of three built pages of different kinds: a document page (interventions, notes, a numbered
list, the transcriber's query mark), an index page and the list of documents.

Each page is written out as an outline, one element or text run a line, attributes sorted, runs of white space
shown as one space and a space at either end of a text run shown as "␣" (inside <pre> white space is kept, a line
break shown as "⏎"), so that a change in a page is a change of a few readable lines. White space between the items
of a list is left out: it is not part of the page's text. A change is reviewed, and accepted with
`pytest tests/test_snapshots.py --snapshot-update`.
The snapshots live in tests/__snapshots__/test_snapshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

PAGES = {
    "document": "1918-01-04-note-to-persian-government.html",
    "persons": "persons.html",
    "documents": "documents.html",
}
# Attributes whose value may change from build to build without the page changing. The build is deterministic,
# so there are none today; one added later is dropped here rather than making every snapshot stale.
VOLATILE: frozenset[str] = frozenset()
INDENT = "  "
PREFORMATTED = {"pre"}
ITEM_CONTAINERS = {"ol", "ul", "dl"}


class OutlineExtension(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def snapshot(snapshot):
    return snapshot.use_extension(OutlineExtension)


def local(name: str) -> str:
    return etree.QName(name).localname


def text_line(text: str, parent: etree._Element) -> str | None:
    """A text run as one line of the outline; None for white space that the page does not show."""
    if any(local(e.tag) in PREFORMATTED for e in parent.iterancestors()) or local(parent.tag) in PREFORMATTED:
        if not text:
            return None
        kept = text.replace("\n", "⏎")
        return re.sub(r"^ | $", "␣", kept)
    collapsed = re.sub(r"\s+", " ", text)
    if not collapsed or (collapsed == " " and local(parent.tag) in ITEM_CONTAINERS):
        return None
    if collapsed == " ":
        return "␣"
    return ("␣" if collapsed[0] == " " else "") + collapsed.strip() + ("␣" if collapsed[-1] == " " else "")


def outline(element: etree._Element, depth: int = 0) -> list[str]:
    attributes = "".join(f' {local(k)}="{v}"' for k, v in sorted(element.attrib.items()) if local(k) not in VOLATILE)
    tag = local(element.tag)
    children: list[str] = []
    if element.text and (line := text_line(element.text, element)):
        children.append(INDENT * (depth + 1) + line)
    for child in element:
        if isinstance(child.tag, str):
            children.extend(outline(child, depth + 1))
        if child.tail and (line := text_line(child.tail, element)):
            children.append(INDENT * (depth + 1) + line)
    opening = f"{INDENT * depth}<{tag}{attributes}>"
    if not children:
        return [f"{INDENT * depth}<{tag}{attributes}/>"]
    if len(children) == 1 and element.text is not None and not len(element):
        return [f"{opening}{children[0][len(INDENT * (depth + 1)):]}</{tag}>"]
    return [opening, *children, f"{INDENT * depth}</{tag}>"]


def normalised(path: Path) -> str:
    """The page as an outline; fails if the page is not well-formed XHTML."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    return "\n".join(outline(root)) + "\n"


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_matches_its_reviewed_snapshot(site, snapshot, kind):
    assert normalised(site / PAGES[kind]) == snapshot


def test_the_outline_keeps_words_and_the_spaces_between_them(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<html xmlns="http://www.w3.org/1999/xhtml"><p b="2" a="1">The <a href="#x">Persian</a>\n'
                    "   Government <em>[?]</em><a id='y'></a></p>\n<ol> <li>one</li>\n <li>two</li> </ol>"
                    "<pre>TY  - GOVDOC\nER  - </pre></html>", encoding="utf-8")
    assert normalised(page).splitlines() == [
        "<html>", '  <p a="1" b="2">', "    The␣", '    <a href="#x">Persian</a>', "    ␣Government␣",
        "    <em>[?]</em>", '    <a id="y"/>', "  </p>", "  ␣", "  <ol>", "    <li>one</li>", "    <li>two</li>",
        "  </ol>", "  <pre>TY  - GOVDOC⏎ER  -␣</pre>", "</html>"]
