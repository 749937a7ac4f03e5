"""'Segnala un errore': a citizen taps what is wrong; editors see the counts on /stato and in `finder reports`."""
from __future__ import annotations

import pytest

from tests.helpers import MINI, csrf_token_of, finder, main_text, make_app, page, text_of

SERVICE = "/servizi/assistenza-domiciliare"
DOOR = "/accesso/segretariato-sezze"


@pytest.fixture
def writable_app(tmp_path):
    return make_app(MINI, tmp_path / "data")


def report(client, path, problem, prefix=""):
    form = page(client.get(prefix + path)).select_one("#segnala form")
    token = form.select_one("input[name=csrf_token]")["value"]
    return client.post(form["action"], data={"problema": problem, "csrf_token": token})


@pytest.mark.parametrize("path", [SERVICE, DOOR])
@pytest.mark.parametrize("prefix", ["", "/en", "/chiosco"])
def test_every_service_and_door_page_offers_five_choices_and_nothing_to_type(client, path, prefix):
    form = page(client.get(prefix + path)).select_one("#segnala form")
    assert form["method"] == "post"
    assert [field["value"] for field in form.select("input[name=problema]")] == ["phone", "hours", "moved", "gone", "other"]
    assert not form.select("textarea, input[type=text], input[type=email], input[type=tel]")


def test_a_report_thanks_the_citizen_and_appears_on_the_status_page(writable_app):
    client = writable_app.test_client()
    response = report(client, SERVICE, "phone")
    assert response.status_code == 303
    thanked = client.get(response.headers["Location"])
    assert "la redazione controllerà" in text_of(page(thanked).select_one("#segnala [role=status]"))
    report(client, DOOR, "hours")
    report(client, SERVICE, "phone")
    rows = [[text_of(cell) for cell in row.select("td")[:3]]
            for row in page(client.get("/stato")).select("table.reports tbody tr")]
    assert rows[0] == ["Assistenza domiciliare per anziani", "Il telefono non risponde", "2"]
    assert rows[1][1:] == ["Gli orari sono sbagliati", "1"]


def test_the_kiosk_reports_and_stays_in_the_kiosk(writable_app):
    client = writable_app.test_client()
    response = report(client, SERVICE, "gone", prefix="/chiosco")
    assert response.headers["Location"].startswith("/chiosco" + SERVICE)


@pytest.mark.parametrize("action, data, status", [
    ("/segnala/servizio/assistenza-domiciliare", {"problema": "il telefono è sempre occupato"}, 400),
    ("/segnala/servizio/assistenza-domiciliare", {}, 400),
    ("/segnala/servizio/non-esiste", {"problema": "phone"}, 404),
    ("/segnala/ufficio/assistenza-domiciliare", {"problema": "phone"}, 404),
])
def test_a_bad_report_gets_a_clear_error_and_is_not_counted(writable_app, action, data, status):
    client = writable_app.test_client()
    token = csrf_token_of(client, SERVICE)
    assert client.post(action, data={**data, "csrf_token": token}).status_code == status
    assert "Nessuna segnalazione" in main_text(client.get("/stato"))


def test_one_client_cannot_flood_the_counts(writable_app):
    client = writable_app.test_client()
    statuses = [report(client, SERVICE, "other").status_code for _ in range(6)]
    assert statuses == [303] * 5 + [429]
    assert "Puoi riprovare dalle" in main_text(report(client, SERVICE, "other"))


def test_the_daily_digest_lists_the_days_reports(writable_app, runner, monkeypatch):
    client = writable_app.test_client()
    report(client, DOOR, "moved")
    report(client, DOOR, "moved")
    monkeypatch.setenv("FINDER_REPORTS", writable_app.config["FINDER_REPORTS"])
    result = finder(runner, "reports", "--content", MINI)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "    2  Segretariato sociale di Sezze (access_point segretariato-sezze): the office has moved"]
    assert finder(runner, "reports", "--content", MINI, "--day", "2020-01-01").output.startswith("2020-01-01: 0 reports")
