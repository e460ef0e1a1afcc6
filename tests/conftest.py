"""Shared, expensive objects: compiled once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from narkomindel import schema
from narkomindel.project import Project
from narkomindel.render import Renderer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEI_NS = "http://www.tei-c.org/ns/1.0"
NAME_ELEMENTS = {f"{{{TEI_NS}}}{name}" for name in ("persName", "placeName", "orgName", "rs")}


def untagged_text(document: Path) -> Iterator[tuple[etree._Element, str]]:
    """Each run of the document's text that no name element holds, with the element on whose line it stands:
    where a name left untagged would be."""
    for element in etree.parse(str(document)).find(f".//{{{TEI_NS}}}text").iter():
        if not isinstance(element.tag, str):
            continue
        for chunk, owner in ((element.text, element), (element.tail, element.getparent())):
            if chunk and owner is not None and owner.tag not in NAME_ELEMENTS \
                    and not any(a.tag in NAME_ELEMENTS for a in owner.iterancestors()):
                yield element, chunk


def running(pid: int) -> bool:
    """The process exists and has not ended (an ended one waits, a zombie, until its new parent collects it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def schemas(project: Project) -> schema.Schemas:
    return schema.load(project.schema)


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    path = SHARED / "schema" / "tei_all.rng"
    if not path.is_file():
        pytest.fail(f"the official TEI P5 schema is missing at {path}: the conformance check cannot run")
    return etree.RelaxNG(etree.parse(str(path)))


@pytest.fixture(scope="session")
def renderer(project: Project) -> Renderer:
    return Renderer(project.xslt)


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    path = SHARED / "sources"
    if not path.is_dir():
        pytest.fail(f"the raw sources are missing at {path}")
    return path


@pytest.fixture(scope="session")
def site(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web edition, built once for the whole test session."""
    from narkomindel.build import build

    output = tmp_path_factory.mktemp("site") / "build"
    return build(project, output, ["html"]).folder("html")
