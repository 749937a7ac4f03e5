"""The front desk (`/operatore`): the same public catalogue, dense and keyboard-first, for the staff of the
segretariato sociale. The basket of chosen services lives in the URL; nothing is stored on the server."""
from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from ..counting import count
from ..i18n import localized_route
from ..qr import public_url
from ..views import catalog, render, render_sheet, search_index
from .arguments import read_district, read_filters, read_query, read_service_ids

blueprint = Blueprint("desk", __name__)


def _matching(query: str, chosen: dict, district: str | None) -> list:
    filtered = catalog().listed_for(**chosen, district=district)
    if not query:
        return filtered
    allowed = {service.id: service for service in filtered}
    return [allowed[service_id] for service_id, _ in search_index().rank(query) if service_id in allowed]


def _doors(comune_id: str | None, district: str | None) -> list:
    """The access points to show: those of the chosen comune (its own door first), else the district's."""
    points = catalog().of_district("access_points", district)
    if comune_id is None:
        return points
    own = catalog().access_points[catalog().comuni[comune_id].access_point]
    return [own] + [point for point in points if point.comune == comune_id and point is not own]


@localized_route(blueprint, "/operatore", kiosk=False)
def desk():
    query = read_query()
    chosen, unknown_filters = read_filters(("audience", "audiences"), ("category", "categories"),
                                           ("comune", "comuni"))
    basket, unknown_ids = read_service_ids(request.args)
    district = read_district(chosen) or next(iter(catalog().districts))  # a front desk works for one district
    return render("desk/desk.html", query=query, chosen=chosen, unknown_filters=unknown_filters, district=district,
                  services=_matching(query, chosen, district), basket=basket, unknown_ids=unknown_ids,
                  doors=_doors(chosen["comune"], district))


@localized_route(blueprint, "/operatore/foglio", kiosk=False)
def sheet():
    """The basket as one printable sheet (the guided results' template), with a QR code of itself."""
    basket, unknown_ids = read_service_ids(request.args)
    comune = catalog().comuni.get(request.args.get("comune", "").strip())
    params = {"servizi": ",".join(service.id for service in basket) or None,
              "comune": comune.id if comune else None}
    count("sheet", "services" if basket else "nothing", comune=comune.id if comune else None, desk=True)
    sheet_url = public_url(url_for("desk.sheet", **params))
    return render_sheet(basket, unknown_ids, comune, sheet_url, back_label=_("Torna all'elenco"),
                        back_url=url_for("desk.desk", servizi=[service.id for service in basket] or None,
                                         comune=comune.id if comune else None))
