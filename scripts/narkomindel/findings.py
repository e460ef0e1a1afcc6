"""A problem found in an edition file, and the ways of printing it: compiler lines, JSON, GitHub workflow commands
and SARIF."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Iterable
from urllib.parse import quote


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    def as_line(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: [{self.rule}] {self.message}"

    @classmethod
    def from_dict(cls, record: dict[str, object]) -> Finding:
        return cls(str(record["path"]), int(record["line"]), int(record["column"]),  # type: ignore[call-overload]
                   Severity(record["severity"]), str(record["rule"]), str(record["message"]))

    def as_dict(self) -> dict[str, object]:
        record = asdict(self)
        record["severity"] = self.severity.value
        return record


def display_path(path: Path) -> str:
    """The path as a compiler would print it: relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def error(path: Path, line: int, column: int, rule: str, message: str) -> Finding:
    return Finding(display_path(path), line, column, Severity.ERROR, rule, message)


def warning(path: Path, line: int, column: int, rule: str, message: str) -> Finding:
    return Finding(display_path(path), line, column, Severity.WARNING, rule, message)


def to_lines(findings: Iterable[Finding]) -> str:
    return "".join(f.as_line() + "\n" for f in findings)


def to_json(findings: list[Finding]) -> str:
    summary = {
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "findings": [f.as_dict() for f in findings],
    }
    return json.dumps(summary, ensure_ascii=False, indent=2) + "\n"


def to_github(findings: Iterable[Finding]) -> str:
    """One GitHub Actions workflow command per finding, which the pull request shows at the line:
    ::error file=…,line=…,col=…,title=[rule-id]::message. Escaped by the runner's rules: in the message %, CR
    and LF; in a property also ':' and ','."""
    lines = []
    for f in findings:
        properties = ",".join(f"{name}={_github_property(value)}" for name, value in (
            ("file", f.path), ("line", str(f.line)), ("col", str(f.column)), ("title", f"[{f.rule}]")))
        lines.append(f"::{f.severity.value} {properties}::{_github_data(f.message)}\n")
    return "".join(lines)


def _github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


@dataclass(frozen=True)
class RuleDescription:
    """What a report in a standard format says of a rule once, beside its findings."""

    id: str
    severity: Severity
    summary: str


def to_sarif(findings: list[Finding], rules: Iterable[RuleDescription], version: str) -> str:
    """A SARIF 2.1.0 log with one run: the tool with every rule described once in tool.driver.rules, and one
    result per finding pointing at its rule by id and index. Paths are relative URIs where the finding's path is
    relative (to the working directory, as in the other formats), file: URIs otherwise."""
    described = {rule.id: rule for rule in rules}
    for f in findings:  # a rule the catalogue does not know still gets a description, so every result has one
        described.setdefault(f.rule, RuleDescription(f.rule, f.severity, f"See the message of each result ({f.rule})."))
    ids = sorted(described)
    index = {rule_id: number for number, rule_id in enumerate(ids)}
    driver = {
        "name": "narkomindel",
        "version": version,
        "rules": [{
            "id": rule_id,
            "shortDescription": {"text": described[rule_id].summary},
            "defaultConfiguration": {"level": SARIF_LEVEL[described[rule_id].severity]},
        } for rule_id in ids],
    }
    results = [{
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": SARIF_LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _artifact_uri(f.path)},
            "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
        }}],
    } for f in findings]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _artifact_uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return quote(candidate.as_posix())
