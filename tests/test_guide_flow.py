"""The guided questions, walked the way a person would: every audience × comune × category path of the
default district and of the Crotone one ends in services (each with its door) or in the fallback doors."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from finder import create_app

REPO = Path(__file__).resolve().parents[1]
DISTRICTS = {
    "default": REPO / "content" / "services.yaml",
    "crotone": REPO.parent / "shared" / "eval" / "crotone" / "services.yaml",
}


@pytest.fixture(scope="module", params=sorted(DISTRICTS))
def district(request, tmp_path_factory):
    app = create_app({"FINDER_CONTENT": str(DISTRICTS[request.param]), "TESTING": True,
                      "FINDER_DATA": str(tmp_path_factory.mktemp("data")), "FINDER_WATCH_CONTENT": False,
                      "FINDER_PUBLIC_URL": "https://servizi.esempio.it"})
    with app.app_context():
        catalog = app.extensions["finder_content"].current().catalog
    return app.test_client(), catalog


def page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def choices(soup: BeautifulSoup) -> list[dict]:
    """The answers offered as big buttons: the query of each link."""
    return [{key: values[0] for key, values in parse_qs(urlparse(link["href"]).query).items()}
            for link in soup.select(".choices a.choice")]


def walk_paths(client):
    """Follow the links a person can tap, from the first question to every result page."""
    first = page(client.get("/guida"))
    assert first.h1.get_text(strip=True) == "Per chi cerchi aiuto?"
    for audience_answer in choices(first):
        second = page(client.get("/guida", query_string=audience_answer))
        assert second.h1.get_text(strip=True) == "In quale comune vive?"
        for comune_answer in choices(second):
            third = page(client.get("/guida", query_string=comune_answer))
            assert third.h1.get_text(strip=True) == "Di che cosa c'è bisogno?"
            for category_answer in choices(third):
                yield category_answer, page(client.get("/guida", query_string=category_answer))


def test_every_path_ends_in_services_with_their_doors(district):
    client, catalog = district
    walked = 0
    for answers, result in walk_paths(client):
        walked += 1
        comune = catalog.comuni[answers["comune"]]
        cards = result.select(".service-card")
        expected = catalog.services_for(answers["audience"], comune.id, answers["category"])
        assert cards, f"no service for {answers}: the category step offered a choice that leads to nothing"
        assert len(cards) == len(expected)
        for card in cards:
            service_id = card.select_one(".card-title a")["href"].rsplit("/", 1)[-1]
            service = catalog.services[service_id]
            assert service.offered, f"{service_id} is suspended or closed and must not be offered"
            door_shown = card.select_one(".card-door .door-name a")["href"].removeprefix("#porta-")
            assert result.select_one(f"#porta-{door_shown} .hours, #porta-{door_shown} .opening"), "the door, below"
            expected_door = service.access_points if service.access_points else (comune.access_point,)
            assert door_shown in expected_door, (answers, service_id, door_shown)
    assert walked >= len(catalog.audiences)


def test_categories_offered_always_lead_somewhere(district):
    client, catalog = district
    for audience in catalog.audiences:
        for comune in catalog.comuni:
            soup = page(client.get("/guida", query_string={"audience": audience, "comune": comune}))
            for answer in choices(soup):
                assert catalog.services_for(audience, comune, answer["category"])


def test_results_show_why_door_hours_documents_and_a_qr_of_the_result(district):
    client, catalog = district
    answers, result = next(walk_paths(client))
    comune = catalog.comuni[answers["comune"]]
    card = result.select_one(".service-card")
    assert comune.name in result.select_one(".count .why").get_text()  # said once, above the cards
    assert card.select_one(".card-door .door-name").get_text(strip=True)  # the card says which door
    assert result.select_one(".doors .opening").get_text(strip=True)  # the door says when it opens
    assert card.select_one(".documents-block")
    doors = [door["id"] for door in result.select(".doors .door")]
    assert doors and len(doors) == len(set(doors)), "each door once, with its hours"
    qr = result.select_one(".qr [data-qr-payload]")
    assert qr["data-qr-payload"].startswith("https://servizi.esempio.it/guida?")
    assert qr.svg is not None
    assert "Inquadra per portare questa pagina sul telefono" in result.get_text()


def test_print_sheet_holds_door_hours_and_documents(district):
    client, catalog = district
    answers, result = next(walk_paths(client))
    sheet_link = next(a["href"] for a in result.select("a") if a.get_text(strip=True) == "Foglio da stampare")
    sheet = page(client.get(sheet_link))
    first = catalog.services_for(answers["audience"], answers["comune"], answers["category"])
    text = sheet.get_text(" ")
    assert any(str(service.name) in text for service in first)
    assert sheet.select(".door .door-name")
    assert sheet.select(".documents li") or "Nessun documento" in text
    door_with_hours = [door for door in sheet.select(".door") if door.select(".hours")]
    by_appointment = "Solo su appuntamento" in text
    assert door_with_hours or by_appointment


@pytest.mark.parametrize("query, step", [
    ({"audience": "nessuno"}, "Per chi cerchi aiuto?"),
    ({"audience": "__first__", "comune": "atlantide"}, "In quale comune vive?"),
    ({"audience": "__first__", "comune": "__first__", "category": "boh"}, "Di che cosa c'è bisogno?"),
])
def test_unknown_id_shows_the_step_again_politely(district, query, step):
    client, catalog = district
    audience = next(iter(catalog.audiences))
    comune = next(iter(catalog.comuni))
    query = {key: {"audience": audience, "comune": comune}[key] if value == "__first__" else value
             for key, value in query.items()}
    soup = page(client.get("/guida", query_string=query))
    assert soup.h1.get_text(strip=True) == step
    assert "non è più valida" in soup.select_one(".notice").get_text()


def test_comune_typed_with_a_typo_is_found(district):
    client, catalog = district
    audience = next(iter(catalog.audiences))
    comune = max(catalog.comuni.values(), key=lambda c: len(c.name))
    typo = comune.name[:-2] + comune.name[-1]  # one letter dropped near the end
    soup = page(client.get("/guida", query_string={"audience": audience, "comune_q": typo}))
    assert choices(soup)[0]["comune"] == comune.id


def test_each_step_has_progress_change_answer_and_restart(district):
    client, catalog = district
    audience = next(iter(catalog.audiences))
    soup = page(client.get("/guida", query_string={"audience": audience}))
    assert soup.select_one(".progress").get_text(strip=True) == "Domanda 2 di 3"
    assert "cambia risposta" in soup.select_one(".answers").get_text()
    assert any(a.get_text(strip=True) == "Ricomincia" for a in soup.select("a"))
    assert any("emergenz" in a["href"] for a in soup.select("a[href]"))


def test_htmx_gets_the_step_alone_and_a_plain_request_the_whole_page(district):
    client, catalog = district
    audience = next(iter(catalog.audiences))
    partial = client.get("/guida", query_string={"audience": audience}, headers={"HX-Request": "true"})
    full = client.get("/guida", query_string={"audience": audience})
    assert b"<html" not in partial.data and b"In quale comune vive?" in partial.data
    assert b"<html" in full.data
    assert "HX-Request" in partial.headers["Vary"]


def test_an_age_refiner_says_who_probably_qualifies_and_hides_nobody(district):
    client, catalog = district
    for answers, result in walk_paths(client):
        refine = result.select_one("form.refine")
        if refine is None or not refine.select_one("#refine-age"):
            continue
        ages = [service.age for service in catalog.services_for(answers["audience"], answers["comune"],
                                                                  answers["category"]) if service.age]
        young = min((age.min for age in ages if age.min is not None), default=0) - 1
        if young < 0:
            continue
        refined = page(client.get("/guida", query_string={**answers, "age": young}))
        cards = refined.select(".service-card")
        assert len(cards) == len(result.select(".service-card"))
        ruled_out = [index for index, card in enumerate(cards) if card.select_one(".eligibility.is-unlikely")]
        assert ruled_out and ruled_out == list(range(len(cards) - len(ruled_out), len(cards)))  # last, not gone
        return
    raise AssertionError("both districts have services that differ by age: the age refiner should show")
