"""A problem found in an edition file, and the two ways of printing it (compiler lines, JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Iterable


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
