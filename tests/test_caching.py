"""HTTP caching as a browser meets it: a page seen before comes back as a 304 until the catalogue, the
language, the mode or (for pages that say "open now") the minute changes; static files are kept a year."""
from __future__ import annotations

import os
import shutil

import pytest
from flask import request, request_started, template_rendered

from finder import caching
from tests.helpers import MINI, make_app, page, post_chat


def again(client, url, response, **headers):
    """The browser asks for `url` again, with the tag it kept."""
    return client.get(url, headers={"If-None-Match": response.headers["ETag"], **headers})


@pytest.mark.parametrize("url", ["/", "/servizi", "/servizi/assistenza-domiciliare", "/guida",
                                 "/guida?audience=persone-anziane&comune=sezze&category=aiuto-in-casa",
                                 "/cerca?q=badante", "/operatore", "/informazioni", "/en/servizi"])
def test_a_page_seen_before_comes_back_as_not_modified(client, url):
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"].startswith('"')  # strong
    repeat = again(client, url, first)
    assert repeat.status_code == 304 and repeat.data == b""
    assert repeat.headers["ETag"] == first.headers["ETag"]
    assert repeat.headers["Cache-Control"] == "no-cache"  # asked again every time, answered in a few bytes


def test_another_language_mode_or_piece_of_page_is_another_page(client):
    first = client.get("/servizi")
    for url, headers in (("/en/servizi", {}), ("/chiosco/servizi", {}), ("/servizi", {"HX-Request": "true"})):
        other = again(client, url, first, **headers)
        assert other.status_code == 200 and page(other).select(".service-card"), url


def test_a_page_that_says_open_now_is_drawn_again_the_next_minute(client, monkeypatch):
    monkeypatch.setattr(caching, "_now", lambda period: "202612040900"[:len(period) + 2])
    door = client.get("/accesso/segretariato-sezze")
    about = client.get("/guida")
    assert "Aperto ora" in door.get_data(as_text=True) or "Chiuso ora" in door.get_data(as_text=True)
    assert again(client, "/accesso/segretariato-sezze", door).status_code == 304
    monkeypatch.setattr(caching, "_now", lambda period: "202612040901"[:len(period) + 2])
    assert again(client, "/accesso/segretariato-sezze", door).status_code == 200
    assert again(client, "/guida", about).status_code == 304  # no clock on it: still the same page


def test_a_changed_catalogue_changes_every_page(tmp_path):
    content = tmp_path / "services.yaml"
    shutil.copy(MINI, content)
    client = make_app(content, tmp_path / "data").test_client()
    before = client.get("/servizi/trasporto-sociale")
    content.write_text(content.read_text(encoding="utf-8").replace("Trasporto sociale", "Trasporto solidale"),
                       encoding="utf-8")
    stamp = content.stat().st_mtime + 5
    os.utime(content, (stamp, stamp))
    client.application.extensions["finder_content"].reload()
    after = again(client, "/servizi/trasporto-sociale", before)
    assert after.status_code == 200 and "Trasporto solidale" in page(after).h1.get_text()


def test_the_home_page_follows_a_changed_language_choice(client):
    home = client.get("/")
    client.set_cookie("finder_lang", "en")
    moved = again(client, "/", home)
    assert moved.status_code == 302 and moved.headers["Location"] == "/en/"
    client.delete_cookie("finder_lang")


def test_what_a_person_writes_and_the_kiosk_are_never_tagged(client):
    answer = post_chat(client, message="mia madre ha bisogno di aiuto in casa")
    assert "ETag" not in answer.headers and answer.headers["Cache-Control"] == "no-store"
    assert "ETag" not in client.get("/chat").headers
    kiosk = client.get("/chiosco/servizi")
    assert "ETag" not in kiosk.headers and kiosk.headers["Cache-Control"] == "no-store"


def test_the_render_cache_serves_the_next_person_and_still_counts_every_guided_result(tmp_path):
    """A guided result drawn for one person is served to the next from the render cache, and counted for both."""
    app = make_app(MINI, tmp_path / "data", FINDER_RENDER_CACHE=True,
                   FINDER_STATS_URL=f"sqlite:///{tmp_path / 'statistics.sqlite'}")
    result = "/guida?audience=persone-anziane&comune=sezze&category=aiuto-in-casa"
    service = "/servizi/trasporto-sociale"
    first_person, second_person = app.test_client(), app.test_client()
    assert first_person.get(service).data == second_person.get(service).data
    assert app.extensions["finder_render_cache"].pages, "the second person got the page drawn for the first"
    assert page(first_person.get(result)).select(".service-card")
    drawn = []
    with template_rendered.connected_to(lambda sender, template, context, **extra: drawn.append(template.name), app):
        assert page(second_person.get(result)).select(".service-card")
    assert drawn == [], "the second person got the page drawn for the first"
    app.extensions["finder_counter"].flush()
    assert dict(app.extensions["finder_stats"].totals(("path",))) == {"guided": 2}
    app.extensions["finder_counter"].stop()
    app.extensions["finder_stats"].dispose()


def drawn_pages(app):
    """The templates the app draws while the block runs."""
    drawn = []
    return drawn, template_rendered.connected_to(
        lambda sender, template, context, **extra: drawn.append(template.name), app)


def test_a_page_nobody_typed_into_is_sent_again_as_it_was_to_the_next_person(tmp_path):
    """The kiosk's catalogue and a service page, drawn once, reach the next person byte for byte with the
    same headers (the kiosk's no-store included), compressed or not as each browser accepts."""
    app = make_app(MINI, tmp_path / "data", FINDER_RENDER_CACHE=True)
    for url in ("/chiosco/servizi", "/servizi/trasporto-sociale"):
        for accepts in ("", "br"):
            first = app.test_client().get(url, headers={"Accept-Encoding": accepts})
            drawn, watching = drawn_pages(app)
            with watching:
                second = app.test_client().get(url, headers={"Accept-Encoding": accepts})
            assert drawn == [], f"{url} was drawn again"
            assert second.data == first.data and second.headers == first.headers
            assert second.headers.get("Content-Encoding") == (accepts or None)
    kiosk = app.test_client().get("/chiosco/servizi")
    assert kiosk.headers["Cache-Control"] == "no-store" and "ETag" not in kiosk.headers
    assert page(kiosk).select(".service-card")


def test_a_search_sent_from_the_cache_still_counts_against_the_limit(tmp_path):
    app = make_app(MINI, tmp_path / "data", FINDER_RENDER_CACHE=True, FINDER_RATE_LIMIT_SEARCH="3 per minute")
    client = app.test_client()
    assert [client.get("/cerca").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_staff_signed_in_are_answered_by_the_app_itself(tmp_path):
    """Their login session is kept alive by the app: a page they ask for is never a copy sent before."""
    app = make_app(MINI, tmp_path / "data", FINDER_RENDER_CACHE=True)
    app.test_client().get("/servizi")
    staff = app.test_client()
    staff.set_cookie("session", "signed-session-of-a-member-of-staff")
    answered_by_the_app = []
    with request_started.connected_to(lambda sender, **extra: answered_by_the_app.append(request.path), app):
        assert app.test_client().get("/servizi").status_code == 200  # a citizen: the copy
        assert staff.get("/servizi").status_code == 200
    assert answered_by_the_app == ["/servizi"]


def test_static_files_are_fingerprinted_and_kept_a_year(client):
    stylesheet = page(client.get("/")).select_one("link[rel=stylesheet]")["href"]
    assert stylesheet.startswith("/static/finder.css?v=")
    kept = client.get(stylesheet)
    assert kept.status_code == 200 and kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/static/finder.css?v=old").headers["Cache-Control"] == "no-cache"
    assert client.get("/static/finder.css").headers["Cache-Control"] == "no-cache"
