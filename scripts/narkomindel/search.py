"""The search index, in pieces, so that the search page loads little before its first result, whatever the size of
the edition: a manifest; the words, sharded by their first two letters, or more where a shard would be large
(accents and capitals folded as the page folds them), each word with the records it occurs in; and the records
(every paragraph, list item and note with the names it mentions, in order of date) in chunks of a few documents.
The page loads the shards of the words asked for, then only the chunks that hold the hits it shows first (twenty;
more on request). All pieces are scripts, not data files, so that the search works from disk too.

A record's number tells its document's place and its own place in the document (see stride_for), so that a
rebuild after a change to a few documents rewrites only their chunks and the shards of their words
(update_search_index)."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .output import write_text

# The namespace of the catalogue that catalogue.xsl writes (one entry per document); the build and the data
# exports read it too.
CATALOGUE_NS = "urn:narkomindel:catalogue"
C = {"c": CATALOGUE_NS}
DOCUMENTS = 5  # documents per chunk of records: a few dozen KB, so that the first results need little
MIN_STRIDE = 100
MAX_CHANGED = 200  # documents: beyond this many changed, the index is written anew, not updated
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
    size = {word: len(json.dumps(word)) + 3 + len(found) + _digits(found) for word, found in postings.items()}
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


def _digits(found: Sequence[int]) -> int:
    """How many digits the record numbers of a word have in all, counted by magnitude (they are in ascending
    order): the postings of a common word in a large edition are long."""
    total, power = len(found), 10
    while found and found[-1] >= power:
        total += len(found) - bisect_left(found, power)
        power *= 10
    return total


def shard_file(key: str) -> str:
    """A file name for a shard, whatever script its letters are in."""
    return "terms-" + "-".join(f"{ord(c):x}" for c in key) + ".js"


def records(entry: etree._Element) -> list[dict[str, str]]:
    """Every citable unit (paragraph, list item) and note of a document (its catalogue entry), in order, with the
    names it mentions in all their index forms."""
    note_tag = f"{{{CATALOGUE_NS}}}note"
    document = {"page": entry.get("href"), "title": entry.findtext("c:title", namespaces=C), "date": entry.get("when"),
                "julian": entry.get("julian"), "type": entry.get("type")}
    found = []
    for unit in entry.iterchildren(f"{{{CATALOGUE_NS}}}paragraph", note_tag):
        note = unit.tag == note_tag
        found.append({**document, "kind": "note" if note else unit.get("kind"), "p": unit.get("n"),
                      "anchor": unit.get("anchor"),
                      "label": (f"note {unit.get('n')}" + (f" to ¶ {unit.get('unit')}" if unit.get("unit") else "")
                                if note else f"¶ {unit.get('n')}"),
                      "names": unit.get("names", ""), "text": unit.text or ""})
    return found


def record_count(entry: etree._Element) -> int:
    """How many records a document gives (see records), without making them."""
    return sum(1 for _ in entry.iterchildren(f"{{{CATALOGUE_NS}}}paragraph", f"{{{CATALOGUE_NS}}}note"))


@dataclass(frozen=True)
class Share:
    """One document's share of the index: its records in order, and each word's records among them (their
    places in the document, from 0)."""

    records: list[dict[str, str]]
    words: dict[str, list[int]]


def share(entry: etree._Element) -> Share:
    found = records(entry)
    words: dict[str, list[int]] = {}
    for place, record in enumerate(found):
        for word in word_set(record["text"], record["names"].replace(" | ", " ")):
            words.setdefault(word, []).append(place)
    return Share(found, words)


def stride_for(most: int) -> int:
    """A record's number is its document's place in date order times the stride, plus its own place in the
    document; the stride is a power of ten above any document's count of records, so that a change inside one
    document renumbers no other record (record 3 of document 12 is 1203 at stride 100)."""
    stride = MIN_STRIDE
    while stride < most:
        stride *= 10
    return stride


def assign(name: str, key: str | int, value: object) -> str:
    """A script that files `value` under `key` in the global object `name`."""
    return (f"(window.{name} = window.{name} || {{}})[{json.dumps(key)}] = "
            + json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ";\n")


def records_file(chunk: int) -> str:
    return f"records-{chunk}.js"


def _write_chunk(folder: Path, chunk: int, documents: list[list[dict[str, str]]]) -> str:
    write_text(folder / records_file(chunk), assign("NARKOMINDEL_SEARCH_RECORDS", chunk, documents))
    return records_file(chunk)


def _write_shard(folder: Path, key: str, terms: Mapping[str, Sequence[int]]) -> str:
    write_text(folder / shard_file(key), assign("NARKOMINDEL_SEARCH_TERMS", key,
                                                {word: list(found) for word, found in terms.items()}))
    return shard_file(key)


def _write_manifest(folder: Path, stride: int, documents: int, shard_keys: Iterable[str], years: Iterable[str]) -> str:
    manifest = {"stride": stride, "documents": DOCUMENTS, "chunks": -(-documents // DOCUMENTS),
                "shards": {k: shard_file(k) for k in sorted(shard_keys)}, "years": sorted(set(years))}
    write_text(folder / "manifest.js", "window.NARKOMINDEL_SEARCH_MANIFEST = "
               + json.dumps(manifest, ensure_ascii=False, sort_keys=True) + ";\n")
    return "manifest.js"


def write_search_index(entries: Iterable[etree._Element], target: Path, stride: int | None = None,
                       kept: SearchStore | None = None, names: Sequence[tuple[str, str]] = ()) -> list[str]:
    """The index of the catalogue's entries (a catalogue element, or its entries one by one in date order) in
    `target`/search/: the names of its files. The records are written a few documents at a time as the entries
    are read; only the words' postings are held to the end. `stride` (see stride_for) is found from the entries
    if not given. With `kept`, what a later build needs to update the index in place of writing it anew is kept
    there, each document under its (file name, entry key) from `names`."""
    if stride is None:
        entries = list(entries)
        stride = stride_for(max(map(record_count, entries), default=0))
    folder = target / "search"
    folder.mkdir()
    if kept is not None:
        kept.clear()
    postings: dict[str, array] = {}
    years: set[str] = set()
    written: list[str] = []
    chunk: list[list[dict[str, str]]] = []
    documents = 0
    for place, entry in enumerate(entries):
        part = share(entry)
        if len(part.records) > stride:
            raise ValueError(f"{entry.get('href')}: {len(part.records)} records, more than the stride {stride}")
        base = place * stride
        for word, found in part.words.items():
            numbers = postings.get(word)
            if numbers is None:
                postings[word] = numbers = array("I")
            numbers.extend([base + n for n in found])
        if part.records and entry.get("when"):
            years.add(entry.get("when", "")[:4])
        if kept is not None:
            kept.put_document(place, *names[place], part.words)
        chunk.append(part.records)
        documents += 1
        if len(chunk) == DOCUMENTS:
            written.append(_write_chunk(folder, documents // DOCUMENTS - 1, chunk))
            chunk = []
    if chunk:
        written.append(_write_chunk(folder, documents // DOCUMENTS, chunk))
    sharded = shards(postings)
    written += [_write_shard(folder, key, terms) for key, terms in sharded.items()]
    written.append(_write_manifest(folder, stride, documents, sharded, years))
    if kept is not None:
        kept.put_words(postings.items())
        kept.set_made(stride, documents, sharded)
    return sorted(f"search/{name}" for name in written)


def update_search_index(kept: SearchStore, previous_key: str, target: Path, stride: int,
                        names: Sequence[tuple[str, str]], entry_at: Callable[[int], etree._Element],
                        years: Iterable[str], keep: Callable[[list[str]], bool]) -> list[str] | None:
    """The index of the previous build (made with `previous_key`, as `kept` remembers it) brought up to date in
    `target`/search/, if the documents are the same, in the same order, and few of them changed (their entry
    keys in `names`, (file name, key) by place, differ from the kept ones): the words of the changed documents
    are taken out of their postings and put in again, and only the shards of those words and the chunks of
    those documents are written; every other file is kept from the previous build (`keep`, by names). The
    names of the index's files, or None if it must be written anew (nothing is then changed in `kept`)."""
    made = kept.made()
    if made is None or made["key"] != previous_key or made["stride"] != stride or made["documents"] != len(names):
        return None
    before = kept.documents()
    if [name for name, _ in before] != [name for name, _ in names]:
        return None
    changed = [place for place, ((_, old), (_, new)) in enumerate(zip(before, names)) if old != new]
    if len(changed) > MAX_CHANGED:
        return None
    shares = {place: share(entry_at(place)) for place in changed}
    if any(len(part.records) > stride for part in shares.values()):
        return None
    chunks = -(-len(names) // DOCUMENTS)
    touched = _touched_postings(kept, stride, shares)
    groups = {shard_key(word) for word in touched}
    old_keys = [key for key in made["shards"] if shard_key(key) in groups]
    stale = {*(shard_file(k) for k in old_keys), *(records_file(place // DOCUMENTS) for place in changed),
             "manifest.js"}
    unchanged = [*(shard_file(k) for k in made["shards"]), *(records_file(c) for c in range(chunks))]
    if not keep([f"search/{name}" for name in unchanged if name not in stale]):
        return None
    folder = target / "search"
    folder.mkdir()
    new_keys: list[str] = []
    for group in sorted(groups):
        terms = {**kept.words_in(group), **touched}
        terms = {word: found for word, found in terms.items() if shard_key(word) == group and found}
        for key, shard in shards(terms).items():
            _write_shard(folder, key, shard)
            new_keys.append(key)
    for chunk in sorted({place // DOCUMENTS for place in changed}):
        places = range(chunk * DOCUMENTS, min(len(names), (chunk + 1) * DOCUMENTS))
        _write_chunk(folder, chunk, [shares[p].records if p in shares else records(entry_at(p)) for p in places])
    shard_keys = sorted({*(k for k in made["shards"] if shard_key(k) not in groups), *new_keys})
    _write_manifest(folder, stride, len(names), shard_keys, years)
    for place, part in shares.items():
        kept.put_document(place, *names[place], part.words)
    kept.put_words(touched.items())
    kept.set_made(stride, len(names), shard_keys)
    return sorted(f"search/{name}" for name in
                  (*(shard_file(k) for k in shard_keys), *(records_file(c) for c in range(chunks)), "manifest.js"))


def _touched_postings(kept: SearchStore, stride: int, shares: Mapping[int, Share]) -> dict[str, array]:
    """The postings of every word whose records in the changed documents are not what they were, renumbered. A
    word a document still has in the same paragraphs is left out: a change of one word rewrites the shards of
    that word, not of every word of the document."""
    touched: dict[str, array] = {}
    for place, part in sorted(shares.items()):
        for word in kept.document_words(place) | part.words.keys():
            found = touched.get(word)
            if found is None:
                found = kept.postings(word)
            start, end = bisect_left(found, place * stride), bisect_left(found, (place + 1) * stride)
            now = array("I", [place * stride + n for n in part.words.get(word, ())])
            if found[start:end] != now:
                found[start:end] = now
                touched[word] = found
    return touched


class SearchStore:
    """What the last build's search index was made from, kept in the build's store of catalogue entries (an
    SQLite connection, committed with it) so that the next build can update the index: each document's words,
    each word's records, and what was made (stride, count of documents, shards) under the key of the whole
    (`key`, the index this build makes)."""

    def __init__(self, connection: sqlite3.Connection, key: str) -> None:
        self._db = connection
        self.key = key
        for table in ("search_document (place INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL, "
                      "words TEXT NOT NULL)",
                      "search_word (word TEXT PRIMARY KEY, records BLOB NOT NULL)",
                      "search_made (one INTEGER PRIMARY KEY CHECK (one = 0), made TEXT NOT NULL)"):
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {table}")
        # The documents' names and keys apart from their words: an update reads them all, and through the table
        # itself that read every document's words from the disk (a tenth of a second at 10,000 documents).
        self._db.execute("CREATE INDEX IF NOT EXISTS search_document_names ON search_document (place, name, key)")

    def clear(self) -> None:
        for table in ("search_document", "search_word", "search_made"):
            self._db.execute(f"DELETE FROM {table}")

    def made(self) -> dict | None:
        row = self._db.execute("SELECT made FROM search_made").fetchone()
        return json.loads(row[0]) if row else None

    def set_made(self, stride: int, documents: int, shard_keys: Iterable[str]) -> None:
        made = {"key": self.key, "stride": stride, "documents": documents, "shards": sorted(shard_keys)}
        self._db.execute("INSERT OR REPLACE INTO search_made (one, made) VALUES (0, ?)", (json.dumps(made),))

    def put_document(self, place: int, name: str, key: str, words: Iterable[str]) -> None:
        self._db.execute("INSERT OR REPLACE INTO search_document (place, name, key, words) VALUES (?, ?, ?, ?)",
                         (place, name, key, " ".join(sorted(words))))

    def documents(self) -> list[tuple[str, str]]:
        """(file name, entry key) of each document, by place."""
        return [(name, key) for name, key in
                self._db.execute("SELECT name, key FROM search_document ORDER BY place")]

    def document_words(self, place: int) -> set[str]:
        row = self._db.execute("SELECT words FROM search_document WHERE place = ?", (place,)).fetchone()
        return set(row[0].split()) if row else set()

    def put_words(self, postings: Iterable[tuple[str, array]]) -> None:
        """Each word's records; a word found nowhere now is forgotten."""
        postings = list(postings)
        self._db.executemany("INSERT OR REPLACE INTO search_word (word, records) VALUES (?, ?)",
                             ((word, found.tobytes()) for word, found in postings if found))
        self._db.executemany("DELETE FROM search_word WHERE word = ?", ((word,) for word, found in postings if not found))

    def postings(self, word: str) -> array:
        row = self._db.execute("SELECT records FROM search_word WHERE word = ?", (word,)).fetchone()
        found = array("I")
        if row:
            found.frombytes(row[0])
        return found

    def words_in(self, group: str) -> dict[str, array]:
        """Every word of a shard group (see shard_key) with its records."""
        rows = (self._db.execute("SELECT word, records FROM search_word WHERE word = ?", (group,)) if len(group) < 2
                else self._db.execute("SELECT word, records FROM search_word WHERE word >= ? AND word < ?",
                                      (group, group + "\U0010ffff")))
        found: dict[str, array] = {}
        for word, data in rows:
            if shard_key(word) == group:
                found[word] = array("I")
                found[word].frombytes(data)
        return found
