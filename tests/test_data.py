"""The edition as data: the teiCorpus file is valid TEI and holds every document; the zip of the TEI files is
deterministic; the CMIF file is valid against the CMIF schema and its Schematron rules; the JSON metadata is
valid against its JSON Schema and agrees with the TEI; `build --release` refuses a placeholder base URL."""

from __future__ import annotations

import json
import os
import hashlib
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree
from saxonche import PySaxonProcessor

from narkomindel import cli
from narkomindel.data import placeholder_url, write_tei_corpus, write_tei_zip
from narkomindel.project import Project

ROOT = Path(__file__).resolve().parents[1]
TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI_NS}
CMIF = ROOT / "tests/fixtures/cmif"
SCH = "http://purl.oclc.org/dsdl/schematron"
XML = "http://www.w3.org/XML/1998/namespace"


def test_the_tei_corpus_is_valid_tei_and_holds_every_document(site, project, tei_all):
    corpus = etree.parse(str(site / "data/narkomindel-1917-1918.xml"))
    assert tei_all.validate(corpus), tei_all.error_log.last_error
    ids = corpus.xpath("/tei:teiCorpus/tei:TEI/@xml:id", namespaces=NS)
    documents = sorted(p for p in project.tei.glob("1*.xml"))
    assert sorted(ids) == [f"nkid-{p.stem}" for p in documents]
    assert corpus.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS).text == "Narkomindel 1917–1918"


def same_element(a: etree._Element, b: etree._Element) -> bool:
    """Same name, attributes, text and children (the spaces between elements aside)."""
    return (a.tag == b.tag and dict(a.attrib) == dict(b.attrib) and (a.text or "") == (b.text or "")
            and (a.tail or "").strip() == (b.tail or "").strip() and len(a) == len(b)
            and all(same_element(x, y) for x, y in zip(a, b)))


def test_each_member_of_the_tei_corpus_is_its_file_s_document(site, project):
    corpus = etree.parse(str(site / "data/narkomindel-1917-1918.xml")).getroot()
    members = {member.get(f"{{{XML}}}id"): member for member in corpus.iterfind("tei:TEI", NS)}
    for path in sorted(project.tei.glob("1*.xml")):
        assert same_element(members[f"nkid-{path.stem}"], etree.parse(str(path)).getroot()), path.name


def test_the_corpus_holds_the_document_whatever_stands_around_its_root(project, tmp_path):
    """The members are taken from the files' text where that is safe; a byte-order mark, comments and
    instructions before the root are left out, and a file in another encoding or with a comment after its root
    is read as XML instead. Each way, the member is the document."""
    original = (project.tei / "1917-12-31-note-to-rumanian-embassy.xml").read_text(encoding="utf-8")
    body = original.split("?>", 1)[1]
    variants = {
        "marked.xml": b"\xef\xbb\xbf" + original.encode("utf-8"),
        "prologue.xml": ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- a note -->\n<?xml-model href="x.rng"?>'
                         + body).encode("utf-8"),
        "latin.xml": ('<?xml version="1.0" encoding="ISO-8859-1"?>' + body).encode("latin-1", "xmlcharrefreplace"),
        "trailing.xml": (original.rstrip() + "\n<!-- </TEI> -->\n").encode("utf-8"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
    corpus_file = tmp_path / "corpus.xml"
    write_tei_corpus(corpus_file, project.tei / "edition.xml", [tmp_path / name for name in variants])
    # The same document four times over: its xml:id too.
    members = etree.parse(str(corpus_file), etree.XMLParser(collect_ids=False)).getroot().findall("tei:TEI", NS)
    assert len(members) == len(variants)
    for member, name in zip(members, variants):
        assert same_element(member, etree.parse(str(tmp_path / name)).getroot()), name


def test_the_zip_holds_every_tei_file_with_fixed_times_in_order(site, project, tmp_path):
    path = site / "data/narkomindel-1917-1918-tei.zip"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names == sorted(f"tei/{p.name}" for p in project.tei.glob("*.xml"))
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("tei/edition.xml") == (project.tei / "edition.xml").read_bytes()
    files = sorted(project.tei.glob("*.xml"), key=lambda p: p.name)
    again, once_more = tmp_path / "again.zip", tmp_path / "once-more.zip"
    write_tei_zip(again, files)
    write_tei_zip(once_more, files)
    assert again.read_bytes() == once_more.read_bytes() == path.read_bytes()


def zipped_by_zipfile(target: Path, files: list[Path]) -> bytes:
    """The zip as the standard library writes it, every member compressed by it."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"tei/{path.name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, path.read_bytes())
    return target.read_bytes()


@pytest.fixture
def tei_copies(project, tmp_path) -> list[Path]:
    """The edition's TEI files, one of them under a name with letters outside ASCII."""
    folder = tmp_path / "tei"
    shutil.copytree(project.tei, folder)
    first = sorted(folder.glob("1*.xml"))[0]
    first.rename(folder / "1917-11-21-über-the-note.xml")
    return sorted(folder.glob("*.xml"), key=lambda p: p.name)


def test_the_zip_is_byte_for_byte_what_zipfile_writes(tei_copies, tmp_path):
    ours = tmp_path / "ours.zip"
    write_tei_zip(ours, tei_copies)
    assert ours.read_bytes() == zipped_by_zipfile(tmp_path / "reference.zip", tei_copies)
    with zipfile.ZipFile(ours) as archive:
        assert archive.testzip() is None
        assert [archive.read(f"tei/{p.name}") for p in tei_copies] == [p.read_bytes() for p in tei_copies]


def keys_of(files: list[Path]) -> list[str]:
    """Each file's key as the build gives it: here, its name and content."""
    return [f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}" for path in files]


def counted_deflates(monkeypatch) -> list[int]:
    import narkomindel.data as data

    compressed: list[int] = []
    real = data._deflated
    monkeypatch.setattr(data, "_deflated", lambda content: compressed.append(len(content)) or real(content))
    return compressed


def test_a_rebuilt_zip_compresses_only_the_changed_files_and_equals_a_fresh_one(tei_copies, tmp_path, monkeypatch):
    previous = tmp_path / "previous.zip"
    layout = write_tei_zip(previous, tei_copies, keys_of(tei_copies))
    changed = tei_copies[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("</p>", " again</p>", 1), encoding="utf-8")
    compressed = counted_deflates(monkeypatch)
    rebuilt = tmp_path / "rebuilt.zip"
    write_tei_zip(rebuilt, tei_copies, keys_of(tei_copies), previous, layout)
    assert compressed == [changed.stat().st_size]
    assert rebuilt.read_bytes() == zipped_by_zipfile(tmp_path / "reference.zip", tei_copies)


@pytest.mark.parametrize("damage", ["rewritten", "garbled"])
def test_a_previous_zip_that_is_not_what_its_layout_says_is_not_copied_from(tei_copies, tmp_path, monkeypatch,
                                                                             damage):
    """Rewritten by another program (its members elsewhere), or garbled where its central directory stands: every
    member is compressed anew, and the zip is still what zipfile writes."""
    previous = tmp_path / "previous.zip"
    layout = write_tei_zip(previous, tei_copies, keys_of(tei_copies))
    size = previous.stat().st_size
    if damage == "rewritten":
        zipped_by_zipfile(previous, list(reversed(tei_copies)))
    else:
        previous.write_bytes(previous.read_bytes()[:size - 100] + b"\0" * 100)
    compressed = counted_deflates(monkeypatch)
    rebuilt = tmp_path / "rebuilt.zip"
    write_tei_zip(rebuilt, tei_copies, keys_of(tei_copies), previous, layout)
    assert len(compressed) == len(tei_copies)
    assert rebuilt.read_bytes() == zipped_by_zipfile(tmp_path / "reference.zip", tei_copies)


def test_a_rebuilt_corpus_reads_only_the_changed_documents_and_equals_a_fresh_one(tei_copies, tmp_path,
                                                                                  monkeypatch):
    import narkomindel.data as data

    header, documents = tei_copies[-1], tei_copies[:-1]
    assert header.name == "edition.xml"
    previous = tmp_path / "previous.xml"
    layout = write_tei_corpus(previous, header, documents, keys_of([header, *documents]))
    changed = documents[2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("</p>", " again</p>", 1), encoding="utf-8")
    read: list[str] = []
    real = data.corpus_member
    monkeypatch.setattr(data, "corpus_member", lambda path, parser: read.append(path.name) or real(path, parser))
    rebuilt = tmp_path / "rebuilt.xml"
    write_tei_corpus(rebuilt, header, documents, keys_of([header, *documents]), previous, layout)
    assert read == [changed.name]
    monkeypatch.undo()
    fresh = tmp_path / "fresh.xml"
    write_tei_corpus(fresh, header, documents)
    assert rebuilt.read_bytes() == fresh.read_bytes()
    assert b" again</p>" in rebuilt.read_bytes()


@pytest.mark.parametrize("limit", ["members", "size"])
def test_a_zip_too_large_for_the_plain_format_is_written_by_zipfile(tei_copies, tmp_path, monkeypatch, limit):
    """Too many members (known before anything is written), or too many bytes (known once the members are):
    zipfile writes it, with the ZIP64 records the plain format lacks."""
    import narkomindel.data as data

    if limit == "members":
        monkeypatch.setattr(data, "ZIP_MAX_MEMBERS", 3)
        monkeypatch.setattr(data, "_central_record", None)  # not reached
    else:
        monkeypatch.setattr(data, "ZIP_MAX_SIZE", sum(p.stat().st_size for p in tei_copies) // 10)
    ours = tmp_path / "ours.zip"
    assert write_tei_zip(ours, tei_copies, keys_of(tei_copies)) == []
    assert ours.read_bytes() == zipped_by_zipfile(tmp_path / "reference.zip", tei_copies)


def test_cmif_is_valid_against_the_cmif_schema_and_rules(site):
    cmif = etree.parse(str(site / "data/cmif.xml"))
    relaxng = etree.RelaxNG(etree.parse(str(CMIF / "cmi-customization.rng")))
    assert relaxng.validate(cmif), relaxng.error_log
    failures = schematron_errors(CMIF / "cmif.sch", site / "data/cmif.xml")
    assert failures == []


def schematron_errors(schema: Path, document: Path) -> list[str]:
    """Every assert with role 'error' of a Schematron schema, evaluated by Saxon's XPath on every node its rule's
    context matches (the CMIF rules are plain XPath 2.0)."""
    processor = PySaxonProcessor(license=False)
    rules = etree.parse(str(schema))
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in rules.iterfind(f"{{{SCH}}}ns")}
    node = processor.parse_xml(xml_file_name=str(document))
    failures = []
    for rule in rules.iter(f"{{{SCH}}}rule"):
        xpath = processor.new_xpath_processor()
        for prefix, uri in namespaces.items():
            xpath.declare_namespace(prefix, uri)
        xpath.set_context(xdm_item=node)
        contexts = xpath.evaluate("//" + rule.get("context")) or []
        for context in contexts:
            for check in rule.iterfind(f"{{{SCH}}}assert"):
                if check.get("role") != "error":
                    continue
                xpath.set_context(xdm_item=context)
                if not xpath.effective_boolean_value(check.get("test")):
                    failures.append(" ".join(check.text.split()))
    return failures


def test_cmif_has_every_document_with_a_sender_and_an_addressee(site):
    cmif = etree.parse(str(site / "data/cmif.xml"))
    records = json.loads((site / "data/documents.json").read_text(encoding="utf-8"))["documents"]
    expected = sorted(r["url"] for r in records if r["authors"] and r["addressees"])
    described = cmif.xpath("//tei:correspDesc", namespaces=NS)
    assert sorted(d.get("ref") for d in described) == expected and expected
    first = described[0]
    assert first.xpath("tei:correspAction[@type='sent']/tei:persName/@ref", namespaces=NS) == [
        "http://www.wikidata.org/entity/Q33391"]
    assert first.xpath("tei:correspAction[@type='sent']/tei:date/@when", namespaces=NS) == ["1917-11-21"]


def test_the_json_metadata_is_valid_and_agrees_with_the_tei(site, project):
    schema = json.loads((ROOT / "schema/metadata.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((site / "data/documents.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert (site / "data/metadata.schema.json").read_bytes() == (ROOT / "schema/metadata.schema.json").read_bytes()
    records = {r["id"]: r for r in data["documents"]}
    assert len(records) == 14
    questions = records["nkid-1918-03-05-questions-to-us-government"]
    tree = etree.parse(str(project.tei / "1918-03-05-questions-to-us-government.xml"))
    assert questions["paragraphs"] == len(tree.xpath("//tei:body//tei:p[@n]", namespaces=NS))
    assert "2.1" in questions["citable_units"]
    assert questions["date"]["gregorian"] == "1918-03-05"
    statement = records["nkid-1917-11-22-statement-on-secret-treaties"]
    assert statement["authors"] == [{"id": "trotsky", "name": "Leon Trotsky", "certainty": "medium"}]
    assert statement["source"] == {"copy_text": "web-transcription", "entry": "2",
                                   "cited_source": "trotsky-sochineniya", "cited_as": "Trotsky, iii, 2, p.64"}
    assert "europe" in statement["mentions"]["places"]


def test_release_refuses_a_placeholder_base_url_and_a_preview_says_so(tmp_path, monkeypatch):
    for part in ("tei", "schema", "xslt"):
        shutil.copytree(ROOT / part, tmp_path / part)
    project = Project(tmp_path)
    monkeypatch.setattr(cli, "default_project", lambda: project)
    assert placeholder_url(project) == "https://example.org/narkomindel/"
    refused = CliRunner().invoke(cli.main, ["build", "--release", "--out", str(tmp_path / "build")])
    assert refused.exit_code == 2 and "placeholder" in refused.output
    assert not (tmp_path / "build").exists()
    preview = CliRunner().invoke(cli.main, ["build", "--format", "text", "--out", str(tmp_path / "build")])
    assert preview.exit_code == 0, preview.output
    assert preview.output.count("placeholder") == 1
    edition = tmp_path / "tei/edition.xml"
    edition.write_text(edition.read_text(encoding="utf-8").replace(
        "https://example.org/narkomindel/", "https://narkomindel.example.edu/"), encoding="utf-8")
    assert placeholder_url(project) is None
    released = CliRunner().invoke(cli.main, ["build", "--release", "--format", "text", "--out",
                                             str(tmp_path / "build")])
    assert released.exit_code == 0 and "placeholder" not in released.output
