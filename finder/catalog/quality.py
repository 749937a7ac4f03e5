"""Editorial checks that warn but never block: plain language and translation coverage."""
from __future__ import annotations

import re

from .catalog import Catalog
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
        summary = service.summary.get("it")
        where = (catalog.districts[service.district].file, service.id)
        if word_count(summary) > MAX_SUMMARY_WORDS:
            warnings.append(_warning(where, f"the summary has {word_count(summary)} words: keep it to "
                                            f"{MAX_SUMMARY_WORDS} or fewer"))
        score = gulpease(summary)
        if score < MIN_GULPEASE:
            warnings.append(_warning(where, f"the summary is hard to read (Gulpease {score:.0f}, at least "
                                            f"{MIN_GULPEASE} wanted): use shorter words and sentences"))
    return warnings


def _warning(where, message) -> Problem:
    file, service_id = where
    return Problem(file, _service_line(file, service_id), f"services.{service_id}.summary", message, "warning")


def _service_line(file: str, service_id: str) -> int:
    try:
        with open(file, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if re.match(rf"\s*-?\s*id:\s*['\"]?{re.escape(service_id)}['\"]?\s*$", line):
                    return number
    except OSError:
        pass
    return 1


def translated_texts(catalog: Catalog):
    """Every name and summary a person reads: the texts whose translation matters most."""
    for group in (catalog.audiences, catalog.categories):
        for item in group.values():
            yield item.name
            if item.description:
                yield item.description
    for service in catalog.services.values():
        yield service.name
        yield service.summary


def translation_coverage(catalog: Catalog) -> dict[str, float]:
    texts = list(translated_texts(catalog))
    if not texts:
        return {}
    return {language: 100 * sum(text.has(language) for text in texts) / len(texts) for language in LANGUAGES}
