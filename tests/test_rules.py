"""Valid and invalid examples for every rule: each invalid file says, in its first comment, which rule ids it
breaks ("Breaks: …"), and exactly those must fire; each file of valid/ is a near miss of some rule (the last day
before a boundary, a value just inside what is allowed) and must pass clean."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from narkomindel.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
BASE = FIXTURES / "1917-11-21-base.xml"
ROOT = Path(__file__).resolve().parents[1]
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
VALID = sorted((FIXTURES / "valid").glob("*.xml"))
PACKAGE = ROOT / "scripts" / "narkomindel"
# How the Python checks name their rules: error(path, line, column, "rule", …), (Severity.X, "rule", …) and
# (PATTERN, "rule", …) in hygiene, ("rule", message) returned by a resolver, rule="…" for the grammar checks.
RULE_IN_PYTHON = re.compile(
    r'\b(?:error|warning)\([^"]*?"([a-z0-9-]+)"'
    r'|\(Severity\.[A-Z]+,\s*"([a-z0-9-]+)"'
    r'|^\s*\([A-Z_]+, "([a-z0-9-]+)"'
    r'|return \("([a-z0-9-]+)",'
    r'|\brule(?:: str)?\s*=\s*"([a-z0-9-]+)"', re.M)
# Rules checked elsewhere, because their fixture needs something the examples here do not have.
CHECKED_ELSEWHERE = {
    "tei-all": "tests/test_cli.py::test_the_official_tei_schema_is_checked_on_request",
    "xml-too-large": "tests/test_hostile.py::test_a_file_of_hundreds_of_megabytes_is_refused_before_it_is_read",
}


def in_edition(tmp_path: Path, document: Path) -> Path:
    """A copy of the document beside the edition header and the valid base document."""
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    if document != BASE:
        shutil.copy(BASE, tmp_path / BASE.name)
    target = tmp_path / document.name
    shutil.copy(document, target)
    return target


def expected_rules(path: Path) -> set[str]:
    match = re.search(r"Breaks: ([a-z0-9 -]+)-->", path.read_text(encoding="utf-8"))
    assert match, f"{path.name} does not say which rules it breaks"
    return set(match.group(1).split())


def python_rule_ids() -> set[str]:
    found = set()
    for path in PACKAGE.glob("*.py"):
        for groups in RULE_IN_PYTHON.findall(path.read_text(encoding="utf-8")):
            found.update(group for group in groups if group)
    return found


def test_the_base_document_is_clean(tmp_path, project):
    findings = validate([in_edition(tmp_path, BASE)], project.schema)
    assert findings == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem.removeprefix("1917-11-21-"))
def test_each_invalid_example_breaks_exactly_its_rule(path, tmp_path, project):
    findings = validate([in_edition(tmp_path, path)], project.schema)
    assert {f.rule for f in findings} == expected_rules(path), "\n".join(f.as_line() for f in findings)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem.removeprefix("1917-11-21-"))
def test_each_near_miss_is_clean(path, tmp_path, project):
    assert "Breaks nothing" in path.read_text(encoding="utf-8")
    findings = validate([in_edition(tmp_path, path)], project.schema)
    assert findings == [], "\n".join(f.as_line() for f in findings)


def test_every_rule_of_the_schematron_has_an_invalid_example(project):
    rule_ids = set(re.findall(r'<(?:assert|report) id="([^"]+)"', (project.schema / "narkomindel.sch").read_text()))
    covered = set().union(*(expected_rules(p) for p in INVALID))
    assert rule_ids, "no rule ids found in the Schematron file"
    assert rule_ids <= covered, f"rules without an invalid example: {sorted(rule_ids - covered)}"


def test_every_rule_of_the_python_checks_has_an_invalid_example():
    rule_ids = python_rule_ids()
    # The pattern finds every kind of rule the package has: if it stops finding one, it is out of date.
    assert {"rng", "tei-all", "xml-doctype", "date-invalid", "text-encoding", "text-missing-space",
            "ref-unresolved", "ref-kind", "file-name", "id-duplicate", "parallel-reciprocal"} <= rule_ids
    covered = set().union(*(expected_rules(p) for p in INVALID)) | set(CHECKED_ELSEWHERE)
    assert rule_ids <= covered, f"rules without an invalid example: {sorted(rule_ids - covered)}"


def test_the_rule_ids_found_in_python_are_the_documented_ones(project):
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \| (?:error|warning) \| [^|]+\|$",
                                (project.schema / "README.md").read_text(), re.M))
    assert python_rule_ids() <= documented


def test_every_rule_message_says_what_to_do(project):
    text = (project.schema / "narkomindel.sch").read_text()
    for rule_id, message in re.findall(r'<(?:assert|report) id="([^"]+)"[^>]*>(.*?)</(?:assert|report)>', text, re.S):
        assert len(message.split()) >= 8, f"{rule_id}: the message is too short to say what to fix"


def well_formed(path: Path) -> bool:
    from narkomindel.xmlio import Parsed, parse

    return isinstance(parse(path), Parsed)


@pytest.mark.parametrize("path", [p for p in (BASE, *INVALID, *VALID) if well_formed(p)],
                         ids=lambda p: p.stem.removeprefix("1917-11-21-"))
def test_a_file_told_clean_across_the_edition_from_its_index_has_no_finding_of_those_checks(path, tmp_path):
    """A clean file is not parsed a second time for the checks across files: what tells it clean must never
    hide a finding, and must tell every clean example so (else every file would be parsed twice)."""
    from narkomindel import corpus
    from narkomindel.xmlio import Parsed, parse

    target = in_edition(tmp_path, path)
    parsed_files = {p.name: parse(p) for p in sorted(tmp_path.glob("*.xml"))}
    usable = {name: parsed for name, parsed in parsed_files.items() if isinstance(parsed, Parsed)}
    indexed = {name: corpus.indexed(parsed) for name, parsed in usable.items()}
    whole = corpus.build_from((name, found) for name, (found, _) in indexed.items())
    parsed = usable[target.name]
    findings = (corpus.check_duplicates(whole, parsed, {target.name}) + corpus.check_references(whole, parsed)
                + corpus.check_parallels(whole, parsed))
    told_clean = corpus.clean_across(whole, target.name, *indexed[target.name])
    assert told_clean == (not findings), [f.as_line() for f in findings]
    # What one file's pointers resolve to, kept for the next files, tells each of them the same.
    resolved: dict = {}
    shared = {name: corpus.clean_across(whole, name, *indexed[name], resolved) for name in sorted(usable)}
    assert shared == {name: corpus.clean_across(whole, name, *indexed[name]) for name in sorted(usable)}
    assert shared[target.name] == told_clean


def test_a_pointer_into_its_own_file_is_resolved_in_each_file_apart():
    """Two files point at "#x": one declares x, the other does not. What is kept of the first must not tell
    the second clean."""
    from narkomindel import corpus

    def index_of(name: str, ids: dict[str, str]) -> corpus.FileIndex:
        return ids, frozenset(), [(value, corpus.Use(name, kind, 1)) for value, kind in ids.items()]

    declares, lacks = index_of("a.xml", {"x": "note"}), index_of("b.xml", {})
    whole = corpus.build_from([("a.xml", declares), ("b.xml", lacks)])
    pointer = (("ref", "target", "#x", ""),)
    resolved: dict = {}
    assert corpus.clean_across(whole, "a.xml", declares, pointer, resolved)
    assert not corpus.clean_across(whole, "b.xml", lacks, pointer, resolved)
    assert not corpus.clean_across(whole, "b.xml", lacks, pointer)
