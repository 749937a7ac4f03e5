"""Anonymous statistics of needs for the Ufficio di Piano: counters, never records (docs/statistics.md).

No Flask here: `Tally` (a key and a count), the `StatsStore` (SQLite or PostgreSQL through SQLAlchemy Core),
the `Counter` that batches counts off the request path, and the staff `users`."""
from .counter import Counter
from .store import StatsStore, Tally, UNKNOWN

__all__ = ["Counter", "StatsStore", "Tally", "UNKNOWN"]
