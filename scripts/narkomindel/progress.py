"""A progress line on the terminal for builds that take more than a second; silent otherwise. Shown or not, the
phases are timed, so that a build can say where its time went (`narkomindel build --timings`)."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

DELAY = 1.0  # seconds before anything is shown: a quick build prints nothing


@dataclass
class Progress:
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    enabled: bool = True
    started: float = field(default_factory=time.monotonic)
    label: str = ""
    total: int = 0
    count: int = 0
    shown: bool = False
    clock: Callable[[], float] = time.monotonic
    # When each phase began, in order (a phase may come back: the documents, made beside the build, are written
    # after the site's pages), and when the last ended.
    began: list[tuple[str, float]] = field(default_factory=list)
    ended: float | None = None

    @classmethod
    def for_terminal(cls, quiet: bool) -> Progress:
        return cls(enabled=not quiet and sys.stderr.isatty())

    def phase(self, label: str, total: int = 0) -> None:
        if not self.began or self.began[-1][0] != label:
            self.began.append((label, self.clock()))
        self.label, self.total, self.count = label, total, 0
        self._show()

    def advance(self, count: int = 1) -> None:
        self.count += count
        self._show()

    def finish(self) -> None:
        if self.ended is None:
            self.ended = self.clock()
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _show(self) -> None:
        if not self.enabled or time.monotonic() - self.started < DELAY:
            return
        width = 24
        filled = width * self.count // self.total if self.total else 0
        bar = f" [{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total}" if self.total else ""
        self.stream.write(f"\r\x1b[K{self.label}{bar}")
        self.stream.flush()
        self.shown = True

    def phases(self) -> dict[str, float]:
        """Seconds spent in each phase so far, in the order the phases first came, a phase that came back counted
        once with the sum of its times."""
        ends = [started for _, started in self.began[1:]] + [self.ended if self.ended is not None else self.clock()]
        seconds: dict[str, float] = {}
        for (label, started), end in zip(self.began, ends):
            seconds[label] = seconds.get(label, 0.0) + end - started
        return seconds


def save_phases(phases: dict[str, float], path: Path) -> None:
    """The seconds of each phase and their sum as JSON, written whole or not at all."""
    data = {"phases": {label: round(seconds, 4) for label, seconds in phases.items()},
            "seconds": round(sum(phases.values()), 4)}
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)
