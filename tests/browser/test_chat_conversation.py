"""Issue 4: a three-turn conversation on a phone, with JavaScript on (htmx appends each turn) and off
(a plain form post returns the whole conversation); the quick exit; axe-core clean on /chat."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def default_server(servers):
    return servers("default")


def write(page, message: str) -> None:
    box = page.get_by_label("Il tuo messaggio")
    box.fill(message)
    page.get_by_role("button", name="Invia").click()


def person_bubbles(page) -> list[str]:
    """What the person wrote, as shown (the screen-reader prefix "Hai scritto:" left out)."""
    return [text.replace("Hai scritto:", "").strip() for text in page.locator(".bubble-person").all_text_contents()]


def test_three_turns_with_javascript(page, default_server, axe_check):
    page.goto(default_server.url + "/chat")
    axe_check(page)
    write(page, "mia mamma ha 86 anni e non riesce piu a farsi il bagno da sola")
    question = page.locator(".bubble-assistant").last
    expect(question.locator(".question")).to_contain_text("comune")
    expect(page).to_have_url(re.compile(r"/chat$"))  # htmx appended the turn: no page load
    expect(page.get_by_label("Il tuo messaggio")).to_have_value("")
    expect(page.locator(".bubble-assistant").last).to_be_focused()
    axe_check(page)

    question.get_by_role("button", name="Sabaudia").click()  # a quick reply
    expect(page.locator(".bubble-assistant")).to_have_count(2)
    second = page.locator(".bubble-assistant").last
    expect(second.locator(".service-card").first).to_be_visible()
    expect(second.locator(".card-door").first).to_contain_text("Sabaudia")

    write(page, "e per il trasporto alle visite?")
    expect(page.locator(".bubble-assistant")).to_have_count(3)
    assert person_bubbles(page) == ["mia mamma ha 86 anni e non riesce piu a farsi il bagno da sola",
                                    "Sabaudia", "e per il trasporto alle visite?"]
    expect(page.locator("#chat-log")).to_have_attribute("aria-live", "polite")
    axe_check(page)


def test_three_turns_without_javascript(no_js_page, default_server):
    page = no_js_page
    page.goto(default_server.url + "/chat")
    write(page, "non riesco a pagare le bollette della luce")
    expect(page.locator(".bubble-assistant")).to_have_count(1)
    page.locator(".bubble-assistant").last.get_by_role("button", name="Pontinia").click()
    expect(page.locator(".bubble-assistant")).to_have_count(2)
    write(page, "e per l'affitto?")
    expect(page.locator(".bubble-assistant")).to_have_count(3)
    assert person_bubbles(page) == ["non riesco a pagare le bollette della luce", "Pontinia", "e per l'affitto?"]


def test_violence_shows_numbers_first_and_a_quick_exit_by_double_escape(page, default_server, axe_check):
    page.goto(default_server.url + "/")
    page.goto(default_server.url + "/chat")
    page.route("https://www.google.com/**", lambda route: route.fulfill(body="<title>Meteo</title>meteo"))
    write(page, "mio marito mi ha picchiata di nuovo stanotte, ho paura")
    answer = page.locator(".bubble-assistant").last
    expect(answer.locator(".emergency-answer")).to_contain_text("1522")
    expect(answer.locator(".quick-replies")).to_have_count(0)
    exit_button = page.get_by_role("link", name="Esci subito")
    expect(exit_button).to_be_visible()
    axe_check(page)
    page.locator("body").press("Escape")
    page.locator("body").press("Escape")
    expect(page).to_have_title("Meteo")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"/chat"))  # the chat was replaced, not stacked
    assert "picchiata" not in page.content()


def test_a_long_message_is_refused_politely(page, default_server):
    page.goto(default_server.url + "/chat")
    page.get_by_label("Il tuo messaggio").evaluate("box => box.removeAttribute('maxlength')")
    write(page, "aiuto " * 250)
    expect(page.locator(".bubble-assistant").last).to_contain_text("troppo lungo")


def test_an_expired_form_shows_the_refusal_page_with_javascript(page, default_server, axe_check):
    page.goto(default_server.url + "/chat")
    page.locator("input[name=csrf_token]").evaluate("field => field.value = 'expired'")
    write(page, "mia mamma ha 86 anni")
    expect(page.locator("h1")).to_have_text("Il modulo non è stato inviato")
    expect(page.get_by_role("link", name="Apri la chat")).to_be_visible()
    axe_check(page)
