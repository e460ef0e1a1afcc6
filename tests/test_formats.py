"""The machine formats of `narkomindel validate`, each checked against its specification: GitHub Actions workflow
commands (one ::error/::warning per finding, escaped by the runner's rules) and SARIF 2.1.0 (valid against the
official JSON schema kept in fixtures/sarif/, every rule described once)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from narkomindel.cli import main
from narkomindel.findings import Finding, RuleDescription, Severity, to_github, to_sarif
from narkomindel.rules import load_manual

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
SARIF_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text())
# ::error file=…,line=…,col=…,title=…::message — properties escaped (% CR LF : ,), the message (% CR LF).
COMMAND = re.compile(r"^::(?P<level>error|warning) file=(?P<file>[^,:]*),line=(?P<line>\d+),col=(?P<col>\d+),"
                     r"title=(?P<title>[^,:]*)::(?P<message>[^\r\n]*)$")


def unescape(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def edition_with(tmp_path: Path, *documents: Path) -> Path:
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "edition.xml")
    shutil.copy(FIXTURES / "1917-11-21-base.xml", tmp_path / "1917-11-21-base.xml")
    for document in documents:
        shutil.copy(document, tmp_path / document.name)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


AWKWARD = Finding("tei/a,b:c%d.xml", 3, 7, Severity.ERROR, "rule-x",
                  "100% wrong: first line\nsecond line, with a comma\r")


def test_github_commands_escape_properties_and_message_by_the_runners_rules():
    (line,) = to_github([AWKWARD]).splitlines()
    match = COMMAND.match(line)
    assert match, line
    assert match["file"] == "tei/a%2Cb%3Ac%25d.xml"
    assert unescape(match["file"]) == AWKWARD.path
    assert match["title"] == "[rule-x]"
    assert "\n" not in match["message"] and "%0A" in match["message"] and "%25" in match["message"]
    assert unescape(match["message"]) == AWKWARD.message
    assert "," in match["message"] and ":" in match["message"]  # the message keeps its commas and colons


def test_github_format_gives_one_command_per_finding_with_its_level(tmp_path):
    error_file = FIXTURES / "invalid" / "1917-11-21-ref-kind.xml"
    warned_file = FIXTURES / "invalid" / "1917-11-21-text-missing-space.xml"
    folder = edition_with(tmp_path, error_file, warned_file)
    result = run("validate", "--format", "github", str(folder / error_file.name), str(folder / warned_file.name))
    assert result.exit_code == 1
    commands = [COMMAND.match(line) for line in result.stdout.splitlines()]
    assert all(commands), result.stdout
    assert {(c["level"], c["title"]) for c in commands} == {("error", "[ref-kind]"),
                                                             ("warning", "[text-missing-space]")}
    ref_kind = next(c for c in commands if c["title"] == "[ref-kind]")
    assert unescape(ref_kind["file"]).endswith(error_file.name) and int(ref_kind["line"]) > 1


def sarif_for(tmp_path: Path, *documents: Path) -> dict:
    folder = edition_with(tmp_path, *documents)
    result = run("validate", "--format", "sarif", *(str(folder / d.name) for d in documents))
    assert result.exit_code == (1 if any("invalid" in d.parent.name for d in documents) else 0), result.output
    return json.loads(result.stdout)


def test_sarif_is_valid_against_the_official_schema(tmp_path):
    log = sarif_for(tmp_path, FIXTURES / "invalid" / "1917-11-21-ref-kind.xml",
                    FIXTURES / "invalid" / "1917-11-21-text-missing-space.xml")
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {("ref-kind", "error"), ("text-missing-space", "warning")}


def test_a_clean_run_is_valid_sarif_with_no_results(tmp_path):
    log = sarif_for(tmp_path, FIXTURES / "1917-11-21-base.xml")
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_sarif_describes_every_rule_once_and_each_result_points_at_its_description(tmp_path):
    log = sarif_for(tmp_path, FIXTURES / "invalid" / "1917-11-21-date-calendar-mismatch.xml")
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)), "a rule is described twice"
    assert set(ids) >= {rule["id"] for rule in load_manual()["rules"]}
    for result in log["runs"][0]["results"]:
        described = rules[result["ruleIndex"]]
        assert described["id"] == result["ruleId"]
        assert described["shortDescription"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("1917-11-21-date-calendar-mismatch.xml")
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1


def test_an_unknown_rule_still_gets_its_one_description():
    findings = [Finding("tei/x.xml", 1, 1, Severity.WARNING, "new-rule", "m1"),
                Finding("tei/x.xml", 2, 1, Severity.WARNING, "new-rule", "m2")]
    log = json.loads(to_sarif(findings, [RuleDescription("known", Severity.ERROR, "Known rule.")], "0"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    ids = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == ["known", "new-rule"]
    assert [r["ruleIndex"] for r in log["runs"][0]["results"]] == [1, 1]


@pytest.mark.parametrize("path, uri", [("tei/a b.xml", "tei/a%20b.xml"), ("/abs/x#1.xml", "file:///abs/x%231.xml")])
def test_sarif_locations_are_uris(path, uri):
    log = json.loads(to_sarif([Finding(path, 1, 1, Severity.ERROR, "rng", "m")], [], "0"))
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
