"""Issue 14: search on the default district finds by meaning, stops where the matches stop, and is
offered in the header of every page."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_app, page, service_links, text_of

DEFAULT_CONTENT = Path(__file__).resolve().parents[1] / "content" / "services.yaml"


@pytest.fixture(scope="module")
def default_client(tmp_path_factory):
    return make_app(DEFAULT_CONTENT, tmp_path_factory.mktemp("data")).test_client()


def search(client, query):
    return service_links(client.get("/cerca", query_string={"q": query}))


def test_help_to_wash_finds_home_care_first_and_not_every_service(default_client):
    found = search(default_client, "aiuto per lavarsi")
    assert found[0] == "sad-anziani"
    assert "morosita-incolpevole" not in found and "tirocini-inclusione" not in found
    assert len(found) <= 10


def test_one_word_about_washing_is_not_read_as_work(default_client):
    found = search(default_client, "lavarsi")
    assert found[0] == "sad-anziani"
    assert not {"lavoro-e-inclusione", "tirocini-inclusione"} & set(found)


def test_a_service_named_by_the_words_is_among_the_first(default_client):
    assert "contributo-affitto" in search(default_client, "affitto")[:3]
    assert search(default_client, "alzheimer")[0] == "centro-diurno-alzheimer"


def test_words_that_mean_nothing_here_find_nothing(default_client):
    assert search(default_client, "astronave xyzzy") == []


@pytest.mark.parametrize("path", ["/", "/servizi/sad-anziani", "/guida", "/chat", "/en/accesso/pua-latina-2"])
def test_every_page_has_a_search_box_in_its_header(default_client, path):
    form = page(default_client.get(path)).select_one("header form[role=search]")
    assert form is not None and form["method"] == "get" and form["action"].endswith("/cerca")
    assert text_of(form.select_one("label")) in ("Cerca un servizio", "Search for a service")


def test_the_kiosk_header_has_no_search_box(default_client):
    assert page(default_client.get("/chiosco/servizi/sad-anziani")).select_one("header form[role=search]") is None
