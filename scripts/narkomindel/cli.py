"""The `narkomindel` command. Each command parses its options and calls one plain function."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .findings import to_json, to_lines
from .project import default_project
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
    click.echo(to_json(findings) if output_format == "json" else to_lines(findings), nl=False)
    failed = has_failures(findings, strict)
    if output_format == "text":
        errors = sum(f.severity.value == "error" for f in findings)
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    sys.exit(1 if failed else 0)
