"""The web edition: validate, then write every page into a fresh directory and swap it in when complete."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .corpus import EDITION_FILE
from .findings import Finding, Severity
from .project import Project
from .render import Renderer
from .validate import validate

CATALOGUE_NS = "urn:narkomindel:catalogue"
C = {"c": CATALOGUE_NS}


class BuildRefused(Exception):
    """The edition is not valid: nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} error(s) in the edition")
        self.findings = findings


@dataclass(frozen=True)
class BuildReport:
    output: Path
    documents: int
    pages: int


def build(project: Project, output: Path) -> BuildReport:
    """Validate the edition and write the web edition to `output`, replacing it only when complete."""
    errors = [f for f in validate([project.tei], project.schema) if f.severity is Severity.ERROR]
    if errors:
        raise BuildRefused(errors)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    try:
        documents = write_site(project, staging)
        _swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = sum(1 for _ in output.glob("*.html"))
    return BuildReport(output, documents, pages)


def document_files(project: Project) -> list[Path]:
    return sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)


def write_site(project: Project, target: Path) -> int:
    """Every page, asset, TEI source and the search index, written below `target`."""
    renderer = Renderer(project.xslt)
    files = document_files(project)
    nodes = {path: renderer.load(path) for path in files}
    catalogue = build_catalogue(renderer.run("catalogue.xsl", "catalogue", node) for node in nodes.values())
    catalogue_node = renderer.parse_string(etree.tostring(catalogue, encoding="unicode"))
    parameters = {"edition": renderer.load(project.tei / EDITION_FILE), "catalogue": catalogue_node}
    for path, node in nodes.items():
        page = renderer.run("html-document.xsl", "document", node, parameters)
        _write(target / f"{path.stem}.html", page)
    renderer.run("html-site.xsl", "site", catalogue_node, parameters, output_dir=target)
    _write(target / "search-index.js", search_index(catalogue))
    shutil.copytree(project.xslt / "assets", target / "assets")
    (target / "tei").mkdir()
    for path in [project.tei / EDITION_FILE, *files]:
        shutil.copyfile(path, target / "tei" / path.name)
    return len(files)


def build_catalogue(entries) -> etree._Element:
    """One catalogue of all documents, in order of date (then id), from the per-document entries."""
    catalogue = etree.Element(f"{{{CATALOGUE_NS}}}catalogue", nsmap={"c": CATALOGUE_NS})
    parsed = [etree.fromstring(entry.encode("utf-8")) for entry in entries]
    for entry in sorted(parsed, key=lambda e: (e.get("when"), e.get("id"))):
        catalogue.append(entry)
    return catalogue


def search_index(catalogue: etree._Element) -> str:
    """The paragraphs of every document as a script that the search page loads (pages opened from disk cannot
    fetch a JSON file)."""
    records = [
        {"page": doc.get("href"), "title": doc.findtext("c:title", namespaces=C), "date": doc.get("when"),
         "p": paragraph.get("n"), "text": paragraph.text or ""}
        for doc in catalogue.iterfind("c:document", C)
        for paragraph in doc.iterfind("c:paragraph", C)
    ]
    return "window.NARKOMINDEL_SEARCH = " + json.dumps(records, ensure_ascii=False, indent=0) + ";\n"


def _write(path: Path, text: str) -> None:
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _swap_in(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with renames, so that a reader never sees a half-written site."""
    os.chmod(staging, 0o755)
    if output.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        os.replace(output, retired / output.name)
        os.replace(staging, output)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, output)
