"""Issue 14: the journeys walked on a phone that failed, walked again. A woman facing violence finds a
way out on every page about it, however far she scrolls; the chat's answer comes into view; a plain
form post is never sent again by Back."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_guide import biggest_result

pytestmark = pytest.mark.browser


@pytest.fixture
def default_server(servers):
    return servers("default")


def write(page, message: str) -> None:
    page.get_by_label("Il tuo messaggio").fill(message)
    page.get_by_role("button", name="Invia").click()


def in_view(page, locator) -> bool:
    """The top of `locator` is on the screen, below the sticky quick exit."""
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"] * 0.5


@pytest.mark.parametrize("path", ["/servizi/centro-antiviolenza", "/accesso/centro-antiviolenza-latina",
                                  "/cerca?q=violenza", "/guida?audience=donne-vittime-di-violenza",
                                  "/guida?audience=donne-vittime-di-violenza&comune=latina&category=accesso-e-orientamento",
                                  "/chat"])
def test_the_quick_exit_stays_in_view_after_scrolling(page, default_server, axe_check, path):
    page.goto(default_server.url + path)
    page.mouse.wheel(0, 20_000)
    page.wait_for_function("() => window.scrollY > 0 || document.body.scrollHeight <= window.innerHeight")
    exit_link = page.get_by_role("link", name="Esci subito")
    expect(exit_link).to_be_visible()
    assert in_view(page, exit_link), f"{path}: the quick exit scrolled away"
    axe_check(page)


def test_no_quick_exit_where_violence_is_not_the_subject(page, default_server):
    page.goto(default_server.url + "/servizi/sad-anziani")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Esci subito")).to_have_count(0)


def test_one_tap_on_the_quick_exit_leaves_and_forgets(page, default_server):
    page.route("https://www.google.com/**", lambda route: route.fulfill(body="<title>Meteo</title>meteo"))
    page.goto(default_server.url + "/")
    page.goto(default_server.url + "/servizi/centro-antiviolenza")
    page.get_by_role("link", name="Esci subito").tap()
    expect(page).to_have_title("Meteo")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"antiviolenza"))  # the page was replaced, not stacked


def test_the_new_answer_comes_into_view_after_sending(page, default_server):
    page.goto(default_server.url + "/chat")
    for message in ("mia mamma ha 86 anni e non riesce piu a lavarsi da sola", "abito a latina",
                    "e per il trasporto alle visite?"):
        write(page, message)
        answer = page.locator(".bubble-assistant").last
        expect(answer).to_be_focused()
        page.wait_for_function("() => document.activeElement.getBoundingClientRect().top < innerHeight / 2")
        assert in_view(page, answer), "the answer starts off screen"
    expect(page.locator(".bubble-assistant")).to_have_count(3)


def test_without_javascript_the_answer_is_in_view_and_back_sends_nothing_again(no_js_page, default_server):
    page = no_js_page
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.goto(default_server.url + "/chat")
    write(page, "non riesco a pagare le bollette della luce")
    write(page, "abito a pontinia")
    expect(page.locator(".bubble-assistant")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/chat/conversazione#risposta-2$"))
    assert "bollette" not in page.url and "pontinia" not in page.url
    assert in_view(page, page.locator("#risposta-2"))
    sent = len(posts)
    page.go_back()
    expect(page.locator(".bubble-assistant").first).to_be_visible()  # a page, not "Confirm form resubmission"
    page.go_back()
    expect(page.get_by_label("Il tuo messaggio")).to_be_visible()
    assert len(posts) == sent, "Back sent the message again"


def test_the_first_three_services_are_read_within_two_phone_screens(page, district_server, axe_check):
    answers = biggest_result(district_server.catalog)
    page.goto(district_server.url + "/guida?" + "&".join(f"{k}={v}" for k, v in answers.items()))
    cards = page.locator(".service-card")
    expect(cards.nth(2)).to_be_visible()
    third_ends = page.evaluate("() => document.querySelectorAll('.service-card')[2].getBoundingClientRect().bottom"
                               " + window.scrollY")
    screens = third_ends / page.viewport_size["height"]
    print(f"first three services end at {third_ends:.0f} px, {screens:.2f} screens; "
          f"page {page.evaluate('document.body.scrollHeight')} px")
    assert screens <= 2, f"the third service ends {screens:.2f} phone screens down"
    doors = page.locator(".doors .door")
    shown = [doors.nth(index).get_attribute("id") for index in range(doors.count())]
    assert len(shown) == len(set(shown)), "a door is shown twice"
    expect(page.locator(".take-away")).to_be_in_viewport()  # the QR and the sheet come before the cards
    axe_check(page)


TRANSLATED_SERVICES = ["segretariato-sociale", "sportello-immigrati", "centro-antiviolenza", "casa-rifugio",
                       "pronto-intervento-sociale", "sad-anziani", "contributo-affitto"]


@pytest.mark.parametrize("lang", ["ro", "sq", "ar", "uk"])
def test_key_services_read_wholly_in_the_visitors_language(page, default_server, lang):
    """The front door of every service, the immigrants' desk (mediators in these languages), the
    anti-violence centre, its shelter and emergency help, home care and the rent grant: no Italian passage
    is left on their pages."""
    for service in TRANSLATED_SERVICES:
        page.goto(f"{default_server.url}/{lang}/servizi/{service}")
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator('main [lang="it"]')).to_have_count(0)
        expect(page.locator("main .fallback-note")).to_have_count(0)
