"""A message as the assistant reads it: folded words, each with its stem, typos put right.

Phrases (catalogue keywords, emergency triggers, lexicon entries) are compiled into `Phrase`s and looked
for in a `Tokens` sequence: their words in order, a few other words allowed in between."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..catalog.text import ABBREVIATIONS, STOPWORDS, fold, stem

WIDE_GAP = "..."  # in a phrase: the next word may come several words later


def split_words(text: str) -> list[str]:
    """Folded words with abbreviations written out."""
    return list(_split_words(text))


@lru_cache(maxsize=65536)
def _split_words(text: str) -> tuple:
    result = []
    for word in fold(text).split():
        result.extend(ABBREVIATIONS.get(word, word).split())
    return tuple(result)


@dataclass(frozen=True)
class Tokens:
    words: tuple  # folded, typos corrected
    stems: tuple  # one per word
    content: tuple  # indexes of the words that are not stopwords
    stem_set: frozenset = frozenset()
    word_set: frozenset = frozenset()

    @classmethod
    def of(cls, text_words: list[str]) -> "Tokens":
        stems = tuple(stem(word) for word in text_words)
        content = tuple(i for i, word in enumerate(text_words) if word not in STOPWORDS)
        return cls(tuple(text_words), stems, content, frozenset(stems), frozenset(text_words))

    @cached_property
    def joined(self) -> str:
        """The distinct words one a line, for slots that search them all at once."""
        return "\n".join(self.word_set)

    def content_stems(self) -> list[str]:
        return [self.stems[i] for i in self.content]


@dataclass(frozen=True)
class Slot:
    """One word of a phrase: any of its stems, a folded prefix ("picchi*"), a folded ending ("*are": any
    infinitive) or an exact word ("porta!")."""

    stems: frozenset
    prefixes: tuple
    gap_before: int
    exact: frozenset = frozenset()
    suffixes: tuple = ()

    def accepts(self, word: str, word_stem: str) -> bool:
        return (word_stem in self.stems or word in self.exact
                or any(word.startswith(prefix) for prefix in self.prefixes)
                or any(word.endswith(suffix) and len(word) > len(suffix) + 1 for suffix in self.suffixes))

    def possible_in(self, tokens: "Tokens") -> bool:
        """A quick test: some word of `tokens` could fill this slot."""
        if not self.stems.isdisjoint(tokens.stem_set) or not self.exact.isdisjoint(tokens.word_set):
            return True
        return bool(self._loose and self._loose.search(tokens.joined))

    @cached_property
    def _loose(self) -> re.Pattern | None:
        """The prefixes and endings as one pattern over a line of `Tokens.joined` (an ending needs two
        letters before it, as in `accepts`)."""
        if not (self.prefixes or self.suffixes):
            return None
        starts = [re.escape(prefix) for prefix in self.prefixes]
        ends = [f".{{2,}}{re.escape(suffix)}$" for suffix in self.suffixes]
        return re.compile("^(?:" + "|".join(starts + ends) + ")", re.MULTILINE)


@dataclass(frozen=True)
class Phrase:
    text: str
    slots: tuple
    strict: bool  # strict: every word counts (triggers); else stopwords are dropped on both sides

    @property
    def size(self) -> int:
        return len(self.slots)

    def find(self, tokens: Tokens, negations: frozenset = frozenset()) -> tuple | None:
        """(first, last) word index of the phrase in `tokens`, or None; skipped when a negation is inside
        or right before it."""
        if not all(slot.possible_in(tokens) for slot in self.slots):
            return None
        positions = range(len(tokens.words)) if self.strict else tokens.content
        positions = list(positions)
        for start_at, start in enumerate(positions):
            if not self.slots[0].accepts(tokens.words[start], tokens.stems[start]):
                continue
            end = self._rest(tokens, positions, start_at, 1)
            if end is None:
                continue
            if negations and _negated(tokens, start, end, negations):
                continue
            return start, end
        return None

    def _rest(self, tokens: Tokens, positions: list, at: int, slot_index: int):
        if slot_index == len(self.slots):
            return positions[at]
        slot = self.slots[slot_index]
        for step in range(1, slot.gap_before + 2):
            if at + step >= len(positions):
                break
            index = positions[at + step]
            if slot.accepts(tokens.words[index], tokens.stems[index]):
                end = self._rest(tokens, positions, at + step, slot_index + 1)
                if end is not None:
                    return end
        return None


def _negated(tokens: Tokens, start: int, end: int, negations: frozenset) -> bool:
    before = tokens.words[max(0, start - 2):start]
    inside = tokens.words[start:end + 1]
    return any(word in negations for word in before + inside)


@lru_cache(maxsize=None)
def compile_phrase(text: str, strict: bool = False, gap: int = 2, wide_gap: int = 7) -> Phrase | None:
    """`a|b` are alternatives for one word, `word*` a prefix, `word!` that very word (not its stem),
    `...` lets the next word come later."""
    slots, next_gap = [], gap
    for raw in text.split():
        if raw == WIDE_GAP:
            next_gap = wide_gap
            continue
        stems, prefixes, exact, suffixes = set(), [], set(), []
        for alternative in raw.split("|"):
            if alternative.startswith("*") and len(alternative) > 1:
                suffixes.extend(fold(alternative[1:]).split()[:1])
                continue
            if alternative.endswith("*"):
                prefixes.extend(fold(alternative[:-1]).split()[:1])
                continue
            if alternative.endswith("!"):
                exact.update(fold(alternative[:-1]).split()[:1])
                continue
            for word in split_words(alternative):
                if strict or word not in STOPWORDS:
                    stems.add(stem(word))
        if not stems and not prefixes and not exact and not suffixes:
            continue
        slots.append(Slot(frozenset(stems), tuple(prefixes), next_gap if slots else 0, frozenset(exact),
                          tuple(suffixes)))
        next_gap = gap
    if not slots:
        return None
    return Phrase(text, tuple(slots), strict)


@dataclass
class PhraseIndex:
    """Many phrases, each with what it stands for, looked up by the words a message holds: only the
    phrases whose first word is in the message are tried."""

    by_first: dict = field(default_factory=lambda: defaultdict(list))  # stem or word -> [Phrase]
    always: list = field(default_factory=list)  # phrases starting with a prefix
    payloads: dict = field(default_factory=dict)  # Phrase -> [payload]

    def add(self, phrase: Phrase | None, payload) -> None:
        if phrase is None:
            return
        if phrase not in self.payloads:
            self.payloads[phrase] = []
            first = phrase.slots[0]
            if first.prefixes or first.suffixes:
                self.always.append(phrase)
            for key in first.stems | first.exact:
                self.by_first[key].append(phrase)
        self.payloads[phrase].append(payload)

    def candidates(self, tokens: Tokens) -> set:
        """The phrases whose first word is in `tokens` (the others cannot be found)."""
        found = set(self.always)
        for key in tokens.stem_set | tokens.word_set:
            found.update(self.by_first.get(key, ()))
        return found

    def found(self, tokens: Tokens):
        """(phrase, span, payloads) for each phrase found in `tokens`."""
        for phrase in self.candidates(tokens):
            span = phrase.find(tokens)
            if span:
                yield phrase, span, self.payloads[phrase]
