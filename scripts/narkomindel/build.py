"""The build: validate the edition once, then write each edition asked for (web, plain text, print) into its own
folder of the output directory, each swapped in only when complete."""

from __future__ import annotations

import copy
import gc
import shutil
import tempfile
import weakref
from contextlib import ExitStack, contextmanager
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path

from lxml import etree
from saxonche import PyXdmNode

from .corpus import EDITION_FILE
from . import parallel
from .data import TEI_FILES, corpus_files, write_catalogue_data, write_metadata, write_tei_files
from .pdf import PDF_NAME, write_pdf
from .findings import Finding, Severity
from .incremental import ENTRIES, Entries, Hashes, Reuse, State, digest, toolchain_digest
from .output import check_output, claimed, gathered, removing_later, staged, write_text
from .progress import Progress
from .project import Project
from .render import Renderer
from .rules import write_guidelines
from .search import C, CATALOGUE_NS, SearchStore, record_count, stride_for, update_search_index, write_search_index
from .session import Session
from .text import tidy, write_text_edition
from .validate import Memo, content_digest, validate, xml_files



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
          jobs: int | None = None, progress: Progress | None = None, session: Session | None = None) -> BuildReport:
    """Validate the edition, then write each format into its folder of `output` (html/ …). Nothing is written
    when the edition has errors or the output directory is not the build's own (UnsafeOutput). What the previous
    build in `output` made from unchanged inputs is taken over, not made again; `jobs` workers share the rest. A
    process that builds again and again keeps what one build can hand the next in a `session`."""
    session = session or Session()
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    target = check_output(project.root, output)
    chosen = tuple(f for f in FORMATS if f in formats)
    progress = progress or Progress(enabled=False)
    with claimed(target), records_held() as set_aside, removing_later() as remove_later, ExitStack() as helpers:
        progress.phase("sources")
        toolchain = toolchain_digest(project.xslt, project.schema)
        tei = project.tei.resolve()
        # Each file read once here, if at all; sorted by name (comparing Path objects costs more than hashing).
        hashes = Hashes.load(target)
        contents = {path: hashes.of(path, content_digest) for path in xml_files(tei)}
        inputs = digest(toolchain, *(f"{path.name}\0{content}" for path, content in contents.items()))
        documents = sum(path.name != EDITION_FILE for path in contents)
        built = State.load_inputs(target)
        if all(built.get(f) == inputs and (target / FOLDERS[f]).is_dir() for f in chosen):
            # Nothing the chosen editions are made from has changed since they were built, valid.
            progress.finish()
            return BuildReport(target, documents, chosen)
        hashes.save(target)
        progress.phase("previous build")
        previous = session.take_state(target)
        early = helpers.enter_context(documents_beside(project, toolchain, chosen, documents, previous, jobs, session))
        current = State()
        memo = Memo.from_data(previous.checks)
        progress.phase("validating")
        findings = validate([tei], project.schema, memo=memo, jobs=jobs, contents=contents, listing=list(contents))
        current.checks = memo.as_data()
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:  # the outputs stay as the previous build left them; what was checked is kept
            refused = replace(previous, checks=current.checks,
                              inputs={f: d for f, d in previous.inputs.items() if f not in chosen})
            refused.save(target)
            session.keep_state(target, refused)
            raise BuildRefused(errors)
        for output_format in FORMATS:
            if output_format not in chosen:  # its folder is kept as it is, and so is what it was made from
                folder = FOLDERS[output_format] + "/"
                for mine, kept in ((current.outputs, previous.outputs), (current.groups, previous.groups),
                                   (current.layouts, previous.layouts)):
                    mine.update({k: v for k, v in kept.items() if k.startswith(folder)})  # type: ignore[attr-defined]
                if FOLDERS[output_format] in previous.files:
                    current.files[FOLDERS[output_format]] = previous.files[FOLDERS[output_format]]
                if output_format in previous.inputs:
                    current.inputs[output_format] = previous.inputs[output_format]
        writers = {"text": write_text_edition, "pdf": write_print}
        with Entries.opened(target / ENTRIES) as store, ExitStack() as stack:
            edition = read_edition(project, previous, current, jobs, progress, contents, store,
                                   session.renderer(project.xslt, toolchain))
            set_aside()
            folders: dict[str, Path] = {}
            reuses: dict[str, Reuse] = {}
            for output_format in chosen:
                kept: set[str] = set()
                # The folder's files are listed once, for what the build keeps, and not again when it ends.
                folders[output_format] = stack.enter_context(staged(
                    target / FOLDERS[output_format], kept, lambda f=output_format: reuses[f].present, remove_later))
                reuses[output_format] = Reuse(target / FOLDERS[output_format], previous, current,
                                              FOLDERS[output_format], folders[output_format], kept)
            # The teiCorpus and the zip read only the TEI files: on a large edition a process of their own writes
            # them from the start, while this one makes everything else. It copies the members of the files
            # unchanged since the previous build from the previous corpus and zip.
            if "html" in chosen:
                files = corpus_files(edition)
                # A file's key: its name, its content, and the toolchain that writes its members.
                hashed = {**edition.contents, EDITION_FILE: edition.header}
                keys = [digest(toolchain, path.name, hashed[path.name]) for path in files]
                tei_files = parallel.beside(write_tei_files, folders["html"], files, keys, target / FOLDERS["html"],
                                            {name: previous.layouts.get(f"html/{name}") for name in TEI_FILES},
                                            jobs=jobs, helper=session.helper() or ready_helper(early),
                                            worth_it=corpus_apart(len(edition.documents)))
            else:
                tei_files = lambda abandoned=False: None  # noqa: E731
            site_written: Callable[[bool], None] = lambda abandoned=False: None  # noqa: E731
            try:
                documents_written = write_documents(edition, folders, reuses, beside=early)
                if "html" in chosen:  # it reads none of the documents' files: made while they are made beside
                    site_written = write_site(edition, folders["html"], reuses["html"])
                documents_written()
                for output_format in chosen:
                    if output_format != "html":
                        writers[output_format](edition, folders[output_format], reuses[output_format])
                    current.inputs[output_format] = inputs
                site_written(False)
                progress.phase("teiCorpus and zip")
            except BaseException:
                # Stopped before the staging folder they write into is removed.
                site_written(True)
                tei_files(True)
                raise
            finally:
                edition.close()
            current.layouts.update({f"html/{name}": layout for name, layout in (tei_files(False) or {}).items()})
            current.built = sorted(FOLDERS[f] for f in chosen)
            # The new files moved into place, the state saved, the previous build's folders removed, the process
            # beside the build stopped.
            progress.phase("finishing")
            State.forget(target)  # the new files are about to be moved into place (as the block ends)
        current.save(target)
        session.keep_state(target, current)
    progress.finish()
    return BuildReport(target, len(edition.documents), chosen)


def prepare(session: Session, project: Project, output: Path, formats: Collection[str]) -> None:
    """Make ready, in `session`, what a rebuild of these formats into `output` after a save of one document needs:
    its stylesheets compiled (see stylesheets_of), and the last build's state."""
    documents = sum(path.name != EDITION_FILE for path in xml_files(project.tei))
    session.prepare(project.xslt, toolchain_digest(project.xslt, project.schema), stylesheets_of(formats),
                    check_output(project.root, output), helper="html" in formats and corpus_apart(documents))


# Fewer documents than this are made quicker in the build's own process than by one started for them.
MIN_DOCUMENTS_BESIDE = 8
# A rebuild gains by such a process only where the build is long enough before the documents for it to get ready,
# and for the time it takes from the build's own (on two cores, measured: a rebuild after a word changed took
# 0.1 s longer with one at 14 and at 1,000 documents, 0.2 s less at 10,000).
MIN_DOCUMENTS_REBUILT_BESIDE = 5_000


@contextmanager
def documents_beside(project: Project, toolchain: str, formats: Collection[str], documents: int, previous: State,
                     jobs: int | None, session: Session) -> Iterator[parallel.Helper | None]:
    """A process that may make the documents' own outputs (see write_documents) while this one goes on with the
    rest (the site's pages, the search index, the whole-edition files), where this process would otherwise make them
    itself: too few for workers (see parallel.runs_here), yet worth a process — the first build of an edition of 8 to
    a hundred-odd documents (the real edition: its documents' pages and texts are a third of its build), or a rebuild of
    a large edition (compiling the stylesheets of the few documents changed is a tenth of it at 10,000 documents).
    It starts at once and gets ready (Saxon imported, the stylesheets compiled, the header read) while this process
    validates the edition and makes the catalogue; it is stopped when the build ends. None where there is none, and
    in a session made ready for rebuilds (see Session.prepare), whose own stylesheets are compiled."""
    stylesheets = [part.stylesheet for part in PARTS if part.edition in {FOLDERS[f] for f in formats}]
    helper = None
    first = not previous.entries
    if stylesheets and not session.prepared and (
            first and documents >= MIN_DOCUMENTS_BESIDE and parallel.runs_here(documents, jobs)
            or not first and documents >= MIN_DOCUMENTS_REBUILT_BESIDE):
        helper = parallel.start_helper(partial(_ready_for_documents, project.xslt, project.tei / EDITION_FILE,
                                               toolchain, list(dict.fromkeys(stylesheets))), jobs=jobs)
    try:
        yield helper
    finally:
        if helper is not None:
            helper.stop()


def ready_helper(helper: parallel.Helper | None) -> ProcessPoolExecutor | None:
    """The process beside the build, if it is ready for work: it can write the teiCorpus and the zip too, and spare
    the build starting a process for them."""
    return helper.executor if helper is not None and helper.ready() else None


def made_beside(helper: parallel.Helper, documents: int, jobs: int | None) -> bool:
    """Whether this many documents to make go to the process beside the build: if they are too few for workers, and
    if it is ready, or they are enough to be worth waiting for it (a rebuild's few documents are made here if it is
    not, and the process is stopped at once)."""
    return (0 < documents and parallel.runs_here(documents, jobs)
            and (helper.ready() or documents >= MIN_DOCUMENTS_BESIDE))


def corpus_apart(documents: int) -> bool:
    """True if the teiCorpus and the zip of an edition of this many documents are written in a process of their
    own, beside the rest of the build (for fewer, starting it costs more than it saves)."""
    return documents >= parallel.MIN_TASKS_PER_WORKER


def stylesheets_of(formats: Collection[str]) -> list[str]:
    """The stylesheets a build of these formats runs in its own process when it makes a few documents, in the order
    it first needs them: the catalogue entry's, each document's outputs', then the site's pages'."""
    folders = {FOLDERS[f] for f in formats}
    return ["catalogue.xsl", *dict.fromkeys(part.stylesheet for part in PARTS if part.edition in folders),
            *(["html-site.xsl"] if "html" in formats else [])]


@contextmanager
def records_held() -> Iterator[Callable[[], None]]:
    """The build's records (the previous state, the validation memo, what it knows of each entry: millions of
    objects at 10,000 documents) live until it ends, and Python's collector of reference cycles walked through all
    of them at each of its full collections: 0.6–0.8 s of a rebuild after a word changed (measured with
    gc.callbacks). The collector is paused while they are read and made, then (`set_aside()`) they are set apart
    from it until the build ends (gc.freeze), and it runs again, as it ran before, for what is made after."""
    was_enabled = gc.isenabled()
    gc.disable()
    frozen = False

    def set_aside() -> None:
        nonlocal frozen
        gc.freeze()
        frozen = True
        if was_enabled:
            gc.enable()

    try:
        yield set_aside
    finally:
        if frozen:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def document_files(project: Project) -> list[Path]:
    return [path for path in xml_files(project.tei) if path.name != EDITION_FILE]


@dataclass(frozen=True)
class Entry:
    """What the build knows of a document's catalogue entry without reading it: its key in the Entries store
    (see read_edition), the digest of its outline (what the pages of the whole edition show of it), its summary
    (what a neighbour's page shows), its date and id (its place in the catalogue), the parallel translations
    it names (c:parallel: file, target, page), and how many records it gives the search index."""

    key: str
    outline: str
    summary: str
    when: str
    id: str
    parallels: tuple[tuple[str, str, str], ...]
    records: int

    def as_data(self) -> list:
        return [self.key, self.outline, self.summary, self.when, self.id, [list(p) for p in self.parallels],
                self.records]

    @classmethod
    def from_data(cls, data: list) -> Entry:
        key, outline_digest, summary, when, entry_id, parallels, count = data
        return cls(key, outline_digest, summary, when, entry_id, tuple(map(tuple, parallels)), int(count))


def catalogue_order(index: Mapping[str, Entry]) -> list[str]:
    """The documents' file names in the order of the catalogue: by date, then by id."""
    return sorted(index, key=lambda name: (index[name].when, index[name].id))


@dataclass
class Edition:
    """The edition as every output needs it: the documents (by path, with their content hashes), the header,
    and what the build knows of each catalogue entry (`index`); the entries themselves are read from the store
    one at a time, in date order (`order`), when an output needs them. No document is held parsed: each is
    read when an output needs it."""

    project: Project
    renderer: Renderer
    documents: dict[Path, str]
    toolchain: str
    header: str
    header_node: PyXdmNode
    index: dict[str, Entry]
    store: Entries
    jobs: int | None
    progress: Progress
    previous: dict[str, Entry] = field(default_factory=dict)  # what the previous build knew of each entry
    _outline_folder: Path | None = field(default=None, init=False, repr=False)

    @cached_property
    def order(self) -> list[str]:
        """The documents' file names in the order of the catalogue."""
        return catalogue_order(self.index)

    @cached_property
    def position(self) -> dict[str, int]:
        """File name → place in date order."""
        return {name: number for number, name in enumerate(self.order)}

    def entry(self, name: str) -> etree._Element:
        """A document's catalogue entry, read from the store."""
        return etree.fromstring(self.store.get(self.index[name].key).encode("utf-8"))

    def outline(self, name: str) -> etree._Element:
        """A document's catalogue entry without the words of its text (see outline), read from the store."""
        return etree.fromstring(self.store.outline(self.index[name].key).encode("utf-8"))

    def entries(self) -> Iterator[etree._Element]:
        """Every catalogue entry in date order, one at a time."""
        return (self.entry(name) for name in self.order)

    @cached_property
    def site_pages(self) -> SitePages:
        """What the pages of the whole edition are made from, read by this edition's renderer (see SitePages)."""
        folder = self.outline_folder()
        return SitePages(self.renderer, self.project.tei / EDITION_FILE,
                         *(folder / f"{part}.xml" for part in OUTLINES))

    @property
    def parameters(self) -> dict[str, PyXdmNode]:
        """The stylesheets' parameters that show the whole edition (see SitePages.parameters)."""
        return self.site_pages.parameters

    def index_parameters(self) -> dict[str, PyXdmNode]:
        """The parameters of the indexes of names (see SitePages.index_parameters)."""
        return self.site_pages.index_parameters()

    def outline_folder(self) -> Path:
        """A folder holding the catalogue's outline in two files (see OUTLINES), written at the first call, in one
        pass over the outlines, entry by entry: the catalogue is never held whole here. Saxon reads them from there,
        in this process or in one of its own (see write_site); the folder is removed by `close`."""
        if self._outline_folder is None:
            folder = Path(tempfile.mkdtemp(prefix="narkomindel-outline-"))
            weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
            with ExitStack() as files:
                writers = []
                for part, projection in OUTLINES.items():
                    written = files.enter_context(etree.xmlfile(str(folder / f"{part}.xml"), encoding="utf-8"))
                    files.enter_context(written.element(f"{{{CATALOGUE_NS}}}catalogue", nsmap={"c": CATALOGUE_NS}))
                    writers.append((written, projection))
                for name in self.order:
                    stored = self.store.outline(self.index[name].key).encode("utf-8")
                    for written, projection in writers:  # each projection cuts down a tree of its own
                        written.write(projection(etree.fromstring(stored)))
            self._outline_folder = folder
        return self._outline_folder

    def close(self) -> None:
        """Remove the outline's files, if written (else they go when the edition is collected)."""
        if self._outline_folder is not None:
            shutil.rmtree(self._outline_folder, ignore_errors=True)
        self._outline_folder = None
        self.__dict__.pop("site_pages", None)  # made from those files

    @cached_property
    def common_key(self) -> str:
        """What every output is made from: the toolchain and the edition's header."""
        return digest(self.toolchain, self.header)

    @cached_property
    def outline_key(self) -> str:
        """What every output showing the whole edition (but not the words of its text) is made from."""
        return digest(self.toolchain, self.header, *(self.index[name].outline for name in self.order))

    def neighbours(self, name: str) -> tuple[str | None, str | None]:
        """The documents before and after this one in date order."""
        return _neighbours(self.order, self.position, name)

    @cached_property
    def previous_places(self) -> tuple[list[str], dict[str, int]]:
        """The previous build's documents in the order of its catalogue, and each one's place in it."""
        order = catalogue_order(self.previous)
        return order, {name: number for number, name in enumerate(order)}

    @cached_property
    def other_sides(self) -> dict[str, set[str]]:
        """Each document that names a parallel translation or is named as one, in this build or the previous, with
        the documents on the other side."""
        found: dict[str, set[str]] = {}
        for index in (self.index, self.previous):
            for name, entry in index.items():
                for file, _, _ in entry.parallels:
                    found.setdefault(name, set()).add(file)
                    found.setdefault(file, set()).add(name)
        return found

    @cached_property
    def unchanged(self) -> set[str]:
        """The documents whose outputs are all made from what they were made from in the previous build (see
        shows_the_same). When the documents and their order are as before, only a changed entry can make a
        document show something else: its own, a neighbour's or one on the other side of a parallel translation;
        only those are looked at."""
        if self.previous_places[0] != self.order:
            return {name for name in self.order if self.shows_the_same(name)}
        changed = [name for name in self.order if self.previous[name].key != self.index[name].key]
        suspects = set(changed)
        for name in changed:
            suspects.update(self.other_sides.get(name, ()))
            suspects.update(n for n in self.neighbours(name) if n is not None)
        return set(self.order) - {name for name in suspects if not self.shows_the_same(name)}

    def shows_the_same(self, name: str) -> bool:
        """True if every output of this document is made from what it was made from in the previous build: the
        same entry (its key covers the document, the header and the toolchain) between neighbours that look the
        same, and, where it has a parallel translation (its pages show the other document too), the documents on
        the other side with their entries unchanged as well."""
        for shown in (name, *self.other_sides.get(name, ())):
            before, now = self.previous.get(shown), self.index.get(shown)
            if before is None or now is None or before.key != now.key:
                return False
        now = _neighbours(self.order, self.position, name)
        then = _neighbours(*self.previous_places, name)
        return all((a is None and b is None) or (a is not None and b is not None
                                                   and self.index[a].summary == self.previous[b].summary)
                   for a, b in zip(now, then))

    def context(self, path: Path) -> str:
        """What a document's web page shows of other documents, as a small catalogue: its own entry between its
        neighbours in date order (their dates and titles), then, apart, the entries that name it as their
        parallel translation. A page needs nothing else of the catalogue, so it is made again only when this
        (or the document) changed, and no worker holds the whole catalogue."""
        before, after = self.neighbours(path.name)
        context = _catalogue_element()
        if before is not None:
            context.append(etree.fromstring(self.index[before].summary))
        context.append(self.outline(path.name))
        if after is not None:
            context.append(etree.fromstring(self.index[after].summary))
        self._pointing(path, context)
        return etree.tostring(context, encoding="unicode")

    def context_key(self, path: Path) -> str:
        """A digest of the page's context (see `context`) made from what is known of each entry, so that a
        rebuild need not make the context of a page it takes over."""
        before, after = self.neighbours(path.name)
        pointing = (etree.tostring(self._pointing(path, _catalogue_element()), encoding="unicode")
                    if path.name in self.parallel_to else "")  # most documents have no translation
        return digest(self.index[path.name].outline,
                      self.index[before].summary if before is not None else "",
                      self.index[after].summary if after is not None else "", pointing)

    def _pointing(self, path: Path, context: etree._Element) -> etree._Element:
        """The entries that name this document as their parallel translation (their c:parallel only)."""
        pointing = etree.SubElement(context, f"{{{CATALOGUE_NS}}}pointing")
        for name in sorted(self.parallel_to.get(path.name, set())):
            pointer = etree.SubElement(pointing, f"{{{CATALOGUE_NS}}}document", file=name)
            for file, target, page in self.index[name].parallels:
                etree.SubElement(pointer, f"{{{CATALOGUE_NS}}}parallel", file=file, target=target, page=page)
        return pointing

    def compare_pages(self, path: Path) -> list[tuple[str, str]]:
        """(page, the other document's file) for each side-by-side page this document makes: a page is made by
        the first document (by file name) whose header names the other."""
        return self.compared_by.get(path.name, [])

    @cached_property
    def compared_by(self) -> dict[str, list[tuple[str, str]]]:
        pages: dict[str, list[tuple[str, str]]] = {}
        for page, (owner, other) in self.comparisons.items():
            pages.setdefault(owner, []).append((page, other))
        return pages

    def comparison(self, page: str) -> str:
        """The two entries a side-by-side page shows, as a small catalogue."""
        owner, other = self.comparisons[page]
        pair = _catalogue_element()
        for name in sorted((owner, other), key=self.position.__getitem__):
            pair.append(self.outline(name))
        return etree.tostring(pair, encoding="unicode")

    @cached_property
    def comparisons(self) -> dict[str, tuple[str, str]]:
        """Side-by-side page → (the document that makes it, the other)."""
        pages: dict[str, tuple[str, str]] = {}
        for name in sorted(self.index):
            for file, _, page in self.index[name].parallels:
                if file in self.index:
                    pages.setdefault(page, (name, file))
        return pages

    @cached_property
    def contents(self) -> dict[str, str]:
        """File name → content hash."""
        return {path.name: content for path, content in self.documents.items()}

    @cached_property
    def parallel_to(self) -> dict[str, set[str]]:
        """File name → the documents that name it as their parallel translation."""
        pointing: dict[str, set[str]] = {}
        for name, entry in self.index.items():
            for file, _, _ in entry.parallels:
                pointing.setdefault(file, set()).add(name)
        return pointing


def _neighbours(order: list[str], position: dict[str, int], name: str) -> tuple[str | None, str | None]:
    number = position[name]
    return order[number - 1] if number > 0 else None, order[number + 1] if number + 1 < len(order) else None


def read_edition(project: Project, previous: State, current: State, jobs: int | None = None,
                 progress: Progress | None = None, contents: Mapping[Path, str] | None = None,
                 store: Entries | None = None, renderer: Renderer | None = None) -> Edition:
    """What the build knows of every catalogue entry, each entry extracted anew (into `store`, or into one in
    memory) only from a document that changed. `contents` may give the hash of each file of tei/ by path
    (content_digest), if the folder was listed and its files read already; `renderer`, one whose stylesheets are
    compiled already."""
    store = store or Entries.in_memory()
    renderer = renderer or Renderer(project.xslt)
    toolchain = toolchain_digest(project.xslt, project.schema)
    if contents is None:
        contents = {path: content_digest(path) for path in xml_files(project.tei)}
    # The caller's paths, not joined again: making 10,000 Path objects took a tenth of a second.
    documents = {path: content for path, content in contents.items() if path.name != EDITION_FILE}
    header = next((content for path, content in contents.items() if path.name == EDITION_FILE), None) \
        or content_digest(project.tei / EDITION_FILE)
    stored = store.keys()
    # An entry is made from the document, the header (it gives every index form of the names) and the toolchain.
    keys = {path: digest(toolchain, header, content) for path, content in documents.items()}
    index: dict[str, Entry] = {}
    before: dict[str, Entry] = {}
    for name, data in previous.entries.items():
        try:
            before[name] = Entry.from_data(data)
        except (TypeError, ValueError):
            continue
    todo = []
    for path, key in keys.items():
        known = before.get(path.name)
        if known is not None and known.key == key and key in stored:
            index[path.name] = known
        else:
            todo.append(path)
    progress = progress or Progress(enabled=False)
    progress.phase("catalogue", len(todo))
    tasks = [str(path) for path in todo]
    header_node = renderer.load(project.tei / EDITION_FILE)
    # A few entries are made in this process, with this renderer (a second one would compile its stylesheets again).
    made = parallel.run(_render_entry, tasks, jobs=jobs, initializer=_start_renderer,
                        initargs=(project.xslt, project.tei / EDITION_FILE, toolchain),
                        local=lambda: _adopt(renderer, header_node, toolchain))
    for path, (xml, outlined, *known) in zip(todo, made):
        store.put(keys[path], xml, outlined)
        index[path.name] = Entry(keys[path], digest(outlined), *known)  # type: ignore[arg-type]
        progress.advance()
    store.keep_only({entry.key for entry in index.values()}, stored)
    current.entries = {name: index[name].as_data() for name in sorted(index)}
    return Edition(project, renderer, documents, toolchain, header, header_node, index, store, jobs, progress, before)


def write_documents(edition: Edition, folders: dict[str, Path], reuses: dict[str, Reuse],
                    beside: parallel.Helper | None = None) -> Callable[[], None]:
    """Every document's own outputs, all of them made in one pass over the documents (each read once, on every
    core): its web page, its citation files and the side-by-side pages it makes (html/), and its two plain texts
    (text/). An output whose inputs are unchanged is taken from the previous build instead. They are made and
    written before this returns, or, given a process started `beside` this one (see documents_beside, made_beside),
    made there while this process goes on: the function returned waits for them and writes them."""
    edition.progress.phase("documents")
    todo: list[tuple[Path, list[tuple[Part, Output]]]] = []
    # Most documents of a rebuild: nothing they are made from changed, and their files are all there.
    unchanged = [path.name for path in edition.documents if path.name in edition.unchanged]
    carried = set(unchanged)
    for folder in folders:
        carried &= reuses[folder].carry(unchanged)
    for path, content in edition.documents.items():
        if path.name in carried:
            continue
        wanted = []
        for folder in folders:
            outputs = [(part, output) for part in PARTS if part.edition == folder
                       for output in part.outputs(edition, path, content)]
            taken = reuses[folder].take_document(path.name, [([name for name, _ in output.files], output.key)
                                                             for _, output in outputs])
            wanted += [made for made, kept in zip(outputs, taken) if not kept]
        if wanted:
            todo.append((path, wanted))

    def tasks() -> Iterator[tuple[str, tuple[tuple[str, str | None, str | None], ...]]]:
        # Each page's small catalogue is made only as the workers take its document.
        for path, wanted in todo:
            yield str(path), tuple((part.name, output.context(edition, path) if output.context else None,
                                    output.argument) for part, output in wanted)

    starting = (edition.project.xslt, edition.project.tei / EDITION_FILE, edition.toolchain)
    if beside is not None and made_beside(beside, len(todo), edition.jobs):
        made = parallel.beside(_render_documents, *starting, list(tasks()), jobs=edition.jobs, helper=beside.executor)
        return lambda: _write_made(edition, folders, todo, made(False))
    results = parallel.run(_render_document, tasks(), jobs=edition.jobs, initializer=_start_renderer,
                           initargs=starting, local=lambda: _adopt(edition.renderer, edition.header_node,
                                                                  edition.toolchain), count=len(todo))
    _write_made(edition, folders, todo, results)
    return lambda: None


def _write_made(edition: Edition, folders: dict[str, Path], todo: list[tuple[Path, list[tuple[Part, Output]]]],
                results: Iterable[dict[str, str]]) -> None:
    """Write the files of each document made (see write_documents), as their texts come."""
    edition.progress.phase("documents", len(todo))
    for (path, wanted), texts in zip(todo, results):
        for part, output in wanted:
            for name, kind in output.files:
                target = folders[part.edition] / name
                target.parent.mkdir(parents=True, exist_ok=True)
                write_text(target, tidy(texts[kind]) if part.edition == "text" else texts[kind])
        edition.progress.advance()


@dataclass(frozen=True)
class Output:
    """What one run of a part makes from a document: its files (name below the edition's folder, kind), their
    key (the digest of everything the run is made from: its files are made together, so they share it), the
    small catalogue it is given (made only if it has to run), and the argument of its mode, if any."""

    files: list[tuple[str, str]]
    key: str
    context: Callable[[Edition, Path], str] | None = None
    argument: str | None = None


@dataclass(frozen=True)
class Part:
    """A kind of output made from each document: the edition it belongs to, its files (name pattern, kind of
    file), the stylesheet and mode that make them, and whether it shows other documents: a page shows its
    neighbours (its context), a side-by-side page the other translation."""

    name: str
    edition: str
    files: tuple[tuple[str, str], ...]
    stylesheet: str
    mode: str
    shows: str = ""  # "", "context" or "comparison"

    def file_names(self, edition: Edition, path: Path) -> list[str]:
        """The names of the files this part makes from a document (below its edition's folder)."""
        if self.shows == "comparison":
            return [page for page, _ in edition.compare_pages(path)]
        node_id = edition.index[path.name].id or path.stem
        return [pattern.format(stem=path.stem, id=node_id) for pattern, _ in self.files]

    def outputs(self, edition: Edition, path: Path, content: str) -> list[Output]:
        inputs = (edition.common_key, content, self.name)
        if self.shows == "comparison":
            return [Output([(page, page)], digest(*inputs, edition.contents[other], edition.index[path.name].outline,
                                                  edition.index[other].outline, page),
                           lambda edition, _, page=page: edition.comparison(page), page)
                    for page, other in edition.compare_pages(path)]
        files = list(zip(self.file_names(edition, path), (kind for _, kind in self.files)))
        if self.shows == "context":
            return [Output(files, digest(*inputs, edition.context_key(path)), Edition.context)]
        return [Output(files, digest(*inputs))]


PARTS = (
    Part("page", "html", (("{stem}.html", "page"),), "html-document.xsl", "document", shows="context"),
    Part("compare", "html", (), "html-document.xsl", "compare", shows="comparison"),
    Part("citations", "html", (("cite/{id}.bib", "bibtex"), ("cite/{id}.ris", "ris"), ("cite/{id}.json", "csl-json")),
         "data.xsl", "citation-files"),
    Part("texts", "text", (("{stem}.txt", "text"), ("{stem}.source.txt", "source-text")), "text.xsl", "text-files"),
)
PART = {part.name: part for part in PARTS}
_WORKER: dict[str, object] = {}


def _adopt(renderer: Renderer, header: PyXdmNode, toolchain: str) -> None:
    """Render in this process with the edition's own renderer and header: nothing is compiled or parsed again."""
    _WORKER.update({"renderer": renderer, "edition": header, "toolchain": toolchain})


def _start_renderer(xslt: Path, header: Path, toolchain: str) -> None:
    renderer = _WORKER.get("renderer")
    if not isinstance(renderer, Renderer) or _WORKER.get("toolchain") != toolchain:
        renderer = Renderer(xslt)
    _WORKER.update({"renderer": renderer, "edition": renderer.load(header), "toolchain": toolchain})


def _ready_for_documents(xslt: Path, header: Path, toolchain: str, stylesheets: Collection[str]) -> None:
    """What a process making the documents beside the build does first (see documents_beside)."""
    _start_renderer(xslt, header, toolchain)
    renderer = _WORKER["renderer"]
    assert isinstance(renderer, Renderer)
    for name in stylesheets:
        renderer.stylesheet(name)


def _render_documents(xslt: Path, header: Path, toolchain: str,
                      tasks: list[tuple[str, tuple[tuple[str, str | None, str | None], ...]]]) -> list[dict[str, str]]:
    """The files of these documents (see _render_document), in a process started beside the build: set up as a
    worker (again, should its first setting up have failed)."""
    _start_renderer(xslt, header, toolchain)
    return [_render_document(task) for task in tasks]


def _render_entry(path: str) -> tuple[str, str, str, str, str, tuple[tuple[str, str, str], ...], int]:
    """The document's catalogue entry and its outline, then what the build keeps of it (see Entry, without the key
    and the outline's digest)."""
    renderer = _WORKER["renderer"]
    assert isinstance(renderer, Renderer)
    entry = renderer.run("catalogue.xsl", "catalogue", renderer.load(Path(path)),
                         {"edition": _WORKER["edition"]})  # type: ignore[dict-item]
    parsed = etree.fromstring(entry.encode("utf-8"))
    return (entry, etree.tostring(outline(parsed), encoding="unicode"),
            etree.tostring(_summary(parsed), encoding="unicode"), parsed.get("when") or "", parsed.get("id") or "",
            tuple((p.get("file"), p.get("target"), p.get("page")) for p in parsed.iterfind("c:parallel", C)),
            record_count(parsed))


def _render_document(task: tuple[str, tuple[tuple[str, str | None, str | None], ...]]) -> dict[str, str]:
    """The files of the wanted parts of one document, by kind (page, bibtex, text, the name of a side-by-side
    page …), from one reading of it. Each wanted part comes with its small catalogue and argument, if any."""
    path, wanted = task
    renderer = _WORKER["renderer"]
    assert isinstance(renderer, Renderer)
    document = renderer.load(Path(path))
    parameters = {"edition": _WORKER["edition"]}
    files: dict[str, str] = {}
    for name, context, argument in wanted:
        part = PART[name]
        if context is None:  # several files in one pass, as <files><file name="kind">
            files.update(renderer.files(part.stylesheet, part.mode, document, parameters))  # type: ignore[arg-type]
            continue
        shown = parameters | {"catalogue": renderer.parse_string(context)}
        if argument is not None:
            shown["compare"] = renderer.string(argument)
        kind = argument if argument is not None else part.files[0][1]
        files[kind] = renderer.run(part.stylesheet, part.mode, document, shown)  # type: ignore[arg-type]
    return files


def write_site(edition: Edition, target: Path, reuse: Reuse) -> Callable[[bool], None]:
    """The pages of the whole edition, the assets, the TEI sources, the search index and the data (but the
    teiCorpus and the zip, see build), written below `target` beside each document's page (see write_documents).
    What shows the whole edition but not the words of its text (the lists, indexes, calendar, changelog, CMIF …)
    is made again only when the catalogue's outline changed: in a large edition by a process of its own, started
    first, while this one makes the rest (see site_pages_apart). The function returned waits for those pages and
    moves them into place; called with True (the build failed), it only waits until their process has stopped."""
    edition.progress.phase("site pages")
    site_pages = _start_site_pages(edition, target, reuse)
    try:
        write_search(edition, target, reuse)
        edition.progress.phase("data")
        (target / "tei").mkdir()
        sources = {edition.project.tei / EDITION_FILE: edition.header, **edition.documents}
        for path, content in sources.items():
            if not reuse.take(f"tei/{path.name}", content):
                shutil.copyfile(path, target / "tei" / path.name)
        write_metadata(edition, target, reuse)
    except BaseException:
        site_pages(True)  # stopped before the staging folder it writes into is removed
        raise
    return site_pages


# An edition of this many documents or more has the pages of the whole edition made by a process of their own,
# while the build's own makes the search index, the data and the other editions. At 10,000 documents those pages
# take about a third of the build after the documents' own outputs, and Saxon's heap, which grows by some 350 MB of
# garbage while it makes them, is then not added to the build's records in one process. In a smaller edition the
# process's start (Python, Saxon, the stylesheets compiled again) costs more than the overlap saves.
MIN_DOCUMENTS_SITE_APART = 500


def site_pages_apart(documents: int, jobs: int | None) -> bool:
    """True if the pages of the whole edition of this many documents are made by a process of their own."""
    return documents >= MIN_DOCUMENTS_SITE_APART and not parallel.runs_here(documents, jobs)


def _start_site_pages(edition: Edition, target: Path, reuse: Reuse) -> Callable[[bool], None]:
    """The pages of the whole edition (see write_site), started in a process of their own, or made now (while the
    documents of a small edition are made beside the build: see documents_beside); what waits for them."""
    if reuse.take_group("site", edition.outline_key):
        return lambda abandoned=False: None
    scratch = Path(tempfile.mkdtemp(prefix=".site-", dir=target))
    made: Callable[[bool], None] = lambda abandoned=False: None  # noqa: E731
    if site_pages_apart(len(edition.documents), edition.jobs):
        pages = edition.site_pages
        made = parallel.beside(_site_pages_apart, edition.project.xslt, pages.header, pages.outline, pages.mentions,
                               scratch, jobs=edition.jobs)
    else:
        make_site_pages(edition.site_pages, scratch)

    def wait(abandoned: bool = False) -> None:
        if abandoned:
            made(True)
            return
        edition.progress.phase("site pages")
        made(False)
        shutil.copytree(edition.project.xslt / "assets", scratch / "assets")
        reuse.record_group("site", edition.outline_key, gathered(scratch, target))
    return wait


@dataclass
class SitePages:
    """What the pages of the whole edition are made from, read from files by a renderer, in the build's process or
    in one of their own: the edition's header and the two parts of the catalogue's outline (see
    Edition.outline_folder)."""

    renderer: Renderer
    header: Path
    outline: Path
    mentions: Path

    @cached_property
    def header_node(self) -> PyXdmNode:
        return self.renderer.load(self.header)

    @cached_property
    def parameters(self) -> dict[str, PyXdmNode]:
        """The stylesheets' parameters: the header, and the catalogue's outline (without the words of the text)
        without the mentions of names, which only the indexes read (see index_parameters). Read only when a
        stylesheet that shows the whole edition has to run."""
        return {"edition": self.header_node, "catalogue": self.renderer.load(self.outline)}

    def index_parameters(self) -> dict[str, PyXdmNode]:
        """The parameters of the indexes of names: each document's title and where it mentions each name. Read
        apart from the rest of the outline and not kept, so that Saxon never holds the two at once: the mentions
        are half of the outline."""
        return {"edition": self.header_node, "catalogue": self.renderer.load(self.mentions)}


def make_site_pages(pages: SitePages, scratch: Path) -> None:
    """The pages of the whole edition below `scratch`: the indexes of names first, from the mentions (Saxon's tree
    of them is let go when they are written: see SitePages.index_parameters), then the lists, the calendar, the
    bibliography, the search page, the encoding guidelines, the changelog, the edition's citations and CMIF."""
    parameters = pages.index_parameters()
    pages.renderer.run("html-site.xsl", "indexes", parameters["catalogue"], parameters, output_dir=scratch)
    del parameters
    parameters = pages.parameters
    pages.renderer.run("html-site.xsl", "site", parameters["catalogue"], parameters, output_dir=scratch)
    write_guidelines(pages, scratch)
    write_catalogue_data(pages, scratch)


def _site_pages_apart(xslt: Path, header: Path, outline: Path, mentions: Path, scratch: Path) -> None:
    """make_site_pages, in a process of its own."""
    make_site_pages(SitePages(Renderer(xslt), header, outline, mentions), scratch)


def write_search(edition: Edition, target: Path, reuse: Reuse) -> None:
    """The search index: taken over when no entry changed, updated when a few did (the documents and their order
    being the same), else written anew."""
    edition.progress.phase("search index")
    key = digest("search", edition.toolchain, *(edition.index[name].key for name in edition.order))
    if reuse.take_group("search", key):
        return
    shutil.rmtree(target / "search", ignore_errors=True)  # what a failed take left
    kept = SearchStore(edition.store.connection, key)
    names = [(name, edition.index[name].key) for name in edition.order]
    stride = stride_for(max((entry.records for entry in edition.index.values()), default=0))
    previous = reuse.previous.groups.get(f"{reuse.prefix}/search")
    files = None
    if previous:
        years = {edition.index[name].when[:4] for name in edition.order
                 if edition.index[name].records and edition.index[name].when}
        files = update_search_index(kept, previous[0], target, stride, names,
                                    lambda place: edition.entry(edition.order[place]), years, reuse.keep)
    if files is None:
        files = write_search_index(edition.entries(), target, stride, kept, names)
    reuse.record_group("search", key, files)


def write_print(edition: Edition, target: Path, reuse: Reuse) -> None:
    """The print edition: one PDF of the whole edition, made again only when a source or the toolchain changed."""
    edition.progress.phase("print edition (PDF)")
    key = digest(edition.toolchain, edition.header, *edition.documents.values())
    if not reuse.take(PDF_NAME, key):
        write_pdf(edition.project, target)


# What only the search index reads of a catalogue entry: the words of every paragraph, list item and note.
SEARCH_TEXT = (f"{{{CATALOGUE_NS}}}paragraph", f"{{{CATALOGUE_NS}}}note")
# What no stylesheet reads of a mention or a date (their words as written, their paragraph, whether in a note):
# the index pages and the calendar link to where they stand (@at, @where).
MENTION = f"{{{CATALOGUE_NS}}}mention"
PLACED = (MENTION, f"{{{CATALOGUE_NS}}}date")
UNREAD_OF_PLACED = ("p", "in-note")
TITLE = f"{{{CATALOGUE_NS}}}title"


def outline(element: etree._Element) -> etree._Element:
    """A copy of a catalogue entry without the words of the text, which only the search index reads: the
    stylesheets get this, so that no transformation holds the whole edition's text. The mentions, a third of a
    million at 10,000 documents, keep only what the index pages show: where each name first stands in each place
    of the page they link to (they show one link for each place, the first mention's). Saxon's trees of the
    outline, when the pages of the edition are made, are about half of what they would be with every mention whole."""
    copied = copy.deepcopy(element)
    for unit in list(copied.iter(*SEARCH_TEXT)):
        unit.getparent().remove(unit)
    linked: set[tuple[str | None, str | None]] = set()
    for placed in list(copied.iter(*PLACED)):
        if placed.tag == MENTION:
            link = (placed.get("ref"), placed.get("at"))
            if link in linked:
                placed.getparent().remove(placed)
                continue
            linked.add(link)
            placed.text = None
        for name in UNREAD_OF_PLACED:
            placed.attrib.pop(name, None)
    return copied


def without_mentions(outlined: etree._Element) -> etree._Element:
    """An entry's outline without its mentions of names."""
    for mention in list(outlined.iterfind(MENTION)):
        outlined.remove(mention)
    return outlined


def only_mentions(outlined: etree._Element) -> etree._Element:
    """Of an entry's outline, what the indexes of names show: the document, its title and its mentions."""
    for child in list(outlined):
        if child.tag not in (MENTION, TITLE):
            outlined.remove(child)
    return outlined


# The two files of the catalogue's outline (see Edition.outline_folder), each made by cutting down every entry's.
OUTLINES = {"outline": without_mentions, "mentions": only_mentions}


def _summary(entry: etree._Element) -> etree._Element:
    """A neighbour as a page shows it: where it is, its dates and its title."""
    summary = etree.Element(entry.tag, {k: v for k, v in entry.attrib.items()})
    title = entry.find("c:title", C)
    if title is not None:
        summary.append(copy.deepcopy(title))
    return summary


def _catalogue_element() -> etree._Element:
    return etree.Element(f"{{{CATALOGUE_NS}}}catalogue", nsmap={"c": CATALOGUE_NS})


def stored_entries(folder: Path) -> list[str]:
    """The catalogue entries a build left in `folder` (its state and its store), in date order."""
    index = {name: Entry.from_data(data) for name, data in State.load(folder).entries.items()}
    with Entries.opened(folder / ENTRIES) as store:
        return [store.get(index[name].key) for name in catalogue_order(index)]


def build_catalogue(entries) -> etree._Element:
    """One catalogue of all documents, in order of date (then id), from the per-document entries."""
    catalogue = _catalogue_element()
    parsed = [etree.fromstring(entry.encode("utf-8")) for entry in entries]
    for entry in sorted(parsed, key=lambda e: (e.get("when"), e.get("id"))):
        catalogue.append(entry)
    return catalogue
