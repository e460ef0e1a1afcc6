"""Hostile and broken input at every stage: Saxon's parser reads nothing outside the edition, mutated documents
end in a clean result or a clean refusal, and huge or deeply nested files are refused quickly."""

from __future__ import annotations

import copy
import hashlib
import random
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from narkomindel import build as build_module
from narkomindel.build import BuildRefused, build
from narkomindel.findings import Severity
from narkomindel.project import Project
from narkomindel.render import Renderer, RenderError
from narkomindel.validate import validate

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(p for p in (ROOT / "tei").glob("*.xml") if p.name != "edition.xml")
SECRET = "SECRET-TOKEN-7f3a"


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_of_project(folder: Path) -> Project:
    for part in ("tei", "schema", "xslt"):
        shutil.copytree(ROOT / part, folder / part)
    return Project(folder)


def evil_document(folder: Path) -> Path:
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    path = folder / "1917-11-21-note-to-allied-ambassadors.xml"
    text = DOCUMENTS[0].read_text(encoding="utf-8")
    text = text.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "{folder}/secret.txt">]>')
    path.write_text(text.replace("</p>", "&x;</p>", 1), encoding="utf-8")
    return path


def test_saxon_refuses_a_dtd_and_its_external_entity(tmp_path):
    with pytest.raises(RenderError) as refused:
        Renderer(ROOT / "xslt").load(evil_document(tmp_path))
    assert SECRET not in str(refused.value)


def test_saxon_fetches_nothing_but_local_files(tmp_path):
    stylesheet = tmp_path / "fetch.xsl"
    stylesheet.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="/" mode="m"><xsl:value-of select="doc(\'http://127.0.0.1:9/x.xml\')"/></xsl:template>'
        '</xsl:stylesheet>', encoding="utf-8")
    renderer = Renderer(tmp_path)
    with pytest.raises(RenderError, match="prohibited"):
        renderer.run("fetch.xsl", "m", renderer.load(DOCUMENTS[0]))


def test_a_build_without_the_validator_still_reads_no_external_entity(tmp_path, monkeypatch):
    project = copy_of_project(tmp_path / "project")
    output = tmp_path / "out"
    build(project, output, ["html"])
    before = digest(output / "html")
    evil_document(project.tei)
    monkeypatch.setattr(build_module, "validate", lambda paths, schema, **options: [])
    with pytest.raises(RenderError):
        build(project, output, ["html"])
    assert digest(output / "html") == before
    assert not any(SECRET in p.read_text(encoding="utf-8", errors="replace")
                   for p in output.rglob("*") if p.is_file())


def test_a_document_nested_thousands_of_levels_deep_is_refused_quickly(tmp_path):
    path = tmp_path / "1917-11-21-deep.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">' + "<p>" * 20000 + "</p>" * 20000 + "</TEI>",
                    encoding="utf-8")
    started = time.monotonic()
    findings = validate([path], ROOT / "schema")
    assert time.monotonic() - started < 10
    assert [f.rule for f in findings] == ["xml-wellformed"]
    assert "depth" in findings[0].message.lower() or "nest" in findings[0].message.lower()


def test_a_file_of_hundreds_of_megabytes_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "1917-11-21-huge.xml"
    with open(path, "wb") as handle:
        handle.write(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>')
        handle.truncate(300 * 1024 * 1024)
    started = time.monotonic()
    findings = validate([path], ROOT / "schema")
    assert time.monotonic() - started < 10
    assert [f.rule for f in findings] == ["xml-too-large"]
    assert "MB" in findings[0].message


# ---------------------------------------------------------------- fuzzing

def mutate(data: bytes, choice: int, seed: int) -> bytes:
    """One realistic accident to a document: an element or attribute lost, doubled or swapped, the file cut
    short, or stray bytes (control characters, a lone surrogate written as UTF-8 bytes) typed into it."""
    rng = random.Random(seed)
    tree = etree.fromstring(data)
    elements = [e for e in tree.iter() if isinstance(e.tag, str) and e.getparent() is not None]
    element = rng.choice(elements)
    parent = element.getparent()
    kind = choice % 7
    if kind == 0:
        parent.remove(element)
    elif kind == 1:
        parent.insert(parent.index(element), copy.deepcopy(element))
    elif kind == 2 and len(parent) > 1:
        other = rng.choice(list(parent))
        a, b = parent.index(element), parent.index(other)
        parent[a], parent[b] = copy.deepcopy(other), copy.deepcopy(element)
    elif kind == 3 and element.attrib:
        del element.attrib[rng.choice(sorted(element.attrib))]
    elif kind == 4 and element.attrib:
        name = rng.choice(sorted(element.attrib))
        element.set(name, rng.choice(["", "x", "edition.xml#nobody", "javascript:alert(1)", "1917-02-30", "#"]))
    else:
        raw = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
        at = rng.randrange(len(raw))
        if kind == 5:
            return raw[:at]
        junk = rng.choice([b"\x00", b"\x07", b"\x1b[31m", b"\xed\xa0\x80", b"\xff\xfe", b"&", b"<", b"]]>",
                           "\u202e".encode(), b"<script>alert(1)</script>"])
        return raw[:at] + junk + raw[at:]
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path, str]:
    folder = tmp_path_factory.mktemp("fuzz")
    project = copy_of_project(folder / "project")
    output = folder / "out"
    build(project, output, ["html"])
    return project, output, site_digest(output / "html")


def site_digest(folder: Path) -> str:
    return hashlib.sha256(repr(digest(folder)).encode()).hexdigest()


@settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "25")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.sampled_from(DOCUMENTS), choice=st.integers(0, 6), seed=st.integers(0, 2**32))
def test_mutated_documents_end_in_a_clean_result_or_a_clean_refusal(fuzz_project, document, choice, seed):
    project, output, good = fuzz_project
    target = project.tei / document.name
    original = target.read_bytes()
    target.write_bytes(mutate(original, choice, seed))
    try:
        findings = validate([project.tei], project.schema)
        assert all(f.line >= 1 and f.column >= 1 and f.rule and f.message for f in findings)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            with pytest.raises(BuildRefused):
                build(project, output, ["html"])
            assert site_digest(output / "html") == good
        else:
            assert (build(project, output, ["html"]).folder("html") / "index.html").is_file()
    finally:
        target.write_bytes(original)
    if not errors:
        build(project, output, ["html"])
        assert site_digest(output / "html") == good
