"""Every page type under gunicorn (2 sync workers, wrk), side by side in one run with the framework floor
(the smallest Flask page, same gunicorn) and nginx serving the same page as a static file. Finder is
measured twice: first views (no tag: drawn, or taken from the render cache) and repeat views (the browser's
ETag: 304).

    python bench/bench_http.py [--seconds 5] [--connections 8]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WARM_UP_SECONDS = 2  # before each page is measured, so that no worker draws it (or loads what it needs) for the first time
PAGES = [("home", "/"), ("catalogue", "/servizi"), ("service", "/servizi/sad-anziani"),
         ("guided step", "/guida?audience=anziani-non-autosufficienti"),
         ("guided result", "/guida?audience=anziani-non-autosufficienti&comune=latina&category=aiuto-a-casa"),
         ("search", "/cerca?q=badante"), ("kiosk", "/chiosco/servizi"), ("front desk", "/operatore")]
NGINX_CONF = """worker_processes 2; pid {root}/nginx.pid; error_log {root}/nginx-error.log;
events {{ worker_connections 256; }}
http {{ access_log off; client_body_temp_path {root}/t1; proxy_temp_path {root}/t2; fastcgi_temp_path {root}/t3;
  uwsgi_temp_path {root}/t4; scgi_temp_path {root}/t5; default_type text/html;
  server {{ listen 127.0.0.1:{port}; root {root}/pages; }} }}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"not up after {seconds} s: {url}")


def gunicorn(app: str, port: int, env: dict, log) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--worker-class", "sync",
               "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), app]
    return subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=log)


def wrk(url: str, seconds: int, connections: int, headers: dict | None = None) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} errors\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read(), response.headers.get("ETag", "")


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def measure(options, root: Path) -> list[dict]:
    floor_port, finder_port, nginx_port = free_port(), free_port(), free_port()
    log = open(root / "servers.log", "w")
    env = {"FINDER_DATA": str(root / "data"), "FINDER_RATE_LIMIT": "off", "PYTHONPATH": str(ROOT / "bench")}
    servers = [gunicorn("floor:app", floor_port, env, log), gunicorn("finder:create_app()", finder_port, env, log)]
    try:
        wait_until_up(f"http://127.0.0.1:{floor_port}/")
        wait_until_up(f"http://127.0.0.1:{finder_port}/servizi")
        root.chmod(0o755)  # nginx's workers run as another user
        (root / "pages").mkdir(mode=0o755)
        for number, (name, path) in enumerate(PAGES):
            (root / "pages" / f"{number}.html").write_bytes(fetch(f"http://127.0.0.1:{finder_port}{path}")[0])
        (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=nginx_port))
        servers.append(subprocess.Popen([NGINX, "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
                                        stdout=log, stderr=log))
        wait_until_up(f"http://127.0.0.1:{nginx_port}/0.html")
        rows = []
        for number, (name, path) in enumerate(PAGES):
            seconds, connections = options.seconds, options.connections
            wrk(f"http://127.0.0.1:{finder_port}{path}", WARM_UP_SECONDS, connections)  # every worker has served it
            row = {"page": name, "path": path, "load": load_average(),
                   "floor": wrk(f"http://127.0.0.1:{floor_port}/", seconds, connections),
                   "first": wrk(f"http://127.0.0.1:{finder_port}{path}", seconds, connections)}
            tag = fetch(f"http://127.0.0.1:{finder_port}{path}")[1]  # now: a page that says "open now" has this minute's
            row["repeat"] = wrk(f"http://127.0.0.1:{finder_port}{path}", seconds, connections,
                                {"If-None-Match": tag}) if tag else None
            row["nginx"] = wrk(f"http://127.0.0.1:{nginx_port}/{number}.html", seconds, connections)
            print(row, flush=True)
            rows.append(row)
        return rows
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def report(rows: list[dict], options) -> str:
    lines = ["## Pages under load, side by side", "",
             f"`python bench/bench_http.py --seconds {options.seconds} --connections {options.connections}` "
             "(`make bench`): gunicorn with 2 sync workers for Finder and for the floor (the smallest Flask page), "
             "nginx (2 workers) serving the same page as a static file, wrk on loopback, one after the other for "
             "each page type after a 2-second warm-up of it (no worker meets a page for the first time while "
             "measured), on the default district. First view: no tag (the page as it was sent to somebody "
             "else, sent again before Flask does any work; drawn every time where a person typed (search) or a "
             "rate limit counts (front desk)); repeat view: the browser's ETag, answered 304. The machine has 2 "
             "cores shared with other work: the load average (1, 5, 15 min) is given on each row.", "",
             "| page | floor req/s | Finder first view | % of floor | Finder repeat view (304) | % of floor "
             "| nginx static | load average |", "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        repeat = row["repeat"]
        repeat_cells = f"{repeat:,.0f} | {100 * repeat / row['floor']:.0f}%" if repeat else "no tag (kiosk: no-store) | –"
        lines.append(f"| {row['page']} (`{row['path']}`) | {row['floor']:,.0f} | {row['first']:,.0f} | "
                     f"{100 * row['first'] / row['floor']:.0f}% | {repeat_cells} | {row['nginx']:,.0f} | {row['load']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()
    if not shutil.which("wrk") or not Path(NGINX).exists():
        raise SystemExit("wrk and nginx are needed: `make drill-tools` installs them")
    with tempfile.TemporaryDirectory() as folder:
        rows = measure(options, Path(folder))
    text = report(rows, options)
    write_section("bench_http", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
