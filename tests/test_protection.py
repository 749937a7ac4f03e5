"""The site open to anyone: what an attacker, a careless link or a crowded front desk sees."""
from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from tests.helpers import MINI, make_app, page, post_chat, text_of
from finder.assistant.answering import EMERGENCY_READ_LIMIT
from finder.routes import chat as chat_route

GUIDED = "/guida?audience=persone-anziane&comune=sezze&category=aiuto-in-casa"


def say(client, message, path="/chat", **headers):
    return post_chat(client, path, headers, message=message)


# --- Limits before work ----------------------------------------------------------------------------

def test_a_100_kb_chat_post_is_refused_with_a_clear_page(client):
    response = say(client, "aiuto " * 17_000)
    assert response.status_code == 413
    assert "Il testo inviato è troppo lungo." in text_of(page(response).select_one("main"))


def test_a_long_message_is_refused_and_only_its_start_is_read(client, monkeypatch):
    lengths_read = []
    real_ask = chat_route.ask

    def recording_ask(catalog, index, text, **options):
        lengths_read.append(len(text))
        return real_ask(catalog, index, text, **options)

    monkeypatch.setattr(chat_route, "ask", recording_ask)
    response = say(client, "mia madre non cammina " * 2000)  # 44,000 characters, under the body limit
    assert response.status_code == 200
    assert "Il messaggio è troppo lungo" in text_of(page(response).select(".bubble-assistant")[-1])
    assert lengths_read == [EMERGENCY_READ_LIMIT + 1], "the rest of the message is never analysed"


def test_a_refused_long_message_is_still_read_for_danger(client):
    response = say(client, "mio marito mi picchia " + "x" * 3000)
    assert "1522" in text_of(page(response).select(".bubble-assistant")[-1])


@pytest.mark.parametrize("url", ["/cerca?q=" + "a" * 8100, "/servizi?audience=" + "x" * 9000,
                                 "/guida?" + "&".join(f"p{number}=1" for number in range(150))])
def test_an_overlong_address_gets_a_clear_414(client, url):
    response = client.get(url)
    assert response.status_code == 414
    assert "L'indirizzo della pagina è troppo lungo" in text_of(page(response).select_one("main"))


def test_a_kiosk_page_too_long_for_a_qr_code_shows_none(client):
    response = client.get("/chiosco/cerca?q=" + "😀" * 300)
    assert response.status_code == 200
    assert page(response).select_one(".handoff") and not page(response).select(".qr-image")


def test_a_superscript_age_is_a_wrong_answer_not_an_error(client):
    for path in (GUIDED, GUIDED.replace("/guida", "/guida/foglio")):
        response = client.get(path + "&age=%C2%B2")
        assert response.status_code == 200, path
        assert "Assistenza domiciliare" in text_of(page(response).select_one("main")), path


@pytest.mark.parametrize("target", ["/ar//evil.ex", "/ar//evil.ex\ufffe", "evil.ex", "/en/\\evil.ex"])
def test_the_language_switch_never_leaves_the_site(client, target):
    response = client.get("/lingua/it", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_the_language_switch_keeps_the_page(client):
    response = client.get("/lingua/en", query_string={"next": "/ar/servizi?audience=famiglie"})
    assert response.headers["Location"] == "/en/servizi?audience=famiglie"


# --- CSRF ------------------------------------------------------------------------------------------

def test_a_chat_post_from_this_site_is_answered(client):
    response = say(client, "mia madre anziana non cammina", **{"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200 and page(response).select(".bubble-assistant")


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "https://evil.example"}, {"Origin": "null"}])
def test_a_cross_site_post_is_refused_with_a_clear_page(client, headers):
    response = say(client, "mia madre anziana non cammina", **headers)
    assert response.status_code == 400
    soup = page(response)
    assert text_of(soup.h1) == "Il modulo non è stato inviato"
    assert not soup.select(".bubble-assistant")


@pytest.mark.parametrize("token", ["", "garbage", URLSafeTimedSerializer("another-key", salt="finder-form").dumps("form")],
                         ids=["empty", "garbage", "another-key"])  # the signed token holds a time: never in an id
def test_a_post_without_this_sites_token_is_refused(client, token):
    response = client.post("/chat", data={"message": "mia madre anziana", "csrf_token": token})
    assert response.status_code == 400
    assert text_of(page(response).h1) == "Il modulo non è stato inviato"


def test_the_kiosk_chat_works_and_leaves_no_cookie(client):
    response = say(client, "mia madre anziana non cammina", path="/chiosco/chat")
    assert response.status_code == 200 and page(response).select(".bubble-assistant")
    assert "Set-Cookie" not in response.headers


def test_the_home_page_box_carries_the_token(client):
    form = page(client.get("/", headers={"Accept-Language": "it"})).select_one("form.write-form")
    token = form.select_one("input[name=csrf_token]")["value"]
    response = client.post(form["action"], data={"message": "mia madre anziana", "csrf_token": token})
    assert response.status_code == 303 and "/chat/conversazione" in response.location


# --- Rate limits -----------------------------------------------------------------------------------

@pytest.fixture
def strict_app(tmp_path):
    return make_app(MINI, tmp_path / "data", FINDER_RATE_LIMIT_SEARCH="3 per minute",
                    FINDER_RATE_LIMIT_CHAT="2 per minute")


def test_a_busy_client_gets_a_429_page_in_its_language_saying_when_to_retry(strict_app):
    client = strict_app.test_client()
    assert [client.get("/en/cerca?q=casa").status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get("/en/operatore?q=casa")  # the desk's search shares the budget
    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    soup = page(limited)
    assert text_of(soup.h1) == "Too many requests in a short time"
    assert "You can try again from" in text_of(soup.select_one("main"))
    assert "112" in text_of(soup.select_one("main"))


def test_the_chat_counts_messages_not_page_views(strict_app):
    client = strict_app.test_client()
    for _ in range(4):
        assert client.get("/chat").status_code == 200
    statuses = [say(client, "mia madre anziana").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_an_exempt_front_desk_is_never_limited(tmp_path):
    client = make_app(MINI, tmp_path / "data", FINDER_RATE_LIMIT_SEARCH="3 per minute",
                      FINDER_RATE_LIMIT_EXEMPT="10.0.0.0/8, 127.0.0.1").test_client()
    assert {client.get("/cerca?q=casa").status_code for _ in range(6)} == {200}


def test_a_mistyped_exemption_stops_the_start_with_its_reason(tmp_path):
    with pytest.raises(ValueError, match="FINDER_RATE_LIMIT_EXEMPT"):
        make_app(MINI, tmp_path / "data", FINDER_RATE_LIMIT_EXEMPT="10.0.0.0/8, town-hall")
