"""Validation against the official TEI P5 schema (tei_all.rng), made cheap enough to run on every change.

lxml needs 6–25 seconds to compile tei_all.rng, and a compiled lxml schema cannot be kept between runs. So:
- each file's verdict is cached, keyed by the schema's and the file's content, so an unchanged file costs nothing;
- files not in the cache are checked by jing when it is installed (2–3 s for the whole edition, most of it the
  Java start), otherwise by lxml, compiled once per run and only when some file needs it.
Only files that parsed safely are handed on: a file with a DOCTYPE never reaches jing, which would read it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from .findings import Finding, Severity, display_path
from .schema import check_grammar
from .xmlio import Parsed, parse

RULE = "tei-all"
CACHE_VERSION = "1"
JING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?:fatal |)error: (?P<message>.*)$")


class OfficialSchemaError(Exception):
    """The official schema is missing or unusable: a usage error."""


def cache_dir() -> Path:
    """Where verdicts are kept: $NARKOMINDEL_CACHE, else the user's cache folder."""
    if os.environ.get("NARKOMINDEL_CACHE"):
        return Path(os.environ["NARKOMINDEL_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "narkomindel" / "tei-all"


def engine() -> str:
    """"jing" when a jing command is on PATH (and NARKOMINDEL_TEI_ALL_ENGINE does not say "lxml"), else "lxml"."""
    wanted = os.environ.get("NARKOMINDEL_TEI_ALL_ENGINE", "")
    if wanted == "lxml":
        return "lxml"
    return "jing" if shutil.which("jing") else "lxml"


def check(files: Sequence[Path], schema: Path) -> list[Finding]:
    """The official schema's verdict on every file that parses safely (the others are reported elsewhere)."""
    if not schema.is_file():
        raise OfficialSchemaError(f"{schema}: the official TEI schema (tei_all.rng) is missing; put it there or "
                                  "drop --tei-all")
    schema_digest = hashlib.sha256(schema.read_bytes()).hexdigest()
    chosen = engine()
    store = cache_dir()
    findings: list[Finding] = []
    to_check: dict[Path, tuple[Parsed, Path]] = {}
    for path in files:
        parsed = parse(path)
        if not isinstance(parsed, Parsed):
            continue
        key = hashlib.sha256(f"{CACHE_VERSION}\0{chosen}\0{schema_digest}\0".encode() + path.read_bytes()).hexdigest()
        entry = store / f"{key}.json"
        cached = _read_cache(entry)
        if cached is None:
            to_check[path] = (parsed, entry)
        else:
            findings += [Finding(display_path(path), line, column, Severity.ERROR, RULE, message)
                         for line, column, message in cached]
    if to_check:
        fresh = (_jing(schema, list(to_check)) if chosen == "jing"
                 else _lxml(schema, [parsed for parsed, _ in to_check.values()]))
        for path, (_, entry) in to_check.items():
            own = [f for f in fresh if Path(f.path).resolve() == path.resolve()]
            _write_cache(entry, [(f.line, f.column, f.message) for f in own])
            findings += own
    return findings


def _jing(schema: Path, files: list[Path]) -> list[Finding]:
    result = subprocess.run(["jing", str(schema), *map(str, files)], capture_output=True, text=True,
                            check=False)
    findings = []
    for line in result.stdout.splitlines():
        match = JING_LINE.match(line)
        if match:
            findings.append(Finding(display_path(Path(match["path"])), int(match["line"]), int(match["column"]),
                                    Severity.ERROR, RULE, match["message"] + " (TEI P5, checked by jing)"))
    if result.returncode not in (0, 1) or (result.returncode == 1 and not findings):
        raise OfficialSchemaError(f"{schema}: jing could not check the files ({result.stderr.strip()[-300:]}); "
                                  "set NARKOMINDEL_TEI_ALL_ENGINE=lxml to use lxml instead")
    return findings


def _lxml(schema: Path, files: list[Parsed]) -> list[Finding]:
    try:
        compiled = etree.RelaxNG(etree.parse(str(schema)))
    except etree.LxmlError as exc:
        raise OfficialSchemaError(f"{schema}: not a usable RELAX NG schema ({exc})") from exc
    return [finding for parsed in files for finding in check_grammar(compiled, parsed, rule=RULE)]


def _read_cache(entry: Path) -> list[tuple[int, int, str]] | None:
    try:
        return [tuple(item) for item in json.loads(entry.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None


def _write_cache(entry: Path, verdict: list[tuple[int, int, str]]) -> None:
    """Written beside its place and renamed, so a reader never sees half an entry; a cache that cannot be
    written only costs time."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(verdict, ensure_ascii=False), encoding="utf-8")
        temporary.replace(entry)
    except OSError:
        pass
