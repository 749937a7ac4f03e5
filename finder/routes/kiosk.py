"""The kiosk (`/chiosco`): the same pages on a shared touch screen in a town hall.

The pages themselves come from the other blueprints (every route is also registered under `/chiosco`);
this module adds what only the kiosk needs: the end of a session, which wipes the browser and returns to
the attract screen, and the helpers templates use to hand a page over to a phone.
"""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from ..i18n import DEFAULT_LANGUAGE, KIOSK_MODE, in_kiosk
from ..qr import ShareLinks, public_url, qr_svg, share_links

blueprint = Blueprint("kiosk", __name__)
# Pages worth taking to the phone: a service, a door, a list. Not the questions on the way; the guided
# results have their own QR code, made for the ordinary page too (guide.py).
HANDOFF_ENDPOINTS = {"pages.service", "pages.services", "pages.search", "pages.comune", "pages.access_point"}


@blueprint.route("/<mode:mode>/fine")
@blueprint.route("/<lang:lang>/<mode:mode>/fine")
def end():
    """The end of a kiosk session: the browser forgets everything and the attract screen comes back.
    Reached by the idle timer, the "Ho finito" button and the chat's quick exit."""
    response = redirect(url_for("pages.home", lang=DEFAULT_LANGUAGE, mode=KIOSK_MODE))
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


def kiosk_reset_url() -> str:
    """Where to send the kiosk to end the session (the chat's quick exit uses it too)."""
    return url_for("kiosk.end", lang=DEFAULT_LANGUAGE, mode=KIOSK_MODE)


def kiosk_settings() -> dict:
    """What kiosk.js needs, as `data-` attributes on <body> (no inline script under our CSP)."""
    config = current_app.config
    return {"data-kiosk-idle": int(config["FINDER_KIOSK_IDLE_SECONDS"]),
            "data-kiosk-countdown": int(config["FINDER_KIOSK_COUNTDOWN_SECONDS"]),
            "data-kiosk-reset": kiosk_reset_url(),
            "data-kiosk-home": url_for("pages.home", lang=DEFAULT_LANGUAGE, mode=KIOSK_MODE)}


def can_print() -> bool:
    """Outside the kiosk people print with their own browser; a kiosk prints only if it has a printer."""
    return not in_kiosk() or bool(current_app.config["FINDER_KIOSK_PRINTER"])


def same_page_url(**changes) -> str:
    """This page's address with some parts changed: `lang="en"` for the language switch, `mode=None`
    for the ordinary page a phone should open."""
    if request.endpoint is None or request.endpoint == "static":
        return url_for("pages.home", **changes)
    values = dict(request.view_args or {})
    values.update(request.args.to_dict(flat=False))
    values.update(changes)
    return url_for(request.endpoint, **values)


def handoff_wanted() -> bool:
    if not in_kiosk():
        return False
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") not in (None, "main"):
        return False  # htmx replaces only a part of the page (live search): the QR below stays
    return request.endpoint in HANDOFF_ENDPOINTS


def handoff_qr() -> Markup:
    """The QR code of the ordinary page (not the kiosk's), in this language, at the public address."""
    return qr_svg(public_url(same_page_url(mode=None)), _("Codice QR di questa pagina"))


def handoff_share() -> ShareLinks:
    """The same page sent through the person's own WhatsApp: a code they scan opens it with the link."""
    return share_links(public_url(same_page_url(mode=None)))


TEMPLATE_GLOBALS = {"in_kiosk": in_kiosk, "kiosk_reset_url": kiosk_reset_url, "kiosk_settings": kiosk_settings,
                    "can_print": can_print, "same_page_url": same_page_url, "handoff_wanted": handoff_wanted,
                    "handoff_qr": handoff_qr, "handoff_share": handoff_share}


@blueprint.record_once
def _add_template_globals(state):
    state.app.jinja_env.globals.update(TEMPLATE_GLOBALS)
