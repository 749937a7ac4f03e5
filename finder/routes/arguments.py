"""Reading the query arguments that several pages share: the search box and the list filters."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, request

from ..catalog.guided import ISEE_UNKNOWN
from ..views import catalog

MAX_QUERY_LENGTH = 200
MAX_AGE = 120
MAX_SERVICES_IN_URL = 40  # more than any sheet can hold; a longer list in a URL is not a person's list
LISTED_COMUNI = 100  # above this (a region, a country) a page asks for the comune's name instead of listing all
PAGE_SIZE = 50  # services on one page of a listing that is not scoped to one district


@dataclass
class AgeAndIsee:
    """What a person said of their age and ISEE band (`age=70`, `isee=8000`, `isee=non-lo-so`)."""
    age: int | None = None
    isee: float | None = None
    isee_unknown: bool = False
    problems: list = field(default_factory=list)  # "age", "isee": given but not readable


def read_age_and_isee(args) -> AgeAndIsee:
    said = AgeAndIsee()
    age = args.get("age", "").strip()
    if age:
        if age.isascii() and age.isdigit() and int(age) <= MAX_AGE:  # not '²', which isdigit() accepts
            said.age = int(age)
        else:
            said.problems.append("age")
    isee = args.get("isee", "").strip()
    if isee == ISEE_UNKNOWN:
        said.isee_unknown = True
    elif isee:
        try:
            said.isee = float(isee.replace(".", "").replace(",", "."))
        except ValueError:
            said.problems.append("isee")
    return said


def read_district(chosen: dict) -> str | None:
    """The district a listing is scoped to: `distretto=`, else the chosen comune's, else the only one."""
    current = catalog()
    value = request.args.get("distretto", "").strip()
    if value in current.districts:
        return value
    if chosen.get("comune"):
        return current.comuni[chosen["comune"]].district
    return next(iter(current.districts)) if len(current.districts) == 1 else None


def read_page(count: int) -> tuple[int, int]:
    """(this page, how many pages) for a listing of `count` items; 404 for a page that is not there."""
    pages = max(1, -(-count // PAGE_SIZE))
    value = request.args.get("pagina", "1").strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= pages:
        abort(404)
    return int(value), pages


def read_query() -> str:
    """What was typed in a search box, trimmed and cut to a sensible length."""
    return request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]


def read_filters(*names) -> tuple[dict, list]:
    """({parameter: id or None}, [parameters whose id the catalogue does not know]) for
    `("audience", "audiences")`-style pairs of a parameter and the catalogue's table of ids."""
    chosen, unknown = {}, []
    for parameter, attribute in names:
        value = request.args.get(parameter, "").strip()
        known = bool(value) and value in getattr(catalog(), attribute)
        chosen[parameter] = value if known else None
        if value and not known:
            unknown.append(parameter)
    return chosen, unknown


def read_service_ids(args) -> tuple[list, list]:
    """The chosen services (the desk's basket, a person's list), from `servizi=a,b` or `servizi=a&servizi=b`;
    ids that are not (or no longer) listed come back apart, for a polite note."""
    ids = []
    for value in args.getlist("servizi"):
        for service_id in value.split(","):
            service_id = service_id.strip()[:100]
            if service_id and service_id not in ids:
                ids.append(service_id)
    services, unknown = [], []
    for service_id in ids[:MAX_SERVICES_IN_URL]:
        found = catalog().services.get(service_id)
        if found is not None and found.listed:
            services.append(found)
        else:
            unknown.append(service_id)
    return services, unknown
