"""Checks across the whole edition: unique ids, pointers that resolve to the right kind of thing, file names
that agree with the document's id and date, parallel translations linked both ways."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import orjson
from lxml import etree

from .findings import Finding, error
from .xmlio import NS, XML_ID, Parsed, position

EDITION_FILE = "edition.xml"
POINTER_ATTRIBUTES = ("ref", "target", "source", "corresp", "calendar", "datingMethod", "scheme", "resp", "who")
SAFE_SCHEMES = ("http", "https", "mailto")
FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")

# What a name's pointer must lead to: a persName to a person, and so on.
EXPECTED_TARGET = {
    ("persName", "ref"): {"person"},
    ("placeName", "ref"): {"place"},
    ("orgName", "ref"): {"org"},
    ("catRef", "target"): {"category"},
    ("catRef", "scheme"): {"taxonomy"},
    ("date", "calendar"): {"calendar"},
    ("date", "datingMethod"): {"calendar"},
}
RS_TARGET = {"person": {"person"}, "place": {"place"}, "org": {"org"}}


@dataclass(frozen=True)
class Use:
    """Where an id is declared: the file, the element's name and (for messages) its line."""

    file: str
    element: str
    line: int


@dataclass(frozen=True)
class Corpus:
    """What the checks across files need to know of every file, without keeping any parsed tree: the ids each
    file declares (with the kind of element), the files its @corresp point at, and every use of each id."""

    files: frozenset[str]
    ids: Mapping[str, Mapping[str, str]]
    corresp: Mapping[str, frozenset[str]]
    uses: Mapping[str, tuple[Use, ...]]
    unreadable: frozenset[str] = frozenset()  # files that exist but are not usable XML, reported where broken


# One file's part of the corpus: its ids (with their elements), the files its @corresp name, its uses of ids.
FileIndex = tuple[dict[str, str], frozenset[str], list[tuple[str, Use]]]
# A file's pointers, as the checks across files read them: (element's local name, attribute, its whole value,
# the element's @type). Kept only while a validation runs: they spare a second parse of every file that is clean.
Pointers = tuple[tuple[str, str, str, str], ...]
POINTER_SET = frozenset(POINTER_ATTRIBUTES)
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def indexed(parsed: Parsed) -> tuple[FileIndex, Pointers]:
    """One file's part of the corpus (its ids, the files its @corresp point at, its uses of ids) and its pointers,
    from one pass over its elements. Lines are lxml's (where a start tag ends): exact positions cost a pass over
    the text, and only messages need them."""
    ids: dict[str, str] = {}
    corresp: set[str] = set()
    uses: list[tuple[str, Use]] = []
    pointers: list[tuple[str, str, str, str]] = []
    name = parsed.path.name
    for element in parsed.root.iter():
        if not isinstance(element.tag, str):
            continue
        local = ""
        for attribute, value in element.items():
            if attribute in POINTER_SET:
                local = local or etree.QName(element).localname
                pointers.append((local, attribute, value, element.get("type", "")))
                if attribute == "corresp":
                    corresp.update(pointer.partition("#")[0] for pointer in value.split())
        value = element.get(XML_ID)
        if value is None:
            continue
        local = local or etree.QName(element).localname
        ids.setdefault(value, local)
        uses.append((value, Use(name, local, element.sourceline or 1)))
    return (ids, frozenset(corresp), uses), tuple(pointers)


def clean_across(corpus: Corpus, name: str, found: FileIndex, pointers: Pointers,
                 resolved: dict[tuple[str, ...], bool] | None = None) -> bool:
    """True if the checks across files (check_duplicates, check_references, check_parallels) find nothing in
    the file `name`, told from its index and pointers alone; False if they may find something (the file is then
    parsed and checked, for the findings' exact places). `resolved` keeps, for the files of one corpus, which
    pointers resolve: most point into the edition's header, the same few hundred from every document."""
    if any(value in corpus.uses for value, _ in found[2]):
        return False
    resolved = {} if resolved is None else resolved
    for local, attribute, value, kind in pointers:
        if local == "relatedItem" and attribute == "target" and kind == "parallel-translation" \
                and _not_pointing_back(corpus, name, value):
            return False
        for pointer in value.split():
            # A pointer without a file points into its own file: its answer holds for that file only.
            key = (local, kind, attribute, pointer, "" if pointer.partition("#")[0] else name)
            good = resolved.get(key)
            if good is None:
                good = resolved[key] = _resolve_problem(corpus, name, local, kind, attribute, pointer) is None
            if not good:
                return False
    return True


def build_from(indexes: Iterable[tuple[str, FileIndex]]) -> Corpus:
    """The corpus of the files, from each file's part (its name and index), taken in name order so that the first
    use of an id is the same whichever file is validated. The parts may be given one at a time."""
    ids: dict[str, dict[str, str]] = {}
    corresp: dict[str, frozenset[str]] = {}
    uses: dict[str, list[Use]] = {}
    for name, (own_ids, own_corresp, own_uses) in sorted(indexes, key=lambda item: item[0]):
        ids[name], corresp[name] = own_ids, own_corresp
        for value, use in own_uses:
            uses.setdefault(value, []).append(use)
    return Corpus(frozenset(ids), ids, corresp, {k: tuple(v) for k, v in uses.items() if len(v) > 1})


def index_as_data(found: FileIndex) -> dict[str, object]:
    """A file's index as JSON data, to be kept between runs."""
    ids, corresp, uses = found
    return {"ids": ids, "corresp": sorted(corresp),
            "uses": [[value, use.file, use.element, use.line] for value, use in uses]}


def index_from_data(data: dict) -> FileIndex:
    return (dict(data["ids"]), frozenset(data["corresp"]),
            [(value, Use(file, element, line)) for value, file, element, line in data["uses"]])


def corpus_digest(corpus: Corpus) -> str:
    """Everything of the corpus that a check across files can look at, as one hash."""
    data = {"files": sorted(corpus.files), "ids": corpus.ids, "corresp": {k: sorted(v) for k, v in corpus.corresp.items()},
            "uses": {k: [[u.file, u.element, u.line] for u in v] for k, v in corpus.uses.items()},
            "unreadable": sorted(corpus.unreadable)}
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def check_duplicates(corpus: Corpus, parsed: Parsed, report_in: Collection[str] | None = None) -> list[Finding]:
    """Repeated ids, reported in this file: at each later use, or, when no later use lies in a file being
    validated (report_in; all when None), at the first use."""
    findings = []
    name = parsed.path.name
    seen: dict[str, int] = {}
    for element in parsed.root.iter():
        value = element.get(XML_ID) if isinstance(element.tag, str) else None
        if value is None or value not in corpus.uses:
            continue
        where = corpus.uses[value]
        rank = seen[value] = seen.get(value, -1) + 1
        own = [i for i, use in enumerate(where) if use.file == name]
        if rank >= len(own):
            continue
        place = own[rank]
        first, later = where[0], where[1:]
        if place > 0:
            findings.append(error(parsed.path, *position(parsed, element), "id-duplicate",
                                  f"xml:id \"{value}\" is already used in {first.file} line {first.line}: ids must "
                                  "be unique across the edition; rename this one"))
        elif report_in is not None and not any(use.file in report_in for use in later):
            again = later[0]
            findings.append(error(parsed.path, *position(parsed, element), "id-duplicate",
                                  f"xml:id \"{value}\" is used again in {again.file} line {again.line}: ids must be "
                                  "unique across the edition; rename one of them"))
    return findings


def check_references(corpus: Corpus, parsed: Parsed) -> list[Finding]:
    findings = []
    for element in parsed.root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        for attribute in POINTER_ATTRIBUTES:
            for pointer in (element.get(attribute) or "").split():
                problem = _resolve_problem(corpus, parsed.path.name, local, element.get("type", ""), attribute,
                                           pointer)
                if problem:
                    line, column = position(parsed, element)
                    findings.append(error(parsed.path, line, column, problem[0], problem[1]))
    return findings


def _resolve_problem(corpus: Corpus, name: str, local: str, kind: str, attribute: str,
                     pointer: str) -> tuple[str, str] | None:
    """What is wrong with a pointer of the file `name` (on a <local type="kind">), or None."""
    scheme = SCHEME.match(pointer.strip())
    if scheme:
        # An absolute URI lies outside the edition; only these schemes may ever become a link on a page.
        if scheme.group(1).lower() in SAFE_SCHEMES:
            return None
        return ("ref-scheme", f"@{attribute}=\"{pointer}\" uses the scheme {scheme.group(1)}:, which the edition "
                              f"never links: point at an http: or https: address or into the edition")
    if "FILL-IN" in pointer:
        return None  # a place left to be filled by `narkomindel new`: reported once, as fill-in
    file_part, _, fragment = pointer.partition("#")
    file_name = file_part or name
    if file_name in corpus.unreadable:
        return None  # the file exists but is broken: reported once, where it is broken
    if file_name not in corpus.files:
        return ("ref-unresolved", f"@{attribute}=\"{pointer}\" points at the file {file_name}, which is not in "
                                  "the edition: correct the file name")
    if not fragment:
        return None
    expected = EXPECTED_TARGET.get((local, attribute))
    if local == "rs" and attribute == "ref":
        expected = RS_TARGET.get(kind)
    found = corpus.ids[file_name].get(fragment)
    if found is None:
        return ("ref-unresolved", f"@{attribute}=\"{pointer}\" points at id \"{fragment}\", which {file_name} "
                                  f"does not declare: {_closest(corpus.ids[file_name], fragment, expected)}correct "
                                  "the pointer or add the entry there")
    if expected and found not in expected:
        return ("ref-kind", f"<{local} {attribute}=\"{pointer}\"> must point at a {' or '.join(sorted(expected))} "
                            f"entry, but \"{fragment}\" is a {found}: point at the right entry")
    return None


def _closest(ids: Mapping[str, str], fragment: str, expected: set[str] | None) -> str:
    """"did you mean …? " with the ids closest in spelling to the one written, among the entries of the kind the
    pointer needs (all, if it needs no particular kind); empty when none is close."""
    candidates = [value for value, kind in ids.items() if not expected or kind in expected]
    close = difflib.get_close_matches(fragment, candidates, n=3, cutoff=0.6)
    if not close:
        lowered = fragment.lower()
        close = sorted(value for value in candidates if lowered in value or value in lowered)[:3]
    return f"did you mean {' or '.join(chr(34) + value + chr(34) for value in close)}? " if close else ""


def check_file_name(parsed: Parsed) -> list[Finding]:
    """A document's file name is its Gregorian date and a slug; its id is 'nkid-' and the file name."""
    if parsed.path.name == EDITION_FILE:
        return []
    stem = parsed.path.stem
    root = parsed.root
    match = FILE_NAME.match(stem)
    if not match:
        return [error(parsed.path, 1, 1, "file-name",
                      f"the file name \"{parsed.path.name}\" must be YYYY-MM-DD-slug.xml (the document's Gregorian "
                      "date, then lower-case words joined by hyphens): rename the file")]
    findings = []
    expected_id = f"nkid-{stem}"
    if root.get(XML_ID) != expected_id:
        findings.append(error(parsed.path, *position(parsed, root), "file-id",
                              f"the document's xml:id is \"{root.get(XML_ID)}\" but its file name requires "
                              f"\"{expected_id}\": make the two agree (published ids never change, so rename the "
                              "file of a new document rather than the id of a published one)"))
    date = root.find("tei:teiHeader/tei:profileDesc/tei:creation/tei:date", NS)
    when = date.get("when") if date is not None else None
    if when != match.group(1):
        anchor = date if date is not None else root
        findings.append(error(parsed.path, *position(parsed, anchor), "file-date",
                              f"the file name begins with {match.group(1)} but the document is dated "
                              f"@when=\"{when}\": the file name must begin with the document's Gregorian date"))
    return findings


def check_parallels(corpus: Corpus, parsed: Parsed) -> list[Finding]:
    """A parallel translation named in the header must point back at this document."""
    findings = []
    for item in parsed.root.iterfind(".//tei:relatedItem[@type='parallel-translation']", NS):
        target_file = _not_pointing_back(corpus, parsed.path.name, item.get("target") or "")
        if target_file:
            findings.append(error(parsed.path, *position(parsed, item), "parallel-reciprocal",
                                  f"{target_file} is named as a parallel translation, but nothing in it points "
                                  f"back with @corresp=\"{parsed.path.name}\": add the @corresp there"))
    return findings


def _not_pointing_back(corpus: Corpus, name: str, target: str) -> str:
    """The file a parallel translation of `name` names (`target`) if it does not point back at `name`, else "" (a
    file not in the edition is reported as ref-unresolved)."""
    target_file = target.partition("#")[0]
    return target_file if target_file in corpus.files and name not in corpus.corresp[target_file] else ""
