"""What to ask next, and how to say what was understood. Questions are Italian source strings marked
with N_ (so pybabel extracts them) and translated by the `translate` callable the caller passes in."""
from __future__ import annotations

from .answer import FollowUp, Option
from .knowledge import Knowledge
from .lexicon import settings
from .ranking import Known


def N_(text: str) -> str:
    """Marks a string for translation; `translate` turns it into the person's language later."""
    return text


QUESTIONS = {
    "comune": N_("In quale comune abiti? Così ti dico a quale sportello andare."),
    "audience": N_("Per chi è l'aiuto?"),
    "category": N_("Che tipo di aiuto cerchi?"),
}
UNDERSTOOD = N_("Ho capito: %(what)s")


def next_question(knowledge: Knowledge, known: Known, service_ids: list, asked: list, lang: str,
                  translate, general: bool = False) -> FollowUp | None:
    """The missing slot that matters most, or None. While the comune is unknown it is asked for (up to
    `max_comune_questions` times), whatever the services: it decides the door, the hours and what is
    offered there. When nothing fits yet, or the person only asks what help there is (`general`), what
    kind of help and for whom."""
    limits = settings()["dialogue"]
    catalog = knowledge.catalog
    services = [catalog.services[service_id] for service_id in service_ids]
    if services and not known.comune and asked.count("comune") < limits["max_comune_questions"]:
        return _question("comune", _comune_options(catalog, services, known), translate)
    if (services and not general) or len(asked) >= limits["max_questions"]:
        return None
    if not known.category and "category" not in asked:
        return _question("category", _category_options(catalog, known, lang), translate)
    if not known.audience and "audience" not in asked:
        return _question("audience", _audience_options(catalog, known, lang), translate)
    return None


def _question(slot: str, options: list, translate) -> FollowUp | None:
    if len(options) < 2:
        return None
    return FollowUp(slot, translate(QUESTIONS[slot]), tuple(options))


def _districts(catalog, services, known) -> set:
    if known.district:
        return {known.district}
    return {service.district for service in services} or set(catalog.districts)


def _comune_options(catalog, services, known) -> list:
    districts = _districts(catalog, services, known)
    comuni = sorted((c for c in catalog.comuni.values() if c.district in districts), key=lambda c: c.name)
    return [Option(comune.id, comune.name) for comune in comuni]


def _category_options(catalog, known, lang) -> list:
    districts = _districts(catalog, [], known)
    return [Option(c.id, c.name.get(lang)) for c in catalog.categories.values() if c.district in districts]


def _audience_options(catalog, known, lang) -> list:
    districts = _districts(catalog, [], known)
    return [Option(a.id, a.name.get(lang)) for a in catalog.audiences.values() if a.district in districts]


def understood_sentence(catalog, known: Known, lang: str, translate) -> str | None:
    parts = []
    if known.audience:
        parts.append(catalog.audiences[known.audience].name.get(lang).lower())
    if known.comune:
        parts.append(catalog.comuni[known.comune].name)
    if known.category:
        parts.append(catalog.categories[known.category].name.get(lang).lower())
    if not parts:
        return None
    return translate(UNDERSTOOD) % {"what": ", ".join(parts)}
