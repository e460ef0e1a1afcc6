"""The build: validate the edition once, then write each edition asked for (web, plain text, print) into its own
folder of the output directory, each swapped in only when complete."""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from saxonche import PyXdmNode

from .corpus import EDITION_FILE
from .data import write_data
from .findings import Finding, Severity
from .output import check_output, claimed, staged, write_text
from .project import Project
from .render import Renderer
from .text import write_text_edition
from .validate import validate

CATALOGUE_NS = "urn:narkomindel:catalogue"
C = {"c": CATALOGUE_NS}


class BuildRefused(Exception):
    """The edition is not valid: nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} error(s) in the edition")
        self.findings = findings


FORMATS = ("html", "text")
FOLDERS = {"html": "html", "text": "text"}


@dataclass(frozen=True)
class BuildReport:
    output: Path
    documents: int
    formats: tuple[str, ...]

    def folder(self, output_format: str) -> Path:
        return self.output / FOLDERS[output_format]


def build(project: Project, output: Path, formats: Collection[str] = FORMATS) -> BuildReport:
    """Validate the edition, then write each format into its folder of `output` (html/ …). Nothing is written
    when the edition has errors or the output directory is not the build's own (UnsafeOutput)."""
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    target = check_output(project.root, output)
    errors = [f for f in validate([project.tei], project.schema) if f.severity is Severity.ERROR]
    if errors:
        raise BuildRefused(errors)
    chosen = tuple(f for f in FORMATS if f in formats)
    with claimed(target):
        edition = read_edition(project)
        writers = {"html": write_site, "text": write_text_edition}
        for output_format in chosen:
            with staged(target / FOLDERS[output_format]) as folder:
                writers[output_format](edition, folder)
    return BuildReport(target, len(edition.documents), chosen)


def document_files(project: Project) -> list[Path]:
    return sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)


@dataclass(frozen=True)
class Edition:
    """The edition read once for every output: each document parsed by Saxon, the header, and the catalogue
    of all documents (extracted per document, then sorted by date)."""

    project: Project
    renderer: Renderer
    documents: dict[Path, PyXdmNode]
    catalogue: etree._Element
    parameters: dict[str, PyXdmNode]


def read_edition(project: Project) -> Edition:
    renderer = Renderer(project.xslt)
    nodes = {path: renderer.load(path) for path in document_files(project)}
    catalogue = build_catalogue(renderer.run("catalogue.xsl", "catalogue", node) for node in nodes.values())
    catalogue_node = renderer.parse_string(etree.tostring(catalogue, encoding="unicode"))
    parameters = {"edition": renderer.load(project.tei / EDITION_FILE), "catalogue": catalogue_node}
    return Edition(project, renderer, nodes, catalogue, parameters)


def write_site(edition: Edition, target: Path) -> None:
    """Every page, asset, TEI source and the search index, written below `target`."""
    renderer, parameters = edition.renderer, edition.parameters
    for path, node in edition.documents.items():
        page = renderer.run("html-document.xsl", "document", node, parameters)
        write_text(target / f"{path.stem}.html", page)
    renderer.run("html-site.xsl", "site", parameters["catalogue"], parameters, output_dir=target)
    write_text(target / "search-index.js", search_index(edition.catalogue))
    shutil.copytree(edition.project.xslt / "assets", target / "assets")
    (target / "tei").mkdir()
    for path in [edition.project.tei / EDITION_FILE, *edition.documents]:
        shutil.copyfile(path, target / "tei" / path.name)
    write_data(edition, target)


def build_catalogue(entries) -> etree._Element:
    """One catalogue of all documents, in order of date (then id), from the per-document entries."""
    catalogue = etree.Element(f"{{{CATALOGUE_NS}}}catalogue", nsmap={"c": CATALOGUE_NS})
    parsed = [etree.fromstring(entry.encode("utf-8")) for entry in entries]
    for entry in sorted(parsed, key=lambda e: (e.get("when"), e.get("id"))):
        catalogue.append(entry)
    return catalogue


def search_index(catalogue: etree._Element) -> str:
    """Every citable unit (paragraph, list item) and note of every document, with the names it mentions in all
    their index forms, as a script that the search page loads (pages opened from disk cannot fetch JSON)."""
    note_tag = f"{{{CATALOGUE_NS}}}note"
    records = [
        {"page": doc.get("href"), "title": doc.findtext("c:title", namespaces=C), "date": doc.get("when"),
         "julian": doc.get("julian"), "type": doc.get("type"),
         "kind": "note" if unit.tag == note_tag else unit.get("kind"),
         "p": unit.get("n"), "anchor": unit.get("anchor"),
         "label": (f"note {unit.get('n')}" + (f" to ¶ {unit.get('unit')}" if unit.get("unit") else "")
                   if unit.tag == note_tag else f"¶ {unit.get('n')}"),
         "names": unit.get("names", ""), "text": unit.text or ""}
        for doc in catalogue.iterfind("c:document", C)
        for unit in doc.xpath("c:paragraph | c:note", namespaces=C)
    ]
    return "window.NARKOMINDEL_SEARCH = " + json.dumps(records, ensure_ascii=False, indent=0) + ";\n"
