"""Validation of edition files: well-formedness, RELAX NG, Schematron, and the checks that need Python."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from . import corpus as corpus_checks
from . import dates, hygiene, schema
from .findings import Finding, Severity, error
from .xmlio import Parsed, parse


class InputError(Exception):
    """A file or directory could not be read at all: a usage or I/O problem, not a finding."""


def collect(paths: Sequence[Path]) -> list[Path]:
    """The XML files named, directories expanded to their *.xml files, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.xml"))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return sorted(set(files), key=lambda p: (str(p.parent), p.name))


def validate(paths: Sequence[Path], schema_dir: Path, tei_all: Path | None = None) -> list[Finding]:
    """Every problem in the named files. References are resolved against every file in their directories, so a
    single document can be checked against the whole edition."""
    targets = collect(paths)
    if not targets:
        raise InputError("no XML files to validate in " + ", ".join(str(p) for p in paths))
    schemas = _load_schemas(schema_dir)
    official = _load_official(tei_all) if tei_all else None
    findings: list[Finding] = []
    parsed_targets: list[Parsed] = []
    unreadable: set[Path] = set()
    for path in targets:
        result = _read(path)
        if isinstance(result, Finding):
            findings.append(result)
            unreadable.add(path.resolve())
        else:
            parsed_targets.append(result)
    everything, broken = _with_neighbours(parsed_targets, targets)
    # A broken neighbour (the edition header, say) is reported once, where it is broken: without it every
    # pointer into it would seem to lead nowhere.
    findings += [finding for path, finding in broken.items() if path not in unreadable]
    unreadable |= set(broken)
    corpus, id_findings = corpus_checks.build(everything, unreadable={p.name for p in unreadable},
                                              report_in={p.path.name for p in parsed_targets})
    wanted = {p.path.resolve() for p in parsed_targets}
    findings += [f for f in id_findings if Path(f.path).resolve() in wanted]
    for parsed in parsed_targets:
        findings += check_file(parsed, schemas, official)
        findings += corpus_checks.check_references(corpus, parsed)
        findings += corpus_checks.check_parallels(corpus, parsed)
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.rule, f.message))


def check_file(parsed: Parsed, schemas: schema.Schemas, official: etree.RelaxNG | None = None) -> list[Finding]:
    """The checks that look at one file alone."""
    findings = schema.check_grammar(schemas.relaxng_for(parsed), parsed, known=schemas.vocabulary)
    if official is not None:
        findings += schema.check_grammar(official, parsed, rule="tei-all")
    findings += schema.check_rules(schemas.schematron, parsed)
    findings += dates.check(parsed)
    findings += hygiene.check(parsed)
    findings += corpus_checks.check_file_name(parsed)
    return findings


def has_failures(findings: Iterable[Finding], strict: bool) -> bool:
    return any(f.severity is Severity.ERROR or strict for f in findings)


def _read(path: Path) -> Parsed | Finding:
    try:
        return parse(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); check the path and permissions") from exc


def _with_neighbours(parsed_targets: list[Parsed], targets: list[Path]
                     ) -> tuple[list[Parsed], dict[Path, Finding]]:
    """The named files plus every other *.xml in their directories, for cross-file checks; and, apart, the
    neighbours that are not usable XML, with the finding that says why."""
    known = {p.path.resolve(): p for p in parsed_targets}
    named = {t.resolve() for t in targets}
    broken: dict[Path, Finding] = {}
    for directory in sorted({t.parent.resolve() for t in targets}):
        for path in sorted(directory.glob("*.xml")):
            if path.resolve() in known or path.resolve() in named:
                continue
            try:
                result = parse(path)
            except OSError as exc:
                result = error(path, 1, 1, "xml-wellformed",
                               f"cannot be read ({exc.strerror or exc}): check the file's permissions")
            if isinstance(result, Parsed):
                known[path.resolve()] = result
            else:
                broken[path.resolve()] = result
    return list(known.values()), broken


def _load_schemas(schema_dir: Path) -> schema.Schemas:
    try:
        return schema.load(schema_dir)
    except (OSError, etree.LxmlError) as exc:
        raise InputError(f"{schema_dir}: the project's schema cannot be loaded ({exc})") from exc


def _load_official(path: Path) -> etree.RelaxNG:
    if not path.is_file():
        raise InputError(f"{path}: the official TEI schema (tei_all.rng) is missing; put it there or drop "
                         "--tei-all")
    try:
        return etree.RelaxNG(etree.parse(str(path)))
    except etree.LxmlError as exc:
        raise InputError(f"{path}: not a usable RELAX NG schema ({exc})") from exc
