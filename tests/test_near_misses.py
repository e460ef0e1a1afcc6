"""Near misses of Schematron rules: variants of the valid base document that differ from it in one small way,
just across (or just inside) a rule's line. Each exists because a planted bug (tests/mutation/plant.py) that
loosened the rule passed every obvious example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from narkomindel.validate import validate

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "fixtures" / "rules" / "1917-11-21-base.xml"

NOTE = ('<note type="editorial" resp="edition.xml#editors">The halves name different\n          days.</note>')
AFTER_PAIR = "January</date>]</date>"


def variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """The base document with one change, as its own document of the edition (file name and ids follow)."""
    text = BASE.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the base document no longer has {old!r}"
    text = text.replace(old, new).replace("nkid-1917-11-21-base", f"nkid-1917-11-21-{name}")
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    target = tmp_path / f"1917-11-21-{name}.xml"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(("name", "old", "new", "rules"), [
    # the note explaining a discrepant pair stands a few words later: not "followed at once"
    ("note-later", f"{AFTER_PAIR}{NOTE} and the", f"{AFTER_PAIR} and the {NOTE}", {"date-discrepant-note"}),
    # one character, a comma, between the pair and its note
    ("comma-before-note", f"{AFTER_PAIR}{NOTE}", f"{AFTER_PAIR},{NOTE}", {"date-discrepant-note"}),
    # white space only between the pair and its note: still "at once"
    ("note-after-space", f"{AFTER_PAIR}{NOTE}", f"{AFTER_PAIR}\n          {NOTE}", set()),
])
def test_a_discrepant_date_is_explained_by_the_note_right_after_it(tmp_path, project, name, old, new, rules):
    findings = validate([variant(tmp_path, name, old, new)], project.schema)
    assert {f.rule for f in findings} == rules, "\n".join(f.as_line() for f in findings)
