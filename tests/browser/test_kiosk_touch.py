"""Issue 5: the kiosk on a 1080×1920 portrait touch screen. A shared screen must forget the last person
(idle prompt, countdown, end of session, nothing left in the history), every target is big enough for a
finger, and axe-core finds nothing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

KIOSK_SCREEN = {"viewport": {"width": 1080, "height": 1920}, "device_scale_factor": 1,
                "is_mobile": False, "has_touch": True}
IDLE_SECONDS = 2
COUNTDOWN_SECONDS = 2
MIN_TARGET = 48  # CSS px, both ways
ATTRACT_TITLE = "Tocca per iniziare"

# Everything a finger can press, as the browser lays it out; hidden things (display:none, closed dialog)
# have no box and are left out.
MEASURE_TARGETS = """() => Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])'))
  .map(el => { const r = el.getBoundingClientRect();
               return {w: r.width, h: r.height, what: el.outerHTML.slice(0, 90)}; })
  .filter(t => t.w > 0 && t.h > 0)"""


@pytest.fixture(scope="module")
def quick_kiosk(live_server, tmp_path_factory):
    """The Crotone district again, with a kiosk that gives up after 2 s and counts down from 2."""
    server = type(live_server)(Path(live_server.app.config["FINDER_CONTENT"]), tmp_path_factory.mktemp("kiosk"))
    server.app.config.update(FINDER_KIOSK_IDLE_SECONDS=IDLE_SECONDS, FINDER_KIOSK_COUNTDOWN_SECONDS=COUNTDOWN_SECONDS)
    yield server
    server.stop()


@pytest.fixture
def screen(new_page):
    page = new_page(**KIOSK_SCREEN)
    yield page
    assert not page.js_errors, f"JavaScript errors on the page: {page.js_errors}"


def session_urls(page) -> list[str]:
    """The addresses this tab can still go back or forward to (Chromium's Navigation API)."""
    return page.evaluate("() => navigation.entries().map(entry => entry.url)")


def walk_a_session(page, base: str) -> list[str]:
    """A person touches their way to a result and opens a service: the pages they saw."""
    page.goto(base + "/chiosco/")
    expect(page.locator("main h1")).to_have_text(ATTRACT_TITLE)
    page.get_by_role("link", name=re.compile("Rispondi a tre domande")).tap()
    for question in ("Per chi cerchi aiuto?", "In quale comune vive?", "Di che cosa c'è bisogno?"):
        expect(page.locator("main h1")).to_have_text(question)
        page.locator("main .choices a").first.tap()
    expect(page.locator("main h1")).to_have_text("I servizi per te")
    result_url = page.url
    page.locator("main .service-card .card-title a").first.tap()
    expect(page.locator("main .handoff")).to_be_visible()
    return [result_url, page.url]


def test_idle_prompt_then_everything_is_forgotten(screen, quick_kiosk):
    seen = walk_a_session(screen, quick_kiosk.url)
    dialog = screen.locator("dialog#kiosk-idle")
    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000 + 3000)
    expect(dialog.get_by_role("heading")).to_have_text("Sei ancora qui?")
    expect(dialog.get_by_role("button", name="Sì, continuo")).to_be_focused()
    expect(dialog.locator("[data-kiosk-countdown-value]")).to_have_text(re.compile(r"^[0-9]+$"))
    # nobody answers: back to the attract screen, in Italian, with nothing left behind
    expect(screen.locator("main h1")).to_have_text(ATTRACT_TITLE, timeout=COUNTDOWN_SECONDS * 1000 + 5000)
    screen.wait_for_url(quick_kiosk.url + "/chiosco/")
    expect(screen.locator("dialog#kiosk-idle")).not_to_be_visible()
    screen.wait_for_function("() => navigation.entries().every(e => new URL(e.url).pathname === '/chiosco/')")
    urls = session_urls(screen)
    assert not set(seen) & set(urls), urls
    assert screen.evaluate("() => history.length") <= 3
    assert screen.context.cookies() == []
    stored = screen.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert "guida" not in stored and "servizi" not in stored, stored  # htmx keeps only the current path
    # the back button finds only attract screens
    for _ in range(3):
        screen.go_back()
        assert re.search(r"/chiosco/$", screen.url) or screen.url == "about:blank", screen.url
        if screen.url != "about:blank":
            expect(screen.locator("main h1")).to_have_text(ATTRACT_TITLE)


def test_still_here_keeps_the_page(screen, quick_kiosk):
    screen.goto(quick_kiosk.url + "/chiosco/servizi")
    dialog = screen.locator("dialog#kiosk-idle")
    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000 + 3000)
    dialog.get_by_role("button", name="Sì, continuo").tap()
    expect(dialog).not_to_be_visible()
    assert screen.url.endswith("/chiosco/servizi")
    expect(screen.locator("main h1")).to_have_text("Tutti i servizi")


def test_i_am_done_ends_the_session_at_once(screen, quick_kiosk):
    seen = walk_a_session(screen, quick_kiosk.url)
    screen.get_by_role("link", name=re.compile("Ho finito")).first.tap()
    screen.wait_for_function("() => navigation.entries().every(e => new URL(e.url).pathname === '/chiosco/')")
    expect(screen.locator("main h1")).to_have_text(ATTRACT_TITLE)
    assert not set(seen) & set(session_urls(screen))


def test_a_kiosk_page_is_fetched_again_when_someone_goes_back(screen, live_server):
    """No-store: the browser never shows a kiosk page from its cache (nor the back-forward cache)."""
    screen.goto(live_server.url + "/chiosco/servizi")
    response = screen.goto(live_server.url + "/chiosco/guida")
    assert response.headers["cache-control"] == "no-store"
    back = screen.go_back()
    assert back is not None and back.status == 200
    assert screen.evaluate("() => performance.getEntriesByType('navigation')[0].transferSize") > 0


KIOSK_PAGES = ["/chiosco/", "/chiosco/guida", "/chiosco/servizi", "/chiosco/cerca?q=anziani",
               "/chiosco/accesso/segretariato-crotone", "/chiosco/comuni/cutro", "/ar/chiosco/"]


def test_every_target_is_at_least_48_px(screen, live_server):
    catalog = live_server.catalog
    service = catalog.listed_services()[0]
    pages = KIOSK_PAGES + [f"/chiosco/servizi/{service.id}"]
    smallest = {"w": None, "h": None}
    for path in pages + ["RESULT"]:
        if path == "RESULT":
            walk_a_session(screen, live_server.url)
            screen.go_back()
            expect(screen.locator("main h1")).to_have_text("I servizi per te")
        else:
            screen.goto(live_server.url + path)
        targets = screen.evaluate(MEASURE_TARGETS)
        assert targets, path
        small = [t for t in targets if t["w"] < MIN_TARGET or t["h"] < MIN_TARGET]
        assert not small, f"{path}: targets under {MIN_TARGET}×{MIN_TARGET} px: {small[:5]}"
        for side in ("w", "h"):
            least = min(targets, key=lambda t: t[side])
            if smallest[side] is None or least[side] < smallest[side][side]:
                smallest[side] = least
    for side, target in smallest.items():
        print(f"kiosk: narrowest/lowest target ({side}): {target['w']:.0f}×{target['h']:.0f} px {target['what']}")


def test_the_guided_path_needs_no_keyboard(screen, live_server):
    screen.goto(live_server.url + "/chiosco/guida")
    for next_question in ("In quale comune vive?", "Di che cosa c'è bisogno?", "I servizi per te"):
        assert screen.locator("main input:not([type=hidden]), main textarea").count() == 0, screen.url
        screen.locator("main .choices a").first.tap()
        expect(screen.locator("main h1")).to_have_text(next_question)  # the step has swapped in
    assert screen.locator("main input:not([type=hidden]), main textarea").count() == 0


def test_the_hand_off_code_opens_the_ordinary_page_on_a_phone(screen, live_server):
    zxingcpp = pytest.importorskip("zxingcpp", reason="install the test extra: pip install -e '.[test]'")
    import io

    from PIL import Image

    service = live_server.catalog.listed_services()[0]
    screen.goto(live_server.url + f"/en/chiosco/servizi/{service.id}")
    code = screen.locator("main .handoff").get_by_role("img", name="QR code of this page")
    code.scroll_into_view_if_needed()
    box = code.bounding_box()
    assert box["width"] >= 250, "a large code, readable from a step away"
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
    assert [barcode.text for barcode in found] == [f"https://servizi.esempio.it/en/servizi/{service.id}"]


@pytest.mark.parametrize("path", ["/chiosco/", "/chiosco/guida", "/chiosco/servizi/SERVICE", "RESULT", "/ar/chiosco/"])
def test_axe_finds_nothing_in_the_kiosk(screen, live_server, axe_check, path):
    if path == "RESULT":
        walk_a_session(screen, live_server.url)
        screen.go_back()
        expect(screen.locator("main h1")).to_have_text("I servizi per te")
    else:
        screen.goto(live_server.url + path.replace("SERVICE", live_server.catalog.listed_services()[0].id))
    axe_check(screen)


def test_axe_finds_nothing_in_the_idle_prompt(screen, quick_kiosk, axe_check):
    config = quick_kiosk.app.config
    config["FINDER_KIOSK_COUNTDOWN_SECONDS"] = 60  # time enough to look at the prompt
    try:
        screen.goto(quick_kiosk.url + "/chiosco/servizi")
    finally:
        config["FINDER_KIOSK_COUNTDOWN_SECONDS"] = COUNTDOWN_SECONDS
    expect(screen.locator("dialog#kiosk-idle")).to_be_visible(timeout=IDLE_SECONDS * 1000 + 3000)
    axe_check(screen)


def test_without_javascript_i_am_done_still_clears_the_screen(new_page, live_server):
    page = new_page(java_script_enabled=False, **KIOSK_SCREEN)
    page.goto(live_server.url + "/en/chiosco/servizi")
    page.get_by_role("link", name=re.compile("cancella tutto|I'm done|Ho finito", re.I)).first.click()
    page.wait_for_url(live_server.url + "/chiosco/")
    expect(page.locator("main h1")).to_have_text(ATTRACT_TITLE)
