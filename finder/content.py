"""The catalogue the site serves: loaded from the content files, reloaded when an editor saves them,
and kept at the last good version while the new one has errors."""
from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, check_files, store, text
from .catalog.messages import editor_language
from .catalog.quality import quality_warnings
from .catalog.source import MAX_FILE_BYTES
from .assistant.linking import prepare_assistant
from .catalog.store import SearchIndex, compile_catalog

log = logging.getLogger("finder.content")
CHECK_EVERY_SECONDS = 1.0
LAST_GOOD = "last-good.json"  # in the data folder
LAST_GOOD_VERSION = "last-good.version"  # the catalogue version it holds
READINGS = "readings"  # in the data folder: each file's checked reading, by the digest of its text
KNOWLEDGE = "knowledge"  # in the data folder: what the assistant worked out of a catalogue, by its version


def content_paths(setting) -> list[Path]:
    """`FINDER_CONTENT`: one path, several separated by `:`, or a list."""
    if isinstance(setting, (list, tuple)):
        return [Path(path) for path in setting]
    return [Path(path) for path in str(setting).split(os.pathsep) if path]


@dataclass
class Loaded:
    catalog: Catalog
    index: SearchIndex
    fingerprint: tuple
    version: str = ""  # the digest of the files and the code that compiled them (pages' ETags carry it)
    loaded_at: float = field(default_factory=time.time)


class Content:
    """Holds the last good catalogue and its search index; `current()` checks the files for changes."""

    def __init__(self, paths: list[Path], data_dir: Path, watch: bool = True, language: str = "it"):
        self.paths = paths
        self.language = language  # of the problems editors read at /stato and in the log (FINDER_EDITOR_LANG)
        self.data_dir = Path(data_dir)
        self.watch = watch
        # A served catalogue lives until the next one: out of the cyclic collector's reach, whose full passes
        # over millions of objects would otherwise pause a national site's requests (production only: a test
        # process makes hundreds of apps, and frozen cycles are never freed).
        self.freeze_what_it_reads = False
        self.problems: list = []  # of the newest attempt (errors and warnings)
        self.failed_fingerprint: tuple | None = None
        self._loaded: Loaded | None = None
        self._retired: Loaded | None = None
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self.last_failure: tuple | None = None  # (when, [errors]) of the newest attempt that failed

    def fingerprint(self) -> tuple:
        stamps = []
        for path in self.paths:
            try:
                stat = path.stat()
                stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
            except OSError:
                stamps.append((str(path), None, None))
        return tuple(stamps)

    def current(self) -> Loaded | None:
        now = time.monotonic()
        if self._loaded is None or (self.watch and now - self._checked_at >= CHECK_EVERY_SECONDS):
            self._checked_at = now
            fingerprint = self.fingerprint()
            loaded_fingerprint = self._loaded.fingerprint if self._loaded else None
            if fingerprint not in (loaded_fingerprint, self.failed_fingerprint):
                self.reload(fingerprint)
        return self._loaded

    def reload(self, fingerprint: tuple | None = None) -> bool:
        installed = self._read_and_install(fingerprint)
        if installed and self.freeze_what_it_reads:  # once the files' texts are let go
            gc.freeze()
            _give_back_free_memory()
        return installed

    def _read_and_install(self, fingerprint: tuple | None) -> bool:
        with self._lock, editor_language(self.language), _no_cyclic_collection():
            fingerprint = fingerprint or self.fingerprint()
            texts = self._read_texts()
            problems, catalog = check_files(self.paths, texts=texts, kept_in=self.data_dir / READINGS)
            self.problems = problems
            if catalog is None:
                self.failed_fingerprint = fingerprint
                self.last_failure = (time.time(), [problem for problem in problems if problem.severity == "error"])
                for problem in problems:
                    log.error("content not loaded, keeping the last good catalogue: %s", problem)
                if self._loaded is None:  # a worker (re)started while the files are broken
                    self._load_last_good(fingerprint)
                return False
            self.problems = problems + quality_warnings(catalog)
            for warning in catalog.warnings:
                log.warning("content: %s", warning)
            self.failed_fingerprint = None
            if not self._install(catalog, texts, fingerprint):
                self.failed_fingerprint = fingerprint
                return False
            self._save_last_good(texts)
            return True

    def _install(self, catalog: Catalog, texts: dict, fingerprint: tuple) -> bool:
        version = _digest(texts)
        database = self.data_dir / f"catalog-{version}.sqlite"
        try:
            if not database.exists():
                compile_catalog(catalog, database)
            index = SearchIndex(database)
            # before it is served: the first person to write does not wait
            prepare_assistant(catalog, self.data_dir / KNOWLEDGE, version)
        except (OSError, sqlite3.Error):  # the site's set-up, not the editor's file: keep what we have
            log.exception("content checked, but its search database cannot be written to %s", self.data_dir)
            return False
        catalog.build_lookups()
        previous = self._loaded
        self._loaded = Loaded(catalog, index, fingerprint, version)
        if previous is not None and previous.index.path != database:
            log.info("content reloaded from %s", ", ".join(map(str, self.paths)))
            self._retire(previous)
        return True

    def _save_last_good(self, texts: dict) -> None:
        """The texts of the catalogue being served, for a worker or replica that starts while the files are
        broken: it serves these instead of nothing (written whole, then renamed into place)."""
        saving = self.data_dir / f"{LAST_GOOD}.{os.getpid()}"
        saved_version = self.data_dir / LAST_GOOD_VERSION
        try:
            if (self.data_dir / LAST_GOOD).exists() and _text_or_none(saved_version) == self._loaded.version:
                return  # a restart on the same catalogue: hundreds of megabytes at national scale, not again
            saving.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
            saving.replace(self.data_dir / LAST_GOOD)
            saved_version.write_text(self._loaded.version, encoding="utf-8")
        except OSError:
            log.exception("the last good catalogue cannot be saved in %s", self.data_dir)

    def _load_last_good(self, fingerprint: tuple) -> None:
        try:
            texts = json.loads((self.data_dir / LAST_GOOD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(texts, dict) or set(texts) != {str(path) for path in self.paths}:
            return  # saved for other files
        catalog = check_files(self.paths, texts=texts)[1]
        if catalog is not None and self._install(catalog, texts, fingerprint):
            log.warning("content has errors: serving the last good catalogue, saved in %s", self.data_dir)

    def _retire(self, previous: Loaded) -> None:
        """Keep the previous version one reload longer (a request may still be reading it), then let it go."""
        if self._retired is not None and self._retired.index.path != self._loaded.index.path:
            self._retired.index.close()
            self._retired.index.path.unlink(missing_ok=True)
        self._retired = previous

    def _read_texts(self) -> dict:
        texts = {}
        for path in self.paths:
            try:
                if path.stat().st_size <= MAX_FILE_BYTES:  # a larger one is refused by its size alone
                    texts[str(path)] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                pass  # check_files reports it with the file's name
        return texts

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


# The code that shapes the database: a change to it (or to the words it stems with) must rebuild, even
# for content that did not change, since the database files outlive a deployment.
_COMPILER_FILES = (Path(store.__file__), Path(text.__file__), Path(text.__file__).with_name("words.yaml"))


@contextmanager
def _no_cyclic_collection():
    """Reading back a national catalogue makes millions of objects, none of them garbage: the collector,
    woken again and again by so many new objects, would scan them all each time (a third of a warm start)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _give_back_free_memory() -> None:
    """Reading a national catalogue frees hundreds of megabytes (the files' texts, the kept readings' bytes)
    that the C allocator would keep for later: given back to the system, they are neither counted in the
    master's memory nor copied into a worker that reuses them (glibc only: elsewhere nothing). At 600
    districts the master's RSS goes from 1,320 to 850 MB."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


def _text_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _digest(texts: dict) -> str:
    digest = hashlib.sha256()
    for path in _COMPILER_FILES:
        digest.update(path.read_bytes())
    for name in sorted(texts):
        digest.update(name.encode())
        digest.update(texts[name].encode())
    return digest.hexdigest()[:16]
