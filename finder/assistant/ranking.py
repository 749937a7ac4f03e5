"""Which services fit: the message's words (and the generic words of its situations) weighed against each
service's words, keyword phrases found whole, the full-text rank, and what is known of the person."""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from .knowledge import Knowledge
from .lexicon import lexicon, settings
from .reading import Reading
from .tokens import Tokens, split_words


@dataclass(frozen=True)
class Known:
    """What is understood so far (from the message and the conversation's state)."""

    comune: str | None
    district: str | None
    audience: str | None
    category: str | None
    ages: tuple  # of int: the ages of the people the help is for, as far as the message tells
    previous: tuple  # services found earlier in the conversation


def best_audience(knowledge: Knowledge, reading: Reading) -> str | None:
    scores = _vocabulary_scores(knowledge.audience_phrases, reading)
    for age in reading.ages_for_help:
        holding = [a for a in knowledge.catalog.audiences.values() if a.age and a.age.holds(age)]
        if holding:  # the narrowest range wins; ranges as narrow as each other all count, words decide
            width = min((a.age.max or 200) - (a.age.min or 0) for a in holding)
            for audience in holding:
                if (audience.age.max or 200) - (audience.age.min or 0) == width:
                    scores[audience.id] += 2.0
    if reading.ages_for_help:  # "nostro figlio ha 30 anni ... parla da solo": not the older people's audience
        for audience in knowledge.catalog.audiences.values():
            if audience.age and not any(audience.age.holds(age) for age in reading.ages_for_help):
                scores.pop(audience.id, None)
    return _best(scores, settings()["audiences"]["min_score"], knowledge.catalog.audiences)


def best_category(knowledge: Knowledge, reading: Reading) -> str | None:
    return _best(_vocabulary_scores(knowledge.category_phrases, reading), settings()["categories"]["min_score"],
                 knowledge.catalog.categories)


def _vocabulary_scores(index, reading: Reading) -> dict:
    """Each item's evidence: its phrases found in the message (1) or in its situations' words (less),
    longer phrases counting more."""
    weight = settings()["ranking"]["expansion_weight"]
    found = {phrase: (1.0, payloads) for phrase, _, payloads in index.found(reading.expansion)}
    found = {phrase: (weight, payloads) for phrase, (_, payloads) in found.items()}
    found.update({phrase: (1.0, payloads) for phrase, _, payloads in index.found(reading.tokens)})
    scores = defaultdict(float)
    for phrase, (source_weight, payloads) in found.items():
        for item_id in payloads:
            scores[item_id] += source_weight * (1.0 + 0.5 * (phrase.size - 1))
    return scores


def _best(scores: dict, minimum: float, table: dict) -> str | None:
    """The highest score if it reaches `minimum`; on a tie, the first in the catalogue's `table`."""
    top = max(scores.values(), default=0.0)
    if not scores or top < minimum:
        return None
    tied = [item for item, score in scores.items() if score == top]
    return tied[0] if len(tied) == 1 else next((item for item in table if item in tied), min(tied))


def rank_services(knowledge: Knowledge, reading: Reading, known: Known, index=None, text: str = "",
                  by_needs: dict | None = None, by_words: bool = True, closeness=None) -> list:
    """[(service id, score)] best first; empty when nothing fits. `by_needs`: how well each service
    answers the needs the model read in the message (linking.need_scores); `by_words` False for a
    language the word reader does not know (its stemming and stopwords are Italian and English);
    `closeness`: service ids -> how close each reads to the message's meaning (linking.closeness)."""
    options = settings()["ranking"]
    scores = _word_scores(knowledge, reading, known, index) if by_words else {}
    scores = _strongest(scores, options["candidates"])
    scores = _with_needs(scores, _strongest(by_needs or {}, options["candidates"]))
    scores = _with_neighbours(knowledge, scores, known)
    if not scores:
        return []
    top = max(scores.values())
    for service_id in scores:
        scores[service_id] = _adjusted(knowledge.catalog.services[service_id], scores[service_id], top, known)
    top = max(scores.values())
    if top < options["min_score"]:
        return []
    scores = _with_closeness(scores, closeness)
    top = max(scores.values())
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    ranked = [item for item in ranked if item[1] >= options["relative_cutoff"] * top]
    return ranked[:options["max_services"]]


def _strongest(scores: dict, count: int) -> dict:
    """The `count` best-scored services (a country's site links thousands of them to a common need)."""
    return dict(heapq.nlargest(count, scores.items(), key=lambda item: item[1]))


def _word_scores(knowledge: Knowledge, reading: Reading, known: Known, index) -> dict:
    covered = set(reading.covered)
    phrase_scores = _phrase_bonus(knowledge, reading, covered)
    scores = _text_scores(knowledge, reading, covered, known.district)
    for service_id, bonus in phrase_scores.items():
        scores[service_id] += bonus
    if index is not None and scores:
        _add_fulltext(index, _telling_words(knowledge, reading), scores)
    return scores


def _with_needs(scores: dict, by_needs: dict) -> dict:
    """The words' scores and the needs' scores fused: the needs count in proportion to the best words'
    score, and alone (a message in another language, words no catalogue uses) against a fixed scale."""
    if not by_needs:
        return scores
    options = settings()["needs"]
    floor = options["scale_floor"] if scores else options["scale_alone"]
    scale = max(max(scores.values(), default=0.0), floor * settings()["ranking"]["min_score"])
    fused = dict(scores)
    for service_id, need_score in by_needs.items():
        fused[service_id] = fused.get(service_id, 0.0) + options["weight"] * scale * need_score
    return fused


def _with_closeness(scores: dict, closeness) -> dict:
    """The best candidates re-weighed by meaning: those that read closer to the message than the others
    (standard scores of their embeddings' cosines) rise by up to `closeness_weight` of the best score.
    Words and needs choose the candidates; meaning orders those that are alike."""
    options = settings()["ranking"]
    if closeness is None or len(scores) < 3:
        return scores
    candidates = sorted(scores, key=lambda service_id: (-scores[service_id], service_id))[:options["closeness_candidates"]]
    cosines = closeness(candidates)
    standard = (cosines - cosines.mean()) / (cosines.std() + 1e-6)
    lift = options["closeness_weight"] * scores[candidates[0]] / 3
    fused = dict(scores)
    for service_id, above in zip(candidates, standard):
        fused[service_id] += lift * max(0.0, float(above))
    return fused


def _query_weights(knowledge: Knowledge, reading: Reading, covered: set) -> dict:
    """Each term's weight: 1 for the person's words, less for the lexicon's, and less again for words
    that only appear inside a phrase already found whole (its parts should not find other services).
    Place names say where, not what: they never count."""
    ignore = lexicon().ignore | knowledge.place_stems
    options = settings()["ranking"]
    weights = {}
    for term in reading.expansion.content_stems():
        if term not in ignore and term != "#":
            weights[term] = options["expansion_weight"] * reading.boost.get(term, 1.0)
    written = {}
    for position in reading.tokens.content:
        term = reading.tokens.stems[position]
        if term not in ignore and position not in reading.muted:
            own = options["covered_weight"] if position in covered else 1.0
            written[term] = max(own, written.get(term, 0.0))
    for term, weight in written.items():
        weights[term] = max(weight, weights.get(term, 0.0))
    return weights


def _text_scores(knowledge: Knowledge, reading: Reading, covered: set, district: str | None) -> dict:
    weighted = [(term, weight * knowledge.idf[term])
                for term, weight in _query_weights(knowledge, reading, covered).items() if term in knowledge.idf]
    return defaultdict(float, knowledge.postings.scores(weighted, district))


def _phrase_bonus(knowledge: Knowledge, reading: Reading, covered: set) -> dict:
    """Services' keyword phrases found whole in the message or its situations' words; the message words
    they use are added to `covered`."""
    bonus = settings()["ranking"]["phrase_bonus"]
    found = {}  # phrase -> (payloads, weight)
    for phrase, _, payloads in knowledge.keyword_phrases.found(reading.expansion):
        found[phrase] = payloads, _boost(reading, phrase)
    for phrase, span, payloads in knowledge.keyword_phrases.found(reading.tokens):
        covered.update(range(span[0], span[1] + 1))
        found[phrase] = payloads, 1.0
    scores = defaultdict(float)
    for phrase, (service_ids, weight) in found.items():
        idf = sum(max((knowledge.idf.get(s, 1.0) for s in slot.stems), default=1.0)
                  for slot in phrase.slots) / phrase.size
        for service_id in set(service_ids):
            scores[service_id] += bonus * weight * phrase.size * idf
    return scores


def _boost(reading: Reading, phrase) -> float:
    """The weight of a phrase found in the situations' words: that of the situation it came from."""
    weights = [reading.boost[s] for slot in phrase.slots for s in slot.stems if s in reading.boost]
    return max(weights, default=1.0)


def _telling_words(knowledge: Knowledge, reading: Reading) -> str:
    """The message's rarest catalogue words, for the full-text search (a short query stays fast and
    lets its AND pass find something)."""
    ignore = lexicon().ignore | knowledge.place_stems
    seen = {}
    for position in reading.tokens.content:
        term = reading.tokens.stems[position]
        if term in knowledge.idf and term not in ignore and position not in reading.muted:
            seen.setdefault(term, reading.tokens.words[position])
    rarest = sorted(seen, key=lambda term: -knowledge.idf[term])[:settings()["ranking"]["fts_words"]]
    return " ".join(seen[term] for term in rarest)


def _add_fulltext(index, text: str, scores: dict) -> None:
    options = settings()["ranking"]
    depth = options["fts_depth"]
    scale = options["fts_weight"] * max(scores.values()) / depth
    for position, (service_id, _) in enumerate(index.rank(text, limit=depth)):
        if service_id in scores:
            scores[service_id] += scale * (depth - position) / depth * 2


def _with_neighbours(knowledge: Knowledge, scores: dict, known: Known) -> dict:
    """Only the services available to the person; when a strong match is not offered in their comune,
    the services for the same people and the same kind of help take some of its place."""
    catalog = knowledge.catalog
    available = {sid: score for sid, score in scores.items() if _available(knowledge, sid, known)}
    if not scores or len(available) == len(scores):
        return available
    share = settings()["ranking"]["neighbour_share"]
    top = max(scores.values())
    for missing_id, missing_score in scores.items():
        if missing_id in available or missing_score < 0.5 * top:
            continue
        missing = catalog.services[missing_id]
        for service in catalog.services_for(comune=known.comune):
            alike = 0.5 * bool(set(service.audiences) & set(missing.audiences)) \
                + 0.5 * bool(set(service.categories) & set(missing.categories))
            if alike:
                available[service.id] = available.get(service.id, 0.0) + share * alike * missing_score
    return available


def _available(knowledge: Knowledge, service_id: str, known: Known) -> bool:
    catalog = knowledge.catalog
    service = catalog.services.get(service_id)
    if service is None or not service.offered:
        return False
    if known.comune:
        return catalog.offered_in(service, catalog.comuni[known.comune])
    return known.district is None or service.district == known.district


def _adjusted(service, score: float, top: float, known: Known) -> float:
    options = settings()["ranking"]
    if known.audience and known.audience in service.audiences:
        score += options["audience_bonus"] * top
    if known.category and known.category in service.categories:
        score += options["category_bonus"] * top
    if service.id in known.previous:
        score += options["state_bonus"] * top
    if service.age and known.ages and not any(service.age.holds(age) for age in known.ages):
        score *= options["wrong_age_factor"]
    return score


def continued_services(knowledge: Knowledge, known: Known) -> list:
    """When the message adds no need of its own ("sto a rocca"): the services for what was already
    known, those found earlier first, then the most specific."""
    if not (known.audience or known.category or known.previous):
        return []
    catalog = knowledge.catalog
    found = catalog.services_for(known.audience, known.comune, known.category)
    if known.district and not known.comune:
        found = [service for service in found if service.district == known.district]
    previous = {service_id: rank for rank, service_id in enumerate(known.previous)}
    desks = _desks(knowledge)
    found.sort(key=lambda s: (previous.get(s.id, len(previous)), len(s.audiences) + len(s.categories),
                              s.id not in desks, s.id))
    if not (known.audience or known.category):
        found = [service for service in found if service.id in previous]
    return [(service.id, 1.0) for service in found[:settings()["ranking"]["max_services"]]]


def _desks(knowledge: Knowledge) -> frozenset:
    """Services that orient people (an information desk, a sportello): for someone who has only said
    who they are and where, the first door to knock at."""
    desks = knowledge.extras.get("desks")
    if desks is None:
        words = lexicon().orientation_words
        catalog = knowledge.catalog
        desks = set()
        for service in catalog.services.values():
            texts = [service.name] + [catalog.categories[c].name for c in service.categories if c in catalog.categories]
            folded = {word for text in texts for _, value in text.values for word in split_words(value)}
            if folded & words:
                desks.add(service.id)
        desks = knowledge.extras["desks"] = frozenset(desks)
    return desks


def tokens_have_need(tokens: Tokens, places: frozenset = frozenset()) -> bool:
    """The message says something besides greetings and place names."""
    ignore = lexicon().ignore
    return any(term not in ignore and term not in places for term in tokens.content_stems())
