"""The assistant's general vocabulary and settings, read once from `lexicon.yaml` and `settings.yaml`."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..catalog.source import read_source
from ..catalog.text import fold, stem
from .lexicon_check import LexiconError, check_lexicon
from .tokens import PhraseIndex, compile_phrase, split_words

HERE = Path(__file__).resolve().parent


def _read(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def _strings(values) -> list[str]:
    return [str(value) for value in values or ()]


def _phrases(values, strict: bool = False) -> tuple:
    gaps = settings()["phrases"]
    gap = gaps["emergency_gap"] if strict else gaps["situation_gap"]
    compiled = (_compiled(text, strict, gap, gaps["emergency_gap"]) for text in _strings(values))
    return tuple(phrase for phrase in compiled if phrase is not None)


def _compiled(text: str, strict: bool, gap: int, strict_gap: int):
    """"= words": every word counts, small ones too ("= paura di lui" is not any "paura")."""
    if text.startswith("="):
        return compile_phrase(text[1:].strip(), strict=True, gap=strict_gap)
    return compile_phrase(text, strict=strict, gap=gap)


@dataclass(frozen=True)
class Situation:
    phrases: tuple  # of Phrase
    means: tuple  # of str: generic catalogue words
    weight: float = 1.0  # a need that comes before the others it is told with (an addiction over money)


@dataclass(frozen=True)
class EmergencySituation:
    kind: str  # violence, life, child
    phrases: tuple
    context: tuple  # at least one must be in the message (empty: no condition)
    minor_age: int | None  # or an age under this mentioned in the message


@dataclass(frozen=True)
class DangerFamily:
    """Words for one part of a dangerous situation: an act, its victim, the body, a time..."""
    phrases: tuple  # of Phrase (every word counts)
    ages_under: int | None  # an age under this, of someone other than the writer, counts too


@dataclass(frozen=True)
class DangerRule:
    kind: str  # violence, life, child
    families: tuple  # of family names: all must be in the message
    unless: tuple = ()  # of family names: none may be in it


@dataclass(frozen=True)
class Lexicon:
    situations: tuple
    context: tuple  # of Phrase: what the writer says of themselves, never a need
    place_context: tuple  # of Phrase: words that only say where, never a need
    ages: tuple  # of dict(min, max, means)
    age_units: frozenset
    age_months: frozenset  # "di 14 mesi": an age under a year or two, said in months
    age_not_after: frozenset  # "3 anni che abito qui": how long, not how old
    age_before: tuple  # of tuples of words
    age_not_before: frozenset
    age_fillers: tuple
    writer_cues: tuple
    others: frozenset  # words for people other than the writer
    home_cues: frozenset
    away_cues: frozenset
    of_cues: frozenset
    place_words: frozenset
    not_after: frozenset
    ignore: frozenset  # stems that never carry a need
    orientation_words: frozenset  # folded words naming a desk that orients people
    emergency_classes: dict
    emergency_fallbacks: dict
    negations: frozenset
    emergencies: tuple
    danger_families: dict  # name -> DangerFamily
    danger_rules: tuple  # of DangerRule
    defusers: tuple  # of Phrase: idioms whose words are no danger ("mi ammazza di lavoro", "mi tocca lavorare")
    long_over: tuple  # of Phrase: words that tell a danger is long over ("anni fa", "ora sono al sicuro")
    known_words: frozenset  # every folded word the lexicon uses (typo correction targets)
    situation_index: PhraseIndex  # phrase -> [Situation]
    emergency_index: PhraseIndex  # phrase -> [EmergencySituation]


def _word_tuples(values) -> tuple:
    return tuple(tuple(fold(value).split()) for value in _strings(values))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon(HERE / "lexicon.yaml")


def load_lexicon(path: Path) -> Lexicon:
    """The lexicon in `path`, checked first: a mistake raises LexiconError with its file and line."""
    source = read_source(str(path))
    problems = check_lexicon(source)
    if problems:
        raise LexiconError(problems)
    data = source.data
    situations = tuple(Situation(_phrases(item["say"]), tuple(_strings(item["means"])), float(item.get("weight", 1.0)))
                       for item in data["situations"])
    emergencies = tuple(EmergencySituation(item["class"], _phrases(item["say"], strict=True),
                                           _phrases(item.get("with")), item.get("minor_age"))
                        for item in data["emergencies"])
    classes = dict(data["emergency_classes"])
    fallbacks = classes.pop("fallbacks", {})
    ages, places = data["age_words"], data["places"]
    return Lexicon(
        situations=situations,
        context=_phrases(data["context"]),
        place_context=_phrases(data["place_context"]),
        ages=tuple(data["ages"]),
        age_units=frozenset(_strings(ages["units"])),
        age_months=frozenset(_strings(ages.get("months"))),
        age_not_after=frozenset(_strings(ages.get("not_after"))),
        age_before=_word_tuples(ages["before"]),
        age_not_before=frozenset(_strings(ages["not_before"])),
        age_fillers=_word_tuples(ages["fillers"]),
        writer_cues=_word_tuples(ages["writer"]),
        others=frozenset(_strings(data["others"])),
        home_cues=frozenset(fold(cue) for cue in _strings(places["home_cues"])),  # as a message's words are read
        away_cues=frozenset(fold(cue) for cue in _strings(places["away_cues"])),
        of_cues=frozenset(_strings(places["of_cues"])),
        place_words=frozenset(_strings(places["place_words"])),
        not_after=frozenset(_strings(places["not_after"])),
        ignore=frozenset(stem(word) for word in _strings(data["ignore"])),
        orientation_words=frozenset(fold(word) for word in _strings(data["orientation"])),
        emergency_classes=classes,
        emergency_fallbacks=fallbacks,
        negations=frozenset(_strings(data["negations"])),
        emergencies=emergencies,
        danger_families=_danger_families(data["danger_families"]),
        danger_rules=tuple(DangerRule(item["class"], tuple(item["all"]), tuple(item.get("none", ())))
                          for item in data["danger"]),
        defusers=_phrases(data.get("defusers"), strict=True),
        long_over=_phrases(data.get("long_over"), strict=True),
        known_words=frozenset(_lexicon_words(data)),
        situation_index=_index(situations),
        emergency_index=_index(emergencies),
    )


def _danger_families(data: dict) -> dict:
    families = {}
    for name, item in data.items():
        item = item if isinstance(item, dict) else {"say": item}
        families[name] = DangerFamily(_phrases(item["say"], strict=True), item.get("ages_under"))
    return families


def _family_texts(data: dict) -> list:
    return [text for item in data.values() for text in _strings(item["say"] if isinstance(item, dict) else item)]


def _index(items) -> PhraseIndex:
    index = PhraseIndex()
    for item in items:
        for phrase in item.phrases:
            index.add(phrase, item)
    return index


def _lexicon_words(data: dict) -> set:
    texts = [text for item in data["situations"] for text in _strings(item["say"]) + _strings(item["means"])]
    texts += [text for item in data["emergencies"] for text in _strings(item["say"]) + _strings(item.get("with"))]
    texts += _strings(data["ignore"]) + _strings(data["context"]) + _strings(data["place_context"])
    found = set()
    for text in texts:
        for word in split_words(text.replace("|", " ").replace("*", "").replace("!", "").replace("=", "")):
            found.add(word)
    # danger words: whole words only (a prefix such as "castig" is no word to correct a typo into),
    # and everyday words that must stay as written ("prendere" is not a typo of "prenderle")
    texts = _family_texts(data["danger_families"]) + _strings(data["plain_words"]) + _strings(data.get("defusers")) \
        + _strings(data.get("long_over"))
    for text in texts:
        for alternative in text.replace("|", " ").split():
            if not alternative.endswith("*") and not alternative.startswith("*") and alternative != "...":
                found.update(split_words(alternative.replace("!", "")))
    return found


@lru_cache(maxsize=1)
def settings() -> dict:
    return _read("settings.yaml")
