"""Grammar errors point at the fault: the line and column of the offending element or attribute, its name, what
the grammar expects there, and the name probably meant. Each fixture in fixtures/grammar/ is the valid base
document with one fault, described in its first comment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from narkomindel import schema, vocabulary
from narkomindel.validate import validate
from narkomindel.xmlio import Parsed

ROOT = Path(__file__).resolve().parents[1]
GRAMMAR = Path(__file__).parent / "fixtures" / "grammar"
BASE_NAME = "1917-11-21-base.xml"


def findings_for(tmp_path: Path, fixture: Path):
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    target = tmp_path / BASE_NAME
    shutil.copy(fixture, target)
    return validate([target], ROOT / "schema")


def column_of(fixture: Path, line: int, token: str) -> int:
    text = fixture.read_text(encoding="utf-8").splitlines()[line - 1]
    assert token in text, f"{fixture.name} line {line} does not hold {token!r}"
    return text.index(token) + 1


# fixture, line, token the column must point at, words the message must contain
CASES = [
    ("unknown-element", 45, "<persname", ["<persname>", "did you mean <persName>?", "<placeName>"]),
    ("unknown-attribute", 45, "reff=", ["reff", "<persName>", "did you mean ref?", "cert, ref"]),
    ("wrong-place", 56, "<p>Stray", ["<p>", "inside <list>", "<item> or <note>"]),
    ("wrong-order", 19, "<langUsage>", ["<langUsage>", "<profileDesc>", "expects <creation>"]),
    ("missing-child", 35, "<revisionDesc>", ["<revisionDesc>", "<change>"]),
    ("missing-attribute", 45, "<persName>", ["<persName>", "required attribute ref"]),
    ("bad-value", 46, "cert=\"sure\"", ["cert=\"sure\"", "<rs>", "\"high\"", "\"medium\"", "\"low\""]),
]


@pytest.mark.parametrize("name, line, token, words", CASES, ids=[case[0] for case in CASES])
def test_a_grammar_error_names_the_fault_where_it_is(name, line, token, words, tmp_path):
    fixture = GRAMMAR / f"{name}.xml"
    findings = findings_for(tmp_path, fixture)
    grammar = [f for f in findings if f.rule == "rng"]
    assert len(grammar) == 1, "\n".join(f.as_line() for f in findings)
    (finding,) = grammar
    assert (finding.line, finding.column) == (line, column_of(fixture, line, token)), finding.as_line()
    for word in words:
        assert word in finding.message, f"{word!r} missing from: {finding.message}"


def test_no_other_line_is_blamed_for_one_fault(tmp_path):
    """lxml alone reports a misspelt name in a paragraph at the enclosing elements and at a valid date beside
    it; only the fault itself may be reported."""
    findings = findings_for(tmp_path, GRAMMAR / "unknown-element.xml")
    assert [(f.line, f.rule) for f in findings] == [(45, "rng")], "\n".join(f.as_line() for f in findings)


def test_the_misspelt_name_in_a_document_of_the_edition(tmp_path):
    name = "1917-11-21-note-to-allied-ambassadors.xml"
    for path in (ROOT / "tei").glob("*.xml"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / name
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, text in enumerate(lines, 1) if '<persName ref="edition.xml#lenin">' in text)
    lines[number - 1] = lines[number - 1].replace("<persName ", "<persname ")
    lines[number] = lines[number].replace("</persName>", "</persname>", 1)
    target.write_text("".join(lines), encoding="utf-8")
    findings = validate([target], ROOT / "schema")
    assert len(findings) == 1, "\n".join(f.as_line() for f in findings)
    (finding,) = findings
    assert (finding.line, finding.column) == (number, lines[number - 1].index("<persname") + 1)
    assert finding.rule == "rng" and "did you mean <persName>?" in finding.message


def test_an_element_in_another_namespace_is_named(tmp_path):
    source = (GRAMMAR.parent / "rules" / BASE_NAME).read_text(encoding="utf-8")
    fixture = tmp_path / "source.xml"
    fixture.write_text(source.replace("<gap ", '<gap xmlns="http://example.org/" '), encoding="utf-8")
    (finding,) = [f for f in findings_for(tmp_path, fixture) if f.rule == "rng"]
    assert finding.line == 54 and "<gap> is in the namespace http://example.org/" in finding.message


@pytest.fixture(scope="module")
def known() -> vocabulary.Vocabulary:
    return vocabulary.load(etree.parse(str(ROOT / "schema" / "narkomindel.rng")))


def test_the_vocabulary_is_read_from_the_grammar(known):
    assert {"TEI", "persName", "date", "revisionDesc"} <= set(known.elements)
    assert "persname" not in known.elements
    date = known.rule_for("date", "p")
    assert {"when", "when-custom", "calendar", "datingMethod"} <= set(date.attributes)
    assert "ref" in known.rule_for("persName", "p").required
    assert "ref" not in known.elements["persName"].required  # the header's persName may go without
    assert known.rule_for("list", "body").children == {"item", "note"}


def test_attribute_values_are_checked_against_their_own_pattern(known):
    rs = known.rule_for("rs", "p")
    assert known.value_allowed(rs, "cert", "high") and known.value_allowed(rs, "cert", "0.5")
    assert not known.value_allowed(rs, "cert", "sure") and not known.value_allowed(rs, "cert", "2")
    date = known.rule_for("date", "p")
    assert known.value_allowed(date, "when", "1917-11-21")
    assert not known.value_allowed(date, "when", "21 November 1917")


# The grammar check skips the vocabulary on a file the grammar accepts (schema.check_grammar), which is sound only
# if the vocabulary never finds a fault where the grammar finds none. Mutations of the real documents test it.
SCHEMAS = schema.load(ROOT / "schema")
ATTRIBUTE_VALUES = ("high", "2", "", "#trotsky", "edition.xml#trotsky", "1917-11-21", "x y", "julian", "p1")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_vocabulary_finds_a_fault_only_where_the_grammar_does(data, known):
    schemas = SCHEMAS
    path = data.draw(st.sampled_from(sorted((ROOT / "tei").glob("19*.xml"))))
    tree = etree.parse(str(path))
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    element = data.draw(st.sampled_from(elements))
    change = data.draw(st.sampled_from(("rename", "set", "drop")))
    if change == "rename":
        element.tag = f"{{{vocabulary.TEI_NS}}}{data.draw(st.sampled_from(sorted(known.elements)))}"
    elif change == "set":
        names = sorted({a for rule in known.elements.values() for a in rule.attributes})
        element.set(data.draw(st.sampled_from(names)), data.draw(st.sampled_from(ATTRIBUTE_VALUES)))
    elif element.attrib:
        del element.attrib[data.draw(st.sampled_from(sorted(element.attrib)))]
    parsed = Parsed(path, tree, "")
    if vocabulary.check(known, parsed.root):
        assert not schemas.relaxng_for(parsed).validate(parsed.tree)
