"""The fault drill (`make drill`): the production layout on loopback, under steady load, while things go wrong.

Two gunicorn replicas (deploy/gunicorn.conf.py) behind nginx (deploy/nginx/finder.conf, with a throwaway
certificate and loopback ports), wrk sending a steady mix of pages, searches and chat posts over TLS. Then:
one replica is killed (and started again, as systemd would); the catalogue is overwritten with a broken YAML,
a dangling reference, an empty file and a 50 MB file, each of which must never be served; then a good change,
which must reach every worker of every replica. Prints the figures docs/deploy.md quotes.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
CONTENT = REPO / "content" / "services.yaml"
LOAD_SECONDS = int(os.environ.get("DRILL_SECONDS", "45"))
CONNECTIONS = int(os.environ.get("DRILL_CONNECTIONS", "4"))
WORKERS_PER_REPLICA = 2
NAME_LINE = "    it: Distretto socio-sanitario Latina 2\n"
ORIGINAL_NAME, GOOD_NAME = "Distretto socio-sanitario Latina 2", "Distretto socio-sanitario Latina 2 e Lepini"
BROKEN_SECONDS = 4  # how long each broken file stays, probed all along
GOAL_SECONDS = 5

LOAD_SCRIPT = """
local paths = {"/", "/servizi", "/cerca?q=assistenza+anziani", "/servizi/segretariato-sociale",
               "/comuni/latina", "/en/servizi", "/guida", "/chiosco/servizi"}
local token = os.getenv("DRILL_TOKEN")
local counter = 0
request = function()
  counter = counter + 1
  local slot = counter % (#paths + 1)
  if slot == 0 then
    return wrk.format("POST", "/chat", {["Content-Type"] = "application/x-www-form-urlencoded",
      ["Sec-Fetch-Site"] = "same-origin"}, "message=mia+madre+anziana+non+riesce+a+lavarsi&csrf_token=" .. token)
  end
  return wrk.format("GET", paths[slot])
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2, context=INSECURE).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"not up after {seconds} s: {url}")


INSECURE = ssl.create_default_context()
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE


class Site:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content" / "services.yaml"
        self.data = root / "data"
        self.logs = root / "logs"
        for folder in (self.content.parent, self.data, self.logs, root / "nginx-temp"):
            folder.mkdir(parents=True)
        shutil.copy(CONTENT, self.content)
        self.ports = [free_port(), free_port()]
        self.https_port, self.http_port = free_port(), free_port()
        self.replicas: dict[int, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None

    def environment(self) -> dict:
        return {**os.environ, "FINDER_CONTENT": str(self.content), "FINDER_DATA": str(self.data),
                "FINDER_SECRET_KEY": "drill-key", "FINDER_PROXIES": "1", "FINDER_RATE_LIMIT_EXEMPT": "127.0.0.1",
                "FINDER_WORKERS": str(WORKERS_PER_REPLICA)}

    def start_replica(self, port: int) -> None:
        log = open(self.logs / f"gunicorn-{port}.log", "a")
        self.replicas[port] = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--config", str(DEPLOY / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{port}"], env=self.environment(), cwd=self.root, stdout=log, stderr=log,
            start_new_session=True)

    def kill_replica(self, port: int) -> None:
        os.killpg(self.replicas[port].pid, signal.SIGKILL)  # the master and its workers, without warning
        self.replicas[port].wait()

    def start_nginx(self) -> None:
        certificate, key = self.root / "cert.pem", self.root / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=localhost", "-keyout", str(key), "-out", str(certificate)], check=True,
                       capture_output=True)
        site = self.nginx_site(certificate, key)
        (self.root / "finder.conf").write_text(site)
        temp = self.root / "nginx-temp"
        temp.chmod(0o777)
        main = (f"worker_processes 1;\npid {self.root}/nginx.pid;\nerror_log {self.logs}/nginx-main.log;\n"
                f"events {{ worker_connections 512; }}\nhttp {{\n include /etc/nginx/mime.types;\n"
                f" client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
                f" fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;\n"
                f" include {self.root}/finder.conf;\n}}\n")
        (self.root / "nginx.conf").write_text(main)
        self.nginx = subprocess.Popen(["nginx", "-c", str(self.root / "nginx.conf"), "-g", "daemon off;"],
                                      start_new_session=True)

    def nginx_site(self, certificate: Path, key: Path) -> str:
        """deploy/nginx/finder.conf, only moved to loopback ports and this drill's folders."""
        static = REPO / "finder" / "static"
        site = (DEPLOY / "nginx" / "finder.conf").read_text()
        replacements = [
            ("server 127.0.0.1:8001", f"server 127.0.0.1:{self.ports[0]}"),
            ("server 127.0.0.1:8002", f"server 127.0.0.1:{self.ports[1]}"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;"),
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("/etc/letsencrypt/live/servizi.example.it/fullchain.pem", str(certificate)),
            ("/etc/letsencrypt/live/servizi.example.it/privkey.pem", str(key)),
            ("/var/log/nginx/", f"{self.logs}/"),
            ("/opt/finder/static/", f"{static}/"),
        ]
        for old, new in replacements:
            assert old in site, f"deploy/nginx/finder.conf no longer has {old!r}"
            site = site.replace(old, new)
        return re.sub(r"\n\s*listen \[::\]:\d+[^\n]*", "", site)

    def stop(self) -> None:
        for process in [*self.replicas.values(), self.nginx]:
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


def names_served(port: int, probes: int = 6) -> set:
    """The district names one replica's workers show (several probes reach several workers)."""
    seen = set()
    for _ in range(probes):
        try:
            html = urllib.request.urlopen(f"http://127.0.0.1:{port}/informazioni", timeout=5).read().decode()
        except OSError as error:
            seen.add(f"error: {error}")
            continue
        seen.add(GOOD_NAME if GOOD_NAME in html else ORIGINAL_NAME if ORIGINAL_NAME in html else "something else")
    return seen


def broken_versions(original: str) -> list[tuple[str, str]]:
    versions = [
        ("broken YAML", original.replace(NAME_LINE, "    it: [Distretto socio-sanitario\n", 1)),
        ("dangling reference", re.sub(r"(\n  - id: latina\n(?:    .*\n)*?    access_point: )\S+",
                                      r"\1sportello-che-non-esiste", original, count=1)),
        ("empty file", ""),
        ("50 MB file", "format: 1\nservices:\n" + "  - id: x\n    name: y\n" * 2_200_000),
    ]
    assert all(text != original for _, text in versions)
    return versions


def write_in_place(path: Path, text: str) -> None:
    """As an editor's program saves: the same file, rewritten (not renamed over)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def run_faults(site: Site) -> dict:
    figures = {"broken served": 0}
    time.sleep(5)
    site.kill_replica(site.ports[0])
    print(f"  killed replica :{site.ports[0]} (SIGKILL to master and workers)")
    time.sleep(3)
    site.start_replica(site.ports[0])
    wait_until_up(f"http://127.0.0.1:{site.ports[0]}/")
    print(f"  replica :{site.ports[0]} started again")
    original = site.content.read_text(encoding="utf-8")
    assert NAME_LINE in original
    for label, text in broken_versions(original):
        write_in_place(site.content, text)
        deadline = time.monotonic() + BROKEN_SECONDS
        while time.monotonic() < deadline:
            for port in site.ports:
                served = names_served(port, probes=2)
                if served != {ORIGINAL_NAME}:
                    figures["broken served"] += 1
                    print(f"  !! {label}: replica :{port} served {served}")
        print(f"  {label}: written, the last good catalogue kept on both replicas")
    write_in_place(site.content, original.replace(NAME_LINE, f"    it: {GOOD_NAME}\n", 1))
    written = time.monotonic()
    pending = set(site.ports)
    while pending and time.monotonic() - written < 60:
        pending = {port for port in pending if names_served(port, probes=2 * WORKERS_PER_REPLICA + 2) != {GOOD_NAME}}
    figures["good change live after"] = round(time.monotonic() - written, 2) if not pending else None
    print(f"  good change live on every replica after {figures['good change live after']} s")
    return figures


def run_load(site: Site, token: str) -> subprocess.Popen:
    script = site.root / "load.lua"
    script.write_text(LOAD_SCRIPT)
    return subprocess.Popen(["wrk", "-t2", "--latency", f"-c{CONNECTIONS}", f"-d{LOAD_SECONDS}s", "--timeout", "10s",
                             "-s", str(script), f"https://127.0.0.1:{site.https_port}"],
                            env={**os.environ, "DRILL_TOKEN": token}, stdout=subprocess.PIPE, text=True)


def load_figures(wrk_output: str, access_log: Path) -> dict:
    sent = int(re.search(r"(\d+) requests in", wrk_output).group(1))
    socket_errors = sum(map(int, re.findall(r"(?:connect|read|write|timeout) (\d+)", wrk_output)))
    non_success = int((re.search(r"Non-2xx or 3xx responses: (\d+)", wrk_output) or [0, 0])[1])
    statuses = [line.split('" ')[1].split()[0] for line in access_log.read_text().splitlines() if '" ' in line]
    return {"requests sent": sent, "failed": socket_errors + non_success,
            "5xx": sum(status.startswith("5") for status in statuses), "logged by nginx": len(statuses),
            "query strings in the access log": sum("?" in line for line in access_log.read_text().splitlines())}


def main() -> int:
    for tool in ("nginx", "wrk", "openssl"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing: run `make drill`, which installs it")
    root = Path(tempfile.mkdtemp(prefix="finder-drill-"))
    root.chmod(0o755)  # nginx's workers run as nobody
    site = Site(root)
    try:
        for port in site.ports:
            site.start_replica(port)
        for port in site.ports:
            wait_until_up(f"http://127.0.0.1:{port}/")
        site.start_nginx()
        front = f"https://127.0.0.1:{site.https_port}"
        wait_until_up(front + "/")
        chat_page = urllib.request.urlopen(front + "/chat", context=INSECURE).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', chat_page).group(1)
        print(f"drill: 2 replicas x {WORKERS_PER_REPLICA} workers behind nginx, wrk {CONNECTIONS} connections "
              f"for {LOAD_SECONDS} s, in {root}")
        load = run_load(site, token)
        figures = run_faults(site)
        wrk_output = load.communicate()[0]
        figures.update(load_figures(wrk_output, site.logs / "finder.access.log"))
    finally:
        site.stop()
    print(wrk_output)
    for name, value in figures.items():
        print(f"{name}: {value}")
    good = (figures["failed"] == 0 and figures["5xx"] == 0 and figures["broken served"] == 0
            and figures["good change live after"] is not None and figures["good change live after"] <= GOAL_SECONDS
            and figures["query strings in the access log"] == 0)
    print("drill " + ("passed" if good else "FAILED") + f" (goal: 0 failed, 0 5xx, nothing broken served, "
          f"good change live within {GOAL_SECONDS} s, no query string logged)")
    shutil.rmtree(root, ignore_errors=True)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
