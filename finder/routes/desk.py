"""The front desk (`/operatore`): the same public catalogue, dense and keyboard-first, for the staff of the
segretariato sociale. The basket of chosen services lives in the URL; nothing is stored on the server."""
from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from ..catalog.guided import Match
from ..counting import count
from ..i18n import localized_route
from ..qr import public_url, qr_svg
from ..views import catalog, render, search_index
from .arguments import read_district, read_filters, read_query

blueprint = Blueprint("desk", __name__)
MAX_BASKET = 40  # more than any sheet can hold; a longer list in a URL is not a person's basket


def read_basket(args) -> tuple[list, list]:
    """The chosen services, from `servizi=a,b` or `servizi=a&servizi=b`; ids that are not (or no
    longer) listed come back apart, for a polite note."""
    ids = []
    for value in args.getlist("servizi"):
        for service_id in value.split(","):
            service_id = service_id.strip()[:100]
            if service_id and service_id not in ids:
                ids.append(service_id)
    services, unknown = [], []
    for service_id in ids[:MAX_BASKET]:
        found = catalog().services.get(service_id)
        if found is not None and found.listed:
            services.append(found)
        else:
            unknown.append(service_id)
    return services, unknown


def _matching(query: str, chosen: dict, district: str | None) -> list:
    filtered = catalog().services_for(**chosen, district=district, offered_only=False)
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
    basket, unknown_ids = read_basket(request.args)
    district = read_district(chosen) or next(iter(catalog().districts))  # a front desk works for one district
    return render("desk/desk.html", query=query, chosen=chosen, unknown_filters=unknown_filters, district=district,
                  services=_matching(query, chosen, district), basket=basket, unknown_ids=unknown_ids,
                  doors=_doors(chosen["comune"], district))


@localized_route(blueprint, "/operatore/foglio", kiosk=False)
def sheet():
    """The basket as one printable sheet (the guided results' template), with a QR code of itself."""
    basket, unknown_ids = read_basket(request.args)
    comune = catalog().comuni.get(request.args.get("comune", "").strip())
    params = {"servizi": ",".join(service.id for service in basket) or None,
              "comune": comune.id if comune else None}
    count("sheet", "services" if basket else "nothing", comune=comune.id if comune else None, desk=True)
    sheet_url = public_url(url_for("desk.sheet", **params))
    notes = []
    if unknown_ids:
        notes.append(_("Alcuni servizi scelti non sono più nel catalogo e non sono nel foglio."))
    if not basket:
        notes.append(_("Nessun servizio scelto: torna all'elenco e spunta i servizi da mettere nel foglio."))
    return render("sheet.html", matches=[Match(service, catalog().door_for(service, comune)) for service in basket],
                  comune=comune, fallback=[], qr=qr_svg(sheet_url, _("Codice QR di questo foglio")),
                  page_url=sheet_url, notes=notes, back_label=_("Torna all'elenco"),
                  back_url=url_for("desk.desk", servizi=[service.id for service in basket] or None,
                                   comune=comune.id if comune else None))
