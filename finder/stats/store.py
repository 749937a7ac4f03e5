"""The statistics database: one row per (day, district, comune, audience, category, need, channel, path,
outcome) with a count. Emergencies are counted in a table of their own with fewer columns. One code path
for SQLite (the default, WAL) and PostgreSQL (`FINDER_STATS_URL`), through SQLAlchemy Core."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from sqlalchemy import (Column, Date, Integer, MetaData, String, Table, UniqueConstraint, create_engine, event,
                        func, select)
from sqlalchemy.dialects import postgresql, sqlite

UNKNOWN = "unknown"
CHANNELS = ("phone", "kiosk", "desk")  # where: a person's own device, a town-hall kiosk, the front desk
PATHS = ("guided", "chat", "search", "sheet")  # how: guided questions, chat, search, the desk's sheet
OUTCOMES = ("services", "nothing", "emergency")

metadata = MetaData()
NEED_COLUMNS = ("district", "comune", "audience", "category", "need", "channel", "path", "outcome")
EMERGENCY_COLUMNS = ("district", "comune", "channel", "path")


def _counter_table(name: str, columns: tuple) -> Table:
    return Table(name, metadata, Column("day", Date, nullable=False),
                 *(Column(column, String(64), nullable=False) for column in columns),
                 Column("count", Integer, nullable=False),
                 UniqueConstraint("day", *columns, name=f"{name}_key"))


needs = _counter_table("need_counts", NEED_COLUMNS)
emergencies = _counter_table("emergency_counts", EMERGENCY_COLUMNS)
users = Table("staff_users", metadata, Column("name", String(64), primary_key=True),
              Column("password_hash", String(255), nullable=False),
              Column("failed_logins", Integer, nullable=False, default=0),
              Column("locked_until", Integer, nullable=False, default=0))


@dataclass(frozen=True)
class Tally:
    """What one answer adds one to. Ids only, never text; `day` is the finest time kept."""
    day: date
    district: str
    comune: str = UNKNOWN
    audience: str = UNKNOWN
    category: str = UNKNOWN
    need: str = UNKNOWN
    channel: str = "phone"
    path: str = "guided"
    outcome: str = "services"

    def row(self) -> dict:
        columns = EMERGENCY_COLUMNS if self.outcome == "emergency" else NEED_COLUMNS
        return {"day": self.day, **{column: str(getattr(self, column))[:64] for column in columns}}


TALLY_FIELDS = tuple(field.name for field in fields(Tally))


class StatsStore:
    """The writable statistics database, apart from the read-only catalogue."""

    def __init__(self, url: str):
        self.engine = create_engine(url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._tables_made = False

    def connect(self):
        """A connection, the tables made on first use (a database down at start-up fails no page)."""
        if not self._tables_made:
            if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
                Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
            metadata.create_all(self.engine)
            self._tables_made = True
        return self.engine.connect()

    def begin(self):
        self.connect().close()
        return self.engine.begin()

    def add(self, counts: dict) -> None:
        """Adds {Tally: n} in one transaction."""
        with self.begin() as connection:
            for tally, number in counts.items():
                table = emergencies if tally.outcome == "emergency" else needs
                key = [column for column in table.c.keys() if column != "count"]
                insert = self._insert(table).values(**tally.row(), count=number)
                connection.execute(insert.on_conflict_do_update(
                    index_elements=key, set_={"count": table.c["count"] + insert.excluded["count"]}))

    def _insert(self, table: Table):
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table)

    def totals(self, by: tuple, first: date | None = None, last: date | None = None,
               emergency: bool = False, **where) -> list[tuple]:
        """[(value of each `by` column…, count)], largest first; `by` may hold "month" (YYYY-MM)."""
        table = emergencies if emergency else needs
        groups = [self._month(table) if name == "month" else table.c[name] for name in by]
        query = select(*groups, func.sum(table.c["count"]).label("total")).group_by(*groups)
        for name, value in where.items():
            query = query.where(table.c[name] == value)
        if first:
            query = query.where(table.c.day >= first)
        if last:
            query = query.where(table.c.day <= last)
        ordered = query.order_by(*groups) if "month" in by else query.order_by(func.sum(table.c["count"]).desc(),
                                                                                 *groups)
        with self.connect() as connection:
            return [tuple(row) for row in connection.execute(ordered)]

    def _month(self, table: Table):
        if self.engine.dialect.name == "postgresql":
            return func.to_char(table.c.day, "YYYY-MM").label("month")
        return func.strftime("%Y-%m", table.c.day).label("month")

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
