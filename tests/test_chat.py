"""The web chat, as a person uses it: write, answer the one question asked, get services and the door."""
from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import make_app, page, post_chat, text_of

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CONTENT = REPO / "content" / "services.yaml"


@pytest.fixture(scope="module")
def chat_app(tmp_path_factory):
    """The default district compiled once for this file's conversations (each gets its own client)."""
    return make_app(DEFAULT_CONTENT, tmp_path_factory.mktemp("chat") / "data")


@pytest.fixture
def chat_client(chat_app):
    return chat_app.test_client()


def conversation_of(response) -> str:
    return page(response).select_one("input[name=conversation]")["value"]


def send(client, headers=None, **fields):
    """A plain form post's redirect is followed, as the browser does; htmx gets its answer at once."""
    return post_chat(client, headers=headers, follow_redirects="HX-Request" not in (headers or {}), **fields)


def say(client, message, conversation="", htmx=False, **fields):
    """A message sent as a person does: with htmx, or as a plain form post whose redirect is followed."""
    headers = {"HX-Request": "true"} if htmx else {}
    return send(client, headers, message=message, conversation=conversation, **fields)


def bubbles(response, who):
    """What a sighted person reads in the bubbles (the screen-reader prefix left out)."""
    soup = page(response)
    for hidden in soup.select(".bubble .visually-hidden"):
        hidden.decompose()
    return [text_of(bubble) for bubble in soup.select(f".bubble-{who}")]


def test_the_chat_asks_for_the_comune_then_shows_services_and_the_door(chat_client):
    first = say(chat_client, "mia mamma ha 87 anni e non ce la fa più a lavarsi da sola")
    assert first.status_code == 200
    answer = page(first).select(".bubble-assistant")[-1]
    assert "In quale comune" in text_of(answer)
    replies = [button["value"] for button in answer.select(".quick-replies button")]
    assert "comune:sabaudia" in replies
    second = send(chat_client, reply="comune:sabaudia", conversation=conversation_of(first))
    soup = page(second)
    assert bubbles(second, "person") == ["mia mamma ha 87 anni e non ce la fa più a lavarsi da sola", "Sabaudia"]
    last = soup.select(".bubble-assistant")[-1]
    assert last.select(".service-card"), "after the comune the person gets services"
    assert "Segretariato sociale – Comune di Sabaudia" in text_of(last.select_one(".card-door"))
    assert "Sabaudia" in text_of(last.select_one(".understood"))


def test_three_turns_without_javascript_return_the_whole_conversation(chat_client):
    turn_one = say(chat_client, "ciao, ho bisogno di aiuto per pagare le bollette")
    turn_two = say(chat_client, "abito a pontinia", conversation_of(turn_one))
    turn_three = say(chat_client, "e per l'affitto?", conversation_of(turn_two))
    assert bubbles(turn_three, "person") == ["ciao, ho bisogno di aiuto per pagare le bollette",
                                             "abito a pontinia", "e per l'affitto?"]
    assert len(bubbles(turn_three, "assistant")) == 3


def test_htmx_gets_only_the_new_turn_and_the_new_state(chat_client):
    first = say(chat_client, "cerco un centro diurno per mio padre anziano a latina")
    second = say(chat_client, "e il trasporto?", conversation_of(first), htmx=True)
    html = second.get_data(as_text=True)
    assert "<html" not in html
    assert bubbles(second, "person") == ["e il trasporto?"]
    oob = page(second).select_one("input[name=conversation]")
    assert oob["hx-swap-oob"] == "true" and oob["value"] != conversation_of(first)
    assert "HX-Request" in second.headers["Vary"]


def test_an_emergency_shows_the_numbers_first_and_asks_nothing(chat_client):
    response = say(chat_client, "mio marito mi picchia e ho paura che torni stasera")
    answer = page(response).select(".bubble-assistant")[-1]
    first_block = answer.select_one(".emergency-answer")
    assert first_block is not None and "1522" in text_of(first_block)
    assert not answer.select(".quick-replies"), "an emergency answer never asks a question first"
    exit_button = page(response).select_one("[data-quick-exit]")
    assert text_of(exit_button) == "Esci subito"
    leaving = chat_client.get(exit_button["href"])
    assert leaving.status_code == 303 and leaving.headers["Location"].startswith("https://")
    assert "finder_chat=;" in leaving.headers["Set-Cookie"], "leaving forgets the conversation"
    assert chat_client.get("/chat/conversazione").status_code == 303, "nothing is left to come back to"


def test_the_chat_has_a_quick_exit_before_anything_is_written(chat_client):
    """Someone may start to write about violence at any moment: the way out is there from the start."""
    assert text_of(page(chat_client.get("/chat")).select_one("[data-quick-exit]")) == "Esci subito"
    response = say(chat_client, "non riesco a pagare l'affitto e ho paura dello sfratto, sto a norma")
    assert page(response).select("[data-quick-exit]")
    assert not page(response).select(".emergency-answer")


def test_a_plain_post_is_answered_by_a_redirect_whose_address_holds_no_words(chat_client):
    response = post_chat(chat_client, message="non riesco a pagare le bollette, sto a latina", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"] == "/chat/conversazione#risposta-1"
    assert "bollette" not in response.headers["Location"]
    shown = chat_client.get("/chat/conversazione")
    assert bubbles(shown, "person") == ["non riesco a pagare le bollette, sto a latina"]
    assert page(shown).select_one("#risposta-1.bubble-assistant")
    assert chat_client.get("/chat").status_code == 200
    assert chat_client.get("/chat/conversazione").status_code == 303, "a new conversation forgets the old one"


def test_a_long_conversation_still_fits_its_cookie(chat_client):
    conversation = ""
    for number in range(12):
        response = say(chat_client, f"messaggio {number}: " + "ho bisogno di aiuto per mia madre anziana " * 20,
                       conversation)
        conversation = conversation_of(response)
    assert bubbles(response, "person")[-1].startswith("messaggio 11:")
    assert len(bubbles(response, "assistant")) >= 2


def test_a_message_too_long_is_refused_politely(chat_client):
    response = say(chat_client, "aiuto " * 300)
    assert response.status_code == 200
    assert "troppo lungo" in text_of(page(response).select(".bubble-assistant")[-1])


def test_personal_data_is_not_needed(chat_client):
    response = say(chat_client, "sono RSSMRA80A01E472X, chiamatemi al 333 1234567, cerco la badante a latina")
    assert "Non serve scrivere qui codice fiscale" in text_of(page(response).select(".bubble-assistant")[-1])


def test_a_tampered_conversation_starts_afresh(chat_client):
    response = say(chat_client, "aiuto per la spesa", conversation="not-a-signed-value")
    assert response.status_code == 200
    assert len(bubbles(response, "person")) == 1


def test_an_empty_message_gets_a_note_not_an_error(chat_client):
    response = say(chat_client, "   ")
    assert response.status_code == 200
    assert "Scrivi qualcosa" in text_of(page(response))


def test_chat_pages_are_never_cached(chat_client):
    assert say(chat_client, "informazioni").headers["Cache-Control"] == "no-store"
    assert chat_client.get("/chat").headers["Cache-Control"] == "no-store"


def test_home_box_posts_to_the_chat(chat_client):
    form = page(chat_client.get("/", headers={"Accept-Language": "it"})).select_one("form.write-form")
    assert form["method"] == "post" and form["action"] == "/chat"
    assert form.select_one("textarea")["name"] == "message"


# --- Privacy: what a person writes never reaches a disk or a log ---------------------------------

SECRET_MESSAGE = "la mia vicina Gelsomina Quarzetti ha la sclerosi e suo marito la picchia, sto a sermoneta"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, seconds: float = 10) -> None:
    for _ in range(int(seconds * 10)):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"server did not start: {url}")


def test_the_production_server_answers_the_chat_and_the_search(tmp_path):
    """Under gunicorn with the deploy settings (the catalogue and models loaded before the workers fork),
    a worker answers a search and a chat message at once."""
    port = _free_port()
    environment = {**os.environ, "FINDER_CONTENT": str(DEFAULT_CONTENT), "FINDER_DATA": str(tmp_path / "data"),
                   "FINDER_BIND": f"127.0.0.1:{port}", "FINDER_WORKERS": "2", "FINDER_RATE_LIMIT": "off"}
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--config",
                               str(REPO / "deploy" / "gunicorn.conf.py")], cwd=REPO, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/chat", seconds=60)
        found = urllib.request.urlopen(base + "/cerca?q=badante", timeout=10).read().decode()
        assert "Assistenza domiciliare" in found
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        token = re.search(r'name="csrf_token" value="([^"]*)"', browser.open(base + "/chat", timeout=10).read().decode())
        body = urllib.parse.urlencode({"message": "cerco una badante per mio padre a Sabaudia", "conversation": "",
                                       "csrf_token": token.group(1)})
        answer = browser.open(base + "/chat", data=body.encode(), timeout=10).read().decode()
        assert "Segretariato sociale – Comune di Sabaudia" in answer
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_what_people_write_is_never_logged_or_written_to_disk(tmp_path, caplog):
    data_dir, port = tmp_path / "data", _free_port()
    environment = {**os.environ, "FINDER_CONTENT": str(DEFAULT_CONTENT), "FINDER_DATA": str(data_dir)}
    server = subprocess.Popen([sys.executable, "-m", "finder.cli", "serve", "--port", str(port)],
                              cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/chat")
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # it follows the redirect
        html = browser.open(base + "/chat", timeout=10).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]*)"', html).group(1)
        conversation = ""
        for message in (SECRET_MESSAGE, "Quarzetti di nuovo"):
            body = urllib.parse.urlencode({"message": message, "conversation": conversation, "csrf_token": token})
            html = browser.open(base + "/chat", data=body.encode(), timeout=60).read().decode()
            conversation = re.search(r'name="conversation" id="conversation" value="([^"]*)"', html).group(1)
            assert "Quarzetti" in html  # the person sees their own words on the page...
        urllib.request.urlopen(base + "/cerca?q=Quarzetti+sclerosi", timeout=10).read()
    finally:
        server.terminate()
        log_output = server.communicate(timeout=10)[0].decode()
    assert "POST /chat" in log_output and "GET /cerca " in log_output  # ...the log has the requests...
    assert "Quarzetti" not in log_output and "sclerosi" not in log_output  # ...never the words
    with caplog.at_level(logging.DEBUG):
        say(make_app(DEFAULT_CONTENT, tmp_path / "data2").test_client(), SECRET_MESSAGE)
    assert "Quarzetti" not in caplog.text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"Quarzetti" not in path.read_bytes(), f"the message was written to {path}"


def test_the_person_corrects_what_the_assistant_understood(chat_client):
    first = say(chat_client, "mia mamma ha 85 anni e non riesce piu a lavarsi, sto a latina")
    corrections = page(first).select_one(".bubble-assistant details.corrections")
    assert text_of(corrections.select_one("summary")) == "Non è così? Correggi"
    choice = next(button for button in corrections.select("button")
                  if button["value"] == "audience:anziani-non-autosufficienti")
    corrected = send(chat_client, reply=choice["value"], conversation=conversation_of(first))
    last = page(corrected).select(".bubble-assistant")[-1]
    assert "anziani che non ce la fanno più da soli" in text_of(last.select_one(".understood")).lower()
    assert bubbles(corrected, "person")[-1] == "Anziani che non ce la fanno più da soli"
    assert last.select(".service-card")
