"""Citations: every format, for every document and every citable unit, parses in the tool that reads it and says
what a historian needs (author with its certainty, translator, editors, version, the source the copy text
reproduces, the passage); the meta tags give the right item under Zotero's embedded-metadata mapping; the TEI
declares how units are cited and every unit resolves through it; CITATION.cff agrees with the TEI header."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml
from lxml import etree, html
from saxonche import PySaxonProcessor

from narkomindel.incremental import State
from narkomindel.build import read_edition

ROOT = Path(__file__).resolve().parents[1]
TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI_NS}
CSL_SCHEMA = json.loads((ROOT / "tests/fixtures/csl/csl-data.json").read_text(encoding="utf-8"))
TRANSLATED = {"1917-11-21-report-to-central-executive-committee", "1917-11-25-article-on-secret-treaties"}
FORMATS = ("chicago", "bibtex", "ris", "csl-json")


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("[0-9]*.html"))


def citations_of(page: etree._Element) -> dict[str, dict[str, str]]:
    """The citations on a page: '' for the whole document, then one set per citable unit."""
    found = {"": {f: page.xpath(f"string(//pre[@id='cite-{f}'])") for f in FORMATS}}
    for unit in page.xpath("//template[@id='cite-passages']/div"):
        found[unit.get("data-unit")] = {f: unit.xpath(f"string(pre[@data-format='{f}'])") for f in FORMATS}
    return found


@pytest.fixture(scope="module")
def all_citations(site: Path) -> dict[str, dict[str, dict[str, str]]]:
    return {path.stem: citations_of(html.parse(str(path)).getroot()) for path in pages(site)}


@pytest.fixture(scope="module")
def units(site: Path) -> dict[str, list[str]]:
    records = json.loads((site / "data/documents.json").read_text(encoding="utf-8"))["documents"]
    return {Path(r["file"]).stem: r["citable_units"] for r in records}


def test_every_citable_unit_has_citations_in_every_format(all_citations, units):
    assert len(all_citations) == 14
    for stem, cited in all_citations.items():
        assert sorted(cited) == sorted(["", *units[stem]]), stem
        for unit, formats in cited.items():
            assert all(formats[f].strip() for f in FORMATS), (stem, unit)
    assert "2.1" in all_citations["1918-03-05-questions-to-us-government"]


def test_bibtex_parses_for_documents_and_passages(all_citations):
    for stem, cited in all_citations.items():
        for unit, formats in cited.items():
            library = bibtexparser.parse_string(formats["bibtex"])
            assert not library.failed_blocks, (stem, unit, formats["bibtex"])
            assert len(library.entries) == 1
            entry = library.entries[0]
            fields = {f.key: f.value for f in entry.fields}
            assert entry.entry_type == "misc"
            assert fields["url"].endswith(f"{stem}.html" + (f"#p{unit}" if unit else ""))
            assert fields["version"] == "0.1.0" and fields["year"] == "2026"
            assert "The editors of Narkomindel" in fields["editor"]
            if unit:
                assert f"¶ {unit}" in fields["pages"] and f" {unit}" in fields["note"]
                assert entry.key.endswith(f"-p{unit}")


def test_bibtex_escapes_what_tex_reads_as_commands(renderer):
    assert renderer.stylesheet("cite.xsl") is not None  # compiles on its own
    escaped = _call(PySaxonProcessor(license=False), "cite:tex('50% of {A} &amp; B_c #1 $2 ~ ^ \\')")
    assert escaped == r"50\% of \{A\} \& B\_c \#1 \$2 \textasciitilde{} \textasciicircum{} \textbackslash{}"


def _call(processor: PySaxonProcessor, expression: str) -> str:
    """Evaluate an XPath expression with cite.xsl's functions, by a tiny stylesheet importing it."""
    compiler = processor.new_xslt30_processor()
    text = (f'<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
            f'xmlns:cite="urn:narkomindel:cite"><xsl:import href="{(ROOT / "xslt/cite.xsl").as_uri()}"/>'
            f'<xsl:output method="text"/><xsl:template name="xsl:initial-template">'
            f'<xsl:value-of select="{expression.replace(chr(34), "&quot;")}"/></xsl:template></xsl:stylesheet>')
    executable = compiler.compile_stylesheet(stylesheet_text=text)
    return executable.call_template_returning_string()


UNIT_BY_UNIT = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:cite="urn:narkomindel:cite">
  <xsl:import href="{module}"/>
  <xsl:output method="text"/>
  <xsl:param name="title" select="()"/>
  <!-- Each unit's citations written for that unit alone, then as the page writes them for all units at once. -->
  <xsl:template match="/">
    <xsl:variable name="whole" select="cite:record(tei:TEI, ())"/>
    <xsl:variable name="record" select="if (exists($title)) then map:put($whole, 'title', $title) else $whole"/>
    <xsl:variable name="units" select="cite:units(tei:TEI)"/>
    <xsl:value-of separator="&#x241E;" select="
        $units ! cite:formats(cite:unit-record($record, .)) ! (?chicago, ?bibtex, ?ris, ?csl-json),
        '&#x241F;',
        cite:units-formats($record, $units) ! (?chicago, ?bibtex, ?ris, ?csl-json)"/>
  </xsl:template>
</xsl:stylesheet>"""


def _units_both_ways(processor: PySaxonProcessor, document: Path, title: str | None = None) -> tuple[list, list]:
    compiler = processor.new_xslt30_processor()
    executable = compiler.compile_stylesheet(
        stylesheet_text=UNIT_BY_UNIT.format(module=(ROOT / "xslt/cite.xsl").as_uri()))
    executable.set_parameter("edition", processor.parse_xml(xml_file_name=str(ROOT / "tei/edition.xml")))
    if title is not None:
        executable.set_parameter("title", processor.make_string_value(title))
    result = executable.apply_templates_returning_string(xdm_value=processor.parse_xml(xml_file_name=str(document)))
    one_by_one, all_at_once = result.split("\u241f")
    return one_by_one.strip("\u241e").split("\u241e"), all_at_once.strip("\u241e").split("\u241e")


def test_the_units_citations_written_at_once_are_those_written_unit_by_unit(project):
    processor = PySaxonProcessor(license=False)
    documents = sorted(p for p in project.tei.glob("*.xml") if p.name != "edition.xml")
    items = 0
    for document in documents:
        one_by_one, all_at_once = _units_both_ways(processor, document)
        assert all_at_once == one_by_one, document.name
        items += sum("cited at item" in citation for citation in all_at_once)
    assert items  # list items ("2.1") are cited as items, paragraphs as paragraphs


def test_a_record_holding_the_stand_in_characters_is_still_cited_right(project):
    processor = PySaxonProcessor(license=False)
    document = project.tei / "1918-03-05-questions-to-us-government.xml"
    one_by_one, all_at_once = _units_both_ways(processor, document, "Questions \ue010 and \ue011 answers")
    assert all_at_once == one_by_one
    assert "Questions \ue010 and \ue011 answers" in all_at_once[0]


def test_ris_parses_with_the_passage_and_the_translator(all_citations):
    for stem, cited in all_citations.items():
        for unit, formats in cited.items():
            records = rispy.loads(formats["ris"])
            assert len(records) == 1, (stem, unit)
            record = records[0]
            assert record["type_of_reference"] == "GEN"
            assert record["urls"] == [record["urls"][0]] and record["urls"][0].endswith(
                f"{stem}.html" + (f"#p{unit}" if unit else ""))
            assert record["edition"] == "0.1.0" and record["year"] == "2026"
            assert record["secondary_authors"] == ["The editors of Narkomindel 1917–1918"]
            if unit:
                assert record["start_page"] == f"¶ {unit}"
            else:
                assert "start_page" not in record
            if stem in TRANSLATED:
                assert record["subsidiary_authors"] == ["Dickenson, Pete"]
                assert "Socialism Today 213 (November 2017)" in record["original_publication"]


def test_csl_json_is_valid_against_the_csl_schema(all_citations):
    for stem, cited in all_citations.items():
        for unit, formats in cited.items():
            items = json.loads(formats["csl-json"])
            jsonschema.validate(items, CSL_SCHEMA)
            item = items[0]
            assert item["type"] == "document"
            assert item["issued"] == {"date-parts": [[2026, 11, 24]]}
            assert item["original-date"]["date-parts"][0][0] in (1917, 1918)
            assert item["URL"].endswith(f"{stem}.html" + (f"#p{unit}" if unit else ""))
            assert item.get("section") == (f"¶ {unit}" if unit else None)
            if stem in TRANSLATED:
                assert item["translator"] == [{"family": "Dickenson", "given": "Pete"}]


def test_chicago_names_translator_editors_version_source_and_passage(all_citations):
    report = all_citations["1917-11-21-report-to-central-executive-committee"]
    assert report["3"]["chicago"] == (
        "Leon Trotsky, “Report to the Central Executive Committee on the work of the People’s Commissariat for "
        "Foreign Affairs,” 8 (21) November 1917, trans. Pete Dickenson, in Narkomindel 1917–1918, ed. the editors "
        "of Narkomindel 1917–1918, version 0.1.0 (24 November 2026), ¶ 3, "
        "https://example.org/narkomindel/1917-11-21-report-to-central-executive-committee.html#p3. Copy text: "
        "Socialism Today 213 (November 2017); cited there as Protocols of the Central Executive Committee for "
        "1917 (Protocol No.8).")
    statement = all_citations["1917-11-22-statement-on-secret-treaties"][""]["chicago"]
    assert statement.startswith("[Leon Trotsky], “Statement on the publication of the secret treaties,”")
    assert "cited there as Trotsky, iii, 2, p.64" in statement
    item = all_citations["1918-03-05-questions-to-us-government"]["2.1"]["chicago"]
    assert ", ¶ 2.1, " in item and item.count("#p2.1") == 1


def test_the_files_hold_the_same_citations_as_the_pages(site, all_citations):
    for stem, cited in all_citations.items():
        key = f"nkid-{stem}"
        assert (site / f"cite/{key}.bib").read_text(encoding="utf-8") == cited[""]["bibtex"]
        assert (site / f"cite/{key}.ris").read_text(encoding="utf-8") == cited[""]["ris"]
        assert json.loads((site / f"cite/{key}.json").read_text(encoding="utf-8")) == json.loads(cited[""]["csl-json"])
    whole = bibtexparser.parse_string((site / "cite/narkomindel-1917-1918.bib").read_text(encoding="utf-8"))
    assert not whole.failed_blocks and whole.entries[0].key == "narkomindel-1917-1918"
    assert rispy.loads((site / "cite/narkomindel-1917-1918.ris").read_text(encoding="utf-8"))[0][
        "type_of_reference"] == "EDBOOK"
    jsonschema.validate(json.loads((site / "cite/narkomindel-1917-1918.json").read_text(encoding="utf-8")),
                        CSL_SCHEMA)


def test_each_page_offers_its_citation_files(site):
    page = html.parse(str(site / "1917-11-23-note-to-neutral-envoys.html")).getroot()
    links = page.xpath("//p[@class='downloads']/a/@href")[:3]
    assert links == [f"cite/nkid-1917-11-23-note-to-neutral-envoys.{e}" for e in ("bib", "ris", "json")]
    assert all((site / link).is_file() for link in links)


# ---------------------------------------------------------------- Zotero's embedded-metadata mapping
# From Zotero's translator "Embedded Metadata" (zotero/translators, Embedded Metadata.js): the Highwire fields it
# copies, in the order it copies them (a later tag overwrites an earlier one), the tags that fix the item type,
# and the Dublin Core type it passes to the RDF translator, which takes a Zotero item type named in DC.type.
HIGHWIRE_MAPPINGS = [
    ("citation_title", "title"), ("citation_publication_date", "date"), ("citation_cover_date", "date"),
    ("citation_date", "date"), ("citation_journal_title", "publicationTitle"),
    ("citation_inbook_title", "publicationTitle"), ("citation_book_title", "bookTitle"),
    ("citation_publisher", "publisher"), ("citation_public_url", "url"), ("citation_language", "language"),
]
HW_TYPES = {"citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
            "citation_conference_title": "conferencePaper", "citation_book_title": "bookSection",
            "citation_inbook_title": "bookSection", "citation_dissertation_institution": "thesis"}
ZOTERO_TYPES = {"document", "webpage", "manuscript", "letter", "report", "book", "bookSection"}


def zotero_item(page: etree._Element) -> dict:
    metas = [(m.get("name"), m.get("content")) for m in page.xpath("/html/head/meta[@name]")]
    first = {}
    for name, content in metas:
        first.setdefault(name, content)
    item: dict = {"creators": []}
    for tag, field in HIGHWIRE_MAPPINGS:
        if first.get(tag):
            item[field] = first[tag]
    for tag, role in (("citation_author", "author"), ("citation_editor", "editor")):
        item["creators"] += [(role, content) for name, content in metas if name == tag]
    hw_type = next((HW_TYPES[name] for name, _ in metas if name in HW_TYPES), None)
    dc_type = first.get("DC.type")
    item["itemType"] = hw_type or (dc_type if dc_type in ZOTERO_TYPES else "journalArticle")
    return item


def test_meta_tags_import_as_a_document_of_an_online_edition(site):
    page = html.parse(str(site / "1917-11-22-statement-on-secret-treaties.html")).getroot()
    item = zotero_item(page)
    assert item["itemType"] == "document"
    assert item["title"] == "Statement on the publication of the secret treaties, 9 (22) November 1917"
    assert item["date"] == "2026/11/24"
    assert item["creators"] == [("author", "[Leon Trotsky]"), ("editor", "The editors of Narkomindel 1917–1918")]
    assert item["publisher"] == "Narkomindel 1917–1918, version 0.1.0"
    assert item["url"] == "https://example.org/narkomindel/1917-11-22-statement-on-secret-treaties.html"
    names = page.xpath("/html/head/meta/@name")
    assert "citation_date" not in names and "citation_inbook_title" not in names


def test_meta_tags_name_the_translator_and_a_certain_author_by_family_name(site):
    page = html.parse(str(site / "1917-11-25-article-on-secret-treaties.html")).getroot()
    item = zotero_item(page)
    assert ("author", "Trotsky, Leon") in item["creators"]
    assert page.xpath("/html/head/meta[@name='DC.contributor']/@content") == ["Pete Dickenson (translator)"]
    assert "Socialism Today 213" in page.xpath("string(/html/head/meta[@name='DC.source']/@content)")


# ---------------------------------------------------------------- the text edition, versions, citeStructure
def test_the_text_edition_cites_as_the_web_does(project, site, all_citations):
    edition = read_edition(project, State(), State())
    path = project.tei / "1917-11-25-article-on-secret-treaties.xml"
    text = edition.renderer.run("text.xsl", "edition-text", edition.renderer.load(path), edition.parameters)
    field = re.search(r"^Cite as:\s+(.*?)(?=^\S|\n\n)", text, re.S | re.M).group(1)
    assert " ".join(field.split()) == all_citations[path.stem][""]["chicago"]


def test_every_page_shows_its_history_and_the_changelog_lists_every_change(project, site):
    page = html.parse(str(site / "1918-01-02-press-interview-on-peace-terms.html")).getroot()
    assert page.xpath("//section[@id='history']//li")
    changelog = " ".join(html.parse(str(site / "changelog.html")).getroot().text_content().split())
    for path in project.tei.glob("*.xml"):
        for change in etree.parse(str(path)).iterfind(".//tei:revisionDesc/tei:change", NS):
            assert " ".join("".join(change.itertext()).split()) in changelog, path.name


def test_citation_cff_agrees_with_the_tei_header(project):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    header = etree.parse(str(project.tei / "edition.xml"))
    text = lambda path: " ".join(header.xpath(f"string({path})", namespaces=NS).split())  # noqa: E731
    assert cff["version"] == header.xpath("string(//tei:editionStmt/tei:edition/@n)", namespaces=NS)
    assert str(cff["date-released"]) == header.xpath("string(//tei:editionStmt//tei:date/@when)", namespaces=NS)
    assert cff["title"].replace("'", "’") == text("//tei:titleStmt/tei:title[@type='main']") + ": " + text(
        "//tei:titleStmt/tei:title[@type='sub']").removesuffix(": a digital edition")
    assert [a["name"] for a in cff["authors"]] == [
        " ".join(e.split()) for e in header.xpath("//tei:titleStmt/tei:editor/text()", namespaces=NS)]
    assert cff["url"] == text("//tei:publicationStmt/tei:idno[@type='URL']")
    assert cff["license"] == "CC-BY-4.0" and "by/4.0" in text("//tei:licence/@target")
    assert cff["preferred-citation"]["version"] == cff["version"]


def test_every_citable_unit_resolves_through_the_cite_structure(project, units):
    processor = PySaxonProcessor(license=False)
    header = etree.parse(str(project.tei / "edition.xml"))
    top = header.find(".//tei:refsDecl/tei:citeStructure", NS)
    assert top.get("unit") == "document"

    def evaluate(node, expression):
        xpath = processor.new_xpath_processor()
        xpath.declare_namespace("", TEI_NS)
        xpath.set_context(xdm_item=node)
        return xpath.evaluate(expression)

    def resolve(node, structure, prefix: str) -> list[str]:
        refs = []
        for match in (evaluate(node, structure.get("match")) or []):
            use = evaluate(match, f"string({structure.get('use')})")
            ref = prefix + (structure.get("delim") or "") + str(use)
            refs.append(ref)
            for child in structure.iterfind("tei:citeStructure", NS):
                refs += resolve(match, child, ref)
        return refs

    for path in sorted(project.tei.glob("1*.xml")):
        node = processor.parse_xml(xml_file_name=str(path))
        refs = resolve(node, top, "")
        document = refs[0]
        assert document == f"nkid-{path.stem}"
        # A unit's reference is the document id, "#p" and its number: exactly the anchors of the web pages.
        assert refs[1:] == [f"{document}#p{unit}" for unit in units[path.stem]], path.name
