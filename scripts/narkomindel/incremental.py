"""What the last build made from what: content hashes kept in the build directory, so that a rebuild redoes only
the outputs whose inputs changed and takes every other file from the previous build, unchanged.

An output's key is the hash of everything it is made from (the toolchain — stylesheets, schema, package — the
edition header, the document, and for a page the catalogue entries it shows). Equal keys mean equal bytes, so a
rebuild gives exactly what a clean build gives."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import time
from dataclasses import dataclass, field
from functools import cached_property
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson

from . import __version__
from .output import files_below
from .splice import Piece, write_pieces

STATE = ".narkomindel-state.json"
# The shape of the state: a state of another shape is not read (the build then makes everything, as without one).
STATE_FORMAT = 3
# The documents' catalogue entries, by key, so that no build holds them all in memory.
ENTRIES = ".narkomindel-entries.sqlite"
# What each edition in the folder was last built from, apart, so that a rebuild with nothing changed reads only this.
INPUTS = ".narkomindel-inputs.json"
# Each source file's content hash, with what the file system said of the file when it was hashed (see Hashes).
HASHES = ".narkomindel-hashes.json"
# A file written this shortly before it was hashed may have been written again in the same tick of a coarse file
# system clock, unseen: it is hashed again next time.
RACY_NS = 2_000_000_000


def digest(*parts: str | bytes) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def folder_digest(folder: Path, pattern: str = "**/*") -> str:
    """The names and contents of the files below `folder`."""
    files = sorted(p for p in folder.glob(pattern) if p.is_file())
    return digest(*(part for p in files for part in (str(p.relative_to(folder)), p.read_bytes())))


def toolchain_digest(xslt: Path, schema: Path) -> str:
    """What every output depends on besides the edition: stylesheets, schema, and the package's own code."""
    package = Path(__file__).parent
    return digest(__version__, folder_digest(xslt), folder_digest(schema), folder_digest(package, "*.py"))


@dataclass
class State:
    """files: for each edition folder (html, text, print), the files made for each document, their names below
    the folder → their keys, so that a rebuild keeps an unchanged document's files without working their names
    out again; outputs: the other files' keys, by path below the build directory; groups: the outputs made
    together by one step from the whole edition (its name → [key, [its files]]); entries: document file name →
    what the build needs to know of its catalogue entry without reading it (see build.Entry; the entry itself is
    in the Entries store); checks: what validation keeps between runs (validate.Memo, as data); built: the
    folders the build wrote, whose outputs were made from these entries (another folder's were kept from an
    earlier build); layouts: the pieces of each file written piece by piece (see splice), by its path below the
    build directory."""

    outputs: dict[str, str] = field(default_factory=dict)
    entries: dict[str, list[str]] = field(default_factory=dict)
    checks: dict[str, dict[str, object]] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # format → digest of every input of its last build
    groups: dict[str, list] = field(default_factory=dict)
    built: list[str] = field(default_factory=list)
    files: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    layouts: dict[str, list] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> State:
        """The state a previous build left, or an empty one (a missing or damaged state only costs time)."""
        try:
            data = orjson.loads((folder / STATE).read_bytes())
            if data.get("format") != STATE_FORMAT:
                return cls()
            return cls(dict(data["outputs"]), dict(data["entries"]), dict(data["checks"]), dict(data["inputs"]),
                       dict(data["groups"]), [str(f) for f in data["built"]],
                       {str(k): dict(v) for k, v in data["files"].items()}, dict(data["layouts"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    @staticmethod
    def load_inputs(folder: Path) -> dict[str, str]:
        """Format → digest of the inputs of its last build, without reading the rest of the state."""
        try:
            data = orjson.loads((folder / INPUTS).read_bytes())
            return {str(k): str(v) for k, v in data.items()}
        except (OSError, ValueError, AttributeError):
            return {}

    @staticmethod
    def forget(folder: Path) -> None:
        """Remove the record of the last build, just before a rebuild moves its files into place: should that be
        cut short, the next build makes everything again instead of trusting a record of files now replaced."""
        for name in (INPUTS, STATE):
            (folder / name).unlink(missing_ok=True)

    def save(self, folder: Path) -> None:
        _write_json(folder / STATE, {"format": STATE_FORMAT, "files": self.files, "outputs": self.outputs,
                                     "entries": self.entries, "checks": self.checks, "inputs": self.inputs,
                                     "groups": self.groups, "built": self.built, "layouts": self.layouts})
        _write_json(folder / INPUTS, self.inputs)


@dataclass
class Hashes:
    """The content hashes of the source files, kept between builds with each file's size, times, inode and device
    when it was hashed: a file that still has them, and that was last written well before it was hashed, is not read
    again (the rule git follows for its index). Any write changes the file's ctime, which no program can set."""

    known: dict[str, list]
    now: dict[str, list] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Hashes:
        """What the last build in `folder` hashed; nothing if missing or damaged (which costs only time)."""
        try:
            known = orjson.loads((folder / HASHES).read_bytes())
        except (OSError, ValueError):
            known = {}
        return cls(known if isinstance(known, dict) else {})

    def of(self, path: Path, hash_file: Callable[[Path], str], name: str | None = None) -> str:
        """The hash of the file, from what is known of it if it cannot have changed since, else `hash_file(path)`.
        What is known of it is kept under `name` (by default the file's name, unique in a folder)."""
        name = name or path.name
        status = path.stat()
        signature = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev]
        entry = self.known.get(name)
        if (isinstance(entry, list) and len(entry) == 7 and entry[:5] == signature
                and isinstance(entry[6], int) and max(signature[1:3]) < entry[6] - RACY_NS):
            self.now[name] = entry
            return entry[5]
        hashed_at = time.time_ns()  # before the reading: a write during it makes the file racy, not trusted
        found = hash_file(path)
        self.now[name] = [*signature, found, hashed_at]
        return found

    def save(self, folder: Path) -> None:
        """Keep what this build hashed, for the next, if anything differs."""
        if self.now != self.known:
            _write_json(folder / HASHES, self.now)


def _write_json(path: Path, data: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    # orjson: a large edition's state is tens of MB, written ten times faster than by the json module.
    temporary.write_bytes(orjson.dumps(data))
    os.replace(temporary, path)


@dataclass
class Reuse:
    """Takes an output over from the previous build when it was made from the same inputs, and records every
    key. A file taken over stays where it is (`kept`: its name below the edition's folder); the folder this
    build writes (`staging`) holds only what is new (see output.staged)."""

    previous_folder: Path
    previous: State
    current: State
    prefix: str
    staging: Path
    kept: set[str] = field(default_factory=set)

    @cached_property
    def present(self) -> set[str]:
        """The files of the previous build's folder: a file an editor removed from it is made again."""
        return files_below(self.previous_folder)

    def take(self, relative: str, key: str) -> bool:
        """Keep the previous build's file `relative` if its key is `key`; True if it was kept. The key is recorded
        for the next build, kept or not."""
        name = f"{self.prefix}/{relative}"
        self.current.outputs[name] = key
        return self.previous.outputs.get(name) == key and self.keep([relative])

    def take_document(self, document: str, outputs: list[tuple[list[str], str]]) -> list[bool]:
        """Record the files a document makes in this folder, output by output (the names of the files made
        together, and the key they share): for each output, True if the previous build's files were made from
        the same inputs and are all kept."""
        before = self.previous.files.get(self.prefix, {}).get(document, {})
        made: dict[str, str] = {}
        taken = []
        for relatives, key in outputs:
            made.update(dict.fromkeys(relatives, key))
            taken.append(all(before.get(relative) == key for relative in relatives) and self.keep(relatives))
        self.current.files.setdefault(self.prefix, {})[document] = made
        return taken

    def carry(self, documents: Iterable[str]) -> set[str]:
        """Keep the previous build's files of these documents, which the caller knows to be made from the same
        inputs as then, with the keys they had: the documents whose files were all kept. A document is left out if
        one of its files is unknown or missing, and all are if the previous build did not write this folder (its
        files may be older)."""
        if self.prefix not in self.previous.built:
            return set()
        made, mine = self.previous.files.get(self.prefix, {}), self.current.files.setdefault(self.prefix, {})
        carried = set()
        for document in documents:
            files = made.get(document)
            if files is not None and self.keep(files):
                mine[document] = files
                carried.add(document)
        return carried

    def document_key(self, document: str, relative: str) -> str:
        """The key of this build's file `relative`, made for `document` (once taken or carried)."""
        return self.current.files[self.prefix][document][relative]

    def take_group(self, group: str, key: str) -> bool:
        """Keep every file the previous build's step `group` made, if it was made from the same inputs (`key`)."""
        known = self.previous.groups.get(f"{self.prefix}/{group}")
        if not known or known[0] != key or not self.keep(known[1]):
            return False
        self.current.groups[f"{self.prefix}/{group}"] = known
        return True

    def keep(self, names: Collection[str]) -> bool:
        """Keep these files of the previous build, all or (if one is missing) none; True if kept."""
        if not self.present.issuperset(names):
            return False
        self.kept.update(names)
        return True

    def record_group(self, group: str, key: str, files: list[str]) -> None:
        """What the step `group` made now (file names below the edition's folder), for the next build."""
        self.current.groups[f"{self.prefix}/{group}"] = [key, sorted(files)]

    def write_pieces(self, relative: str, pieces: Iterable[Piece]) -> None:
        """Write this build's file `relative` piece by piece, copying from the previous build's file the pieces it
        holds (see splice.write_pieces); its layout is kept for the next build."""
        name = f"{self.prefix}/{relative}"
        layout = self.previous.layouts.get(name) if relative in self.present else None
        self.current.layouts[name] = write_pieces(self.staging / relative, pieces, self.previous_folder / relative,
                                                  layout)

    def path(self, relative: str) -> Path:
        """Where this build's file `relative` is now: new, or kept in the previous build's folder."""
        new = self.staging / relative
        return self.previous_folder / relative if relative in self.kept and not new.exists() else new


class Entries:
    """The catalogue entries of the documents by key (see build.read_edition), each with its outline (what the
    stylesheets read of it, see build.outline), in one SQLite file in the build directory: a build reads an entry
    when an output needs it and holds none of them all at once. A missing or damaged file only costs time: the
    entries are made again."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        # No waiting for the disk at each commit: like the build's other records, the store survives the build
        # being stopped, and a store damaged by a power cut is made anew. Waiting was a quarter of a second of
        # every rebuild (the previous build's writes still on their way to the disk).
        self._connection.execute("PRAGMA synchronous = OFF")
        self._connection.execute("CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, xml TEXT NOT NULL)")
        # Kept beside the entry, not made from it at each use: a page's small catalogue, the side-by-side pages and
        # the files of the whole outline read thousands of outlines, and making one means parsing the whole entry
        # with the words of its text (0.7 ms a document at 10,000 documents).
        self._connection.execute("CREATE TABLE IF NOT EXISTS outline (key TEXT PRIMARY KEY, xml TEXT NOT NULL)")
        # Texts made from entries were kept here by earlier versions; the files written piece by piece (see
        # splice) need them no more.
        self._connection.execute("DROP TABLE IF EXISTS derived")

    @classmethod
    def in_memory(cls) -> Entries:
        """A store that lasts as long as this object (for an edition read without a build directory)."""
        return cls(sqlite3.connect(":memory:"))

    @classmethod
    @contextmanager
    def opened(cls, path: Path) -> Iterator[Entries]:
        """The store at `path` (created if missing, made anew if damaged); what was put in it is saved when the
        block ends without an error."""
        try:
            store = cls(sqlite3.connect(str(path)))
            store.keys()
        except sqlite3.DatabaseError:
            path.unlink()
            store = cls(sqlite3.connect(str(path)))
        try:
            yield store
            store._connection.commit()
        except sqlite3.Error as exc:
            # A full disk, or a store damaged where the first reading did not reach: the build stops, unwritten.
            raise OSError(errno.EIO, f"the build's store of catalogue entries cannot be used ({exc}); if the disk "
                          "has room, delete this file and build again (the build makes it anew)", str(path)) from exc
        finally:
            store._connection.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """For what else the build keeps in the same file, committed with the entries (see search.SearchStore)."""
        return self._connection

    def keys(self) -> set[str]:
        """The keys of the entries stored with their outlines."""
        return {key for (key,) in self._connection.execute("SELECT key FROM entry JOIN outline USING (key)")}

    def get(self, key: str) -> str:
        return self._read("entry", key)

    def outline(self, key: str) -> str:
        return self._read("outline", key)

    def _read(self, table: str, key: str) -> str:
        row = self._connection.execute(f"SELECT xml FROM {table} WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return row[0]

    def put(self, key: str, xml: str, outline: str) -> None:
        """Store an entry and its outline."""
        self._connection.execute("INSERT OR REPLACE INTO entry (key, xml) VALUES (?, ?)", (key, xml))
        self._connection.execute("INSERT OR REPLACE INTO outline (key, xml) VALUES (?, ?)", (key, outline))

    def keep_only(self, keys: Collection[str], known: Collection[str] = ()) -> None:
        """Forget every entry but these (the entries of the documents of this build). `known`: the keys the store
        held before this build added any (see keys): those not kept are deleted by their keys, and the tables are
        read through only if something else is left (an entry kept by an earlier version, say), which spares a
        rebuild reading every key again."""
        kept = set(keys)
        replaced = [(key,) for key in known if key not in kept]
        for table in ("entry", "outline"):
            self._connection.executemany(f"DELETE FROM {table} WHERE key = ?", replaced)
        rows = self._connection.execute("SELECT (SELECT count(*) FROM entry), (SELECT count(*) FROM outline)")
        if rows.fetchone() == (len(kept), len(kept)):
            return
        for table in ("entry", "outline"):
            gone = [(key,) for (key,) in self._connection.execute(f"SELECT key FROM {table}") if key not in kept]
            self._connection.executemany(f"DELETE FROM {table} WHERE key = ?", gone)
