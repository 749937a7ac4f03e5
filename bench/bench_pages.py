"""Page weight and server time: what a first visit on a phone downloads (compressed, as a browser asks
for it) and how long the server takes for every step of the guided questions.

    python bench/bench_pages.py [--content FILE] [--rounds N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section  # noqa: E402

from finder import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BROWSER_HEADERS = {"Accept-Encoding": "br, gzip", "Accept-Language": "it"}


def transferred(client, url: str) -> tuple[int, int]:
    """(bytes on the wire, bytes uncompressed) for one URL."""
    wire = client.get(url, headers=BROWSER_HEADERS)
    plain = client.get(url, headers={"Accept-Language": "it"})
    return len(wire.get_data()), len(plain.get_data())


def page_weight(client, url: str) -> dict:
    """The page and everything it loads (stylesheet and scripts) on a first visit."""
    soup = BeautifulSoup(client.get(url, headers={"Accept-Language": "it"}).data, "html.parser")
    assets = [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    assets += [tag["src"] for tag in soup.select("script[src]")]
    html_wire, html_plain = transferred(client, url)
    asset_sizes = [transferred(client, asset) for asset in assets]
    return {"url": url, "html": html_wire, "html_plain": html_plain,
            "total": html_wire + sum(wire for wire, _ in asset_sizes),
            "total_plain": html_plain + sum(plain for _, plain in asset_sizes), "assets": len(assets)}


def guided_urls(client) -> list[tuple[str, str]]:
    """(step, url) for every step of every path, as a person can tap through them."""
    def choices(url):
        soup = BeautifulSoup(client.get(url).data, "html.parser")
        return ["/guida?" + urlparse(a["href"]).query for a in soup.select(".choices a.choice")]
    steps = [("domanda 1", "/guida")]
    for second in choices("/guida"):
        steps.append(("domanda 2", second))
        for third in choices(second):
            steps.append(("domanda 3", third))
            steps += [("risultati", result) for result in choices(third)]
    return steps


def server_times(client, steps, rounds: int) -> dict:
    by_step: dict[str, list] = {}
    slowest = (0.0, "")
    for step, url in steps:
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        median = statistics.median(timings)
        by_step.setdefault(step, []).append(median)
        slowest = max(slowest, (median, url))
    return {"steps": {step: (len(values), statistics.median(values), max(values)) for step, values in by_step.items()},
            "slowest": slowest, "paths": sum(1 for step, _ in steps if step == "risultati")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=str(ROOT / "content" / "services.yaml"))
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        app = create_app({"FINDER_CONTENT": options.content, "FINDER_DATA": data, "FINDER_WATCH_CONTENT": False})
        client = app.test_client()
        with app.app_context():
            catalog = app.extensions["finder_content"].current().catalog
        first_service = next(iter(catalog.services))
        weights = [page_weight(client, url) for url in ("/", f"/servizi/{first_service}")]
        client.get("/guida")  # templates compiled before timing
        times = server_times(client, guided_urls(client), options.rounds)
    lines = ["## Page weight and guided-step server time", "",
             f"`python bench/bench_pages.py --rounds {options.rounds}` on `{Path(options.content).name}`, "
             "Flask test client on this machine (2 cores), Brotli/gzip as a browser asks.", "",
             "| page | HTML on the wire | HTML uncompressed | first visit with CSS and JS (wire) | uncompressed |",
             "|---|---|---|---|---|"]
    for weight in weights:
        lines.append(f"| `{weight['url']}` | {weight['html']:,} B | {weight['html_plain']:,} B | "
                     f"{weight['total']:,} B | {weight['total_plain']:,} B |")
    lines += ["", f"Guided questions: {times['paths']} result paths walked, every step timed {options.rounds} times.", "",
              "| step | pages | median server time | slowest page |", "|---|---|---|---|"]
    for step, (count, median, worst) in times["steps"].items():
        lines.append(f"| {step} | {count} | {median:.1f} ms | {worst:.1f} ms |")
    slowest_ms, slowest_url = times["slowest"]
    lines += ["", f"Slowest step: {slowest_ms:.1f} ms (`{slowest_url}`)."]
    write_section("bench_pages", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
