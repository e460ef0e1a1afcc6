"""The project's RELAX NG grammar and Schematron rules, compiled once and applied to parsed files."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, isoschematron

from .findings import Finding, Severity, display_path
from . import vocabulary
from .xmlio import XML_ID, Parsed, attribute_position, element_column, position, safe_parser

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


RNG_NS = "http://relaxng.org/ns/structure/1.0"
EDITION_ID = "edition"
ALL_IDS = etree.XPath("//@xml:id")


@dataclass(frozen=True)
class Schemas:
    relaxng_document: etree.RelaxNG
    relaxng_edition: etree.RelaxNG
    schematron: isoschematron.Schematron
    vocabulary: vocabulary.Vocabulary

    def relaxng_for(self, parsed: Parsed) -> etree.RelaxNG:
        is_edition = parsed.root.get("{http://www.w3.org/XML/1998/namespace}id") == EDITION_ID
        return self.relaxng_edition if is_edition else self.relaxng_document


def load(schema_dir: Path) -> Schemas:
    """Compile the grammar and the rules. Raises etree.LxmlError if either is broken."""
    parser = safe_parser()
    grammar = etree.parse(str(schema_dir / "narkomindel.rng"), parser)
    # The report's fired-rule records (one per node a rule looks at) are never read, and writing them took half
    # of the rules' time.
    schematron = isoschematron.Schematron(
        etree.parse(str(schema_dir / "narkomindel.sch"), parser), store_report=True,
        compile_params={"generate-fired-rule": "false"},
    )
    return Schemas(_started_at(grammar, "TEI.document"), _started_at(grammar, "TEI.edition"), schematron,
                   vocabulary.load(grammar))


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


def check_grammar(relaxng: etree.RelaxNG, parsed: Parsed, rule: str = "rng",
                  known: vocabulary.Vocabulary | None = None) -> list[Finding]:
    """The grammar's verdict, each error at the element or attribute at fault. Names and values are first
    checked against the grammar's vocabulary (when given), which names the offending element or attribute and
    the name probably meant; RELAX NG then finds what the vocabulary cannot (order, missing children). Its errors
    about the elements around a fault already reported are the cascade of that fault and are dropped."""
    if relaxng.validate(_ids_made_unique(parsed.tree)):
        # The vocabulary is the grammar's, its definitions merged: it finds a fault only where the grammar does.
        return []
    faults = vocabulary.check(known, parsed.root) if known is not None else []
    findings = [_finding(parsed, rule, *_fault_position(parsed, fault), fault.message) for fault in faults]
    errors = [(entry, _subject(entry.message, _node_at(parsed, entry.path))) for entry in relaxng.error_log]
    errors = [(entry, node) for entry, node in errors
              if not (faults and (node is None or any(_in_cascade(node, fault.element) for fault in faults)))]
    nodes = [node for _, node in errors if node is not None]
    reported: list[etree._Element] = []
    for entry, node in errors:
        if node is None:
            findings.append(_finding(parsed, rule, entry.line or 1, max(entry.column, 1),
                                     f"{entry.message} (see the encoding rules in README.md)"))
            continue
        if any(other is not node and _is_ancestor(node, other) for other in nodes):
            continue  # an enclosing element "failed to validate content" because of an error inside it
        if any(other is node for other in reported):
            continue  # a second message about the same element says less than the first
        reported.append(node)
        findings.append(_finding(parsed, rule, *position(parsed, node), _explained(entry.message, node)))
    return findings


def _ids_made_unique(tree: etree._ElementTree) -> etree._ElementTree:
    """The tree, or a copy whose repeated xml:ids are made unique. The grammar's ID datatype would otherwise
    fail the enclosing elements; the repetition itself is reported once, as id-duplicate, by the corpus check."""
    ids = ALL_IDS(tree)  # XPath: a third of the time of walking the elements in Python
    if len(ids) == len(set(ids)):
        return tree
    copied = copy.deepcopy(tree)
    seen: set[str] = set()
    for number, element in enumerate(copied.iter()):
        value = element.get(XML_ID) if isinstance(element.tag, str) else None
        if value is not None:
            if value in seen:
                element.set(XML_ID, f"{value}-repeated-{number}")
            seen.add(value)
    return copied


def _finding(parsed: Parsed, rule: str, line: int, column: int, message: str) -> Finding:
    return Finding(display_path(parsed.path), line, column, Severity.ERROR, rule, message)


def _fault_position(parsed: Parsed, fault: vocabulary.Fault) -> tuple[int, int]:
    if fault.attribute is not None:
        return attribute_position(parsed, fault.element, fault.attribute)
    return position(parsed, fault.element)


def _node_at(parsed: Parsed, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        found = parsed.tree.xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def _subject(message: str, node: etree._Element | None) -> etree._Element | None:
    """The element an lxml message is about. For "Expecting element X, got Y" lxml sometimes gives the path of
    Y's parent: then Y is its first child of that name that is out of place."""
    got = re.search(r"Expecting element \S+, got (\S+)", message)
    if node is None or not got or etree.QName(node).localname == got.group(1):
        return node
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == got.group(1):
            return child
    return node


def _is_ancestor(ancestor: etree._Element, node: etree._Element) -> bool:
    return any(parent is ancestor for parent in node.iterancestors())


def _in_cascade(node: etree._Element, fault: etree._Element) -> bool:
    """lxml reports a fault at the elements around it: its ancestors and, as it backtracks through mixed
    content, the other elements of the same block (the subtree of the fault's grandparent)."""
    if node is fault or _is_ancestor(node, fault):
        return True
    block = fault
    for _ in range(2):
        block = block.getparent() if block.getparent() is not None else block
    return _is_ancestor(block, node)


# lxml's RELAX NG messages, and what each means for the editor: (pattern, explanation with {name}, {parent}).
LXML_MESSAGES = (
    (re.compile(r"Expecting an element (\S+), got nothing"),
     "<{name}> is incomplete: the grammar expects a <{0}> in it here; add it"),
    (re.compile(r"Expecting element (\S+), got (\S+)"),
     "<{name}> is not allowed at this place inside <{parent}>: the grammar expects <{0}> here; move it or add "
     "what is missing before it"),
    (re.compile(r"Did not expect element (\S+) there"),
     "<{name}> is not allowed at this place inside <{parent}>: move it or remove it"),
    (re.compile(r"Element (\S+) has extra content: (\S+)"),
     "<{name}> holds content the grammar does not allow here ({1}): compare it with the encoding rules"),
    (re.compile(r"Element (\S+) failed to validate attributes"),
     "<{name}> lacks a required attribute or has one the grammar does not allow: compare it with the encoding "
     "rules"),
    (re.compile(r"Invalid attribute (\S+) for element (\S+)"),
     "attribute {0} is not allowed on <{name}>: remove it or correct its name"),
    (re.compile(r"Element (\S+) failed to validate content"),
     "the content of <{name}> does not follow the grammar: compare it with the encoding rules"),
)


def _explained(message: str, node: etree._Element) -> str:
    name = etree.QName(node).localname
    parent = node.getparent()
    parent_name = etree.QName(parent).localname if parent is not None else ""
    for pattern, explanation in LXML_MESSAGES:
        match = pattern.search(message)
        if match:
            return explanation.format(*match.groups(), name=name, parent=parent_name) + \
                " (see the encoding rules in README.md)"
    return f"<{name}>: {message} (see the encoding rules in README.md)"


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
