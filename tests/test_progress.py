"""The progress line: shown on a terminal once a build has taken a second, never in a pipe or with --quiet."""

from __future__ import annotations

import io
import json
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


def test_each_phase_is_timed_and_a_phase_that_comes_back_is_summed():
    ticks = iter([0.0, 1.0, 1.5, 4.0, 4.25, 6.0])
    progress = Progress(enabled=False, clock=lambda: next(ticks))
    progress.phase("validating")         # 0.0
    progress.phase("documents", 3)       # 1.0
    progress.advance()
    progress.phase("site pages")         # 1.5
    progress.phase("documents", 3)       # 4.0: the documents made beside, written now
    progress.phase("documents", 3)       # the same phase again: no new stretch, no tick
    progress.phase("finishing")          # 4.25
    progress.finish()                    # 6.0
    assert progress.phases() == {"validating": 1.0, "documents": 0.5 + 0.25, "site pages": 2.5,
                                 "finishing": 1.75}
    assert list(progress.phases()) == ["validating", "documents", "site pages", "finishing"]


def test_a_build_times_its_phases_and_they_cover_the_whole_build(project, tmp_path):
    progress = Progress(enabled=False)
    started = time.monotonic()
    build(project, tmp_path / "out", ["html", "text"], progress=progress)
    wall = time.monotonic() - started
    phases = progress.phases()
    assert list(phases) == ["sources", "previous build", "validating", "catalogue", "documents", "site pages",
                            "search index", "data", "plain-text edition", "teiCorpus and zip", "finishing"]
    assert all(seconds >= 0 for seconds in phases.values())
    # From the first phase to the end: only the checks of the output folder come before it.
    assert 0.9 * wall <= sum(phases.values()) <= wall


def test_an_unchanged_rebuild_has_only_its_look_at_the_sources(project, tmp_path):
    build(project, tmp_path / "out", ["html"])
    progress = Progress(enabled=False)
    build(project, tmp_path / "out", ["html"], progress=progress)
    assert list(progress.phases()) == ["sources"]


def test_the_command_writes_the_timings_of_its_phases(tmp_path: Path):
    timings = tmp_path / "phases.json"
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--format", "html",
                                       "--timings", str(timings)])
    assert result.exit_code == 0, result.output
    data = json.loads(timings.read_text(encoding="utf-8"))
    assert {"validating", "catalogue", "documents", "site pages"} <= set(data["phases"])
    assert "plain-text edition" not in data["phases"]  # not asked for
    assert abs(data["seconds"] - sum(data["phases"].values())) < 0.001 * len(data["phases"])
    assert not list(tmp_path.glob("*.tmp"))


def test_timings_that_cannot_be_written_are_named_without_a_traceback(tmp_path: Path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--format", "html",
                                       "--timings", str(tmp_path / "no such folder" / "phases.json")])
    assert result.exit_code == 2
    assert "cannot write the timings" in result.stderr and "no such folder" in result.stderr
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "html" / "index.html").is_file()  # the build itself is done
