"""What every view works with: the catalogue loaded for this request, its search index, and `render`,
which gives the whole page or, when htmx asks, only its main part (both from one template)."""
from __future__ import annotations

from flask import current_app, g, render_template
from flask_htmx import HTMX

from .content import Content

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
