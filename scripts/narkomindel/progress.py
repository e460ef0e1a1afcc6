"""A progress line on the terminal for builds that take more than a second; silent otherwise."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
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

    @classmethod
    def for_terminal(cls, quiet: bool) -> Progress:
        return cls(enabled=not quiet and sys.stderr.isatty())

    def phase(self, label: str, total: int = 0) -> None:
        self.label, self.total, self.count = label, total, 0
        self._show()

    def advance(self, count: int = 1) -> None:
        self.count += count
        self._show()

    def finish(self) -> None:
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
