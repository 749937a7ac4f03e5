"""The kiosk (`/chiosco`) through the test client: it never lets a person out, keeps nothing, and hands
every page over to a phone as the ordinary page."""
from __future__ import annotations

import re
from collections import deque
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask import render_template_string

from tests.helpers import CROTONE, PUBLIC_URL, make_app, page, post_chat, text_of
from finder.i18n import LANGUAGES
from finder.presenting import markdown
from finder.qr import qr_svg
from finder.routes import guide

KIOSK_PATH = re.compile(r"^/(?:(?:" + "|".join(code for code in LANGUAGES if code != "it") + r")/)?chiosco(?:/|$)")
LINKING_ATTRIBUTES = ("href", "action", "hx-get", "hx-post", "formaction", "src")


@pytest.fixture
def kiosk_app(public_crotone_app):
    return public_crotone_app


@pytest.fixture
def kiosk(kiosk_app):
    return kiosk_app.test_client()


def catalog_of(app):
    with app.app_context():
        return app.extensions["finder_content"].current().catalog


def links_of(soup):
    """(attribute, value) of everything on the page that sends the browser somewhere."""
    for attribute in LINKING_ATTRIBUTES:
        for element in soup.find_all(attrs={attribute: True}):
            if element.name == "form" and element.get("method", "get").lower() == "post":
                continue  # a report form sends, it does not lead anywhere
            yield element, attribute, element[attribute]


# What people write in the kiosk's forms: a danger (numbers first), a need, and a search word.
TYPED = ("mio marito mi picchia e ho paura", "mia madre ha 85 anni e non riesce più a lavarsi", "anziani")


def crawl(client, start="/chiosco/", follow=lambda path: True):
    """Every page reachable from `start` as a person reaches it: following links, and filling in and
    sending every form (GET forms are links with values; POST forms, the chat, are sent as well)."""
    seen, queue, pages = {start}, deque([("GET", start, None)]), {}
    while queue:
        method, url, data = queue.popleft()
        response = client.open(url, method=method, data=data)
        key = url if method == "GET" else f"{method} {url} {data}"
        assert response.status_code in (200, 302, 303), f"{key}: {response.status_code}"
        if response.status_code in (302, 303):
            pages[key] = (response, None)
            _visit(queue, seen, response.headers["Location"], follow)
            continue
        soup = page(response)
        pages[key] = (response, soup)
        for element, attribute, value in links_of(soup):
            split = urlsplit(value)
            if attribute == "src" or split.scheme or not split.path or split.path.startswith("/static/"):
                continue
            _visit(queue, seen, split.path + (f"?{split.query}" if split.query else ""), follow)
        for form in soup.find_all("form"):
            _send(queue, seen, form, follow)
    return pages


def _visit(queue, seen, target, follow) -> None:
    if target not in seen and follow(target):
        seen.add(target)
        queue.append(("GET", target, None))


def _send(queue, seen, form, follow) -> None:
    """The form filled in as a person would, once with each of the TYPED texts (each kind of form once:
    the same form on another page, or with another conversation in it, leads nowhere new)."""
    action = form.get("action") or ""
    writable = [field for field in form.find_all(["textarea", "input"], attrs={"name": True})
                if field.name == "textarea" or field.get("type") in (None, "text", "search")]
    # a form with nothing to write (a report's choices) is the same form on every page: sent once
    where = action if writable else action.rsplit("/", 1)[0]
    for typed in TYPED if writable else TYPED[:1]:
        kind = (where, tuple(sorted(field["name"] for field in form.find_all(attrs={"name": True}))), typed)
        if kind in seen:
            continue
        seen.add(kind)
        values = {field["name"]: field.get("value", "") for field in form.find_all("input", attrs={"name": True})
                  if field.get("type") not in ("checkbox", "radio", "submit")}
        values.update({field["name"]: typed for field in form.find_all(["textarea", "input"], attrs={"name": True})
                       if field.name == "textarea" or field.get("type") in (None, "text", "search")})
        for radio in form.find_all("input", attrs={"type": "radio", "name": True}):
            values.setdefault(radio["name"], radio.get("value", ""))  # the first choice of each group
        for select in form.find_all("select", attrs={"name": True}):
            options = [option.get("value", "") for option in select.find_all("option") if option.get("value")]
            values[select["name"]] = options[0] if options else ""
        if form.get("method", "get").lower() == "post":
            queue.append(("POST", action, values))
        else:
            _visit(queue, seen, f"{action}?{urlencode(values)}", follow)


def italian_or_front(path: str) -> bool:
    """All of the kiosk in Italian; in the other languages the attract screen and the first step of each
    way in (the same templates, only the words change)."""
    first = path.strip("/").split("/", 1)[0]
    if first not in LANGUAGES:
        return True
    return path.split("?", 1)[0].rstrip("/").count("/") <= 3 and "?" not in path


@pytest.fixture(scope="module")
def crawled(public_crotone_app):
    """One crawl for the module: a few hundred pages."""
    return crawl(public_crotone_app.test_client(), follow=italian_or_front)


def test_the_crawl_reaches_every_kind_of_page(crawled, kiosk_app):
    catalog = catalog_of(kiosk_app)
    print(len(crawled), "kiosk pages crawled")
    paths = {urlsplit(url).path for url in crawled}
    assert {"/chiosco/guida", "/chiosco/servizi", "/chiosco/cerca", "/en/chiosco/"} <= paths
    assert {f"/chiosco/servizi/{service.id}" for service in catalog.listed_services()} <= paths
    assert {f"/chiosco/comuni/{comune}" for comune in catalog.comuni} <= paths
    results = [url for url in crawled if {"audience", "comune", "category"} <= set(parse_qs(urlsplit(url).query))]
    assert len(results) > 20, "the crawl should walk the guided questions down to their results"


def test_every_kiosk_link_stays_in_the_kiosk(crawled):
    for url, (response, soup) in crawled.items():
        if soup is None:
            continue
        for element, attribute, value in links_of(soup):
            if attribute == "src" or value.startswith("#") or value.startswith("/static/"):
                continue
            assert KIOSK_PATH.match(value), f"{url}: <{element.name} {attribute}={value!r}> leaves the kiosk"


def test_no_kiosk_page_has_a_way_out(crawled):
    for url, (response, soup) in crawled.items():
        if soup is None:
            continue
        assert not soup.select("[target]"), f"{url}: a link opens a new window"
        assert not soup.select("[download]"), f"{url}: a link downloads a file"
        for element, attribute, value in links_of(soup):
            assert not re.match(r"^(?:tel|mailto|sms|geo|https?|ftp|javascript):|^//", value, re.I), \
                f"{url}: {attribute}={value!r} is a way out of the kiosk"
        assert "openstreetmap" not in response.get_data(as_text=True), f"{url}: a map link"


def test_kiosk_pages_are_never_stored_and_leave_no_cookie(crawled):
    for url, (response, soup) in crawled.items():
        assert response.headers["Cache-Control"] == "no-store", url
        assert "Set-Cookie" not in response.headers, url


def test_ordinary_pages_keep_their_links_and_cache(kiosk):
    response = kiosk.get("/accesso/segretariato-crotone")
    soup = page(response)
    assert response.headers["Cache-Control"] == "no-cache"
    assert soup.select('a[href^="tel:"]') and soup.select('a[href^="mailto:"]')
    assert "mode-kiosk" not in soup.body.get("class", [])
    assert not soup.select('script[src*="kiosk.js"]') and not soup.select("dialog")


def test_contacts_and_emergency_numbers_become_text(kiosk, kiosk_app):
    point = catalog_of(kiosk_app).access_points["segretariato-crotone"]
    soup = page(kiosk.get("/chiosco/accesso/segretariato-crotone"))
    contact = text_of(soup.select_one("main .contact"))
    assert point.phone in contact and point.email in contact and point.address in contact
    home = page(kiosk.get("/chiosco/"))
    numbers = text_of(home.select_one("#emergenze"))
    assert "112" in numbers and "1522" in numbers
    assert not home.select("#emergenze a")


def test_an_emergency_answer_in_the_kiosk_chat_gives_the_numbers_as_text(kiosk):
    answer = page(post_chat(kiosk, "/chiosco/chat", message="mio marito mi picchia e ho paura"))
    numbers = answer.select_one(".bubble-assistant .emergency-answer")
    assert "1522" in text_of(numbers) and "112" in text_of(numbers)
    assert not numbers.select("a"), "a kiosk cannot call: the numbers are to be read and written down"
    assert answer.select_one("[data-quick-exit]")["href"] == "/chiosco/fine"


def test_end_of_session_clears_the_browser_and_returns_to_the_attract_screen(kiosk):
    for start in ("/chiosco/fine", "/en/chiosco/fine", "/ar/chiosco/fine"):
        response = kiosk.get(start)
        assert response.status_code == 302
        assert response.headers["Location"] == "/chiosco/"
        assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
        assert response.headers["Cache-Control"] == "no-store"
    assert kiosk.get("/fine").status_code == 404


def test_the_attract_screen_offers_the_ways_in_and_every_language(kiosk, kiosk_app):
    soup = page(kiosk.get("/chiosco/"))
    assert text_of(soup.h1) == "Tocca per iniziare"
    ways = {a["href"] for a in soup.select("main .way")}
    assert {"/chiosco/guida", "/chiosco/servizi"} <= ways
    has_chat = "chat.chat" in kiosk_app.view_functions
    assert ("/chiosco/chat" in ways) == has_chat
    assert ("/chiosco/cerca" in ways) != has_chat
    switch = soup.select("main .attract-languages a")
    assert [(a["lang"], text_of(a)) for a in switch] == list(LANGUAGES.items())
    assert [a["href"] for a in switch] == ["/chiosco/"] + [f"/{code}/chiosco/" for code in LANGUAGES if code != "it"]
    english = page(kiosk.get("/en/chiosco/"))
    assert english.html["lang"] == "en" and english.select_one('main .attract-languages a[aria-current]')["lang"] == "en"


def test_the_language_switch_keeps_the_page_and_the_answers(kiosk):
    soup = page(kiosk.get("/chiosco/guida?audience=anziani"))
    switch = {a["lang"]: a["href"] for a in soup.select(".language-switch a")}
    assert switch["en"] == "/en/chiosco/guida?audience=anziani"
    assert switch["it"] == "/chiosco/guida?audience=anziani"


def test_idle_settings_reach_the_script_through_the_body(tmp_path):
    app = make_app(CROTONE, tmp_path / "data", FINDER_KIOSK_IDLE_SECONDS=7, FINDER_KIOSK_COUNTDOWN_SECONDS=3)
    soup = page(app.test_client().get("/en/chiosco/servizi"))
    body = soup.body
    assert "mode-kiosk" in body["class"]
    assert body["data-kiosk-idle"] == "7" and body["data-kiosk-countdown"] == "3"
    assert body["data-kiosk-reset"] == "/chiosco/fine" and body["data-kiosk-home"] == "/chiosco/"
    assert soup.select_one('script[src^="/static/kiosk.js?v="]')
    dialog = soup.select_one("dialog#kiosk-idle")
    assert dialog["aria-labelledby"] == "kiosk-idle-title" and text_of(soup.select_one("#kiosk-idle-title"))
    assert dialog.select_one("[data-kiosk-continue]") and dialog.select_one("[data-kiosk-countdown-value]")
    assert not soup.select("[style]") and not [s for s in soup.select("script") if not s.get("src")]


def test_the_reset_address_is_a_template_global_for_the_chat(kiosk_app):
    with kiosk_app.test_request_context("/"):
        assert render_template_string("{{ kiosk_reset_url() }}") == "/chiosco/fine"


def test_a_kiosk_service_page_hands_over_the_ordinary_page_in_its_language(kiosk, kiosk_app):
    service = catalog_of(kiosk_app).listed_services()[0]
    for prefix in ("", "/en", "/uk"):
        soup = page(kiosk.get(f"{prefix}/chiosco/servizi/{service.id}"))
        code = soup.select_one("main .handoff [data-qr-payload]")
        expected = f"{PUBLIC_URL}{prefix}/servizi/{service.id}"
        assert code["data-qr-payload"] == expected
        with kiosk_app.test_request_context():
            assert str(code.svg) == str(page_of_markup(qr_svg(expected, "x")).svg), "the drawn code is not the URL"


def page_of_markup(markup):
    from bs4 import BeautifulSoup
    return BeautifulSoup(str(markup), "html.parser")


def test_lists_doors_and_comuni_have_a_qr_but_the_questions_do_not(kiosk):
    for url in ("/chiosco/servizi?audience=anziani", "/chiosco/comuni/cutro", "/chiosco/accesso/segretariato-cutro",
                "/chiosco/cerca?q=affitto"):
        code = page(kiosk.get(url)).select_one("main .handoff [data-qr-payload]")
        assert code["data-qr-payload"] == PUBLIC_URL + url.replace("/chiosco", "", 1), url
    for url in ("/chiosco/", "/chiosco/guida", "/chiosco/guida?audience=anziani"):
        assert not page(kiosk.get(url)).select(".handoff"), url


def guided_result(client) -> str:
    soup = page(client.get("/chiosco/guida"))
    for _ in range(3):
        soup = page(client.get(soup.select_one("main .choices a")["href"]))
    return soup


def test_guided_results_in_the_kiosk_hand_over_the_ordinary_result(kiosk):
    soup = guided_result(kiosk)
    assert text_of(soup.h1) == "I servizi per te"
    codes = soup.select("main [data-qr-payload]")
    assert len(codes) == 1
    payload = urlsplit(codes[0]["data-qr-payload"])
    assert f"{payload.scheme}://{payload.netloc}" == PUBLIC_URL and payload.path == "/guida"
    assert {"audience", "comune", "category"} <= set(parse_qs(payload.query))
    assert not soup.find("a", string=re.compile("Foglio da stampare")), "no printer, no sheet"
    assert not soup.select("#refine-age"), "no question that needs a keyboard"


def test_a_kiosk_with_a_printer_offers_the_sheet_and_a_print_button(tmp_path):
    app = make_app(CROTONE, tmp_path / "data", FINDER_KIOSK_PRINTER=True, FINDER_PUBLIC_URL=PUBLIC_URL)
    client = app.test_client()
    soup = guided_result(client)
    sheet = soup.find("a", string=re.compile("Foglio da stampare"))
    assert sheet["href"].startswith("/chiosco/guida/foglio?")
    sheet_page = page(client.get(sheet["href"]))
    back = sheet_page.select_one("main .actions a")
    assert back["href"].startswith("/chiosco/guida?"), "the way back stays in the kiosk"
    assert sheet_page.select_one("[data-print]")
    first_service = catalog_of(app).listed_services()[0].id
    assert page(client.get("/chiosco/servizi/" + first_service)).select_one(".handoff [data-print]")


def test_the_kiosk_asks_for_the_comune_with_buttons_even_when_there_are_many(kiosk, monkeypatch):
    monkeypatch.setattr(guide, "MANY_COMUNI", 2)
    ordinary = page(kiosk.get("/guida?audience=anziani"))
    assert ordinary.select_one("#comune-q"), "the ordinary guide switches to a search box"
    soup = page(kiosk.get("/chiosco/guida?audience=anziani"))
    assert not soup.select("input:not([type=hidden]), textarea")
    assert len(soup.select("main .choices a")) == 7


def test_the_footer_has_no_editor_pages_in_the_kiosk(kiosk):
    footer = page(kiosk.get("/chiosco/servizi")).select_one("footer")
    hrefs = [a["href"] for a in footer.select("a")]
    assert hrefs and all(KIOSK_PATH.match(href) for href in hrefs)
    assert "/stato" not in " ".join(hrefs)


def test_markdown_links_lose_their_address_in_the_kiosk(kiosk_app):
    from flask import g
    from finder.catalog.model import Text
    text = Text.of({"it": "Vedi [il sito](https://esempio.it) o scrivi a [noi](mailto:a@esempio.it)."})
    with kiosk_app.test_request_context("/chiosco/servizi"):
        g.mode = "chiosco"
        kiosk_html = str(markdown(text))
        g.mode = None
        ordinary_html = str(markdown(text))
    assert "<a" not in kiosk_html and "il sito" in kiosk_html and "noi" in kiosk_html
    assert 'href="https://esempio.it"' in ordinary_html


def test_a_missing_kiosk_page_keeps_the_kiosk(kiosk):
    for url in ("/chiosco/non-esiste", "/en/chiosco/non-esiste", "/chiosco/servizi/non-esiste"):
        response = kiosk.get(url)
        soup = page(response)
        assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store", url
        assert "mode-kiosk" in soup.body["class"], url
        hrefs = [a["href"] for a in soup.select("a[href]") if not a["href"].startswith("#")]
        assert hrefs and all(KIOSK_PATH.match(href) for href in hrefs), (url, hrefs)
