"""The search page's answer: services by meaning first (what the assistant understands of the words),
then services whose own name, keywords or summary hold the words, and nothing that only shares a
common word or a stem's first letters. No web in here."""
from __future__ import annotations

from .assistant import ask
from .catalog.catalog import Catalog
from .catalog.model import Service

AND_BONUS = 100.0  # SearchIndex.rank adds it when every word matched
MIN_WORD_SCORE = 1.5  # bm25 below this the words appear only in passing (a long text, a stem's prefix)
RELATIVE_WORD_SCORE = 0.4  # and below this share of the best match's score
MAX_RESULTS = 10
CLEAR_NEED = 0.5  # a word or two: their meaning counts when the model's top need is likelier than all the others
RANK_OFFSET = 1  # reciprocal rank fusion: 1 / (RANK_OFFSET + rank) from each list, summed


def find_services(catalog: Catalog, index, query: str, lang: str = "it") -> list[Service]:
    """The services a search for `query` shows, best first, at most MAX_RESULTS."""
    by_meaning = _understood(catalog, index, query, lang)
    by_words = _words_that_matter(index.rank(query), understood=bool(by_meaning))
    fused: dict[str, float] = {}
    for ranking in (by_meaning, by_words):
        for rank, service_id in enumerate(ranking, start=1):
            fused[service_id] = fused.get(service_id, 0.0) + 1 / (RANK_OFFSET + rank)
    best_first = sorted(fused, key=lambda service_id: -fused[service_id])
    found = [catalog.services[service_id] for service_id in best_first if service_id in catalog.services]
    return [service for service in found if service.listed][:MAX_RESULTS]


def _understood(catalog: Catalog, index, query: str, lang: str) -> list[str]:
    """The assistant's services for these words, then every service for whom and what it understood."""
    answer = ask(catalog, index, query, lang=lang)
    if answer.emergency:
        return list(answer.services)
    if not (answer.audience or answer.category):
        return list(answer.services) if answer.need_probability >= CLEAR_NEED else []
    fitting = catalog.services_for(audience=answer.audience, category=answer.category, offered_only=False)
    return list(dict.fromkeys(list(answer.services) + [service.id for service in fitting]))


def _words_that_matter(ranked: list[tuple[str, float]], understood: bool) -> list[str]:
    """The full-text results close enough to the best one, and when the words were understood, only those
    where the words really stand: the cut-off instead of listing everything."""
    strengths = {service_id: score % AND_BONUS for service_id, score in ranked}
    cutoff = max([RELATIVE_WORD_SCORE * strength for strength in strengths.values()], default=0.0)
    if understood:
        cutoff = max(cutoff, MIN_WORD_SCORE)
    return [service_id for service_id, strength in strengths.items() if strength >= cutoff]
