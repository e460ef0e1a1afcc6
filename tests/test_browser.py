"""The web edition in a real browser: Debian's Chromium driven by Playwright, against the built site served on
127.0.0.1. Every test fails on a console error or on a request that leaves the site."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from narkomindel.serve import make_server

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def base_url(site):
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, base_url):
    context = browser.new_context(base_url=base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def only_the_site(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"
    assert outside == [], f"requests that left the site: {outside}"


def test_follow_a_footnote_and_come_back(page: Page):
    page.goto("1917-11-21-report-to-central-executive-committee.html")
    page.locator("a#noteref-t2").click()
    expect(page).to_have_url(re.compile(r"#note-t2$"))
    note = page.locator("li#note-t2")
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text("Kerensky")
    note.locator("a.note-back").click()
    expect(page).to_have_url(re.compile(r"#noteref-t2$"))
    expect(page.locator("a#noteref-t2")).to_be_in_viewport()


def test_switch_between_reading_and_source_text_from_the_keyboard(page: Page):
    page.goto("1918-03-05-questions-to-us-government.html")
    correction = page.locator("#p1 .intervention").first
    expect(correction.locator(".corr")).to_be_visible()
    expect(correction.locator(".corr")).to_have_text("—")
    expect(correction.locator(".sic")).to_be_hidden()
    page.get_by_role("button", name="Source text").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Source text")).to_have_attribute("aria-pressed", "true")
    expect(correction.locator(".sic")).to_be_visible()
    expect(correction.locator(".sic")).to_have_text("Ñ")
    expect(correction.locator(".corr")).to_be_hidden()
    assert "treatyÑbefore" in page.locator("#p1").inner_text()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Reading text")).to_have_attribute("aria-pressed", "true")
    expect(correction.locator(".corr")).to_be_visible()


def test_search_a_word_and_land_on_its_paragraph(page: Page):
    page.goto("search.html")
    page.get_by_label("Words to find").fill("Teheran")
    page.keyboard.press("Enter")
    results = page.locator(".search-results li")
    expect(results).to_have_count(1)
    expect(page.locator(".search-status")).to_contain_text("1 paragraph found")
    results.first.locator("a").click()
    expect(page).to_have_url(re.compile(r"1918-01-04-note-to-persian-government\.html#p1$"))
    expect(page.locator("#p1")).to_contain_text("Teheran")


def test_open_an_index_entry_and_reach_a_mention(page: Page):
    page.goto("persons.html#kerensky")
    entry = page.locator("section#kerensky")
    expect(entry).to_contain_text("Kerensky, Alexander Fyodorovich")
    entry.locator("ul.mentions a", has_text="¶ 2").first.click()
    expect(page).to_have_url(re.compile(r"1917-11-21-report-to-central-executive-committee\.html#p2$"))
    expect(page.locator("#p2")).to_contain_text("Kerensky")


def test_copy_a_citation_of_a_paragraph(page: Page):
    page.goto("1917-11-21-note-to-allied-ambassadors.html#p2")
    chicago = page.locator("#cite-chicago")
    expect(chicago).to_contain_text("1917-11-21-note-to-allied-ambassadors.html#p2, para. 2.")
    expect(chicago).to_contain_text("Leon Trotsky, “Note to the Allied ambassadors")
    page.locator("button[data-copy='cite-chicago']").click()
    expect(page.locator(".copy-status")).to_contain_text("copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == chicago.inner_text()
    csl = page.locator("#cite-csl-json").inner_text()
    assert '"URL": "https://example.org/narkomindel/1917-11-21-note-to-allied-ambassadors.html#p2"' in csl


def test_a_date_explains_both_calendars_on_focus(page: Page):
    page.goto("1917-11-23-note-to-neutral-envoys.html")
    date = page.locator(".dateline .dual-date")
    explanation = date.locator(".explanation")
    expect(explanation).to_be_hidden()
    date.focus()
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text("Old Style (Julian calendar): 10 November 1917")


def test_the_documents_table_filters_by_type(page: Page):
    page.goto("documents.html")
    rows = page.locator("table.documents tbody tr")
    expect(rows).to_have_count(14)
    page.get_by_label("Show").select_option("dt-speech")
    expect(page.locator("table.documents tbody tr:visible")).to_have_count(2)
    page.get_by_label("Show").select_option("")
    page.get_by_role("button", name="Title").click()
    first_title = page.locator("table.documents tbody tr").first.locator("td").nth(2).inner_text()
    assert first_title.startswith("Appeal") or first_title <= sorted(
        page.locator("table.documents tbody tr td:nth-child(3)").all_inner_texts())[0]


def test_the_parallel_translations_stand_side_by_side(page: Page):
    page.goto("1917-11-21-note-to-allied-ambassadors.html")
    page.get_by_role("link", name="Compare the two translations side by side").click()
    columns = page.locator(".parallel-column")
    expect(columns).to_have_count(2)
    expect(columns.nth(0)).to_contain_text("Herewith I have the honour")
    expect(columns.nth(1)).to_contain_text("I have the honour to inform you Mr Ambassador")


def test_a_document_is_complete_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("1917-12-31-note-to-rumanian-embassy.html")
    shown = page.locator("#p2").inner_text()
    assert "by the Rumanian Government" in shown and "Rumainian" not in shown
    expect(page.locator(".apparatus")).to_contain_text("source: Rumainian")
    expect(page.locator(".apparatus")).to_contain_text("corrected (typo) by The editors of Narkomindel 1917–1918")
    expect(page.locator(".text-switch")).to_be_hidden()
    expect(page.locator("#cite-chicago")).to_contain_text("Note to the Rumanian")
    context.close()


def test_the_site_works_opened_from_disk(browser, site):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "search.html").as_uri() + "?q=Kishinev")
    expect(page.locator(".search-results li")).to_have_count(1)
    page.locator(".search-results a").click()
    expect(page.locator("#p1")).to_contain_text("Kishinev")
    page.get_by_role("button", name="Source text").click()
    expect(page.locator(".intervention .sic").first).to_be_visible()
    context.close()
    assert errors == []
