"""Requests per second with the statistics counting on and off, in one run: the real threaded server on
127.0.0.1, a few client threads asking for guided results and empty searches (every one counted), the two
settings alternated so that neither gets the warmer machine.

    python bench/bench_stats.py [--seconds S] [--rounds N] [--clients C]
"""
from __future__ import annotations

import argparse
import itertools
import logging
import platform
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section  # noqa: E402

from finder import create_app  # noqa: E402
from finder.catalog import guided  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access lines in the figures


def result_paths(app) -> list[str]:
    with app.app_context():
        catalog = app.extensions["finder_content"].current().catalog
    paths = []
    for audience in catalog.audiences:
        for comune in guided.comuni_for(catalog, audience)[:3]:
            for category in guided.categories_for(catalog, audience, comune.id)[:3]:
                paths.append(f"/guida?audience={audience}&comune={comune.id}&category={category.id}")
    return paths + ["/cerca?q=zzzz"]


def requests_per_second(url: str, paths: list[str], seconds: float, clients: int) -> float:
    """Bounded load: `clients` threads, each stopping after `seconds`."""
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        for path in itertools.cycle(paths[number::clients] or paths):
            if time.perf_counter() > deadline:
                return
            urllib.request.urlopen(url + path, timeout=10).read()
            done[number] += 1

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def interleaved_medians(apps: dict, paths: list[str], rounds: int) -> dict:
    """Median time of one page with counting on and off, the two asked one after the other for every
    page, so that a busy machine slows both alike (Flask test client, no network)."""
    clients = {on: app.test_client() for on, app in apps.items()}
    timings = {True: [], False: []}
    for _ in range(rounds):
        for path in paths:
            for on in (False, True):
                started = time.perf_counter()
                clients[on].get(path)
                timings[on].append((time.perf_counter() - started) * 1000)
    return {on: statistics.median(values) for on, values in timings.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=str(ROOT / "content" / "services.yaml"))
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--clients", type=int, default=4)
    options = parser.parse_args()
    measured = {True: [], False: []}
    counted = 0
    with tempfile.TemporaryDirectory() as data:
        apps = {on: create_app({"FINDER_CONTENT": options.content, "FINDER_DATA": f"{data}/{on}",
                                "FINDER_WATCH_CONTENT": False, "FINDER_STATS": on}) for on in (True, False)}
        for _ in range(options.rounds):
            for on in (False, True):
                server = make_server("127.0.0.1", 0, apps[on], threaded=True)
                thread = threading.Thread(target=server.serve_forever, daemon=True)
                thread.start()
                url = f"http://127.0.0.1:{server.server_port}"
                paths = result_paths(apps[on])
                urllib.request.urlopen(url + paths[0]).read()  # warm
                measured[on].append(requests_per_second(url, paths, options.seconds, options.clients))
                server.shutdown()
        per_page = interleaved_medians(apps, result_paths(apps[True]), options.rounds * 5)
        apps[True].extensions["finder_counter"].flush()
        counted = sum(row[-1] for row in apps[True].extensions["finder_stats"].totals(("channel",)))
        apps[True].extensions["finder_counter"].stop()
    off, on = statistics.median(measured[False]), statistics.median(measured[True])
    lines = ["## Statistics: requests per second with counting on and off", "",
             f"Command: `python bench/bench_stats.py --seconds {options.seconds:g} --rounds {options.rounds} "
             f"--clients {options.clients}` — {date.today()}, Python {platform.python_version()}, this machine "
             "(2 cores), werkzeug's threaded server on 127.0.0.1, guided results and an empty search (each counted).",
             "", "| counting | median req/s | rounds (req/s) |", "|---|---|---|",
             f"| off | {off:.0f} | {', '.join(f'{value:.0f}' for value in measured[False])} |",
             f"| on | {on:.0f} | {', '.join(f'{value:.0f}' for value in measured[True])} |", "",
             f"Difference: {100 * (on - off) / off:+.1f}% ({counted} answers counted, written in batches every 5 s "
             "by a background thread). Other work on the machine moves these figures from round to round.", "",
             f"One page, the two settings asked in turn ({options.rounds * 5} rounds of every path, test client): "
             f"median {per_page[False]:.2f} ms off, {per_page[True]:.2f} ms on "
             f"({per_page[True] - per_page[False]:+.2f} ms)."]
    write_section("bench_stats", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
