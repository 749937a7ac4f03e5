"""Citizens' reports of a mistake: a count per item, per kind of mistake and per day, in a small writable
SQLite file beside the catalogue. Nothing a person types is kept, because nothing can be typed: only
which page and which of five kinds, and the day."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROBLEMS = ("phone", "hours", "moved", "gone", "other")  # the five choices, in the order people see them
ITEM_KINDS = ("service", "access_point")


@dataclass(frozen=True)
class ReportCount:
    item_kind: str
    item_id: str
    problem: str
    count: int
    last_day: date

    def __post_init__(self):
        if isinstance(self.last_day, str):  # as SQLite keeps it
            object.__setattr__(self, "last_day", date.fromisoformat(self.last_day))


class ReportStore:
    """Counts reports; one connection per call, so threads and processes can share the file."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=5)
        connection.execute("CREATE TABLE IF NOT EXISTS reports (item_kind TEXT, item_id TEXT, problem TEXT, "
                           "day TEXT, count INTEGER, PRIMARY KEY (item_kind, item_id, problem, day))")
        return connection

    def add(self, item_kind: str, item_id: str, problem: str, day: date | None = None) -> None:
        if item_kind not in ITEM_KINDS or problem not in PROBLEMS:
            raise ValueError(f"unknown report: {item_kind} {problem}")
        with self._connect() as connection:
            connection.execute("INSERT INTO reports VALUES (?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET count = count + 1",
                               (item_kind, item_id, problem, (day or date.today()).isoformat()))

    def totals(self) -> list[ReportCount]:
        """Per item and kind, all days together, the most reported first."""
        if not self.path.exists():
            return []
        with self._connect() as connection:
            rows = connection.execute("SELECT item_kind, item_id, problem, SUM(count), MAX(day) FROM reports "
                                      "GROUP BY item_kind, item_id, problem ORDER BY SUM(count) DESC, MAX(day) DESC")
            return [ReportCount(*row) for row in rows]

    def of_day(self, day: date) -> list[ReportCount]:
        if not self.path.exists():
            return []
        with self._connect() as connection:
            rows = connection.execute("SELECT item_kind, item_id, problem, count, day FROM reports WHERE day = ? "
                                      "ORDER BY count DESC, item_kind, item_id", (day.isoformat(),))
            return [ReportCount(*row) for row in rows]

