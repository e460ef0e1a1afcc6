"""The project's RELAX NG grammar and Schematron rules, compiled once and applied to parsed files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree, isoschematron

from .findings import Finding, Severity, display_path
from .xmlio import Parsed, element_column, safe_parser

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


RNG_NS = "http://relaxng.org/ns/structure/1.0"
EDITION_ID = "edition"


@dataclass(frozen=True)
class Schemas:
    relaxng_document: etree.RelaxNG
    relaxng_edition: etree.RelaxNG
    schematron: isoschematron.Schematron

    def relaxng_for(self, parsed: Parsed) -> etree.RelaxNG:
        is_edition = parsed.root.get("{http://www.w3.org/XML/1998/namespace}id") == EDITION_ID
        return self.relaxng_edition if is_edition else self.relaxng_document


def load(schema_dir: Path) -> Schemas:
    """Compile the grammar and the rules. Raises etree.LxmlError if either is broken."""
    parser = safe_parser()
    grammar = etree.parse(str(schema_dir / "narkomindel.rng"), parser)
    schematron = isoschematron.Schematron(
        etree.parse(str(schema_dir / "narkomindel.sch"), parser), store_report=True
    )
    return Schemas(_started_at(grammar, "TEI.document"), _started_at(grammar, "TEI.edition"), schematron)


def _started_at(grammar: etree._ElementTree, pattern: str) -> etree.RelaxNG:
    """The grammar with its start narrowed to one kind of file. The one .rng file allows both the edition header
    and a document; validating each against its own kind makes the error messages point at the real fault
    instead of at the TEI element."""
    narrowed = etree.ElementTree(etree.fromstring(etree.tostring(grammar)))
    start = narrowed.getroot().find(f"{{{RNG_NS}}}start")
    for child in list(start):
        start.remove(child)
    tei = etree.SubElement(start, f"{{{RNG_NS}}}element", name="TEI")
    etree.SubElement(tei, f"{{{RNG_NS}}}ref", name=pattern)
    return etree.RelaxNG(narrowed)


def check_grammar(relaxng: etree.RelaxNG, parsed: Parsed, rule: str = "rng") -> list[Finding]:
    relaxng.validate(parsed.tree)
    return [
        Finding(display_path(parsed.path), entry.line or 1, max(entry.column, 1), Severity.ERROR, rule,
                f"{entry.message}; see the encoding rules in README.md")
        for entry in relaxng.error_log
    ]


def check_rules(schematron: isoschematron.Schematron, parsed: Parsed) -> list[Finding]:
    schematron.validate(parsed.tree)
    report = schematron.validation_report
    findings = []
    for failure in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=SVRL):
        element = _located(parsed, failure.get("location", ""))
        line, column = (element.sourceline or 1, element_column(parsed, element)) if element is not None else (1, 1)
        text = " ".join("".join(failure.xpath("svrl:text//text()", namespaces=SVRL)).split())
        severity = Severity.WARNING if failure.get("role") == "warning" else Severity.ERROR
        findings.append(Finding(display_path(parsed.path), line, column, severity,
                                failure.get("id") or "schematron", text))
    return findings


def _located(parsed: Parsed, location: str) -> etree._Element | None:
    try:
        found = parsed.tree.xpath(location)
    except etree.XPathError:
        return None
    if not found:
        return None
    node = found[0]
    if isinstance(node, etree._Element):
        return node
    parent = getattr(node, "getparent", lambda: None)()
    return parent
