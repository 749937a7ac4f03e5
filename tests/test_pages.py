"""The citizen's pages, visited through the test client and read the way a person reads them."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from tests.helpers import MINI, main_text, make_app, page, service_links, text_of
from finder.catalog.hours import ROME, opening_status, rome_now
from finder.presenting import opening_label
from finder.routes.arguments import MAX_QUERY_LENGTH

ALL_SERVICES = ["assistenza-domiciliare", "soggiorni-estivi", "aiuto-affitto", "cure-domiciliari",
                "trasporto-sociale", "centro-famiglie"]
COMUNI = ["sezze", "priverno", "roccagorga"]
ACCESS_POINTS = ["segretariato-sezze", "segretariato-priverno", "segretariato-roccagorga", "pua-lepini",
                 "ufficio-di-piano-lepini"]
PAGES = (["/", "/servizi", "/servizi?audience=famiglie&comune=sezze", "/cerca", "/cerca?q=anziani",
          "/cerca?q=nessuna+parola+nota", "/stato"]
         + [f"/servizi/{id}" for id in ALL_SERVICES] + [f"/comuni/{id}" for id in COMUNI]
         + [f"/accesso/{id}" for id in ACCESS_POINTS])
LABEL = re.compile(r"^(Aperto ora, fino alle \d{1,2}:\d{2}|Chiuso ora(: apre (oggi|[a-zì]+) alle \d{1,2}:\d{2})?"
                   r"|Solo su appuntamento)$")


# --- home -------------------------------------------------------------------------------------
def test_home_shows_three_ways_in(client):
    soup = page(client.get("/"))
    ways = soup.select("ul.ways > li")
    assert len(ways) == 3
    assert soup.select_one("h1").text.strip() == "Di che aiuto hai bisogno?"
    assert any(link["href"] == "/servizi" for link in soup.select("ul.ways a[href]"))
    form = soup.select_one("ul.ways form")
    assert form.select_one("textarea") is not None and form.select_one("button[type=submit]") is not None


def test_home_shows_the_emergency_numbers_as_phone_links(client):
    numbers = page(client.get("/")).select("#emergenze a[href^='tel:']")
    assert [(link["href"], text_of(link.select_one(".phone"))) for link in numbers] == [
        ("tel:112", "112"), ("tel:1522", "1522"), ("tel:114", "114")]


def test_home_leads_to_each_comune(client):
    links = page(client.get("/")).select("a[href^='/comuni/']")
    assert {link["href"]: text_of(link) for link in links} == {
        "/comuni/sezze": "Sezze", "/comuni/priverno": "Priverno", "/comuni/roccagorga": "Roccagorga"}


# --- the catalogue ----------------------------------------------------------------------------
@pytest.mark.parametrize("query, expected", [
    ("", ALL_SERVICES),
    ("audience=famiglie", ["aiuto-affitto", "centro-famiglie"]),
    ("category=salute", ["soggiorni-estivi", "cure-domiciliari", "trasporto-sociale", "centro-famiglie"]),
    ("comune=roccagorga", ["assistenza-domiciliare", "soggiorni-estivi", "aiuto-affitto", "cure-domiciliari"]),
    ("comune=sezze&category=salute", ["soggiorni-estivi", "cure-domiciliari", "trasporto-sociale", "centro-famiglie"]),
    ("audience=persone-disabili&comune=roccagorga", ["cure-domiciliari"]),
    ("audience=famiglie&category=aiuto-in-casa", []),
])
def test_services_filter_by_audience_category_and_comune(client, query, expected):
    response = client.get(f"/servizi?{query}")
    assert response.status_code == 200
    assert service_links(response) == expected
    count = text_of(page(response).select_one(".count"))
    assert count == (f"{len(expected)} servizi" if len(expected) != 1 else "1 servizio")


@pytest.mark.parametrize("name, value", [("audience", "famiglie"), ("category", "soldi"), ("comune", "priverno")])
def test_the_chosen_filter_stays_selected(client, name, value):
    soup = page(client.get(f"/servizi?{name}={value}"))
    selected = soup.select_one(f"select[name={name}] option[selected]")
    assert selected["value"] == value
    assert soup.select_one("form.filters")["method"] == "get"


@pytest.mark.parametrize("query", ["audience=nessuno", "category=x&comune=sezze", "comune=ROMA"])
def test_an_unknown_filter_shows_a_notice_and_ignores_it(client, query):
    response = client.get(f"/servizi?{query}")
    assert response.status_code == 200
    assert "Un filtro scelto non esiste più" in main_text(response)
    expected = ["assistenza-domiciliare", "soggiorni-estivi", "aiuto-affitto", "cure-domiciliari",
                "trasporto-sociale", "centro-famiglie"] if "sezze" not in query else ALL_SERVICES
    assert service_links(response) == expected


def test_a_suspended_service_is_listed_and_marked(client):
    soup = page(client.get("/servizi"))
    suspended = soup.select(".service-card.is-suspended")
    assert [card.select_one(".card-title a")["href"] for card in suspended] == ["/servizi/soggiorni-estivi"]
    assert "Servizio sospeso" in text_of(suspended[0])
    others = [card for card in soup.select(".service-card") if card not in suspended]
    assert not any("sospeso" in text_of(card) for card in others)


def test_a_service_alert_is_shown_on_its_card(client):
    card = page(client.get("/servizi")).select(".service-card")[2]
    assert text_of(card.select_one(".card-title")) == "Contributo per l'affitto"
    assert text_of(card.select_one(".alert")) == "Avviso: Domande aperte fino al 31 marzo."


# --- one service ------------------------------------------------------------------------------
def test_a_service_page_has_the_designers_italia_sections(client):
    soup = page(client.get("/servizi/assistenza-domiciliare"))
    assert text_of(soup.select_one("h1")) == "Assistenza domiciliare per anziani"
    headings = [text_of(h) for h in soup.select("main h2")]
    for section in ("A chi è rivolto", "Come si fa", "Cosa serve", "Cosa si ottiene", "Costi",
                    "Dove rivolgersi", "Ufficio responsabile"):
        assert section in headings
    assert [text_of(li) for li in soup.select("#cosa-serve li")] == ["ISEE in corso di validità", "Documento d'identità"]
    assert "Gratuito con ISEE fino a 8.000 euro" in text_of(soup.select_one("#costi"))
    assert "Presenta la domanda al segretariato sociale" in text_of(soup.select_one("#come-si-fa"))
    assert "da 65 anni in su" in text_of(soup.select_one("#a-chi"))
    assert "pulizia della casa e spesa" in text_of(soup.select_one("#cosa-si-ottiene"))
    assert soup.select_one("#cosa-si-ottiene strong").text == "spesa"  # the Markdown is rendered
    assert "1 ottobre 2026" in text_of(soup.select_one("main"))


def test_a_service_offered_through_each_comune_lists_every_comune_door(client):
    soup = page(client.get("/servizi/assistenza-domiciliare"))
    doors = soup.select("#canali a[href^='/accesso/']")
    assert [link["href"] for link in doors] == [
        "/accesso/segretariato-sezze", "/accesso/segretariato-priverno", "/accesso/segretariato-roccagorga"]
    for item in soup.select("#canali li"):
        assert LABEL.match(text_of(item).split(" – ", 1)[1])
    office = soup.select_one("section[aria-labelledby=ufficio-h] a")
    assert office["href"] == "/accesso/ufficio-di-piano-lepini"


def test_a_service_with_its_own_door_shows_hours_and_phone(client):
    soup = page(client.get("/servizi/cure-domiciliari"))
    door = soup.select_one("#canali .door")
    assert text_of(door.select_one(".door-name")) == "PUA – Punto unico di accesso del Distretto Monti Lepini"
    assert door.select_one("a[href^='tel:']")["href"] == "tel:0773000801"
    rows = [(text_of(row.th), text_of(row.td)) for row in door.select("table.hours tr")]
    assert rows[0] == ("lunedì", "08:30–12:30")
    assert rows[3] == ("giovedì", "08:30–12:30, 15:00–17:00")
    assert len(rows) == 5
    assert LABEL.match(text_of(door.select_one(".opening")))
    assert "Richiesta del medico di famiglia" in text_of(soup.select_one("#cosa-serve"))


def test_a_service_in_some_comuni_names_them(client):
    where = text_of(page(client.get("/servizi/trasporto-sociale")).select_one("#a-chi"))
    assert "Dove: Sezze, Priverno" in where


def test_a_suspended_service_page_says_so(client):
    soup = page(client.get("/servizi/soggiorni-estivi"))
    assert "Servizio sospeso: per ora non si possono fare domande." in text_of(soup.select_one(".suspended"))


def test_a_service_alert_comes_before_the_summary(client):
    main = page(client.get("/servizi/aiuto-affitto")).select_one("main")
    alert, lead = main.select_one(".alert"), main.select_one(".lead")
    assert text_of(alert) == "Avviso: Domande aperte fino al 31 marzo."
    assert alert.sourceline < lead.sourceline or (alert.sourceline == lead.sourceline and alert.sourcepos < lead.sourcepos)
    assert "ISEE fino a 15.000 €" in text_of(main.select_one("#a-chi"))


# --- a comune and an access point -------------------------------------------------------------
def test_a_comune_page_shows_its_door_and_the_services_offered_there(client):
    soup = page(client.get("/comuni/priverno"))
    assert text_of(soup.select_one("h1")) == "Servizi sociali a Priverno"
    door = soup.select_one(".door")
    assert door.select_one(".door-name a")["href"] == "/accesso/segretariato-priverno"
    assert door.select_one("a[href^='tel:']")["href"] == "tel:0773000201"
    assert "Chiuso per lavori fino al 15 gennaio" in text_of(door.select_one(".alert"))
    assert service_links_in(soup) == ["assistenza-domiciliare", "soggiorni-estivi", "aiuto-affitto",
                                      "cure-domiciliari", "trasporto-sociale"]
    assert soup.select_one("a[href='/servizi?comune=priverno']") is not None


def service_links_in(soup):
    return [link["href"].rsplit("/", 1)[-1] for link in soup.select(".service-card .card-title a")]


@pytest.mark.parametrize("comune", COMUNI)
def test_a_comune_door_says_whether_it_is_open_now(client, comune):
    opening = page(client.get(f"/comuni/{comune}")).select_one(".door .opening")
    label = text_of(opening)
    assert LABEL.match(label), label
    assert ("is-open" in opening["class"]) == label.startswith("Aperto ora")


def test_a_door_by_appointment_only_says_so(client):
    soup = page(client.get("/comuni/roccagorga"))
    assert text_of(soup.select_one(".door .opening")) == "Solo su appuntamento"
    assert soup.select_one(".door a[href^='mailto:']")["href"] == "mailto:servizisociali@roccagorga.esempio.it"


def test_an_access_point_page(client):
    soup = page(client.get("/accesso/segretariato-sezze"))
    assert text_of(soup.select_one("h1")) == "Segretariato sociale di Sezze"
    assert "Piazza De Magistris 1, 04018 Sezze" in text_of(soup.select_one(".contact"))
    assert soup.select_one("a[href^='tel:']")["href"] == "tel:0773000101"
    assert "mlat=41.499" in soup.select_one("a[href*='openstreetmap']")["href"]
    assert [text_of(row.th) for row in soup.select("table.hours tr")] == ["lunedì", "martedì", "giovedì", "venerdì"]
    assert "Ingresso senza gradini, ascensore." in main_text(client.get("/accesso/segretariato-sezze"))
    assert [text_of(span) for span in soup.select("main span[lang]")][-2:] == ["English", "Română"]
    assert "/servizi/centro-famiglie" in [a["href"] for a in soup.select("main .link-list a")]


def test_an_access_point_alert_is_shown_first(client):
    soup = page(client.get("/accesso/segretariato-priverno"))
    alert = soup.select_one("main .alert")
    assert "Chiuso per lavori fino al 15 gennaio" in text_of(alert)
    assert alert.find_previous("h1") is not None and alert.find_previous(class_="opening") is None


def test_an_access_point_lists_the_services_applied_for_there(client):
    soup = page(client.get("/accesso/pua-lepini"))
    assert [a["href"] for a in soup.select("main .link-list a")] == ["/servizi/cure-domiciliari"]


# --- opening hours: one function decides, tested at fixed times ---------------------------------
def rome(*args):
    return datetime(*args, tzinfo=ROME)


@pytest.fixture
def doors(app):
    with app.app_context():
        return app.extensions["finder_content"].current().catalog.access_points


@pytest.mark.parametrize("point, now, label", [
    ("segretariato-sezze", rome(2026, 11, 23, 10, 0), "Aperto ora, fino alle 12:30"),
    ("segretariato-sezze", rome(2026, 11, 23, 9, 0), "Aperto ora, fino alle 12:30"),
    ("segretariato-sezze", rome(2026, 11, 23, 8, 59), "Chiuso ora: apre oggi alle 09:00"),
    ("segretariato-sezze", rome(2026, 11, 23, 12, 30), "Chiuso ora: apre martedì alle 09:00"),
    ("segretariato-sezze", rome(2026, 11, 24, 13, 0), "Chiuso ora: apre oggi alle 15:30"),
    ("segretariato-sezze", rome(2026, 11, 24, 16, 0), "Aperto ora, fino alle 17:30"),
    ("segretariato-sezze", rome(2026, 11, 27, 13, 0), "Chiuso ora: apre lunedì alle 09:00"),
    ("segretariato-sezze", rome(2026, 11, 28, 10, 0), "Chiuso ora: apre lunedì alle 09:00"),
    # 8 December is a holiday: closed all Tuesday, opens again on Thursday
    ("segretariato-sezze", rome(2026, 12, 7, 13, 0), "Chiuso ora: apre giovedì alle 09:00"),
    ("segretariato-sezze", rome(2026, 12, 8, 10, 0), "Chiuso per festività: apre giovedì alle 09:00"),
    # national holidays the editors did not list: Easter Monday 2027, the Epiphany
    ("segretariato-sezze", rome(2027, 3, 29, 10, 0), "Chiuso per festività: apre martedì alle 09:00"),
    ("segretariato-sezze", rome(2027, 3, 26, 13, 0), "Chiuso ora: apre martedì alle 09:00"),
    ("segretariato-sezze", rome(2026, 1, 6, 10, 0), "Chiuso per festività: apre giovedì alle 09:00"),
    # a UTC clock: 08:30 UTC is 09:30 in Rome in winter, 10:30 in summer
    ("segretariato-sezze", datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc), "Aperto ora, fino alle 12:30"),
    ("segretariato-sezze", datetime(2026, 7, 6, 10, 45, tzinfo=timezone.utc), "Chiuso ora: apre martedì alle 09:00"),
    ("ufficio-di-piano-lepini", rome(2026, 11, 26, 10, 0), "Chiuso ora: apre mercoledì alle 09:00"),
    ("segretariato-roccagorga", rome(2026, 11, 23, 10, 0), "Solo su appuntamento"),
])
def test_opening_label_at_a_fixed_time(app, doors, point, now, label):
    with app.test_request_context("/"):
        assert opening_label(doors[point], now) == label


def test_opening_label_reads_today_in_rome_whatever_the_clock(app, doors):
    monday_night_utc = datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc)  # already Tuesday 00:30 in Rome
    with app.test_request_context("/"):
        assert opening_label(doors["segretariato-sezze"], monday_night_utc) == "Chiuso ora: apre oggi alle 09:00"


@pytest.mark.parametrize("now, open_now, moment", [
    (rome(2026, 11, 23, 10, 0), True, rome(2026, 11, 23, 12, 30)),
    (rome(2026, 11, 23, 12, 30), False, rome(2026, 11, 24, 9, 0)),
    (rome(2026, 12, 24, 18, 0), False, rome(2026, 12, 28, 9, 0)),  # Christmas Day is a Friday, and closed
])
def test_opening_status_at_a_fixed_time(doors, now, open_now, moment):
    status = opening_status(doors["segretariato-sezze"], now)
    assert status.open_now is open_now
    assert (status.closes_at if open_now else status.next_opening) == moment


# --- search -----------------------------------------------------------------------------------
def search(client, query):
    return service_links(client.get("/cerca", query_string={"q": query}))


@pytest.mark.parametrize("query", ["badnte", "badante", "BADANTE", "badanti"])
def test_search_finds_home_care_even_misspelt(client, query):
    assert search(client, query)[0] == "assistenza-domiciliare"


@pytest.mark.parametrize("query", ["anziani", "anziano", "anziana", "Anziane"])
def test_search_finds_the_elderly_services_whatever_the_form(client, query):
    assert set(search(client, query)) == {"assistenza-domiciliare", "soggiorni-estivi", "cure-domiciliari",
                                           "trasporto-sociale"}


def test_search_ignores_accents(client):
    assert search(client, "citta") == search(client, "città") == search(client, "CITTÀ") == ["trasporto-sociale"]


def test_search_says_when_nothing_is_found(client):
    response = client.get("/cerca?q=astronave")
    assert service_links(response) == []
    assert "Nessun servizio trovato" in main_text(response)
    assert page(response).select_one("#search-q")["value"] == "astronave"


def test_search_counts_what_it_found(client):
    assert text_of(page(client.get("/cerca?q=affitto")).select_one(".count")) == "1 servizio trovato per «affitto»"


# --- htmx: the same URL gives a piece of page or the whole page ----------------------------------
@pytest.mark.parametrize("url", ["/servizi?audience=famiglie", "/cerca?q=anziani", "/comuni/sezze", "/"])
def test_htmx_gets_a_partial(client, url):
    response = client.get(url, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and "<body" not in body
    assert page(response).select_one("title") is not None  # htmx takes the page title from the partial
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_search_partial_is_the_results_only(client):
    response = client.get("/cerca?q=badante", headers={"HX-Request": "true"})
    assert service_links(response)[0] == "assistenza-domiciliare"
    assert page(response).select_one("form") is None


def test_htmx_filter_partial_holds_the_filtered_list(client):
    response = client.get("/servizi?audience=famiglie", headers={"HX-Request": "true"})
    assert service_links(response) == ["aiuto-affitto", "centro-famiglie"]


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}],
                         ids=["normal", "history-restore"])
@pytest.mark.parametrize("url", ["/servizi?audience=famiglie", "/cerca?q=anziani"])
def test_a_normal_or_history_restore_request_gets_the_full_page(client, url, headers):
    response = client.get(url, headers=headers)
    soup = page(response)
    assert soup.select_one("html[lang=it]") is not None and soup.select_one("main#main") is not None
    assert "HX-Request" in response.headers["Vary"]


# --- errors -----------------------------------------------------------------------------------
NOT_FOUND = {"it": "Pagina non trovata", "en": "Page not found", "ar": "الصفحة غير موجودة"}


@pytest.mark.parametrize("url", ["/servizi/nope", "/comuni/nope", "/accesso/nope", "/pagina-che-non-esiste",
                                 "/en/servizi/nope", "/en/comuni/nope", "/ar/accesso/nope"])
def test_an_unknown_page_is_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    soup = page(response)
    language = url.split("/")[1] if url.startswith(("/en/", "/ar/")) else "it"
    assert soup.select_one("html")["lang"] == language
    assert text_of(soup.select_one("h1")) == NOT_FOUND[language]  # needs the compiled translations (make setup)
    home = "/" if language == "it" else f"/{language}/"
    assert soup.select_one(f"main a[href='{home}']") is not None


def test_a_closed_service_is_not_found(client, tmp_path):
    closed = tmp_path / "closed.yaml"
    closed.write_text(MINI.read_text(encoding="utf-8").replace("    status: suspended", "    status: closed"),
                      encoding="utf-8")
    client = make_app(closed, tmp_path / "data").test_client()
    assert client.get("/servizi/soggiorni-estivi").status_code == 404
    assert "soggiorni-estivi" not in service_links(client.get("/servizi"))
    assert "soggiorni-estivi" not in search(client, "soggiorni estivi")


ODD_REQUESTS = [
    "/cerca?q=%00", "/cerca?q=%ff%fe", "/cerca?q=%ED%A0%80", "/cerca?q=%C0%AF", "/cerca?q=" + "a" * 5000,
    "/cerca?q=" + "anziani+" * 800, "/cerca?q=%22", "/cerca?q=NEAR(a", "/cerca?q=*", "/cerca?q=a+OR+b+AND+NOT",
    "/cerca?q=%F0%9F%91%B5", "/cerca?q=%E2%80%AE", "/cerca?q[]=x", "/cerca?q=x&q=y", "/cerca?q=-", "/cerca?q=%5E",
    "/cerca?q=%0A%0D%09", "/cerca?q=column:name", "/cerca?q=%27%3B+DROP+TABLE+services", "/cerca?q=..%2F..%2Fetc",
    "/servizi?audience=%00", "/servizi?audience=" + "x" * 5000, "/servizi?comune=..%2F", "/servizi?category=%ff",
    "/servizi?audience=famiglie&audience=nope", "/servizi?comune=sezze%00", "/servizi/%00", "/servizi/%ff",
    "/servizi/..%2F..%2Fetc%2Fpasswd", "/comuni/%C0%AF", "/accesso/" + "x" * 3000, "/en/cerca?q=%ff",
    "/lingua/xx", "/lingua/en?next=//evil.example", "/lingua/en?next=%00", "/static/..%2Fcli.py",
]


@pytest.mark.parametrize("url", ODD_REQUESTS)
def test_an_odd_request_never_gives_a_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, url
    if response.mimetype == "text/html":
        assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_a_wrong_method_is_refused_politely(client, method):
    response = client.open("/servizi", method=method)
    assert response.status_code == 405
    assert page(response).select_one("main a[href='/']") is not None


@pytest.mark.parametrize("code, home", [("it", "/"), ("en", "/en/")])
@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/%5Cevil.example",
                                    "/%5C%5Cevil.example", "/%09/evil.example", "/%0A/evil.example",
                                    "/%0D%0A/evil.example", "%2F%2Fevil.example", "javascript:alert(1)"])
def test_the_language_switch_never_leaves_the_site(client, code, home, target):
    response = client.get(f"/lingua/{code}?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == home


@pytest.mark.parametrize("code, location", [("en", "/en/servizi?audience=famiglie"), ("it", "/servizi?audience=famiglie")])
def test_the_language_switch_keeps_the_page_and_remembers_the_choice(client, code, location):
    response = client.get("/lingua/" + code, query_string={"next": "/servizi?audience=famiglie"})
    assert response.headers["Location"] == location
    assert f"finder_lang={code}" in response.headers["Set-Cookie"]


# --- every page -------------------------------------------------------------------------------
@pytest.mark.parametrize("url", PAGES + ["/servizi/nope"])
def test_every_page_says_the_data_are_for_demonstration(client, url):
    assert "Dati dimostrativi" in text_of(page(client.get(url)).select_one(".demo-banner"))


def test_real_data_carry_no_demo_banner(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text(MINI.read_text(encoding="utf-8").replace("  demo: true\n", ""), encoding="utf-8")
    client = make_app(real, tmp_path / "data").test_client()
    for url in ("/", "/servizi", "/servizi/assistenza-domiciliare"):
        assert "Dati dimostrativi" not in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
@pytest.mark.parametrize("url", PAGES + ["/servizi/nope"])
def test_no_inline_script_or_style(client, url, htmx):
    response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
    soup = page(response)
    for script in soup.find_all("script"):
        assert script.get("src") and not script.string, script
    assert soup.find_all("style") == []
    for element in soup.find_all(True):
        assert "style" not in element.attrs, element
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
        for attribute in ("href", "src", "action"):
            assert not str(element.get(attribute, "")).lower().startswith("javascript:"), element


def test_an_editors_text_cannot_put_script_in_a_page(tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(MINI.read_text(encoding="utf-8").replace(
        "    name: Trasporto sociale\n",
        "    name: Trasporto <script>alert(1)</script> sociale\n"
        "    description: |\n"
        "      <script>alert(2)</script> <img src=x onerror=alert(3)> <b style='color:red'>b</b>\n\n"
        "      [link](javascript:alert(4)) and [ok](https://example.org)\n"), encoding="utf-8")
    client = make_app(hostile, tmp_path / "data").test_client()
    for url in ("/servizi/trasporto-sociale", "/servizi", "/cerca?q=trasporto"):
        soup = page(client.get(url))
        for script in soup.find_all("script"):
            assert script.get("src", "").startswith("/static/") and not script.string, script
        assert not soup.select("[onerror], [style]") and not soup.select("a[href^='javascript:' i]")
    soup = page(client.get("/servizi/trasporto-sociale"))
    assert text_of(soup.select_one("h1")) == "Trasporto <script>alert(1)</script> sociale"
    assert soup.select_one("#cosa-si-ottiene a[href='https://example.org']") is not None


@pytest.mark.parametrize("url", ["/", "/servizi/assistenza-domiciliare", "/cerca?q=x", "/servizi/nope",
                                 "/static/finder.css"])
def test_security_headers(client, url):
    headers = client.get(url).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_search_box_takes_as_many_characters_as_the_search_reads(client):
    for path in ("/cerca", "/operatore"):
        boxes = page(client.get(path)).select("input[name=q]")
        assert boxes and all(box["maxlength"] == str(MAX_QUERY_LENGTH) for box in boxes), path


# --- closures and moves (issue 14) ------------------------------------------------------------------
def _next_opening_day(after: date, weekdays=(0, 1, 3, 4)) -> date:
    """The next Monday, Tuesday, Thursday or Friday (the days Sezze's door opens) after `after`."""
    day = after + timedelta(days=1)
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


@pytest.fixture(scope="module")
def moving_client(tmp_path_factory):
    """Mini with a closure next week at Sezze, Sezze moving in ten days, Priverno moved yesterday; the PUA
    moved for a week from yesterday, Roccagorga for a week that has ended."""
    today = rome_now().date()
    closure = _next_opening_day(today + timedelta(days=2))
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("    closed: [2026-12-08, 2026-12-25, 2027-01-01]\n",
                        f"    closed: [{closure.isoformat()}]\n"
                        f"    move: {{date: {(today + timedelta(days=10)).isoformat()}, "
                        "address: \"Via Nuova 7, 04018 Sezze\"}\n")
    text = text.replace("    address: Piazza Giovanni XXIII 1, 04015 Priverno\n",
                        "    address: Piazza Giovanni XXIII 1, 04015 Priverno\n"
                        f"    move: {{date: {(today - timedelta(days=1)).isoformat()}, "
                        "address: \"Via Roma 20, 04015 Priverno\"}\n")
    text = text.replace("    address: Piazza VI Gennaio 1, 04010 Roccagorga\n",
                        "    address: Piazza VI Gennaio 1, 04010 Roccagorga\n"
                        f"    move: {{date: {(today - timedelta(days=10)).isoformat()}, "
                        f"until: {(today - timedelta(days=2)).isoformat()}, address: Sala consiliare}}\n")
    text = text.replace("    address: Via Madonna delle Grazie 10, 04015 Priverno\n",
                        "    address: Via Madonna delle Grazie 10, 04015 Priverno\n"
                        f"    move: {{date: {(today - timedelta(days=1)).isoformat()}, "
                        f"until: {(today + timedelta(days=5)).isoformat()}, address: Sala consiliare di Priverno}}\n")
    folder = tmp_path_factory.mktemp("moving")
    (folder / "services.yaml").write_text(text, encoding="utf-8")
    client = make_app(folder / "services.yaml", folder / "data").test_client()
    client.closure = closure
    return client


def test_a_door_page_announces_its_closures_of_the_coming_month(moving_client):
    soup = page(moving_client.get("/accesso/segretariato-sezze"))
    closures = text_of(soup.select_one(".closures"))
    assert closures.startswith("Giorni di chiusura in arrivo:")
    assert str(moving_client.closure.day) in closures


def test_a_door_that_moves_shows_the_notice_then_the_new_address(moving_client):
    before = page(moving_client.get("/accesso/segretariato-sezze"))
    assert "Piazza De Magistris 1" in text_of(before.select_one(".contact"))
    assert "si trasferisce in: Via Nuova 7, 04018 Sezze" in text_of(before.select_one(".move"))
    after = page(moving_client.get("/accesso/segretariato-priverno"))
    assert "Via Roma 20, 04015 Priverno" in text_of(after.select_one(".contact"))
    assert "Piazza Giovanni XXIII" not in main_text(moving_client.get("/accesso/segretariato-priverno"))


def test_a_temporary_move_shows_the_other_address_only_for_its_days(moving_client):
    during = page(moving_client.get("/accesso/pua-lepini"))
    assert "Sala consiliare di Priverno" in text_of(during.select_one(".contact"))
    after = page(moving_client.get("/accesso/segretariato-roccagorga"))
    assert "Piazza VI Gennaio 1" in text_of(after.select_one(".contact"))
    assert "Sala consiliare" not in main_text(moving_client.get("/accesso/segretariato-roccagorga"))
