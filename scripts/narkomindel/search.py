"""The search index, in pieces, so that the search page loads little before its first result, whatever the size of
the edition: a manifest; the words, sharded by their first two letters, or more where a shard would be large
(accents and capitals folded as the page folds them), each word with the records it occurs in; and the records
(every paragraph, list item and note with the names it mentions, in order of date) in small chunks. The page loads
the shards of the words asked for, then only the chunks that hold the hits it shows first (twenty; more on
request). All pieces are scripts, not data files, so that the search works from disk too."""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .output import write_text

# The namespace of the catalogue that catalogue.xsl writes (one entry per document); the build and the data
# exports read it too.
CATALOGUE_NS = "urn:narkomindel:catalogue"
C = {"c": CATALOGUE_NS}
CHUNK = 50  # records per chunk: a few dozen KB each, so that the first results need little
SHARD_LIMIT = 32 * 1024  # characters: a shard of words larger than this is split by a longer prefix
WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """As the page folds: decomposed, marks dropped, lower case."""
    if text.isascii():
        return text.lower()
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M")).lower()


@lru_cache(maxsize=1 << 17)
def _folded_words(token: str) -> tuple[str, ...]:
    return tuple(WORD.findall(fold(token)))


def words(text: str) -> list[str]:
    """The folded words of a text. Folding works character by character, so it is done once per distinct
    whitespace-separated token: an edition repeats its words."""
    return [word for token in text.split() for word in _folded_words(token)]


def word_set(*texts: str) -> set[str]:
    """The distinct folded words of the texts (each distinct token folded once)."""
    return {word for text in texts for token in set(text.split()) for word in _folded_words(token)}


def shard_key(word: str) -> str:
    return word[:2]


def shards(postings: dict[str, Sequence[int]]) -> dict[str, dict[str, Sequence[int]]]:
    """The words grouped by their first two letters; a group larger than SHARD_LIMIT is split by its words' first
    three letters, and so on, so that no shard grows with the edition unless one word alone does. Words no
    longer than the prefix keep the shorter key. The page loads every shard whose key begins the word asked
    for, or begins with it."""
    grouped: dict[str, dict[str, Sequence[int]]] = {}
    for word in sorted(postings):
        grouped.setdefault(shard_key(word), {})[word] = postings[word]
    # Each word's share of its shard's JSON ("word":[1,2],), measured once: a shard's size is a sum, not a dump.
    size = {word: len(json.dumps(word)) + 3 + len(found) + sum(map(len, map(str, found)))
            for word, found in postings.items()}
    done: dict[str, dict[str, Sequence[int]]] = {}
    pending = sorted(grouped.items())
    while pending:
        key, terms = pending.pop()
        if 1 + sum(size[w] for w in terms) <= SHARD_LIMIT or all(len(w) <= len(key) for w in terms):
            done[key] = terms
            continue
        longer: dict[str, dict[str, Sequence[int]]] = {}
        for word, found in terms.items():
            if len(word) <= len(key):
                done.setdefault(key, {})[word] = found
            else:
                longer.setdefault(word[:len(key) + 1], {})[word] = found
        pending += sorted(longer.items())
    return dict(sorted(done.items()))


def shard_file(key: str) -> str:
    """A file name for a shard, whatever script its letters are in."""
    return "terms-" + "-".join(f"{ord(c):x}" for c in key) + ".js"


def records(entries: Iterable[etree._Element]) -> Iterator[dict[str, str]]:
    """Every citable unit (paragraph, list item) and note of every document (the catalogue's entries, in order),
    with the names it mentions in all their index forms."""
    note_tag = f"{{{CATALOGUE_NS}}}note"
    for doc in entries:
        document = {"page": doc.get("href"), "title": doc.findtext("c:title", namespaces=C), "date": doc.get("when"),
                    "julian": doc.get("julian"), "type": doc.get("type")}
        for unit in doc.iterchildren(f"{{{CATALOGUE_NS}}}paragraph", note_tag):
            note = unit.tag == note_tag
            yield {**document, "kind": "note" if note else unit.get("kind"), "p": unit.get("n"),
                   "anchor": unit.get("anchor"),
                   "label": (f"note {unit.get('n')}" + (f" to ¶ {unit.get('unit')}" if unit.get("unit") else "")
                             if note else f"¶ {unit.get('n')}"),
                   "names": unit.get("names", ""), "text": unit.text or ""}


def assign(name: str, key: str | int, value: object) -> str:
    """A script that files `value` under `key` in the global object `name`."""
    return (f"(window.{name} = window.{name} || {{}})[{json.dumps(key)}] = "
            + json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ";\n")


def write_search_index(entries: Iterable[etree._Element], target: Path) -> None:
    """The index of the catalogue's entries (a catalogue element, or its entries one by one in order) in
    `target`/search/. The records are written a chunk at a time as the entries are read; only the words' postings
    are held to the end."""
    folder = target / "search"
    folder.mkdir()
    postings: dict[str, array] = {}
    years: set[str] = set()
    chunk: list[dict[str, str]] = []
    chunks = 0
    for number, record in enumerate(records(entries)):
        for word in word_set(record["text"], record["names"].replace(" | ", " ")):
            found = postings.get(word)
            if found is None:
                postings[word] = found = array("L")
            found.append(number)
        if record["date"]:
            years.add(record["date"][:4])
        chunk.append(record)
        if len(chunk) == CHUNK:
            write_text(folder / f"records-{chunks}.js", assign("NARKOMINDEL_SEARCH_RECORDS", chunks, chunk))
            chunk, chunks = [], chunks + 1
    if chunk:
        write_text(folder / f"records-{chunks}.js", assign("NARKOMINDEL_SEARCH_RECORDS", chunks, chunk))
        chunks += 1
    sharded = shards(postings)
    for key, terms in sharded.items():
        write_text(folder / shard_file(key), assign("NARKOMINDEL_SEARCH_TERMS", key,
                                                    {word: found.tolist() for word, found in terms.items()}))
    manifest = {"chunk": CHUNK, "chunks": chunks, "shards": {k: shard_file(k) for k in sharded},
                "years": sorted(years)}
    write_text(folder / "manifest.js", "window.NARKOMINDEL_SEARCH_MANIFEST = "
               + json.dumps(manifest, ensure_ascii=False, sort_keys=True) + ";\n")
