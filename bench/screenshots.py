"""The README's screenshots: the home page and a guided result on a phone (390×844), default content.

    .venv/bin/python bench/screenshots.py [--content content/services.yaml] [--out docs/screenshots]

Runs the real app on a free local port and Debian's Chromium (never a downloaded browser).
"""
from __future__ import annotations

import argparse
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from finder import create_app
from finder.catalog import guided

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "it-IT", "timezone_id": "Europe/Rome"}


def result_answers(catalog) -> dict:
    """The first guided path that ends with two services or more: a typical result page."""
    answers = guided.first_path_with(catalog, 2)
    if answers is None:
        raise SystemExit("no guided path leads to two services")
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=str(REPO / "content" / "services.yaml"))
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as data:
        app = create_app({"FINDER_CONTENT": options.content, "FINDER_DATA": data, "FINDER_WATCH_CONTENT": False})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with app.app_context():
            catalog = app.extensions["finder_content"].current().catalog
        answers = result_answers(catalog)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context(**PHONE).new_page()
                page.goto(base + "/")
                page.screenshot(path=out / "home-phone.png")
                page.goto(base + "/guida?" + "&".join(f"{key}={value}" for key, value in answers.items()))
                page.locator("main h1").evaluate("h1 => window.scrollTo(0, h1.getBoundingClientRect().top - 8)")
                page.screenshot(path=out / "result-phone.png")
                browser.close()
        finally:
            server.shutdown()
    for name in ("home-phone.png", "result-phone.png"):
        print(out / name)


if __name__ == "__main__":
    main()
