"""`ask`: one message in, one answer out. Emergencies first, then the comune, who and what, then the
services and the door, then the one question that matters most."""
from __future__ import annotations

from dataclasses import replace

import re

from ..catalog import Catalog
from .answer import MAX_MESSAGE_LENGTH, Answer
from .dialogue import next_question, understood_sentence
from .emergency import find_emergency
from .knowledge import Knowledge, knowledge_of
from .lexicon import settings
from .linking import closeness, need_scores
from .needs import Understanding, needs_model
from .places import find_comune, find_comune_in_other_scripts
from .privacy import overshare
from .ranking import Known, best_audience, best_category, continued_services, rank_services, tokens_have_need
from .reading import Reading, read

EMERGENCY_READ_LIMIT = 4000  # a refused message is still read this far for danger
GENERAL_NEED = "information"  # the person asks what help there is, or where to ask


def _same(text: str) -> str:
    return text


def ask(catalog: Catalog, index, text: str, state: dict | None = None, lang: str = "it",
        translate=None) -> Answer:
    """Understand `text` (with the conversation's `state`) and answer with services, door and question.

    `index` is the catalogue's SearchIndex (or None); `translate` is a gettext-like callable for the
    question texts (identity by default)."""
    translate = translate or _same
    knowledge = knowledge_of(catalog)
    state = _valid_state(catalog, state)
    refused = len(text) > MAX_MESSAGE_LENGTH
    read_text = text[:EMERGENCY_READ_LIMIT] if refused else text
    reading = read(knowledge, read_text)
    model = needs_model()
    understanding = model.understand(read_text) if read_text.strip() else Understanding()
    known = _known(knowledge, reading, state, refused, read_text)
    by_needs = need_scores(knowledge, model, understanding.needs, known.district) \
        if tokens_have_need(reading.tokens, knowledge.place_stems) else {}
    known = _groups_agreeing_with_needs(knowledge.catalog, known, state, understanding, by_needs)
    emergency = find_emergency(knowledge, reading, known.district, _danger(model, understanding, reading, read_text),
                               safety=1 - understanding.danger_probability if read_text.strip() else 0.0)
    answer = Answer(comune=known.comune, audience=known.audience, category=known.category, emergency=emergency,
                    overshare=overshare(text), refused=refused, need=understanding.need if reading.raw_words else None,
                    need_probability=next(iter(understanding.needs.values()), 0.0),
                    lang=reply_language(understanding, reading, lang))
    if refused and not emergency:
        answer.state = dict(state)
        return answer
    by_words = understanding.lang in settings()["needs"]["rule_languages"] \
        or understanding.lang_probability < settings()["needs"]["reply_confidence"]  # dialect reads as Italian
    ranked = [] if refused else _ranked(knowledge, reading, known, index, text, by_needs, by_words,
                                        closeness(knowledge, understanding))
    answer.services = _emergency_services(knowledge, emergency, known) + ranked if emergency else ranked
    answer.services = list(dict.fromkeys(answer.services))
    answer.access_point = _door(catalog, answer.services, known.comune)
    asked = list(state.get("asked", []))
    if not emergency:
        answer.follow_up = next_question(knowledge, known, answer.services, asked, lang, translate,
                                         general=_asks_in_general(understanding))
    if answer.follow_up:
        asked.append(answer.follow_up.slot)
    answer.state = {"comune": known.comune, "audience": known.audience, "category": known.category,
                    "services": answer.services[:3], "asked": asked}
    answer.understood = understood_sentence(catalog, known, lang, translate)
    return answer


def _asks_in_general(understanding: Understanding) -> bool:
    """The person asks what help there is (or where to ask), or tells of no need the model can name."""
    top = next(iter(understanding.needs.values()), 0.0)
    return understanding.need == GENERAL_NEED or top < settings()["dialogue"]["named_need"]


def _danger(model, understanding: Understanding, reading: Reading, text: str) -> str | None:
    """The kind of danger the model read, when it is sure enough: the thresholds chosen in training, a
    stricter one where the lexicon's rules already read the language (they are the floor there). One word
    tells no situation ("anziano" typed in the search box): alarm words alone are the rules' to raise."""
    options = settings()["needs"]
    if len(reading.raw_words) < options["danger_min_words"]:
        return None
    if understanding.lang in options["rule_languages"]:
        needed = max(model.danger_threshold_with_rules, options["danger_threshold_with_rules"])
        return understanding.danger_kind if understanding.danger_probability >= needed else None
    if understanding.danger_probability >= model.danger_threshold:
        return understanding.danger_kind
    if understanding.danger_probability >= options["sentence_floor"]:
        return _danger_in_a_sentence(model, text, options)
    return None


SENTENCE_END = re.compile(r"(?<=[.!?;؟\n])\s+")


def _danger_in_a_sentence(model, text: str, options: dict) -> str | None:
    """A danger told in one sentence of a longer message ("he beat me again last night." among where one
    lives and what one needs) is averaged away by a reading of the whole: where no rule reads the language,
    each sentence is read apart too, and one that is itself sure of danger raises it."""
    sentences = [sentence for sentence in SENTENCE_END.split(text.strip())
                 if len(sentence.split()) >= options["sentence_min_words"]]
    if len(sentences) < 2:
        return None
    alarming = max(model.understand_all(sentences), key=lambda reading: reading.danger_probability)
    return alarming.danger_kind if alarming.danger_probability >= options["sentence_danger"] else None


def reply_language(understanding: Understanding, reading: Reading, page_lang: str) -> str:
    """The language the person wrote in, when the message says it surely enough; else the page's."""
    options = settings()["needs"]
    long_enough = len(reading.raw_words) >= options["reply_min_words"]
    if long_enough and understanding.lang_probability >= options["reply_confidence"]:
        return understanding.lang
    return page_lang


def _valid_state(catalog: Catalog, state) -> dict:
    """The state's slots that name something in this catalogue; anything else is ignored."""
    if not isinstance(state, dict):
        return {}
    tables = {"comune": catalog.comuni, "audience": catalog.audiences, "category": catalog.categories}
    valid = {slot: state.get(slot) for slot, table in tables.items() if state.get(slot) in table}
    valid["services"] = [s for s in _list(state.get("services")) if s in catalog.services]
    valid["asked"] = [slot for slot in _list(state.get("asked")) if slot in tables]
    return valid


def _list(value) -> list:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _known(knowledge: Knowledge, reading: Reading, state: dict, refused: bool, text: str) -> Known:
    catalog = knowledge.catalog
    comune = find_comune(knowledge, reading.raw_words, state.get("comune")) \
        or find_comune_in_other_scripts(knowledge, text) or state.get("comune")
    if comune is None and len(catalog.comuni) == 1:
        comune = next(iter(catalog.comuni))
    district = catalog.comuni[comune].district if comune else _only_district(catalog)
    audience = None if refused else best_audience(knowledge, reading)
    category = None if refused else best_category(knowledge, reading)
    return Known(comune=comune, district=district, audience=audience or state.get("audience"),
                 category=category or state.get("category"), ages=reading.ages_for_help,
                 previous=tuple(state.get("services", ())))


def _groups_agreeing_with_needs(catalog: Catalog, known: Known, state: dict, understanding: Understanding,
                                by_needs: dict) -> Known:
    """The group and kind of help the message's words suggest are dropped when the model is sure of a need
    that no service of theirs answers: "non esce più di casa" reads as an older person's loneliness, but
    "sente delle voci, non vuole vedere nessun medico" is mental health (settings: needs.sure_need, needs.answering)."""
    options = settings()["needs"]
    if not by_needs or next(iter(understanding.needs.values()), 0.0) < options["sure_need"]:
        return known
    best = max(by_needs.values())
    answering = [catalog.services[service_id] for service_id, score in by_needs.items()
                 if score >= options["answering"] * best]
    audience = known.audience if known.audience == state.get("audience") or \
        any(known.audience in service.audiences for service in answering) else None
    category = known.category if known.category == state.get("category") or \
        any(known.category in service.categories for service in answering) else None
    return replace(known, audience=audience, category=category)


def _only_district(catalog: Catalog) -> str | None:
    return next(iter(catalog.districts)) if len(catalog.districts) == 1 else None


def _ranked(knowledge: Knowledge, reading: Reading, known: Known, index, text: str, by_needs: dict,
            by_words: bool, by_meaning) -> list:
    ranked = rank_services(knowledge, reading, known, index, text, by_needs, by_words, by_meaning)
    if not ranked:
        ranked = continued_services(knowledge, known)
    return [service_id for service_id, _ in ranked]


def _emergency_services(knowledge: Knowledge, emergency_id: str, known: Known) -> list:
    catalog = knowledge.catalog
    comune = catalog.comuni.get(known.comune) if known.comune else None
    found = []
    for service_id in catalog.emergencies[emergency_id].services:
        service = catalog.services.get(service_id)
        if service and service.offered and (comune is None or catalog.offered_in(service, comune)):
            found.append(service_id)
    return found


def _door(catalog: Catalog, service_ids: list, comune_id: str | None) -> str | None:
    if not service_ids:
        return None
    door = catalog.door_to_name(catalog.services[service_ids[0]], catalog.comuni.get(comune_id or ""))
    return door.id if door else None
