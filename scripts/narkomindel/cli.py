"""The `narkomindel` command. Each command parses its options and calls one plain function."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import threading
from pathlib import Path

import click

from . import __version__
from .build import FORMATS, BuildRefused, build, prepare
from .data import placeholder_url
from .findings import Finding, to_github, to_json, to_lines, to_sarif
from .output import BuildBusy, UnsafeOutput
from .pdf import PrintError
from .progress import Progress, save_phases
from .project import NoProject, Project, default_project, find_project, packaged_schema, project_at
from .render import RenderError
from .session import Session
from .validate import InputError, collect, has_failures, validate

PROJECT_HELP = ("The edition to work on: a folder holding tei/edition.xml (default: the working directory or the "
                "nearest folder above it that holds one).")


def project_option(command):
    """--project DIR, the same on every command."""
    return click.option("--project", "project_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                        help=PROJECT_HELP)(command)


def chosen_project(project_dir: Path | None) -> Project:
    """The edition named with --project, or found around the working directory; exit 2 saying what to do."""
    try:
        return project_at(project_dir) if project_dir is not None else default_project()
    except NoProject as exc:
        click.echo(f"narkomindel: {exc}", err=True)
        sys.exit(2)


def run() -> None:
    """The installed command: `main`, then the process ends without Python taking apart, one by one, every object
    it made: 0.05–0.08 s after a rebuild of 10,000 documents (measured), of a command meant to answer at once. The
    exit handlers run and the output is flushed first; a process that still has threads or processes of its own
    ends as Python ends it."""
    try:
        main()
        code: int | str | None = 0
    except SystemExit as exit:
        code = exit.code
    if isinstance(code, str):
        click.echo(code, err=True)
        code = 1
    code = code or 0
    if threading.active_count() > 1 or multiprocessing.active_children():
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, a stream closed
            pass
    os._exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="narkomindel")
def main() -> None:
    """Check and publish the Narkomindel 1917–1918 edition."""


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True,
              help="One line per problem; JSON for machines; GitHub Actions workflow commands; or SARIF 2.1.0.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--tei-all", "tei_all", type=click.Path(path_type=Path), default=None,
              help="Also validate against this official TEI P5 schema (tei_all.rng); run by jing when installed, "
                   "each file's verdict cached.")
@project_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for large editions (default: one per core).")
@click.option("--debug", is_flag=True, help="On an unexpected error, show the Python traceback.")
def validate_command(paths: tuple[Path, ...], output_format: str, strict: bool, tei_all: Path | None,
                     project_dir: Path | None, jobs: int | None, debug: bool) -> None:
    """Validate edition files (default: every file in the edition's tei/).

    Prints path:line:column: error|warning: [rule-id] message for each problem. Exit status: 0 clean,
    1 problems found, 2 usage or input/output error.
    """
    from .official import OfficialSchemaError, check as check_official

    if paths and project_dir is None:
        # Named files: their edition's schema if they lie in one, else the schema shipped with the package.
        found = find_project(Path.cwd()) or find_project(paths[0] if paths[0].is_dir() else paths[0].parent)
        schema_dir = found.schema if found else packaged_schema()
        targets = list(paths)
    else:
        project = chosen_project(project_dir)
        schema_dir = project.schema
        targets = list(paths) or [project.tei]
    try:
        findings = validate(targets, schema_dir, jobs=jobs)
        if tei_all is not None:
            findings = sorted(set(findings + check_official(collect(targets), tei_all)),
                              key=lambda f: (f.path, f.line, f.column, f.rule, f.message))
    except (InputError, OfficialSchemaError) as exc:
        click.echo(f"narkomindel: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - an editor gets a message, never a traceback
        if debug:
            raise
        click.echo(f"narkomindel: internal error while validating: {exc!r}; run again with --debug and report "
                   "the traceback", err=True)
        sys.exit(2)
    click.echo(formatted(findings, output_format), nl=False)
    failed = has_failures(findings, strict)
    if output_format in ("text", "github"):
        errors = sum(f.severity.value == "error" for f in findings)
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    sys.exit(1 if failed else 0)


def formatted(findings: list[Finding], output_format: str) -> str:
    if output_format == "json":
        return to_json(findings)
    if output_format == "github":
        return to_github(findings)
    if output_format == "sarif":
        from .rules import descriptions
        return to_sarif(findings, descriptions(), __version__)
    return to_lines(findings)


@main.command("build")
@click.option("--out", "output", type=click.Path(path_type=Path), default=None,
              help="The build directory (default: build/ in the project); each edition goes into a folder of it.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help=f"Which editions to write, comma-separated, from: {', '.join(FORMATS)}.")
@click.option("--release", is_flag=True,
              help="Build for publication: refuse while the base URL in tei/edition.xml is a placeholder.")
@project_option
@click.option("--debug", is_flag=True, help="On an unexpected error, show the Python traceback.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line, even on a terminal.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for large editions (default: one per core).")
@click.option("--timings", "timings_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the seconds each phase of the build took (validating, catalogue, documents …) to this "
                   "JSON file.")
def build_command(output: Path | None, formats: str, release: bool, project_dir: Path | None, debug: bool,
                  quiet: bool, jobs: int | None, timings_path: Path | None) -> None:
    """Validate the edition, then write the editions into the build directory.

    Each edition is written into a new folder and swapped in only when complete; an invalid edition is not
    published, and the problems are printed as by `narkomindel validate`. The build writes only into an empty
    directory or one it wrote before, and replaces only the folders it writes.
    """
    project = chosen_project(project_dir)
    target = output or project.root / "build"
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        click.echo(f"narkomindel: unknown format {', '.join(unknown) or '(none)'}; choose from "
                   f"{', '.join(FORMATS)}", err=True)
        sys.exit(2)
    placeholder = placeholder_url(project)
    if placeholder and release:
        click.echo(f"narkomindel: not published: the base URL {placeholder} in tei/edition.xml "
                   "(publicationStmt/idno[@type='URL']) is a placeholder; set the edition's real address there "
                   "and build again", err=True)
        sys.exit(2)
    progress = Progress.for_terminal(quiet)
    try:
        report = build(project, target, chosen, jobs=jobs, progress=progress)
    except BuildRefused as refused:
        click.echo(to_lines(refused.findings), nl=False)
        click.echo(f"narkomindel: not published: {len(refused.findings)} error(s); fix them and build again",
                   err=True)
        sys.exit(1)
    except (UnsafeOutput, BuildBusy, InputError, RenderError, PrintError) as exc:
        click.echo(f"narkomindel: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        click.echo(f"narkomindel: cannot write the build{where}: {exc.strerror or exc}; check that the output "
                   "directory is writable and the disk has room; the previous build is unchanged", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - an editor gets a message, never a traceback
        if debug:
            raise
        click.echo(f"narkomindel: internal error while building: {exc!r}; the previous build is unchanged; "
                   "run again with --debug and report the traceback", err=True)
        sys.exit(2)
    if placeholder:
        click.echo(f"narkomindel: preview build: the base URL {placeholder} is a placeholder, so every permalink "
                   "and citation points at it; `narkomindel build --release` refuses to build until it is set",
                   err=True)
    folders = ", ".join(str(report.folder(f)) for f in report.formats)
    click.echo(f"{report.documents} documents written to {folders}", err=True)
    if timings_path is not None:
        try:
            save_phases(progress.phases(), timings_path)
        except OSError as exc:
            click.echo(f"narkomindel: cannot write the timings to {timings_path}: {exc.strerror or exc}; check "
                       "that its folder exists and is writable (the build itself is done)", err=True)
            sys.exit(2)


@main.command("bench")
@click.option("--docs", default="0,1000", show_default=True,
              help="Edition sizes to measure, comma-separated; 0 is the real edition, others are synthetic copies.")
@click.option("--format", "formats", default="html,text", show_default=True, help="Editions the build writes.")
@click.option("--workdir", type=click.Path(path_type=Path), default=None,
              help="Where the synthetic editions and builds go (default: build/bench in the project).")
@click.option("--json", "json_path", type=click.Path(path_type=Path), default=None,
              help="Also write the figures as JSON here, to compare runs.")
@click.option("--search-peer", type=click.Choice(["pagefind"]), default=None,
              help="Also compare the search index with Pagefind's on each web edition built (needs the bench "
                   "extra: pip install 'narkomindel[bench]', and Chromium).")
@click.option("--peer", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="A checkout of the TEI Consortium's stylesheets (TEIC/Stylesheets): also time its html/html.xsl "
                   "against the edition's web page on the same documents.")
@project_option
def bench_command(docs: str, formats: str, workdir: Path | None, json_path: Path | None, search_peer: str | None,
                  peer: Path | None, project_dir: Path | None) -> None:
    """Measure validate and build (cold, no-op, one document's words or title changed) against the floor of lxml
    parse + serialize, with peak memory and the sizes a reader downloads."""
    from .bench import PEER_STYLESHEET, benchmark, missing_for_search_peer, peer_stylesheet

    project = chosen_project(project_dir)
    if search_peer and (missing := missing_for_search_peer()):
        click.echo(f"narkomindel: cannot compare the search with {search_peer}: {missing}", err=True)
        sys.exit(2)
    if peer is not None and peer_stylesheet(peer) is None:
        click.echo(f"narkomindel: {peer / PEER_STYLESHEET} not found; --peer takes a checkout of the TEI "
                   "Consortium's stylesheets (github.com/TEIC/Stylesheets)", err=True)
        sys.exit(2)
    if search_peer and "html" not in formats:
        click.echo("narkomindel: --search-peer compares the web edition's search: add html to --format", err=True)
        sys.exit(2)
    sizes = [int(n) for n in docs.split(",") if n.strip()]
    report = benchmark(project, sizes, workdir or project.root / "build" / "bench",
                       [f.strip() for f in formats.split(",")], search_peer, peer)
    click.echo(report.table(), nl=False)
    if json_path:
        json_path.write_text(report.as_json(), encoding="utf-8")


@main.command("new")
@click.option("--date", "gregorian", default=None, metavar="YYYY-MM-DD",
              help="The document's date in the Gregorian calendar (New Style), as the source writes it.")
@click.option("--julian", default=None, metavar="YYYY-MM-DD",
              help="Or its date in the Julian calendar (Old Style), as the source writes it.")
@click.option("--type", "doctype", required=True,
              help="The document type, from the edition's taxonomy (note, letter, statement, speech, …).")
@click.option("--title", required=True, help="A short editorial title in English.")
@click.option("--slug", default=None, help="The words of the file name after the date (default: from the title).")
@project_option
def new_command(gregorian: str | None, julian: str | None, doctype: str, title: str, slug: str | None,
                project_dir: Path | None) -> None:
    """Create a new document in tei/: the file named and identified by the edition's rules (date, then slug),
    both calendar values in its header, and FILL-IN where the source, author, addressee and text go; `narkomindel
    validate` names each FILL-IN left (rule fill-in). Never overwrites a file."""
    from .new import NewRefused, create, read_date

    project = chosen_project(project_dir)
    try:
        target = create(project, read_date(gregorian, julian), doctype, title, slug)
    except NewRefused as exc:
        click.echo(f"narkomindel: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"narkomindel: cannot write the new document ({exc.strerror or exc}); check that tei/ is "
                   "writable", err=True)
        sys.exit(2)
    click.echo(str(target))
    click.echo("Fill in each FILL-IN; `narkomindel validate` lists those left.", err=True)


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Readable text, or JSON for tools.")
def rules_command(output_format: str) -> None:
    """The encoding manual: every rule the validator applies (grammar, Schematron, Python checks) with its id,
    severity, message, and an incorrect and a correct example taken from the tests."""
    from .rules import load_manual, to_json as manual_json, to_text

    manual = load_manual()
    click.echo(manual_json(manual) if output_format == "json" else to_text(manual), nl=False)


@main.command("serve")
@click.option("--dir", "site", type=click.Path(path_type=Path), default=None,
              help="The built site to serve (default: build/html in the project).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--watch", is_flag=True,
              help="Build the web edition, rebuild it when a TEI file, stylesheet or schema is saved, and reload "
                   "the open page; an invalid save shows the validator's messages in the page.")
@project_option
def serve_command(site: Path | None, port: int, watch: bool, project_dir: Path | None) -> None:
    """Preview the built web edition at http://127.0.0.1:PORT/ (build it first with `narkomindel build`, or
    give --watch)."""
    if watch:
        serve_watching(chosen_project(project_dir), site, port)
        return
    root = site or chosen_project(project_dir).root / "build" / "html"
    if not (root / "index.html").is_file():
        click.echo(f"narkomindel: no built site in {root}: run `narkomindel build` first", err=True)
        sys.exit(2)
    from .serve import make_server  # here: the web server's modules cost every other command 20 ms to import

    try:
        server = make_server(root, port=port)
    except OSError as exc:
        click.echo(f"narkomindel: cannot listen on port {port}: {exc.strerror}; try --port", err=True)
        sys.exit(2)
    click.echo(f"Serving {root} at http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)", err=True)
    _serve(server)


def serve_watching(project: Project, site: Path | None, port: int) -> None:
    import signal
    import threading

    from .watch import BuildState, make_live_server, problem_lines, rebuild_if_changed, watch_forever, \
        watched_folders

    if site is not None:
        click.echo("narkomindel: --watch builds into the project's build/ folder; drop --dir", err=True)
        sys.exit(2)
    output = project.root / "build"
    folders = watched_folders(project.tei, project.xslt, project.schema)
    # Stopped by `kill` as by Ctrl-C, so that no process it started outlives it (the session keeps one).
    signal.signal(signal.SIGTERM, _interrupt)
    # The stylesheets compiled and the last build's state, kept from one rebuild to the next.
    session = Session()

    def prepare_session() -> None:
        try:
            prepare(session, project, output, ["html"])
        except Exception:  # noqa: BLE001 - only a head start: the next rebuild does it again, and says what is wrong
            pass

    def rebuild() -> list[str]:
        try:
            report = build(project, output, ["html"], session=session)
        except BuildRefused as refused:
            lines = problem_lines(refused.findings)
            click.echo("".join(line + "\n" for line in lines) + f"narkomindel: not rebuilt: {len(lines)} error(s)",
                       err=True)
            return lines
        except (UnsafeOutput, BuildBusy, InputError, RenderError, OSError) as exc:
            click.echo(f"narkomindel: not rebuilt: {exc}", err=True)
            return [str(exc)]
        click.echo(f"rebuilt: {report.documents} documents", err=True)
        return []

    state = BuildState()
    rebuild_if_changed(state, folders, rebuild)
    try:
        server = make_live_server(output / "html", state, port=port)
    except OSError as exc:
        click.echo(f"narkomindel: cannot listen on port {port}: {exc.strerror}; try --port", err=True)
        sys.exit(2)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_forever, args=(state, folders, rebuild, stop, prepare_session),
                               daemon=True)
    watcher.start()
    click.echo(f"Serving {output / 'html'} at http://127.0.0.1:{server.server_port}/, rebuilding on every save "
               "(Ctrl-C stops)", err=True)
    try:
        _serve(server)
    finally:
        stop.set()
        watcher.join(timeout=5)
        session.close()


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _serve(server) -> None:
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
