"""Plant realistic bugs in the edition's stylesheets and Schematron, one at a time, and see whether a test fails.

    python tests/mutation/plant.py              every mutant of the table below
    python tests/mutation/plant.py NAME …       only these mutants
    python tests/mutation/plant.py --list       the table, without running anything
    python tests/mutation/plant.py --python     mutmut over the Python package (configured in pyproject.toml)
    python tests/mutation/plant.py --python 'narkomindel.calendar.*'    … over one module

The project (without .git, .venv and build output) is copied into a temporary folder, with the shared sources and
schemas beside it as the tests expect. Each mutant is one textual change of one file: it is planted in the copy,
the tests that concern that file are run there (pytest -x, the copy's own package and stylesheets), and the file is
restored. A mutant is killed when a test fails; it survives when all pass. A mutant whose text is no longer found
in its file is reported as stale: the table must follow the code it mutates.

With --python, mutmut mutates scripts/narkomindel/ instead, in a staged copy where the package sits under src/
(the layout mutmut expects), runs the fast test selection of [tool.mutmut] against each mutant and prints its
summary; `mutmut results` and `mutmut show NAME` in the printed folder tell more (the folder is kept).

Exit status: 0 when every mutant is killed, 1 when one survives or is stale, 2 when the tests fail without any
mutant (then nothing can be learnt from the run). Slow (about ten seconds a mutant), hence not part of the
default test run; its latest figures are in the README.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
IGNORED = shutil.ignore_patterns(".git", ".venv", "build", "mutants", "__pycache__", ".pytest_cache",
                                 ".hypothesis", "*.egg-info")

# Tests that read each kind of file. Patterns: a test file added later (e.g. of citations) joins by its name.
TEXT_MODEL = ["tests/test_xslt.py", "tests/test_text.py", "tests/test_fidelity.py", "tests/test_web.py",
              "tests/test_snapshots.py", "tests/test_search_index.py"]
WEB = ["tests/test_xslt.py", "tests/test_web.py", "tests/test_snapshots.py", "tests/test_search_index.py",
       "tests/test_hostile.py"]
CITATIONS = ["tests/test_cit*.py", "tests/test_web.py", "tests/test_snapshots.py"]
CATALOGUE = ["tests/test_xslt.py", "tests/test_search_index.py", "tests/test_web.py", "tests/test_snapshots.py"]
RULES = ["tests/test_rules.py", "tests/test_near_misses.py", "tests/test_edition.py"]
PLAIN_TEXT = ["tests/test_text.py", "tests/test_fidelity.py"]


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    what: str
    old: str
    new: str
    tests: list[str]


MUTANTS = [
    # ---- the bugs of the audit
    Mutant("dateline-calendars-swapped", "xslt/common.xsl",
           "a dual date whose months differ has the calendars swapped (“6 December (23 November) 1917”)",
           "concat($j[3], ' ', $month-names[$j[2]], ' (', $g[3], ' ', $month-names[$g[2]], ') ', $g[1])",
           "concat($g[3], ' ', $month-names[$g[2]], ' (', $j[3], ' ', $month-names[$j[2]], ') ', $g[1])",
           TEXT_MODEL),
    Mutant("dateline-switch-1-february", "xslt/common.xsl",
           "the dateline switches to New Style only at 1918-02-01 instead of 1918-02-14",
           "select=\"xs:date('1918-02-14')\"", "select=\"xs:date('1918-02-01')\"", TEXT_MODEL),
    Mutant("note-letters-count-translators-notes", "xslt/common.xsl",
           "editorial note letters also count the translator's notes",
           "count($note/preceding::tei:note[@type = 'editorial'][ancestor::tei:text])",
           "count($note/preceding::tei:note[ancestor::tei:text])", TEXT_MODEL),
    Mutant("discrepant-date-any-later-note", "schema/narkomindel.sch",
           "the discrepant-date rule accepts any later editorial note, not only the one that follows at once",
           "or following-sibling::node()[not(self::text()[normalize-space() = ''])][1]"
           "[self::tei:note[@type = 'editorial']]\"",
           "or following-sibling::tei:note[@type = 'editorial']\"", RULES),
    Mutant("bibtex-loses-author", "xslt/cite.xsl", "BibTeX loses the author",
           "        ['author', string-join($r?authors?* ! cite:bibtex-name(.), ' and ')],\n", "", CITATIONS),
    Mutant("catalogue-body-p", "xslt/catalogue.xsl",
           "body/p for body//p: paragraphs inside divisions vanish from search",
           "select=\"tei:text/tei:body//(tei:p[@n]", "select=\"tei:text/tei:body/(tei:p[@n]", CATALOGUE),
    Mutant("web-drops-query-mark", "xslt/html.xsl", "the web page drops the transcriber's “[?]”",
           "<span class=\"metamark\" title=\"The transcriber’s own query mark\"><xsl:apply-templates "
           "mode=\"#current\"/></span>",
           "<span class=\"metamark\" title=\"The transcriber’s own query mark\"/>", WEB),
    # ---- more of the same kind
    Mutant("dual-date-drops-old-style-year", "xslt/common.xsl",
           "a dual date across New Year drops the Old Style year (“20 December (2 January 1918)”)",
           "concat($j[3], ' ', $month-names[$j[2]], ' ', $j[1], ' (',", "concat($j[3], ' ', $month-names[$j[2]], ' (',",
           TEXT_MODEL),
    Mutant("month-names-off-by-one", "xslt/common.xsl", "dates in words name the following month",
           "$month-names[xs:integer($parts[2])]", "$month-names[xs:integer($parts[2]) + 1]", TEXT_MODEL),
    Mutant("item-number-separator", "xslt/common.xsl", "list items are cited as “2-1” instead of “2.1”",
           "[. != ''], '.')", "[. != ''], '-')", TEXT_MODEL),
    Mutant("interventions-count-only-corrections", "xslt/common.xsl",
           "intervention numbers skip supplied text", "[self::tei:choice or self::tei:supplied][ancestor::tei:text]",
           "[self::tei:choice][ancestor::tei:text]", TEXT_MODEL),
    Mutant("source-text-shows-correction", "xslt/common.xsl",
           "the source's reading shows the correction instead of the source's text",
           "mode=\"source\" as=\"node()*\">\n    <xsl:apply-templates select=\"tei:sic\"",
           "mode=\"source\" as=\"node()*\">\n    <xsl:apply-templates select=\"tei:corr\"",
           TEXT_MODEL),
    Mutant("supplied-without-brackets", "xslt/common.xsl",
           "supplied text loses its angle brackets in the reading text",
           "<xsl:text>⟨</xsl:text>\n    <xsl:apply-templates mode=\"#current\"/>\n    <xsl:text>⟩</xsl:text>",
           "<xsl:apply-templates mode=\"#current\"/>", TEXT_MODEL),
    Mutant("search-paragraph-keeps-its-list", "xslt/catalogue.xsl",
           "a paragraph's search text also holds the items of the list it introduces (found twice)",
           "<xsl:template match=\"tei:list[@type = 'ordered']\" mode=\"unit-reading\" as=\"empty-sequence()\"/>", "",
           CATALOGUE),
    Mutant("editorial-footnote-anchor", "xslt/html.xsl",
           "an editorial note at the foot of the page loses the anchor its marker links to",
           "<li id=\"note-e{$label}\" class=\"editorial\">", "<li id=\"note-{$label}\" class=\"editorial\">", WEB),
    Mutant("apparatus-number-off", "xslt/html.xsl",
           "an intervention's mark links to the next entry of the apparatus",
           "href=\"#app-i{$number}\"", "href=\"#app-i{$number + 1}\"", WEB),
    Mutant("date-pair-calendars-any-julian", "schema/narkomindel.sch",
           "a date pair with two Julian halves passes (at least one Julian half instead of exactly one)",
           "count(tei:date[@calendar = 'edition.xml#julian']) = 1", "count(tei:date[@calendar = 'edition.xml#julian']) >= 1",
           RULES),
    Mutant("date-pair-when-first-half", "schema/narkomindel.sch",
           "only the first half of a date pair must agree with the pair's @when",
           "not(tei:date[@when != current()/@when])", "not(tei:date[1][@when != current()/@when])", RULES),
    Mutant("plain-text-wider", "xslt/text.xsl", "the plain-text edition is wrapped at 80 columns, not 72",
           "<xsl:variable name=\"width\" as=\"xs:integer\" select=\"72\"/>",
           "<xsl:variable name=\"width\" as=\"xs:integer\" select=\"80\"/>", PLAIN_TEXT),
]


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    status: str  # killed, survived, stale
    detail: str
    seconds: float


def stage(folder: Path) -> Path:
    """A copy of the project inside folder, with shared/ beside it as in a developer's checkout."""
    copy = folder / ROOT.name
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    if SHARED.is_dir():
        (folder / "shared").symlink_to(SHARED, target_is_directory=True)
    return copy


def test_files(copy: Path, patterns: list[str]) -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        found.extend(str(p.relative_to(copy)) for p in sorted(copy.glob(pattern)) if str(p.relative_to(copy)) not in found)
    return found


def run_tests(copy: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(copy / "scripts"), PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
               "--no-header", "-o", "addopts=", *files]
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=900)


def first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" - ")[0].removeprefix("FAILED ").removeprefix("ERROR ")
    return output.strip().splitlines()[-1] if output.strip() else "no output"


def try_mutant(copy: Path, mutant: Mutant) -> Outcome:
    start = time.monotonic()
    path = copy / mutant.file
    original = path.read_text(encoding="utf-8")
    count = original.count(mutant.old)
    if count != 1:
        return Outcome(mutant, "stale", f"the text to change occurs {count} times in {mutant.file}", 0.0)
    path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
    try:
        result = run_tests(copy, test_files(copy, mutant.tests))
    finally:
        path.write_text(original, encoding="utf-8")
    seconds = time.monotonic() - start
    if result.returncode == 0:
        return Outcome(mutant, "survived", "every test passed", seconds)
    return Outcome(mutant, "killed", first_failure(result.stdout), seconds)


def report(outcomes: list[Outcome]) -> str:
    lines = ["| mutant | file | planted bug | result | first failing test |", "|---|---|---|---|---|"]
    for o in outcomes:
        lines.append(f"| {o.mutant.name} | `{o.mutant.file}` | {o.mutant.what} | {o.status} | {o.detail} |")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("killed", "survived", "stale")}
    lines.append("")
    lines.append(f"{len(outcomes)} mutants planted: {counts['killed']} killed, {counts['survived']} survived, "
                 f"{counts['stale']} stale.")
    return "\n".join(lines)


def run_mutmut(max_children: int, patterns: list[str]) -> int:
    """mutmut over the Python package (or the mutants matching patterns, e.g. "narkomindel.calendar.*") in a
    staged copy; returns mutmut's exit status."""
    folder = Path(tempfile.mkdtemp(prefix="narkomindel-mutmut-"))
    copy = stage(folder)
    (copy / "scripts").rename(copy / "src")
    # mutmut runs the tests inside copy/mutants: they look for shared/ beside that folder
    if SHARED.is_dir():
        (copy / "shared").symlink_to(SHARED, target_is_directory=True)
    # Test files named in the selection but not (yet) in the project would stop pytest: leave them out.
    pyproject = copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    for name in re.findall(r'"(tests/test_[a-z_]+\.py)"', text):
        if not (copy / name).is_file():
            text = re.sub(rf'"{re.escape(name)}",?\s*', "", text)
    pyproject.write_text(text, encoding="utf-8")
    mutmut = Path(sys.executable).with_name("mutmut")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    print(f"mutmut runs in {copy}", flush=True)
    status = subprocess.run([str(mutmut), "run", "--max-children", str(max_children), *patterns], cwd=copy,
                            env=env).returncode
    results = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=copy, env=env, capture_output=True,
                             text=True)
    (copy / "mutmut-results.txt").write_text(results.stdout, encoding="utf-8")
    print(f"every mutant and its status: {copy / 'mutmut-results.txt'}")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="mutants to plant (default: all); with --python, mutmut "
                        "patterns such as 'narkomindel.calendar.*'")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--python", action="store_true", help="run mutmut over the Python package instead")
    parser.add_argument("--max-children", type=int, default=2, help="parallel mutmut workers (default 2)")
    args = parser.parse_args(argv)
    if args.python:
        return run_mutmut(args.max_children, args.names)
    chosen = [m for m in MUTANTS if not args.names or m.name in args.names]
    unknown = set(args.names) - {m.name for m in MUTANTS}
    if unknown:
        print(f"plant.py: no such mutant: {', '.join(sorted(unknown))} (see --list)", file=sys.stderr)
        return 2
    if args.list:
        for m in chosen:
            print(f"{m.name:40} {m.file:26} {m.what}")
        return 0
    with tempfile.TemporaryDirectory(prefix="narkomindel-mutants-") as folder:
        copy = stage(Path(folder))
        every_test = sorted({f for m in chosen for f in test_files(copy, m.tests)})
        baseline = run_tests(copy, every_test)
        if baseline.returncode != 0:
            print("plant.py: the tests fail before any mutant is planted; fix them first:\n"
                  + first_failure(baseline.stdout), file=sys.stderr)
            return 2
        outcomes = []
        for mutant in chosen:
            outcome = try_mutant(copy, mutant)
            print(f"{outcome.status:9} {mutant.name} ({outcome.seconds:.0f} s): {outcome.detail}", flush=True)
            outcomes.append(outcome)
    print()
    print(report(outcomes))
    return 0 if all(o.status == "killed" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
