"""How a finding is printed: the compiler line that editors and their tools read, and the JSON record
for other programs. Written to kill the mutants that survived in findings.py (tests/mutation/plant.py --python)."""

from __future__ import annotations

import json
from pathlib import Path

from narkomindel.findings import error, to_json, to_lines, warning
from narkomindel.project import default_project

ROOT = Path(__file__).resolve().parents[1]


def test_a_warning_carries_where_what_and_why(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = warning(tmp_path / "tei" / "1917-11-21-x.xml", 12, 7, "mojibake", "“â€” is mis-decoded")
    assert found.as_line() == "tei/1917-11-21-x.xml:12:7: warning: [mojibake] “â€” is mis-decoded"


def test_findings_print_one_line_each():
    findings = [error(Path("/elsewhere/a.xml"), 1, 2, "r1", "first"),
                warning(Path("/elsewhere/b.xml"), 3, 4, "r2", "second")]
    assert to_lines(findings) == ("/elsewhere/a.xml:1:2: error: [r1] first\n"
                                  "/elsewhere/b.xml:3:4: warning: [r2] second\n")
    assert to_lines([]) == ""


def test_json_keeps_the_text_readable_and_counts_by_severity():
    findings = [error(Path("/elsewhere/a.xml"), 1, 2, "r1", "Trotsky’s “note”"),
                warning(Path("/elsewhere/b.xml"), 3, 4, "r2", "x")]
    text = to_json(findings)
    assert "Trotsky’s “note”" in text  # not \\u escapes
    assert text.endswith("}\n") and text.startswith('{\n  "errors": 1,\n  "warnings": 1,\n')
    record = json.loads(text)["findings"][0]
    assert record == {"path": "/elsewhere/a.xml", "line": 1, "column": 2, "severity": "error", "rule": "r1",
                      "message": "Trotsky’s “note”"}


def test_the_default_project_is_this_checkout():
    assert default_project().root == ROOT
