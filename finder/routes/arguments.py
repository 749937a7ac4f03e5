"""Reading the query arguments that several pages share: the search box and the list filters."""
from __future__ import annotations

from flask import abort, request

from ..views import catalog

MAX_QUERY_LENGTH = 200
LISTED_COMUNI = 100  # above this (a region, a country) a page asks for the comune's name instead of listing all
PAGE_SIZE = 50  # services on one page of a listing that is not scoped to one district


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
