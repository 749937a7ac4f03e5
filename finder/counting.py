"""The web side of the statistics: one `count()` per guided result, chat answer, empty search and desk
sheet. It only reads ids the page already holds; a failure to count is logged and never fails the page."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g

from .caching import on_every_view
from .i18n import in_kiosk
from .stats import UNKNOWN, Counter, StatsStore, Tally

log = logging.getLogger("finder.stats")
ROME = ZoneInfo("Europe/Rome")


def init_app(app: Flask) -> None:
    url = app.config["FINDER_STATS_URL"] or _default_url(app)
    app.config["FINDER_STATS_URL"] = url
    store = StatsStore(url)
    app.extensions["finder_stats"] = store
    app.extensions["finder_counter"] = Counter(store, every=app.config.get("FINDER_STATS_FLUSH_SECONDS", 5.0))


def _default_url(app: Flask) -> str:
    """Beside the read-only catalogue, in a writable file of its own (the folder is made on first write)."""
    return f"sqlite:///{Path(app.config['FINDER_DATA']) / 'statistics.sqlite'}"


def stats_store() -> StatsStore:
    return current_app.extensions["finder_stats"]


def count(path: str, outcome: str, comune=None, audience=None, category=None, need=None,
          desk: bool = False) -> None:
    """Adds one for this answer. Arguments are catalogue ids (or None); nothing the person typed."""
    if not current_app.config["FINDER_STATS"]:
        return
    try:
        catalog = g.loaded.catalog
        known_comune = catalog.comuni.get(comune) if comune else None
        district = known_comune.district if known_comune else next(iter(catalog.districts), UNKNOWN)
        tally = Tally(day=datetime.now(ROME).date(), district=district,
                      comune=known_comune.id if known_comune else UNKNOWN,
                      audience=audience if audience in catalog.audiences else UNKNOWN,
                      category=category if category in catalog.categories else UNKNOWN,
                      need=need if isinstance(need, str) and need else UNKNOWN,
                      channel="desk" if desk else "kiosk" if in_kiosk() else "phone", path=path, outcome=outcome)
        current_app.extensions["finder_counter"].add(tally)
        on_every_view(_count_again, tally)  # every person who sees this answer counts, not only the first
    except Exception as error:  # counting is never worth a failed page
        log.warning("statistics: a count was lost (%s)", error.__class__.__name__)


def _count_again(tally: Tally) -> None:
    """The same answer, served to another person from the render cache: counted on the day they see it."""
    try:
        current_app.extensions["finder_counter"].add(replace(tally, day=datetime.now(ROME).date()))
    except Exception as error:
        log.warning("statistics: a count was lost (%s)", error.__class__.__name__)
