"""'Segnala un errore': a citizen taps what is wrong on a service's or a door's page; it is counted."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, url_for

from ..i18n import localized_route
from ..reports import PROBLEMS, ReportStore
from ..views import catalog

blueprint = Blueprint("reports", __name__)
PAGES = {"servizio": ("service", "services", "pages.service", "service_id"),
         "accesso": ("access_point", "access_points", "pages.access_point", "access_point_id")}


def report_store() -> ReportStore:
    return current_app.extensions["finder_reports"]


def init_app(app) -> None:
    app.extensions["finder_reports"] = ReportStore(app.config["FINDER_REPORTS"])


@localized_route(blueprint, "/segnala/<page_kind>/<item_id>", methods=["POST"])
def report(page_kind, item_id):
    if page_kind not in PAGES:
        abort(404)
    item_kind, attribute, endpoint, parameter = PAGES[page_kind]
    if item_id not in getattr(catalog(), attribute):
        abort(404)
    problem = request.form.get("problema", "")
    if problem not in PROBLEMS:
        abort(400)
    report_store().add(item_kind, item_id, problem)
    return redirect(url_for(endpoint, **{parameter: item_id}, segnalazione="grazie") + "#segnala", code=303)
