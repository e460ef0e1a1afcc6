"""Whole-edition validation: a broken file is reported once, where it is broken, and never makes the pointers
into it look dangling; repeated ids are found by the validator itself, in one file or across files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from narkomindel.validate import validate

ROOT = Path(__file__).resolve().parents[1]
BASE = Path(__file__).parent / "fixtures" / "rules" / "1917-11-21-base.xml"
NOTE = "1917-11-21-note-to-allied-ambassadors.xml"
REPORT = "1917-11-21-report-to-central-executive-committee.xml"  # the note's parallel translation


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    for path in (ROOT / "tei").glob("*.xml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def lines(findings) -> str:
    return "\n".join(f.as_line() for f in findings)


def test_a_malformed_edition_header_is_named_once_and_pointers_into_it_are_not_dangling(edition):
    header = edition / "edition.xml"
    header.write_text(header.read_text(encoding="utf-8").replace("</teiHeader>", "</teiheader>", 1),
                      encoding="utf-8")
    findings = validate([edition / NOTE], ROOT / "schema")
    assert [(Path(f.path).name, f.rule) for f in findings] == [("edition.xml", "xml-wellformed")], lines(findings)


def test_the_whole_edition_with_a_malformed_header_gives_one_finding(edition):
    (edition / "edition.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>", encoding="utf-8")
    findings = validate([edition], ROOT / "schema")
    assert [(Path(f.path).name, f.rule) for f in findings] == [("edition.xml", "xml-wellformed")], lines(findings)


def test_a_document_with_a_doctype_is_refused_once_and_not_called_missing(edition):
    report = edition / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("?>", "?>\n<!DOCTYPE TEI>", 1), encoding="utf-8")
    for named in ([edition / NOTE], [edition]):
        findings = validate(named, ROOT / "schema")
        assert [(Path(f.path).name, f.rule) for f in findings] == [(REPORT, "xml-doctype")], lines(findings)


def test_a_file_that_really_is_missing_is_still_a_dangling_pointer(edition):
    (edition / REPORT).unlink()
    findings = validate([edition / NOTE], ROOT / "schema")
    assert {f.rule for f in findings} == {"ref-unresolved"}, lines(findings)
    assert all(REPORT in f.message and "correct the file name" in f.message for f in findings)


def test_a_neighbour_that_cannot_be_read_is_named(edition):
    broken = edition / REPORT
    broken.write_bytes(b"\xff\xfe\x00<")
    findings = validate([edition / NOTE], ROOT / "schema")
    assert [(Path(f.path).name, f.rule) for f in findings] == [(REPORT, "xml-wellformed")], lines(findings)


def test_the_edition_named_through_a_link_relative_or_twice_is_checked_the_same(edition, tmp_path, monkeypatch):
    """However its folder is named, every file is checked once against the same neighbours: a dangling pointer
    (the parallel translation deleted) is found in the same places, once."""
    (edition / REPORT).unlink()
    expected = [(Path(f.path).name, f.line, f.rule) for f in validate([edition], ROOT / "schema")]
    assert {rule for _, _, rule in expected} == {"ref-unresolved"} and {name for name, _, _ in expected} == {NOTE}
    link = tmp_path.parent / f"{tmp_path.name}-link"
    link.symlink_to(edition, target_is_directory=True)
    monkeypatch.chdir(edition.parent)
    for named in ([link], [Path(edition.name)], [edition, edition / NOTE], [link / NOTE]):
        findings = validate(named, ROOT / "schema")
        assert [(Path(f.path).name, f.line, f.rule) for f in findings] == expected, (named, lines(findings))


def test_a_repeated_id_in_one_file_is_found_and_the_file_still_checked(tmp_path):
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    text = BASE.read_text(encoding="utf-8")
    text = text.replace('<note type="translator" n="1"', '<note xml:id="nkid-1917-11-21-base-q1" type="translator" n="1"', 1)
    text = text.replace('when-custom="1917-11-08"', 'when-custom="1917-11-07"', 1)  # a second, unrelated fault
    target = tmp_path / BASE.name
    target.write_text(text, encoding="utf-8")
    findings = validate([target], ROOT / "schema")
    assert sorted(f.rule for f in findings) == ["date-calendar-mismatch", "id-duplicate"], lines(findings)
    (duplicate,) = [f for f in findings if f.rule == "id-duplicate"]
    assert duplicate.line == 59 and "nkid-1917-11-21-base-q1" in duplicate.message
    assert "line 57" in duplicate.message  # where the id was first used


def test_an_id_repeated_in_another_file_is_reported_in_the_file_validated(tmp_path):
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    shutil.copy(BASE, tmp_path / BASE.name)
    other = tmp_path / "1917-11-22-copy.xml"
    text = BASE.read_text(encoding="utf-8").replace('xml:id="nkid-1917-11-21-base"', 'xml:id="nkid-1917-11-22-copy"')
    text = text.replace('when="1917-11-21" when-custom="1917-11-08"', 'when="1917-11-22" when-custom="1917-11-09"')
    other.write_text(text.replace(">21 November 1917<", ">22 November 1917<"), encoding="utf-8")
    findings = validate([other], ROOT / "schema")
    assert {f.rule for f in findings} >= {"id-duplicate"}, lines(findings)
    (duplicate,) = [f for f in findings if f.rule == "id-duplicate"]
    assert "nkid-1917-11-21-base-q1" in duplicate.message and BASE.name in duplicate.message


def test_an_id_repeated_in_a_later_file_is_reported_in_the_earlier_file_validated(tmp_path):
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    shutil.copy(BASE, tmp_path / BASE.name)
    later = tmp_path / "1917-11-22-copy.xml"
    later.write_text(BASE.read_text(encoding="utf-8").replace('xml:id="nkid-1917-11-21-base"',
                                                              'xml:id="nkid-1917-11-22-copy"'), encoding="utf-8")
    findings = validate([tmp_path / BASE.name], ROOT / "schema")
    assert [f.rule for f in findings] == ["id-duplicate"], lines(findings)
    assert "used again in 1917-11-22-copy.xml line 59" in findings[0].message


def test_a_clean_file_costs_no_position_lookups(tmp_path, monkeypatch):
    """Positions are worked out for findings only: a clean document never asks where an element stands."""
    from narkomindel import xmlio

    calls = []
    index = xmlio.Parsed.start_tags.func  # the text is searched for start tags only when a position is asked
    monkeypatch.setattr(xmlio.Parsed, "start_tags", property(lambda parsed: calls.append(parsed) or index(parsed)))
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    shutil.copy(BASE, tmp_path / BASE.name)
    assert validate([tmp_path / BASE.name], ROOT / "schema") == []
    assert calls == []
    bad = tmp_path / BASE.name
    bad.write_text(BASE.read_text(encoding="utf-8").replace("Congress</orgName>", "Congress,,</orgName>"),
                   encoding="utf-8")
    findings = validate([bad], ROOT / "schema")
    assert [(f.rule, f.line) for f in findings] == [("text-doubled-punctuation", 44)] and len(calls) == 1


def test_columns_of_elements_of_one_name_on_one_line(tmp_path):
    from narkomindel.xmlio import Parsed, parse, position

    path = tmp_path / "line.xml"
    path.write_text('<a>\n  <b/><c><b/></c>\tx <b/>\n<b/></a>\n', encoding="utf-8")
    parsed = parse(path)
    assert isinstance(parsed, Parsed)
    assert [position(parsed, b) for b in parsed.root.iter("b")] == [(2, 3), (2, 10), (2, 21), (3, 1)]


def test_a_start_tag_over_several_lines_is_located_where_it_begins(tmp_path):
    """lxml gives the line on which a start tag ends; a finding must stand where the tag begins."""
    from narkomindel.xmlio import Parsed, parse, position

    path = tmp_path / "tags.xml"
    path.write_text('<a>\n<!-- <b> in a comment --><?pi <b>?><![CDATA[<b>]]>\n  <b x="1"\n     y="2>"/> <b\n/></a>',
                    encoding="utf-8")
    parsed = parse(path)
    assert isinstance(parsed, Parsed)
    assert [b.sourceline for b in parsed.root.iter("b")] == [4, 5]
    assert [position(parsed, b) for b in parsed.root.iter("b")] == [(3, 3), (4, 15)]


def test_a_date_with_a_start_tag_over_two_lines_is_blamed_where_it_begins(tmp_path):
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    text = BASE.read_text(encoding="utf-8")
    target = tmp_path / BASE.name
    # the first half of the first pair begins on line 41 and its start tag ends on line 42
    target.write_text(text.replace('when-custom="1917-10-26"\n', 'when-custom="1917-10-25"\n', 1), encoding="utf-8")
    findings = validate([target], ROOT / "schema")
    assert {f.rule for f in findings} == {"date-calendar-mismatch", "date-text-mismatch"}, lines(findings)
    column = text.splitlines()[40].index('<date when="1917-11-08" when-custom') + 1
    assert {(f.line, f.column) for f in findings} == {(41, column)}


# ---------------------------------------------------------------- what a run keeps for the next


@pytest.fixture
def counted_parses(monkeypatch) -> list[str]:
    """The names of the files validation parses, in order."""
    import narkomindel.validate as validation

    parsed: list[str] = []
    real = validation.parse

    def counting(path, *args, **kwargs):
        parsed.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(validation, "parse", counting)
    return parsed


def edition_copy(tmp_path: Path) -> Path:
    target = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", target)
    return target


def test_a_second_run_with_its_memo_parses_nothing_and_finds_the_same(tmp_path, counted_parses):
    from narkomindel.validate import Memo

    tei = edition_copy(tmp_path)
    memo = Memo()
    first = validate([tei], ROOT / "schema", memo=memo)
    assert counted_parses
    counted_parses.clear()
    again = Memo.from_data(memo.as_data())  # as the build keeps it between runs
    assert validate([tei], ROOT / "schema", memo=again) == first
    assert counted_parses == []


def test_a_memo_read_back_is_written_as_it_was_read_and_as_if_made_anew(tmp_path):
    """What a memo read from data writes again is taken from what it read, not made again: it must be exactly
    what the findings and indexes themselves make, also after a file changed."""
    from narkomindel.validate import Memo

    tei = edition_copy(tmp_path)
    report = tei / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("</p>", " ,,</p>", 1), encoding="utf-8")
    memo = Memo()
    validate([tei], ROOT / "schema", memo=memo)
    data = memo.as_data()
    assert data["indexes"] and any(data["own"].values())  # a finding of its own: a doubled comma
    again = Memo.from_data(data)
    assert again.as_data() == data
    note = tei / NOTE
    note.write_text(note.read_text(encoding="utf-8").replace("</p>", " ,,</p>", 1), encoding="utf-8")
    validate([tei], ROOT / "schema", memo=again)
    made_anew = Memo(again.own, again.indexes, again.across).as_data()
    assert again.as_data() == made_anew and made_anew != data


def test_a_changed_file_is_checked_again_and_a_new_dangling_pointer_found_in_the_others(tmp_path, counted_parses):
    from narkomindel.validate import Memo

    tei = edition_copy(tmp_path)
    memo = Memo()
    assert [f for f in validate([tei], ROOT / "schema", memo=memo) if f.severity.name == "ERROR"] == []
    # A wording change in one document: only that document is parsed again.
    document = tei / "1917-12-31-note-to-rumanian-embassy.xml"
    document.write_text(document.read_text(encoding="utf-8").replace(
        "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (sic).</p>", 1), encoding="utf-8")
    counted_parses.clear()
    assert [f for f in validate([tei], ROOT / "schema", memo=memo) if f.severity.name == "ERROR"] == []
    assert set(counted_parses) == {document.name}
    # An entry removed from the header: every document that points at it is checked again, and each is told.
    header = tei / "edition.xml"
    text = header.read_text(encoding="utf-8")
    start = text.index('<place xml:id="leovo"')
    header.write_text(text[:start] + text[text.index("</place>", start) + len("</place>"):], encoding="utf-8")
    counted_parses.clear()
    dangling = [f for f in validate([tei], ROOT / "schema", memo=memo) if f.rule == "ref-unresolved"]
    assert dangling and all("leovo" in f.message for f in dangling)
    assert len(set(counted_parses)) > 2  # the header and the documents checked against the changed corpus
    fresh = validate([tei], ROOT / "schema")
    assert [f for f in fresh if f.rule == "ref-unresolved"] == dangling


def test_many_files_are_checked_by_workers_with_the_findings_of_one_process(tmp_path, monkeypatch):
    """Above KEEP_PARSED files, each file's own checks and its part of the corpus are made by the workers; the
    findings are those of the path that keeps every tree in this process, with a memo or without."""
    from narkomindel import validate as validate_module
    from narkomindel.bench import synthetic_edition
    from narkomindel.project import Project
    from narkomindel.validate import KEEP_PARSED, Memo

    tei = synthetic_edition(Project(ROOT), KEEP_PARSED + 20, tmp_path / "big").tei
    broken, dangling = sorted(p for p in tei.glob("1918-*.xml"))[:2]
    broken.write_text(broken.read_text(encoding="utf-8").replace("</teiHeader>", "</teiheader>", 1), encoding="utf-8")
    dangling.write_text(dangling.read_text(encoding="utf-8").replace("edition.xml#trotsky", "edition.xml#trotskii", 1),
                        encoding="utf-8")
    memo = Memo()
    by_workers = validate([tei], ROOT / "schema", jobs=2, memo=memo)
    assert {(Path(f.path).name, f.rule) for f in by_workers} >= {(broken.name, "xml-wellformed"),
                                                                  (dangling.name, "ref-unresolved")}
    assert validate([tei], ROOT / "schema", jobs=2, memo=memo) == by_workers  # from the memo
    monkeypatch.setattr(validate_module, "KEEP_PARSED", 10_000)
    assert validate([tei], ROOT / "schema", jobs=1) == by_workers
