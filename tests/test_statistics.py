"""The anonymous statistics, as the district sees them: people use the site, the desk and the kiosk; the
counts come out exact, hold nothing a person typed, and only Ufficio di Piano staff can read them, with
every count under five shown as "< 5". Each test runs on SQLite and on a real PostgreSQL."""
from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from sqlalchemy import MetaData, select

from tests.helpers import MINI, make_app, page, post_chat, text_of
from finder.cli import main
from finder.stats import Tally

SECRET = "Zorbatelli"  # a word no catalogue holds: if it shows up anywhere, a message was recorded
ADDRESS = "203.0.113.77"
COOKIE_VALUE = "cookie-5f1c9e"
PASSWORD = "una-password-lunga"
RESULTS = "/guida?audience=persone-anziane&comune=sezze&category=aiuto-in-casa"
NOTHING_FITS = "/guida?audience=famiglie&comune=roccagorga&category=soldi&isee=90000"


@pytest.fixture
def stats_app(stats_url, tmp_path):
    app = make_app(MINI, tmp_path / "data", FINDER_STATS_URL=stats_url, SESSION_COOKIE_SECURE=False)
    yield app
    app.extensions["finder_counter"].stop()
    app.extensions["finder_stats"].dispose()


def visitor(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    client.set_cookie("finder_lang", COOKIE_VALUE)
    return client


def use_the_site(client) -> None:
    """Six guided results, one in the kiosk, one where nothing fits; three chat answers (one an emergency);
    two searches that find nothing and one that finds; two desk sheets."""
    for _ in range(6):
        assert client.get(RESULTS).status_code == 200
    assert client.get("/chiosco" + RESULTS).status_code == 200
    assert client.get(NOTHING_FITS).status_code == 200
    for message in (f"mia mamma anziana a Sezze ha bisogno di aiuto in casa, si chiama {SECRET}",
                    f"{SECRET} mi picchia", f"ciao sono {SECRET}"):
        assert post_chat(client, message=message).status_code == 200
    for query in (f"{SECRET}", f"{SECRET} sclerosi", "anziani"):
        assert client.get("/cerca", query_string={"q": query}).status_code == 200
    for _ in range(2):
        assert client.get("/operatore/foglio?servizi=assistenza-domiciliare&comune=sezze").status_code == 200
    client.application.extensions["finder_counter"].flush()  # the background thread does it within seconds


def counted(app, emergency=False) -> dict:
    app.extensions["finder_counter"].flush()
    columns = ("comune", "channel", "path") if emergency else \
        ("comune", "audience", "category", "channel", "path", "outcome")
    return {row[:-1]: row[-1] for row in app.extensions["finder_stats"].totals(columns, emergency=emergency)}


def test_each_answer_adds_exactly_one_to_its_counter(stats_app):
    use_the_site(visitor(stats_app))
    assert counted(stats_app) == {
        ("sezze", "persone-anziane", "aiuto-in-casa", "phone", "guided", "services"): 6,
        ("sezze", "persone-anziane", "aiuto-in-casa", "kiosk", "guided", "services"): 1,
        ("roccagorga", "famiglie", "soldi", "phone", "guided", "nothing"): 1,
        ("sezze", "persone-anziane", "aiuto-in-casa", "phone", "chat", "services"): 1,
        ("unknown", "unknown", "unknown", "phone", "chat", "nothing"): 1,
        ("unknown", "unknown", "unknown", "phone", "search", "nothing"): 2,
        ("sezze", "unknown", "unknown", "desk", "sheet", "services"): 2,
    }
    assert counted(stats_app, emergency=True) == {("unknown", "phone", "chat"): 1}
    days = stats_app.extensions["finder_stats"].totals(("month",))
    assert days == [(date.today().strftime("%Y-%m"), 14)]


def test_the_need_the_assistant_reads_is_counted(stats_app):
    client = visitor(stats_app)
    post_chat(client, message="mia mamma anziana a Sezze è sempre sola, non vede mai nessuno e piange")
    post_chat(client, message="ci hanno dato lo sfratto, dobbiamo lasciare la casa il 15 del mese")
    stats_app.extensions["finder_counter"].flush()
    assert dict(stats_app.extensions["finder_stats"].totals(("need",))) == {"loneliness": 1, "eviction": 1}


def test_no_text_address_or_cookie_reaches_the_database_or_the_log(stats_app, caplog):
    with caplog.at_level(logging.DEBUG):
        use_the_site(visitor(stats_app))
        stats_app.extensions["finder_counter"].flush()
    stored = everything_stored(stats_app.extensions["finder_stats"].engine)
    for secret in (SECRET, ADDRESS, COOKIE_VALUE, "sclerosi", "picchia"):
        assert secret not in stored
        assert secret not in caplog.text
    assert "14" in stored or "6" in stored  # the counts themselves are there


def everything_stored(engine) -> str:
    """Every value of every table, as text (and the SQLite files' bytes, journal included)."""
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        values = [str(row) for table in tables.sorted_tables for row in connection.execute(select(table))]
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        values += [Path(path).read_bytes().decode("latin-1") for path in (database, database + "-wal")
                   if Path(path).exists()]
    return "\n".join(values)


def test_a_database_that_cannot_be_written_fails_no_page(tmp_path, caplog):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the statistics folder should be", encoding="utf-8")
    app = make_app(MINI, tmp_path / "data", FINDER_STATS_URL=f"sqlite:///{blocked}/stats.sqlite")
    client = app.test_client()
    assert client.get(RESULTS).status_code == 200
    assert post_chat(client, message="mi picchia").status_code == 200
    with caplog.at_level(logging.WARNING):
        app.extensions["finder_counter"].flush()
    assert "could not write" in caplog.text
    assert client.get(RESULTS).status_code == 200
    app.extensions["finder_counter"].stop()


def server_command(app, *args, typed=None):
    """`finder ARGS…` typed on the server that runs `app` (same statistics database)."""
    environment = {"FINDER_CONTENT": str(MINI), "FINDER_DATA": app.config["FINDER_DATA"],
                   "FINDER_STATS_URL": app.config["FINDER_STATS_URL"]}
    return CliRunner(env=environment).invoke(main, [str(arg) for arg in args], input=typed)


def staff(app, name="ufficio-piano"):
    """An account made the only way there is: `finder users add NAME` on the server."""
    result = server_command(app, "users", "add", name, typed=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    return name


def log_in(client, name, password=PASSWORD):
    form = page(client.get("/statistiche/accesso"))
    token = form.select_one("input[name=csrf_token]")["value"]
    return client.post("/statistiche/accesso", data={"name": name, "password": password, "csrf_token": token})


def test_anonymous_visitors_see_no_statistics(stats_app):
    use_the_site(visitor(stats_app))
    client = stats_app.test_client()
    for path in ("/statistiche", "/statistiche/comuni", "/statistiche/comuni/dati.csv",
                 "/statistiche/comuni/grafico.svg", "/statistiche/stampa", "/en/statistiche/mesi"):
        response = client.get(path)
        assert response.status_code == 302 and "/statistiche/accesso" in response.headers["Location"]
        assert "Set-Cookie" not in response.headers  # a refused visit leaves no session behind
    assert log_in(client, "admin", "admin").status_code == 400  # there is no default account
    assert client.get("/statistiche/comuni").status_code == 302


def test_staff_log_in_and_read_charts_tables_and_csv_with_small_counts_suppressed(stats_app):
    use_the_site(visitor(stats_app))
    client = stats_app.test_client()
    response = log_in(client, staff(stats_app))
    assert response.status_code == 302
    comuni = page(client.get("/statistiche/comuni"))
    assert comuni.select_one("h1").text == "Richieste per comune"
    chart = comuni.select_one("figure img")
    assert "tabella" in chart["alt"]
    rows = [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in comuni.select("table tbody tr")]
    assert rows == [["Sezze", "10"], ["non indicato", "< 5"], ["Roccagorga", "< 5"]]
    svg = client.get(chart["src"])
    assert svg.mimetype == "image/svg+xml" and b"<title>Richieste per comune</title>" in svg.data
    assert not re.search(rb'<desc class="value">[0-4]</desc>', svg.data)  # no bar for a small group
    csv_text = client.get("/statistiche/comuni/dati.csv").get_data(as_text=True)
    assert csv_text.splitlines() == ["comune,count", "sezze,10", "roccagorga,< 5", "unknown,< 5"] or \
        csv_text.splitlines() == ["comune,count", "sezze,10", "unknown,< 5", "roccagorga,< 5"]
    unmet = page(client.get("/statistiche/non-soddisfatti"))
    assert [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in unmet.select("table tbody tr")] == \
        [["non indicato", "non indicato", "< 5"], ["Roccagorga", "Contributi economici", "< 5"]]
    emergency = client.get("/statistiche/emergenze/dati.csv").get_data(as_text=True)
    assert emergency.splitlines()[1].endswith(",unknown,< 5")


@pytest.mark.parametrize("path", ["/statistiche/mesi?da=ieri", "/statistiche/mesi?a=2026-13-01"])
def test_a_bad_period_is_a_400_and_an_unknown_report_a_404(stats_app, path):
    client = stats_app.test_client()
    log_in(client, staff(stats_app))
    assert client.get(path).status_code == 400
    assert client.get("/statistiche/non-esiste").status_code == 404


def test_the_login_needs_its_form_token_and_locks_after_repeated_failures(stats_app):
    name = staff(stats_app)
    client = stats_app.test_client()
    without_token = client.post("/statistiche/accesso", data={"name": name, "password": PASSWORD})
    assert without_token.status_code == 400 and client.get("/statistiche").status_code == 302
    for _ in range(4):
        assert "non corretti" in text_of(page(log_in(client, name, "sbagliata-sbagliata")).select_one("[role=alert]"))
    assert "bloccato" in text_of(page(log_in(client, name, "sbagliata-sbagliata")).select_one("[role=alert]"))
    assert "bloccato" in text_of(page(log_in(client, name)).select_one("[role=alert]"))  # even the right one
    assert client.get("/statistiche").status_code == 302


def test_the_session_cookie_is_secure_httponly_samesite_and_logout_ends_it(tmp_path):
    app = make_app(MINI, tmp_path / "data")
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    response = log_in(client, staff(app))
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    report = page(client.get("/statistiche/mesi"))
    token = report.select_one("form[action='/statistiche/esci'] input[name=csrf_token]")["value"]
    assert client.post("/statistiche/esci", data={"csrf_token": token}).status_code == 302
    assert client.get("/statistiche/mesi").status_code == 302
    app.extensions["finder_counter"].stop()


def test_the_yearly_export_covers_the_period_and_suppresses_small_counts(stats_app, tmp_path):
    store = stats_app.extensions["finder_stats"]
    store.add({Tally(date(2025, 3, 2), "monti-lepini", comune="sezze"): 40,
               Tally(date(2025, 11, 30), "monti-lepini", comune="priverno"): 2,
               Tally(date(2026, 1, 2), "monti-lepini", comune="sezze"): 100})
    result = server_command(stats_app, "stats", "export", "--from", "2025-01-01", "--to", "2025-12-31")
    assert result.exit_code == 0, result.output
    assert "# mesi\nmonth,count\n2025-03,40\n2025-11,< 5\n" in result.output
    assert "100" not in result.output and ",2\n" not in result.output
    printed = tmp_path / "report.html"
    result = server_command(stats_app, "stats", "export", "--from", "2025-01-01", "--to", "2025-12-31",
                            "--format", "html", "--output", printed)
    assert result.exit_code == 0, result.output
    printed_page = BeautifulSoup(printed.read_text(encoding="utf-8"), "html.parser")
    cells = [text_of(cell) for cell in printed_page.select("table")[1].select("td")]
    assert cells == ["Sezze", "40", "Priverno", "< 5"]
    bad = server_command(stats_app, "stats", "export", "--from", "2025-02-30")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_users_are_made_only_from_the_command_line_with_a_long_password(stats_app):
    short = server_command(stats_app, "users", "add", "anna", typed="corta\ncorta\n")
    assert short.exit_code == 1 and "at least 12" in short.output
    name = staff(stats_app, "anna")
    assert server_command(stats_app, "users", "list").output == "anna\n"
    assert PASSWORD not in everything_stored(stats_app.extensions["finder_stats"].engine)
    assert server_command(stats_app, "users", "remove", name).exit_code == 0
    assert log_in(stats_app.test_client(), name).status_code == 400
