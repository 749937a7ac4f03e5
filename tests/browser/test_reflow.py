"""Issue 6: reflow at 320 CSS px (WCAG 1.4.10), text spacing (1.4.12) and reduced motion (2.3.3).

Every page type at 320 px wide, the chat with a conversation in it, the desk and the kiosk's attract
screen: no sideways scrolling (the desk's tables are two-dimensional content, which 1.4.10 exempts: they
scroll inside their own box, never the page). With the 1.4.12 spacing forced on every element: no text cut
off and still no sideways scrolling, at 320 px and at the desk's and the kiosk's own screen sizes.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_a11y_matrix import CHAT_MESSAGE, SCREENS, settled
from tests.browser.test_guide import biggest_result

pytestmark = pytest.mark.browser

NARROW = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2, "is_mobile": True,
          "has_touch": True}
# WCAG 1.4.12's figures, forced on everything (a user style sheet would do the same).
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                      word-spacing: 0.16em !important; }
                  p, li, dd, dt, blockquote { margin-block-end: 2em !important; }"""

SCROLLS_SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# Text cut off: a box that hides its overflow and holds more text than it shows. The visually hidden
# text for screen readers (1×1 px, clipped on purpose) is not text anybody reads on screen.
CLIPPED = """() => Array.from(document.querySelectorAll('body *')).filter(el => {
    const style = getComputedStyle(el);
    const hides = ['hidden', 'clip'].some(value => style.overflowY === value || style.overflowX === value);
    if (!hides || el.clientWidth <= 1 || el.clientHeight <= 1 || !(el.innerText || '').trim()) return false;
    return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
  }).map(el => el.outerHTML.slice(0, 120))"""


def citizen_pages(catalog) -> dict[str, str]:
    longest = max(catalog.listed_services(), key=lambda service: len(str(service.name)))
    comune = max(catalog.comuni.values(), key=lambda comune: len(comune.name))
    answers = "&".join(f"{key}={value}" for key, value in biggest_result(catalog).items())
    audience = next(iter(catalog.audiences))
    return {
        "home": "/", "services": "/servizi", "service": f"/servizi/{longest.id}", "comune": f"/comuni/{comune.id}",
        "access point": f"/accesso/{next(iter(catalog.access_points))}", "search": "/cerca?q=anziani",
        "guide": "/guida", "guide comune": f"/guida?audience={audience}", "results": f"/guida?{answers}",
        "sheet": f"/guida/foglio?{answers}", "about": "/informazioni", "accessibility": "/accessibilita",
        "status": "/stato", "not found": "/pagina-che-non-esiste", "chat": "/chat",
        "arabic results": f"/ar/guida?{answers}", "ukrainian service": f"/uk/servizi/{longest.id}",
        "desk": "/operatore?q=anziani", "desk sheet": f"/operatore/foglio?servizi={longest.id}",
        "kiosk attract": "/chiosco/", "kiosk service": f"/chiosco/servizi/{longest.id}",
    }


def with_a_conversation(page) -> None:
    """Two turns: a message, then the first quick reply."""
    page.locator("#chat-message").fill(CHAT_MESSAGE)
    page.locator("#chat-form button[type=submit]").first.click()
    expect(page.locator(".bubble-assistant")).to_have_count(1)
    page.locator(".bubble-assistant > .quick-replies button").first.click()
    expect(page.locator(".bubble-assistant")).to_have_count(2)
    settled(page)


def open_all(page, base: str, catalog):
    """Each page in turn, the chat with its conversation; yields the page's name once it is ready."""
    for name, path in citizen_pages(catalog).items():
        page.goto(base + path)
        if name == "chat":
            with_a_conversation(page)
        yield name


def no_sideways_scrolling(page, name: str) -> list[str]:
    scroll_width, client_width = page.evaluate(SCROLLS_SIDEWAYS)
    return [f"{name} ({page.url}) scrolls sideways: {scroll_width} > {client_width}"] if scroll_width > client_width else []


def test_no_sideways_scrolling_at_320px(new_page, live_server):
    page = new_page(**NARROW)
    found = []
    for name in open_all(page, live_server.url, live_server.catalog):
        found += no_sideways_scrolling(page, name)
    assert not found, "\n".join(found)


def spaced_out(new_page, screen: dict):
    """A page with the 1.4.12 text spacing on every page it opens (the CSP is bypassed for the test's
    own style sheet only: the site itself never needs inline style)."""
    page = new_page(bypass_csp=True, **screen)
    page.context.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style');
        style.textContent = %s;
        document.head.append(style); });""" % repr(TEXT_SPACING))
    return page


def clipped_text(page, name: str) -> list[str]:
    return [f"{name} ({page.url}) cuts text off: {html}" for html in page.evaluate(CLIPPED)]


def test_text_spacing_cuts_nothing_off_at_320px(new_page, live_server):
    page = spaced_out(new_page, NARROW)
    found = []
    for name in open_all(page, live_server.url, live_server.catalog):
        assert page.evaluate("() => getComputedStyle(document.body).wordSpacing") != "0px"  # it is on
        found += no_sideways_scrolling(page, name) + clipped_text(page, name)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path, mode", [("/operatore?q=anziani", "desk"), ("/chiosco/", "kiosk"),
                                        ("/chiosco/guida", "kiosk"), ("/ar/chiosco/servizi", "kiosk")])
def test_text_spacing_at_the_desk_and_the_kiosk(new_page, live_server, path, mode):
    page = spaced_out(new_page, SCREENS[mode])
    page.goto(live_server.url + path)
    found = no_sideways_scrolling(page, path) + clipped_text(page, path)
    assert not found, "\n".join(found)


MOTION = """() => Array.from(document.querySelectorAll('body, body *')).map(el => {
    const style = getComputedStyle(el);
    const moving = style.animationName !== 'none'
      || style.transitionDuration.split(',').some(value => parseFloat(value) > 0);
    return moving ? el.outerHTML.slice(0, 100) : null; }).filter(Boolean)"""


@pytest.mark.parametrize("path, mode", [("/", "phone"), ("/guida", "phone"), ("/chat", "phone"),
                                        ("/chiosco/", "kiosk"), ("/operatore", "desk")])
def test_nothing_moves_when_reduced_motion_is_asked(new_page, live_server, path, mode):
    page = new_page(reduced_motion="reduce", **SCREENS[mode])
    page.goto(live_server.url + path)
    assert page.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches")
    if path == "/guida":  # and after a swap
        page.locator("main .choices a").first.click()
        page.wait_for_url(re.compile(r"audience="))
        settled(page)
    moving = page.evaluate(MOTION)
    assert not moving, f"{path}: animated or transitioned although reduced motion is asked: {moving[:5]}"
