"""The web edition word for word: each document page, read in its reading view and in its source view, gives the
text of the model that tests/test_fidelity.py proves against the raw sources.

From the page are taken away only what the page adds for the reader (labels, paragraph links, correction markers,
date explanations); note markers are written as the model writes them ("(2)" for the translator's, "[a]" for the
editors'), and a list item's number as the source prints it ("1.")."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import html

from narkomindel.render import NOTES_SEPARATOR

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(p for p in (ROOT / "tei").glob("*.xml") if p.name != "edition.xml")
ADDED = {"paragraph-number", "intervention-ref", "explanation", "label", "div-label"}
HIDDEN_IN = {"reading": "sic", "source": "corr"}
BLOCKS = ("p", "li", "div", "section", "blockquote", "h2", "h3", "h4", "ol", "ul")


def classes(element: html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def page_words(page: Path, view: str) -> list[str]:
    root = html.parse(str(page)).getroot()
    parts = [copy.deepcopy(e) for e in root.xpath("//article/section[@id='front'] | //article/div[@id='text']")]
    words: list[str] = []
    for part in parts:
        for element in list(part.iter()):
            if element.getparent() is None and element is not part:
                continue
            kind = classes(element)
            if kind & ADDED or HIDDEN_IN[view] in kind or (view == "source" and "supplied" in kind):
                _drop(element)
            elif "note-ref" in kind:
                number = element.text_content().strip()
                if "translator" in kind:
                    _replace(element, f"({number})")
                elif view == "reading":
                    _replace(element, f"[{number}]")
                else:
                    _drop(element)
            elif element.tag == "li" and element.get("value"):
                element.text = f"{element.get('value')}. " + (element.text or "")
        for block in part.iter(*BLOCKS):  # blocks are apart in the reading, though not in the markup
            block.text = "\n" + (block.text or "")
            block.tail = "\n" + (block.tail or "")
        words += part.text_content().split()
    return words


def _drop(element: html.HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _replace(element: html.HtmlElement, text: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = text


@pytest.mark.parametrize("view", ["reading", "source"])
@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_the_page_gives_the_model_text_word_for_word(document, view, site, renderer):
    model = renderer.text(document, view).partition(NOTES_SEPARATOR)[0].split()
    assert page_words(site / f"{document.stem}.html", view) == model
