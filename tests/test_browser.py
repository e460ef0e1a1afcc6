"""The web edition in a real browser: Debian's Chromium driven by Playwright, against the built site served on
127.0.0.1. Every test fails on a console error or on a request that leaves the site."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path


import axe_playwright_python
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
    expect(page.locator(".search-status")).to_contain_text("1 passage found")
    expect(results.first).to_contain_text("22 December 1917 (4 January 1918)")
    expect(results.first.locator("mark").first).to_have_text("Teheran")
    results.first.locator("a").click()
    expect(page).to_have_url(re.compile(r"1918-01-04-note-to-persian-government\.html\?hl=teheran#p1$"))
    expect(page.locator("#p1 mark")).to_have_text("Teheran")


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
    expect(chicago).to_contain_text(", ¶ 2, https://example.org/narkomindel/1917-11-21-note-to-allied-ambassadors.html#p2.")
    expect(chicago).to_contain_text("Leon Trotsky, “Note to the Allied ambassadors")
    page.locator("button[data-copy='cite-chicago']").click()
    expect(page.locator(".copy-status")).to_contain_text("copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == chicago.inner_text()
    csl = page.locator("#cite-csl-json").text_content()
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
    expect(page.locator(".apparatus")).to_contain_text("¶ 2 Rumanian] Rumainian source")
    expect(page.locator(".apparatus .hint")).to_contain_text("by the editors of Narkomindel 1917–1918")
    expect(page.locator("#p2 a.intervention-ref").last).to_have_attribute("href", "#app-i2")
    page.locator("a.cite-button").click()
    expect(page).to_have_url(re.compile(r"#cite$"))
    expect(page.locator("#cite-chicago")).to_be_in_viewport()
    expect(page.locator(".text-switch")).to_be_hidden()
    expect(page.locator("#cite-chicago")).to_contain_text("Note to the Rumanian")
    context.close()


def test_the_site_works_opened_from_disk(browser, site):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "search.html").as_uri() + "?q=Kishinev")
    expect(page.locator(".search-status")).to_contain_text("1 passage found")
    expect(page.locator(".search-results li")).to_have_count(1)
    page.locator(".search-results a").click()
    expect(page.locator("#p1")).to_contain_text("Kishinev")
    page.get_by_role("button", name="Source text").click()
    expect(page.locator(".intervention .sic").first).to_be_visible()
    context.close()
    assert errors == []


def test_search_without_javascript_says_why(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("search.html")
    expect(page.locator(".search-status")).to_contain_text("Searching needs JavaScript")
    context.close()


# ---------------------------------------------------------------- search over names, notes and list items

@pytest.fixture()
def searching(page):
    """The search page reads the index the build wrote from the catalogue's units and notes."""
    return page


@pytest.mark.parametrize("query", ["Kühlmann", "kuhlmann", "KUHLMANN"])
def test_search_finds_a_person_by_any_form_of_the_name(searching: Page, query):
    searching.goto("search.html?q=" + query)
    results = searching.locator(".search-results li")
    hit = results.filter(has_text="Russia’s withdrawal from the war")
    expect(hit.first).to_contain_text("28 January (10 February) 1918, ¶ 8")
    expect(hit.first.locator(".result-names mark").first).to_have_text(re.compile("Kühlmann"))
    hit.first.locator("a").click()
    expect(searching).to_have_url(re.compile(r"1918-02-10-declaration-on-withdrawal-from-war\.html\?hl=kuhlmann#p8$"))
    expect(searching.locator("#p8 a.name.search-hit")).to_have_attribute("data-entry", "kuehlmann")
    expect(searching.locator("#p8")).to_be_in_viewport()


def test_search_finds_words_in_notes_and_lands_on_the_note(searching: Page):
    searching.goto("search.html?q=submarine")
    hit = searching.locator(".search-results li").filter(has_text="note")
    expect(hit.first.locator("mark").first).to_have_text(re.compile("submarine", re.I))
    hit.first.locator("a").click()
    expect(searching).to_have_url(re.compile(r"#note-e[a-z]+$"))
    target = searching.locator(".notes-list li:target")
    expect(target.locator("mark").first).to_have_text(re.compile("submarine", re.I))
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_search_finds_list_items_and_filters_by_year(searching: Page):
    searching.goto("search.html?q=prisoner")
    expect(searching.locator(".search-results li").filter(has_text="¶ 1.1").first).to_be_visible()
    searching.get_by_label("Year").select_option("1917")
    expect(searching.locator(".search-results li").filter(has_text="1918")).to_have_count(0)


# ---------------------------------------------------------------- names

def test_name_cards_open_and_close_from_the_keyboard(page: Page):
    page.goto("1918-02-10-declaration-on-withdrawal-from-war.html")
    name = page.locator("#p8 a.name[data-entry='kuehlmann']")
    name.focus()
    card = page.locator(".name-popup")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Kühlmann, Richard von (1873–1948)")
    expect(card).to_contain_text("Secretary of State of the German Foreign Office")
    page.keyboard.press("Enter")
    expect(card.get_by_role("link", name="Index entry")).to_be_focused()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(name).to_be_focused()
    expect(page).to_have_url(re.compile(r"declaration-on-withdrawal-from-war\.html$"))


def test_a_name_card_offers_wikidata_and_stays_in_the_window_on_a_phone(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("1917-11-21-report-to-central-executive-committee.html")
    name = page.locator("a.name[data-entry='trotsky']").first
    name.scroll_into_view_if_needed()
    name.click()
    card = page.locator(".name-popup")
    expect(card.get_by_role("link", name=re.compile("Wikidata Q33391"))).to_be_visible()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    expect(page).to_have_url(re.compile(r"committee\.html$"))


def test_the_switch_for_name_highlighting_is_remembered(page: Page):
    page.goto("1917-11-21-report-to-central-executive-committee.html")
    tab_stops = page.locator("a.name:not([tabindex='-1'])").count()
    assert 0 < tab_stops < page.locator("a.name").count()
    switch = page.get_by_role("button", name="Highlight names")
    expect(switch).to_have_attribute("aria-pressed", "true")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(page.get_by_role("button", name="Highlight names")).to_have_attribute("aria-pressed", "false")
    assert page.locator("a.name").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    expect(page.locator("a.name:not([tabindex='-1'])")).to_have_count(0)


# ---------------------------------------------------------------- markers, the cite box, dates

def test_a_correction_inside_a_name_has_a_reachable_numbered_marker(page: Page):
    page.goto("1917-11-21-report-to-central-executive-committee.html")
    place = page.locator("a.name[data-entry='tsarskoe-selo']")
    marker = place.locator("xpath=following-sibling::a[1]")
    number = marker.get_attribute("data-n")
    marker.focus()
    expect(marker).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"#app-i{number}$"))
    entry = page.locator(f"#app-i{number}")
    expect(entry).to_contain_text("Tsarskoe Selo] Tsarkoe Selo source")
    assert entry.evaluate("e => e.getBoundingClientRect().top") > 10


def test_the_cite_button_opens_chicago_with_the_others_one_click_away(page: Page):
    page.goto("1917-11-21-note-to-allied-ambassadors.html")
    page.get_by_role("button", name="Cite").click()
    dialog = page.locator("dialog.cite-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#cite-chicago")).to_be_visible()
    expect(dialog.locator("#cite-bibtex")).to_be_hidden()
    dialog.locator("summary", has_text="BibTeX").click()
    expect(dialog.locator("#cite-bibtex")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("a.cite-button")).to_be_focused()
    page.emulate_media(media="print")
    expect(page.locator("#cite-chicago")).to_be_visible()
    expect(page.locator(".cite-other")).to_be_hidden()


def test_date_explanations_stay_in_the_window_on_a_phone(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("1917-11-21-report-to-central-executive-committee.html")
    for date in page.locator(".text .date").all()[:6]:
        date.focus()
        box = date.locator(".explanation").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert box["y"] >= 0 and box["y"] + box["height"] <= 640


# ---------------------------------------------------------------- every page

def site_pages(site):
    return sorted(path.name for path in site.glob("*.html"))


def test_no_page_scrolls_sideways_on_narrow_screens(page: Page, site):
    wide = []
    for width in (320, 390, 768):
        page.set_viewport_size({"width": width, "height": 800})
        for name in site_pages(site):
            page.goto(name)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide.append(f"{name} at {width}px: {scroll}px wide")
    assert wide == []


def test_every_page_passes_axe_at_desktop_and_phone_widths(page: Page, site):
    axe = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    found = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name in site_pages(site):
            page.goto(name)
            page.evaluate(axe.read_text(encoding="utf-8"))
            result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
            for violation in result["violations"]:
                targets = [n["target"] for n in violation["nodes"]][:3]
                found.append(f"{name} at {width}px: {violation['id']} {targets}")
    assert found == []


def test_every_page_loads_without_errors_or_policy_violations(page: Page, site):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    for name in site_pages(site):
        page.goto(name)
        page.wait_for_load_state("load")
        assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    assert violations == []


def test_a_common_word_shows_its_first_results_and_more_on_request(page: Page):
    page.goto("search.html?q=the")
    status = page.locator(".search-status")
    expect(status).to_contain_text("Showing the first 20, in order of date")
    total = int(re.search(r"(\d+) passages found", status.inner_text()).group(1))
    assert total > 40
    results = page.locator(".search-results li")
    expect(results).to_have_count(20)
    more = page.locator(".search-more")
    more.click()
    expect(results).to_have_count(40)
    while more.is_visible():
        more.click()
    expect(results).to_have_count(total)
    expect(status).to_have_text(f"{total} passages found.")
    expect(more).to_be_hidden()
