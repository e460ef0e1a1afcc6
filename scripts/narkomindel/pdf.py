"""The print edition: one PDF of the whole edition, from print HTML (xslt/print.xsl) laid out by WeasyPrint.

The book is laid out twice. A first, cheaper layout of the front matter and the documents tells on which page
every name stands; with it, the indexes of the second, complete layout give each page only once (a name three
times on one page is indexed once). The back matter comes last, so it moves no page that the indexes point at;
the page numbers themselves are still asked of the final layout (CSS target-counter).

The PDF is deterministic: its dates are the edition's version date (tei/edition.xml, editionStmt), its file
identifier is derived from the edition's title and version, and its font is the one pinned font, found at run
time among the files of its Debian package.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .corpus import EDITION_FILE
from .project import Project
from .render import Renderer
from .xmlio import NS

PDF_NAME = "narkomindel-1917-1918.pdf"
FONT_PACKAGE = "fonts-linuxlibertine"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# CSS family → (weight, style, file) of Linux Libertine O; the Mono is for element names in the principles.
FONT_FILES = {
    "Libertine Edition": (("normal", "normal", "LinLibertine_R.otf"), ("normal", "italic", "LinLibertine_RI.otf"),
                      ("bold", "normal", "LinLibertine_RB.otf"), ("bold", "italic", "LinLibertine_RBI.otf")),
    "Libertine Edition Mono": (("normal", "normal", "LinLibertine_M.otf"),),
}


# The first layout only has to find the pages of the names: it leaves out the back matter and writes a
# placeholder as wide as any page number instead of asking for pages not yet laid out, which saves WeasyPrint
# its repaginations. The front matter and the documents take the same room in both layouts.
DRAFT_CSS = """
.back-matter { display: none; }
.toc-part a::after, .toc-document a::after { content: leader(". ") "00"; }
a.page-ref::after { content: " (p. 00)"; }
"""


class PrintError(Exception):
    """The print edition cannot be made on this machine (a missing font or library)."""


@dataclass(frozen=True)
class EditionFacts:
    title: str
    version: str
    date: str  # ISO date of this version


def document_files(project: Project) -> list[Path]:
    """The documents in date order: their file names begin with the Gregorian date."""
    return sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)


def edition_facts(project: Project) -> EditionFacts:
    tree = etree.parse(str(project.tei / EDITION_FILE), etree.XMLParser(resolve_entities=False, no_network=True))
    title = tree.xpath("string(//tei:titleStmt/tei:title[@type='main'])", namespaces=NS)
    edition = tree.find(".//tei:editionStmt/tei:edition", NS)
    date = tree.xpath("string(//tei:editionStmt//tei:date/@when)", namespaces=NS)
    if edition is None or not date:
        raise PrintError(f"{project.tei / EDITION_FILE}: editionStmt needs <edition n=\"…\"> with a "
                         "<date when=\"YYYY-MM-DD\">: the print edition is dated by it")
    return EditionFacts(" ".join(title.split()), edition.get("n", ""), date)


def print_html(project: Project, renderer: Renderer | None = None, pages: dict[str, int] | None = None) -> str:
    """The print HTML of the whole edition. With `pages` (anchor id → page of an earlier layout), each index
    entry lists every page once."""
    renderer = renderer or Renderer(project.xslt)
    edition = renderer.load(project.tei / EDITION_FILE)
    documents = renderer.sequence([renderer.load(path) for path in document_files(project)])
    parameters = {"edition": edition, "documents": documents}
    if pages is not None:
        parameters["pages"] = renderer.parse_string(_pages_xml(pages))
    return renderer.run("print.xsl", "print-edition", edition, parameters)


def _pages_xml(pages: dict[str, int]) -> str:
    root = etree.Element("pages")
    for anchor, page in sorted(pages.items()):
        etree.SubElement(root, "anchor", id=anchor, page=str(page))
    return etree.tostring(root, encoding="unicode")


def font_css(font_dirs: tuple[Path, ...] = FONT_DIRS) -> str:
    """@font-face rules for the pinned font, pointing at its files on this machine."""
    rules = []
    for family, faces in FONT_FILES.items():
        for weight, style, name in faces:
            path = find_font(name, font_dirs)
            rules.append(f"@font-face {{ font-family: \"{family}\"; font-weight: {weight}; font-style: {style}; "
                         f"src: url(\"{path.as_uri()}\"); }}")
    return "\n".join(rules) + "\n"


def find_font(name: str, font_dirs: tuple[Path, ...]) -> Path:
    for directory in font_dirs:
        found = sorted(directory.rglob(name)) if directory.is_dir() else []
        if found:
            return found[0]
    raise PrintError(f"font file {name} not found under {', '.join(map(str, font_dirs))}: install the Debian "
                     f"package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE}; scripts/dev.sh does it as root)")


def write_pdf(project: Project, target_dir: Path) -> Path:
    """Write the print edition to target_dir/narkomindel-1917-1918.pdf, replacing it only when complete."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint's system libraries (Pango) are missing
        raise PrintError(f"WeasyPrint cannot be loaded ({exc}): pip install -e . in the project's venv, and "
                         "Debian's libpango-1.0-0 and libpangoft2-1.0-0") from exc
    facts = edition_facts(project)
    renderer = Renderer(project.xslt)
    font_config = FontConfiguration()
    fonts = CSS(string=font_css(), font_config=font_config)
    base_url = (project.xslt / "assets").resolve().as_uri() + "/"

    def layout(pages: dict[str, int] | None, *extra: CSS, tagged: bool = False):
        html = HTML(string=print_html(project, renderer, pages), base_url=base_url)
        return html.render(stylesheets=[fonts, *extra], font_config=font_config, pdf_tags=tagged)

    draft = layout(None, CSS(string=DRAFT_CSS, font_config=font_config))
    pages = {anchor: number for number, page in enumerate(draft.pages, start=1) for anchor in page.anchors}
    document = layout(pages, tagged=True)  # tagged: the PDF's structure gives the reading order

    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / PDF_NAME
    handle, temporary = tempfile.mkstemp(prefix=f".{PDF_NAME}-", suffix=".tmp", dir=target_dir)
    try:
        with os.fdopen(handle, "wb") as output:
            document.write_pdf(output, pdf_identifier=_identifier(facts), pdf_tags=True)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _identifier(facts: EditionFacts) -> bytes:
    """The PDF's file identifier: the same for every build of one version of the edition."""
    return hashlib.md5(f"{facts.title} {facts.version} {facts.date}".encode("utf-8")).hexdigest().encode("ascii")
