"""The print edition (PDF): read back with pypdf, it has every document, its notes, contents and indexes that
point at the right pages, the metadata, bookmarks and fonts a library needs, and it is the same on every build."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from narkomindel.pdf import (FONT_DIRS, FONT_PACKAGE, PDF_NAME, PrintError, document_files, edition_facts, find_font,
                             font_css, print_html, write_pdf)
from narkomindel.project import Project
from narkomindel.render import NOTES_SEPARATOR, Renderer
from narkomindel.xmlio import NS

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
HYPHEN = "\u2010"  # the hyphen WeasyPrint adds where it breaks a word; the sources' own hyphens are U+002D
EDITORIAL_MARKER = re.compile(r"\[[a-z]{1,3}\]")
TRANSLATOR_MARKER = re.compile(r"\((\d{1,2})\)")
TRAILING_PUNCTUATION = ".,;:!?’”'\")]"


@pytest.fixture(scope="module")
def pdf(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(project, tmp_path_factory.mktemp("print"))


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


@pytest.fixture(scope="module")
def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def destinations(reader: PdfReader) -> dict[str, int]:
    """Every id of the print HTML → its page number (1 = the title page)."""
    return {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}


def documents(project: Project) -> list[tuple[Path, etree._ElementTree]]:
    return [(path, etree.parse(str(path))) for path in document_files(project)]


def words(text: str) -> list[str]:
    """Words of extracted PDF text, with the words broken at line ends joined again: those WeasyPrint hyphenated
    lose the hyphen, those broken after the source's own hyphen or dash keep it."""
    text = re.sub(HYPHEN + r"\s*\n", "", text)
    return re.sub(r"(?<=\S)([-–—])\s*\n", r"\1", text).split()


def title_of(tree: etree._ElementTree) -> str:
    return " ".join(tree.findtext(".//tei:titleStmt/tei:title", namespaces=NS).split())


def test_the_pdf_is_written_atomically_under_its_name(pdf: Path) -> None:
    assert pdf.name == PDF_NAME
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in pdf.parent.iterdir()] == [PDF_NAME], "a temporary file was left behind"


def test_page_count_is_sane(reader: PdfReader, project: Project) -> None:
    # Title, principles, contents, at least a page for each document, indexes, concordance, bibliography.
    assert 2 * len(document_files(project)) + 10 <= len(reader.pages) <= 160


def test_every_document_opens_on_a_right_hand_page_with_its_title(project, page_texts, destinations) -> None:
    for path, tree in documents(project):
        page = destinations[tree.getroot().get(XML_ID)]
        assert page % 2 == 1, f"{path.name} begins on page {page}, a left-hand page"
        assert " ".join(title_of(tree).split()) in " ".join(words(page_texts[page - 1])), path.name


def test_contents_give_the_page_where_each_document_begins(project, page_texts, destinations) -> None:
    first_document = min(destinations[tree.getroot().get(XML_ID)]
                         for _, tree in documents(project))
    contents = " ".join(words("\n".join(page_texts[destinations["contents"] - 1:first_document - 1])))
    for path, tree in documents(project):
        pattern = r"\s+".join(map(re.escape, title_of(tree).split())) + r"[\s.]+(\d+)"
        found = re.search(pattern, contents)
        assert found, f"{path.name}: its title is not in the contents"
        document_id = tree.getroot().get(XML_ID)
        assert int(found.group(1)) == destinations[document_id], path.name
    for part in ("index-persons", "index-places", "index-organisations", "calendar", "bibliography"):
        assert part in destinations


def test_title_page_and_its_back_have_no_running_head_or_number(page_texts, project) -> None:
    facts = edition_facts(project)
    title_page, imprint = " ".join(words(page_texts[0])), " ".join(words(page_texts[1]))
    assert title_page.startswith("Narkomindel 1917–1918 Documents of the People’s")
    assert "Brian Baggins" in title_page and "Pete Dickenson" in title_page
    assert imprint.startswith(f"Version {facts.version}, ") and imprint.split()[4] == facts.date[:4]
    assert "Creative Commons Attribution 4.0" in imprint
    # Margin boxes are drawn last: a running head or page number would end the page's text.
    assert not re.search(r"\s[12]$", title_page) and not re.search(r"\s[12]$", imprint), "a number on the title leaf"


def test_running_heads_give_short_title_and_dateline(project, page_texts, destinations) -> None:
    path, tree = documents(project)[1]  # the longest document: several pages
    start = destinations[tree.getroot().get(XML_ID)]
    # The margin boxes are drawn after the page's content: the running head is the last line of a page's text.
    left, right = page_texts[start].splitlines()[-1], page_texts[start + 1].splitlines()[-1]
    assert left.split()[0] == str(start + 1) and " ".join(title_of(tree).split()[:4]) in left
    assert right.startswith("8 (21) November 1917") and right.split()[-1] == str(start + 2)
    assert not re.search(r"November 1917|Report", page_texts[start - 1].splitlines()[-1]), "head on its first page"


def test_reading_text_of_every_document_is_in_the_pdf_word_for_word(project, page_texts, destinations) -> None:
    """Each block of each document's reading text appears in the PDF, its words in order. Between two words
    the PDF may have things of the page: running heads, page and paragraph numbers, footnotes and their calls."""
    renderer = Renderer(project.xslt)
    # Here a hyphenated word stays in two pieces: its end may stand on the next page, after the footnotes.
    def pieces(texts: list[str]) -> list[str]:
        return words(re.sub(HYPHEN + r"\s*\n", HYPHEN + " ", "\n".join(texts)))

    printed = pieces(page_texts)
    page_starts = [len(pieces(page_texts[:number])) for number in range(len(page_texts))]
    cursor = 0
    for path, tree in documents(project):
        cursor = max(cursor, page_starts[destinations[tree.getroot().get(XML_ID)] - 1])
        text = renderer.text(path, "reading").partition(NOTES_SEPARATOR)[0]
        text = TRANSLATOR_MARKER.sub("", EDITORIAL_MARKER.sub("", text))
        for block in filter(str.strip, text.split("\n\n")):
            for word in block.split():
                cursor = _find(word, printed, cursor)
                assert cursor >= 0, f"{path.name}: {word!r} of {block[:80]!r}… is missing from the PDF"
                cursor += 1


def _find(word: str, printed: list[str], start: int, window: int = 400) -> int:
    pattern = re.compile(_with_calls(word))
    for index in range(start, min(start + window, len(printed))):
        token = printed[index]
        if token == word or pattern.fullmatch(token):
            return index
        if token.endswith(HYPHEN) and len(token) > 1 and word.startswith(token[:-1]):
            rest = _find(word[len(token) - 1:], printed, index + 1, window)
            if rest >= 0:
                return rest
    return -1


def _with_calls(word: str) -> str:
    """A word as a pattern in which footnote calls (a translator's number, an editor's letter) may follow the
    word or any of its punctuation: "peace," may be printed "peacea," or "peace,a"."""
    call = r"(?:[a-z]|\d{1,2}){0,2}"
    core = word.rstrip(TRAILING_PUNCTUATION)
    parts = [re.escape(char) + ("" if char.isalnum() else call) for char in core]
    return "".join(parts) + call + "".join(re.escape(mark) + call for mark in word[len(core):])


def test_every_note_is_printed_as_a_footnote_after_the_start_of_its_document(project, page_texts, destinations) -> None:
    renderer = Renderer(project.xslt)
    checked = 0
    for path, tree in documents(project):
        doc_id = tree.getroot().get(XML_ID)
        notes = renderer.text(path, "reading").partition(NOTES_SEPARATOR)[2]
        for note in filter(str.strip, notes.split("\n\n")):
            label, _, body = note.strip().partition(". ")
            owner = "Tr." if label.isdigit() else "Ed."
            opening = " ".join(body.split()[:6])
            pages = range(destinations[doc_id], len(page_texts) + 1)
            found = [p for p in pages if f"{label}. {owner} {opening}" in " ".join(words(page_texts[p - 1]))]
            assert found, f"{path.name}: footnote {label} ({opening}…) is not printed as a footnote"
            checked += 1
    assert checked >= 40


def test_apparatus_gives_lemma_and_source_reading(page_texts) -> None:
    text = " ".join(words("\n".join(page_texts)))
    assert "¶ 2 Tsarskoe Selo] Tsarkoe Selo source" in text
    assert "⟨as soon⟩] om. source (certainty: medium)" in text


def test_indexes_list_each_page_once_and_point_at_the_names(reader, page_texts, destinations) -> None:
    first, last = destinations["index-persons"], destinations["calendar"] - 1
    index = " ".join(words("\n".join(page_texts[first - 1:last])))
    assert not re.search(r"\b(\d+n?), \1\b", index), "a page is given twice in one index entry"
    checked = 0
    for number in range(first, last + 1):
        for annotation in reader.pages[number - 1].get("/Annots") or []:
            link = annotation.get_object()
            target = link.get("/Dest")
            if target is None or not str(target).startswith("nkid-"):
                continue
            page = destinations[str(target)]
            assert destinations[str(target).rsplit("-m", 1)[0]] <= page, target
            checked += 1
    assert checked >= 200, "the indexes should link every page number to the mention it counts"


def test_index_page_numbers_are_the_pages_of_the_mentions(page_texts) -> None:
    """Leon Trotsky's entry: every page it lists has his name on it (or in a footnote on it)."""
    index = " ".join(words("\n".join(page_texts)))
    entry = re.search(r"Trotsky, Leon \(1879–1940\).*?((?:\d+n?, ){4,}\d+n?)", index)
    assert entry, "Trotsky is not in the index of persons"
    pages = [int(p.rstrip("n,")) for p in entry.group(1).split()]
    assert len(pages) >= 5
    for page in pages:
        assert re.search(r"Trotsky|TROTSKY|People’s Commissar", page_texts[page - 1]), f"page {page}"


def test_metadata_bookmarks_and_language(reader: PdfReader, project: Project) -> None:
    facts = edition_facts(project)
    info = reader.metadata
    assert info.title == facts.title
    assert info.author and "editors" in info.author
    assert info.subject and "Trotsky" in info.subject
    assert "Narkomindel" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:" + facts.date.replace("-", ""))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for _, tree in documents(project):
        assert title_of(tree) in outline
    assert {"Editorial principles", "Contents", "Index of persons", "Bibliography"} <= set(outline)


def test_every_font_is_embedded_and_is_the_pinned_face(reader: PdfReader) -> None:
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
            descriptor = descriptor["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), f"fonts not embedded: {[f for f, e in fonts.items() if not e]}"
    # Only the faces of Linux Libertine declared by the build: no character fell back to another font.
    assert all(re.fullmatch(r"/?[A-Z]{6}\+Libertine-Edition(-Mono)?(-Italic|-Bold)?", name) for name in fonts), fonts


def test_the_font_has_a_glyph_for_every_character_of_the_book(project: Project) -> None:
    from fontTools.ttLib import TTFont  # installed with WeasyPrint

    html = print_html(project)
    tree = etree.fromstring(html.partition(">")[2].encode("utf-8"), etree.XMLParser(no_network=True))
    characters = set("".join(tree.xpath("//*[local-name()='body']//text()"))) - set(" \n")
    # Page numbers, leaders and footnote labels come from print.css; the face of the text must cover them too.
    characters |= set("0123456789. ‐“”‘’")
    for face in ("LinLibertine_R.otf", "LinLibertine_RI.otf"):
        cmap = TTFont(str(find_font(face, FONT_DIRS))).getBestCmap()
        missing = sorted(c for c in characters if ord(c) not in cmap)
        assert not missing, f"{face} has no glyph for {missing}"


def test_two_builds_are_byte_identical(pdf: Path, project: Project, tmp_path: Path) -> None:
    again = write_pdf(project, tmp_path)
    assert again.read_bytes() == pdf.read_bytes()


def test_print_html_has_unique_ids_and_no_straight_quotes_of_its_own(project: Project) -> None:
    html = print_html(project)
    tree = etree.fromstring(html.partition(">")[2].encode("utf-8"), etree.XMLParser(no_network=True))
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    for link in tree.xpath("//*[local-name()='a']/@href"):
        assert link[1:] in ids, f"link to a missing id: {link}"
    # The edition's own words (labels, headings) use typographic quotes; the sources keep theirs.
    labels = " ".join(tree.xpath("//*[@class='note-owner' or @class='label' or local-name()='h1']//text()"))
    assert "'" not in labels and '"' not in labels


def test_no_line_runs_into_the_margin(pdf: Path, tmp_path: Path) -> None:
    """Every word lies inside the text block (print.css: 22 mm at the spine, 18 mm outside); only paragraph
    numbers stand in the margin, less than 12 mm from the text."""
    boxes = tmp_path / "boxes.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(boxes)], check=True, capture_output=True)
    mm = 72 / 25.4
    overfull = []
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes.read_text(), re.S)
    assert pages
    for number, (width, body) in enumerate(pages, start=1):
        spine, outer = 22 * mm, 18 * mm
        left, right = (spine, float(width) - outer) if number % 2 else (outer, float(width) - spine)
        for x_min, x_max, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                                             r'yMax="[\d.]+">(.*?)</word>', body):
            if float(x_max) > right + 0.5 or float(x_min) < left - 12 * mm:
                overfull.append((number, word))
    assert not overfull, f"words in the margin: {overfull[:10]}"


def test_pages_render_as_images(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")],
                   check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 3 and all(image.stat().st_size > 1000 for image in images)


def test_a_missing_font_is_named_with_the_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(PrintError, match=f"LinLibertine_R.otf not found .*apt-get install {FONT_PACKAGE}"):
        font_css((tmp_path,))


def test_each_document_says_why_its_date_is_read_so(project: Project) -> None:
    html = print_html(project)
    assert html.count('<dt>Dated so</dt>') == len(list(documents(project)))
    assert "From the heading of the printed source" in html
