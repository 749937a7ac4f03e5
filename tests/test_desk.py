"""The front desk (`/operatore`) through the test client: the whole catalogue in one table, filters and the
basket in the URL, one printable sheet for the basket, nothing kept on the server."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import PUBLIC_URL, page, text_of
from finder.presenting import euro

OPENING = re.compile(r"^(Aperto ora, fino alle .+|Chiuso ora.*|Solo su appuntamento)$")


@pytest.fixture
def desk_app(public_crotone_app):
    return public_crotone_app


@pytest.fixture
def desk(desk_app):
    return desk_app.test_client()


@pytest.fixture
def catalog(desk_app):
    with desk_app.app_context():
        return desk_app.extensions["finder_content"].current().catalog


def rows(soup) -> dict:
    """service id -> the row's cells as text, from the services table."""
    found = {}
    for row in soup.select("table.desk-table:not(.desk-doors) tbody tr"):
        box = row.select_one("input.desk-pick")
        if box:
            found[box["value"]] = [text_of(cell) for cell in row.find_all(["th", "td"])]
    return found


def test_the_table_lists_every_listed_service_with_where_who_isee_and_documents(desk, catalog):
    soup = page(desk.get("/operatore"))
    table = rows(soup)
    listed = catalog.listed_services()
    assert list(table) == [service.id for service in listed]
    for service in listed:
        _, name, where, who, isee, documents = table[service.id]
        assert name.startswith(str(service.name))
        if service.comuni is None:
            assert where == "tutti"
        else:
            assert where == ", ".join(comune.name for comune in catalog.comuni_of(service))
        assert who == ", ".join(str(catalog.audiences[a].name) for a in service.audiences)
        assert documents == str(len(service.documents))
        if service.isee_max is None:
            assert isee == "—"
        else:
            assert isee.replace("\xa0", " ") == f"{service.isee_max:,.0f} €".replace(",", ".")


def test_isee_uses_babel_in_the_page_language(desk, desk_app, catalog):
    from flask import g
    service = next(s for s in catalog.listed_services() if s.isee_max)
    with desk_app.test_request_context("/en/operatore"):
        g.lang = "en"
        expected = euro(service.isee_max)
    assert rows(page(desk.get("/en/operatore")))[service.id][4] == " ".join(expected.split())


def test_every_access_point_says_whether_it_is_open_now(desk, catalog):
    soup = page(desk.get("/operatore"))
    doors = soup.select("table.desk-doors tbody tr")
    assert len(doors) == len(catalog.access_points)
    for row in doors:
        assert OPENING.match(text_of(row.select_one(".opening"))), text_of(row)


def test_the_comune_filter_narrows_services_and_doors(desk, catalog):
    soup = page(desk.get("/operatore?comune=cutro"))
    expected = [s.id for s in catalog.services_for(comune="cutro", offered_only=False)]
    assert list(rows(soup)) == expected
    doors = [text_of(row.th) for row in soup.select("table.desk-doors tbody tr")]
    assert doors[0] == str(catalog.access_points[catalog.comuni["cutro"].access_point].name)
    assert soup.select_one("#filter-comune option[selected]")["value"] == "cutro"


def test_search_and_filters_live_in_the_url_and_answer_htmx_with_the_results_only(desk, catalog):
    full = page(desk.get("/operatore?q=anziani&audience=anziani"))
    form = full.select_one("form#desk-form")
    assert form["method"] == "get" and form["action"] == "/operatore"
    assert form["hx-get"] == "/operatore" and "input changed delay:200ms" in form["hx-trigger"]
    assert full.select_one("#desk-q")["value"] == "anziani"
    found = list(rows(full))
    assert found and all("anziani" in catalog.services[id].audiences for id in found)
    assert len(found) < len(catalog.listed_services())
    partial = desk.get("/operatore?q=anziani&audience=anziani", headers={"HX-Request": "true", "HX-Target": "desk-results"})
    text = partial.get_data(as_text=True)
    assert "<html" not in text and "desk-q" not in text
    assert list(rows(page(partial))) == found


def test_unknown_filters_and_nonsense_queries_get_a_note_not_an_error(desk):
    response = desk.get("/operatore?comune=atlantide&audience=%3Cscript%3E&q=" + "x" * 5000)
    assert response.status_code == 200
    assert "Un filtro scelto non esiste più" in text_of(page(response).main)


def test_the_basket_lives_in_the_url_and_survives_a_search(desk, catalog):
    listed = catalog.listed_services()
    chosen = [listed[0].id, listed[-1].id]
    soup = page(desk.get(f"/operatore?servizi={chosen[0]},{chosen[1]}"))
    ticked = [box["value"] for box in soup.select("input.desk-pick[checked]")]
    assert ticked == chosen
    # a search that hides one of them keeps it ticked, above the table
    query = str(listed[0].name)
    soup = page(desk.get(f"/operatore?q={query}&servizi={chosen[0]}&servizi={chosen[1]}"))
    assert sorted(box["value"] for box in soup.select("input.desk-pick[checked]")) == sorted(chosen)
    assert "2 nel foglio" in text_of(soup.select_one("#desk-count"))
    sheet_button = soup.select_one('button[formaction="/operatore/foglio"]')
    assert sheet_button and sheet_button.find_parent("form")["method"] == "get"


def test_the_basket_sheet_holds_each_service_door_hours_and_documents(desk, catalog):
    chosen = [s for s in catalog.services_for(comune="cutro") if s.documents][:3]
    ids = ",".join(s.id for s in chosen)
    response = desk.get(f"/operatore/foglio?servizi={ids}&comune=cutro")
    soup = page(response)
    main = soup.main
    assert "Set-Cookie" not in response.headers
    assert text_of(main.h1) == "Servizi sociali per chi vive a Cutro"
    door_names = [text_of(name) for name in main.select(".door .door-name")]
    for service in chosen:
        assert str(service.name) in text_of(main)
        door = catalog.door_for(service, catalog.comuni["cutro"])
        assert str(door.name) in door_names
        for document in service.documents:
            assert str(document) in text_of(main)
    assert len(main.select(".door .hours")) == len(door_names)
    code = main.select_one("[data-qr-payload]")
    assert code["data-qr-payload"] == f"{PUBLIC_URL}/operatore/foglio?servizi={ids}&comune=cutro"
    back = urlsplit(main.select_one(".actions a")["href"])
    assert back.path == "/operatore"
    assert parse_qs(back.query) == {"servizi": [s.id for s in chosen], "comune": ["cutro"]}
    assert main.select_one("button[data-print][hidden]"), "the print button appears with JavaScript"


def test_the_sheet_uses_the_resident_door_only_when_a_comune_is_chosen(desk, catalog):
    service = next(s for s in catalog.listed_services() if not s.access_points)
    soup = page(desk.get(f"/operatore/foglio?servizi={service.id}"))
    assert "allo sportello sociale del proprio comune" in text_of(soup.main)


@pytest.mark.parametrize("basket", ["nessuno", "nessuno,altro", "../../etc/passwd", "%3Cscript%3Ealert(1)%3C/script%3E",
                                    ",,,", "", ",".join(["x"] * 500)])
def test_bad_basket_ids_get_a_polite_note_never_an_error(desk, basket):
    response = desk.get(f"/operatore/foglio?servizi={basket}")
    assert response.status_code == 200
    notes = " ".join(text_of(note) for note in page(response).select("main .notice"))
    assert "Nessun servizio scelto" in notes
    if basket.strip(","):
        assert "non sono più nel catalogo" in notes
    assert "<script>alert" not in response.get_data(as_text=True)
    listing = desk.get(f"/operatore?servizi={basket}")
    assert listing.status_code == 200


def test_a_mix_of_good_and_bad_ids_keeps_the_good_ones(desk, catalog):
    good = catalog.listed_services()[0]
    soup = page(desk.get(f"/operatore/foglio?servizi=sparito,{good.id}&comune=nessuno"))
    assert str(good.name) in text_of(soup.main)
    assert "non sono più nel catalogo" in text_of(soup.select_one("main .notice"))


def test_the_desk_speaks_the_page_language_and_is_not_a_kiosk_page(desk):
    english = desk.get("/en/operatore")
    assert english.status_code == 200 and page(english).html["lang"] == "en"
    assert page(english).select_one("form#desk-form")["action"] == "/en/operatore"
    assert desk.get("/chiosco/operatore").status_code == 404
    assert desk.get("/en/operatore/foglio?servizi=").status_code == 200


def test_rows_link_to_the_service_and_the_keyboard_script_is_loaded(desk, catalog):
    soup = page(desk.get("/operatore"))
    service = catalog.listed_services()[0]
    box = soup.select_one(f"input.desk-pick[value='{service.id}']")
    assert box["data-href"] == f"/servizi/{service.id}"
    assert soup.select_one(f"label[for='{box['id']}']"), "each box has a label"
    assert box.find_parent("tr").select_one(f"a[href='/servizi/{service.id}']")
    assert soup.select_one('script[src^="/static/desk.js?v="]')
