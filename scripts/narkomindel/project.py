"""Where the edition's parts lie. The package is installed from the project's checkout (pip install -e .),
so the schema, stylesheets and TEI files are found beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def tei(self) -> Path:
        return self.root / "tei"

    @property
    def schema(self) -> Path:
        return self.root / "schema"

    @property
    def xslt(self) -> Path:
        return self.root / "xslt"


def default_project() -> Project:
    return Project(Path(__file__).resolve().parents[2])
