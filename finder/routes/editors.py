"""For editors: what is live and since when, what is wrong, what needs care, and what citizens report."""
from datetime import datetime

from flask import Blueprint, url_for
from flask_babel import format_datetime

from ..catalog.care import care_list
from ..catalog.messages import editor_language
from ..i18n import localized_route
from ..presenting import local
from ..views import content, render
from .reports import report_store

blueprint = Blueprint("editors", __name__)


@localized_route(blueprint, "/stato", kiosk=False)
def status():
    holder = content()
    loaded = holder.current()
    failed_at, last_errors = holder.last_failure or (None, [])
    with editor_language(holder.language):  # the problems in the editors' language, the page in the reader's
        return render("status.html", holder=holder, loaded=loaded, editor_language=holder.language,
                      live_since=_when(loaded.loaded_at) if loaded else None,
                      failed_at=_when(failed_at) if failed_at else None, last_errors=last_errors,
                      care=care_list(loaded.catalog) if loaded else [],
                      reports=[(report, _reported_page(loaded, report)) for report in report_store().totals()])


def _when(timestamp: float) -> str:
    return format_datetime(datetime.fromtimestamp(timestamp), "short")


def _reported_page(loaded, report):
    """(name, url) of the reported service or door, or None when it is no longer in the catalogue."""
    if loaded is None:
        return None
    if report.item_kind == "service" and report.item_id in loaded.catalog.services:
        return (local(loaded.catalog.services[report.item_id].name),
                url_for("pages.service", service_id=report.item_id))
    if report.item_kind == "access_point" and report.item_id in loaded.catalog.access_points:
        return (local(loaded.catalog.access_points[report.item_id].name),
                url_for("pages.access_point", access_point_id=report.item_id))
    return None
