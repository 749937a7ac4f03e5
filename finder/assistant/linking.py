"""Which needs each service of a catalogue answers, worked out once from the catalogue's own text: the
needs model reading the service as a person would describe it (name, summary, keywords, its audiences
and categories), the taxonomy's words for the kinds of service that answer each need, and the needs an
editor set on the service (`needs:`), which always win."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from ..catalog.taxonomy import needs_taxonomy
from .knowledge import Knowledge, keep, kept_file, knowledge_of, read_kept
from .lexicon import settings
from .needs import NeedsModel, embed_passages, needs_model
from .tokens import PhraseIndex, Tokens, compile_phrase, split_words


SERVICE_TEXT_LIMIT = 300  # characters: the sentence encoder's cost grows with the text


def prepare_assistant(catalog, kept_in: Path | None = None, catalog_version: str | None = None) -> None:
    """Work out what the assistant knows of a catalogue, and its services' needs, ahead of any message;
    with a folder and the catalogue's version, read back what was kept there or keep it there."""
    kept = kept_file(kept_in, catalog_version) if kept_in and catalog_version else None
    if kept is not None and read_kept(catalog, kept) is not None:
        return
    knowledge = knowledge_of(catalog)
    _need_postings(knowledge, needs_model())
    service_meanings(knowledge)
    if kept is not None:
        keep(knowledge, kept)


def service_needs(knowledge: Knowledge, model: NeedsModel) -> dict:
    """service id -> {need id: strength in 0..1}, built once per catalogue."""
    links = knowledge.extras.get("service_needs")
    if links is None:
        links = knowledge.extras["service_needs"] = _links(knowledge, model)
    return links


def service_meanings(knowledge: Knowledge) -> tuple[dict, np.ndarray]:
    """What each service is about as a sentence embedding (float16), for reading a message's meaning
    against it directly: service id -> row, and the rows (services that read the same share one)."""
    found = knowledge.extras.get("service_meanings")
    if found is None:
        catalog = knowledge.catalog
        services = [service for service in catalog.services.values() if service.offered]
        texts = [_service_text(catalog, service) for service in services]
        distinct = list(dict.fromkeys(texts))
        vectors = embed_passages(distinct).astype(np.float16) if distinct else np.zeros((0, 0), np.float16)
        row_of = {text: row for row, text in enumerate(distinct)}
        rows = {service.id: row_of[text] for service, text in zip(services, texts)}
        found = knowledge.extras["service_meanings"] = (rows, vectors)
    return found


def closeness(knowledge: Knowledge, understanding):
    """service ids -> how close each service reads to the message's meaning (cosine), or None without one;
    a service whose editor set the message's likeliest need reads as close as the closest (editors win)."""
    if understanding.meaning is None:
        return None
    rows, vectors = service_meanings(knowledge)
    services = knowledge.catalog.services

    def of(service_ids: list) -> np.ndarray:
        cosines = vectors[[rows[service_id] for service_id in service_ids]].astype(np.float32) @ understanding.meaning
        told = np.array([understanding.need in services[service_id].needs for service_id in service_ids])
        cosines[told] = cosines.max()
        return cosines
    return of


def need_scores(knowledge: Knowledge, model: NeedsModel, needs: dict, district: str | None = None) -> dict:
    """service id -> how well it answers the message's needs (their probabilities times the links),
    among the services of the person's district when it is known."""
    minimum = settings()["needs"]["min_probability"]
    postings = _need_postings(knowledge, model)
    scores = defaultdict(float)
    for need_id, probability in needs.items():
        if probability < minimum:
            break  # best first
        by_district = postings.get(need_id, {})
        for district_id in [district] if district else by_district:
            for service_id, strength in by_district.get(district_id, ()):
                scores[service_id] += probability * strength
    return dict(scores)


def _need_postings(knowledge: Knowledge, model: NeedsModel) -> dict:
    """need id -> district id -> [(service id, strength)]: a message weighs only its likely needs."""
    postings = knowledge.extras.get("need_postings")
    if postings is None:
        postings = defaultdict(lambda: defaultdict(list))
        services = knowledge.catalog.services
        for service_id, linked in service_needs(knowledge, model).items():
            for need_id, strength in linked.items():
                postings[need_id][services[service_id].district].append((service_id, strength))
        postings = knowledge.extras["need_postings"] = {need: dict(found) for need, found in postings.items()}
    return postings


def _links(knowledge: Knowledge, model: NeedsModel) -> dict:
    catalog = knowledge.catalog
    services = [service for service in catalog.services.values() if service.offered]
    if not services:
        return {}
    options = settings()["needs"]
    read = _model_links(catalog, services, model)
    named = _phrase_links(catalog, services)
    links = {}
    for row, service in enumerate(services):
        combined = {}
        for column, need_id in enumerate(model.need_ids):
            share = options["model_share"]
            strength = share * read[row, column] + (1 - share) * named[row].get(need_id, 0.0)
            if strength >= options["min_link"]:
                combined[need_id] = float(strength)
        for need_id in service.needs:
            combined[need_id] = 1.0
        links[service.id] = combined
    return links


def _service_text(catalog, service) -> str:
    """The service as the model reads it: its Italian name, summary and keywords, and its groups."""
    parts = [service.name.get("it"), service.summary.get("it")] + list(service.keywords.get("it"))[:8]
    for table, ids in ((catalog.audiences, service.audiences), (catalog.categories, service.categories)):
        parts += [table[item].name.get("it") for item in ids if item in table]
    return ". ".join(parts)[:SERVICE_TEXT_LIMIT]


def _model_links(catalog, services, model: NeedsModel) -> np.ndarray:
    """The model's reading of each service, each row scaled so its best need is 1 (services that read
    the same, as in a region's districts, are read once)."""
    texts = [_service_text(catalog, service) for service in services]
    distinct = list(dict.fromkeys(texts))
    probabilities = model.need_probabilities(distinct)
    probabilities = probabilities / probabilities.max(axis=1, keepdims=True)
    row_of = {text: row for row, text in enumerate(distinct)}
    return probabilities[[row_of[text] for text in texts]]


def _phrase_links(catalog, services) -> list[dict]:
    """For each service, the needs whose service words it uses (in its name most, then keywords, then
    summary), words shared by many needs counting less; each row scaled so its best need is 1."""
    index = PhraseIndex()
    needs_of_phrase = defaultdict(set)
    for need in needs_taxonomy().values():
        for words in need.answered_by:
            needs_of_phrase[words].add(need.id)
    for words, need_ids in needs_of_phrase.items():
        phrase = compile_phrase(words, gap=1)
        if phrase is not None and (phrase.size > 1 or len(need_ids) == 1):  # "casa" alone says no need
            for need_id in need_ids:
                index.add(phrase, need_id)
    field_weights = {"name": 3.0, "keywords": 2.0, "summary": 1.0, "groups": 0.5}
    rows = []
    for service in services:
        found = defaultdict(float)
        for field_name, texts in _fields(catalog, service).items():
            for text in texts:
                for phrase, _, need_ids in index.found(Tokens.of(split_words(text))):
                    for need_id in set(need_ids):
                        found[need_id] = max(found[need_id], field_weights[field_name] / len(set(need_ids)) ** 0.5)
        top = max(found.values(), default=0.0)
        rows.append({need_id: weight / top for need_id, weight in found.items()} if top else {})
    return rows


def _fields(catalog, service) -> dict:
    groups = [catalog.categories[c].name.get("it") for c in service.categories if c in catalog.categories]
    return {"name": [value for _, value in service.name.values], "keywords": service.keywords.all(),
            "summary": [value for _, value in service.summary.values], "groups": groups}
