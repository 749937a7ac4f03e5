"""Wiring of the web site: extensions, the content holder, the one hook that sets every response header,
errors, template helpers, and the blueprints."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, g, render_template, request
from flask_babel import Babel, format_time
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

from . import caching, counting, i18n, protection, routes
from .assistant.lexicon import lexicon
from .content import Content, content_paths
from .presenting import TEMPLATE_HELPERS
from .routes.arguments import MAX_QUERY_LENGTH
from .views import content, htmx, in_italian, is_partial

babel = Babel()
compress = Compress()

CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# What a person wrote, or a page a shared screen showed, must not come back from a cache.
NO_STORE_BLUEPRINTS = {"chat"}


def init_app(app: Flask) -> None:
    caching.init_app(app)  # first: a repeat view is answered 304 before anything else (no cost to limit)
    protection.init_app(app)  # then: its limits run before any other work on a request
    i18n.init_app(app)
    babel.init_app(app, locale_selector=i18n.current_language, timezone_selector=lambda: "Europe/Rome")
    htmx.init_app(app)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)
    lexicon()  # the assistant's own data is checked at start: a mistake stops it with file:line
    app.extensions["finder_content"] = Content(
        content_paths(app.config["FINDER_CONTENT"]), Path(app.config["FINDER_DATA"]),
        watch=app.config["FINDER_WATCH_CONTENT"], language=app.config["FINDER_EDITOR_LANG"])
    counting.init_app(app)
    app.jinja_env.globals.update(TEMPLATE_HELPERS)
    app.jinja_env.globals.update(languages=i18n.LANGUAGES, text_direction=i18n.text_direction, in_kiosk=i18n.in_kiosk,
                                 current_language=i18n.current_language, is_partial=is_partial, in_italian=in_italian,
                                 max_query_length=MAX_QUERY_LENGTH)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.tests["is_fallback"] = TEMPLATE_HELPERS["is_fallback"]
    app.after_request(_set_headers)
    app.register_error_handler(HTTPException, _error_page)
    app.before_request(_load_catalog)
    routes.register(app)
    caching.cache_views(app)  # before the rate limits wrap the views: an answer from the cache still counts
    protection.limit_rates(app)


def _load_catalog():
    g.loaded = content().current()
    if g.loaded is None and request.endpoint not in ("static", "editors.status"):
        abort(503)


def _set_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    response.vary.add("HX-Request")
    if request.endpoint == "static":
        response.headers["Cache-Control"] = caching.static_cache_control()
    else:
        response.headers["Cache-Control"] = _cache_control()
        caching.tag_response(response)
    return response


def _cache_control() -> str:
    """A shared or borrowed phone must not bring a conversation back from its cache, and a kiosk page is
    never kept (going back after a reset must ask the server again); other pages are revalidated."""
    if request.method == "POST" or request.blueprint in NO_STORE_BLUEPRINTS or i18n.in_kiosk():
        return "no-store"
    return "no-cache"


def _error_page(error: HTTPException):
    if request.endpoint is None:  # no route matched: take the language (and the kiosk) from the path
        parts = request.path.strip("/").split("/")
        g.lang = parts[0] if parts[0] in i18n.PREFIXED else i18n.DEFAULT_LANGUAGE
        rest = parts[1:] if parts[0] in i18n.PREFIXED else parts
        g.mode = i18n.KIOSK_MODE if rest[:1] == [i18n.KIOSK_MODE] else None
    if not hasattr(g, "loaded"):
        g.loaded = content().current()
    retry_seconds = protection.seconds_until_retry() if error.code == 429 else None
    retry_at = format_time(protection.minute_after(retry_seconds), "HH:mm") if retry_seconds else None
    page = render_template("error.html", error=error, partial=False, retry_at=retry_at,
                           csrf_failed=protection.is_csrf_failure(error))
    return page, error.code, {"Retry-After": str(retry_seconds)} if retry_seconds else {}
