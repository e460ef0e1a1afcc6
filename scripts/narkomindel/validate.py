"""Validation of edition files: well-formedness, RELAX NG, Schematron, and the checks that need Python."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from . import corpus as corpus_checks
from . import __version__, dates, hygiene, parallel, schema
from .findings import Finding, Severity, error
from .xmlio import Parsed, parse


# Up to this many files, their parsed trees are kept between the two passes instead of parsed again.
KEEP_PARSED = 200


class InputError(Exception):
    """A file or directory could not be read at all: a usage or I/O problem, not a finding."""


def collect(paths: Sequence[Path]) -> list[Path]:
    """The XML files named, directories expanded to their *.xml files, in a stable order."""
    return _collected(paths)[0]


def _collected(paths: Sequence[Path], listing: list[Path] | None = None
               ) -> tuple[list[Path], set[Path], dict[Path, list[Path]]]:
    """The XML files named (see collect); the same by their folders' real paths; and the *.xml files of each of
    those folders (every file a named one may point at), each folder listed once. `listing`: the *.xml files of
    the one folder named, by name, if listed already."""
    files: list[Path] = []
    named: set[Path] = set()
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        if path.is_dir():
            listed = listing if listing is not None and len(paths) == 1 else xml_files(path)
            files += listed
            real = path.resolve()
            if real not in folders:
                folders[real] = listed if real == path else xml_files(real)
            named.update(folders[real])
        elif path.is_file():
            files.append(path)
            real = path.parent.resolve()
            if real not in folders:
                folders[real] = xml_files(real)
            named.add(real / path.name)
        else:
            raise InputError(f"{path}: no such file or directory")
    if len(paths) != 1 or not paths[0].is_dir():  # one folder's listing is in order already
        files = sorted(set(files), key=os.path.split)
    return files, named, folders


def xml_files(folder: Path) -> list[Path]:
    """The *.xml files of a folder, by name. An edition's folder may hold tens of thousands of files: Path.glob
    lists them several times slower, and joining each name to the folder (folder / name) twice slower."""
    return sorted((path for path in folder.iterdir() if path.name.endswith(".xml")), key=lambda path: path.name)


@dataclass
class Memo:
    """What a validation run can keep for the next, by each file's key (its content, name, the schema and the
    checking code): the findings of the checks that look at one file alone; the file's part of the corpus index
    (its ids, pointers back, uses); and the findings of the checks across files, with the corpus they were made
    against. A file unchanged since is then neither parsed nor checked again, unless the rest of the edition
    changed what it points at."""

    own: dict[str, list[Finding]] = field(default_factory=dict)
    indexes: dict[str, corpus_checks.FileIndex] = field(default_factory=dict)
    across: dict[str, tuple[str, list[Finding]]] = field(default_factory=dict)
    # The own findings and indexes as read (see from_data): a key fixes both, so what was read is what as_data
    # would write again, and 10,000 files' worth need not be made into data again at every run.
    read: dict[str, Mapping[str, object]] = field(default_factory=dict, repr=False, compare=False)

    def keep_only(self, keys: Collection[str]) -> None:
        """Forget every file but these (the files of the last run: others are gone or changed)."""
        for table in (self.own, self.indexes, self.across):
            for key in [k for k in table if k not in keys]:
                del table[key]

    def as_data(self) -> dict[str, dict[str, object]]:
        """The memo as JSON data."""
        own, indexes = self.read.get("own", {}), self.read.get("indexes", {})
        return {"own": {k: own[k] if k in own else [f.as_dict() for f in v] for k, v in self.own.items()},
                "indexes": {k: indexes[k] if k in indexes else corpus_checks.index_as_data(v)
                            for k, v in self.indexes.items()},
                "across": {k: [c, [f.as_dict() for f in v]] for k, (c, v) in self.across.items()}}

    @classmethod
    def from_data(cls, data: Mapping[str, Mapping[str, object]]) -> Memo:
        try:
            own, indexes = data.get("own", {}), data.get("indexes", {})
            return cls({k: [Finding.from_dict(f) for f in v] for k, v in own.items()},
                       {k: corpus_checks.index_from_data(v) for k, v in indexes.items()},
                       {k: (c, [Finding.from_dict(f) for f in v]) for k, (c, v) in data.get("across", {}).items()},
                       {"own": own, "indexes": indexes})
        except (AttributeError, KeyError, TypeError, ValueError):
            return cls()  # a damaged memo only costs time


def validate(paths: Sequence[Path], schema_dir: Path, tei_all: Path | None = None, *,
             memo: Memo | None = None, jobs: int | None = 1,
             contents: Mapping[Path, str] | None = None, listing: list[Path] | None = None) -> list[Finding]:
    """Every problem in the named files. References are resolved against every file in their directories, so a
    single document can be checked against the whole edition.

    The checks that look at one file alone are the costly part: with `memo`, their findings are kept by the
    file's content and the schema's, and a file unchanged since is not checked again (nor parsed, if nothing it
    points at changed); afterwards the memo holds the files of this run only. With `jobs` above 1 the checks run
    on that many cores. No parsed tree is kept beyond the check of its file. `contents` may give the hash of
    files already read (by absolute path, see `content_digest`), so that they are not read again for the memo;
    `listing`, the *.xml files of the one folder named, by name, if it was listed already."""
    targets, named, folders = _collected(paths, listing)
    if not targets:
        raise InputError("no XML files to validate in " + ", ".join(str(p) for p in paths))
    official = _load_official(tei_all) if tei_all else None
    findings: list[Finding] = []
    usable: list[Path] = []
    unreadable: set[str] = set()
    kept: dict[Path, Parsed] = {}
    listings = list(folders.values())
    if len(listings) == 1 and named.issubset(listings[0]):
        neighbours = listings[0]  # the edition's folder, listed by name
    else:
        neighbours = sorted({p for files in folders.values() for p in files} | named, key=lambda p: p.name)
    fingerprint = fingerprint_of(schema_dir, tei_all)
    cwd = os.getcwd()
    keys = {path: key for path in neighbours if (key := _key(fingerprint, path, contents or {}, cwd))} \
        if memo is not None else {}

    # The files to check that the memo does not know: each read once for its own checks and its part of the
    # corpus, on every core when they are many (below KEEP_PARSED, here, keeping the trees for the checks across).
    todo = [path for path in neighbours if path in named and (memo is None or keys.get(path) not in memo.own
                                                              or keys.get(path) not in memo.indexes)]
    # Compiled only if a file has to be checked: a rebuild after a change to nothing but text need not.
    schemas = _load_schemas(schema_dir) if todo else None
    own: dict[Path, list[Finding]] = {}
    indexes: dict[Path, corpus_checks.FileIndex] = {}
    pointers: dict[Path, corpus_checks.Pointers] = {}  # of the files read in this run
    if len(named) <= KEEP_PARSED:
        for path in todo:
            result = _read(path)
            if isinstance(result, Parsed):
                kept[path] = result
            own[path], file_index, pointers[path] = _checked_and_indexed(result, schemas, official)
            if file_index is not None:
                indexes[path] = file_index
    elif todo:
        try:
            shared: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = {}
            for path, (found, file_index, file_pointers) in zip(todo, parallel.run(_check_one, todo, jobs=jobs,
                                                                     initializer=_start_checker,
                                                                     initargs=(schema_dir, tei_all),
                                                                     local=lambda: _start_checker(
                                                                         schema_dir, tei_all, schemas, official))):
                own[path] = found
                # Held until the checks across files: each pointer once, the same object for every file that
                # has it (most point into the edition's header), so that 10,000 files' pointers take little room.
                pointers[path] = tuple(shared.setdefault(pointer, pointer) for pointer in dict.fromkeys(file_pointers))
                if file_index is not None:
                    indexes[path] = file_index
        except OSError as exc:
            raise InputError(f"{exc.filename}: cannot be read ({exc.strerror or exc}); check the path and "
                             "permissions") from exc
    for path in neighbours:
        key = keys.get(path)
        if path in own and path not in indexes:
            # A broken file is reported once, where it is broken: pointers into it are not called dangling.
            findings += own.pop(path)
            unreadable.add(path.name)
            continue
        if path not in indexes and memo is not None and key in memo.indexes:
            indexes[path] = memo.indexes[key]
        if path not in indexes:
            result = _read(path) if path in named else _read_neighbour(path)
            if isinstance(result, Finding):
                findings.append(result)
                unreadable.add(path.name)
                continue
            if path in named and len(named) <= KEEP_PARSED:
                kept[path] = result
            indexes[path], pointers[path] = corpus_checks.indexed(result)
        usable.append(path)
        if memo is not None and key:
            memo.indexes[key] = indexes[path]

    corpus = corpus_checks.build_from((path.name, found) for path, found in indexes.items())
    corpus = replace(corpus, unreadable=frozenset(unreadable))
    report_in = {p.name for p in usable if p in named}
    checked = [p for p in usable if p in named]
    # What the checks across files were made against: the corpus and the files whose findings are reported.
    against = hashlib.sha256("\0".join([corpus_checks.corpus_digest(corpus), *sorted(report_in)]).encode()).hexdigest() \
        if memo is not None else ""
    if memo is not None:
        memo.own.update({keys[path]: found for path, found in own.items() if path in keys})
    resolved: dict[tuple[str, ...], bool] = {}
    for path in checked:
        findings += own[path] if path in own else memo.own[keys[path]]  # type: ignore[union-attr]
        known = memo.across.get(keys.get(path, "")) if memo is not None else None
        if known is not None and known[0] == against:
            findings += known[1]
            continue
        if path in pointers and corpus_checks.clean_across(corpus, path.name, indexes[path], pointers[path],
                                                           resolved):
            across = []  # known clean without parsing the file again
        else:
            parsed = kept.get(path) or parse(path)
            assert isinstance(parsed, Parsed)
            across = (corpus_checks.check_duplicates(corpus, parsed, report_in)
                      + corpus_checks.check_references(corpus, parsed)
                      + corpus_checks.check_parallels(corpus, parsed))
        if memo is not None and path in keys:
            memo.across[keys[path]] = (against, across)
        findings += across
    if memo is not None:
        memo.keep_only(set(keys.values()))
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.rule, f.message))


def _key(fingerprint: str, path: Path, contents: Mapping[Path, str], cwd: str) -> str | None:
    """The file's key, or None if it cannot be read (the check that reads it then says why)."""
    try:
        return file_key(fingerprint, path, contents.get(path), cwd)
    except OSError:
        return None


def check_file(parsed: Parsed, schemas: schema.Schemas, official: etree.RelaxNG | None = None) -> list[Finding]:
    """The checks that look at one file alone."""
    findings = schema.check_grammar(schemas.relaxng_for(parsed), parsed, known=schemas.vocabulary)
    if official is not None:
        findings += schema.check_grammar(official, parsed, rule="tei-all")
    findings += schema.check_rules(schemas.schematron, parsed)
    findings += dates.check(parsed)
    findings += hygiene.check(parsed)
    findings += corpus_checks.check_file_name(parsed)
    return findings


def has_failures(findings: Iterable[Finding], strict: bool) -> bool:
    return any(f.severity is Severity.ERROR or strict for f in findings)


def _read(path: Path) -> Parsed | Finding:
    try:
        return parse(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); check the path and permissions") from exc


def _read_neighbour(path: Path) -> Parsed | Finding:
    try:
        return parse(path)
    except OSError as exc:
        return error(path, 1, 1, "xml-wellformed", f"cannot be read ({exc.strerror or exc}): check the file's "
                                                   "permissions")


# Each worker process compiles the schemas once; the checks then run on file after file.
_CHECKER: dict[str, object] = {}


def _start_checker(schema_dir: Path, tei_all: Path | None, schemas: schema.Schemas | None = None,
                   official: etree.RelaxNG | None = None) -> None:
    """Get this process ready to check files: with the schemas given (compiled already in this process), or
    compiled here once."""
    if schemas is not None:
        _CHECKER.update({"for": (schema_dir, tei_all), "schemas": schemas, "official": official})
    elif _CHECKER.get("for") != (schema_dir, tei_all):
        _CHECKER.update({"for": (schema_dir, tei_all), "schemas": _load_schemas(schema_dir),
                         "official": _load_official(tei_all) if tei_all else None})


def _check_one(path: Path) -> tuple[list[Finding], corpus_checks.FileIndex | None, corpus_checks.Pointers]:
    return _checked_and_indexed(parse(path), _CHECKER["schemas"], _CHECKER["official"])  # type: ignore[arg-type]


def _checked_and_indexed(parsed: Parsed | Finding, schemas: schema.Schemas, official: etree.RelaxNG | None
                         ) -> tuple[list[Finding], corpus_checks.FileIndex | None, corpus_checks.Pointers]:
    """A file's own findings, its part of the corpus (None, and why, if it is not usable XML) and its
    pointers."""
    if isinstance(parsed, Finding):
        return [parsed], None, ()
    found, pointers = corpus_checks.indexed(parsed)
    return check_file(parsed, schemas, official), found, pointers


def fingerprint_of(schema_dir: Path, tei_all: Path | None) -> str:
    """What a file's own findings depend on besides the file: the schema, the checking code, tei_all."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in [*sorted(schema_dir.glob("*")), *sorted(package.glob("*.py")), *([tei_all] if tei_all else [])]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_key(fingerprint: str, path: Path, content: str | None = None, cwd: str | None = None) -> str:
    """What a file's findings depend on: the checks (`fingerprint`), where it is, and its content (its hash,
    `content_digest`, if already known). `cwd`, the working directory, if already known."""
    # The working directory is part of the key: findings name their file relative to it.
    cwd = cwd or os.getcwd()
    where = f"{cwd}\0{os.path.join(cwd, path)}\0"
    return hashlib.sha256((fingerprint + where + (content or content_digest(path))).encode()).hexdigest()


def content_digest(path: Path) -> str:
    """The hash of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_schemas(schema_dir: Path) -> schema.Schemas:
    try:
        return schema.load(schema_dir)
    except (OSError, etree.LxmlError) as exc:
        raise InputError(f"{schema_dir}: the project's schema cannot be loaded ({exc})") from exc


def _load_official(path: Path) -> etree.RelaxNG:
    if not path.is_file():
        raise InputError(f"{path}: the official TEI schema (tei_all.rng) is missing; put it there or drop "
                         "--tei-all")
    try:
        return etree.RelaxNG(etree.parse(str(path)))
    except etree.LxmlError as exc:
        raise InputError(f"{path}: not a usable RELAX NG schema ({exc})") from exc
