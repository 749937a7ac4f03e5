"""The read-only JSON API and the open-data page, as another site or a developer uses them."""
from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from tests.helpers import main_text, page
from finder.settings import PACKAGE_DIR
from finder.catalog.hours import ROME


def test_the_service_list_is_open_to_every_site(client):
    response = client.get("/api/v1/services", headers={"Origin": "https://altro-sito.example"})
    assert response.status_code == 200 and response.is_json
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json["licence"]["name"] == "CC BY 4.0"
    first = response.json["services"][0]
    assert first["id"] == "assistenza-domiciliare"
    assert first["name"] == {"it": "Assistenza domiciliare per anziani", "en": "Home care for older people"}


def test_an_unchanged_answer_is_not_sent_again(client):
    etag = client.get("/api/v1/services").headers["ETag"]
    assert client.get("/api/v1/services", headers={"If-None-Match": etag}).status_code == 304


def test_a_service_in_full(client):
    service = client.get("/api/v1/services/assistenza-domiciliare").json
    assert service["comuni"] == ["sezze", "priverno", "roccagorga"]
    assert service["reviewed"].count("-") == 2
    assert set(service) >= {"documents", "eligibility", "cost", "how_to_apply", "access_points"}


def test_a_door_says_whether_it_is_open_now(client, app):
    point = client.get("/api/v1/access-points/segretariato-sezze").json
    assert point["hours"]["mon"] == ["09:00-12:30"]
    door = app.extensions["finder_content"].current().catalog.access_points["segretariato-sezze"]
    now = datetime.now(ROME)
    expected = any(start <= now.time() < end for start, end in door.hours.get(
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[now.weekday()], [])) and now.date() not in door.closed
    assert point["open_now"] is expected


def test_a_comune_lists_its_door_and_services(client):
    comune = client.get("/api/v1/comuni/sezze").json
    assert (comune["istat"], comune["access_point"]) == ("059029", "segretariato-sezze")
    assert "assistenza-domiciliare" in comune["services"]


@pytest.mark.parametrize("path", ["/api/v1/services/nessuno", "/api/v1/comuni/nessuno",
                                  "/api/v1/access-points/nessuno"])
def test_an_unknown_id_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.json == {"error": "not found"}


def test_the_openapi_file_documents_every_route(client, app):
    spec = yaml.safe_load(client.get("/static/openapi.yaml").get_data(as_text=True))
    routes = {rule.rule.replace("<", "{").replace(">", "}").replace("{service_id}", "{id}")
              .replace("{comune_id}", "{id}").replace("{access_point_id}", "{id}")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert set(spec["paths"]) == routes
    assert (PACKAGE_DIR / "static" / "openapi.yaml").exists()


def test_the_open_data_page_gives_licence_and_links(client):
    response = client.get("/dati-aperti")
    assert "CC BY 4.0" in main_text(response)
    links = [link["href"] for link in page(response).select("main a")]
    assert "/api/v1/services" in links and "/static/openapi.yaml" in links
    assert "/dati-aperti" in [link["href"] for link in page(client.get("/")).select("footer a")]
