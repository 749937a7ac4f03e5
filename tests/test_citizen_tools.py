"""What a person can do besides finding a service: be told early whether they probably qualify, see what
nobody has checked for a year, keep a list, send it to their phone, take a sheet in two languages."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from finder.catalog.hours import ROME
from finder.presenting import opening_label
from tests.helpers import MINI, main_text, make_app, page, service_links, text_of

UNLIKELY = "Probabilmente non ne hai diritto, ma chiedi comunque allo sportello."
LIKELY = "Con quello che hai indicato, probabilmente ne hai diritto"
RENT_FAMILIES = {"audience": "famiglie", "comune": "sezze", "category": "soldi"}


def eligibility_text(response) -> str:
    return text_of(page(response).select_one("#idoneita [role=status]"))


@pytest.mark.parametrize("band, says", [
    ("15000", LIKELY),
    ("15001", UNLIKELY),
    ("non-lo-so", "Serve un ISEE fino a 15.000 €. Se non conosci il tuo ISEE, lo sportello o un CAF ti aiutano"),
])
def test_an_isee_band_changes_what_the_service_page_says(client, band, says):
    response = client.get("/servizi/aiuto-affitto", query_string={"isee": band})
    assert response.status_code == 200
    assert says in eligibility_text(response).replace("\xa0", " ")
    assert page(response).select_one("#eligibility-isee option[selected]")["value"] == band


def test_the_service_page_asks_only_what_the_service_states(client):
    assert page(client.get("/servizi/aiuto-affitto")).select_one("#idoneita #eligibility-isee")
    assert not page(client.get("/servizi/aiuto-affitto")).select_one("#eligibility-age")
    assert not page(client.get("/servizi/trasporto-sociale")).select_one("#idoneita")
    assert eligibility_text(client.get("/servizi/aiuto-affitto")) == ""


@pytest.mark.parametrize("query", [{"isee": "tanti"}, {"age": "²"}, {"age": "300"}])
def test_an_answer_no_form_sends_is_a_400(client, query):
    assert client.get("/servizi/aiuto-affitto", query_string=query).status_code == 400


def test_guided_results_keep_a_service_the_isee_rules_out_and_say_so(client):
    plain = client.get("/guida", query_string=RENT_FAMILIES)
    above = client.get("/guida", query_string={**RENT_FAMILIES, "isee": "15001"})
    assert "aiuto-affitto" in service_links(above) and set(service_links(above)) == set(service_links(plain))
    card = next(card for card in page(above).select(".service-card") if "affitto" in card.select_one("a")["href"])
    assert UNLIKELY in text_of(card)
    below = page(client.get("/guida", query_string={**RENT_FAMILIES, "isee": "15000"}))
    assert UNLIKELY not in text_of(below.select_one("main")) and LIKELY in text_of(below.select_one("main"))


def _with_reviews(tmp_path, old_service: str) -> str:
    """The fixture district where one service was last checked 400 days ago and the others last week."""
    recent, old = date.today() - timedelta(days=7), date.today() - timedelta(days=400)
    lines, current = [], None
    for line in MINI.read_text(encoding="utf-8").splitlines():
        if line.startswith("  - id: "):
            current = line.split(": ", 1)[1].strip()
        if line.startswith("    reviewed: "):
            line = f"    reviewed: {old if current == old_service else recent}"
        lines.append(line)
    content = tmp_path / "services.yaml"
    content.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return content


def test_a_record_not_checked_for_a_year_stays_visible_and_says_so(tmp_path):
    app = make_app(_with_reviews(tmp_path, "aiuto-affitto"), tmp_path / "data")
    client = app.test_client()
    stale = main_text(client.get("/servizi/aiuto-affitto"))
    assert "Informazioni da verificare: ultimo controllo il" in stale
    assert "Informazioni da verificare" not in main_text(client.get("/servizi/assistenza-domiciliare"))
    listing = page(client.get("/servizi"))
    card = next(card for card in listing.select(".service-card") if "affitto" in card.select_one("a")["href"])
    assert "Informazioni da verificare" in text_of(card)
    assert "Informazioni da verificare" in main_text(client.get("/guida", query_string=RENT_FAMILIES))


def with_patron_day(text: str, comune: str, day: str) -> str:
    """The catalogue text with `patron_day: MM-DD` added to one comune."""
    anchor = f"    access_point: segretariato-{comune}\n"
    assert anchor in text
    return text.replace(anchor, anchor + f"    patron_day: {day}\n", 1)


def test_a_comune_closes_on_its_patron_saints_day_and_its_neighbours_do_not(tmp_path):
    content = tmp_path / "services.yaml"
    content.write_text(with_patron_day(MINI.read_text(encoding="utf-8"), "sezze", "07-02"), encoding="utf-8")
    app = make_app(content, tmp_path / "data")
    thursday_2_july, friday_3_july = datetime(2026, 7, 2, 10, 0, tzinfo=ROME), datetime(2026, 7, 3, 10, 0, tzinfo=ROME)
    with app.test_request_context("/"):
        doors = app.extensions["finder_content"].current().catalog.access_points
        assert opening_label(doors["segretariato-sezze"], thursday_2_july) == \
            "Chiuso per festività: apre venerdì alle 09:00"
        assert opening_label(doors["segretariato-sezze"], friday_3_july) == "Aperto ora, fino alle 12:30"
