"""National scale: start time (cold, then warm with the kept readings), memory, and every page type's size
and server time on a generated catalogue of many districts (bench/national.py).

    python bench/bench_national.py [--districts 600]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national  # noqa: E402
from report import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# One start of the site, in its own process (what a worker does), measured from the inside.
START = r"""
import json, sys, time
started = time.perf_counter()
from finder.app import create_preloaded_app as create_app  # as deployed: what gunicorn's master loads
files, data = json.loads(sys.argv[1]), sys.argv[2]
app = create_app({"FINDER_CONTENT": files, "FINDER_DATA": data, "FINDER_WATCH_CONTENT": False,
                  "RATELIMIT_ENABLED": False})
client = app.test_client()
first = client.get("/guida")
ready = time.perf_counter() - started
pages = {}
for name, url in json.loads(sys.argv[3]):
    began = time.perf_counter()
    client.get(url, headers={"Accept-Language": "it"})  # drawn the first time (the render cache keeps it)
    drawn = (time.perf_counter() - began) * 1000
    times = []
    for _ in range(3):
        began = time.perf_counter()
        response = client.get(url, headers={"Accept-Language": "it", "Accept-Encoding": "br"})
        times.append((time.perf_counter() - began) * 1000)
    plain = client.get(url, headers={"Accept-Language": "it"})
    pages[name] = {"url": url, "status": plain.status_code, "bytes": len(plain.data),
                   "wire": len(response.data), "drawn": drawn,
                   "ms": sorted(times)[1]}
rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS"))
print(json.dumps({"ready": ready, "status": first.status_code, "rss_mb": rss / 1024, "pages": pages}))
"""

PAGES = [("home", "/"), ("catalogue", "/servizi"), ("service", "/servizi/sad-anziani-d300"),
         ("guided step 1", "/guida"), ("guided comune", "/guida?audience=anziani-non-autosufficienti-d300"),
         ("guided result", "/guida?audience=anziani-non-autosufficienti-d300&comune=latina-d300&category=aiuto-a-casa-d300"),
         ("search", "/cerca?q=badante"), ("front desk", "/operatore"), ("kiosk", "/chiosco/servizi")]


def start(files, data: Path) -> dict:
    output = subprocess.run([sys.executable, "-c", START, json.dumps([str(f) for f in files]), str(data),
                             json.dumps(PAGES)], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def served_by_gunicorn(files, data: Path, workers: int = 2) -> dict:
    """The production layout (deploy/gunicorn.conf.py, preload): start time and memory of each process.
    PSS counts a page shared by n processes as 1/n to each: the memory a worker really adds."""
    port = free_port()
    env = {**os.environ, "FINDER_CONTENT": ":".join(map(str, files)), "FINDER_DATA": str(data),
           "FINDER_BIND": f"127.0.0.1:{port}", "FINDER_WORKERS": str(workers), "FINDER_RATE_LIMIT": "off"}
    started = time.perf_counter()
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--config",
                               str(ROOT / "deploy" / "gunicorn.conf.py"), "--access-logfile", "/dev/null"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/guida", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 900:
                    raise SystemExit("gunicorn did not start")
                time.sleep(0.5)
        ready = time.perf_counter() - started
        for _ in range(20):
            for _, url in PAGES:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30).read()
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        return {"ready": ready, "master": _memory(server.pid), "workers": [_memory(int(pid)) for pid in children]}
    finally:
        server.terminate()
        server.wait(timeout=60)


def _memory(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    return {"rss": fields["Rss"], "pss": fields["Pss"]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=600)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = national.generate(Path(folder) / "content", options.districts, ROOT / "content" / "services.yaml")
        load_before = load_average()
        cold = start(files, Path(folder) / "data")
        warm = start(files, Path(folder) / "data")
        served = served_by_gunicorn(files, Path(folder) / "data")
        load_after = load_average()
    lines = ["## National scale", "",
             f"`python bench/bench_national.py --districts {options.districts}`: {options.districts} districts "
             f"× 38 services, {options.districts * 5:,} comuni, one file per district; each start is a new "
             f"process (a worker); load average before {load_before}, after {load_after} (2 cores, shared).", "",
             "| | cold start (nothing kept) | warm start (readings and database kept) |", "|---|---|---|",
             f"| start to the first page | {cold['ready']:.1f} s | {warm['ready']:.1f} s |",
             f"| memory of the process (RSS) after the pages below | {cold['rss_mb']:.0f} MB | {warm['rss_mb']:.0f} MB |",
             "", "Under gunicorn as deployed (`deploy/gunicorn.conf.py`: preload, 2 workers, warm readings): "
             f"{served['ready']:.1f} s to the first page; master RSS {served['master']['rss']:.0f} MB; "
             + "; ".join(f"worker {number} RSS {worker['rss']:.0f} MB, PSS {worker['pss']:.0f} MB (shared pages "
                         "counted 1/n)" for number, worker in enumerate(served["workers"], 1)) + ".",
             "", "| page | URL | HTML | on the wire (br) | drawn the first time | again (median of 3) |",
             "|---|---|---|---|---|---|"]
    for name, figures in warm["pages"].items():
        lines.append(f"| {name} | `{figures['url']}` | {figures['bytes'] / 1024:,.0f} KB | "
                     f"{figures['wire'] / 1024:,.1f} KB | {figures['drawn']:.0f} ms | {figures['ms']:.1f} ms |")
    write_section("bench_national", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
