"""Property-based fuzzing: whatever arrives (any route, any parameter, any header, any chat state),
the answer is a page or a clear 4xx, never a server error, and nothing typed comes back unescaped.

`make test` runs a bounded sample per route family; `make fuzz` runs FINDER_FUZZ_EXAMPLES (10,000) requests
each (the chat's: 5,000 posts, and 2,500 replays of three posts each)."""
from __future__ import annotations

import os
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from itsdangerous import URLSafeSerializer

from tests.helpers import MINI, make_app
from finder.i18n import LANGUAGES

EXAMPLES = int(os.environ.get("FINDER_FUZZ_EXAMPLES", "120"))
pytestmark = pytest.mark.timeout(max(180, EXAMPLES // 10))  # `make fuzz`: 10,000 examples a family
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CHAT_FUZZ = settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))  # a post costs several pages
REPLAY_FUZZ = settings(FUZZ, max_examples=max(EXAMPLES // 4, 1))  # three posts per example
PROBE = "<b id=fuzz-probe>"  # were it reflected unescaped, the page would hold this element

IDS = ["sezze", "priverno", "persone-anziane", "famiglie", "aiuto-in-casa", "soldi", "assistenza-domiciliare",
       "segretariato-sezze", "pua-lepini", "anziani", "nobody"]
PARAMETERS = ["q", "audience", "comune", "category", "age", "isee", "known", "comune_q", "servizi", "next"]
PREFIXES = ["", "/en", "/ar", "/uk", "/chiosco", "/en/chiosco", "/ar/chiosco"]
FAMILIES = {
    "pages": ["/", "/servizi", "/servizi/{id}", "/comuni/{id}", "/accesso/{id}", "/cerca"],
    "guide": ["/guida", "/guida/foglio"],
    "kiosk": ["/chiosco/", "/chiosco/cerca", "/chiosco/servizi", "/chiosco/guida", "/chiosco/chat",
              "/chiosco/servizi/{id}", "/chiosco/fine"],
    "desk": ["/operatore", "/operatore/foglio"],
    "language": ["/lingua/{id}"],
    "about": ["/informazioni", "/accessibilita", "/stato", "/static/{id}"],
}

characters = st.characters(blacklist_categories=("Cs",))
nasty_text = st.one_of(
    st.text(characters, max_size=40),
    st.text(characters, min_size=200, max_size=2500),  # long: QR codes, length caps
    st.sampled_from(["²", "٣", "1e309", "nan", "-1", "0x10", "𝟗", "\ufffe", "\x00", "%", "../..", "//evil.ex",
                     "/ar//evil.ex\ufffe", "\\\\evil.ex", "comune", "inf", PROBE, "😀" * 300, "a" * 8100]),
    st.sampled_from(IDS),
)
raw_value = st.one_of(nasty_text.map(lambda text: quote(text, safe="")),
                      st.binary(max_size=60).map(lambda data: quote_from_bytes(data, safe="")))
parameter = st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(characters, max_size=10)), raw_value)
headers = st.dictionaries(
    st.sampled_from(["HX-Request", "HX-Target", "HX-History-Restore-Request", "HX-Trigger", "HX-Current-URL",
                     "Accept-Language", "Cookie", "Sec-Fetch-Site", "Origin", "Referer", "Accept"]),
    st.one_of(st.sampled_from(["true", "main", "results", "it", "ar-EG;q=0.9", "finder_lang=ar", "finder_lang=xx",
                               "*;q=2", "same-origin", "cross-site", "text/html"]),
              st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=300)),
    max_size=5)


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory):
    app = make_app(MINI, tmp_path_factory.mktemp("fuzz-data"), RATELIMIT_ENABLED=False, FINDER_WATCH_CONTENT=False,
                   TESTING=False)  # as in production: an exception becomes a 500 page, and the test sees it
    return app.test_client()


def url_of(template: str, identifier: str, prefix: str, parameters: list) -> str:
    path = template.replace("{id}", quote(identifier, safe=""))
    if not template.startswith(("/chiosco", "/lingua", "/static")):
        path = prefix.rstrip("/") + path if path != "/" else (prefix or "") + "/"
    query = "&".join(f"{quote(name, safe='')}={value}" for name, value in parameters)
    return path + ("?" + query if query else "")


def assert_survives(response, url: str) -> None:
    assert response.status_code < 500, f"{response.status_code} on {url!r}"
    assert PROBE.encode() not in response.get_data(), f"unescaped text reflected on {url!r}"


def _family_test(family: str):
    @FUZZ
    @given(template=st.sampled_from(FAMILIES[family]), identifier=nasty_text, prefix=st.sampled_from(PREFIXES),
           parameters=st.lists(parameter, max_size=6), sent_headers=headers)
    def test(fuzz_client, template, identifier, prefix, parameters, sent_headers):
        url = url_of(template, identifier, prefix, parameters)
        assert_survives(fuzz_client.get(url, headers=sent_headers), url)
    test.__name__ = f"test_fuzzed_{family}_requests_never_fail_the_server"
    return test


for _family in FAMILIES:
    globals()[f"test_fuzzed_{_family}_requests_never_fail_the_server"] = _family_test(_family)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(characters, max_size=20) | st.sampled_from(IDS),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["state", "turns", "comune", "audience", "category", "services", "asked", "said",
                         "answer", "emergency", "follow_up", "refused", "overshare"]), children, max_size=5),
    max_leaves=20)


@st.composite
def conversations(draw, secret_key: str):
    """What a browser may send back as the chat's state: forged, truncated, replayed, another key."""
    signed_with = draw(st.sampled_from([secret_key, "another-key"]))
    signed = URLSafeSerializer(signed_with, salt="finder-chat").dumps(draw(json_values))
    how = draw(st.sampled_from(["as-is", "truncated", "flipped", "garbage"]))
    if how == "truncated":
        return signed[:draw(st.integers(0, len(signed)))]
    if how == "flipped":
        return signed[::-1]
    if how == "garbage":
        return draw(st.text(characters, max_size=300))
    return signed


@CHAT_FUZZ
@given(data=st.data(), message=nasty_text, reply=st.one_of(st.just(""), nasty_text, st.sampled_from(
    ["comune:sezze", "audience:famiglie", "category:soldi", "comune:", ":", "audience:nobody", "x:y:z"])),
       prefix=st.sampled_from(PREFIXES), sent_headers=headers)
def test_fuzzed_chat_posts_never_fail_the_server(fuzz_client, data, message, reply, prefix, sent_headers):
    secret_key = fuzz_client.application.config["SECRET_KEY"]
    conversation = data.draw(conversations(secret_key))
    token = fuzz_client.application.jinja_env.globals["csrf_token"]
    with fuzz_client.application.test_request_context():
        form = {"message": message, "reply": reply, "conversation": conversation, "csrf_token": token()}
    url = (prefix.rstrip("/") or "") + "/chat"
    assert_survives(fuzz_client.post(url, data=form, headers=sent_headers), url)


@REPLAY_FUZZ
@given(data=st.data())
def test_a_replayed_conversation_goes_on_without_error(fuzz_client, data):
    """An old signed state sent again (the back button, a shared link) is read, never trusted blindly."""
    token = fuzz_client.application.jinja_env.globals["csrf_token"]
    with fuzz_client.application.test_request_context():
        form = {"message": data.draw(nasty_text), "csrf_token": token()}
    first = fuzz_client.post("/chat", data=form)
    assert_survives(first, "/chat")
    signed = first.get_data(as_text=True).split('id="conversation" value="', 1)[-1].split('"', 1)[0]
    for _ in range(2):
        again = fuzz_client.post("/chat", data={**form, "message": data.draw(nasty_text), "conversation": signed})
        assert_survives(again, "/chat (replayed)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_survives_a_state_signed_with_the_right_key_but_wrong_shape(fuzz_client, language):
    secret_key = fuzz_client.application.config["SECRET_KEY"]
    prefix = "" if language == "it" else f"/{language}"
    token = fuzz_client.application.jinja_env.globals["csrf_token"]
    for shape in ({"turns": "abc"}, {"turns": [1, None, {"answer": 3}]}, {"state": [1]}, [1, 2], "x",
                  {"state": {"comune": [1], "audience": {"a": 1}, "category": 3, "services": "abc", "asked": 7}},
                  {"turns": [{"said": "x", "answer": {"emergency": ["nope"], "services": "abc"}}]}):
        with fuzz_client.application.test_request_context():
            form = {"message": "ciao", "csrf_token": token(),
                    "conversation": URLSafeSerializer(secret_key, salt="finder-chat").dumps(shape)}
        assert_survives(fuzz_client.post(prefix + "/chat", data=form), repr(shape))
