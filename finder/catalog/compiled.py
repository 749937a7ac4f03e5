"""Each catalogue file is read and checked once: the result is kept in the data folder under the digest
of the file's text (and of the code that reads it, and of the day, since a `reviewed` date ages), so a
restart reads back what it already knows and a change to one file reads only that file again. The problems
found are kept in the words they were written in, so the editors' language (and its messages) is in the key too."""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..settings import resource_dir
from .messages import DOMAIN, current_language
from .model import Service, packed
from .parse import Parsed, parse_file

log = logging.getLogger("finder.catalog")
CATALOG_CODE = Path(__file__).resolve().parent
REFERENCES = {"id", "access_point", "comune", "lead_comune", "office"}  # keys checked across files
REFERENCE_LISTS = {"audiences", "categories", "comuni", "access_points", "services"}


def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(CATALOG_CODE.glob("*.py")) + sorted(CATALOG_CODE.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


CODE_DIGEST = _code_digest()


@lru_cache(maxsize=None)
def _messages_digest(language: str) -> str:
    """The editors' language and its compiled messages (read once a process, as messages.py does)."""
    compiled = resource_dir("translations") / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        words = compiled.read_bytes()
    except OSError:
        words = b""
    return f"{language}:{hashlib.sha256(words).hexdigest()}"


def parse_cached(file: str, text: str | None, today: date, folder: Path | None) -> Parsed:
    """`parse_file`, or its result kept from an earlier run for the same text, file name and day."""
    if folder is None or text is None:
        return parse_file(file, text, today)
    parts = (CODE_DIGEST, _messages_digest(current_language()), today.isoformat(), file, text)
    key = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]
    kept = Path(folder) / f"{key}.pickle"
    try:
        return pickle.loads(kept.read_bytes())
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        log.warning("a kept reading of %s could not be used; reading the file again", file)
    parsed = _slim(parse_file(file, text, today))
    _keep(parsed, kept)
    return parsed


def _slim(parsed: Parsed) -> Parsed:
    """What is needed once the file is read: its items, its problems, and the lines of the ids and
    references checked across files (the raw data and deeper lines are let go)."""
    source = parsed.source
    source.data = _ids_only(source.data)  # problems name list items by id (`services[sad-anziani].id`)
    source.raw = {}
    source.lines = {path: line for path, line in source.lines.items() if _checked_later(path)}
    for service, _ in parsed.items.get("services", ()):
        _pack_long_texts(service)
    return parsed


LONG_TEXTS = ("description", "eligibility", "cost", "how_to_apply")  # shown on one service's page at a time


def _pack_long_texts(service: Service) -> None:
    for name in LONG_TEXTS:
        setattr(service, name, packed(getattr(service, name)))
    service.documents = tuple(map(packed, service.documents))


def _ids_only(data):
    """The file's lists, each item reduced to its id: enough to name an item in a problem."""
    if not isinstance(data, dict):
        return None
    return {key: [{"id": item["id"]} if isinstance(item, dict) and isinstance(item.get("id"), str) else {}
                  for item in value] for key, value in data.items() if isinstance(value, list)}


def _checked_later(path: tuple) -> bool:
    """Items, their ids and references (`services[3].audiences[0]`): what is checked once all files are read."""
    if len(path) <= 2:
        return True
    if len(path) == 3:
        return path[2] in REFERENCES
    return len(path) == 4 and path[2] in REFERENCE_LISTS


def _keep(parsed: Parsed, kept: Path) -> None:
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        writing = kept.with_name(f"{kept.name}.{os.getpid()}")
        writing.write_bytes(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        writing.replace(kept)
    except OSError:
        log.exception("the reading of %s cannot be kept in %s", parsed.source.file, kept.parent)
