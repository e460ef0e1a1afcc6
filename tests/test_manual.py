"""The encoding manual (`narkomindel rules`) lists every rule with examples the tests prove, and the messages
for the common mistakes propose the fix."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from narkomindel.cli import main
from narkomindel.rules import build_manual, load_manual, to_json
from narkomindel.validate import validate

sys.path.insert(0, str(Path(__file__).parent))
from test_rules import BASE, in_edition, python_rule_ids  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "rules"


@pytest.fixture(scope="module")
def manual() -> dict:
    return load_manual()


def test_the_shipped_manual_is_generated_from_the_current_rules_and_fixtures(manual):
    assert to_json(build_manual(ROOT)) == to_json(manual), \
        "scripts/narkomindel/manual.json is out of date: run `python -m narkomindel.rules --write`"


def test_every_rule_of_the_schematron_and_the_python_checks_is_in_the_manual_with_examples(manual, project):
    schematron = set(re.findall(r'<(?:assert|report) id="([^"]+)"', (project.schema / "narkomindel.sch").read_text()))
    listed = {rule["id"]: rule for rule in manual["rules"]}
    assert schematron | python_rule_ids() <= set(listed), sorted((schematron | python_rule_ids()) - set(listed))
    assert len(listed) == len(manual["rules"]), "a rule is listed twice"
    for rule_id, rule in listed.items():
        assert rule["examples"], f"{rule_id} has no example"
        assert len(rule["message"].split()) >= 8, f"{rule_id}: the message says too little"
        for example in rule["examples"]:
            assert example["incorrect"] and example["correct"] and example["incorrect"] != example["correct"]
            if rule_id != "xml-too-large":  # its example is a file of hundreds of megabytes (test_hostile)
                assert example["reported"], f"{rule_id}: the fixture {example['fixture']} reports nothing"


def test_examples_are_the_fixtures_own_lines(manual):
    base_text = BASE.read_text(encoding="utf-8")
    for rule in manual["rules"]:
        for example in rule["examples"]:
            fixture = ROOT / example["fixture"].split("::")[0]
            assert fixture.is_file(), example["fixture"]
            if fixture.suffix != ".xml" or example["incorrect"].startswith("file name: "):
                continue
            text = fixture.read_text(encoding="utf-8", errors="replace")
            own_id = f"nkid-{fixture.stem}"
            for line in example["incorrect"].splitlines():
                if line.strip() != "…":
                    assert line.strip().replace("nkid-1917-11-21-base", own_id) in text or line.strip() in text, \
                        f"{rule['id']}: {line!r} is not in {fixture.name}"
            for line in example["correct"].splitlines():
                if line.strip() != "…":
                    assert line.strip() in base_text, f"{rule['id']}: {line!r} is not in the base document"


def test_the_grammar_constraints_an_editor_meets_are_listed(manual):
    (rng,) = [rule for rule in manual["rules"] if rule["id"] == "rng"]
    constraints = {Path(example["fixture"]).stem for example in rng["examples"] if example["constraint"]}
    assert constraints == {p.stem for p in (Path(__file__).parent / "fixtures" / "grammar").glob("*.xml")}


def test_the_severities_are_those_documented(manual, project):
    documented = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning) \|", (project.schema / "README.md").read_text(),
                                 re.M))
    for rule in manual["rules"]:
        assert documented.get(rule["id"]) == rule["severity"], rule["id"]


def test_the_rules_command_prints_every_rule_as_text_and_as_json(manual):
    text = CliRunner().invoke(main, ["rules"])
    assert text.exit_code == 0
    for rule in manual["rules"]:
        assert f"[{rule['id']}] {rule['severity']}" in text.stdout
    assert "incorrect:" in text.stdout and "correct:" in text.stdout
    as_json = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == manual


# Messages that propose the fix.

def findings_after(tmp_path: Path, *replacements: tuple[str, str]):
    target = in_edition(tmp_path, BASE)
    text = target.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    return validate([target], ROOT / "schema")


CREATION = 'when="1917-11-21" when-custom="1917-11-08"'


@pytest.mark.parametrize("values, says", [
    ('when="1917-11-21" when-custom="1917-11-21"', ['write @when-custom="1917-11-08"', "same numbers"]),
    ('when="1917-11-21" when-custom="1917-12-04"', ['write @when-custom="1917-11-08"', "added to the Gregorian day"]),
    ('when="1917-11-21" when-custom="1917-11-09"', ['write @when-custom="1917-11-08"', "1 day apart"]),
])
def test_a_julian_value_off_says_which_value_is_right(tmp_path, values, says):
    (finding,) = findings_after(tmp_path, (CREATION, values))
    assert finding.rule == "date-calendar-mismatch"
    for words in says:
        assert words in finding.message, finding.message
    assert "the text confirms @when" in finding.message


def test_a_gregorian_value_off_in_a_julian_date_says_the_gregorian_value_to_write(tmp_path):
    old = ('<date when="1917-11-21" when-custom="1917-11-08" datingMethod="edition.xml#julian" '
           'calendar="edition.xml#gregorian">21 November 1917</date>')
    new = ('<date when="1917-11-08" when-custom="1917-11-08" datingMethod="edition.xml#julian" '
           'calendar="edition.xml#julian">8 November 1917</date>')
    findings = findings_after(tmp_path, (old, new))
    mismatch = [f for f in findings if f.rule == "date-calendar-mismatch"]
    assert len(mismatch) == 1, [f.as_line() for f in findings]
    assert 'the text confirms @when-custom, so write @when="1917-11-21"' in mismatch[0].message


def test_without_words_to_go_by_both_fixes_are_offered(tmp_path):
    (finding,) = findings_after(tmp_path, (CREATION, 'when="1917-11-21" when-custom="1917-11-21"'),
                                (">21 November 1917</date>", ">the same day</date>"))
    assert 'if @when is right, write @when-custom="1917-11-08"; if @when-custom is right, write ' \
           '@when="1917-12-04"' in finding.message


def test_a_pointer_to_a_missing_index_entry_suggests_the_closest_ids_of_the_right_kind(tmp_path):
    findings = findings_after(tmp_path, ('ref="edition.xml#lenin"', 'ref="edition.xml#lenn"'))
    (finding,) = [f for f in findings if f.rule == "ref-unresolved"]
    assert 'did you mean "lenin"?' in finding.message


def test_a_pointer_far_from_every_id_suggests_nothing(tmp_path):
    findings = findings_after(tmp_path, ('ref="edition.xml#lenin"', 'ref="edition.xml#qqqqqqqq"'))
    (finding,) = [f for f in findings if f.rule == "ref-unresolved"]
    assert "did you mean" not in finding.message and "add the entry" in finding.message


def test_a_sic_without_corr_gets_the_whole_choice_to_write(tmp_path):
    old = '<corr type="typo" resp="edition.xml#editors">Rumanian</corr>'
    findings = findings_after(tmp_path, (old, ""))
    (finding,) = [f for f in findings if f.rule == "choice-sic-corr"]
    assert "holds 1 sic and 0 corr" in finding.message
    assert ('<choice><sic>Rumainian</sic><corr type="typo" resp="edition.xml#editors">the corrected reading'
            '</corr></choice>') in finding.message


def test_a_sic_standing_alone_gets_the_choice_around_it(tmp_path):
    old = ('<choice><sic>Rumainian</sic><corr type="typo" resp="edition.xml#editors">Rumanian</corr></choice>')
    findings = findings_after(tmp_path, (old, "<sic>Rumainian</sic>"))
    (finding,) = [f for f in findings if f.rule == "sic-corr-in-choice"]
    assert "<choice><sic>Rumainian</sic><corr" in finding.message and "remove the sic" in finding.message


def test_a_paragraph_out_of_order_is_told_its_number_and_its_neighbour_s(tmp_path):
    (finding,) = findings_after(tmp_path, ('<p n="3">', '<p n="5">'))
    assert finding.rule == "para-number"
    assert 'has n="5" but is paragraph 3' in finding.message and 'should have n="3"' in finding.message
    assert 'the paragraph before it has n="2"' in finding.message


def test_copying_the_base_keeps_it_clean(tmp_path):
    """The message tests above change one thing each in a document that is otherwise clean."""
    assert findings_after(tmp_path) == []


def test_the_guidelines_page_shows_every_rule_with_its_examples_as_text(manual, project, tmp_path):
    from lxml import etree

    from narkomindel.build import read_edition
    from narkomindel.incremental import State
    from narkomindel.rules import write_guidelines

    write_guidelines(read_edition(project, State(), State()), tmp_path)
    text = (tmp_path / "guidelines.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in text
    page = etree.fromstring(text.removeprefix("<!DOCTYPE html>").encode("utf-8"))
    xhtml = {"h": "http://www.w3.org/1999/xhtml"}
    assert page.xpath("string(//h:h1)", namespaces=xhtml) == "Encoding guidelines"
    headings = page.xpath("//h:h3/@id", namespaces=xhtml)
    assert headings == [rule["id"] for layer in ("grammar", "schematron", "python")
                        for rule in manual["rules"] if rule["layer"] == layer]
    shown = [code.text for code in page.xpath("//h:figure/h:pre/h:code", namespaces=xhtml)]
    for rule in manual["rules"]:
        for example in rule["examples"]:
            assert example["incorrect"] in shown and example["correct"] in shown
    assert not page.xpath("//h:code//h:*", namespaces=xhtml), "an example was written as markup, not as text"
