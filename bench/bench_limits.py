"""Times what a long message costs: the assistant's `ask` on 1,000 to 100,000 characters, and the chat's
POST as a browser sends it (accepted, refused but read for danger, refused by size before any work).
Writes its section of docs/benchmarks.md.

    .venv/bin/python bench/bench_limits.py [--rounds 5]
"""
from __future__ import annotations

import argparse
import platform
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from finder import create_app  # noqa: E402
from timing import median_ms  # noqa: E402
from finder.assistant import ask  # noqa: E402
from finder.views import catalog, search_index  # noqa: E402
from report import write_section  # noqa: E402

SENTENCE = "mia mamma ha 87 anni e non ce la fa più a lavarsi da sola, stiamo a Sabaudia. "
LENGTHS = [1_000, 4_000, 10_000, 100_000]


def message_of(length: int) -> str:
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    app = create_app({"FINDER_DATA": tempfile.mkdtemp(), "FINDER_WATCH_CONTENT": False, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/chat").get_data(as_text=True)).group(1)
    with app.test_request_context():
        app.preprocess_request()
        ask_rows = [(length, median_ms(lambda: ask(catalog(), search_index(), message_of(length)), rounds, warm=True))
                    for length in LENGTHS]
    post_rows = []
    for length in LENGTHS:
        body = {"message": message_of(length), "csrf_token": token}
        status = client.post("/chat", data=body).status_code
        post_rows.append((length, status, median_ms(lambda: client.post("/chat", data=body), rounds, warm=True)))
    lines = ["## Long messages: what they cost", "",
             f"Command: `python bench/bench_limits.py --rounds {rounds}` — {date.today()}, Python "
             f"{platform.python_version()}, {platform.machine()}, default catalogue; medians of {rounds} calls.", "",
             "A message over 1,000 characters is refused; only its first 4,000 are read, for danger. A body over "
             "64 KB is refused (413) before the form is even parsed.", "",
             "| characters | `ask` | chat POST | POST status |", "|---|---|---|---|"]
    for (length, ask_ms), (_, status, post_ms) in zip(ask_rows, post_rows):
        lines.append(f"| {length:,} | {ask_ms:.1f} ms | {post_ms:.1f} ms | {status} |")
    ratio = ask_rows[-1][1] / ask_rows[0][1]
    lines += ["", f"`ask` on 100,000 characters costs {ratio:.1f}× what it costs on 1,000."]
    write_section("bench_limits", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
