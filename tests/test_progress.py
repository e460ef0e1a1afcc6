"""The progress line: shown on a terminal once a build has taken a second, never in a pipe or with --quiet."""

from __future__ import annotations

import io
import time
from pathlib import Path

from click.testing import CliRunner

from narkomindel.build import build
from narkomindel.cli import main
from narkomindel.progress import Progress


def test_a_long_build_shows_its_phases_and_counts(project, tmp_path):
    stream = io.StringIO()
    progress = Progress(stream=stream, enabled=True, started=time.monotonic() - 10)
    build(project, tmp_path / "out", ["html"], progress=progress)
    shown = stream.getvalue()
    assert "validating" in shown and "catalogue" in shown and "documents" in shown
    assert "14/14" in shown
    assert shown.endswith("\r\x1b[K"), "the line is cleared at the end"


def test_a_quick_build_shows_nothing():
    stream = io.StringIO()
    progress = Progress(stream=stream, enabled=True)
    progress.phase("web pages", 3)
    progress.advance()
    progress.finish()
    assert stream.getvalue() == ""


def test_not_a_terminal_means_no_progress_line(tmp_path: Path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stderr and "[#" not in result.stderr
    assert not Progress.for_terminal(quiet=True).enabled
