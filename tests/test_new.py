"""`narkomindel new`: a document named and identified by the edition's rules, with both calendar values, whose
marked places the validator names until they are filled; it refuses to overwrite, and refuses a type or a date it
cannot honour, saying why."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from narkomindel.cli import main
from narkomindel.new import slug_of
from narkomindel.validate import validate

ROOT = Path(__file__).resolve().parents[1]
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """An edition folder with the real header and one published document."""
    (tmp_path / "tei").mkdir()
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "tei" / "edition.xml")
    shutil.copy(ROOT / "tei" / "1918-01-04-note-to-persian-government.xml", tmp_path / "tei")
    return tmp_path


def new(edition: Path, *args: str):
    return CliRunner().invoke(main, ["new", "--project", str(edition), *args])


def test_a_julian_date_gives_the_gregorian_file_name_and_both_calendar_values(edition):
    result = new(edition, "--julian", "1918-01-02", "--type", "note", "--title", "Note to the Swedish Legation")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == edition / "tei" / "1918-01-15-note-to-swedish-legation.xml"
    root = etree.parse(str(path)).getroot()
    assert root.get(XML_ID) == "nkid-1918-01-15-note-to-swedish-legation"
    (date,) = root.xpath("//tei:creation/tei:date", namespaces=TEI)
    assert (date.get("when"), date.get("when-custom")) == ("1918-01-15", "1918-01-02")
    assert date.get("calendar") == "edition.xml#julian" and date.text == "2 January 1918"
    assert root.xpath("string(//tei:catRef/@target)", namespaces=TEI) == "edition.xml#dt-note"
    assert root.xpath("string(//tei:titleStmt/tei:title)", namespaces=TEI) == "Note to the Swedish Legation"
    assert root.xpath("//tei:publicationStmt/tei:p/tei:ref[@target='edition.xml']", namespaces=TEI)


def test_a_gregorian_date_is_written_in_the_gregorian_calendar(edition):
    result = new(edition, "--date", "1918-03-05", "--type", "questions", "--title", "Questions to the Embassy")
    assert result.exit_code == 0, result.output
    root = etree.parse(result.stdout.strip()).getroot()
    (date,) = root.xpath("//tei:creation/tei:date", namespaces=TEI)
    assert (date.get("when"), date.get("when-custom"), date.get("calendar")) == \
        ("1918-03-05", "1918-02-20", "edition.xml#gregorian")
    assert date.text == "5 March 1918"


def test_the_validator_names_every_marked_place_and_nothing_else_until_they_are_filled(edition):
    result = new(edition, "--date", "1918-01-15", "--type", "note", "--title", "Note to the Swedish Legation")
    path = Path(result.stdout.strip())
    findings = validate([path], ROOT / "schema")
    assert {f.rule for f in findings} == {"fill-in"}, "\n".join(f.as_line() for f in findings)
    named = " ".join(f.message for f in findings)
    for place in ("author", "copy text", "printed source", "addressee", "text of the document"):
        assert place in named, f"the {place} is not named: {named}"
    text = path.read_text(encoding="utf-8")
    filled = (text.replace('ref="edition.xml#FILL-IN-author">FILL-IN: the author\'s name as the source gives it',
                           'ref="edition.xml#trotsky">Leon Trotsky')
              .replace('source="edition.xml#FILL-IN-copy-text">FILL-IN: the copy text\'s title,',
                       'source="edition.xml#web-transcription">Official Government Documents,')
              .replace("entry FILL-IN", "entry 20"))
    start = filled.index('<bibl type="cited-source"')
    end = filled.index("</bibl>", start) + len("</bibl>")
    filled = filled[:start] + ('<bibl type="cited-source" subtype="not-given"><note>The transcription names no '
                               'source for this document.</note></bibl>') + filled[end:]
    start = filled.index("<correspDesc>")
    filled = filled[:start] + filled[filled.index("</correspDesc>") + len("</correspDesc>"):]
    filled = filled.replace("FILL-IN: the text of the document as the copy text gives it, one p per paragraph.",
                            "The Legation is informed of the Commissariat's decision.")
    path.write_text(filled, encoding="utf-8")
    assert validate([path], ROOT / "schema") == []


def test_an_existing_file_is_never_overwritten(edition):
    existing = edition / "tei" / "1918-01-04-note-to-persian-government.xml"
    before = existing.read_bytes()
    result = new(edition, "--date", "1918-01-04", "--type", "note", "--title", "Note to the Persian Government")
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--slug" in result.stderr
    assert existing.read_bytes() == before
    again = new(edition, "--date", "1918-01-04", "--type", "note", "--title", "Note to the Persian Government",
                "--slug", "second note to the persian government")
    assert again.exit_code == 0 and again.stdout.strip().endswith("1918-01-04-second-note-to-persian-government.xml")


@pytest.mark.parametrize("args, says", [
    (["--date", "1918-02-30"], "not a day of the Gregorian calendar"),
    (["--julian", "1918-02-29"], "not a day of the Julian calendar"),
    (["--date", "1918-13-01"], "not a day of the Gregorian calendar"),
    (["--date", "18-1-5"], "write YYYY-MM-DD"),
    (["--julian", "1918-02-10"], "when Russia counted New Style"),
    (["--date", "1918-01-15", "--julian", "1918-01-02"], "give the document's date once"),
    ([], "give the document's date once"),
])
def test_an_impossible_date_is_refused_saying_why(edition, args, says):
    result = new(edition, *args, "--type", "note", "--title", "A note")
    assert result.exit_code == 2
    assert says in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in (edition / "tei").iterdir()) == ["1918-01-04-note-to-persian-government.xml",
                                                                    "edition.xml"]


def test_a_julian_leap_day_the_gregorian_calendar_lacks_is_accepted(edition):
    result = new(edition, "--julian", "1900-02-29", "--type", "note", "--title", "A note")
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).name == "1900-03-13-note.xml"


def test_an_unknown_type_is_refused_with_the_edition_s_types(edition):
    result = new(edition, "--date", "1918-01-15", "--type", "memo", "--title", "A memo")
    assert result.exit_code == 2
    assert "memo" in result.stderr and "note" in result.stderr and "speech" in result.stderr


def test_a_title_with_markup_characters_stays_text(edition):
    result = new(edition, "--date", "1918-01-15", "--type", "note", "--title", "Reply to <Mr> Buchanan & Co")
    assert result.exit_code == 0, result.output
    root = etree.parse(result.stdout.strip()).getroot()
    assert root.xpath("string(//tei:titleStmt/tei:title)", namespaces=TEI) == "Reply to <Mr> Buchanan & Co"


def test_outside_an_edition_new_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "--date", "1918-01-15", "--type", "note", "--title", "A note"])
    assert result.exit_code == 2 and "tei/edition.xml" in result.stderr


@pytest.mark.parametrize("title, slug", [
    ("Note to the Allied ambassadors", "note-to-allied-ambassadors"),
    ("Réponse de l’Ambassade", "reponse-de-lambassade"),
    ("Speech on the Polish delegation at Brest-Litovsk, 3 February", "speech-on-polish-delegation-at-brest"),
])
def test_slugs_follow_the_edition_s_file_names(title, slug):
    assert slug_of(title) == slug


def test_the_change_is_dated_today(edition):
    result = new(edition, "--date", "1918-01-15", "--type", "note", "--title", "A note")
    root = etree.parse(result.stdout.strip()).getroot()
    assert root.xpath("string(//tei:revisionDesc/tei:change/@when)", namespaces=TEI) == dt.date.today().isoformat()
