"""/statistiche in a real browser: a member of the Ufficio di Piano logs in by keyboard, reads the chart
(drawn, not refused by the CSP) and its table; both pages pass axe-core, in Italian and in Arabic."""
from __future__ import annotations

from datetime import date

import pytest
from tests.browser.conftest import DISTRICTS, LiveServer, axe_check
from finder.stats import Tally
from finder.stats.users import add_user

pytestmark = pytest.mark.browser
PASSWORD = "una-password-lunga"


@pytest.fixture(scope="module")
def stats_server(tmp_path_factory):
    # plain http on 127.0.0.1 here: production cookies are Secure (tests/test_statistics.py checks it)
    server = LiveServer(DISTRICTS["crotone"], tmp_path_factory.mktemp("stats-data"), FINDER_SECURE_COOKIES=False)
    store = server.app.extensions["finder_stats"]
    comuni = list(server.catalog.comuni)
    store.add({Tally(date(2026, month, 1), "crotone", comune=comuni[month % 3], outcome=outcome): month * 3
               for month in range(1, 7) for outcome in ("services", "nothing")})
    store.add({Tally(date(2026, 2, 1), "crotone", comune=comuni[3], outcome="nothing"): 2})  # a small group
    add_user(store, "ufficio", PASSWORD)
    yield server
    server.stop()


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_staff_log_in_by_keyboard_and_read_an_accessible_chart(page, stats_server, prefix):
    page.goto(f"{stats_server.url}{prefix}/statistiche/comuni")
    assert "/statistiche/accesso" in page.url
    axe_check(page)
    page.focus("#name")
    page.keyboard.type("ufficio")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/statistiche/mesi")
    page.goto(f"{stats_server.url}{prefix}/statistiche/non-soddisfatti")
    chart = page.locator("figure img")
    chart.wait_for()
    assert page.evaluate("image => image.complete && image.naturalWidth > 0", chart.element_handle())
    assert page.locator("table tbody tr").count() == 4
    assert "< 5" in page.locator("table tbody").inner_text()
    axe_check(page)
    page.locator("main a[href*='/statistiche/stampa']").click()
    assert "/statistiche/stampa" in page.url and page.locator("table").count() == 8
    axe_check(page)
