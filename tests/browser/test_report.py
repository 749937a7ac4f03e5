"""'Segnala un errore' on a phone: tapped, thanked, and counted on the editors' page; JavaScript off too."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def tap_a_report(page, url, choice):
    page.goto(url)
    page.get_by_text("Qualcosa non è giusto in questa pagina?").tap()
    page.get_by_label(choice).tap()
    page.get_by_role("button", name="Invia la segnalazione").tap()
    expect(page.get_by_role("status")).to_contain_text("la redazione controllerà")


def test_a_report_tapped_on_a_phone_appears_on_the_status_page(page, live_server, axe_check):
    point = next(iter(live_server.catalog.access_points.values()))
    page.goto(f"{live_server.url}/accesso/{point.id}")
    page.get_by_text("Qualcosa non è giusto in questa pagina?").tap()
    axe_check(page)  # the open form too
    tap_a_report(page, f"{live_server.url}/accesso/{point.id}", "Gli orari sono sbagliati")
    page.goto(live_server.url + "/stato")
    row = page.locator("table.reports tr", has_text=point.name.get("it"))
    expect(row).to_contain_text("Gli orari sono sbagliati")
    axe_check(page)


def test_the_report_works_without_javascript(new_page, live_server):
    page = new_page(java_script_enabled=False)
    service = next(service for service in live_server.catalog.services.values() if service.listed)
    tap_a_report(page, f"{live_server.url}/servizi/{service.id}", "Il servizio non esiste più")
    page.goto(live_server.url + "/stato")
    expect(page.locator("table.reports tr", has_text="Il servizio non esiste più")).to_have_count(1)
