"""The command line, end to end through click's CliRunner."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from narkomindel.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
                  r"\[(?P<rule>[a-z0-9-]+)\] (?P<message>.+)$")


def edition_with(tmp_path: Path, *documents: Path) -> Path:
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    for document in documents:
        shutil.copy(document, tmp_path / document.name)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_clean_directory_exits_0_and_prints_no_problem(tmp_path):
    folder = edition_with(tmp_path, FIXTURES / "1917-11-21-base.xml")
    result = run("validate", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_an_error_exits_1_with_one_compiler_style_line_per_problem(tmp_path):
    bad = FIXTURES / "invalid" / "1917-11-21-date-calendar-mismatch.xml"
    folder = edition_with(tmp_path, FIXTURES / "1917-11-21-base.xml", bad)
    result = run("validate", str(folder / bad.name))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    match = LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"].endswith(bad.name)
    assert (match["line"], match["severity"], match["rule"]) == ("21", "error", "date-calendar-mismatch")
    assert int(match["column"]) == 9  # the <date start tag is indented by eight spaces
    assert "1917-11-08" in match["message"] and "1917-11-09" in match["message"]


def test_json_output_carries_the_same_findings(tmp_path):
    bad = FIXTURES / "invalid" / "1917-11-21-ref-kind.xml"
    folder = edition_with(tmp_path, FIXTURES / "1917-11-21-base.xml", bad)
    result = run("validate", "--format", "json", str(folder / bad.name))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1 and report["warnings"] == 0
    (finding,) = report["findings"]
    assert finding["rule"] == "ref-kind" and finding["severity"] == "error"
    assert finding["path"].endswith(bad.name) and isinstance(finding["line"], int)


def test_warnings_pass_unless_strict(tmp_path):
    warned = FIXTURES / "invalid" / "1917-11-21-text-missing-space.xml"
    folder = edition_with(tmp_path, FIXTURES / "1917-11-21-base.xml", warned)
    relaxed = run("validate", str(folder / warned.name))
    strict = run("validate", "--strict", str(folder / warned.name))
    assert relaxed.exit_code == 0 and "warning: [text-missing-space]" in relaxed.stdout
    assert strict.exit_code == 1


def test_a_missing_path_is_a_usage_error_with_exit_2(tmp_path):
    result = run("validate", str(tmp_path / "nowhere.xml"))
    assert result.exit_code == 2
    assert "nowhere.xml" in result.stderr and "Traceback" not in result.output


def test_an_unknown_option_is_a_usage_error_with_exit_2():
    assert run("validate", "--colour").exit_code == 2


def test_a_missing_official_schema_is_an_io_error_with_exit_2(tmp_path):
    folder = edition_with(tmp_path, FIXTURES / "1917-11-21-base.xml")
    result = run("validate", "--tei-all", str(tmp_path / "tei_all.rng"), str(folder))
    assert result.exit_code == 2 and "tei_all.rng" in result.stderr


def test_broken_files_give_findings_not_tracebacks(tmp_path):
    (tmp_path / "1917-11-21-empty.xml").write_bytes(b"")
    (tmp_path / "1917-11-21-binary.xml").write_bytes(bytes(range(256)))
    (tmp_path / "1917-11-21-latin1.xml").write_bytes("<?xml version='1.0'?><TEI>Caf\xe9</TEI>".encode("latin-1"))
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert result.stdout.count("[xml-wellformed]") == 3


def test_entity_expansion_bomb_is_not_expanded(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
            + ']>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&i;</TEI>\n')
    (tmp_path / "1917-11-21-bomb.xml").write_text(bomb)
    result = run("validate", str(tmp_path / "1917-11-21-bomb.xml"))
    assert result.exit_code == 1
    assert result.stdout.startswith(str(tmp_path / "1917-11-21-bomb.xml") + ":2:1: error: [xml-doctype]")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert len(main.commands[name].help or "") > 20


def test_the_official_tei_schema_is_checked_on_request(tmp_path, tei_all):
    """An element TEI does not know breaks both the project's grammar and, with --tei-all, TEI P5 itself."""
    bad = FIXTURES / "invalid" / "1917-11-21-rng.xml"
    folder = edition_with(tmp_path, FIXTURES / "1917-11-21-base.xml", bad)
    official = Path(__file__).resolve().parents[2] / "shared" / "schema" / "tei_all.rng"
    result = run("validate", "--tei-all", str(official), str(folder / bad.name))
    assert result.exit_code == 1
    rules = {LINE.match(line)["rule"] for line in result.stdout.splitlines()}
    assert rules == {"rng", "tei-all"}
    clean = run("validate", "--tei-all", str(official), str(folder / "1917-11-21-base.xml"))
    assert clean.exit_code == 0, clean.output


def installed(*args: str, cwd: Path = ROOT):
    """The command as installed (narkomindel.cli:run, see pyproject.toml), in a process of its own."""
    import os
    import subprocess
    import sys

    script = "import sys; from narkomindel.cli import run; sys.argv[0] = 'narkomindel'; run()"
    # Buffered, as a pipe is by default: what is not flushed before the process ends is lost.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=cwd,
                          env=environment)


def test_the_installed_command_ends_with_the_exit_code_and_all_its_output(tmp_path):
    """The installed command ends its process at once after the command (see cli.run): the code and every line
    printed must still come out, as from the command run in this process."""
    bad = FIXTURES / "invalid" / "1917-11-21-date-calendar-mismatch.xml"
    folder = edition_with(tmp_path, FIXTURES / "1917-11-21-base.xml", bad)
    for args, code in ((["validate", str(folder / bad.name)], 1), (["validate", str(folder)], 1),
                       (["--version"], 0), (["build", "--format", "nonsense"], 2)):
        here, apart = run(*args), installed(*args)
        assert (apart.returncode, here.exit_code) == (code, code), apart.stderr
        assert apart.stdout == here.stdout and apart.stderr == here.stderr


def test_the_installed_command_writes_its_files(tmp_path):
    out, timings = tmp_path / "build", tmp_path / "phases.json"
    result = installed("build", "--format", "text", "--out", str(out), "--timings", str(timings))
    assert result.returncode == 0, result.stderr
    assert "14 documents written" in result.stderr
    assert json.loads(timings.read_text(encoding="utf-8"))["phases"]
    assert len(list((out / "text").glob("*.source.txt"))) == 14
