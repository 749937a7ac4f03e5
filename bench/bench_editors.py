"""The editors' and open-data tools on the default district and on ten copies of it: the care list,
the HSDS export, the status page and the JSON API (server time through the Flask test client).

    python bench/bench_editors.py [--rounds N]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section  # noqa: E402
from timing import median_ms  # noqa: E402

from finder import create_app  # noqa: E402
from finder.catalog import hsds, load_catalog  # noqa: E402
from finder.catalog.care import care_list  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content" / "services.yaml"
CROTONE = ROOT.parent / "shared" / "eval" / "crotone" / "services.yaml"



def tool_times(content: Path, rounds: int) -> dict:
    catalog = load_catalog([content])
    with tempfile.TemporaryDirectory() as folder:
        export_ms = median_ms(lambda: hsds.export(catalog, Path(folder)), rounds)
    return {"services": len(catalog.services), "care": len(care_list(catalog)),
            "care_ms": median_ms(lambda: care_list(catalog), rounds), "export_ms": export_ms}


def page_times(content: Path, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as data:
        app = create_app({"FINDER_CONTENT": str(content), "FINDER_DATA": data, "FINDER_WATCH_CONTENT": False})
        client = app.test_client()
        with app.app_context():
            catalog = app.extensions["finder_content"].current().catalog
        point, service = next(iter(catalog.access_points)), next(iter(catalog.services))
        urls = ["/stato", "/api/v1/services", f"/api/v1/services/{service}", f"/api/v1/access-points/{point}"]
        for url in urls:
            client.get(url)  # templates compiled, catalogue loaded
        return {url: median_ms(lambda: client.get(url), rounds) for url in urls}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    lines = ["## Editors' tools and open data", "",
             f"`python bench/bench_editors.py --rounds {options.rounds}`, medians on this machine (2 cores).", "",
             "| catalogue | services | care items | care list | HSDS export (JSON + CSV) |", "|---|---|---|---|---|"]
    for name, content in (("default", CONTENT), ("crotone", CROTONE)):
        tools = tool_times(content, options.rounds)
        lines.append(f"| {name} | {tools['services']} | {tools['care']} | {tools['care_ms']:.1f} ms | "
                     f"{tools['export_ms']:.1f} ms |")
    lines += ["", "| page (default catalogue) | median server time |", "|---|---|"]
    lines += [f"| `{url}` | {ms:.1f} ms |" for url, ms in page_times(CONTENT, options.rounds).items()]
    write_section("bench_editors", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
