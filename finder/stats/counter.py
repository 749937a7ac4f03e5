"""Counts kept in memory and written in batches by a background thread, so a page never waits for the
database and a database that is down never fails a page (its counts wait for the next flush)."""
from __future__ import annotations

import atexit
import collections
import logging
import threading

log = logging.getLogger("finder.stats")
FLUSH_EVERY_SECONDS = 5.0
MAX_PENDING_KEYS = 100_000  # a database down for long: beyond this, new keys are dropped (and logged)


class Counter:
    def __init__(self, store, every: float = FLUSH_EVERY_SECONDS):
        self.store = store
        self.every = every
        self._pending: collections.Counter = collections.Counter()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None
        atexit.register(self.stop)

    def add(self, tally) -> None:
        """One more for `tally`: a dictionary increment under a lock, nothing else on the request path."""
        with self._lock:
            if tally in self._pending or len(self._pending) < MAX_PENDING_KEYS:
                self._pending[tally] += 1
            else:
                log.warning("statistics: %d keys waiting, a count was dropped", len(self._pending))
        self._start()

    def flush(self) -> None:
        """Writes what is waiting; on failure the counts go back to wait for the next try."""
        with self._lock:
            batch, self._pending = self._pending, collections.Counter()
        if not batch:
            return
        try:
            self.store.add(dict(batch))
        except Exception as error:  # the database is down or locked: keep the counts, never the page
            log.warning("statistics: could not write %d counts (%s); will retry", len(batch),
                        error.__class__.__name__)
            with self._lock:
                self._pending.update(batch)

    def stop(self) -> None:
        """Writes what is left and ends the thread (at exit too); a second call does nothing."""
        if self._stopped:
            return
        self._stopped = True
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self.flush()

    def _start(self) -> None:
        if self._thread is None and not self._stopped:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="finder-stats", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while not self._stopped:
            self._wake.wait(self.every)
            self.flush()
