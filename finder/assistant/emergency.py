"""Danger first: the catalogue's own triggers, then situations of danger told without alarm words."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..catalog.text import fold, stem
from .knowledge import Knowledge, knowledge_of
from .lexicon import lexicon, settings
from .reading import Reading
from .tokens import Phrase, Tokens

CHILD, VIOLENCE = "child", "violence"


def find_emergency(knowledge: Knowledge, reading: Reading, district: str | None,
                   understood_danger: str | None = None, safety: float = 0.0) -> str | None:
    """The id of the catalogue emergency the message raises, or None. The catalogue's triggers and the
    lexicon's rules come first; the danger the needs model read (`understood_danger`) can only add one.

    `safety` is how sure the model is that the whole message tells of no danger now (1 - its danger
    probability): an editor's trigger is everyday words too ("non risponde ai messaggi"), and a danger
    told in the imperfect is often one long over ("mi picchiava, sono separata da anni"); the model, who
    read the whole message, may overrule those two when it is that sure, and the lexicon's rules (words
    of a threat and of a person, found apart) when surer still ("mio padre mi uccide se vede la pagella")
    (settings: needs.veto_*)."""
    minor_speaking = any(age.speaker for age in reading.ages)  # a minor writes about themselves
    reading = defused(reading)
    vetoes = settings()["needs"]
    if safety >= vetoes["veto_over"] and _told_as_over(reading):
        return _emergency(knowledge, understood_danger, district) if understood_danger else None
    past_is_over = safety >= vetoes["veto_past"]
    triggered = None if safety >= vetoes["veto_triggers"] else \
        _by_triggers(knowledge, reading.tokens, district, past_is_over)
    if triggered:
        if minor_speaking and _kind_of(knowledge, triggered) == VIOLENCE:
            return _emergency(knowledge, CHILD, district) or triggered
        return triggered
    ruled = safety < vetoes["veto_rules"] and _by_rules(reading, past_is_over)
    kind = _by_situations(reading, past_is_over) or ruled or understood_danger
    if kind == VIOLENCE and minor_speaking:
        kind = CHILD
    return _emergency(knowledge, kind, district) if kind else None


MUTED = "_"  # a word an idiom used: it can fill no danger phrase


def defused(reading: Reading) -> Reading:
    """The reading with the words of everyday idioms taken out ("mi ammazza di lavoro", "sono morta di
    stanchezza", "mi tocca lavorare", "lo ammazzo... scherzo"): what is left is read for danger."""
    tokens = reading.tokens
    muted = set()
    for phrase in lexicon().defusers:
        span = phrase.find(tokens)
        if span:
            muted.update(range(span[0], span[1] + 1))
    if not muted:
        return reading
    words = tuple(MUTED if i in muted else word for i, word in enumerate(tokens.words))
    stems = tuple(MUTED if i in muted else word_stem for i, word_stem in enumerate(tokens.stems))
    clean = Tokens(words, stems, tokens.content, frozenset(stems), frozenset(words))
    return replace(reading, tokens=clean)


def _by_triggers(knowledge: Knowledge, tokens: Tokens, district: str | None, past_is_over: bool) -> str | None:
    """The emergency of the longest trigger found (the first in the catalogue on a tie)."""
    emergencies = knowledge.catalog.emergencies
    order = {emergency_id: rank for rank, emergency_id in enumerate(emergencies)}
    found = []
    for phrase in knowledge.triggers.candidates(tokens):
        if not _found(phrase, tokens, past_is_over):
            continue
        for emergency_id in knowledge.triggers.payloads[phrase]:
            if not district or emergencies[emergency_id].district == district:
                found.append((-phrase.size, order[emergency_id], emergency_id))
    return min(found)[2] if found else None


def _told_as_over(reading: Reading) -> bool:
    return any(phrase.find(reading.tokens) for phrase in lexicon().long_over)


def _by_situations(reading: Reading, past_is_over: bool) -> str | None:
    """The kind of danger of the longest lexicon phrase found (with its context, when it needs one)."""
    index = lexicon().emergency_index
    order = {situation: rank for rank, situation in enumerate(lexicon().emergencies)}
    found = []
    for phrase in index.candidates(reading.tokens):
        situations = [s for s in index.payloads[phrase] if not s.context or _in_context(s, reading)]
        if situations and _found(phrase, reading.tokens, past_is_over):
            found.append((-phrase.size, order[situations[0]], situations[0].kind))
    return min(found)[2] if found else None


def _by_rules(reading: Reading, past_is_over: bool) -> str | None:
    """The kind of danger of the first rule whose families are all in the message: who does what to
    whom ("lo lega alla sedia" + a child), told in the person's own words."""
    families = lexicon().danger_families
    present = {}

    def has(name: str) -> bool:
        if name not in present:
            family = families[name]
            present[name] = any(_found(phrase, reading.tokens, past_is_over) for phrase in family.phrases) or bool(
                family.ages_under and any(not age.writer and age.years < family.ages_under for age in reading.ages))
        return present[name]

    for rule in lexicon().danger_rules:
        if all(has(name) for name in rule.families) and not any(has(name) for name in rule.unless):
            return rule.kind
    return None


def _in_context(situation, reading: Reading) -> bool:
    if situation.minor_age and any(age.years < situation.minor_age for age in reading.ages):
        return True
    return any(phrase.find(reading.tokens) for phrase in situation.context)


def _found(phrase: Phrase, tokens: Tokens, past_is_over: bool = False) -> bool:
    """The phrase is in the message and not denied ("non mi ha mai toccata"), unless it says "non" itself;
    with `past_is_over`, not told in the imperfect either ("mi picchiava") unless the phrase says it so."""
    negations = lexicon().negations
    denies_itself = any(slot.stems & negation_stems() for slot in phrase.slots)
    span = phrase.find(tokens, frozenset() if denies_itself else negations)
    return span is not None and not (past_is_over and _in_the_imperfect(phrase, tokens, span))


IMPERFECT = ("avo", "avi", "ava", "avamo", "avate", "avano", "evo", "evi", "eva", "evamo", "evate", "evano",
             "ivo", "ivi", "iva", "ivamo", "ivate", "ivano")


def _in_the_imperfect(phrase: Phrase, tokens: Tokens, span: tuple) -> bool:
    """A word the phrase found is an Italian imperfect the phrase itself does not say ("picchiava" for
    "picchia"): what it tells went on then, not necessarily now."""
    said = {fold(alternative.strip("!*")) for word in phrase.text.split() for alternative in word.split("|")}
    for word in tokens.words[span[0]:span[1] + 1]:
        if word not in said and any(word.endswith(ending) and len(word) > len(ending) + 2 for ending in IMPERFECT) \
                and any(slot.accepts(word, stem(word)) for slot in phrase.slots):
            return True
    return False


@lru_cache(maxsize=1)
def negation_stems() -> frozenset:
    """Negations as phrase slots hold them ("senza" -> "senz"): a phrase that says one itself
    ("senza di me") is not denied by it."""
    return frozenset(stem(word) for word in lexicon().negations)


def emergency_kind(catalog, emergency_id: str | None) -> str | None:
    """The kind of danger (violence, life, child) a catalogue emergency answers: decided here once, for
    the assistant and for the pages (a violence answer gets the quick exit)."""
    return _kind_of(knowledge_of(catalog), emergency_id) if emergency_id else None


def _kind_of(knowledge: Knowledge, emergency_id: str) -> str | None:
    for (_, kind), found in knowledge.emergency_for_class.items():
        if found == emergency_id:
            return kind
    return None


def _emergency(knowledge: Knowledge, kind: str, district: str | None) -> str | None:
    """The catalogue emergency answering `kind`, in the person's district when known."""
    districts = [district] if district else list(knowledge.catalog.districts)
    for wanted in [kind, *lexicon().emergency_fallbacks.get(kind, ())]:
        for district_id in districts:
            found = knowledge.emergency_for_class.get((district_id, wanted))
            if found:
                return found
    return None
