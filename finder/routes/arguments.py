"""Reading the query arguments that several pages share: the search box and the list filters."""
from __future__ import annotations

from flask import request

from ..views import catalog

MAX_QUERY_LENGTH = 200


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
