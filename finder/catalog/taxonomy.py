"""The general needs people bring to a segretariato sociale (needs.yaml), read and checked with
`file:line: field: what is wrong`. The assistant learns them; services may name them (`needs:`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

NEEDS_FILE = Path(__file__).parent / "needs.yaml"
LANGUAGES = ("it", "en", "ro", "sq", "ar", "uk")
DANGER_KINDS = ("violence", "life", "child")


class NeedsDataError(ValueError):
    """needs.yaml or a corpus file is wrong: the message names the file, the line and the field."""


@dataclass(frozen=True)
class Need:
    id: str
    name: dict  # language -> text
    situation: str
    answered_by: tuple  # Italian words of the services that answer it
    audiences: tuple
    danger: str | None  # one of DANGER_KINDS, for needs that are emergencies


@lru_cache(maxsize=1)
def needs_taxonomy() -> dict:
    """need id -> Need, in the order of needs.yaml."""
    return read_needs(NEEDS_FILE)


def read_needs(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise NeedsDataError(f"{path}:{line}: {getattr(error, 'problem', error)}") from None
    lines = _id_lines(text)
    needs = {}
    for index, item in enumerate((data or {}).get("needs") or []):
        where = f"{path}:{lines.get(index, 1)}: needs[{index}]"
        if not isinstance(item, dict) or not re.fullmatch(r"[a-z0-9-]+", str(item.get("id", ""))):
            raise NeedsDataError(f"{where}.id: a lower-case id is required")
        if item["id"] in needs:
            raise NeedsDataError(f"{where}.id: '{item['id']}' is used twice")
        name = item.get("name")
        if not isinstance(name, dict) or "it" not in name or any(
                lang not in LANGUAGES or not isinstance(text, str) or not text for lang, text in name.items()):
            raise NeedsDataError(f"{where}.name: a map of language codes ({', '.join(LANGUAGES)}) to texts, "
                                 "with at least 'it' (quote a name that holds a comma)")
        answered_by = item.get("answered_by")
        if not isinstance(answered_by, list) or not answered_by:
            raise NeedsDataError(f"{where}.answered_by: a list of the words of the services that answer it")
        danger = item.get("danger")
        if danger is not None and danger not in DANGER_KINDS:
            raise NeedsDataError(f"{where}.danger: one of {', '.join(DANGER_KINDS)}")
        needs[item["id"]] = Need(item["id"], dict(name), str(item.get("situation", "")),
                                 tuple(str(words) for words in answered_by), tuple(item.get("for") or ()), danger)
    if not needs:
        raise NeedsDataError(f"{path}:1: needs: the list of needs is empty")
    return needs


def _id_lines(text: str) -> dict:
    """The line of each item of the `needs` list (index -> 1-based line)."""
    found = [number for number, line in enumerate(text.splitlines(), 1) if re.match(r"\s*- id:", line)]
    return dict(enumerate(found))
