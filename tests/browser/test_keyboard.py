"""Issue 6: the keyboard alone (Tab, Shift+Tab, Enter, Space; no clicks) takes a person from the home page
through the guided questions to a service, and through a chat turn and a quick reply; every stop shows
where the focus is. (Esc is tested with the chat's quick exit and the desk.)"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_a11y_matrix import SCREENS
from tests.browser.test_guide import chosen_path, names
from tests.browser.test_reflow import with_a_conversation

pytestmark = pytest.mark.browser

LAPTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1, "is_mobile": False,
          "has_touch": False}
MOST_TAB_STOPS = 80

# What the focused element looks like: a focus indicator is an outline or a box shadow that is drawn.
FOCUSED = """() => { const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const r = el.getBoundingClientRect();
  return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim().slice(0, 60),
          html: el.outerHTML.slice(0, 120), indicated: outline || style.boxShadow !== 'none',
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                   && r.top < innerHeight && r.left < innerWidth}; }"""


@pytest.fixture
def keyboard_page(new_page):
    page = new_page(**LAPTOP)
    yield page
    assert not page.js_errors, f"JavaScript errors or refused by the CSP: {page.js_errors}"


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, locator, key: str = "Tab") -> None:
    """Tab (or Shift+Tab) until `locator` has the focus; every stop on the way must show its focus."""
    for _ in range(MOST_TAB_STOPS):
        page.keyboard.press(key)
        now = focused(page)
        if now["tag"] == "BODY":
            continue  # the browser's own chrome, between the end of the page and its start
        assert now["indicated"], f"{page.url}: no visible focus indicator on {now['html']}"
        assert now["visible"], f"{page.url}: the focused element is off screen: {now['html']}"
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{page.url}: {locator} not reached with {MOST_TAB_STOPS} presses of {key}")


def skip_to_main(page) -> None:
    """The skip link is the first Tab stop and takes the focus to the main content."""
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    now = focused(page)
    assert now["indicated"] and now["visible"], f"the skip link is focused but not shown: {now}"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_guided_path_from_home_to_a_service_by_keyboard(keyboard_page, live_server):
    page = keyboard_page
    catalog = live_server.catalog
    answers = chosen_path(catalog)
    page.goto(live_server.url + "/")
    skip_to_main(page)
    tab_to(page, page.locator("main a.way", has_text="Rispondi a tre domande"))
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Per chi cerchi aiuto?")

    skip_to_main(page)  # a new page: the skip link comes first again
    for label in names(catalog, answers):
        title = page.locator(".choice-title", has_text=re.compile("^" + re.escape(label) + "$"))
        tab_to(page, page.locator("main .choice", has=title).first)
        page.keyboard.press("Enter")
        expect(page.locator("main h1")).to_be_focused()  # focus follows the htmx swap to the question
    expect(page.locator("main h1")).to_have_text("I servizi per te")

    # Tab one card past the first, then back with Shift+Tab, and open it.
    cards = page.locator("main .service-card .card-title a")
    expect(cards.first).to_be_visible()
    tab_to(page, cards.first)
    name = cards.first.inner_text().strip()
    if cards.count() > 1:
        tab_to(page, cards.nth(1))
        tab_to(page, cards.first, key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text(name)
    expect(page).to_have_url(re.compile(r"/servizi/[a-z0-9-]+$"))


def test_chat_turn_and_quick_reply_by_keyboard(keyboard_page, live_server):
    page = keyboard_page
    page.goto(live_server.url + "/chat")
    skip_to_main(page)
    box = page.locator("#chat-message")
    tab_to(page, box)
    page.keyboard.type("mia mamma ha 86 anni e non riesce piu a farsi il bagno da sola")
    tab_to(page, page.locator("#chat-form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(".bubble-assistant")).to_have_count(1)
    expect(page.locator(".bubble-assistant").last).to_be_focused()  # the answer is read first
    expect(box).to_have_value("")

    # The quick replies are inside the answer: Tab forward to the last one and press it with Space.
    replies = page.locator(".bubble-assistant > .quick-replies button")
    expect(replies.first).to_be_visible()
    last = replies.last
    chosen = last.inner_text().strip()
    tab_to(page, last)
    page.keyboard.press("Space")
    expect(page.locator(".bubble-assistant")).to_have_count(2)
    expect(page.locator(".bubble-person").last).to_contain_text(chosen)
    expect(page.locator(".bubble-assistant").last).to_be_focused()


TAB_STOP_PAGES = ["/", "/servizi", "/cerca?q=anziani", "CHAT", "/ar/guida", "/en/accessibilita", "DESK", "SERVICE"]


@pytest.mark.parametrize("path", TAB_STOP_PAGES)
def test_every_tab_stop_shows_where_the_focus_is(new_page, live_server, path):
    """Tab through the whole page, forward then back: each stop has a visible focus indicator."""
    screen = SCREENS["desk"] if path == "DESK" else LAPTOP
    page = new_page(**screen)
    named = {"DESK": "/operatore?q=anziani", "CHAT": "/chat",
             "SERVICE": f"/servizi/{live_server.catalog.listed_services()[0].id}"}
    page.goto(live_server.url + named.get(path, path))
    if path == "CHAT":  # with a conversation in it: quick replies, corrections, service cards
        with_a_conversation(page)
        page.locator(".corrections summary").last.evaluate("summary => summary.parentElement.open = true")
    stops = page.evaluate("""() => document.querySelectorAll(
        'a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, summary').length""")
    seen = []
    for key in ("Tab", "Shift+Tab"):
        for _ in range(min(stops + 2, 150)):
            page.keyboard.press(key)
            now = focused(page)
            if now["tag"] == "BODY":
                break  # past the last stop
            assert now["indicated"], f"{path}: no visible focus indicator on {now['html']}"
            assert now["visible"], f"{path}: the focused element is off screen: {now['html']}"
            seen.append(now["html"])
    assert seen and any("skip-link" in html for html in seen)
