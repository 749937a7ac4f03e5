"""Issue 3: the guided questions on a phone, with JavaScript on and off, the QR code, the printed sheet."""
from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from finder.catalog import guided

from tests.helpers import PUBLIC_URL

pytestmark = pytest.mark.browser

QUESTIONS = ["Per chi cerchi aiuto?", "In quale comune vive?", "Di che cosa c'è bisogno?"]
RESULTS = "I servizi per te"


def chosen_path(catalog) -> dict:
    """A real path through the questions with at least two services at the end, read from the catalogue."""
    answers = guided.first_path_with(catalog, 2)
    assert answers is not None, "no path through the questions leads to two services"
    return answers


def biggest_result(catalog) -> dict:
    """The answers with the most services: the hardest sheet to fit on one page."""
    answers = [(len(guided.results(catalog, audience, comune.id, category.id, None, None)),
                {"audience": audience, "comune": comune.id, "category": category.id})
               for audience in catalog.audiences for comune in guided.comuni_for(catalog, audience)
               for category in guided.categories_for(catalog, audience, comune.id)]
    return max(answers, key=lambda pair: pair[0])[1]


def names(catalog, answers: dict) -> list[str]:
    return [str(catalog.audiences[answers["audience"]].name), catalog.comuni[answers["comune"]].name,
            str(catalog.categories[answers["category"]].name)]


def query_of(page) -> str:
    return urlsplit(page.url).query


def choose(page, label: str) -> None:
    page.locator("main .choice", has=page.locator(".choice-title", has_text=re.compile(
        "^" + re.escape(label) + "$"))).first.click()


def expect_step(page, heading: str, answered: dict) -> None:
    expect(page.locator("main h1")).to_have_text(heading)
    for key, value in answered.items():
        expect(page).to_have_url(re.compile(rf"[?&]{key}={re.escape(value)}(&|$)"))


def test_guided_flow_with_javascript(page, district_server, axe_check):
    catalog = district_server.catalog
    answers = chosen_path(catalog)
    labels = names(catalog, answers)
    page.goto(district_server.url + "/")
    page.get_by_role("link", name=re.compile("Rispondi a tre domande")).click()
    expect_step(page, QUESTIONS[0], {})
    axe_check(page)
    page.evaluate("window.stillTheSamePage = true")  # gone if a step reloads the whole page

    answered, urls = {}, [page.url]
    for (key, value), label, heading in zip(answers.items(), labels, QUESTIONS[1:] + [RESULTS]):
        choose(page, label)
        answered[key] = value
        expect_step(page, heading, answered)
        assert page.evaluate("window.stillTheSamePage === true"), "the step reloaded the page instead of a swap"
        # Focus follows the swap to the new question, so a screen reader reads it out.
        expect(page.locator("main h1")).to_be_focused()
        assert page.evaluate("document.activeElement === document.querySelector('main h1')")
        expect(page).to_have_title(re.compile(re.escape(heading)))
        urls.append(page.url)
        axe_check(page)

    expect(page.locator("main .service-card").first).to_be_visible()
    expect(page.locator("main .service-card .card-door").first).to_be_visible()

    # Back goes to the previous question, then the one before; forward comes back to the results.
    page.go_back()
    expect(page).to_have_url(urls[-2])
    expect(page.locator("main h1")).to_have_text(QUESTIONS[2])
    page.go_back()
    expect(page).to_have_url(urls[-3])
    expect(page.locator("main h1")).to_have_text(QUESTIONS[1])
    page.go_forward()
    expect(page.locator("main h1")).to_have_text(QUESTIONS[2])
    choose(page, labels[2])
    expect_step(page, RESULTS, answers)


def test_guided_flow_without_javascript(no_js_page, district_server, axe_check):
    page = no_js_page
    catalog = district_server.catalog
    answers = chosen_path(catalog)
    page.goto(district_server.url + "/guida")
    expect_step(page, QUESTIONS[0], {})
    answered = {}
    for (key, value), label, heading in zip(answers.items(), names(catalog, answers), QUESTIONS[1:] + [RESULTS]):
        choose(page, label)
        answered[key] = value
        expect_step(page, heading, answered)
    expect(page.locator("main .service-card .card-door").first).to_be_visible()
    page.go_back()
    expect(page.locator("main h1")).to_have_text(QUESTIONS[2])
    page.get_by_role("link", name=re.compile(r"cambia risposta\s*:\s*Comune")).click()
    expect(page.locator("main h1")).to_have_text(QUESTIONS[1])
    assert "comune=" not in query_of(page)


def test_qr_code_takes_the_phone_to_this_result(page, district_server):
    import zxingcpp  # from the test extra, with Pillow: a missing decoder fails the test, never skips it
    from PIL import Image

    answers = chosen_path(district_server.catalog)
    page.goto(district_server.url + "/guida?" + "&".join(f"{k}={v}" for k, v in answers.items()))
    expect(page.locator("main h1")).to_have_text(RESULTS)
    code = page.locator("main .take-away .qr-image")
    code.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(code.screenshot()))
    found = zxingcpp.read_barcodes(image)
    assert [barcode.format for barcode in found] == [zxingcpp.BarcodeFormat.QRCode]
    split = urlsplit(page.url)
    assert found[0].text == f"{PUBLIC_URL}{split.path}?{split.query}"
    assert code.get_attribute("data-qr-payload") == found[0].text


def test_print_sheet_fits_one_a4_page(page, district_server, axe_check):
    from pypdf import PdfReader

    catalog = district_server.catalog
    answers = biggest_result(catalog)
    page.goto(district_server.url + "/guida?" + "&".join(f"{k}={v}" for k, v in answers.items()))
    page.get_by_role("link", name="Foglio da stampare").click()
    expect(page).to_have_url(re.compile(r"/guida/foglio\?"))
    axe_check(page)

    page.emulate_media(media="print")
    sheet = page.locator("main")
    for piece in (".door .door-name", ".hours", ".documents li", ".qr-image svg"):
        expect(sheet.locator(piece).first).to_be_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = " ".join(part.extract_text() for part in pdf.pages)
    matches = guided.results(catalog, answers["audience"], answers["comune"], answers["category"], None, None)
    assert len(pdf.pages) == 1, f"{len(matches)} services printed on {len(pdf.pages)} A4 pages, not one"
    for match in matches:  # every service and its door, on paper (checked in the print layout)
        expect(sheet.locator(".sheet-service-name", has_text=str(match.service.name))).to_be_visible()
        if match.door:
            expect(sheet.locator(".door-name", has_text=str(match.door.name))).to_be_visible()
            if match.door.phone:
                assert match.door.phone in text  # short enough never to be split across lines


@pytest.mark.parametrize("where", ["home", "service", "results"])
def test_no_horizontal_scrolling_at_320px(new_page, district_server, where):
    page = new_page(viewport={"width": 320, "height": 640})
    catalog = district_server.catalog
    longest = max(catalog.services.values(), key=lambda service: len(str(service.name)))
    answers = biggest_result(catalog)
    path = {"home": "/", "service": f"/servizi/{longest.id}",
            "results": "/guida?" + "&".join(f"{k}={v}" for k, v in answers.items())}[where]
    page.goto(district_server.url + path)
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll_width <= client_width, f"{path} scrolls sideways at 320 px: {scroll_width} > {client_width}"
