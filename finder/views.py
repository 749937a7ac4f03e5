"""What every view works with: the catalogue loaded for this request, its search index, and `render`,
which gives the whole page or, when htmx asks, only its main part (both from one template)."""
from __future__ import annotations

from flask import current_app, g, render_template
from flask_babel import force_locale, gettext as _
from flask_htmx import HTMX
from markupsafe import Markup

from .catalog.guided import Match
from .content import Content
from .i18n import DEFAULT_LANGUAGE
from .qr import qr_svg, share_links

htmx = HTMX()


def content() -> Content:
    return current_app.extensions["finder_content"]


def catalog():
    return g.loaded.catalog


def search_index():
    return g.loaded.index


def is_partial() -> bool:
    """True when htmx asks for a piece of page (not on a history restore, which needs the whole page)."""
    return bool(htmx) and not htmx.history_restore_request


def render(template: str, **context) -> str:
    """The full page, or only its main part when htmx asked for it: both come from one template."""
    return render_template(template, partial=is_partial(), **context)


def render_sheet(services: list, unknown_ids: list, comune, sheet_url: str, back_url: str, back_label: str) -> str:
    """Chosen services (the desk's basket, a person's list) as one printable sheet with a QR code of itself."""
    notes = []
    if unknown_ids:
        notes.append(_("Alcuni servizi scelti non sono più nel catalogo e non sono nel foglio."))
    if not services:
        notes.append(_("Nessun servizio scelto: torna all'elenco e spunta i servizi da mettere nel foglio."))
    return render("sheet.html", matches=[Match(service, catalog().door_for(service, comune)) for service in services],
                  comune=comune, fallback=[], qr=qr_svg(sheet_url, _("Codice QR di questo foglio")),
                  page_url=sheet_url, notes=notes, back_label=back_label, back_url=back_url,
                  share=share_links(sheet_url))


def in_italian(macro, *args, **kwargs) -> Markup:
    """A piece of page drawn in Italian whatever the page's language (the sheet's second column, to show
    at an Italian desk): the same macro, called with the Italian texts and strings."""
    page_language = g.lang
    g.lang = DEFAULT_LANGUAGE
    try:
        with force_locale(DEFAULT_LANGUAGE):
            return Markup(macro(*args, **kwargs))
    finally:
        g.lang = page_language
