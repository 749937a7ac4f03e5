"""The guided questions, derived from the catalogue: who, where, what; then the services and doors."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .catalog import Catalog
from .eligibility import UNLIKELY, eligibility
from .model import AccessPoint, Comune, Service
from .text import fold

COMUNE_MATCH_CUTOFF = 75
ISEE_UNKNOWN = "non-lo-so"


@dataclass
class Match:
    service: Service
    door: AccessPoint | None
    eligibility: str | None = None  # finder.catalog.eligibility: what the person's age and ISEE suggest


@dataclass
class Refiners:
    """Optional questions offered on the results page, only where they change the answer."""
    ask_age: bool
    ask_isee: bool
    isee_bands: list  # euro ceilings found among the services, ascending


def comuni_for(catalog: Catalog, audience: str | None = None) -> list[Comune]:
    """The comuni of the audience's district (all of them when the audience is not known)."""
    district = catalog.audiences[audience].district if audience in catalog.audiences else None
    return catalog.of_district("comuni", district)


def audiences_for(catalog: Catalog, comune: str | None = None) -> list:
    """The audiences of the comune's district (all of them when the comune is not known)."""
    district = catalog.comuni[comune].district if comune in catalog.comuni else None
    return catalog.of_district("audiences", district)


def find_comune(catalog: Catalog, typed: str, comuni: list[Comune] | None = None) -> list[Comune]:
    """Comuni whose name or alias is close to what was typed, best first (typos allowed)."""
    comuni = comuni if comuni is not None else list(catalog.comuni.values())
    choices = {(comune.id, name): fold(name) for comune in comuni for name in (comune.name, *comune.aliases)}
    found = process.extract(fold(typed), choices, scorer=fuzz.WRatio, score_cutoff=COMUNE_MATCH_CUTOFF, limit=10)
    ordered = []
    for _, _, (comune_id, _) in found:
        if comune_id not in ordered:
            ordered.append(comune_id)
    return [catalog.comuni[comune_id] for comune_id in ordered]


def categories_for(catalog: Catalog, audience: str, comune: str) -> list:
    """Only the kinds of help that lead to at least one service for this person in this comune."""
    offered = catalog.services_for(audience=audience, comune=comune)
    useful = {category for service in offered for category in service.categories}
    return [category for category in catalog.categories.values() if category.id in useful]


def results(catalog: Catalog, audience: str, comune: str, category: str,
            age: int | None = None, isee: float | None = None, isee_unknown: bool = False) -> list[Match]:
    """The services for this person, best first, each with the door to knock on in that comune; those
    their age or ISEE probably rules out come last, said so, never hidden."""
    resident = catalog.comuni[comune]
    matches = [Match(service, catalog.door_for(service, resident), eligibility(service, age, isee, isee_unknown))
               for service in catalog.services_for(audience=audience, comune=comune, category=category)]
    matches.sort(key=lambda match: (match.eligibility == UNLIKELY, _rank(match.service, audience, category)))
    return matches


def _rank(service: Service, audience: str, category: str) -> tuple:
    """Services made for exactly this person and this need come before the broad ones."""
    return (service.categories.index(category), len(service.audiences), len(service.categories),
            str(service.name))


def refiners(catalog: Catalog, audience: str, comune: str, category: str) -> Refiners:
    candidates = catalog.services_for(audience=audience, comune=comune, category=category)
    ages = {(service.age.min, service.age.max) if service.age else None for service in candidates}
    ceilings = sorted({service.isee_max for service in candidates if service.isee_max is not None})
    return Refiners(ask_age=len(ages) > 1, ask_isee=bool(ceilings), isee_bands=ceilings)


def first_path_with(catalog: Catalog, min_services: int) -> dict | None:
    """The first audience/comune/category answers that lead to at least `min_services` services."""
    for audience in catalog.audiences:
        for comune in comuni_for(catalog, audience):
            for category in categories_for(catalog, audience, comune.id):
                if len(results(catalog, audience, comune.id, category.id)) >= min_services:
                    return {"audience": audience, "comune": comune.id, "category": category.id}
    return None


def fallback_doors(catalog: Catalog, comune: str) -> list[AccessPoint]:
    """When nothing fits: the comune's own door, which always helps, and the Ufficio di Piano."""
    resident = catalog.comuni[comune]
    doors = [catalog.access_points[resident.access_point]]
    office = catalog.office_of(resident.district)
    if office is not None and office not in doors:
        doors.append(office)
    return doors
