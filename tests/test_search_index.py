"""The search index, document by document: each citable unit (numbered paragraph or item of a numbered list) and
each note is found under its own number with its whole reading text, computed here from the TEI independently of
the stylesheets (corrections, not the source's misprints; no notes; a paragraph without the list it introduces)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from narkomindel.xmlio import NS

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted((ROOT / "tei").glob("1*.xml"))
TEI = f"{{{NS['tei']}}}"


@pytest.fixture(scope="module")
def records(site) -> list[dict[str, str]]:
    from test_web import search_records  # the index comes in chunks: one reader for every test

    return list(search_records(site).values())


def reading(element: etree._Element, depth: int = 0) -> str:
    """The corrected text of an element, as a reader searches it. A numbered list that a unit holds directly is
    left out (its items are units of their own); one deeper down keeps its items, each with its number."""
    tag = element.tag
    ordered_list = tag == f"{TEI}list" and element.get("type") == "ordered"
    if (depth > 0 and tag == f"{TEI}note") or tag == f"{TEI}sic" or (depth == 1 and ordered_list):
        own = ""
    elif tag == f"{TEI}gap" and element.get("reason") == "omitted-by-earlier-editor":
        own = "..."
    else:
        numbered = depth > 0 and tag == f"{TEI}item" and element.getparent().get("type") == "ordered"
        own = (f" {element.get('n')}. " if numbered else "") + (element.text or "") + "".join(
            reading(child, depth + 1) for child in element)
    return own + ("" if depth == 0 else element.tail or "")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def units(tree: etree._ElementTree) -> dict[str, etree._Element]:
    found = {p.get("n"): p for p in tree.iterfind(".//tei:body//tei:p[@n]", NS)}
    for item in tree.iterfind(".//tei:body//tei:list[@type='ordered']/tei:item", NS):
        intro = item.getparent().xpath("preceding-sibling::tei:p[@n][1]/@n", namespaces=NS)
        found[".".join([*intro, item.get("n")])] = item
    return found


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_unit_is_found_with_its_whole_text(records, path):
    tree = etree.parse(str(path))
    indexed = {r["p"]: r for r in records if r["page"] == f"{path.stem}.html" and r["kind"] != "note"}
    expected = units(tree)
    assert sorted(indexed) == sorted(expected)
    for number, element in expected.items():
        assert squeeze(indexed[number]["text"]) == squeeze(reading(element)), f"{path.stem} ¶ {number}"
        assert indexed[number]["kind"] == ("item" if element.tag == f"{TEI}item" else "paragraph")
        assert indexed[number]["anchor"] == f"p{number}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_note_is_found_with_its_text(records, path):
    tree = etree.parse(str(path))
    notes = tree.findall(".//tei:text//tei:note", NS)
    indexed = [r for r in records if r["page"] == f"{path.stem}.html" and r["kind"] == "note"]
    assert len(indexed) == len(notes)
    translator = {r["p"]: r for r in indexed if r["anchor"].startswith("note-t")}
    for note in notes:
        if note.get("type") == "translator":
            assert squeeze(translator[note.get("n")]["text"]) == squeeze(reading(note)), f"{path.stem} note {note.get('n')}"
    editorial = [squeeze(reading(n)) for n in notes if n.get("type") == "editorial"]
    assert [squeeze(r["text"]) for r in indexed if r["anchor"].startswith("note-e")] == editorial


def test_a_paragraph_is_not_found_again_through_the_list_it_introduces(records):
    persian = {r["p"]: r["text"] for r in records if r["page"] == "1918-01-04-note-to-persian-government.html"}
    assert persian["2"] == "In regard to this matter I suggest that it is necessary:"
    assert "Cossack brigade" in persian["2.3"]


def test_a_large_shard_of_words_is_split_by_longer_prefixes_and_every_word_is_found(monkeypatch):
    """With shards limited to 60 characters, the words beginning "tr" are split ("tra", "tre", "tro" …), a word
    no longer than its prefix keeps the short key, a single word too large for any shard stands alone, and the
    page's rule for choosing shards (a key that begins the word asked for, or begins with it) finds every word."""
    from narkomindel import search

    monkeypatch.setattr(search, "SHARD_LIMIT", 60)
    postings = {w: [1, 2, 3] for w in ("tr", "trade", "treaty", "trotsky", "troops", "truce", "armistice", "a")}
    postings["the"] = list(range(500))  # one word larger than any shard may be
    sharded = search.shards(postings)
    assert {w for terms in sharded.values() for w in terms} == set(postings)
    assert sum(len(terms) for terms in sharded.values()) == len(postings)  # each word in one shard only
    assert "tr" in sharded and set(sharded["tr"]) == {"tr"}
    assert {"tra", "tre", "tro", "tru"} <= set(sharded)
    assert sharded["tro"] == {"troops": [1, 2, 3], "trotsky": [1, 2, 3]}
    for key, terms in sharded.items():
        assert all(word.startswith(key) for word in terms)
        assert len(json.dumps(terms, separators=(",", ":"))) <= 60 or len(terms) == 1
    for word in postings:
        for typed in (word[:1], word[:3], word):
            chosen = [k for k in sharded if typed.startswith(k) or k.startswith(typed)]
            assert any(word in sharded[k] for k in chosen), (word, typed)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text("abtr", min_size=1, max_size=5),
                       st.lists(st.integers(0, 10**7), min_size=1, max_size=30).map(sorted), min_size=1,
                       max_size=25),
       st.integers(20, 400))
def test_no_shard_is_larger_than_the_limit_unless_it_holds_one_word_or_words_no_longer_than_its_key(
        postings, limit):
    """The size of a shard is reckoned from its words' record numbers without writing it: it must be the size
    of the shard as written, whatever the numbers' lengths (a word is never filed without a record)."""
    from narkomindel import search

    original = search.SHARD_LIMIT
    search.SHARD_LIMIT = limit
    try:
        sharded = search.shards(postings)
    finally:
        search.SHARD_LIMIT = original
    assert {w for terms in sharded.values() for w in terms} == set(postings)
    for key, terms in sharded.items():
        written = len(json.dumps({w: list(f) for w, f in terms.items()}, separators=(",", ":")))
        assert written <= limit or len(terms) == 1 or all(len(w) <= len(key) for w in terms), (key, terms)


def test_an_update_reads_the_indexed_documents_names_and_keys_without_their_words():
    """At 10,000 documents, reading them through the table read every document's words from the disk."""
    import sqlite3

    from narkomindel.search import SearchStore

    connection = sqlite3.connect(":memory:")
    store = SearchStore(connection, "key")
    store.put_document(0, "a.xml", "k", ["word"])
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    assert store.documents() == [("a.xml", "k")]
    connection.set_trace_callback(None)
    plans = [" ".join(str(row[-1]) for row in connection.execute("EXPLAIN QUERY PLAN " + statement))
             for statement in statements if statement.lstrip().upper().startswith("SELECT")]
    assert plans and all("COVERING INDEX" in plan for plan in plans), plans
