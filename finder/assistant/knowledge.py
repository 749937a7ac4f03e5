"""What the assistant knows about one catalogue, worked out once and kept: the words of each service
weighted by where they appear, keyword phrases, audience and category vocabulary, comune names, and
which emergency of the catalogue answers which kind of danger."""
from __future__ import annotations

import math
import threading
import weakref
from functools import lru_cache
from collections import defaultdict
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..catalog.text import STOPWORDS, fold, stem
from .lexicon import lexicon, settings
from .tokens import PhraseIndex, compile_phrase, split_words


@dataclass
class Knowledge:
    catalog: Catalog
    idf: dict = field(default_factory=dict)  # stem -> weight
    postings: dict = field(default_factory=dict)  # district id -> stem -> [(service id, field weight)]
    keyword_phrases: PhraseIndex = field(default_factory=PhraseIndex)  # -> service ids
    audience_phrases: PhraseIndex = field(default_factory=PhraseIndex)  # -> audience ids
    category_phrases: PhraseIndex = field(default_factory=PhraseIndex)  # -> category ids
    triggers: PhraseIndex = field(default_factory=PhraseIndex)  # -> emergency ids
    emergency_for_class: dict = field(default_factory=dict)  # (district, class) -> emergency id
    vocabulary: list = field(default_factory=list)  # known folded words, for typo correction
    known_words: frozenset = frozenset()
    place_stems: frozenset = frozenset()  # words of comune names: where, never what
    extras: dict = field(default_factory=dict)  # other modules' own precomputed tables


_cache: dict = {}
_cache_lock = threading.Lock()


def knowledge_of(catalog: Catalog) -> Knowledge:
    """The catalogue's Knowledge, built on first use and kept while the catalogue lives."""
    key = id(catalog)
    entry = _cache.get(key)
    if entry is not None and entry[0]() is catalog:
        return entry[1]
    with _cache_lock:
        built = _build(catalog)
        _cache[key] = (weakref.ref(catalog, lambda _, key=key, cache=_cache: cache.pop(key, None)), built)
        return built


def _texts(text) -> list[str]:
    return [] if text is None else [value for _, value in text.values]


@lru_cache(maxsize=65536)
def _content_stems(text: str) -> tuple:
    return tuple(stem(word) for word in split_words(text) if word not in STOPWORDS)


_folded = lru_cache(maxsize=65536)(fold)


def _service_fields(service) -> dict:
    return {"name": _texts(service.name), "keywords": service.keywords.all(), "summary": _texts(service.summary),
            "body": _texts(service.description) + _texts(service.eligibility)}


def _build(catalog: Catalog) -> Knowledge:
    knowledge = Knowledge(catalog)
    weights = settings()["ranking"]["fields"]
    services = [service for service in catalog.services.values() if service.offered]
    terms_of = {}
    words = set()
    for service in services:
        terms = {}
        for field_name, texts in _service_fields(service).items():
            for text in texts:
                words.update(split_words(text))
                for term in _content_stems(text):
                    terms[term] = max(terms.get(term, 0.0), weights[field_name])
        terms_of[service.id] = terms
        _add_keyword_phrases(knowledge, service)
    _index_terms(knowledge, terms_of, len(services))
    for audience in catalog.audiences.values():
        _add_vocabulary(knowledge.audience_phrases, audience, words)
    for category in catalog.categories.values():
        _add_vocabulary(knowledge.category_phrases, category, words)
    for emergency in catalog.emergencies.values():
        for trigger in emergency.triggers:
            words.update(split_words(trigger))
            knowledge.triggers.add(compile_phrase(trigger, strict=True), emergency.id)
    knowledge.emergency_for_class = _emergencies_by_class(catalog)
    place_words = {word for comune in catalog.comuni.values() for name in (comune.name, *comune.aliases)
                   for word in fold(name).split()}
    knowledge.place_stems = frozenset(stem(word) for word in place_words
                                      if word not in STOPWORDS and word not in lexicon().known_words)
    words |= place_words
    words |= lexicon().known_words
    knowledge.known_words = frozenset(words)
    knowledge.vocabulary = sorted(word for word in words if len(word) >= settings()["typo"]["min_length"])
    return knowledge


def _add_keyword_phrases(knowledge: Knowledge, service) -> None:
    for text in service.keywords.all() + _texts(service.name):
        phrase = compile_phrase(text, gap=1)
        if phrase is not None and phrase.size >= 2:
            knowledge.keyword_phrases.add(phrase, service.id)


def _index_terms(knowledge: Knowledge, terms_of: dict, service_count: int) -> None:
    """Postings per district (a person's comune narrows the search to one) and each term's idf."""
    postings = defaultdict(lambda: defaultdict(list))
    document_frequency = defaultdict(int)
    services = knowledge.catalog.services
    for service_id, terms in terms_of.items():
        district_postings = postings[services[service_id].district]
        for term, weight in terms.items():
            district_postings[term].append((service_id, weight))
            document_frequency[term] += 1
    knowledge.postings = {district: dict(terms) for district, terms in postings.items()}
    knowledge.idf = {term: math.log(1 + (service_count + 1) / (count + 0.5))
                     for term, count in document_frequency.items()}


def _add_vocabulary(index: PhraseIndex, item, words: set) -> None:
    texts = item.keywords.all() + _texts(item.name)
    for text in texts:
        words.update(split_words(text))
        index.add(compile_phrase(text, gap=1), item.id)


def _emergencies_by_class(catalog: Catalog) -> dict:
    """For each district and each kind of danger in the lexicon, the catalogue emergency that answers it:
    the one whose numbers, id, message and triggers say the most about that kind."""
    classes = lexicon().emergency_classes
    found = {}
    for district_id in catalog.districts:
        emergencies = [e for e in catalog.emergencies.values() if e.district == district_id]
        for kind, signs in classes.items():
            scored = [(_affinity(emergency, signs), -index, emergency.id) for index, emergency in enumerate(emergencies)]
            scored = [item for item in scored if item[0] > 0]
            if scored:
                found[(district_id, kind)] = max(scored)[2]
    return found


def _digits(text: str) -> str:
    return "".join(ch for ch in str(text) if ch.isdigit())


def _affinity(emergency, signs: dict) -> float:
    numbers = {_digits(number.phone) for number in emergency.numbers}
    score = 3.0 * sum(_digits(number) in numbers for number in signs.get("numbers", ()))
    texts = [emergency.id.replace("-", " "), *_texts(emergency.message), *emergency.triggers]
    texts += [text for number in emergency.numbers for text in _texts(number.name)]
    folded = " " + " ".join(_folded(text) for text in texts) + " "
    score += sum(folded.count(" " + _folded(str(word)) + " ") > 0 for word in signs.get("words", ()))
    return score
