"""Fixtures in the manner of Flask's flaskr tutorial: `app`, `client`, `runner`, on a small real district
(tests/fixtures/mini.yaml), plus the Crotone example district kept beside the repository."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from finder import create_app
from finder.cli import main

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
BROKEN = FIXTURES / "broken"
MINI = FIXTURES / "mini.yaml"
# CI clones the repository with shared/ beside it: <repo>/../shared/...
CROTONE = TESTS.parents[1] / "shared" / "eval" / "crotone" / "services.yaml"


def pytest_collectstart(collector):
    """Test modules here and in tests/browser both write `from conftest import …`, each meaning the
    conftest beside it; pytest keeps only the last conftest it imported under that name. Point the
    name at the nearest conftest just before each test module is imported."""
    if not isinstance(collector, pytest.Module):
        return
    conftests = {Path(plugin.__file__).resolve(): plugin for plugin in collector.config.pluginmanager.get_plugins()
                 if getattr(plugin, "__name__", None) == "conftest" and getattr(plugin, "__file__", None)}
    for folder in Path(collector.path).resolve().parents:
        if folder / "conftest.py" in conftests:
            sys.modules["conftest"] = conftests[folder / "conftest.py"]
            return


def pytest_configure(config):
    config.addinivalue_line("markers", "install: builds a wheel and installs it into a new venv (slow; runs in make test)")


def make_app(content, data_dir, **config):
    return create_app({"FINDER_CONTENT": str(content), "FINDER_DATA": str(data_dir), "TESTING": True,
                       **config})


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


PUBLIC_URL = "https://servizi.esempio.it"  # where QR codes and hand-offs send people: not the test server


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


def finder(runner, *args):
    """`finder ARGS…` as an editor types it."""
    return runner.invoke(main, [str(arg) for arg in args])


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(element) -> str:
    """The text a person reads, with whitespace collapsed (and none before punctuation)."""
    if element is None:
        return ""
    return re.sub(r" ([,.;:)])", r"\1", " ".join(element.get_text(" ").split()))


def main_text(response) -> str:
    soup = page(response)
    return text_of(soup.find("main") or soup)


def service_links(response) -> list[str]:
    """The ids of the services whose cards a page shows, in order."""
    return [link["href"].rsplit("/", 1)[-1] for link in page(response).select(".service-card .card-title a")]


@pytest.fixture(scope="session")
def postgres_server():
    """One throw-away PostgreSQL per test worker (see tests/postgres.py)."""
    from postgres import PostgresServer
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
