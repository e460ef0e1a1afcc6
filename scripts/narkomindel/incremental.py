"""What the last build made from what: content hashes kept in the build directory, so that a rebuild redoes only
the outputs whose inputs changed and takes every other file from the previous build, unchanged.

An output's key is the hash of everything it is made from (the toolchain — stylesheets, schema, package — the
edition header, the document, and for a page the catalogue entries it shows). Equal keys mean equal bytes, so a
rebuild gives exactly what a clean build gives."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

STATE = ".narkomindel-state.json"
# What each edition in the folder was last built from, apart, so that a rebuild with nothing changed reads only this.
INPUTS = ".narkomindel-inputs.json"


def digest(*parts: str | bytes) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def folder_digest(folder: Path, pattern: str = "**/*") -> str:
    """The names and contents of the files below `folder`."""
    files = sorted(p for p in folder.glob(pattern) if p.is_file())
    return digest(*(part for p in files for part in (str(p.relative_to(folder)), p.read_bytes())))


def toolchain_digest(xslt: Path, schema: Path) -> str:
    """What every output depends on besides the edition: stylesheets, schema, and the package's own code."""
    package = Path(__file__).parent
    return digest(__version__, folder_digest(xslt), folder_digest(schema), folder_digest(package, "*.py"))


@dataclass
class State:
    """outputs: output path (relative to the build directory) → key; entries: document file name → [key,
    catalogue entry]; checks: what validation keeps between runs (validate.Memo, as data)."""

    outputs: dict[str, str] = field(default_factory=dict)
    entries: dict[str, list[str]] = field(default_factory=dict)
    checks: dict[str, dict[str, object]] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # format → digest of every input of its last build

    @classmethod
    def load(cls, folder: Path) -> State:
        """The state a previous build left, or an empty one (a missing or damaged state only costs time)."""
        try:
            data = json.loads((folder / STATE).read_text(encoding="utf-8"))
            return cls(dict(data["outputs"]), dict(data["entries"]), dict(data["checks"]), dict(data["inputs"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    @staticmethod
    def load_inputs(folder: Path) -> dict[str, str]:
        """Format → digest of the inputs of its last build, without reading the rest of the state."""
        try:
            data = json.loads((folder / INPUTS).read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in data.items()}
        except (OSError, ValueError, AttributeError):
            return {}

    def save(self, folder: Path) -> None:
        _write_json(folder / STATE, {"outputs": self.outputs, "entries": self.entries, "checks": self.checks,
                                     "inputs": self.inputs})
        _write_json(folder / INPUTS, self.inputs)


def _write_json(path: Path, data: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


@dataclass
class Reuse:
    """Takes an output from the previous build when it was made from the same inputs; records every key."""

    previous_folder: Path
    previous: State
    current: State
    prefix: str

    def take(self, staging: Path, relative: str, key: str) -> bool:
        """Link (or copy) the previous build's file into `staging` if its key is `key`; True if it was taken."""
        name = f"{self.prefix}/{relative}"
        self.current.outputs[name] = key
        old = self.previous_folder / relative
        if self.previous.outputs.get(name) != key or not old.is_file():
            return False
        new = staging / relative
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, new)
        except OSError:
            shutil.copyfile(old, new)
        return True
