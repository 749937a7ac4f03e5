"""Editorial checks that warn but never block: plain language and translation coverage."""
from __future__ import annotations

import os
import re
from functools import lru_cache

from .catalog import Catalog
from .messages import _
from .source import Problem

MAX_SUMMARY_WORDS = 25
MIN_GULPEASE = 60
LANGUAGES = ("en", "ro", "sq", "ar", "uk")
_LETTER_RUNS = re.compile(r"[^\W\d_]+")


def gulpease(text: str) -> float:
    """89 + (300 × sentences − 10 × letters) / words; words are runs of letters (an apostrophe splits
    them), a sentence ends at `.`, `!` or `?` (at least one)."""
    words = _LETTER_RUNS.findall(text)
    if not words:
        return 0.0
    letters = sum(len(word) for word in words)
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    return 89 + (300 * sentences - 10 * letters) / len(words)


def word_count(text: str) -> int:
    return len(_LETTER_RUNS.findall(text))


def quality_warnings(catalog: Catalog) -> list[Problem]:
    warnings = []
    for service in catalog.services.values():
        file = catalog.districts[service.district].file
        summary = service.summary.get("it")
        where = (file, service.id)
        if word_count(summary) > MAX_SUMMARY_WORDS:
            warnings.append(_warning(where, _("the summary has {words} words: keep it to {most} or fewer").format(
                words=word_count(summary), most=MAX_SUMMARY_WORDS)))
        score = gulpease(summary)
        if score < MIN_GULPEASE:
            warnings.append(_warning(where, _("the summary is hard to read (Gulpease {score}, at least {least} "
                                              "wanted): use shorter words and sentences").format(
                score=f"{score:.0f}", least=MIN_GULPEASE)))
    return warnings


def _warning(where, message) -> Problem:
    file, service_id = where
    return Problem(file, item_line(file, service_id, "summary"), f"services[{service_id}].summary", message, "warning")


def item_line(file: str, item_id: str, key: str) -> int:
    """The line of the item's `key:` (or of its id when the key is not found after it)."""
    lines, id_lines = _indexed(file)
    if item_id not in id_lines:
        return 1
    number, column = id_lines[item_id]  # column: where this item's keys start
    for offset, following in enumerate(lines[number:], 1):
        if following.strip() and not following.lstrip().startswith("#") \
                and len(following) - len(following.lstrip()) < column:
            break  # the next item, or the next section
        if re.match(rf"\s{{{column}}}{re.escape(key)}:", following):
            return number + offset
    return number


def file_lines(file: str) -> list[str]:
    return _indexed(file)[0]


_ID_LINE = re.compile(r"(\s*-?\s*)id:\s*['\"]?([a-z0-9][a-z0-9-]*)['\"]?\s*$")


def _indexed(file: str) -> tuple[list, dict]:
    """The file's lines and, for each id, its first line and indentation; read again when the file changes."""
    try:
        stat = os.stat(file)
    except OSError:
        return [], {}
    return _index_of(file, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _index_of(file: str, mtime_ns: int, size: int) -> tuple[list, dict]:
    try:
        with open(file, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return [], {}
    id_lines = {}
    for number, line in enumerate(lines, 1):
        if (found := _ID_LINE.match(line)):
            id_lines.setdefault(found.group(2), (number, len(found.group(1))))
    return lines, id_lines


def translated_texts(catalog: Catalog):
    """Every name, summary and emergency text a person reads: the texts whose translation matters most."""
    for group in (catalog.audiences, catalog.categories):
        for item in group.values():
            yield item.name
            if item.description:
                yield item.description
    for service in catalog.services.values():
        yield service.name
        yield service.summary
    for district in catalog.districts.values():
        yield district.name
    for point in catalog.access_points.values():
        yield point.name
    for emergency in catalog.emergencies.values():
        yield emergency.message
        yield from (number.name for number in emergency.numbers)


def translation_coverage(catalog: Catalog) -> dict[str, float]:
    texts = list(translated_texts(catalog))
    if not texts:
        return {}
    return {language: 100 * sum(text.has(language) for text in texts) / len(texts) for language in LANGUAGES}
