"""My list (`/lista`): the services a person keeps, with no account. The list lives in the URL (a link or a
bookmark brings it back without JavaScript) and, with JavaScript, in the browser's own storage; nothing is
kept on the server. A kiosk has none: a shared screen must forget."""
from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from ..i18n import localized_route
from ..qr import public_url, qr_svg, share_links
from ..views import render, render_sheet
from .arguments import read_service_ids

blueprint = Blueprint("mylist", __name__)


@localized_route(blueprint, "/lista", kiosk=False)
def show():
    services, unknown_ids = read_service_ids(request.args)
    ids = [service.id for service in services]
    list_url = public_url(url_for("mylist.show", servizi=",".join(ids) or None))
    return render("mylist.html", services=services, ids=ids, unknown_ids=unknown_ids,
                  restore="servizi" not in request.args,  # with JavaScript: the list kept in this browser
                  qr=qr_svg(list_url, _("Codice QR della tua lista")) if services else "",
                  share=share_links(list_url) if services else None)


@localized_route(blueprint, "/lista/foglio", kiosk=False)
def sheet():
    services, unknown_ids = read_service_ids(request.args)
    ids = ",".join(service.id for service in services) or None
    return render_sheet(services, unknown_ids, None, public_url(url_for("mylist.sheet", servizi=ids)),
                        back_url=url_for("mylist.show", servizi=ids or ""), back_label=_("Torna alla tua lista"))


@blueprint.app_template_global()
def list_with(ids: list, service_id: str) -> str:
    """The list's address with one more service (the plain link behind "Aggiungi alla mia lista")."""
    return url_for("mylist.show", servizi=",".join([*ids, service_id]) if service_id not in ids else ",".join(ids))


@blueprint.app_template_global()
def list_without(ids: list, service_id: str) -> str:
    return url_for("mylist.show", servizi=",".join(kept for kept in ids if kept != service_id))
