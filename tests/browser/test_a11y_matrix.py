"""Issue 6: axe-core over every kind of page, in every language and every mode (phone, kiosk, front desk),
at the mode's own screen size, and after the swaps that change a page in place (typing in a search,
a filter, a guided step reached by a click, a chat message and a quick reply).

By default a sample: every page type once, every language in every mode, the languages rotated over
the page types. With FINDER_A11Y_FULL=1 (`make test-a11y`) the whole matrix: page types × languages ×
modes, the page types a mode does not have left out (the kiosk has no desk, no status page and no
accessibility statement; the desk's own pages exist only at the desk).
"""
from __future__ import annotations

import os
import re
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import axe_violations
from finder.i18n import LANGUAGES

pytestmark = pytest.mark.browser

FULL = os.environ.get("FINDER_A11Y_FULL", "") not in ("", "0")
LANGS = list(LANGUAGES)  # it, en, ro, sq, ar (right to left), uk
SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True},
    "kiosk": {"viewport": {"width": 1080, "height": 1920}, "device_scale_factor": 1, "is_mobile": False,
              "has_touch": True},
    "desk": {"viewport": {"width": 1366, "height": 768}, "device_scale_factor": 1, "is_mobile": False,
             "has_touch": False},
}
MODE_PREFIX = {"phone": "", "kiosk": "/chiosco", "desk": ""}
CHAT_MESSAGE = "mia mamma ha 86 anni e non riesce piu a farsi il bagno da sola"


def settled(page) -> None:
    """htmx has finished: no request in flight and the swapped content settled."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


class Visit:
    """Where a page type lives and what a person does there before it is scanned."""

    def __init__(self, page, base: str, lang: str, mode: str, catalog):
        self.page, self.catalog = page, catalog
        self.root = base + ("" if lang == "it" else f"/{lang}") + MODE_PREFIX[mode]

    def go(self, path: str):
        response = self.page.goto(self.root + path)
        expect(self.page.locator("main")).to_be_visible()
        return response

    def ids(self):
        catalog = self.catalog
        service = catalog.listed_services()[0]
        return service.id, next(iter(catalog.comuni)), next(iter(catalog.access_points))


def home(visit):
    visit.go("/")


def services_filtered(visit):
    visit.go("/servizi")
    audience = next(iter(visit.catalog.audiences))
    visit.page.locator("#filter-audience").select_option(audience)
    visit.page.wait_for_url(re.compile(rf"audience={audience}"))
    settled(visit.page)


def service(visit):
    visit.go(f"/servizi/{visit.ids()[0]}")


def comune(visit):
    visit.go(f"/comuni/{visit.ids()[1]}")


def access_point(visit):
    visit.go(f"/accesso/{visit.ids()[2]}")


def search_typed(visit):
    visit.go("/cerca")
    visit.page.locator("#search-q").press_sequentially("anziani", delay=20)
    visit.page.wait_for_url(re.compile(r"q=anziani"))
    settled(visit.page)
    expect(visit.page.locator("#search-results .service-card").first).to_be_visible()


def guide_step(visit):
    """The second question, reached by a click on the first (an htmx swap of main)."""
    visit.go("/guida")
    visit.page.locator("main .choices a").first.click()
    visit.page.wait_for_url(re.compile(r"audience="))
    settled(visit.page)


def _answer_three_questions(visit) -> None:
    visit.go("/guida")
    for key in ("audience", "comune", "category"):
        visit.page.locator("main .choices a").first.click()
        visit.page.wait_for_url(re.compile(rf"{key}="))
        settled(visit.page)


def guide_results(visit):
    """The results, reached by three clicks."""
    _answer_three_questions(visit)
    expect(visit.page.locator("main .service-card").first).to_be_visible()


def guide_sheet(visit):
    _answer_three_questions(visit)
    query = visit.page.url.split("?", 1)[1]
    visit.go(f"/guida/foglio?{query}")


def chat_sent(visit):
    visit.go("/chat")
    visit.page.locator("#chat-message").fill(CHAT_MESSAGE)
    visit.page.locator("#chat-form button[type=submit]").first.click()
    expect(visit.page.locator(".bubble-assistant")).to_have_count(1)
    settled(visit.page)


def chat_quick_reply(visit):
    """The assistant's follow-up question answered with a tap (or, with none, a correction)."""
    chat_sent(visit)
    follow_up = visit.page.locator(".bubble-assistant > .quick-replies button")
    if not follow_up.count():
        visit.page.locator(".bubble-assistant .corrections summary").click()
        follow_up = visit.page.locator(".bubble-assistant .corrections .quick-replies button")
    follow_up.first.click()
    expect(visit.page.locator(".bubble-assistant")).to_have_count(2)
    settled(visit.page)


def about(visit):
    visit.go("/informazioni")


def accessibility(visit):
    visit.go("/accessibilita")


def status(visit):
    visit.go("/stato")


def not_found(visit):
    assert visit.go("/pagina-che-non-esiste").status == 404


def desk_typed(visit):
    visit.go("/operatore")
    visit.page.locator("#desk-q").press_sequentially("anziani", delay=20)
    visit.page.wait_for_url(re.compile(r"q=anziani"))
    settled(visit.page)


def desk_sheet(visit):
    chosen = [service.id for service in visit.catalog.listed_services()[:2]]
    visit.go("/operatore/foglio?" + "&".join(f"servizi={service_id}" for service_id in chosen))


def my_list(visit):
    chosen = [service.id for service in visit.catalog.listed_services()[:2]]
    visit.go("/lista?servizi=" + ",".join(chosen))


PAGE_TYPES = {visit.__name__: visit for visit in (
    home, services_filtered, service, comune, access_point, search_typed, guide_step, guide_results,
    guide_sheet, chat_sent, chat_quick_reply, about, accessibility, status, not_found, desk_typed, desk_sheet,
    my_list)}
NOT_IN = {  # page types a mode does not have
    "phone": {"desk_typed", "desk_sheet"},
    "kiosk": {"accessibility", "status", "desk_typed", "desk_sheet", "my_list"},  # a shared screen keeps no list
    "desk": set(),
}


def matrix(mode: str) -> list[tuple[str, str]]:
    """Every (page type, language) of a mode."""
    return [(name, lang) for name in PAGE_TYPES if name not in NOT_IN[mode] for lang in LANGS]


# The sample: each page type in one mode (the desk's own pages at the desk, the kiosk's attract screen
# in the kiosk), at least six pages per mode, the languages rotated so each mode sees all six.
SAMPLE_TYPES = {
    "phone": ["services_filtered", "search_typed", "guide_step", "chat_sent", "accessibility", "comune", "my_list"],
    "kiosk": ["home", "guide_results", "chat_quick_reply", "service", "access_point", "not_found"],
    "desk": ["desk_typed", "desk_sheet", "status", "about", "guide_sheet", "search_typed"],
}


def sample(mode: str) -> list[tuple[str, str]]:
    offset = list(SCREENS).index(mode)  # a different page type gets Arabic in each mode
    return [(name, LANGS[(i + offset) % len(LANGS)]) for i, name in enumerate(SAMPLE_TYPES[mode])]


def test_the_sample_covers_every_page_type_language_and_mode():
    assert {name for mode in SCREENS for name, _ in sample(mode)} == set(PAGE_TYPES)
    for mode in SCREENS:
        assert {lang for _, lang in sample(mode)} == set(LANGS), mode
        assert set(sample(mode)) <= set(matrix(mode)), mode


@pytest.fixture(scope="module")
def tally(request):
    """What was scanned, printed at the end for the issue's note."""
    scanned: set = set()
    yield scanned
    if scanned:
        types = {name for mode, name, lang in scanned}
        langs = {lang for mode, name, lang in scanned}
        modes = {mode for mode, name, lang in scanned}
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        line = (f"axe-core {'full matrix' if FULL else 'sample'}: {len(scanned)} scans, "
                f"{len(types)} page types × {len(modes)} modes × {len(langs)} languages")
        for mode in SCREENS:
            line += f"; {mode}: {sum(1 for m, _, _ in scanned if m == mode)}"
        with capture.global_and_fixture_disabled():
            print("\n" + line)


@pytest.mark.timeout(1200)  # the whole matrix with FINDER_A11Y_FULL=1 takes minutes
@pytest.mark.parametrize("mode", list(SCREENS))
def test_axe_matrix(new_page, live_server, tally, mode):
    page = new_page(**SCREENS[mode])
    found = []
    for name, lang in matrix(mode) if FULL else sample(mode):
        PAGE_TYPES[name](Visit(page, live_server.url, lang, mode, live_server.catalog))
        tally.add((mode, name, lang))
        lines = axe_violations(page)
        if lines:
            found += [f"{mode} {lang} {name}: {page.url}"] + lines
    assert not page.js_errors, f"JavaScript errors or refused by the CSP: {page.js_errors}"
    assert not found, "axe-core: WCAG 2.1 A/AA violations\n" + "\n".join(found)
