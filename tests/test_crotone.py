"""The Crotone example district (kept beside the repository, in shared/), alone and together with another
district's file: the site shows what the file holds, and two files with one id are refused, naming both."""
from __future__ import annotations

import os

import pytest
import yaml

from tests.helpers import CROTONE, MINI, finder, make_app, page, service_links, text_of

DATA = yaml.safe_load(CROTONE.read_text(encoding="utf-8")) if CROTONE.exists() else {}
COMUNI = {comune["id"]: comune["name"] for comune in DATA.get("comuni", [])}
SERVICES = [service["id"] for service in DATA.get("services", []) if service.get("status") != "closed"]


def offered_in(comune_id):
    return [service["id"] for service in DATA["services"]
            if service.get("status") != "closed" and comune_id in service.get("comuni", [comune_id])]


def test_the_example_district_is_there():
    assert CROTONE.exists(), f"expected the Crotone district beside the repository: {CROTONE}"
    assert len(COMUNI) == 7 and len(SERVICES) >= 20


def test_home_lists_every_comune(crotone_client):
    soup = page(crotone_client.get("/"))
    links = {link["href"]: text_of(link) for link in soup.select("a[href^='/comuni/']")}
    assert links == {f"/comuni/{id}": name for id, name in COMUNI.items()}
    assert "Ambito territoriale sociale di Crotone" in text_of(soup.select_one(".brand"))


def test_home_shows_the_national_emergency_numbers(crotone_client):
    phones = [text_of(span) for span in page(crotone_client.get("/")).select("#emergenze .phone")]
    for number in ("112", "1522", "114", "19696"):
        assert number in phones
    assert len(phones) == len(set(phones))  # a number shared by two emergencies is shown once


def test_the_catalogue_lists_every_service(crotone_client):
    response = crotone_client.get("/servizi")
    assert service_links(response) == SERVICES
    assert text_of(page(response).select_one(".count")) == f"{len(SERVICES)} servizi"


@pytest.mark.parametrize("comune", ["cutro", "scandale", "crotone"])
def test_a_comune_shows_its_door_and_the_services_offered_there(crotone_client, comune):
    soup = page(crotone_client.get(f"/comuni/{comune}"))
    assert text_of(soup.select_one("h1")) == f"Servizi sociali a {COMUNI[comune]}"
    door_id = next(c["access_point"] for c in DATA["comuni"] if c["id"] == comune)
    door = next(point for point in DATA["access_points"] if point["id"] == door_id)
    assert soup.select_one(".door .door-name a")["href"] == f"/accesso/{door_id}"
    assert soup.select_one(".door a[href^='tel:']")["href"] == "tel:" + door["phone"].replace(" ", "")
    assert [link["href"].rsplit("/", 1)[-1] for link in soup.select(".service-card .card-title a")] == offered_in(comune)


def test_cutro_page(crotone_client):
    soup = page(crotone_client.get("/comuni/cutro"))
    assert "Piazza del Popolo 1, 88842 Cutro" in text_of(soup.select_one(".door .contact"))
    assert [text_of(row.th) for row in soup.select(".door table.hours tr")] == ["lunedì", "mercoledì", "giovedì", "venerdì"]
    assert "pasti-a-domicilio" in [a["href"].rsplit("/", 1)[-1] for a in soup.select(".service-card .card-title a")]


def test_scandale_is_not_offered_the_meals(crotone_client):
    assert "pasti-a-domicilio" not in service_links(crotone_client.get("/servizi?comune=scandale"))
    assert "pasti-a-domicilio" in service_links(crotone_client.get("/servizi?comune=cutro"))


def test_a_translated_service_shows_in_english(crotone_client):
    soup = page(crotone_client.get("/en/servizi/assistenza-domiciliare-anziani"))
    assert text_of(soup.select_one("h1")) == "Home care for older people (SAD)"
    assert soup.select_one("html")["lang"] == "en"


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_page_renders(crotone_client, service):
    response = crotone_client.get(f"/servizi/{service}")
    assert response.status_code == 200
    assert page(response).select_one("#canali a[href^='/accesso/']") is not None


@pytest.mark.parametrize("point", [point["id"] for point in DATA.get("access_points", [])])
def test_every_access_point_page_renders(crotone_client, point):
    assert crotone_client.get(f"/accesso/{point}").status_code == 200


# --- several districts on one site ------------------------------------------------------------
@pytest.fixture
def two_districts(tmp_path):
    return make_app(os.pathsep.join([str(MINI), str(CROTONE)]), tmp_path / "data").test_client()


def test_two_files_load_together(two_districts):
    home = page(two_districts.get("/"))
    comuni = [link["href"] for link in home.select("a[href^='/comuni/']")]
    assert comuni == ["/comuni/sezze", "/comuni/priverno", "/comuni/roccagorga"] + [f"/comuni/{id}" for id in COMUNI]
    assert len(service_links(two_districts.get("/servizi"))) == 6 + len(SERVICES)
    brand = text_of(home.select_one(".brand"))
    assert "Distretto socio-sanitario Monti Lepini" in brand and "Ambito territoriale sociale di Crotone" in brand


def test_each_comune_gets_only_its_own_districts_services(two_districts):
    sezze = service_links(two_districts.get("/servizi?comune=sezze"))
    cutro = service_links(two_districts.get("/servizi?comune=cutro"))
    assert "assistenza-domiciliare" in sezze and "assistenza-domiciliare-anziani" not in sezze
    assert "assistenza-domiciliare-anziani" in cutro and "assistenza-domiciliare" not in cutro


def test_search_covers_both_files(two_districts):
    found = service_links(two_districts.get("/cerca?q=pasti"))
    assert "pasti-a-domicilio" in found
    assert "trasporto-sociale" in service_links(two_districts.get("/cerca?q=pulmino"))


@pytest.fixture
def clashing(tmp_path):
    """A copy of the small district that reuses a service id of Crotone's."""
    path = tmp_path / "lepini.yaml"
    text = MINI.read_text(encoding="utf-8").replace("  - id: aiuto-affitto\n", "  - id: contributo-affitto\n")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - id: contributo-affitto") + 1
    return path, line


def test_an_id_clash_between_files_is_reported_naming_both(runner, clashing):
    path, line = clashing
    result = finder(runner, "check", CROTONE, path)
    assert result.exit_code == 1
    assert (f"{path}:{line}: services[contributo-affitto].id: l'id `contributo-affitto` è già usato in {CROTONE}"
            in result.output.splitlines()[0])


def test_a_site_with_clashing_files_refuses_them_and_says_why(tmp_path, clashing):
    path, line = clashing
    client = make_app(os.pathsep.join([str(CROTONE), str(path)]), tmp_path / "data").test_client()
    assert client.get("/servizi").status_code == 503
    problems = [text_of(item) for item in page(client.get("/stato")).select(".problems li")]
    assert [problem for problem in problems if str(path) in problem and str(CROTONE) in problem] == [
        f"{path}:{line}: services[contributo-affitto].id: "
        f"l'id `contributo-affitto` è già usato in {CROTONE}: ogni id deve essere unico"]
