"""The build: validate the edition once, then write each edition asked for (web, plain text, print) into its own
folder of the output directory, each swapped in only when complete."""

from __future__ import annotations

import copy
import shutil
from contextlib import ExitStack
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree
from saxonche import PyXdmNode

from .corpus import EDITION_FILE
from . import parallel
from .data import write_data
from .pdf import PDF_NAME, write_pdf
from .findings import Finding, Severity
from .incremental import Reuse, State, digest, folder_digest, toolchain_digest
from .output import check_output, claimed, staged, write_text
from .progress import Progress
from .project import Project
from .render import Renderer
from .rules import write_guidelines
from .search import C, CATALOGUE_NS, write_search_index
from .text import tidy, write_text_edition
from .validate import Memo, validate



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
        inputs = inputs_digest(project)
        built = State.load_inputs(target)
        if all(built.get(f) == inputs and (target / FOLDERS[f]).is_dir() for f in chosen):
            # Nothing the chosen editions are made from has changed since they were built, valid.
            progress.finish()
            return BuildReport(target, len(document_files(project)), chosen)
        previous = State.load(target)
        current = State()
        memo = Memo.from_data(previous.checks)
        findings = validate([project.tei], project.schema, memo=memo, jobs=jobs)
        current.checks = memo.as_data()
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            current.outputs, current.entries = previous.outputs, previous.entries
            current.inputs = {f: d for f, d in previous.inputs.items() if f not in chosen}
            current.save(target)
            raise BuildRefused(errors)
        edition = read_edition(project, previous, current, jobs, progress)
        writers = {"html": write_site, "text": write_text_edition, "pdf": write_print}
        for output_format in FORMATS:
            if output_format not in chosen:  # its folder is kept as it is, and so is what it was made from
                folder = FOLDERS[output_format]
                current.outputs.update({k: v for k, v in previous.outputs.items() if k.startswith(folder + "/")})
                if output_format in previous.inputs:
                    current.inputs[output_format] = previous.inputs[output_format]
        with ExitStack() as stack:
            folders = {f: stack.enter_context(staged(target / FOLDERS[f])) for f in chosen}
            reuses = {f: Reuse(target / FOLDERS[f], previous, current, FOLDERS[f]) for f in chosen}
            write_documents(edition, folders, reuses)
            for output_format in chosen:
                writers[output_format](edition, folders[output_format], reuses[output_format])
                current.inputs[output_format] = inputs
        current.save(target)
        progress.finish()
    return BuildReport(target, len(edition.documents), chosen)


def inputs_digest(project: Project) -> str:
    """Everything an edition is made from: the toolchain and every file of tei/ (names and contents)."""
    return digest(toolchain_digest(project.xslt, project.schema), folder_digest(project.tei, "*.xml"))


def document_files(project: Project) -> list[Path]:
    return sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)


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
        """What a document's web page shows of other documents, as a small catalogue: its own entry between its
        neighbours in date order (their dates and titles), then, apart, the entries that name it as their
        parallel translation. A page needs nothing else of the catalogue, so it is made again only when this
        (or the document) changed, and no worker holds the whole catalogue."""
        entry = self.entry(path)
        context = etree.Element(f"{{{CATALOGUE_NS}}}catalogue", nsmap={"c": CATALOGUE_NS})
        for element in (entry.getprevious(), entry, entry.getnext()):
            if element is not None:
                context.append(outline(element) if element is entry else _summary(element))
        pointing = etree.SubElement(context, f"{{{CATALOGUE_NS}}}pointing")
        for name in sorted(self.parallel_to.get(path.name, set())):
            pointer = etree.SubElement(pointing, f"{{{CATALOGUE_NS}}}document", file=name)
            for parallel in self.entries[name].iterfind("c:parallel", C):
                pointer.append(copy.copy(parallel))
        return etree.tostring(context, encoding="unicode")

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
    tasks = [str(path) for path in todo]
    for path, entry in zip(todo, parallel.run(_render_entry, tasks, jobs=jobs, initializer=_start_renderer,
                                              initargs=(project.xslt, project.tei / EDITION_FILE, toolchain))):
        entries[path.name] = entry
        progress.advance()
    for name, entry in entries.items():
        current.entries[name][1] = entry
    catalogue = build_catalogue(entries[path.name] for path in documents)
    catalogue_node = renderer.parse_string(etree.tostring(outline(catalogue), encoding="unicode"))
    parameters = {"edition": renderer.load(project.tei / EDITION_FILE), "catalogue": catalogue_node}
    return Edition(project, renderer, documents, toolchain, header, catalogue, parameters, jobs, progress)


def write_documents(edition: Edition, folders: dict[str, Path], reuses: dict[str, Reuse]) -> None:
    """Every document's own outputs, all of them made in one pass over the documents (each read once, on every
    core): its web page and citation files (html/) and its two plain texts (text/). An output whose inputs are
    unchanged is taken from the previous build instead."""
    tasks = []
    made: list[list[tuple[Path, str, bool]]] = []  # for each task: each file's place, its kind, whether plain text
    paged = any(part.needs_context and part.edition in folders for part in PARTS)
    for path, content in edition.documents.items():
        context = edition.context(path) if paged else None
        shown = digest(context) if context is not None else ""
        wanted = []
        for part in PARTS:
            if part.edition not in folders:
                continue
            files = part.outputs(edition, path, content, shown)
            # Every file is offered (a list, not a short-circuit), so that every key is recorded for the next build.
            if not all([reuses[part.edition].take(folders[part.edition], name, key) for name, key, _ in files]):
                wanted.append((part, [(folders[part.edition] / name, kind, part.edition == "text")
                                      for name, _, kind in files]))
        if wanted:
            needs_context = any(part.needs_context for part, _ in wanted)
            tasks.append((str(path), tuple(part.name for part, _ in wanted), context if needs_context else None))
            made.append([file for _, files in wanted for file in files])
    edition.progress.phase("documents", len(tasks))
    results = parallel.run(_render_document, tasks, jobs=edition.jobs, initializer=_start_renderer,
                           initargs=(edition.project.xslt, edition.project.tei / EDITION_FILE, edition.toolchain),
                           local=lambda: _adopt(edition))
    for files, texts in zip(made, results):
        for target, kind, plain in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text(target, tidy(texts[kind]) if plain else texts[kind])
        edition.progress.advance()


@dataclass(frozen=True)
class Part:
    """A kind of output made from each document: the edition it belongs to, its files (name pattern, kind of
    file), the stylesheet and mode that make them, and whether it shows other documents (the page's context)."""

    name: str
    edition: str
    files: tuple[tuple[str, str], ...]
    stylesheet: str
    mode: str
    needs_context: bool = False

    def outputs(self, edition: Edition, path: Path, content: str, shown: str) -> list[tuple[str, str, str]]:
        """(file below the edition's folder, key, kind) for each file of this part; `shown` is the digest of the
        page's context."""
        context = shown if self.needs_context else ""
        node_id = edition.entry(path).get("id") or path.stem
        return [(pattern.format(stem=path.stem, id=node_id),
                 digest(edition.toolchain, edition.header, content, kind, context), kind)
                for pattern, kind in self.files]


PARTS = (
    Part("page", "html", (("{stem}.html", "page"),), "html-document.xsl", "document", needs_context=True),
    Part("citations", "html", (("cite/{id}.bib", "bibtex"), ("cite/{id}.ris", "ris"), ("cite/{id}.json", "csl-json")),
         "data.xsl", "citation-files"),
    Part("texts", "text", (("{stem}.txt", "text"), ("{stem}.source.txt", "source-text")), "text.xsl", "text-files"),
)
_WORKER: dict[str, object] = {}


def _adopt(edition: Edition) -> None:
    """Render in this process with the edition's own renderer and header: nothing is compiled or parsed again."""
    _WORKER.update({"renderer": edition.renderer, "edition": edition.parameters["edition"],
                    "toolchain": edition.toolchain})


def _start_renderer(xslt: Path, header: Path, toolchain: str) -> None:
    renderer = _WORKER.get("renderer")
    if not isinstance(renderer, Renderer) or _WORKER.get("toolchain") != toolchain:
        renderer = Renderer(xslt)
    _WORKER.update({"renderer": renderer, "edition": renderer.load(header), "toolchain": toolchain})


def _render_entry(path: str) -> str:
    renderer = _WORKER["renderer"]
    assert isinstance(renderer, Renderer)
    return renderer.run("catalogue.xsl", "catalogue", renderer.load(Path(path)),
                        {"edition": _WORKER["edition"]})  # type: ignore[dict-item]


def _render_document(task: tuple[str, tuple[str, ...], str | None]) -> dict[str, str]:
    """The files of the wanted parts of one document, by kind (page, bibtex, text …), from one reading of it."""
    path, wanted, context = task
    renderer = _WORKER["renderer"]
    assert isinstance(renderer, Renderer)
    document = renderer.load(Path(path))
    parameters = {"edition": _WORKER["edition"]}
    files: dict[str, str] = {}
    for part in PARTS:
        if part.name not in wanted:
            continue
        if part.needs_context:  # a part of one file, made by the mode as a string
            assert context is not None
            shown = parameters | {"catalogue": renderer.parse_string(context)}
            files[part.files[0][1]] = renderer.run(part.stylesheet, part.mode, document, shown)  # type: ignore[arg-type]
        else:  # several files in one pass, as <files><file name="kind">
            files.update(renderer.files(part.stylesheet, part.mode, document, parameters))  # type: ignore[arg-type]
    return files


def write_site(edition: Edition, target: Path, reuse: Reuse) -> None:
    """The pages of the whole edition, the assets, the TEI sources, the search index and the data, written below
    `target` beside each document's page (see write_documents)."""
    parameters = edition.parameters
    edition.progress.phase("site pages")
    edition.renderer.run("html-site.xsl", "site", parameters["catalogue"], parameters, output_dir=target)
    write_guidelines(edition, target)
    edition.progress.phase("search index")
    write_search_index(edition.catalogue, target)
    shutil.copytree(edition.project.xslt / "assets", target / "assets")
    (target / "tei").mkdir()
    for path in [edition.project.tei / EDITION_FILE, *edition.documents]:
        if not reuse.take(target, f"tei/{path.name}", digest(path.read_bytes())):
            shutil.copyfile(path, target / "tei" / path.name)
    edition.progress.phase("data")
    write_data(edition, target, reuse)


def write_print(edition: Edition, target: Path, reuse: Reuse) -> None:
    """The print edition: one PDF of the whole edition, made again only when a source or the toolchain changed."""
    key = digest(edition.toolchain, edition.header, *edition.documents.values())
    if not reuse.take(target, PDF_NAME, key):
        edition.progress.phase("print edition (PDF)")
        write_pdf(edition.project, target)


# What only the search index reads of a catalogue entry: the words of every paragraph, list item and note.
SEARCH_TEXT = (f"{{{CATALOGUE_NS}}}paragraph", f"{{{CATALOGUE_NS}}}note")


def outline(element: etree._Element) -> etree._Element:
    """A copy of the catalogue (or of one entry) without the words of the text, which only the search index
    reads: the stylesheets get this, so that no transformation holds the whole edition's text."""
    copied = copy.deepcopy(element)
    for unit in list(copied.iter(*SEARCH_TEXT)):
        unit.getparent().remove(unit)
    return copied


def _summary(entry: etree._Element) -> etree._Element:
    """A neighbour as a page shows it: where it is, its dates and its title."""
    summary = etree.Element(entry.tag, {k: v for k, v in entry.attrib.items()})
    title = entry.find("c:title", C)
    if title is not None:
        summary.append(copy.deepcopy(title))
    return summary


def build_catalogue(entries) -> etree._Element:
    """One catalogue of all documents, in order of date (then id), from the per-document entries."""
    catalogue = etree.Element(f"{{{CATALOGUE_NS}}}catalogue", nsmap={"c": CATALOGUE_NS})
    parsed = [etree.fromstring(entry.encode("utf-8")) for entry in entries]
    for entry in sorted(parsed, key=lambda e: (e.get("when"), e.get("id"))):
        catalogue.append(entry)
    return catalogue
