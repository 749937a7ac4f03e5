"""Lighthouse (npm's, with Debian's Chromium), mobile preset, performance only, on the home page, a guided
result and a service page, with Finder under gunicorn as deployed.

    python bench/bench_lighthouse.py      (make bench installs Lighthouse under bench/.lighthouse)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import free_port, gunicorn, load_average, wait_until_up  # noqa: E402
from report import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "bench" / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = [("home", "/"), ("guided result", "/guida?audience=anziani-non-autosufficienti&comune=latina&category=aiuto-a-casa"),
         ("service", "/servizi/sad-anziani")]
METRICS = (("first-contentful-paint", "FCP"), ("largest-contentful-paint", "LCP"), ("total-blocking-time", "TBT"),
           ("cumulative-layout-shift", "CLS"), ("total-byte-weight", "bytes"))


def audit(url: str, folder: Path) -> dict:
    report = folder / "report.json"
    subprocess.run([str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
                    f"--output-path={report}", "--quiet",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True, timeout=300)
    result = json.loads(report.read_text())
    figures = {"score": round(result["categories"]["performance"]["score"] * 100)}
    for audit_id, name in METRICS:
        figures[name] = result["audits"][audit_id]["displayValue"]
    return figures


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: `make bench` installs it under bench/.lighthouse")
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        log = open(Path(folder) / "server.log", "w")
        server = gunicorn("finder:create_app()", port, {"FINDER_DATA": str(Path(folder) / "data"),
                                                       "FINDER_RATE_LIMIT": "off"}, log)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/")
            rows = [(name, path, load_average(), audit(f"http://127.0.0.1:{port}{path}", Path(folder)))
                    for name, path in PAGES]
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = ["## Lighthouse, mobile", "",
             "`python bench/bench_lighthouse.py` (`make bench`): npm's Lighthouse 12 with Debian's Chromium, its "
             "default mobile preset (a mid-range phone, slow 4G, 4× CPU slowdown), performance only; Finder under "
             "gunicorn on this machine (2 cores, shared: load average on each row).", "",
             "| page | performance | FCP | LCP | TBT | CLS | bytes | load average |", "|---|---|---|---|---|---|---|---|"]
    for name, path, load, figures in rows:
        lines.append(f"| {name} (`{path}`) | {figures['score']} | {figures['FCP']} | {figures['LCP']} | "
                     f"{figures['TBT']} | {figures['CLS']} | {figures['bytes']} | {load} |")
    write_section("bench_lighthouse", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
