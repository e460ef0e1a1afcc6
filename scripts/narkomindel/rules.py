"""The encoding manual: every rule an editor can meet (the grammar's constraints, each Schematron assert and
report, each Python check) with its id, severity, message, and an incorrect and a correct example.

The examples are taken from the test fixtures, so the manual cannot drift from what the tests prove: each
invalid fixture is the valid base document with one fault, so the lines it changes are the incorrect example and
the base's lines they replace the correct one; the message shown is what the validator really reports for it.
The manual is generated in the project's checkout (`python -m narkomindel.rules --write`) into manual.json,
which ships in the package; tests/test_manual.py fails when it is out of date."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from .findings import RuleDescription, Severity

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
MANUAL_FILE = "manual.json"
BASE_NAME = "1917-11-21-base.xml"
MAX_EXAMPLE_LINES = 8
BREAKS = re.compile(r"Breaks: ([a-z0-9 -]+)-->")
GRAMMAR_FAULT = re.compile(r"<!--\s*Grammar fault:\s*(.*?)\s*-->", re.S)

# The checks that need Python (calendars, the whole corpus, the file's bytes), with what each finds.
PYTHON_RULES: dict[str, tuple[Severity, str]] = {
    "xml-wellformed": (Severity.ERROR, "The file is not well-formed XML: correct the markup at the line and column "
                                       "given (an unclosed element, an unescaped & or <)."),
    "xml-doctype": (Severity.ERROR, "The file declares a DOCTYPE, which is refused before the file is read so that "
                                    "no external entity is ever loaded: remove the DOCTYPE declaration."),
    "xml-too-large": (Severity.ERROR, "The file is larger than the validator reads: an edition document is a few "
                                      "hundred kilobytes; split it or check that it is the right file."),
    "rng": (Severity.ERROR, "The edition's RELAX NG grammar rejects the element or attribute: the message names it, "
                            "says what the grammar expects there and suggests the name probably meant."),
    "tei-all": (Severity.ERROR, "The official TEI P5 schema rejects the file (only with --tei-all): the edition's "
                                "grammar should have caught it; report it to the maintainers."),
    "date-invalid": (Severity.ERROR, "@when or @when-custom is not a day of its calendar: write YYYY-MM-DD."),
    "date-calendar-mismatch": (Severity.ERROR, "@when (Gregorian) and @when-custom (Julian) do not name the same "
                                               "day: the message says which value each would need."),
    "date-text-mismatch": (Severity.ERROR, "The day, month or year written in the text is not that of the calendar "
                                           "@calendar names: correct the attribute that misreads the text."),
    "date-pair-disagree": (Severity.ERROR, "The two halves of a date pair name different days and the pair is not "
                                           "marked subtype=\"discrepant\": correct the encoding, or mark and "
                                           "explain the discrepancy."),
    "date-pair-not-discrepant": (Severity.WARNING, "A pair is marked discrepant but its halves agree: remove "
                                                   "subtype=\"discrepant\" and give the pair @when."),
    "date-calendar-after-switch": (Severity.WARNING, "A date claims the Julian calendar on or after 14 February "
                                                     "1918: check @calendar and explain Old Style in a note."),
    "id-duplicate": (Severity.ERROR, "An xml:id is used twice in the edition: rename one of them."),
    "ref-unresolved": (Severity.ERROR, "A pointer leads nowhere: the message names the closest existing ids; "
                                       "correct the pointer or add the entry."),
    "ref-scheme": (Severity.ERROR, "A pointer or address uses a scheme other than http:, https: or mailto: "
                   "(javascript:, data:, vbscript: …), which the edition never writes as a link: point at an http: "
                   "or https: address or into the edition."),
    "ref-kind": (Severity.ERROR, "A pointer leads to the wrong kind of entry (a persName to a place): point at an "
                                 "entry of the right kind."),
    "parallel-reciprocal": (Severity.ERROR, "A parallel translation named in the header does not point back: add "
                                            "@corresp in the other document."),
    "file-name": (Severity.ERROR, "The file name is not YYYY-MM-DD-slug.xml: rename the file."),
    "file-id": (Severity.ERROR, "The document's xml:id is not 'nkid-' and the file name: make them agree."),
    "file-date": (Severity.ERROR, "The file name's date is not the document's Gregorian date: make them agree."),
    "text-encoding": (Severity.ERROR, "Characters that betray a wrong text encoding outside sic: write the "
                                      "characters meant, or keep the source's reading in a sic."),
    "text-nfc": (Severity.ERROR, "Text not in Unicode NFC: save the file with composed characters."),
    "text-markup": (Severity.ERROR, "A stray <, > or escaped entity in the text: write the character meant."),
    "text-doubled-punctuation": (Severity.WARNING, ",, ;; or :: outside sic: correct it in a choice if the source "
                                                   "has it, or remove the extra mark."),
    "text-missing-space": (Severity.WARNING, "No space after a comma or semicolon outside sic: add the space, or "
                                             "mark the source's reading with a choice."),
}
# Rules whose example cannot be a fixture file of the kind the others are: what the tests do instead.
SYNTHETIC_EXAMPLES = {
    "xml-too-large": {
        "fixture": "tests/test_hostile.py::test_a_file_of_hundreds_of_megabytes_is_refused_before_it_is_read",
        "incorrect": "a file of several hundred megabytes saved as tei/1917-11-21-….xml",
        "correct": "a document of the usual size (the largest in the edition is under 100 kB)",
    },
}
# An example fixture whose fault also breaks another rule: tei-all is shown with the grammar's own example.
SHARED_FIXTURES = {"tei-all": "1917-11-21-rng.xml"}


@dataclass(frozen=True)
class Example:
    fixture: str
    incorrect: str
    correct: str
    reported: str = ""
    constraint: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    layer: str  # "grammar", "schematron" or "python"
    severity: str
    message: str
    examples: tuple[Example, ...] = field(default_factory=tuple)


def schematron_rules(schematron: Path) -> list[tuple[str, str, str]]:
    """(id, severity, message) of every assert and report, the computed parts of a message shown as "…"."""
    from lxml import etree

    tree = etree.parse(str(schematron))
    found = []
    for test in tree.iter(f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report"):
        parts = [test.text or ""]
        for child in test:
            parts.append("…" if etree.QName(child).localname in ("value-of", "name") else "".join(child.itertext()))
            parts.append(child.tail or "")
        severity = "warning" if test.get("role") == "warning" else "error"
        found.append((test.get("id"), severity, " ".join("".join(parts).split())))
    return found


def build_manual(root: Path) -> dict[str, object]:
    """The manual of the project checked out at `root`, its examples from tests/fixtures/."""
    fixtures = root / "tests" / "fixtures"
    base = fixtures / "rules" / BASE_NAME
    invalid = sorted((fixtures / "rules" / "invalid").glob("*.xml"))
    rules: list[Rule] = []
    grammar_examples = [_example(root, base, path, "rng", constraint=_grammar_fault(path))
                        for path in sorted((fixtures / "grammar").glob("*.xml"))]
    by_rule: dict[str, list[Path]] = {}
    for path in invalid:
        match = BREAKS.search(path.read_text(encoding="utf-8"))
        for rule_id in match.group(1).split() if match else []:
            by_rule.setdefault(rule_id, []).append(path)
    for rule_id, severity, message in schematron_rules(root / "schema" / "narkomindel.sch"):
        rules.append(Rule(rule_id, "schematron", severity, message, _examples(root, base, rule_id, by_rule)))
    for rule_id, (severity, message) in PYTHON_RULES.items():
        examples = _examples(root, base, rule_id, by_rule)
        if rule_id == "rng":
            examples = examples + tuple(grammar_examples)
        rules.append(Rule(rule_id, "grammar" if rule_id in ("rng", "tei-all") else "python", severity.value,
                          message, examples))
    return {"rules": [asdict(rule) for rule in rules]}


def _examples(root: Path, base: Path, rule_id: str, by_rule: dict[str, list[Path]]) -> tuple[Example, ...]:
    if rule_id in SYNTHETIC_EXAMPLES:
        return (Example(**SYNTHETIC_EXAMPLES[rule_id]),)
    if rule_id in SHARED_FIXTURES:
        path = root / "tests" / "fixtures" / "rules" / "invalid" / SHARED_FIXTURES[rule_id]
        return (_example(root, base, path, "rng",
                         constraint="an element TEI does not know; the edition's grammar rejects it first, with "
                                    "the message shown here, and the official schema with its own"),)
    candidates = by_rule.get(rule_id, [])
    # The fixture named after the rule alone comes first; the others are further cases of the same rule.
    primary = sorted(candidates, key=lambda p: (p.stem != f"1917-11-21-{rule_id}", p.name))[:1]
    return tuple(_example(root, base, path, rule_id) for path in primary)


def _grammar_fault(path: Path) -> str:
    match = GRAMMAR_FAULT.search(path.read_text(encoding="utf-8"))
    return " ".join(match.group(1).split()) if match else ""


def _example(root: Path, base: Path, fixture: Path, rule_id: str, constraint: str = "") -> Example:
    incorrect, correct = _difference(base, fixture)
    if not incorrect and not correct:  # the fault is the file's name
        incorrect, correct = f"file name: {fixture.name}", f"file name: {base.name}"
    return Example(fixture.relative_to(root).as_posix(), incorrect, correct, _reported(root, base, fixture, rule_id),
                   constraint)


def _difference(base: Path, fixture: Path) -> tuple[str, str]:
    """The fixture's lines that differ from the base document, and the base's lines they replace (for an
    insertion or deletion, the lines around the place). The comments saying what a fixture breaks are left out."""
    old = _without_comments(base.read_bytes().decode("utf-8", "replace"))
    new = _without_comments(fixture.read_bytes().decode("utf-8", "replace"))
    # Each fixture's ids follow its own file name; where that is all that differs, the fault is the name.
    renamed = [line.replace(f"nkid-{fixture.stem}", f"nkid-{base.stem}") for line in new]
    if renamed == old:
        return "", ""
    new = renamed
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    incorrect: list[str] = []
    correct: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2 or j1 == j2:  # an insertion or a deletion: both sides show the lines around the place
            i1, i2, j1, j2 = max(i1 - 1, 0), i2 + 1, max(j1 - 1, 0), j2 + 1
        incorrect += new[j1:j2]
        correct += old[i1:i2]
    return _shown(incorrect), _shown(correct)


def _without_comments(text: str) -> list[str]:
    text = re.sub(r"<!--.*?-->\n?", "", text, flags=re.S)
    return [line for line in text.splitlines() if line.strip()]


def _shown(lines: list[str]) -> str:
    if len(lines) > MAX_EXAMPLE_LINES:
        lines = lines[:MAX_EXAMPLE_LINES] + ["…"]
    return textwrap.dedent("\n".join(lines)).strip("\n")


def _reported(root: Path, base: Path, fixture: Path, rule_id: str) -> str:
    """The validator's message for the fixture, validated beside the edition header and the base document (for
    tei-all, the grammar's message: the official schema is not shipped with the project)."""
    from .validate import validate

    with tempfile.TemporaryDirectory() as folder:
        target_dir = Path(folder)
        shutil.copy(root / "tei" / "edition.xml", target_dir / "edition.xml")
        if fixture.parent.name != "grammar":
            shutil.copy(base, target_dir / base.name)
            target = target_dir / fixture.name
        else:
            target = target_dir / base.name
        shutil.copy(fixture, target)
        findings = validate([target], root / "schema")
    wanted = "rng" if rule_id == "tei-all" else rule_id
    messages = [f.message for f in findings if f.rule == wanted]
    return messages[0] if messages else ""


def load_manual() -> dict[str, object]:
    """The manual shipped with the package."""
    return json.loads(resources.files("narkomindel").joinpath(MANUAL_FILE).read_text(encoding="utf-8"))


def descriptions(manual: dict[str, object] | None = None) -> list[RuleDescription]:
    """One description per rule, for the SARIF report."""
    manual = manual or load_manual()
    return [RuleDescription(rule["id"], Severity(rule["severity"]), rule["message"]) for rule in manual["rules"]]


def to_json(manual: dict[str, object]) -> str:
    return json.dumps(manual, ensure_ascii=False, indent=2) + "\n"


def to_text(manual: dict[str, object]) -> str:
    """The manual for reading in a terminal: each rule, its message, and its examples indented."""
    out: list[str] = []
    for layer, heading in LAYERS.items():
        out += [heading, "=" * len(heading), ""]
        for rule in (r for r in manual["rules"] if r["layer"] == layer):
            out.append(f"[{rule['id']}] {rule['severity']}")
            out += ["  " + line for line in textwrap.wrap(rule["message"], 100)]
            for example in rule["examples"]:
                if example["constraint"]:
                    out.append(f"  • {example['constraint']}")
                out += _block("incorrect", example["incorrect"]) + _block("correct", example["correct"])
                if example["reported"]:
                    out += ["    reported:"] + ["      " + line for line in textwrap.wrap(example["reported"], 96)]
            out.append("")
    return "\n".join(out)


def _block(label: str, text: str) -> list[str]:
    return [f"    {label}:"] + ["      " + line for line in text.splitlines()]


MANUAL_NS = "urn:narkomindel:manual"
LAYERS = {"grammar": "Grammar (RELAX NG)", "schematron": "Editorial rules (Schematron)",
          "python": "Checks of calendars, references, files and text"}


def manual_xml(manual: dict[str, object]) -> str:
    """The manual as XML (namespace urn:narkomindel:manual), the input of xslt/guidelines.xsl."""
    from lxml import etree

    def element(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
        child = etree.SubElement(parent, f"{{{MANUAL_NS}}}{tag}", attributes)
        child.text = text
        return child

    root = etree.Element(f"{{{MANUAL_NS}}}manual", nsmap={"m": MANUAL_NS})
    for layer, title in LAYERS.items():
        section = element(root, "layer", name=layer, title=title)
        for rule in (r for r in manual["rules"] if r["layer"] == layer):
            entry = element(section, "rule", id=rule["id"], severity=rule["severity"])
            element(entry, "message", rule["message"])
            for example in rule["examples"]:
                shown = element(entry, "example", fixture=example["fixture"])
                for part in ("constraint", "incorrect", "correct", "reported"):
                    if example[part]:
                        element(shown, part, example[part])
    return etree.tostring(root, encoding="unicode")


def write_guidelines(edition, target: Path) -> None:
    """The page "Encoding guidelines" (guidelines.html) of the web edition, written below `target` by the
    build's Edition (build.read_edition): its renderer and parameters give the page the site's shell."""
    from .output import write_text

    manual = edition.renderer.parse_string(manual_xml(load_manual()))
    write_text(target / "guidelines.html", edition.renderer.run("guidelines.xsl", "guidelines", manual,
                                                                 edition.parameters))


def rule_ids(manual: dict[str, object]) -> Iterable[str]:
    return (rule["id"] for rule in manual["rules"])


def main(argv: list[str]) -> int:
    """`python -m narkomindel.rules --write` regenerates manual.json from the checkout."""
    root = Path(__file__).resolve().parents[2]
    if argv != ["--write"] or not (root / "tests" / "fixtures").is_dir():
        print("usage: python -m narkomindel.rules --write (in the project's checkout)", file=sys.stderr)
        return 2
    (Path(__file__).parent / MANUAL_FILE).write_text(to_json(build_manual(root)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
