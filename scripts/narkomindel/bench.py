"""The benchmark: synthetic editions made from the real documents, and the time and memory each command needs.

Every figure comes from a separate Python process (so the interpreter's start and the stylesheets' compilation
are counted, as an editor meets them), timed on the wall clock, its peak memory read from the kernel."""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .corpus import EDITION_FILE
from .project import Project

LINKED = ("schema", "xslt")


def synthetic_edition(project: Project, documents: int, target: Path) -> Project:
    """An edition of `documents` valid documents: the real ones copied as often as needed, each copy's file name,
    ids and pointers given the copy's own suffix so that every copy stands alone and resolves within its set."""
    if target.exists():
        shutil.rmtree(target)
    (target / "tei").mkdir(parents=True)
    for part in LINKED:
        (target / part).symlink_to((project.root / part).resolve())
    shutil.copyfile(project.tei / EDITION_FILE, target / "tei" / EDITION_FILE)
    originals = sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in originals}
    stems = re.compile("|".join(re.escape(s) for s in sorted(texts, key=len, reverse=True)))
    written = 0
    copy = 0
    while written < documents:
        for stem, text in texts.items():
            if written == documents:
                break
            suffix = "" if copy == 0 else f"-c{copy:05d}"
            renamed = stems.sub(lambda m: m.group(0) + suffix, text)
            (target / "tei" / f"{stem}{suffix}.xml").write_text(renamed, encoding="utf-8")
            written += 1
        copy += 1
    return Project(target)


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float
    documents: int

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


@dataclass
class Report:
    machine: str
    cores: int
    measures: list[Measure] = field(default_factory=list)
    sizes: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_json(self) -> str:
        return json.dumps({"machine": self.machine, "cores": self.cores,
                           "measures": [asdict(m) | {"per_second": round(m.per_second, 1)} for m in self.measures],
                           "sizes": self.sizes}, indent=2) + "\n"

    def table(self) -> str:
        floors = {m.documents: m.seconds for m in self.measures if m.name == "floor (lxml parse + serialize)"}
        lines = [f"{'step':<40} {'docs':>6} {'seconds':>9} {'docs/s':>9} {'peak MB':>8} {'× floor':>8}"]
        for m in self.measures:
            ratio = m.seconds / floors[m.documents] if floors.get(m.documents) else 0
            lines.append(f"{m.name:<40} {m.documents:>6} {m.seconds:>9.2f} {m.per_second:>9.1f} {m.peak_mb:>8.0f} "
                         f"{ratio:>8.1f}")
        for documents, sizes in self.sizes.items():
            lines.append(f"size at {documents} documents: " + ", ".join(f"{k} {v:.2f} MB" for k, v in sizes.items()))
        return "\n".join(lines) + "\n"


def run(arguments: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and peak resident memory (MB) of a fresh process: the kernel's figure for it and the
    worker processes it waited for, whichever was largest."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"benchmark step failed ({process.returncode}): {' '.join(arguments)}\n"
                               f"{errors.read().decode('utf-8', 'replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


FLOOR = """
from pathlib import Path
from lxml import etree
for path in sorted(Path({tei!r}).glob('*.xml')):
    etree.tostring(etree.parse(str(path)))
"""


def command(*arguments: str) -> list[str]:
    """The narkomindel command as an editor runs it (so that large editions use every core)."""
    return [str(Path(sys.executable).with_name("narkomindel")), *arguments]


def measure_edition(project: Project, out: Path, documents: int, formats: list[str]) -> tuple[list[Measure], dict]:
    """Every figure for one edition: floor, validate, cold build, no-op rebuild, one word changed."""
    values = {"tei": str(project.tei)}
    if out.exists():
        shutil.rmtree(out)
    measures = []
    build_command = command("build", "--project", str(project.root), "--out", str(out), "--format",
                            ",".join(formats), "--quiet")
    steps = [("floor (lxml parse + serialize)", [sys.executable, "-c", FLOOR.format(**values)]),
             ("validate", command("validate", "--project", str(project.root))),
             (f"build {'+'.join(formats)}, cold", build_command), ("rebuild, nothing changed", build_command)]
    for name, arguments in steps:
        seconds, peak = run(arguments)
        measures.append(Measure(name, seconds, peak, documents))
    changed = sorted(p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE)[0]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("</p>", " again</p>", 1), encoding="utf-8")
    seconds, peak = run(build_command)
    measures.append(Measure("rebuild, one document changed", seconds, peak, documents))
    changed.write_text(text, encoding="utf-8")
    return measures, site_sizes(out / "html")


def site_sizes(site: Path) -> dict[str, float]:
    """What a reader downloads: the whole site, its largest page, and what search loads before its first result."""
    if not site.is_dir():
        return {}
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    # The page, its script, the manifest and, for a two-word query, two shards of words and one chunk of records.
    shards = sorted((site / "search").glob("terms-*.js"), key=lambda p: p.stat().st_size, reverse=True)[:2]
    chunks = sorted((site / "search").glob("records-*.js"), key=lambda p: p.stat().st_size, reverse=True)[:1]
    search = [site / "search.html", site / "assets" / "edition.js", site / "search" / "manifest.js", *shards, *chunks]
    mb = 1024 * 1024
    return {"site": sum(p.stat().st_size for p in files) / mb,
            "largest page": max((p.stat().st_size for p in pages), default=0) / mb,
            "search before first result": sum(p.stat().st_size for p in search if p.is_file()) / mb}


def benchmark(project: Project, sizes: list[int], workdir: Path, formats: list[str]) -> Report:
    report = Report(platform.platform(), os.cpu_count() or 1)
    for documents in sizes:
        # The real edition is measured on a copy too: the one-document change must never touch an editor's file.
        real = len([p for p in project.tei.glob("*.xml") if p.name != EDITION_FILE])
        edition = synthetic_edition(project, documents or real, workdir / f"edition-{documents or real}")
        count = len(list(edition.tei.glob("*.xml"))) - 1
        measures, sizes_mb = measure_edition(edition, workdir / f"build-{count}", count, formats)
        report.measures += measures
        report.sizes[str(count)] = sizes_mb
    return report
