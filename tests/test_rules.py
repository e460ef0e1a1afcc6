"""One valid example and one invalid example per rule: each invalid file says, in its first comment, which rule
ids it breaks ("Breaks: …"), and exactly those must fire."""

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


def test_the_base_document_is_clean(tmp_path, project):
    findings = validate([in_edition(tmp_path, BASE)], project.schema)
    assert findings == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem.removeprefix("1917-11-21-"))
def test_each_invalid_example_breaks_exactly_its_rule(path, tmp_path, project):
    findings = validate([in_edition(tmp_path, path)], project.schema)
    assert {f.rule for f in findings} == expected_rules(path), "\n".join(f.as_line() for f in findings)


def test_every_rule_of_the_schematron_has_an_invalid_example(project):
    rule_ids = set(re.findall(r'<(?:assert|report) id="([^"]+)"', (project.schema / "narkomindel.sch").read_text()))
    covered = {p.stem.removeprefix("1917-11-21-") for p in INVALID}
    assert rule_ids, "no rule ids found in the Schematron file"
    assert rule_ids <= covered, f"rules without an invalid example: {sorted(rule_ids - covered)}"


def test_every_rule_message_says_what_to_do(project):
    text = (project.schema / "narkomindel.sch").read_text()
    for rule_id, message in re.findall(r'<(?:assert|report) id="([^"]+)"[^>]*>(.*?)</(?:assert|report)>', text, re.S):
        assert len(message.split()) >= 8, f"{rule_id}: the message is too short to say what to fix"
