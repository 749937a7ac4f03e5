"""Which comune the person lives in: names and aliases, typo-tolerant, several words long, with care for
short aliases that are also ordinary words ("Isola", "Rocca") and for places outside the district."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..catalog.text import STOPWORDS, fold
from .knowledge import Knowledge
from .lexicon import lexicon, settings

CONNECTIVES = frozenset({"di", "del", "della", "dei", "delle", "de", "d"})
SAINT_PREFIXES = {"san": "s", "santa": "s", "sant": "s", "santo": "s"}


@dataclass(frozen=True)
class PlaceName:
    words: tuple
    comune: str
    risky: bool  # a short or ordinary word: needs "a", "di"... before it, never fuzzy


def place_names(knowledge: Knowledge) -> dict:
    """words tuple -> [PlaceName], built once per catalogue."""
    table = knowledge.extras.get("place_names")
    if table is None:
        table = {}
        for comune in knowledge.catalog.comuni.values():
            for name in _variants(comune):
                table.setdefault(name.words, []).append(name)
        knowledge.extras["place_names"] = table
    return table


def _variants(comune) -> list[PlaceName]:
    official = tuple(fold(comune.name).split())
    spellings = {tuple(fold(name).split()) for name in (*comune.aliases, comune.id.replace("-", " "))}
    spellings.discard(())
    more = set()
    for words in spellings | {official}:
        plain = tuple(word for word in words if word not in CONNECTIVES)
        more.add(plain)
        more.add(("".join(words),))
        if words[0] in SAINT_PREFIXES:
            more.add((SAINT_PREFIXES[words[0]],) + words[1:])
    spellings = (spellings | {words for words in more if words}) - {official}
    names = [PlaceName(official, comune.id, _ordinary(official))]
    return names + [PlaceName(words, comune.id, _risky(words, official)) for words in spellings]


def _ordinary(words: tuple) -> bool:
    """A name that is also an ordinary word of the lexicon, or very short."""
    return len(words) == 1 and (len(words[0]) < 4 or words[0] in lexicon().known_words)


def _risky(words: tuple, official: tuple) -> bool:
    """An alias that is only the start of the official name ("Isola", "Rocca"), short, or ordinary."""
    if len(words) > 1:
        return len("".join(words)) < 6 and words[0] == official[0]
    return len(words[0]) < 5 or words[0] == official[0] or _ordinary(words)


def find_comune(knowledge: Knowledge, raw_words: tuple) -> str | None:
    """The comune the message says the person lives in, or None."""
    found = []  # (score, comune)
    table = place_names(knowledge)
    lengths = sorted({len(words) for words in table}, reverse=True)
    taken = set()
    for length in lengths:
        for start in range(len(raw_words) - length + 1):
            span = range(start, start + length)
            if taken.intersection(span):
                continue
            comune = _match(knowledge, table, raw_words, start, length)
            if comune:
                taken.update(span)
                found.append((_weight(raw_words, start, len(raw_words)), comune))
    if not found:
        return None
    return max(found)[1]


def _match(knowledge, table, raw_words, start, length) -> str | None:
    words = tuple(raw_words[start:start + length])
    for name in table.get(words, ()):
        if not name.risky or _placed(raw_words, start, length):
            return name.comune
    return _fuzzy(knowledge, table, words, raw_words, start, length)


def _fuzzy(knowledge, table, words, raw_words, start, length) -> str | None:
    options = settings()["places"]
    text = " ".join(words)
    if len(text.replace(" ", "")) < options["min_fuzzy_length"] or words[0] in STOPWORDS:
        return None
    if all(word in knowledge.known_words or word in STOPWORDS for word in words):
        return None  # only ordinary words: not a misspelt town
    spellings, comuni = _fuzzy_choices(knowledge, table).get(length, ((), ()))
    match = process.extractOne(text, spellings, scorer=fuzz.ratio, score_cutoff=options["cutoff"])
    return comuni[match[2]] if match else None


def _fuzzy_choices(knowledge, table) -> dict:
    """length in words -> (spellings, comune ids) of the names that may be matched with a typo."""
    choices = knowledge.extras.get("fuzzy_places")
    if choices is None:
        minimum = settings()["places"]["min_fuzzy_length"]
        grouped = {}
        for words, names in table.items():
            if not names[0].risky and len("".join(words)) >= minimum:
                spellings, comuni = grouped.setdefault(len(words), ([], []))
                spellings.append(" ".join(words))
                comuni.append(names[0].comune)
        choices = knowledge.extras["fuzzy_places"] = grouped
    return choices


def _placed(raw_words, start, length) -> bool:
    """A risky alias counts when it stands alone, opens the message, or comes after "a", "di", "sto a"...;
    not before "ecologica"."""
    places = lexicon().place_words
    after = raw_words[start + length] if start + length < len(raw_words) else None
    if after in lexicon().not_after:
        return False
    if len(raw_words) == length:
        return True
    if start == 0 and not _ordinary(tuple(raw_words[:length])):
        return True  # a message that opens with the town's short name: "Castelnovo, mia moglie..."
    return start > 0 and raw_words[start - 1] in places


def _weight(raw_words, start, total) -> float:
    """How surely the comune at `start` is where the person lives: after "abito a", "sto a" or at the
    very start of the message, more; after "in ospedale a", "portarla a", "a fare la dialisi a", less."""
    options = settings()["places"]
    vocabulary = lexicon()
    before = raw_words[max(0, start - 3):start]
    score = 1.0 + 0.5 * start / max(total, 1)
    if any(word in vocabulary.home_cues for word in before):
        score += options["home_bonus"]
    if any(word in vocabulary.away_cues for word in raw_words[max(0, start - options["away_window"]):start]):
        score -= options["away_penalty"]
    if start == 0 or (start == 1 and raw_words[0] in vocabulary.place_words):
        score += options["opening_bonus"]
    elif raw_words[start - 1] in vocabulary.of_cues:
        score += options["of_bonus"]
    return score
