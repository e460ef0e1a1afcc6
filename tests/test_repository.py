"""The repository holds source only: no virtual environment, no build products, nothing .gitignore lists."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str) -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("these checks need git and the project's repository")
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def test_no_tracked_file_is_ignored():
    assert git("ls-files", "-ci", "--exclude-standard") == []


def test_no_virtual_environment_or_build_is_tracked():
    tracked = git("ls-files")
    assert [p for p in tracked if p.startswith((".venv/", "venv/", "build/")) or "/__pycache__/" in p] == []


def test_the_virtual_environment_and_builds_are_ignored():
    ignored = git("check-ignore", "--no-index", ".venv/bin/python", "build/html/index.html")
    assert ignored == [".venv/bin/python", "build/html/index.html"]
