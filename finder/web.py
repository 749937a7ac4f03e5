"""Wiring of the web site: extensions, the content holder, headers, errors, template helpers."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, current_app, g, render_template, request
from flask_babel import Babel
from flask_compress import Compress
from flask_htmx import HTMX
from werkzeug.exceptions import HTTPException

from . import counting, i18n
from .content import Content, content_paths
from .presenting import TEMPLATE_HELPERS

htmx = HTMX()
babel = Babel()
compress = Compress()

CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    i18n.init_app(app)
    babel.init_app(app, locale_selector=i18n.current_language, timezone_selector=lambda: "Europe/Rome")
    htmx.init_app(app)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)
    app.extensions["finder_content"] = Content(
        content_paths(app.config["FINDER_CONTENT"]), Path(app.config["FINDER_DATA"]),
        watch=app.config["FINDER_WATCH_CONTENT"])
    counting.init_app(app)
    app.jinja_env.globals.update(TEMPLATE_HELPERS)
    app.jinja_env.globals.update(languages=i18n.LANGUAGES, text_direction=i18n.text_direction, in_kiosk=i18n.in_kiosk,
                                 current_language=i18n.current_language, is_partial=is_partial)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.tests["is_fallback"] = TEMPLATE_HELPERS["is_fallback"]
    app.after_request(_set_headers)
    app.register_error_handler(HTTPException, _error_page)
    app.before_request(_load_catalog)

    from .routes import register
    register(app)


def content() -> Content:
    return current_app.extensions["finder_content"]


def catalog():
    return g.loaded.catalog


def search_index():
    return g.loaded.index


def _load_catalog():
    g.loaded = content().current()
    if g.loaded is None and request.endpoint not in ("static", "editors.status"):
        abort(503)


def is_partial() -> bool:
    """True when htmx asks for a piece of page (not on a history restore, which needs the whole page)."""
    return bool(htmx) and not htmx.history_restore_request


def render(template: str, **context) -> str:
    """The full page, or only its main part when htmx asked for it: both come from one template."""
    return render_template(template, partial=is_partial(), **context)


def _set_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    response.vary.add("HX-Request")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store" if request.method == "POST" else "no-cache")
    return response


def _error_page(error: HTTPException):
    if request.endpoint is None:  # no route matched: take the language (and the kiosk) from the path
        parts = request.path.strip("/").split("/")
        g.lang = parts[0] if parts[0] in i18n.PREFIXED else i18n.DEFAULT_LANGUAGE
        rest = parts[1:] if parts[0] in i18n.PREFIXED else parts
        g.mode = i18n.KIOSK_MODE if rest[:1] == [i18n.KIOSK_MODE] else None
    if not hasattr(g, "loaded"):
        g.loaded = content().current()
    return render_template("error.html", error=error, partial=False), error.code
