"""The benchmark: synthetic editions made from the real documents, and the time and memory each command needs.

Every figure comes from a separate Python process (so the interpreter's start and the stylesheets' compilation
are counted, as an editor meets them), timed on the wall clock, its peak memory read from the kernel."""

from __future__ import annotations

import compileall
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .corpus import EDITION_FILE
from .project import Project
from .search import words

LINKED = ("schema", "xslt")


def synthetic_edition(project: Project, documents: int, target: Path) -> Project:
    """An edition of `documents` valid documents: the real ones copied as often as needed, each copy's file name,
    ids and pointers given the copy's own suffix so that every copy stands alone and resolves within its set."""
    if target.exists():
        shutil.rmtree(target)
    (target / "tei").mkdir(parents=True)
    for part in LINKED:
        (target / part).symlink_to((project.root / part).resolve())
    shutil.copyfile(project.tei / EDITION_FILE, target / "tei" / EDITION_FILE)
    originals = sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in originals}
    stems = re.compile("|".join(re.escape(s) for s in sorted(texts, key=len, reverse=True)))
    written = 0
    copy = 0
    while written < documents:
        for stem, text in texts.items():
            if written == documents:
                break
            suffix = "" if copy == 0 else f"-c{copy:05d}"
            renamed = stems.sub(lambda m: m.group(0) + suffix, text)
            (target / "tei" / f"{stem}{suffix}.xml").write_text(renamed, encoding="utf-8")
            written += 1
        copy += 1
    return Project(target)


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float
    documents: int
    # For a build: the seconds of each of its phases, as the build timed them in its own process (`build
    # --timings`); what `seconds` holds beyond their sum is the process's start (Python, the imports) and exit.
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


@dataclass
class Report:
    machine: str
    cores: int
    measures: list[Measure] = field(default_factory=list)
    sizes: dict[str, dict[str, float]] = field(default_factory=dict)
    search: list[SearchComparison] = field(default_factory=list)
    pages: PageTimes | None = None

    def as_json(self) -> str:
        return json.dumps({"machine": self.machine, "cores": self.cores,
                           "measures": [asdict(m) | {"per_second": round(m.per_second, 1)} for m in self.measures],
                           "sizes": self.sizes, "search": [c.as_dict() for c in self.search],
                           "pages": asdict(self.pages) if self.pages else None}, indent=2) + "\n"

    def table(self) -> str:
        floors = {m.documents: m.seconds for m in self.measures if m.name == "floor (lxml parse + serialize)"}
        lines = [f"{'step':<40} {'docs':>6} {'seconds':>9} {'docs/s':>9} {'peak MB':>8} {'× floor':>8}"]
        for m in self.measures:
            ratio = m.seconds / floors[m.documents] if floors.get(m.documents) else 0
            lines.append(f"{m.name:<40} {m.documents:>6} {m.seconds:>9.2f} {m.per_second:>9.1f} {m.peak_mb:>8.0f} "
                         f"{ratio:>8.1f}")
        for m in self.measures:
            if m.phases:
                outside = m.seconds - sum(m.phases.values())
                lines.append(f"phases of {m.name} at {m.documents}: " + ", ".join(
                    f"{label} {seconds:.2f}" for label, seconds in [*m.phases.items(), ("start and exit", outside)]))
        for documents, sizes in self.sizes.items():
            lines.append(f"size at {documents} documents: " + ", ".join(f"{k} {v:.2f} MB" for k, v in sizes.items()))
        for comparison in self.search:
            lines += comparison.lines()
        if self.pages:
            lines.append(self.pages.line())
        return "\n".join(lines) + "\n"


def run(arguments: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and peak resident memory (MB) of a fresh process: the kernel's figure for it and the
    worker processes it waited for, whichever was largest."""
    elapsed, peak, _ = run_printing(arguments)
    return elapsed, peak


def run_printing(arguments: list[str]) -> tuple[float, float, str]:
    """As `run`, with what the process printed."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as printed:
        started = time.perf_counter()
        process = subprocess.Popen(arguments, stdout=printed, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"benchmark step failed ({process.returncode}): {' '.join(arguments)}\n"
                               f"{errors.read().decode('utf-8', 'replace')[-2000:]}")
        printed.seek(0)
        return elapsed, usage.ru_maxrss / 1024, printed.read().decode("utf-8")


FLOOR = """
from pathlib import Path
from typing import Any
from lxml import etree
for path in sorted(Path({tei!r}).glob('*.xml')):
    etree.tostring(etree.parse(str(path)))
"""


# A rebuild as `narkomindel serve --watch` makes it after a save: in the process that built the edition before and
# made ready what a rebuild needs (see session.Session) while the editor had not saved yet. Only the rebuild is
# timed; the document is then put back and built again, so that the next measures start from the same state.
WATCHING = """
import json, time
from pathlib import Path
from narkomindel.build import build, prepare
from narkomindel.progress import Progress
from narkomindel.project import Project
from narkomindel.session import Session

if __name__ == "__main__":  # a process of its own re-imports this file as its main module
    project, out, formats, changed = Project(Path({root!r})), Path({out!r}), {formats!r}, Path({changed!r})
    session = Session()
    build(project, out, formats, session=session)
    prepare(session, project, out, formats)
    changed.write_text({edited!r}, encoding="utf-8")
    progress = Progress(enabled=False)
    started = time.perf_counter()
    build(project, out, formats, session=session, progress=progress)
    print(json.dumps({{"seconds": time.perf_counter() - started, "phases": progress.phases()}}))
    changed.write_text({text!r}, encoding="utf-8")
    build(project, out, formats, session=session)
    session.close()
"""


def command(*arguments: str) -> list[str]:
    """The narkomindel command as an editor runs it (so that large editions use every core)."""
    return [str(Path(sys.executable).with_name("narkomindel")), *arguments]


def measure_edition(project: Project, out: Path, documents: int, formats: list[str]) -> tuple[list[Measure], dict]:
    """Every figure for one edition: floor, validate, cold build, no-op rebuild, one word changed, one title
    changed; each build with the seconds of its phases."""
    values = {"tei": str(project.tei)}
    if out.exists():
        shutil.rmtree(out)
    measures = []
    with tempfile.TemporaryDirectory() as scratch:
        timings = Path(scratch) / "phases.json"
        build_command = command("build", "--project", str(project.root), "--out", str(out), "--format",
                                ",".join(formats), "--quiet", "--timings", str(timings))

        def measured(name: str, arguments: list[str]) -> Measure:
            timings.unlink(missing_ok=True)
            seconds, peak = run(arguments)
            phases = json.loads(timings.read_text(encoding="utf-8"))["phases"] if timings.exists() else {}
            return Measure(name, seconds, peak, documents, phases)

        steps = [("floor (lxml parse + serialize)", [sys.executable, "-c", FLOOR.format(**values)]),
                 ("validate", command("validate", "--project", str(project.root))),
                 (f"build {'+'.join(formats)}, cold", build_command), ("rebuild, nothing changed", build_command)]
        measures += [measured(name, arguments) for name, arguments in steps]
        changed = sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)[0]
        text = changed.read_text(encoding="utf-8")
        # A word of the text, which only the document's own outputs and the whole-edition files show; then its
        # title, which every list of the edition shows too.
        word = text.replace("</p>", " again</p>", 1)
        script = Path(scratch) / "watching.py"
        script.write_text(WATCHING.format(root=str(project.root), out=str(out), formats=formats,
                                          changed=str(changed), edited=word, text=text), encoding="utf-8")
        try:
            _, peak, printed = run_printing([sys.executable, str(script)])
        finally:
            changed.write_text(text, encoding="utf-8")
        warm = json.loads(printed)
        measures.append(Measure("rebuild, one document changed, warm", warm["seconds"], peak, documents,
                                warm["phases"]))
        for name, edited in (("rebuild, one document changed", word),
                             ("rebuild, one title changed", text.replace("<title>", "<title>Revised: ", 1))):
            changed.write_text(edited, encoding="utf-8")
            try:
                measures.append(measured(name, build_command))
            finally:
                changed.write_text(text, encoding="utf-8")
    return measures, site_sizes(out / "html")


def site_sizes(site: Path) -> dict[str, float]:
    """What a reader downloads: the whole site, its largest page, and what search loads before its first result."""
    if not site.is_dir():
        return {}
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    # The search page and its script, then what it fetches before its first result, for the typical query that
    # needs most.
    page = sum(p.stat().st_size for p in (site / "search.html", site / "assets" / "edition.js") if p.is_file())
    index = max((own_first_result(site, query).size for query in QUERIES), default=0) \
        if (site / "search" / "manifest.js").is_file() else 0
    mb = 1024 * 1024
    return {"site": sum(p.stat().st_size for p in files) / mb,
            "largest page": max((p.stat().st_size for p in pages), default=0) / mb,
            "search before first result": (page + index) / mb}


def compile_package() -> Path:
    """The package's folder, its modules compiled to bytecode. Python keeps them so after their first import,
    unless PYTHONDONTWRITEBYTECODE says not to: then every command would compile them again, which no installed
    edition does. The figures are of an installed edition."""
    package = Path(__file__).parent
    compileall.compile_dir(str(package), quiet=1)
    return package


def benchmark(project: Project, sizes: list[int], workdir: Path, formats: list[str],
              search_peer: str | None = None, peer: Path | None = None) -> Report:
    """Every figure for every size; with `search_peer` ("pagefind"), the search index compared with the peer's on
    each web edition built; with `peer` (a checkout of the TEI Stylesheets), the time to make a document's web
    page, theirs and ours, on the edition's own documents."""
    report = Report(platform.platform(), os.cpu_count() or 1)
    compile_package()
    for documents in sizes:
        # The real edition is measured on a copy too: the one-document change must never touch an editor's file.
        real = len([p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE])
        edition = synthetic_edition(project, documents or real, workdir / f"edition-{documents or real}")
        count = len(list(edition.tei.glob("*.xml"))) - 1
        measures, sizes_mb = measure_edition(edition, workdir / f"build-{count}", count, formats)
        report.measures += measures
        report.sizes[str(count)] = sizes_mb
        if search_peer == "pagefind" and "html" in formats:
            report.search.append(compare_search(workdir / f"build-{count}", count))
    if peer is not None:
        report.pages = time_web_pages(project, peer)
    return report


# ---------------------------------------------------------------- search: the edition's own index and a peer's
# Typical queries, each for one thing the search must keep finding: a common name, an accented name typed without
# its accent (Kühlmann, Iași), a rare word of a note, a word of a list item, and a name only in a spelling the
# register gives (V Ulyanov for Lenin), which is not in the reading text.
QUERIES = ("Trotsky", "Kuhlmann", "Iasi", "Leova", "provisioning", "Ulyanov")
SCRIPT_VALUE = re.compile(r"window\.\w+ = |\(window\.\w+ = window\.\w+ \|\| \{\}\)\[[^\]]*\] = ")


@dataclass(frozen=True)
class Fetched:
    """What a search fetches before its first result: the files (relative to the site), their bytes on disk and
    gzipped (as a compressing server sends them), and the pages of every hit (for parity)."""

    files: tuple[str, ...]
    size: int
    gzipped: int
    pages: frozenset[str]


def fetched(root: Path, files: list[str], pages: set[str]) -> Fetched:
    paths = [root / f for f in files]
    return Fetched(tuple(files), sum(p.stat().st_size for p in paths),
                   sum(len(gzip.compress(p.read_bytes(), mtime=0)) for p in paths), frozenset(pages))


def script_value(path: Path) -> Any:
    """The value a piece of the search index files in its global object (see search.assign)."""
    text = path.read_text(encoding="utf-8")
    start = SCRIPT_VALUE.match(text)
    if start is None:
        raise ValueError(f"{path}: not a piece of the search index")
    return json.loads(text[start.end():].rstrip().removesuffix(";"))


# The search page shows this many results at a time (RESULTS_AT_ONCE in edition.js).
RESULTS_AT_ONCE = 20


def own_first_result(site: Path, query: str) -> Fetched:
    """What the search page's script fetches before it shows a result (idsFor and recordsAt in edition.js): the
    manifest, the shards of the query's words, then the chunks of records that hold the first RESULTS_AT_ONCE hits.
    `pages` are the pages of every hit, as a reader who asks for more results in turn would reach them.
    The page and its script are left out: every page of the edition loads them."""
    manifest = script_value(site / "search" / "manifest.js")
    terms = words(query)
    keys = list(manifest["shards"])

    def shards_of(term: str) -> list[str]:
        return [k for k in keys if term.startswith(k) or k.startswith(term)]

    wanted = sorted({k for term in terms for k in shards_of(term)})
    shards = {k: script_value(site / "search" / manifest["shards"][k]) for k in wanted}
    ids: set[int] | None = None
    for term in terms:
        hits = {i for k in shards_of(term) for word, postings in shards[k].items() if word.startswith(term)
                for i in postings}
        ids = hits if ids is None else ids & hits
    found = sorted(ids or ())
    stride, documents = manifest["stride"], manifest["documents"]

    def chunk_of(record: int) -> int:
        return record // stride // documents

    first = sorted({chunk_of(i) for i in found[:RESULTS_AT_ONCE]})
    records = {c: script_value(site / "search" / f"records-{c}.js") for c in {chunk_of(i) for i in found}}
    pages = {records[chunk_of(i)][i // stride % documents][i % stride]["page"] for i in found}
    files = ["search/manifest.js", *(f"search/{manifest['shards'][k]}" for k in wanted),
             *(f"search/records-{c}.js" for c in first)]
    return fetched(site, files, pages)


CHROMIUM = Path("/usr/bin/chromium")
BROWSER_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Pagefind is given what the edition's own index holds: the documents' pages (named by their date), and of each
# page its text, lists, notes and the cards of the names it mentions; not the menus every page repeats, nor the
# citations of every paragraph in four formats (each would make every page a hit for its author's name).
PAGEFIND_OPTIONS = ["--glob", "[0-9][0-9][0-9][0-9]-*.html", "--exclude-selectors",
                    ".skip-link, .site-header, .site-footer, .cite", "--quiet"]
PAGEFIND_SEARCH = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  window.found = search.results;
  if (search.results.length) await search.results[0].data();
  return search.results.length;
}"""
PAGEFIND_PAGES = "async () => Promise.all(window.found.map((r) => r.data().then((d) => d.url)))"


def missing_for_search_peer() -> str | None:
    """Why the comparison with Pagefind cannot run here, or None."""
    import importlib.util

    for module, install in (("pagefind", "pip install 'narkomindel[bench]'"),
                            ("pagefind_bin", "pip install 'narkomindel[bench]'"),
                            ("playwright", "pip install 'narkomindel[bench]'")):
        if importlib.util.find_spec(module) is None:
            return f"the Python package {module} is not installed ({install})"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} to run Pagefind's search in (apt-get install chromium)"
    return None


def index_with_pagefind(site: Path, bundle: Path) -> float:
    """Seconds Pagefind takes (a fresh process, as `narkomindel bench` times every step) to index the site into
    `bundle`, outside the build."""
    seconds, _ = run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle),
                      *PAGEFIND_OPTIONS])
    return seconds


OWN_INDEX = """
import sys, tempfile, time
from pathlib import Path
from narkomindel.build import build_catalogue, stored_entries
from narkomindel.search import write_search_index
catalogue = build_catalogue(stored_entries(Path({build!r})))
with tempfile.TemporaryDirectory() as target:
    started = time.perf_counter()
    write_search_index(catalogue, Path(target))
    print(time.perf_counter() - started)
"""


def index_with_our_own(build: Path) -> float:
    """Seconds the build spends writing its own index, from the catalogue it already holds (its entries are read
    back from the state the build left)."""
    result = subprocess.run([sys.executable, "-c", OWN_INDEX.format(build=str(build))], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"timing the edition's own search index failed:\n{result.stderr[-2000:]}")
    return float(result.stdout.strip())


def files_and_bytes(paths: list[Path]) -> tuple[int, int]:
    files = [p for p in paths if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def pagefind_index_files(bundle: Path) -> list[Path]:
    """The index proper: Pagefind's metadata, word chunks and page fragments (not its script, its WebAssembly
    or its user interfaces)."""
    return [p for p in bundle.rglob("*") if p.suffix in {".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"}]


def pagefind_first_results(bundle: Path, queries: tuple[str, ...]) -> dict[str, Fetched]:
    """What Pagefind's own script fetches before the first result of each query, watched in Chromium (a fresh
    browser cache for each): its script, its entry file, its WebAssembly, its metadata, the word chunks and the
    first result's fragment. The pages are those of all its hits."""
    import threading

    from playwright.sync_api import sync_playwright

    from .serve import make_server

    with tempfile.TemporaryDirectory() as served:
        root = Path(served)
        (root / "pagefind").symlink_to(bundle.resolve())
        (root / "probe.html").write_text('<!DOCTYPE html><html lang="en"><title>probe</title></html>\n',
                                         encoding="utf-8")
        server = make_server(root, port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        results = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_FLAGS)
                for query in queries:
                    results[query] = _pagefind_query(browser, base, root, query)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return results


def _pagefind_query(browser, base: str, root: Path, query: str) -> Fetched:
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    # Pagefind asks for its entry file with a query string (so that no cache keeps an old one).
    page.on("request", lambda request: requested.append(request.url.removeprefix(base).split("?")[0]))
    page.goto(base + "probe.html")
    page.evaluate(PAGEFIND_SEARCH, query)
    files = [f for f in dict.fromkeys(requested) if f != "probe.html"]
    pages = {url.rsplit("/", 1)[-1] for url in page.evaluate(PAGEFIND_PAGES)}
    context.close()
    return fetched(root, files, pages)


@dataclass
class SearchComparison:
    """The edition's own search index and Pagefind's on the same built site: seconds to index, the index's files
    and bytes, and for each query what is fetched before the first result and which pages are found."""

    documents: int
    seconds: dict[str, float]
    files: dict[str, tuple[int, int]]
    queries: dict[str, dict[str, Fetched]]

    def as_dict(self) -> dict:
        return {"documents": self.documents, "seconds": self.seconds,
                "files": {k: {"count": n, "bytes": b} for k, (n, b) in self.files.items()},
                "queries": {q: {k: asdict(f) | {"files": list(f.files), "pages": sorted(f.pages)}
                                for k, f in by.items()} for q, by in self.queries.items()}}

    def lines(self) -> list[str]:
        kb = 1024
        lines = [f"search at {self.documents} documents: "
                 + "; ".join(f"{k} indexes in {self.seconds[k]:.2f} s into {n} files, {b / kb ** 2:.2f} MB"
                             for k, (n, b) in self.files.items()),
                 f"{'query':<14} {'index':<9} {'files':>5} {'KB':>8} {'KB gzip':>8} {'pages':>6}  pages found "
                 "by one only"]
        for query, by in self.queries.items():
            own, peer = by["own"], by["pagefind"]
            for name, f in by.items():
                other = peer if f is own else own
                only = sorted(f.pages - other.pages)
                lines.append(f"{query:<14} {name:<9} {len(f.files):>5} {f.size / kb:>8.1f} {f.gzipped / kb:>8.1f} "
                             f"{len(f.pages):>6}  {len(only)}" + (f" (e.g. {only[0]})" if only else ""))
        return lines


def compare_search(build: Path, documents: int, queries: tuple[str, ...] = QUERIES) -> SearchComparison:
    """Pagefind against the edition's own index on the built web edition in `build` (Pagefind writes into a
    temporary folder, never into the build)."""
    site = build / "html"
    with tempfile.TemporaryDirectory() as temporary:
        bundle = Path(temporary) / "pagefind"
        seconds = {"own": index_with_our_own(build), "pagefind": index_with_pagefind(site, bundle)}
        files = {"own": files_and_bytes(list((site / "search").iterdir())),
                 "pagefind": files_and_bytes(pagefind_index_files(bundle))}
        peer = pagefind_first_results(bundle, queries)
    return SearchComparison(documents, seconds, files,
                            {q: {"own": own_first_result(site, q), "pagefind": peer[q]} for q in queries})


# ---------------------------------------------------------------- the web page of a document against the TEI
# Consortium's stylesheets (a checkout of TEIC/Stylesheets: DIR/html/html.xsl), in one process, on the same documents
PEER_STYLESHEET = Path("html") / "html.xsl"


@dataclass(frozen=True)
class PageTimes:
    documents: int
    passes: int
    own_ms: float
    peer_ms: float
    own_kb: float
    peer_kb: float

    def line(self) -> str:
        return (f"web page per document ({self.documents} documents, mean of {self.passes} passes after one "
                f"unmeasured): edition {self.own_ms:.2f} ms for {self.own_kb:.0f} KB, TEI Stylesheets "
                f"{self.peer_ms:.2f} ms for {self.peer_kb:.0f} KB (edition at {self.own_ms / self.peer_ms:.2f}× "
                "their time)")


def peer_stylesheet(peer: Path) -> Path | None:
    stylesheet = peer / PEER_STYLESHEET
    return stylesheet if stylesheet.is_file() else None


def mean_ms(render: Callable[[Path], object], documents: list[Path], passes: int) -> float:
    """Mean milliseconds per document over `passes` passes, after one unmeasured pass (compilation and the JIT
    of the first runs are not the per-document cost)."""
    for path in documents:
        render(path)
    started = time.perf_counter()
    for _ in range(passes):
        for path in documents:
            render(path)
    return (time.perf_counter() - started) * 1000 / (passes * len(documents))


def time_web_pages(project: Project, peer: Path, passes: int = 5) -> PageTimes:
    """Each document read and made into its web page: by html-document.xsl (mode document, with the edition's
    header and catalogue as the build passes them) and by the TEI Stylesheets' html/html.xsl, with the same
    Saxon processor."""
    from .build import build_catalogue, document_files
    from .render import Renderer

    documents = document_files(project)
    renderer = Renderer(project.xslt)
    edition = {"edition": renderer.load(project.tei / EDITION_FILE)}
    entries = [renderer.run("catalogue.xsl", "catalogue", renderer.load(p), edition) for p in documents]
    catalogue = renderer.parse_string(etree.tostring(build_catalogue(entries), encoding="unicode"))
    parameters = edition | {"catalogue": catalogue}
    theirs = Renderer(peer / PEER_STYLESHEET.parent)
    with tempfile.TemporaryDirectory() as out:
        executable = theirs.stylesheet(PEER_STYLESHEET.name)
        executable.set_base_output_uri((Path(out) / "index.html").as_uri())

        def ours(path: Path) -> str:
            return renderer.run("html-document.xsl", "document", renderer.load(path), parameters)

        def peer_page(path: Path) -> str:
            page = executable.transform_to_string(xdm_node=theirs.load(path))
            if not page:
                raise RuntimeError(f"{peer / PEER_STYLESHEET} made no page of {path}")
            return page

        own_ms = mean_ms(ours, documents, passes)
        peer_ms = mean_ms(peer_page, documents, passes)
        kb = [sum(len(make(p).encode("utf-8")) for p in documents) / 1024 / len(documents) for make in (ours, peer_page)]
    return PageTimes(len(documents), passes, own_ms, peer_ms, *kb)
