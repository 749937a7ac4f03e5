"""Fixtures in the manner of Flask's flaskr tutorial: `app`, `client`, `runner`, on a small real district
(tests/fixtures/mini.yaml), plus the Crotone example district kept beside the repository. The helpers
every test shares live in tests/helpers.py."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from flask import Flask

from tests.helpers import CROTONE, MINI, PUBLIC_URL, CheckedClient, make_app
from tests.postgres import PostgresServer


def pytest_configure(config):
    Flask.test_client_class = CheckedClient  # every page any test gets is checked (tests/helpers.py)
    config.addinivalue_line("markers", "install: builds a wheel and installs it into a new venv (slow; runs in make test)")


@pytest.fixture(scope="session", autouse=True)
def editor_catalogue():
    """Editors read Italian from editor.mo: `make setup` compiles it; compile it here too when it is
    missing or older than editor.po (before any test reads a message)."""
    po_path = Path(__file__).resolve().parents[1] / "translations" / "it" / "LC_MESSAGES" / "editor.po"
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale="it")
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """One app for the whole session: pages only read it (tests that change content make their own)."""
    return make_app(MINI, tmp_path_factory.mktemp("data"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    """Runs the `finder` command group (not Flask's CLI): `runner.invoke(main, ["check", path])`."""
    return CliRunner()


@pytest.fixture(scope="session")
def crotone_app(tmp_path_factory):
    if not CROTONE.exists():
        pytest.fail(f"the Crotone example district is missing: {CROTONE}")
    return make_app(CROTONE, tmp_path_factory.mktemp("crotone-data"))


@pytest.fixture(scope="session")
def public_crotone_app(tmp_path_factory):
    """Crotone served at a public address, as the kiosk's and the desk's QR codes need it (read-only)."""
    if not CROTONE.exists():
        pytest.fail(f"the Crotone example district is missing: {CROTONE}")
    return make_app(CROTONE, tmp_path_factory.mktemp("public-data"), FINDER_PUBLIC_URL=PUBLIC_URL,
                    FINDER_WATCH_CONTENT=False)


@pytest.fixture
def crotone_client(crotone_app):
    return crotone_app.test_client()


@pytest.fixture(scope="session")
def postgres_server():
    """One throw-away PostgreSQL per test worker (see tests/postgres.py)."""
    try:
        server = PostgresServer()
    except RuntimeError as error:
        pytest.skip(f"PostgreSQL tests skipped: {error}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def stats_url(request, tmp_path):
    """The statistics database, empty: the default SQLite file, then PostgreSQL (FINDER_STATS_URL)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'statistics.sqlite'}"
    return request.getfixturevalue("postgres_server").new_database()
