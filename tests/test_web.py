"""The built web edition read as HTML (lxml): where links lead, what the apparatus says, what search can find,
and that nothing in the edition's text can become markup or a script on a page."""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree, html

from narkomindel.build import build_catalogue
from narkomindel.search import write_search_index
from narkomindel.render import Renderer

ROOT = Path(__file__).resolve().parents[1]
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
XHTML = "{http://www.w3.org/1999/xhtml}"


def page(site: Path, name: str) -> html.HtmlElement:
    return html.parse(str(site / name)).getroot()


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


# ---------------------------------------------------------------- links lead where they say


def test_every_link_inside_the_site_reaches_an_existing_anchor(site):
    ids = {path.name: set(page(site, path.name).xpath("//@id")) for path in pages(site)}
    broken = []
    for path in pages(site):
        for href in page(site, path.name).xpath("//a/@href"):
            if re.match(r"^[a-z]+:", href) or href.startswith("tei/") or href.startswith("assets/"):
                continue
            target, _, anchor = href.partition("#")
            target = target or path.name
            if not target.endswith(".html"):  # a data or citation file: it must exist
                if not (site / target).is_file():
                    broken.append(f"{path.name}: {href}")
                continue
            if target not in ids or (anchor and anchor not in ids[target]):
                broken.append(f"{path.name}: {href}")
    assert broken == []


def test_mentions_in_list_items_are_cited_by_item_number(site):
    persons = page(site, "places.html")
    links = persons.xpath("//section[@id='moon-islands']//ul[@class='mentions']//a")
    by_href = {a.get("href"): text_of(a) for a in links}
    assert by_href["1917-12-06-note-on-armistice-negotiations.html#p2.3"] == "¶ 2.3"
    everywhere = [text_of(a) for path in ("persons.html", "places.html", "organisations.html")
                  for a in page(site, path).xpath("//ul[@class='mentions']//a")]
    item_mentions = [t for t in everywhere if re.fullmatch(r"¶ \d+\.\d+", t)]
    assert len(item_mentions) >= 10


def test_mentions_in_notes_and_the_introduction_link_to_them(site):
    hrefs = [a.get("href") for path in ("persons.html", "places.html", "organisations.html")
             for a in page(site, path).xpath("//ul[@class='mentions']//a")]
    assert not [h for h in hrefs if h.endswith("#notes-title")]
    entry = page(site, "organisations.html").xpath("//section[@id='vtsik']//ul[@class='mentions']//a")
    by_label = {text_of(a): a.get("href") for a in entry}
    report = "1917-11-21-report-to-central-executive-committee.html"
    assert by_label["note 1 to the introduction"] == f"{report}#note-t1"
    trotsky = page(site, "persons.html").xpath("//section[@id='trotsky']//ul[@class='mentions']//a")
    assert f"{report}#front" in [a.get("href") for a in trotsky]
    assert "introduction" in [text_of(a) for a in trotsky]


# ---------------------------------------------------------------- the apparatus


def test_the_apparatus_is_in_lemma_form_and_says_once_who_corrected(site):
    doc = page(site, "1917-12-31-note-to-rumanian-embassy.html")
    apparatus = doc.xpath("//section[@class='apparatus']")[0]
    entries = [text_of(li) for li in apparatus.xpath(".//li")]
    assert "¶ 2 Rumanian] Rumainian source — a correction of a misspelling" in entries
    assert text_of(apparatus).count("editors of Narkomindel") == 1
    # every numbered marker in the text leads to the entry of the same number
    for marker in doc.xpath("//a[@class='intervention-ref']"):
        number = marker.get("data-n")
        assert marker.get("href") == f"#app-i{number}"
        assert doc.xpath(f"//li[@id='app-i{number}']/@value") == [number]


def test_the_apparatus_cites_list_items_and_uncertainty(site):
    entries = [text_of(li) for li in
               page(site, "1918-03-05-questions-to-us-government.html").xpath("//section[@class='apparatus']//li")]
    assert "¶ 2.2 —] - source — a correction of punctuation — reading uncertain (medium)" in entries
    assert not [e for e in entries if e.startswith("¶ ]") or "¶  " in e]


def test_markers_stand_outside_links(site):
    doc = page(site, "1917-11-21-report-to-central-executive-committee.html")
    assert doc.xpath("//a//a") == []
    assert doc.xpath("//a[contains(@class, 'name')]//*[contains(@class, 'intervention-ref') or contains(@class, 'note-ref')]") == []
    place = doc.xpath("//a[@data-entry='tsarskoe-selo']")[0]
    marker = place.getnext()
    assert marker.get("class") == "intervention-ref" and marker.get("href", "").startswith("#app-i")


@pytest.fixture()
def hostile_project(tmp_path: Path) -> Path:
    """A copy of the edition whose reading text of one correction holds "; " (a summary must not be split
    there), and whose texts carry markup, script and code-running addresses."""
    tei = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", tei)
    path = tei / "1917-12-31-note-to-rumanian-embassy.xml"
    tree = etree.parse(str(path))
    sic = tree.find(".//tei:choice/tei:sic", NS)
    sic.text = "Rumainian; the"
    first = tree.find(".//tei:body//tei:p", NS)
    first.text = (first.text or "") + '</script><script>alert(1)</script>"><img src=x onerror=alert(2)> '
    for scheme in ("javascript:alert(3)", " JaVa\tScRiPt:alert(4)", "data:text/html,<b>x</b>", "vbscript:msgbox(5)"):
        ref = etree.SubElement(first, f"{{{TEI}}}ref", target=scheme)
        ref.text = "hostile link"
    note = tree.find(".//tei:note", NS)
    if note is None:
        note = etree.SubElement(first, f"{{{TEI}}}note", type="editorial", resp="edition.xml#editors")
    note.text = "</script><script>alert(6)</script> " + (note.text or "")
    tree.write(str(path), encoding="utf-8", xml_declaration=True)
    return path


def render(path: Path) -> tuple[html.HtmlElement, etree._Element]:
    renderer = Renderer(ROOT / "xslt")
    files = sorted(p for p in path.parent.glob("*.xml") if p.name != "edition.xml")
    catalogue = build_catalogue(renderer.run("catalogue.xsl", "catalogue", renderer.load(p)) for p in files)
    parameters = {"edition": renderer.load(path.parent / "edition.xml"),
                  "catalogue": renderer.parse_string(etree.tostring(catalogue, encoding="unicode"))}
    result = renderer.run("html-document.xsl", "document", renderer.load(path), parameters)
    return html.document_fromstring(result), catalogue


def test_a_reading_with_a_semicolon_is_given_whole(hostile_project):
    doc, _ = render(hostile_project)
    entries = [text_of(li) for li in doc.xpath("//section[@class='apparatus']//li")]
    assert "¶ 2 Rumanian] Rumainian; the source — a correction of a misspelling" in entries


def test_markup_and_script_in_the_text_come_out_as_text(hostile_project, tmp_path):
    doc, catalogue = render(hostile_project)
    scripts = doc.xpath("//script")
    assert [s.get("src") for s in scripts] == ["assets/edition.js"]
    assert not doc.xpath("//img") and not doc.xpath("//*[@onerror]")
    assert "<script>alert(1)</script>\"><img src=x onerror=alert(2)>" in text_of(doc.xpath("//*[@id='p1']")[0])
    assert "alert(6)" in text_of(doc.xpath("//section[@class='notes']")[0])
    # the search index carries the same text as data, never as code
    write_search_index(catalogue, tmp_path)
    assert any("<script>alert(1)</script>" in r["text"] for r in search_records(tmp_path).values())


def test_no_code_running_address_becomes_a_link(hostile_project):
    doc, _ = render(hostile_project)
    hrefs = doc.xpath("//@href")
    assert not [h for h in hrefs if re.match(r"^\s*(javascript|vbscript|data):", h.replace("\t", ""), re.I)]
    assert text_of(doc.xpath("//*[@id='p1']")[0]).count("hostile link") == 4


# ---------------------------------------------------------------- what search can find


def script_value(path: Path) -> object:
    """The JSON a search script assigns: `… = {json};`."""
    text = path.read_text(encoding="utf-8")
    prefix = re.match(r"^(?:\(window\.\w+ = window\.\w+ \|\| \{\}\)\[[^\]]*\]|window\.\w+) = ", text)
    assert prefix, f"{path.name} is not a search script"
    return json.loads(text[prefix.end():].rstrip().removesuffix(";"))


def search_records(site: Path) -> dict[int, dict]:
    """Every record of the index by its number: its document's place times the stride, plus its own place."""
    manifest = script_value(site / "search" / "manifest.js")
    stride, documents = manifest["stride"], manifest["documents"]
    found = {}
    for chunk in range(manifest["chunks"]):
        for offset, document in enumerate(script_value(site / "search" / f"records-{chunk}.js")):
            assert len(document) <= stride
            for place, record in enumerate(document):
                found[(chunk * documents + offset) * stride + place] = record
    return found


def test_every_word_of_every_record_is_filed_under_its_shard(site):
    manifest = script_value(site / "search" / "manifest.js")
    records = search_records(site)
    assert manifest["chunks"] == len(list((site / "search").glob("records-*.js")))
    filed: dict[str, set[int]] = {}
    for key, name in manifest["shards"].items():
        for word, postings in script_value(site / "search" / name).items():
            assert word.startswith(key)
            filed.setdefault(word, set()).update(postings)
    assert set().union(*filed.values()) == set(records), "every posting names a record, every record is filed"
    kuehlmann = [i for i, r in records.items() if "Kühlmann" in r["names"]]
    assert kuehlmann and set(kuehlmann) <= filed["kuhlmann"]
    teheran = [i for i, r in records.items() if "Teheran" in r["text"]]
    assert teheran and set(teheran) <= filed["teheran"]


def test_every_paragraph_and_list_item_is_in_the_search_index(site, project):
    records = search_records(site)
    indexed = {(r["page"], r["p"]) for r in records.values()}
    expected = set()
    for path in sorted(project.tei.glob("1*.xml")):
        tree = etree.parse(str(path))
        for p in tree.iterfind(".//tei:body//tei:p[@n]", NS):
            expected.add((f"{path.stem}.html", p.get("n")))
        for item in tree.iterfind(".//tei:body//tei:list[@type='ordered']/tei:item", NS):
            intro = item.getparent().xpath("preceding-sibling::tei:p[@n][1]/@n", namespaces=NS)
            expected.add((f"{path.stem}.html", ".".join([*intro, item.get("n")])))
    assert {e for e in expected if "." in e[1]}, "the edition has numbered lists"
    assert expected - indexed == set()


def test_the_catalogue_carries_notes_and_every_form_of_the_names(project):
    renderer = Renderer(project.xslt)
    entry = etree.fromstring(renderer.run(
        "catalogue.xsl", "catalogue", renderer.load(project.tei / "1918-02-10-declaration-on-withdrawal-from-war.xml"))
        .encode("utf-8"))
    p8 = entry.find("{urn:narkomindel:catalogue}paragraph[@n='8']")
    assert "Kühlmann, Richard von" in p8.get("names").split(" | ")
    assert p8.get("anchor") == "p8"
    report = etree.fromstring(renderer.run(
        "catalogue.xsl", "catalogue",
        renderer.load(project.tei / "1917-11-21-report-to-central-executive-committee.xml")).encode("utf-8"))
    notes = report.findall("{urn:narkomindel:catalogue}note")
    assert any("submarine" in (n.text or "") and n.get("anchor", "").startswith("note-e") for n in notes)


# ---------------------------------------------------------------- every page


def test_every_page_carries_a_strict_content_security_policy_and_no_inline_code(site):
    for path in pages(site):
        doc = page(site, path.name)
        policy = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy, path.name
        assert "default-src 'none'" in policy[0] and "script-src 'self'" in policy[0], path.name
        assert "unsafe-inline" not in policy[0]
        assert not doc.xpath("//script[not(@src)] | //style | //*[@style]"), path.name
        assert not [a for a in doc.xpath("//@*") if a.attrname.startswith("on")], path.name
        assert doc.xpath("//link[@rel='icon']/@href") == ["assets/favicon.svg"], path.name
    assert (site / "assets" / "favicon.svg").is_file()


def test_the_calendar_lists_each_day_once(site):
    rows = page(site, "calendar.html").xpath("//table[contains(@class, 'concordance')]/tbody/tr")
    days = [row.xpath("string(td[1]/time/@datetime)") for row in rows]
    assert len(days) == len(set(days)) and days == sorted(days)
    day = rows[days.index("1917-11-08")]
    assert len(day.xpath(".//li")) >= 2


def test_the_bibliography_spaces_its_statements_of_responsibility(site):
    text = text_of(page(site, "bibliography.html"))
    assert "transcribed by Brian Baggins" in text
    assert "annotated by Pete Dickenson" in text
    assert not re.search(r"\bby[A-Z]", text)


def test_the_home_page_is_for_readers_and_the_encoding_has_its_own_page(site):
    home = text_of(page(site, "index.html"))
    assert "when-custom" not in home and "<sic>" not in home and "@" not in home.replace("example.org", "")
    assert "Two calendars" in home
    encoding = text_of(page(site, "encoding.html"))
    assert "<sic>" in encoding and "@when-custom" in encoding


def test_search_folds_words_as_the_page_does():
    from narkomindel.search import words

    assert words("Kühlmann’s KÜHLMANN, Ärzte-Straße 1917") == ["kuhlmann", "s", "kuhlmann", "arzte", "straße", "1917"]
    assert words("Tsarskoe\u00a0Selo") == ["tsarskoe", "selo"]


def test_the_index_shows_every_authority_identifier_it_records(site, project):
    edition = etree.parse(str(project.tei / "edition.xml"))
    labels = {"wikidata": "Wikidata", "GND": "GND", "VIAF": "VIAF", "geonames": "GeoNames"}
    links = {"wikidata": "https://www.wikidata.org/wiki/", "GND": "https://d-nb.info/gnd/",
             "VIAF": "https://viaf.org/viaf/", "geonames": "https://www.geonames.org/"}
    for index, listing in (("persons.html", "listPerson"), ("places.html", "listPlace"),
                           ("organisations.html", "listOrg")):
        shown = html.parse(str(site / index)).getroot()
        words = " ".join(shown.text_content().split())
        hrefs = set(shown.xpath("//p[@class='authority']/a/@href"))
        recorded = edition.findall(f".//tei:{listing}//tei:idno", NS)
        for idno in recorded:
            assert f"{labels[idno.get('type')]}: {idno.text.strip()}" in words
            assert links[idno.get("type")] + idno.text.strip() in hrefs
        assert len(hrefs) == len(recorded)


# ---------------------------------------------------------------- pages that do not grow with the edition


@pytest.fixture(scope="module")
def larger_site(project, tmp_path_factory) -> Path:
    """A 40-document edition (the real documents copied, each copy standing alone), so that some entries are
    mentioned in more documents than an index shows."""
    from narkomindel.bench import synthetic_edition
    from narkomindel.build import build

    folder = tmp_path_factory.mktemp("larger")
    larger = synthetic_edition(project, 40, folder / "edition")
    return build(larger, folder / "build", ["html"]).folder("html")


def mentioning_documents(site: Path, ref: str) -> set[str]:
    """The pages of every document whose catalogue entry records a mention of the entry `ref` (in its text,
    notes or introduction)."""
    return {entry.get("href") for entry in _catalogue_of(site)
            if entry.find(f"{{urn:narkomindel:catalogue}}mention[@ref='{ref}']") is not None}


def test_an_index_shows_the_first_mentions_and_links_to_all_of_them(larger_site):
    trotsky = page(larger_site, "persons.html").xpath("//section[@id='trotsky']")[0]
    everywhere = mentioning_documents(larger_site, "trotsky")
    assert len(everywhere) > 12
    shown = trotsky.xpath(".//ul[@class='mentions']/li")
    assert len(shown) == 12
    assert f"Mentioned in {len(everywhere)} documents; the first 12" in text_of(trotsky)
    link = trotsky.xpath(".//p[@class='all-mentions']/a")[0]
    assert link.get("href") == "mentions-trotsky.html"
    listed = page(larger_site, "mentions-trotsky.html").xpath("//ul[@class='mentions']/li/a[1]/@href")
    assert set(listed) == everywhere and len(listed) == len(everywhere)
    # In order of date, as the catalogue is, and the first twelve are those the index shows.
    assert [li.xpath("a[1]/@href")[0] for li in shown] == listed[:12]


def test_an_entry_mentioned_in_few_documents_lists_them_all_on_the_index(larger_site):
    for section in page(larger_site, "places.html").xpath("//section[@class='index-entry']"):
        ref = section.get("id")
        items = section.xpath(".//ul[@class='mentions']/li")
        if len(mentioning_documents(larger_site, ref)) <= 12:
            assert not section.xpath(".//p[@class='all-mentions']")
            assert not (larger_site / f"mentions-{ref}.html").exists()
            assert len(items) == len(mentioning_documents(larger_site, ref))


@pytest.fixture(scope="module")
def small_pages(larger_site, tmp_path_factory) -> Path:
    """The site pages of the larger edition made with lists of 5 documents to a page."""
    renderer = Renderer(ROOT / "xslt")
    values = _site_parameters(larger_site, renderer) | {"documents-per-page": renderer.integer(5)}
    catalogue = values["catalogue"]
    target = tmp_path_factory.mktemp("small-pages")
    for mode in ("indexes", "site"):  # the indexes of names, then every other page
        renderer.run("html-site.xsl", mode, catalogue, values, output_dir=target)
    return target


def assert_split(folder: Path, names: list[str], rows: str, everything: list[str]) -> None:
    """Every item is on exactly one of the pages, in order, at most 5 to a page, and each page's pager links
    every other page and marks its own."""
    assert sorted(p.name for p in folder.glob(names[0].replace(".html", "*.html"))) == sorted(names)
    seen: list[str] = []
    for number, name in enumerate(names, start=1):
        listed = page(folder, name).xpath(rows)
        assert 1 <= len(listed) <= 5
        seen += listed
        pager = page(folder, name).xpath("//nav[@class='pager']")[0]
        assert pager.xpath(".//a/@href") == [n for n in names if n != name]
        assert pager.xpath(".//span[@aria-current='page']/text()") == [str(number)]
    assert seen == everything


def test_a_long_list_of_mentions_is_split_into_pages_that_link_to_each_other(larger_site, small_pages):
    everywhere = mentioning_documents(larger_site, "trotsky")
    names = [f"mentions-trotsky{'' if n == 1 else f'-{n}'}.html" for n in range(1, -(-len(everywhere) // 5) + 1)]
    in_order = [e.get("href") for e in sorted(_catalogue_of(larger_site), key=lambda e: (e.get("when"), e.get("id")))
                if e.get("href") in everywhere]
    assert_split(small_pages, names, "//ul[@class='mentions']/li/a[1]/@href", in_order)


def test_the_list_of_documents_is_split_into_pages_in_order_of_date(larger_site, small_pages):
    catalogue = sorted(_catalogue_of(larger_site), key=lambda e: (e.get("when"), e.get("id")))
    names = ["documents.html"] + [f"documents-{n}.html" for n in range(2, -(-len(catalogue) // 5) + 1)]
    assert_split(small_pages, names, "//table[contains(@class, 'documents')]/tbody/tr/td[3]/a/@href",
                 [e.get("href") for e in catalogue])
    second = " ".join(page(small_pages, "documents-2.html").text_content().split())
    assert f"The edition has {len(catalogue)} documents; this page lists 6–10." in second


def _site_parameters(site: Path, renderer: Renderer) -> dict:
    """The parameters the build gives the site's stylesheets: the header and the catalogue, for the larger site."""
    entries = [etree.tostring(entry, encoding="unicode") for entry in _catalogue_of(site)]
    return {"edition": renderer.load(site / "tei" / "edition.xml"),
            "catalogue": renderer.parse_string(etree.tostring(build_catalogue(entries), encoding="unicode"))}


@functools.cache
def _catalogue_of(site: Path) -> list:
    """The catalogue entries of the documents the larger site was built from."""
    renderer = Renderer(ROOT / "xslt")
    folder = site.parent.parent / "edition" / "tei"
    parameters = {"edition": renderer.load(folder / "edition.xml")}
    return [etree.fromstring(renderer.run("catalogue.xsl", "catalogue", renderer.load(path), parameters).encode())
            for path in sorted(folder.glob("1*.xml"))]


def test_the_calendar_concordance_is_split_into_pages_without_splitting_a_day(larger_site, small_pages):
    days = sorted({e.get("when") for entry in _catalogue_of(larger_site)
                   for e in [entry, *entry.iterfind("{urn:narkomindel:catalogue}date/{urn:narkomindel:catalogue}written")]})
    rows = [len(page(small_pages, p.name).xpath("//table[contains(@class, 'concordance')]/tbody/tr"))
            for p in small_pages.glob("calendar*.html")]
    names = ["calendar.html"] + [f"calendar-{n}.html" for n in range(2, len(rows) + 1)]
    assert len(rows) > 1
    assert_split(small_pages, names, "//table[contains(@class, 'concordance')]/tbody/tr/@id",
                 [f"day-{day}" for day in days])
    # The explanation of the calendars and the discrepant pairs are on the first page only.
    assert page(small_pages, "calendar.html").xpath("//*[@id='discrepancies']")
    assert not page(small_pages, "calendar-2.html").xpath("//*[@id='discrepancies']")


def test_the_changelog_is_split_into_pages_newest_first(larger_site, tmp_path):
    renderer = Renderer(ROOT / "xslt")
    catalogue = _catalogue_of(larger_site)
    values = _site_parameters(larger_site, renderer) | {"changes-per-page": renderer.integer(5)}
    header = values["edition"]
    (tmp_path / "changelog.html").write_text(
        renderer.run("html-site.xsl", "changelog", header, values, output_dir=tmp_path), encoding="utf-8")
    C = "{urn:narkomindel:catalogue}"
    edition_changes = etree.parse(str(larger_site / "tei" / "edition.xml")).findall(f".//{{{TEI}}}revisionDesc/{{{TEI}}}change")
    expected = sorted([(c.get("when"), 0, "") for c in edition_changes]
                      + [(c.get("when"), 1, e.get("id")) for e in catalogue for c in e.iter(f"{C}change")],
                      key=lambda t: (t[0], -t[1], "~" if not t[2] else t[2]), reverse=False)
    total = len(expected)
    names = ["changelog.html"] + [f"changelog-{n}.html" for n in range(2, -(-total // 5) + 1)]
    assert sorted(p.name for p in tmp_path.glob("changelog*.html")) == sorted(names)
    seen = []
    for number, name in enumerate(names, start=1):
        shown = page(tmp_path, name)
        items = shown.xpath("//ul[@class='changes']/li")
        assert 1 <= len(items) <= 5
        for item in items:
            day = item.xpath("ancestor::section[1]//time/@datetime")[0]
            link = item.xpath("a/@href")
            seen.append((day, link[0].split("#")[0] if link else "edition"))
        pager = shown.xpath("//nav[@class='pager']")[0]
        assert pager.xpath(".//span[@aria-current='page']/text()") == [str(number)]
    assert len(seen) == total
    days = [day for day, _ in seen]
    assert days == sorted(days, reverse=True)  # newest first, across the pages
    # Every document's changes are there, each linked to its page.
    assert sorted(link for _, link in seen if link != "edition") == sorted(
        e.get("href") for e in catalogue for _ in e.iter(f"{C}change"))
    assert page(tmp_path, "changelog.html").xpath("//section[@id='data']")


def test_a_source_shows_its_first_documents_and_links_to_all_of_them(larger_site):
    taken = [e.get("href") for e in sorted(_catalogue_of(larger_site), key=lambda e: (e.get("when"), e.get("id")))
             if e.get("source") == "web-transcription"]
    assert len(taken) > 12
    section = page(larger_site, "bibliography.html").xpath("//section[@id='web-transcription']")[0]
    assert section.xpath(".//ul[@class='mentions']/li/a/@href") == taken[:12]
    assert section.xpath(".//p[@class='all-mentions']/a/@href") == ["sources-web-transcription.html"]
    listed = page(larger_site, "sources-web-transcription.html").xpath("//ul[@class='mentions']/li/a/@href")
    assert listed == taken
    # Each document cited from a source shows the citation it gives.
    cited = page(larger_site, "bibliography.html").xpath("//section[@id='izvestia-1918-04-21']//li")
    assert cited and all("(Izvestia, 21 April 1918)" in text_of(li) for li in cited)
