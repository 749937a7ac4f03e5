"""Issue 5: the front desk at 1366×768, driven by the keyboard only: "/" to the search, typing, arrows,
Space to tick, Enter to open, to the printed sheet; axe-core on the table and on the sheet."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

DESK_SCREEN = {"viewport": {"width": 1366, "height": 768}, "device_scale_factor": 1,
               "is_mobile": False, "has_touch": False}
ROWS = "#desk-results table.desk-table:not(.desk-doors) tbody tr:has(.desk-pick)"


@pytest.fixture
def desk(new_page, live_server):
    page = new_page(**DESK_SCREEN)
    page.goto(live_server.url + "/operatore")
    expect(page.locator("main h1")).to_have_text("Sportello: tutti i servizi")
    yield page
    assert not page.js_errors, f"JavaScript errors on the page: {page.js_errors}"


def type_a_search(page, words: str, total: int):
    if not page.locator("#desk-q").evaluate("box => box === document.activeElement"):
        page.keyboard.press("/")  # (inside the box "/" is just a character)
    expect(page.locator("#desk-q")).to_be_focused()
    page.keyboard.type(words, delay=30)
    expect(page.locator(ROWS)).not_to_have_count(total)  # htmx has swapped the table in
    page.wait_for_function("words => new URL(location.href).searchParams.get('q') === words", arg=words)


def test_keyboard_only_from_search_to_the_printed_sheet(desk, live_server, axe_check):
    """The desk of Crotone keeps its comune in the bookmark: the sheet then names the doors to go to."""
    desk.goto(live_server.url + "/operatore?comune=crotone")
    total = len(live_server.catalog.services_for(comune="crotone", offered_only=False))
    expect(desk.locator(ROWS)).to_have_count(total)
    type_a_search(desk, "anziani", total)
    picks = desk.locator(f"{ROWS} .desk-pick")
    first, second = picks.nth(0).get_attribute("value"), picks.nth(1).get_attribute("value")
    desk.keyboard.press("ArrowDown")
    expect(picks.nth(0)).to_be_focused()
    desk.keyboard.press("Space")
    desk.keyboard.press("ArrowDown")
    expect(picks.nth(1)).to_be_focused()
    desk.keyboard.press("Space")
    expect(picks.nth(0)).to_be_checked()
    expect(picks.nth(1)).to_be_checked()
    desk.keyboard.press("ArrowUp")
    expect(picks.nth(0)).to_be_focused()
    # back up to the search, then Tab forward to the sheet button
    desk.keyboard.press("ArrowUp")
    expect(desk.locator("#desk-q")).to_be_focused()
    sheet_button = desk.get_by_role("button", name=re.compile("Foglio da stampare"))
    for _ in range(10):
        desk.keyboard.press("Tab")
        if sheet_button.evaluate("b => b === document.activeElement"):
            break
    expect(sheet_button).to_be_focused()
    desk.keyboard.press("Enter")
    desk.wait_for_url(re.compile(r"/operatore/foglio\?"))
    query = parse_qs(urlsplit(desk.url).query)
    assert query["servizi"] == [first, second] and query["q"] == ["anziani"] and query["comune"] == ["crotone"]
    names = desk.locator("main .sheet-service-name, main .sheet-service h3, main .sheet-service h4")
    catalog = live_server.catalog
    expect(desk.locator("main")).to_contain_text(str(catalog.services[first].name))
    expect(desk.locator("main")).to_contain_text(str(catalog.services[second].name))
    assert names.count() == 2
    expect(desk.locator("main .door .hours").first).to_be_visible()
    expect(desk.locator("main .documents li").first).to_be_visible()
    expect(desk.get_by_role("img", name="Codice QR di questo foglio")).to_be_visible()
    print_button = desk.get_by_role("button", name="Stampa")
    expect(print_button).to_be_visible()  # revealed by JavaScript
    axe_check(desk)
    desk.emulate_media(media="print")
    expect(print_button).to_be_hidden()
    expect(desk.get_by_role("img", name="Codice QR di questo foglio")).to_be_visible()
    expect(desk.locator("main .documents li").first).to_be_visible()


def test_enter_opens_the_service_and_esc_clears_the_search(desk, live_server):
    total = len(live_server.catalog.listed_services())
    type_a_search(desk, "affitto", total)
    desk.keyboard.press("Escape")
    expect(desk.locator("#desk-q")).to_have_value("")
    expect(desk.locator("#desk-q")).to_be_focused()
    expect(desk.locator(ROWS)).to_have_count(total)
    type_a_search(desk, "affitto", total)
    first = desk.locator(f"{ROWS} .desk-pick").first.get_attribute("value")
    desk.keyboard.press("ArrowDown")
    desk.keyboard.press("Enter")
    desk.wait_for_url(re.compile(rf"/servizi/{re.escape(first)}$"))
    expect(desk.locator("main h1")).to_have_text(str(live_server.catalog.services[first].name))


def test_the_slash_key_types_a_slash_inside_the_search(desk):
    desk.keyboard.press("/")
    desk.keyboard.type("a/b")
    expect(desk.locator("#desk-q")).to_have_value("a/b")


def test_filters_stay_in_the_url_and_the_table_follows(desk, live_server):
    desk.locator("#filter-comune").select_option("cutro")
    desk.wait_for_function("() => new URL(location.href).searchParams.get('comune') === 'cutro'")
    expected = live_server.catalog.services_for(comune="cutro", offered_only=False)
    expect(desk.locator(ROWS)).to_have_count(len(expected))
    desk.reload()
    expect(desk.locator("#filter-comune")).to_have_value("cutro")
    expect(desk.locator(ROWS)).to_have_count(len(expected))


def test_the_basket_survives_a_new_search(desk, live_server):
    total = len(live_server.catalog.listed_services())
    picks = desk.locator(f"{ROWS} .desk-pick")
    chosen = picks.nth(0).get_attribute("value")
    picks.nth(0).check()
    type_a_search(desk, "affitto", total)
    expect(desk.locator(f".desk-pick[value='{chosen}']")).to_be_checked()
    assert chosen in parse_qs(urlsplit(desk.url).query).get("servizi", [])


def test_the_desk_works_without_javascript(new_page, live_server):
    page = new_page(java_script_enabled=False, **DESK_SCREEN)
    page.goto(live_server.url + "/operatore")
    page.fill("#desk-q", "anziani")
    page.get_by_role("button", name="Aggiorna").click()
    page.wait_for_url(re.compile(r"q=anziani"))
    picks = page.locator(f"{ROWS} .desk-pick")
    picks.nth(0).check()
    picks.nth(1).check()
    page.get_by_role("button", name=re.compile("Foglio da stampare")).click()
    page.wait_for_url(re.compile(r"/operatore/foglio\?"))
    assert len(parse_qs(urlsplit(page.url).query)["servizi"]) == 2


def test_axe_finds_nothing_on_the_desk(desk, axe_check):
    desk.locator(f"{ROWS} .desk-pick").first.check()
    axe_check(desk)
