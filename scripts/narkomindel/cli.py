"""The `narkomindel` command. Each command parses its options and calls one plain function."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .build import FORMATS, BuildRefused, build
from .pdf import PrintError
from .data import placeholder_url
from .findings import to_json, to_lines
from .output import BuildBusy, UnsafeOutput
from .progress import Progress
from .project import default_project
from .render import RenderError
from .serve import make_server
from .validate import InputError, has_failures, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="narkomindel")
def main() -> None:
    """Check and publish the Narkomindel 1917–1918 edition."""


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="One line per problem, or JSON for machines.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--tei-all", "tei_all", type=click.Path(path_type=Path), default=None,
              help="Also validate against this official TEI P5 schema (tei_all.rng).")
@click.option("--debug", is_flag=True, help="On an unexpected error, show the Python traceback.")
def validate_command(paths: tuple[Path, ...], output_format: str, strict: bool, tei_all: Path | None,
                     debug: bool) -> None:
    """Validate edition files (default: every file in tei/).

    Prints path:line:column: error|warning: [rule-id] message for each problem. Exit status: 0 clean,
    1 problems found, 2 usage or input/output error.
    """
    project = default_project()
    try:
        findings = validate(list(paths) or [project.tei], project.schema, tei_all)
    except InputError as exc:
        click.echo(f"narkomindel: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - an editor gets a message, never a traceback
        if debug:
            raise
        click.echo(f"narkomindel: internal error while validating: {exc!r}; run again with --debug and report "
                   "the traceback", err=True)
        sys.exit(2)
    click.echo(to_json(findings) if output_format == "json" else to_lines(findings), nl=False)
    failed = has_failures(findings, strict)
    if output_format == "text":
        errors = sum(f.severity.value == "error" for f in findings)
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    sys.exit(1 if failed else 0)


@main.command("build")
@click.option("--out", "output", type=click.Path(path_type=Path), default=None,
              help="The build directory (default: build/ in the project); each edition goes into a folder of it.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help=f"Which editions to write, comma-separated, from: {', '.join(FORMATS)}.")
@click.option("--release", is_flag=True,
              help="Build for publication: refuse while the base URL in tei/edition.xml is a placeholder.")
@click.option("--debug", is_flag=True, help="On an unexpected error, show the Python traceback.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line, even on a terminal.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for large editions (default: one per core).")
def build_command(output: Path | None, formats: str, release: bool, debug: bool, quiet: bool,
                  jobs: int | None) -> None:
    """Validate the edition, then write the editions into the build directory.

    Each edition is written into a new folder and swapped in only when complete; an invalid edition is not
    published, and the problems are printed as by `narkomindel validate`. The build writes only into an empty
    directory or one it wrote before, and replaces only the folders it writes.
    """
    project = default_project()
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
    try:
        report = build(project, target, chosen, jobs=jobs, progress=Progress.for_terminal(quiet))
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


@main.command("bench")
@click.option("--docs", default="0,1000", show_default=True,
              help="Edition sizes to measure, comma-separated; 0 is the real edition, others are synthetic copies.")
@click.option("--format", "formats", default="html,text", show_default=True, help="Editions the build writes.")
@click.option("--workdir", type=click.Path(path_type=Path), default=None,
              help="Where the synthetic editions and builds go (default: build/bench in the project).")
@click.option("--json", "json_path", type=click.Path(path_type=Path), default=None,
              help="Also write the figures as JSON here, to compare runs.")
def bench_command(docs: str, formats: str, workdir: Path | None, json_path: Path | None) -> None:
    """Measure validate and build (cold, no-op, one document changed) against the floor of lxml parse + serialize,
    with peak memory and the sizes a reader downloads."""
    from .bench import benchmark

    project = default_project()
    sizes = [int(n) for n in docs.split(",") if n.strip()]
    report = benchmark(project, sizes, workdir or project.root / "build" / "bench",
                       [f.strip() for f in formats.split(",")])
    click.echo(report.table(), nl=False)
    if json_path:
        json_path.write_text(report.as_json(), encoding="utf-8")


@main.command("serve")
@click.option("--dir", "site", type=click.Path(path_type=Path), default=None,
              help="The built site to serve (default: build/html in the project).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve_command(site: Path | None, port: int) -> None:
    """Preview the built web edition at http://127.0.0.1:PORT/ (build it first with `narkomindel build`)."""
    root = site or default_project().root / "build" / "html"
    if not (root / "index.html").is_file():
        click.echo(f"narkomindel: no built site in {root}: run `narkomindel build` first", err=True)
        sys.exit(2)
    try:
        server = make_server(root, port=port)
    except OSError as exc:
        click.echo(f"narkomindel: cannot listen on port {port}: {exc.strerror}; try --port", err=True)
        sys.exit(2)
    click.echo(f"Serving {root} at http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
