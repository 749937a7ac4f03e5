"""Issue 13 on a phone: keep a list and find it after closing the browser, send it to one's own phone, see a
holiday close a door, be told early what an ISEE band means, and print a sheet in Arabic beside Italian."""
from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from finder.catalog import guided
from tests.browser.conftest import LiveServer
from tests.browser.test_guide import biggest_result
from tests.helpers import MINI, PUBLIC_URL
from tests.test_citizen_tools import with_patron_day

pytestmark = pytest.mark.browser

ADD = "Aggiungi alla mia lista"


def two_services(catalog) -> list:
    return [service for service in catalog.listed_services()][:2]


def test_my_list_is_still_there_after_the_browser_is_closed(new_page, live_server, axe_check):
    first, second = two_services(live_server.catalog)
    page = new_page()
    for service in (first, second):
        page.goto(f"{live_server.url}/servizi/{service.id}")
        page.get_by_role("link", name=ADD).click()
        expect(page.locator("main h1")).to_have_text("La mia lista")
    expect(page.locator(".my-list-item h2")).to_have_text([str(first.name), str(second.name)])
    axe_check(page)
    kept = page.context.storage_state()  # what the browser keeps on disk when it is closed
    page.context.close()

    again = new_page(storage_state=kept)
    again.goto(live_server.url + "/")
    again.get_by_role("link", name="La mia lista").click()
    expect(again.locator(".my-list-item h2")).to_have_text([str(first.name), str(second.name)])
    again.get_by_role("link", name=re.compile(r"Togli dalla lista\W+" + re.escape(str(first.name)))).click()
    expect(again.locator(".my-list-item h2")).to_have_text([str(second.name)])
    assert not again.js_errors, again.js_errors


def test_without_javascript_the_list_lives_in_its_address(no_js_page, new_page, district_server):
    answers = guided.first_path_with(district_server.catalog, 2)
    results = guided.results(district_server.catalog, **answers)
    no_js_page.goto(district_server.url + "/guida?" + "&".join(f"{k}={v}" for k, v in answers.items()))
    no_js_page.get_by_role("link", name="Metti questi servizi nella mia lista").click()
    names = [str(match.service.name) for match in results]
    expect(no_js_page.locator(".my-list-item h2")).to_have_text(names)
    no_js_page.get_by_role("link", name=re.compile(r"Togli dalla lista\W+" + re.escape(names[0]))).click()
    expect(no_js_page.locator(".my-list-item h2")).to_have_text(names[1:])
    bookmark = no_js_page.url
    later = new_page(java_script_enabled=False)
    later.goto(bookmark)
    expect(later.locator(".my-list-item h2")).to_have_text(names[1:])


def test_the_share_link_opens_the_list_on_another_phone(page, new_page, live_server):
    first, second = two_services(live_server.catalog)
    page.goto(f"{live_server.url}/lista?servizi={first.id},{second.id}")
    whatsapp = page.get_by_role("link", name="Invia con WhatsApp").get_attribute("href")
    sms = page.get_by_role("link", name="Invia con SMS").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/?text=") and sms.startswith("sms:")
    message = parse_qs(urlsplit(whatsapp).query)["text"][0]
    sent = re.search(r"https://\S+", message).group(0)
    assert sent.startswith(PUBLIC_URL + "/lista?servizi=") and sent in parse_qs(sms.split("?", 1)[1])["body"][0]
    other_phone = new_page(java_script_enabled=False)  # the person who received it opens the link
    other_phone.goto(live_server.url + sent.removeprefix(PUBLIC_URL))
    expect(other_phone.locator(".my-list-item h2")).to_have_text([str(first.name), str(second.name)])


def test_the_kiosk_offers_to_send_the_page_through_whatsapp(page, live_server):
    import zxingcpp
    from PIL import Image

    service = two_services(live_server.catalog)[0]
    page.goto(f"{live_server.url}/chiosco/servizi/{service.id}")
    code = page.locator(".handoff .share-code .qr-image")
    code.scroll_into_view_if_needed()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
    assert found and found[0].text.startswith("https://wa.me/?text=")
    assert f"{PUBLIC_URL}/servizi/{service.id}" in parse_qs(urlsplit(found[0].text).query)["text"][0]
    expect(page.get_by_role("link", name=ADD)).to_have_count(0)  # a shared screen keeps no list


@pytest.fixture
def holiday_server(tmp_path):
    """The fixture district where today is Sezze's patron saint's day, and its desk opens every day."""
    text = with_patron_day(MINI.read_text(encoding="utf-8"), "sezze", f"{date.today():%m-%d}")
    text = text.replace('      mon: ["09:00-12:30"]\n', "".join(
        f'      {day}: ["09:00-12:30"]\n' for day in ("mon", "wed", "sat", "sun")), 1)
    content = tmp_path / "services.yaml"
    content.write_text(text, encoding="utf-8")
    server = LiveServer(content, tmp_path / "data")
    yield server
    server.stop()


def test_on_a_holiday_the_door_says_closed_for_the_holiday(page, holiday_server, axe_check):
    page.goto(holiday_server.url + "/comuni/sezze")
    expect(page.locator(".door .opening").first).to_contain_text("Chiuso per festività")
    page.goto(holiday_server.url + "/en/accesso/segretariato-sezze")
    expect(page.locator(".door .opening, .opening").first).to_contain_text("Closed for a public holiday")
    axe_check(page)


def test_an_isee_band_changes_what_the_page_says(page, district_server, axe_check):
    service = next(service for service in district_server.catalog.listed_services() if service.isee_max)
    page.goto(f"{district_server.url}/servizi/{service.id}")
    band = page.get_by_label("ISEE della famiglia")
    options = band.locator("option").all_text_contents()
    band.select_option(label=options[2])  # più di …
    page.get_by_role("button", name="Controlla").click()
    status = page.locator("#idoneita [role=status]")
    expect(status).to_have_text("Probabilmente non ne hai diritto, ma chiedi comunque allo sportello.")
    expect(page.locator("main h1")).to_have_text(str(service.name))  # the service is still there
    axe_check(page)
    page.get_by_label("ISEE della famiglia").select_option(label=options[1])  # fino a …
    page.get_by_role("button", name="Controlla").click()
    expect(status).to_contain_text("probabilmente ne hai diritto")


def test_the_sheet_prints_on_one_a4_page_in_arabic_and_italian(page, district_server, axe_check):
    from pypdf import PdfReader

    catalog = district_server.catalog
    answers = biggest_result(catalog)
    page.goto(district_server.url + "/ar/guida/foglio?" + "&".join(f"{k}={v}" for k, v in answers.items()))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    axe_check(page)
    page.emulate_media(media="print")
    matches = guided.results(catalog, **answers)
    for match in matches:  # each service in Arabic (where translated) and, beside it, in Italian
        italian = page.locator(".sheet-italian", has_text=str(match.service.name))
        expect(italian.locator(".sheet-service-name")).to_be_visible()
        expect(italian.locator(".label").last).to_have_text("Documenti da portare:")
        expect(page.locator(".sheet-side:not(.sheet-italian) .sheet-service-name",
                            has_text=match.service.name.get("ar"))).to_be_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) == 1, f"{len(matches)} services in Arabic and Italian printed on {len(pdf.pages)} A4 pages"
