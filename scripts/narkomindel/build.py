"""The build: validate the edition once, then write each edition asked for (web, plain text, print) into its own
folder of the output directory, each swapped in only when complete."""

from __future__ import annotations

import shutil
from collections.abc import Collection, Iterator
from typing import Any
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree
from saxonche import PyXdmNode

from .corpus import EDITION_FILE
from . import parallel
from .data import write_data
from .pdf import PDF_NAME, PrintError, write_pdf
from .findings import Finding, Severity
from .incremental import Reuse, State, digest, folder_digest, toolchain_digest
from .output import check_output, claimed, staged, write_text
from .progress import Progress
from .project import Project
from .render import Renderer
from .rules import write_guidelines
from .search import C, CATALOGUE_NS, write_search_index
from .text import write_text_edition
from .validate import file_key, fingerprint_of, validate



class BuildRefused(Exception):
    """The edition is not valid: nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} error(s) in the edition")
        self.findings = findings


FORMATS = ("html", "text", "pdf")
FOLDERS = {"html": "html", "text": "text", "pdf": "print"}


@dataclass(frozen=True)
class BuildReport:
    output: Path
    documents: int
    formats: tuple[str, ...]

    def folder(self, output_format: str) -> Path:
        return self.output / FOLDERS[output_format]


def build(project: Project, output: Path, formats: Collection[str] = FORMATS, *,
          jobs: int | None = None, progress: Progress | None = None) -> BuildReport:
    """Validate the edition, then write each format into its folder of `output` (html/ …). Nothing is written
    when the edition has errors or the output directory is not the build's own (UnsafeOutput). What the previous
    build in `output` made from unchanged inputs is taken over, not made again; `jobs` workers share the rest."""
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    target = check_output(project.root, output)
    chosen = tuple(f for f in FORMATS if f in formats)
    progress = progress or Progress(enabled=False)
    with claimed(target):
        progress.phase("validating")
        previous = State.load(target)
        inputs = inputs_digest(project)
        if all(previous.inputs.get(f) == inputs and (target / FOLDERS[f]).is_dir() for f in chosen):
            # Nothing the chosen editions are made from has changed since they were built, valid.
            progress.finish()
            return BuildReport(target, len(document_files(project)), chosen)
        current = State()
        memo = {key: [Finding.from_dict(f) for f in found] for key, found in previous.checks.items()}
        findings = validate([project.tei], project.schema, memo=memo, jobs=jobs)
        current.checks = {key: [f.as_dict() for f in memo[key]] for key in file_keys(project) if key in memo}
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            current.outputs, current.entries = previous.outputs, previous.entries
            current.inputs = {f: d for f, d in previous.inputs.items() if f not in chosen}
            current.save(target)
            raise BuildRefused(errors)
        edition = read_edition(project, previous, current, jobs, progress)
        writers = {"html": write_site, "text": write_text_edition, "pdf": write_print}
        for output_format in FORMATS:
            folder = FOLDERS[output_format]
            if output_format not in chosen:  # its folder is kept as it is, and so is what it was made from
                current.outputs.update({k: v for k, v in previous.outputs.items() if k.startswith(folder + "/")})
                if output_format in previous.inputs:
                    current.inputs[output_format] = previous.inputs[output_format]
                continue
            reuse = Reuse(target / folder, previous, current, folder)
            with staged(target / folder) as staging:
                writers[output_format](edition, staging, reuse)
            current.inputs[output_format] = inputs
        current.save(target)
        progress.finish()
    return BuildReport(target, len(edition.documents), chosen)


def inputs_digest(project: Project) -> str:
    """Everything an edition is made from: the toolchain and every file of tei/ (names and contents)."""
    return digest(toolchain_digest(project.xslt, project.schema), folder_digest(project.tei, "*.xml"))


def document_files(project: Project) -> list[Path]:
    return sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)


def file_keys(project: Project) -> list[str]:
    """The validation keys of the edition's files as they are now (to forget the others)."""
    fingerprint = fingerprint_of(project.schema, None)
    return [file_key(fingerprint, path) for path in sorted(project.tei.glob("*.xml"))]


@dataclass
class Edition:
    """The edition as every output needs it: the documents (by path, with their content hashes), the header and
    the catalogue of all documents (one entry per document, sorted by date). No document is held parsed:
    each is read when an output needs it."""

    project: Project
    renderer: Renderer
    documents: dict[Path, str]
    toolchain: str
    header: str
    catalogue: etree._Element
    parameters: dict[str, PyXdmNode]
    jobs: int | None
    progress: Progress

    def entry(self, path: Path) -> etree._Element:
        """The document's catalogue entry."""
        return self.entries[path.name]

    def context(self, path: Path) -> str:
        """What a document's web page shows of other documents: its own entry, its neighbours in date order and
        its parallel translations. A page is made again only when this (or the document) changed."""
        entry = self.entry(path)
        near = [entry.getprevious(), entry.getnext()]
        parallel_files = {p.get("file") for p in entry.iterfind("c:parallel", C)}
        parallel_files |= self.parallel_to.get(path.name, set())
        summaries = [" ".join((e.get("id") or "", e.get("when") or "", e.get("julian") or "",
                               e.findtext("c:title", default="", namespaces=C))) for e in near if e is not None]
        summaries += sorted(parallel_files - {None})
        return digest(etree.tostring(entry, encoding="unicode"), *summaries)

    @cached_property
    def entries(self) -> dict[str, etree._Element]:
        return {entry.get("file"): entry for entry in self.catalogue}

    @cached_property
    def order(self) -> dict[str, int]:
        """File name → place in date order."""
        return {entry.get("file"): index for index, entry in enumerate(self.catalogue)}

    @cached_property
    def parallel_to(self) -> dict[str, set[str]]:
        """File name → the documents that name it as their parallel translation."""
        pointing: dict[str, set[str]] = {}
        for entry in self.catalogue:
            for parallel in entry.iterfind("c:parallel", C):
                pointing.setdefault(parallel.get("file"), set()).add(entry.get("file"))
        return pointing


def read_edition(project: Project, previous: State, current: State, jobs: int | None = None,
                 progress: Progress | None = None) -> Edition:
    """The catalogue, each entry extracted anew only from a document that changed."""
    renderer = Renderer(project.xslt)
    toolchain = toolchain_digest(project.xslt, project.schema)
    documents = {path: digest(path.read_bytes()) for path in document_files(project)}
    header = digest((project.tei / EDITION_FILE).read_bytes())
    entries: dict[str, str] = {}
    todo = []
    for path, content in documents.items():
        key = digest(toolchain, header, content)  # the entry gives every index form of the names
        known = previous.entries.get(path.name)
        if known and known[0] == key:
            entries[path.name] = known[1]
        else:
            todo.append(path)
        current.entries[path.name] = [key, ""]
    progress = progress or Progress(enabled=False)
    progress.phase("catalogue", len(todo))
    tasks = [("catalogue", str(path)) for path in todo]
    for path, entry in zip(todo, parallel.run(_render, tasks, jobs=jobs, initializer=_start_renderer,
                                              initargs=(project.xslt, project.tei / EDITION_FILE, None, toolchain))):
        entries[path.name] = entry
        progress.advance()
    for name, entry in entries.items():
        current.entries[name][1] = entry
    catalogue = build_catalogue(entries[path.name] for path in documents)
    catalogue_node = renderer.parse_string(etree.tostring(catalogue, encoding="unicode"))
    parameters = {"edition": renderer.load(project.tei / EDITION_FILE), "catalogue": catalogue_node}
    return Edition(project, renderer, documents, toolchain, header, catalogue, parameters, jobs, progress)


def render_documents(edition: Edition, kind: str, paths: list[Path]) -> Iterator[tuple[Path, Any]]:
    """Each document rendered by one of the entry stylesheets' modes, on every core when there are many."""
    many = len(paths) >= 2 * parallel.MIN_TASKS_PER_WORKER
    catalogue = etree.tostring(edition.catalogue, encoding="unicode") if kind == "document" and many else None
    tasks = [(kind, str(path)) for path in paths]
    results = parallel.run(_render, tasks, jobs=edition.jobs, initializer=_start_renderer,
                           initargs=(edition.project.xslt, edition.project.tei / EDITION_FILE, catalogue,
                                     edition.toolchain), local=lambda: _adopt(edition))
    edition.progress.phase(PHASES.get(kind, kind), len(paths))
    for path, result in zip(paths, results):
        edition.progress.advance()
        yield path, result


PHASES = {"document": "web pages", "text-files": "plain texts", "citation-files": "citation files"}
# The stylesheet and mode of each kind of per-document output.
KINDS = {"catalogue": ("catalogue.xsl", "catalogue"), "document": ("html-document.xsl", "document")}
# Kinds that make several files in one pass, as {name: text}.
BUNDLES = {"text-files": ("text.xsl", "text-files"), "citation-files": ("data.xsl", "citation-files")}
_WORKER: dict[str, object] = {}


def _adopt(edition: Edition) -> None:
    """Render in this process with the edition's own renderer and parameters: nothing is compiled or parsed
    again."""
    _WORKER.update({"renderer": edition.renderer, "parameters": edition.parameters, "toolchain": edition.toolchain})


def _start_renderer(xslt: Path, header: Path, catalogue: str | None, toolchain: str) -> None:
    renderer = _WORKER.get("renderer")
    if not isinstance(renderer, Renderer) or _WORKER.get("toolchain") != toolchain:
        renderer = Renderer(xslt)
    parameters = {"edition": renderer.load(header)}
    if catalogue is not None:
        parameters["catalogue"] = renderer.parse_string(catalogue)
    _WORKER.update({"renderer": renderer, "parameters": parameters, "toolchain": toolchain})


def _render(task: tuple[str, str]) -> str | dict[str, str]:
    kind, path = task
    renderer = _WORKER["renderer"]
    assert isinstance(renderer, Renderer)
    parameters = _WORKER["parameters"]
    if kind == "catalogue":
        parameters = {"edition": parameters["edition"]}  # type: ignore[index]
    if kind in BUNDLES:
        return renderer.files(*BUNDLES[kind], renderer.load(Path(path)), parameters)  # type: ignore[arg-type]
    stylesheet, mode = KINDS[kind]
    return renderer.run(stylesheet, mode, renderer.load(Path(path)), parameters)  # type: ignore[arg-type]


def write_site(edition: Edition, target: Path, reuse: Reuse) -> None:
    """Every page, asset, TEI source and the search index, written below `target`."""
    todo = []
    for path, content in edition.documents.items():
        key = digest(edition.toolchain, edition.header, content, edition.context(path))
        if not reuse.take(target, f"{path.stem}.html", key):
            todo.append(path)
    for path, page in render_documents(edition, "document", todo):
        write_text(target / f"{path.stem}.html", page)
    parameters = edition.parameters
    edition.renderer.run("html-site.xsl", "site", parameters["catalogue"], parameters, output_dir=target)
    write_guidelines(edition, target)
    write_search_index(edition.catalogue, target)
    shutil.copytree(edition.project.xslt / "assets", target / "assets")
    (target / "tei").mkdir()
    for path in [edition.project.tei / EDITION_FILE, *edition.documents]:
        if not reuse.take(target, f"tei/{path.name}", digest(path.read_bytes())):
            shutil.copyfile(path, target / "tei" / path.name)
    write_data(edition, target, reuse)


def write_print(edition: Edition, target: Path, reuse: Reuse) -> None:
    """The print edition: one PDF of the whole edition, made again only when a source or the toolchain changed."""
    key = digest(edition.toolchain, edition.header, *edition.documents.values())
    if not reuse.take(target, PDF_NAME, key):
        edition.progress.phase("print edition (PDF)")
        write_pdf(edition.project, target)


def build_catalogue(entries) -> etree._Element:
    """One catalogue of all documents, in order of date (then id), from the per-document entries."""
    catalogue = etree.Element(f"{{{CATALOGUE_NS}}}catalogue", nsmap={"c": CATALOGUE_NS})
    parsed = [etree.fromstring(entry.encode("utf-8")) for entry in entries]
    for entry in sorted(parsed, key=lambda e: (e.get("when"), e.get("id"))):
        catalogue.append(entry)
    return catalogue
