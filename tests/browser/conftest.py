"""Browser tests: the real app on a free local port, driven by Debian's Chromium through Playwright.

One server per district and one browser per session keep the suite fast; every test gets a fresh
context (cookies, viewport, JavaScript on or off). Chromium is never downloaded: `make test` installs
Debian's and the tests fail loudly, never skip, when it is missing.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from finder import create_app
from tests.browser.helpers import axe_violations
from tests.helpers import PUBLIC_URL  # where QR codes and printed sheets send people: not this test server

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FINDER_CHROMIUM", "/usr/bin/chromium")
# The network is closed: nothing in Chromium may try to phone home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
DISTRICTS = {
    "crotone": REPO.parent / "shared" / "eval" / "crotone" / "services.yaml",
    "default": REPO / "content" / "services.yaml",
}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class LiveServer:
    """The real app in a background thread, on a free 127.0.0.1 port."""

    def __init__(self, content: Path, data_dir: Path, **config):
        app = create_app({"FINDER_CONTENT": str(content), "FINDER_DATA": str(data_dir),
                          "FINDER_PUBLIC_URL": PUBLIC_URL, "FINDER_WATCH_CONTENT": False,
                          "TESTING": True, **config})
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.catalog  # noqa: B018 (installed now: a first page's 10 s budget is not spent compiling it)

    @property
    def catalog(self):
        with self.app.app_context():
            return self.app.extensions["finder_content"].current().catalog

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    """Started on first use, one per district, stopped at the end of the session."""
    started: dict[str, LiveServer] = {}

    def get(name: str) -> LiveServer:
        if name not in started:
            content = DISTRICTS[name]
            if not content.exists():
                pytest.fail(f"district file missing: {content}")
            started[name] = LiveServer(content, tmp_path_factory.mktemp(f"data-{name}"))
        return started[name]

    yield get
    for server in started.values():
        server.stop()


@pytest.fixture(scope="session")
def live_server(servers) -> LiveServer:
    """The Crotone district (shared/eval), the one every browser test can count on."""
    return servers("crotone")


@pytest.fixture(scope="session", params=list(DISTRICTS))
def district_server(request, servers) -> LiveServer:
    """For the tests that run on both districts: Crotone (shared/eval) and the default content."""
    return servers(request.param)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium) "
                    "or `apt-get install -y chromium`. The browser tests never download a browser.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _context(browser, **options):
    settings = {**PHONE, "locale": "it-IT", "timezone_id": "Europe/Rome", **options}
    context = browser.new_context(**settings)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def new_page(browser):
    """Open more pages with their own settings: `new_page(viewport={...}, java_script_enabled=False)`."""
    contexts = []

    def open_page(**options):
        context = _context(browser, **options)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # No inline script or style: anything the Content-Security-Policy refuses is a bug.
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text else None)
        page.js_errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A phone, 390×844, touch, JavaScript on."""
    page = new_page()
    yield page
    assert not page.js_errors, f"JavaScript errors or refused by the CSP: {page.js_errors}"


@pytest.fixture
def no_js_page(new_page):
    """The same phone with JavaScript off: every feature must still be a plain link or form."""
    return new_page(java_script_enabled=False)


def axe_check(page, context=None) -> None:
    """Fail with the list of axe-core violations on the page, if there are any."""
    lines = axe_violations(page, context)
    if lines:
        pytest.fail(f"axe-core: WCAG 2.1 A/AA violations on {page.url}\n" + "\n".join(lines), pytrace=False)


@pytest.fixture(name="axe_check")
def axe_check_fixture():
    return axe_check
