"""The benchmark's synthetic editions are valid editions of the size asked for, and its report reads back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from narkomindel import search
from narkomindel.bench import (Fetched, Measure, Report, SearchComparison, compare_search, mean_ms,
                               measure_edition, missing_for_search_peer, own_first_result, peer_stylesheet,
                               script_value, synthetic_edition, time_web_pages)
from narkomindel.cli import main
from narkomindel.search import CATALOGUE_NS, write_search_index
from narkomindel.findings import Severity
from narkomindel.validate import validate


def test_a_synthetic_edition_is_valid_and_of_the_size_asked(project, tmp_path):
    edition = synthetic_edition(project, 31, tmp_path / "edition")
    documents = [p for p in edition.tei.glob("*.xml") if p.name != "edition.xml"]
    assert len(documents) == 31
    assert len({p.name for p in documents}) == 31
    errors = [f for f in validate([edition.tei], edition.schema) if f.severity is Severity.ERROR]
    assert errors == []


def test_every_step_is_measured_and_the_edition_and_its_build_are_left_as_they_were(project, tmp_path):
    from narkomindel.build import build
    from test_incremental import digest

    edition = synthetic_edition(project, 16, tmp_path / "edition")
    sources = {p.name: p.read_bytes() for p in edition.tei.glob("*.xml")}
    measures, _ = measure_edition(edition, tmp_path / "out", 16, ["html", "text"])
    assert [m.name for m in measures] == [
        "floor (lxml parse + serialize)", "validate", "build html+text, cold", "rebuild, nothing changed",
        "rebuild, one document changed, warm", "rebuild, one document changed", "rebuild, one title changed"]
    assert all(m.seconds > 0 and m.peak_mb > 0 and m.documents == 16 for m in measures)
    # Each build says where its time went, in its own process; the rest is Python's start and exit.
    phased = {m.name: m.phases for m in measures}
    assert not phased["floor (lxml parse + serialize)"] and not phased["validate"]
    assert list(phased["rebuild, nothing changed"]) == ["sources"]
    for name in ("build html+text, cold", "rebuild, one document changed, warm", "rebuild, one document changed",
                 "rebuild, one title changed"):
        assert {"validating", "catalogue", "documents", "site pages", "plain-text edition"} <= set(phased[name])
    for m in measures:
        assert sum(m.phases.values()) <= m.seconds
    assert {p.name: p.read_bytes() for p in edition.tei.glob("*.xml")} == sources
    build(edition, tmp_path / "clean", ["html", "text"])
    build(edition, tmp_path / "out", ["html", "text"])
    assert digest(tmp_path / "out") == digest(tmp_path / "clean")


def test_the_report_gives_ratios_to_the_floor_and_json_to_compare_runs():
    report = Report("test machine", 2, [Measure("floor (lxml parse + serialize)", 0.5, 40, 100),
                                        Measure("validate", 2.0, 90, 100)], {"100": {"site": 1.5}})
    table = report.table()
    assert "validate" in table and "4.0" in table and "50.0" in table
    data = json.loads(report.as_json())
    assert data["measures"][1]["per_second"] == 50.0 and data["sizes"]["100"]["site"] == 1.5


def test_the_report_shows_the_phases_of_a_build_and_the_time_outside_them():
    report = Report("test machine", 2, [Measure("build html, cold", 3.0, 200, 100,
                                                {"validating": 1.0, "documents": 1.5})])
    assert "phases of build html, cold at 100: validating 1.00, documents 1.50, start and exit 0.50" in report.table()
    assert json.loads(report.as_json())["measures"][0]["phases"] == {"validating": 1.0, "documents": 1.5}


def catalogue_of(documents: dict[str, list[tuple[str, str, str]]]) -> etree._Element:
    """A catalogue as catalogue.xsl writes it: per page, its units as (kind, names, text)."""
    catalogue = etree.Element(f"{{{CATALOGUE_NS}}}catalogue", nsmap={"c": CATALOGUE_NS})
    for number, (page, units) in enumerate(documents.items()):
        document = etree.SubElement(catalogue, f"{{{CATALOGUE_NS}}}document", href=page, when="1918-02-10",
                                    julian="1918-01-28", type="dt-note")
        etree.SubElement(document, f"{{{CATALOGUE_NS}}}title").text = f"Document {number}"
        for n, (kind, names, text) in enumerate(units, start=1):
            tag = "note" if kind == "note" else "paragraph"
            unit = etree.SubElement(document, f"{{{CATALOGUE_NS}}}{tag}", n=str(n), names=names)
            if kind != "note":
                unit.set("kind", kind)
                unit.set("anchor", f"p{n}")
            unit.text = text
    return catalogue


@pytest.fixture()
def small_site(tmp_path, monkeypatch) -> Path:
    """A search index of three pages, one page to a chunk: a hit in one chunk loads that chunk only."""
    monkeypatch.setattr(search, "DOCUMENTS", 1)
    write_search_index(catalogue_of({
        "a.html": [("paragraph", "Leon Trotsky | Trotskii, L.", "The commissar writes."),
                   ("item", "", "To secure the provisioning of the army.")],
        "b.html": [("paragraph", "Richard von Kühlmann", "The Chairman of the German delegation replied."),
                   ("note", "", "Leova, a town in the south of Bessarabia.")],
        "c.html": [("paragraph", "Leon Trotsky", "Trotsky answered the Chairman.")],
    }), tmp_path)
    return tmp_path


def test_our_search_fetches_the_manifest_the_words_shard_and_only_the_chunks_with_a_hit(small_site):
    found = own_first_result(small_site, "Kuhlmann")
    assert found.files == ("search/manifest.js", "search/terms-6b-75.js", "search/records-1.js")
    assert found.pages == {"b.html"}
    assert found.size == sum((small_site / f).stat().st_size for f in found.files)
    assert 0 < found.gzipped < found.size + 100 * len(found.files)


def test_our_search_finds_names_in_every_form_notes_and_list_items(small_site):
    assert own_first_result(small_site, "trotskii").pages == {"a.html"}
    assert own_first_result(small_site, "Trotsky").pages == {"a.html", "c.html"}
    assert own_first_result(small_site, "Trotsky").files[-2:] == ("search/records-0.js", "search/records-2.js")
    assert own_first_result(small_site, "leova").pages == {"b.html"}
    assert own_first_result(small_site, "provision").pages == {"a.html"}
    assert own_first_result(small_site, "Trotsky chairman").pages == {"c.html"}


def test_our_search_loads_only_the_chunks_of_the_results_it_shows_first(small_site, monkeypatch):
    import narkomindel.bench as bench

    monkeypatch.setattr(bench, "RESULTS_AT_ONCE", 1)
    found = own_first_result(small_site, "Trotsky")
    assert [f for f in found.files if "records" in f] == ["search/records-0.js"]
    assert found.pages == {"a.html", "c.html"}  # every hit is still reached, one "more" at a time


def test_a_word_found_nowhere_loads_its_shard_and_no_records(small_site):
    found = own_first_result(small_site, "armistice")
    assert found.pages == frozenset() and not any("records" in f for f in found.files)


def test_a_file_that_is_not_a_piece_of_the_index_is_named(tmp_path):
    stray = tmp_path / "stray.js"
    stray.write_text("console.log(1);\n", encoding="utf-8")
    with pytest.raises(ValueError, match="stray.js: not a piece of the search index"):
        script_value(stray)


def test_the_comparison_names_the_pages_only_one_index_finds():
    own = Fetched(("search/manifest.js",), 2048, 1024, frozenset({"a.html", "b.html"}))
    peer = Fetched(("pagefind/pagefind.js", "pagefind/wasm.en.pagefind"), 4096, 3072, frozenset({"b.html"}))
    comparison = SearchComparison(3, {"own": 0.5, "pagefind": 1.5}, {"own": (4, 8192), "pagefind": (2, 4096)},
                                  {"Trotsky": {"own": own, "pagefind": peer}})
    lines = comparison.lines()
    assert "own indexes in 0.50 s into 4 files" in lines[0] and "pagefind indexes in 1.50 s" in lines[0]
    assert lines[2].split()[:6] == ["Trotsky", "own", "1", "2.0", "1.0", "2"] and "(e.g. a.html)" in lines[2]
    assert lines[3].split()[:7] == ["Trotsky", "pagefind", "2", "4.0", "3.0", "1", "0"]
    data = json.loads(json.dumps(comparison.as_dict()))
    assert data["queries"]["Trotsky"]["own"]["pages"] == ["a.html", "b.html"]
    assert data["files"]["pagefind"] == {"count": 2, "bytes": 4096}


def test_pagefind_against_our_own_index_on_the_built_edition(site):
    missing = missing_for_search_peer()
    if missing:
        pytest.skip(f"Pagefind cannot run here: {missing}")
    comparison = compare_search(site.parent, 14, ("Leova", "Iasi"))
    for query in ("Leova", "Iasi"):
        own, peer = comparison.queries[query]["own"], comparison.queries[query]["pagefind"]
        assert own.pages == peer.pages == {"1917-12-31-note-to-rumanian-embassy.html"}
        assert "pagefind/pagefind.js" in peer.files and any(f.endswith(".pf_fragment") for f in peer.files)
        assert peer.size > 0 and own.size > 0
    assert comparison.files["pagefind"][0] > 0 and comparison.seconds["pagefind"] > 0


def test_the_mean_per_document_leaves_out_one_unmeasured_pass():
    calls: list[Path] = []
    documents = [Path("a.xml"), Path("b.xml")]
    ms = mean_ms(calls.append, documents, 3)
    assert len(calls) == 2 * (1 + 3) and calls[:2] == documents
    assert 0 < ms < 50


def test_the_tei_stylesheets_are_timed_on_the_same_documents_as_the_edition(project, tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "html.xsl").write_text(
        '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0">'
        '<xsl:template match="/"><html><body><xsl:value-of select="string-length(.)"/></body></html></xsl:template>'
        '</xsl:stylesheet>', encoding="utf-8")
    times = time_web_pages(project, tmp_path, passes=1)
    assert times.documents == len([p for p in project.tei.glob("*.xml") if p.name != "edition.xml"])
    assert times.own_ms > 0 and times.peer_ms > 0
    assert times.own_kb > 10 > times.peer_kb > 0
    assert f"edition {times.own_ms:.2f} ms" in times.line() and "TEI Stylesheets" in times.line()


def test_bench_names_a_peer_folder_without_the_tei_stylesheets(tmp_path):
    result = CliRunner().invoke(main, ["bench", "--peer", str(tmp_path), "--docs", "0"])
    assert result.exit_code == 2
    assert "html/html.xsl not found" in result.output and "TEIC/Stylesheets" in result.output
    assert peer_stylesheet(tmp_path) is None


def test_bench_refuses_a_search_comparison_without_the_web_edition():
    result = CliRunner().invoke(main, ["bench", "--search-peer", "pagefind", "--format", "text", "--docs", "0"])
    assert result.exit_code == 2
    assert "add html to --format" in result.output or "cannot compare the search" in result.output


@pytest.mark.parametrize("query", ["Trotsky", "Kuhlmann", "Leova"])
def test_what_we_count_for_our_search_is_what_the_search_page_fetches(site, query):
    """The count follows edition.js: the search page, watched in Chromium, asks for exactly these pieces."""
    import threading

    from playwright.sync_api import sync_playwright

    from narkomindel.bench import BROWSER_FLAGS, CHROMIUM
    from narkomindel.serve import make_server

    server = make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_FLAGS)
            page = browser.new_page()
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url.removeprefix(base)))
            page.goto(f"{base}search.html?q={query}")
            page.locator(".search-results li").first.wait_for()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    fetched_by_page = sorted(f for f in requested if f.startswith("search/"))
    assert fetched_by_page == sorted(own_first_result(site, query).files)


def test_the_package_is_measured_compiled():
    """Each figure is of a separate process: without the compiled modules on disk (PYTHONDONTWRITEBYTECODE), each
    would compile the package first."""
    import importlib.util

    from narkomindel.bench import compile_package

    package = compile_package()
    modules = sorted(package.glob("*.py"))
    assert len(modules) > 10
    assert all(Path(importlib.util.cache_from_source(str(module))).is_file() for module in modules)
