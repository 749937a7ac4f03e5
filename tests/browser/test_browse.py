"""Issue 2: a person browses from the home page to a service, searches with a typo, opens a comune."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TYPO = "badnte"  # "badante", mistyped


def about_carers(district_server) -> set[str]:
    """The services the district itself describes with the word "badante"."""
    services = district_server.catalog.services.values()
    return {service.id for service in services if any("badant" in phrase for phrase in service.keywords.all())}


def first_audience(district_server) -> str:
    return next(iter(district_server.catalog.audiences))


def found_services(page) -> set[str]:
    links = page.locator("#search-results .card-title a").evaluate_all("links => links.map(a => a.pathname)")
    return {link.rsplit("/", 1)[-1] for link in links}


def test_home_to_a_service_through_the_catalogue(page, district_server, axe_check):
    page.goto(district_server.url + "/")
    expect(page.locator("h1")).to_have_text("Di che aiuto hai bisogno?")
    axe_check(page)

    page.get_by_role("link", name=re.compile("Guarda tutti i servizi")).first.click()
    expect(page).to_have_url(re.compile(r"/servizi$"))
    expect(page.locator("h1")).to_have_text("Tutti i servizi")
    axe_check(page)

    # Narrow the list the way a person would: the filter swaps the list in place (htmx).
    audience = first_audience(district_server)
    page.get_by_label("Per chi").select_option(audience)
    expect(page).to_have_url(re.compile(rf"audience={audience}"))
    expect(page.locator(".card-title").first).to_be_visible()
    axe_check(page)

    first = page.locator(".service-card .card-title a").first
    name = first.inner_text().strip()
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page).to_have_url(re.compile(r"/servizi/[a-z0-9-]+$"))
    expect(page.locator("#canali")).to_be_visible()
    axe_check(page)


def test_catalogue_filters_without_javascript(no_js_page, district_server):
    page = no_js_page
    page.goto(district_server.url + "/servizi")
    total = page.locator(".service-card").count()
    audience = first_audience(district_server)
    page.get_by_label("Per chi").select_option(audience)
    page.get_by_role("button", name="Filtra").click()
    expect(page).to_have_url(re.compile(rf"audience={audience}"))
    assert 0 < page.locator(".service-card").count() < total


def test_live_search_with_a_typo(page, district_server, axe_check):
    page.goto(district_server.url + "/cerca")
    axe_check(page)
    box = page.get_by_role("searchbox", name="Cerca un servizio")
    box.press_sequentially(TYPO, delay=40)  # typed, key by key: no button pressed
    results = page.locator("#search-results .service-card")
    expect(results.first).to_be_visible()
    expect(page.locator("#search-results .count")).to_contain_text(TYPO)
    assert found_services(page) & about_carers(district_server)
    expect(page).to_have_url(re.compile(r"/cerca\?q=" + TYPO))
    expect(page.locator("h1")).to_have_text("Cerca un servizio")  # the page stayed, only results swapped
    expect(box).to_be_focused()  # typing goes on: the swap must not take the focus away
    axe_check(page)


def test_search_with_a_typo_without_javascript(no_js_page, district_server):
    page = no_js_page
    page.goto(district_server.url + "/cerca")
    page.get_by_role("searchbox", name="Cerca un servizio").fill(TYPO)
    page.get_by_role("button", name="Cerca", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cerca\?q=" + TYPO))
    expect(page.locator("#search-results .service-card").first).to_be_visible()
    assert found_services(page) & about_carers(district_server)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_comune_page_shows_the_door_its_status_and_phone(new_page, district_server, javascript, axe_check):
    page = new_page(java_script_enabled=javascript)
    page.goto(district_server.url + "/")
    comune = page.locator("#comuni-title + .chips a").first
    name = comune.inner_text().strip()
    comune.click()
    expect(page.locator("h1")).to_contain_text(name)
    door = page.locator("main .door").first
    expect(door.locator(".door-name")).to_be_visible()
    expect(door.locator(".opening")).to_have_text(re.compile(r"\S"))
    assert door.locator(".opening").get_attribute("class") in ("opening is-open", "opening is-closed")
    phone = door.locator("a[href^='tel:']").first
    expect(phone).to_be_visible()
    assert re.fullmatch(r"tel:\+?[0-9]+", phone.get_attribute("href"))
    if javascript:
        axe_check(page)
