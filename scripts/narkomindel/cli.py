"""The `narkomindel` command. Each command parses its options and calls one plain function."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .build import BuildRefused, build
from .findings import to_json, to_lines
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
def validate_command(paths: tuple[Path, ...], output_format: str, strict: bool, tei_all: Path | None) -> None:
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
        click.echo(f"narkomindel: internal error while validating: {exc!r}; please report it", err=True)
        sys.exit(2)
    click.echo(to_json(findings) if output_format == "json" else to_lines(findings), nl=False)
    failed = has_failures(findings, strict)
    if output_format == "text":
        errors = sum(f.severity.value == "error" for f in findings)
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    sys.exit(1 if failed else 0)


@main.command("build")
@click.option("--out", "output", type=click.Path(path_type=Path), default=None,
              help="Where to write the web edition (default: build/html in the project).")
def build_command(output: Path | None) -> None:
    """Validate the edition, then write the web edition (HTML) into build/html.

    The site is written into a new directory and swapped in only when complete; an invalid edition is not
    published, and the problems are printed as by `narkomindel validate`.
    """
    project = default_project()
    target = output or project.root / "build" / "html"
    try:
        report = build(project, target)
    except BuildRefused as refused:
        click.echo(to_lines(refused.findings), nl=False)
        click.echo(f"narkomindel: not published: {len(refused.findings)} error(s); fix them and build again",
                   err=True)
        sys.exit(1)
    except (InputError, RenderError, OSError) as exc:
        click.echo(f"narkomindel: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - an editor gets a message, never a traceback
        click.echo(f"narkomindel: internal error while building: {exc!r}; the previous site is unchanged",
                   err=True)
        sys.exit(2)
    click.echo(f"{report.documents} documents, {report.pages} pages written to {report.output}", err=True)


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
