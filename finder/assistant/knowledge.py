"""What the assistant knows about one catalogue, worked out once and kept: the words of each service
weighted by where they appear, keyword phrases, audience and category vocabulary, comune names, and
which emergency of the catalogue answers which kind of danger."""
from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import os
import pickle
import threading
import time
import weakref
from array import array
from functools import lru_cache
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..catalog import Catalog
from ..catalog.compiled import CODE_DIGEST as CATALOG_CODE_DIGEST
from ..catalog.text import STOPWORDS, fold, stem
from .lexicon import lexicon, settings
from .tokens import PhraseIndex, compile_phrase, split_words

log = logging.getLogger("finder.assistant")


@dataclass
class Knowledge:
    catalog: Catalog
    idf: dict = field(default_factory=dict)  # stem -> weight
    postings: TermPostings = None  # stem -> the services whose words hold it, and in which field
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
ASSISTANT_CODE = Path(__file__).resolve().parent
KEPT_DAYS = 7  # a kept Knowledge nobody has read back for this long is deleted


def knowledge_of(catalog: Catalog) -> Knowledge:
    """The catalogue's Knowledge, built on first use and kept while the catalogue lives."""
    known = _known(catalog)
    if known is not None:
        return known
    with _cache_lock:
        return _known(catalog) or _remember(catalog, _build(catalog))


def _known(catalog: Catalog) -> Knowledge | None:
    entry = _cache.get(id(catalog))
    return entry[1] if entry is not None and entry[0]() is catalog else None


def _remember(catalog: Catalog, knowledge: Knowledge) -> Knowledge:
    key = id(catalog)
    _cache[key] = (weakref.ref(catalog, lambda _, key=key, cache=_cache: cache.pop(key, None)), knowledge)
    return knowledge


# What the assistant works out from a national catalogue takes tens of seconds: a restart reads it back
# from the data folder, under the digest of the catalogue's version and of the code, words and model that
# work it out. Only this process's own files are read (the same trust as the kept readings of the files).

def kept_file(folder: Path, catalog_version: str) -> Path:
    return Path(folder) / f"{catalog_version}-{_code_digest()[:16]}.pickle"


def read_kept(catalog: Catalog, kept: Path) -> Knowledge | None:
    """The catalogue's Knowledge as kept in `kept`, made the one `knowledge_of` gives; None if not kept."""
    try:
        fields = pickle.loads(kept.read_bytes())
        os.utime(kept)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        log.warning("the assistant's kept knowledge in %s could not be used; working it out again", kept)
        return None
    with _cache_lock:
        return _remember(catalog, Knowledge(catalog, **fields))


def keep(knowledge: Knowledge, kept: Path) -> None:
    fields = {name: value for name, value in vars(knowledge).items() if name != "catalog"}
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        writing = kept.with_name(f"{kept.name}.{os.getpid()}")
        writing.write_bytes(pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL))
        writing.replace(kept)
        _forget_old(kept.parent)
    except OSError:
        log.exception("the assistant's knowledge cannot be kept in %s", kept.parent)


def _forget_old(folder: Path) -> None:
    too_old = time.time() - KEPT_DAYS * 86400
    for path in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < too_old:
                path.unlink()


@lru_cache(maxsize=None)
def _code_digest() -> str:
    """The assistant's code, words, settings and model, and the catalogue code that stems its words."""
    digest = hashlib.sha256(CATALOG_CODE_DIGEST.encode())
    for path in sorted(ASSISTANT_CODE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".joblib"):
            digest.update(str(path.relative_to(ASSISTANT_CODE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


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
    """Each term's postings and idf."""
    services = knowledge.catalog.services
    knowledge.postings = TermPostings(terms_of, {service_id: services[service_id].district for service_id in terms_of})
    knowledge.idf = {term: math.log(1 + (service_count + 1) / (count + 0.5))
                     for term, count in knowledge.postings.document_frequency().items()}


class TermPostings:
    """term -> the services holding it, with the weight of the field it is in, kept as small arrays: at a
    national scale (22,800 services) a tuple per posting took most of the assistant's memory. A person's
    comune narrows a term's services to their district's."""

    def __init__(self, terms_of: dict, district_of: dict):
        self.service_ids = tuple(terms_of)  # in catalogue order: the order scores were always added in
        self.district_number = {district: number for number, district in enumerate(dict.fromkeys(district_of.values()))}
        self.district_of = np.array([self.district_number[district_of[service_id]] for service_id in self.service_ids],
                                    dtype=np.int32)
        self.weights = np.array(sorted({weight for terms in terms_of.values() for weight in terms.values()}),
                                dtype=np.float64)
        weight_code = {weight: code for code, weight in enumerate(self.weights.tolist())}
        found = defaultdict(lambda: (array("i"), array("B")))
        for number, terms in enumerate(terms_of.values()):
            for term, weight in terms.items():
                numbers, codes = found[term]
                numbers.append(number)
                codes.append(weight_code[weight])
        self.terms = {term: (np.frombuffer(numbers, dtype=np.int32), np.frombuffer(codes, dtype=np.uint8))
                      for term, (numbers, codes) in found.items()}

    def document_frequency(self) -> dict:
        return {term: len(numbers) for term, (numbers, _) in self.terms.items()}

    def scores(self, weighted_terms: list, district: str | None) -> dict:
        """service id -> the sum of each term's weight times the weight of the field holding it, among the
        district's services when one is given; services in the order a term first found them."""
        total = np.zeros(len(self.service_ids))
        first_found = np.full(len(self.service_ids), len(weighted_terms))
        for position, (term, weight) in enumerate(weighted_terms):
            numbers, codes = self._of(term, district)
            total[numbers] += weight * self.weights[codes]
            first_found[numbers] = np.minimum(first_found[numbers], position)
        found = np.flatnonzero(first_found < len(weighted_terms))
        found = found[np.lexsort((found, first_found[found]))]
        return dict(zip(map(self.service_ids.__getitem__, found.tolist()), total[found].tolist()))

    def _of(self, term: str, district: str | None) -> tuple:
        numbers, codes = self.terms.get(term, _NOTHING)
        if district is not None and len(numbers):
            keep = self.district_of[numbers] == self.district_number.get(district, -1)
            return numbers[keep], codes[keep]
        return numbers, codes


_NOTHING = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint8))


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
