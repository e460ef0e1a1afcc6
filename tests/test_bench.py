"""The benchmark's synthetic editions are valid editions of the size asked for, and its report reads back."""

from __future__ import annotations

import json

from narkomindel.bench import Measure, Report, synthetic_edition
from narkomindel.findings import Severity
from narkomindel.validate import validate


def test_a_synthetic_edition_is_valid_and_of_the_size_asked(project, tmp_path):
    edition = synthetic_edition(project, 31, tmp_path / "edition")
    documents = [p for p in edition.tei.glob("*.xml") if p.name != "edition.xml"]
    assert len(documents) == 31
    assert len({p.name for p in documents}) == 31
    errors = [f for f in validate([edition.tei], edition.schema) if f.severity is Severity.ERROR]
    assert errors == []


def test_the_report_gives_ratios_to_the_floor_and_json_to_compare_runs():
    report = Report("test machine", 2, [Measure("floor (lxml parse + serialize)", 0.5, 40, 100),
                                        Measure("validate", 2.0, 90, 100)], {"100": {"site": 1.5}})
    table = report.table()
    assert "validate" in table and "4.0" in table and "50.0" in table
    data = json.loads(report.as_json())
    assert data["measures"][1]["per_second"] == 50.0 and data["sizes"]["100"]["site"] == 1.5
