"""Reading a message: its words with typos put right, the generic words its situations stand for, and
the ages it mentions."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..catalog.text import STOPWORDS, stem
from .knowledge import Knowledge
from .lexicon import lexicon, settings
from .tokens import Tokens, split_words

SEPARATOR = ("#", "#", "#")  # between expansion phrases, so that no phrase spans two of them
_GLUED_AGE = re.compile(r"^(\d{1,3})(enne|anni|yo|y)$")


@dataclass(frozen=True)
class Age:
    years: int
    writer: bool  # "ho 70 anni", "abbiamo 70 anni": the person writing

    @property
    def speaker(self) -> bool:
        """A minor is writing ("ho 12 anni", "I am 15")."""
        return self.writer and self.years < 18


@dataclass(frozen=True)
class Reading:
    raw_words: tuple  # folded, as written
    tokens: Tokens  # typos corrected
    expansion: Tokens  # generic words of the situations recognised
    ages: tuple  # of Age
    covered: frozenset  # positions of words that a several-word situation phrase used
    mentions_others: bool  # the message speaks of a relative, a neighbour...
    muted: frozenset  # positions of words about the writer, not the need ("io lavoro fuori", "mio marito fa il camionista")
    boost: dict  # expansion stem -> weight of the situation it comes from, when not 1

    @property
    def ages_for_help(self) -> tuple:
        """The ages of whom the help is for: the writer's own age only when they speak of nobody else
        ("abbiamo 70 anni e nostro figlio disabile..." is about the son)."""
        others = [age.years for age in self.ages if not age.writer]
        if others or self.mentions_others:
            return tuple(others)
        return tuple(age.years for age in self.ages)


def read(knowledge: Knowledge, text: str) -> Reading:
    raw_words = split_words(text)
    corrected = [_corrected(knowledge, word) for word in raw_words]
    tokens = Tokens.of(corrected)
    ages = tuple(_ages(raw_words))
    places = _spans(tokens, lexicon().place_context)
    expansion_words, covered, boost = _expansion_words(tokens, ages, places)
    others = any(word in lexicon().others for word in raw_words)
    muted = _spans(tokens, lexicon().context) | places
    return Reading(tuple(raw_words), tokens, Tokens.of(expansion_words), ages, covered, others, muted, boost)


def _spans(tokens: Tokens, phrases) -> frozenset:
    """The positions of the words that these phrases cover."""
    muted = set()
    for phrase in phrases:
        span = phrase.find(tokens)
        if span:
            muted.update(range(span[0], span[1] + 1))
    return frozenset(muted)


def _corrected(knowledge: Knowledge, word: str) -> str:
    typo = settings()["typo"]
    if len(word) < typo["min_length"] or word in knowledge.known_words or word.isdigit() or word in STOPWORDS:
        return word
    match = process.extractOne(word, knowledge.vocabulary, scorer=fuzz.ratio, score_cutoff=typo["cutoff"])
    if not match or stem(match[0]) == stem(word):
        return word  # another form of a known word ("picchiava", "picchiata") is no typo: its tense is kept
    return match[0]


def _expansion_words(tokens: Tokens, ages, places: frozenset = frozenset()) -> tuple[list[str], frozenset, dict]:
    """The generic words of the situations found, the word positions that several-word phrases cover,
    and the weight of the words of situations that come before others. A situation found only inside a
    longer one's words does not count ("cittadinanza" inside
    "reddito di cittadinanza"), nor one found only in words about the writer ("comune de Roccaraso")."""
    found = [(phrase.size, span[0], span[1], situation)
             for phrase, span, situations in lexicon().situation_index.found(tokens) for situation in situations
             if not places.issuperset(range(span[0], span[1] + 1))]
    found.sort(key=lambda match: (-match[0], match[1]))
    accepted, covered = [], set()
    for size, start, end, situation in found:
        if any(start >= a_start and end <= a_end and size < a_size and situation is not a_situation
               for a_size, a_start, a_end, a_situation in accepted):
            continue
        accepted.append((size, start, end, situation))
        if size > 1:
            covered.update(range(start, end + 1))
    situations = list(dict.fromkeys(match[3] for match in accepted))
    meanings = [m for situation in situations for m in situation.means]
    boost = {}
    top = max((situation.weight for situation in situations), default=1.0)
    for situation in situations:
        if top != 1.0:  # the others' words count less beside a need that comes first
            for word in situation.means:
                for term in Tokens.of(split_words(word)).content_stems():
                    boost[term] = max(situation.weight / top, boost.get(term, 0.0))
    for age in ages:
        age = age.years
        for band in lexicon().ages:
            if band.get("min", 0) <= age <= band.get("max", 200):
                meanings.extend(band["means"])
    words = []
    for meaning in meanings:
        words.extend(split_words(meaning))
        words.extend(SEPARATOR)
    return words, frozenset(covered), boost


def _ages(words: list[str]):
    """Ages said as "ha 87 anni", "di 6 anni", "87enne", "she is 90"; not durations ("da 2 anni")."""
    vocabulary = lexicon()
    for index, word in enumerate(words):
        glued = _GLUED_AGE.match(word)
        if glued:
            number, has_unit = int(glued.group(1)), True
        elif word.isdigit() and len(word) <= 3:
            number = int(word)
            following = words[index + 1] if index + 1 < len(words) else ""
            if following in vocabulary.age_months:  # "di 18 mesi": a small child
                number, following = number // 12, words[index + 2] if index + 2 < len(words) else ""
                has_unit = True
            else:
                has_unit = " ".join(words[index + 1:index + 3]) in vocabulary.age_units or following in vocabulary.age_units
                if has_unit and " ".join(words[index + 1:index + 3]) in vocabulary.age_units:
                    following = words[index + 3] if index + 3 < len(words) else ""
                elif has_unit:
                    following = words[index + 2] if index + 2 < len(words) else ""
            if has_unit and following in vocabulary.age_not_after:
                continue
        else:
            continue
        before = _without_fillers(tuple(words[max(0, index - 4):index]))
        if before and before[-1] in vocabulary.age_not_before:
            continue
        cue = _ending_with(before, vocabulary.age_before)
        if number > 110 or not (has_unit and (cue or glued)) and not (cue and _english_age(before)):
            continue
        yield Age(number, _ending_with(before, vocabulary.writer_cues))


def _without_fillers(before: tuple) -> tuple:
    """"ha quasi 90 anni", "abbiamo piu di 70 anni": the words that tell whose age it is come earlier."""
    fillers = lexicon().age_fillers
    changed = True
    while before and changed:
        changed = False
        for filler in fillers:
            if filler and before[-len(filler):] == filler and len(before) > len(filler):
                before, changed = before[:-len(filler)], True
    return before[-2:]


def _ending_with(before: tuple, cues: tuple) -> bool:
    return any(cue and before[-len(cue):] == cue for cue in cues)


def _english_age(before: tuple) -> bool:
    return bool(before) and before[-1] in ("is", "am", "im", "aged", "m", "s")

