"""A throw-away PostgreSQL server for the statistics tests: Debian's binaries (installed by `make test`),
a cluster in a temporary folder, reached only through a Unix socket there (no TCP port is opened)."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid


def _binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _as_server_user(command: list) -> list:
    """initdb refuses to run as root: then run as Debian's `postgres` account."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresServer:
    PORT = 5432  # only names the socket file: listen_addresses is empty

    def __init__(self):
        self.bin = _binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (make test installs Debian's postgresql package)")
        self.folder = tempfile.mkdtemp(prefix="finder-pg-")
        os.chmod(self.folder, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = os.path.join(self.folder, "data")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "finder", "--no-sync", "-E", "UTF8")
        self._run("pg_ctl", "-D", self.data, "-w", "-l", os.path.join(self.folder, "log"), "-o",
                  f"-k {self.folder} -p {self.PORT} -c listen_addresses='' -c fsync=off", "start")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(_as_server_user([os.path.join(self.bin, program), *args]), check=True,
                       capture_output=True, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://finder@/{database}?host={self.folder}&port={self.PORT}"

    def new_database(self) -> str:
        """A fresh, empty database: each test starts from zero counts."""
        import psycopg
        name = "stats_" + uuid.uuid4().hex[:12]
        with psycopg.connect(host=self.folder, port=self.PORT, user="finder", dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(_as_server_user([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "fast",
                                        "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)
