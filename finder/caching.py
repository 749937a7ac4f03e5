"""HTTP caching: a strong ETag for every public page, answered with a 304 before any work, a small render
cache for the pages nobody typed into (sent again, headers and compressed bytes as they were, before Flask
does any work), and static files fingerprinted so browsers keep them for a year.

A page is fully decided by its key: the release (templates, translations, code, static files, settings),
the catalogue's version, the URL, the language and mode, whether htmx asked for a piece of it, and, for a
page that shows "open now", the minute (for one that holds a signed form token, the hour). The key is known
before the page is drawn, so a repeat view costs a hash, not a render. A page learns that it depends on the
time while it is drawn (`depends_on_the_minute`); its tag then carries the minute, and a tag without one is
only ever given to pages that never depend on it."""
from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from functools import wraps
from pathlib import Path

from flask import Flask, current_app, g, make_response, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_etags, quote_etag
from werkzeug.wrappers import Request

from . import i18n
from .settings import PACKAGE_DIR, resource_dir

# Pages that are the same for everybody who asks for the same URL: the catalogue, the guided questions,
# the front desk, the pages about the site. Not the chat (what a person wrote), not /stato (it changes with
# a failed save), not pages behind a login.
CACHED_BLUEPRINTS = {"pages", "guide", "desk", "about"}
FREE_TEXT_PARAMETERS = ("q", "comune_q", "age", "isee")  # what a person typed stays out of the render cache
RENDER_CACHE_BYTES = 16 * 1024 * 1024  # per worker
STATIC_MAX_AGE = 365 * 24 * 3600
STATIC_VERSION = "v"
# What pages load (styles, scripts, fonts, images) gets an address per version; a document people link to
# (the API's openapi.yaml) keeps its plain address
FINGERPRINTED = (".css", ".js", ".woff2", ".woff", ".svg", ".png", ".ico")
PAGE_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")
MINUTE, HOUR = "%Y%m%d%H%M", "%Y%m%d%H"  # a page's period: the stamp its tag carries
SENDABLE_AGAIN = "finder.sendable_again"  # in the WSGI environ: (key, stamp, replays) of an answer sendable again


def init_app(app: Flask) -> None:
    """Before the other extensions wrap the app (a proxy's headers are read outside this)."""
    app.wsgi_app = CachedAnswers(app, app.wsgi_app)
    app.extensions["finder_release"] = release_digest(app)
    app.extensions["finder_render_cache"] = RenderCache(RENDER_CACHE_BYTES)
    app.extensions["finder_static_versions"] = {}
    app.url_defaults(_fingerprint_static)


def cache_views(app: Flask) -> None:
    """Once the routes are registered, before the rate limits wrap them (a cached answer still counts)."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.split(".")[0] in CACHED_BLUEPRINTS:
            app.view_functions[endpoint] = _answer_from_cache(view)


def depends_on_the_minute() -> None:
    """Called by whatever draws the time-dependent part of a page ("open now"): good for this minute."""
    g.page_period = MINUTE


def depends_on_the_hour() -> None:
    """Called by whatever puts something short-lived but not personal in a page (the forms' signed token,
    good for 12 hours): the page is drawn again every hour."""
    if getattr(g, "page_period", None) != MINUTE:
        g.page_period = HOUR


def depends_on_the_day() -> None:
    """Called by whatever draws what today's date decides (a service due for review, a door's coming
    closures or move): the hour's stamp, since Rome's midnight falls on the hour in UTC."""
    depends_on_the_hour()


def on_every_view(function, *arguments) -> None:
    """Called by whatever must run for every person who sees the page (the statistics' count of a guided
    result): when the page comes from the render cache, `function(*arguments)` runs again (a browser's own
    repeat view, answered 304, runs nothing)."""
    g.setdefault("page_replays", []).append((function, arguments))


# --- the key ---------------------------------------------------------------------------------------
def release_digest(app: Flask) -> str:
    """What the pages are drawn with, besides the catalogue: a new release or setting changes every tag."""
    digest = hashlib.sha256()
    folders = (resource_dir("templates"), resource_dir("translations"), PACKAGE_DIR)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".mo", ".py", ".css", ".js"):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    for name in sorted(key for key in app.config if key.startswith("FINDER_")):
        digest.update(f"{name}={app.config[name]!r}".encode())
    return digest.hexdigest()[:16]


def _page_key(app: Flask, version: str, asked: Request, endpoint: str) -> str:
    """The path holds the language and the mode; the host is in QR codes; htmx's headers pick a piece."""
    parts = [app.extensions["finder_release"], version, asked.host, asked.full_path]
    parts += [asked.headers.get(header, "") for header in PAGE_HEADERS]
    if endpoint == "pages.home":  # `/` sends a person to the language they chose or their browser asks for
        parts.append(i18n.preferred_language(asked))
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=12).hexdigest()


def _now(period: str) -> str:
    return time.strftime(period, time.gmtime())


def _stamps() -> set:
    """The stamps a page drawn now may carry: none, this minute's, this hour's."""
    return {None, _now(MINUTE), _now(HOUR)}


def _etag(key: str, stamp: str | None) -> str:
    return key if stamp is None else f"{key}-{stamp}"


# --- answering ------------------------------------------------------------------------------------
def _answer_from_cache(view):
    @wraps(view)
    def answered(*args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        key = _page_key(current_app, g.loaded.version, request, request.endpoint)
        g.page_key = key
        shared = not i18n.in_kiosk()  # a kiosk's pages are never kept by the browser: no tag to revalidate
        if shared:
            matched = _matching_tag(key, request.headers.get("If-None-Match"))
            if matched is not None:
                return _not_modified(matched)
        cached = _render_cache().get(key, _stamps()) if _render_cache_on() else None
        if cached is not None:
            stamp, (body, mimetype, replays) = cached
            _may_send_again(key, stamp, replays)
            for function, arguments in replays:
                function(*arguments)
            return current_app.response_class(body, mimetype=mimetype)
        response = make_response(view(*args, **kwargs))
        _remember(key, response)
        return response
    return answered


def _matching_tag(key: str, if_none_match: str | None) -> str | None:
    """The tag the browser holds, when it is this page's (with or without the content coding that
    flask-compress appends, `"tag:br"`)."""
    current = {_etag(key, stamp) for stamp in _stamps()}
    for tag in parse_etags(if_none_match).as_set():
        if tag.split(":", 1)[0] in current:
            return tag
    return None


def _not_modified(tag: str):
    response = current_app.response_class(status=304)
    response.set_etag(tag)
    return response


def _remember(key: str, response) -> None:
    if response.status_code != 200 or response.is_streamed:
        return
    period = getattr(g, "page_period", None)
    stamp = _now(period) if period else None
    g.page_etag = _etag(key, stamp)
    if _render_cache_on() and not any(request.args.get(name) for name in FREE_TEXT_PARAMETERS):
        body, replays = response.get_data(), tuple(g.get("page_replays", ()))
        _render_cache().put(key, stamp, (body, response.mimetype, replays), len(body))
        _may_send_again(key, stamp, replays)


def _may_send_again(key: str, stamp: str | None, replays: tuple) -> None:
    """Tells the WSGI layer it may send this answer again as it is (and what to run again each time it
    does): any page but those under a rate limit, which only the app can count."""
    if request.endpoint not in current_app.extensions.get("finder_rate_limited", ()):
        request.environ[SENDABLE_AGAIN] = (key, stamp, replays)


def tag_response(response) -> None:
    """The response's ETag, for pages drawn (or taken from the render cache) by `_answer_from_cache`."""
    if response.status_code == 200 and not i18n.in_kiosk() and "page_key" in g:
        if "page_etag" not in g:  # served from the render cache: its stamp (if any) is the current one
            g.page_etag = _render_cache().tag_of(g.page_key)
        if g.page_etag:
            response.set_etag(g.page_etag)


class CachedAnswers:
    """WSGI: what can be answered before Flask does any work (no request context, no hooks) is answered
    here. A repeat view whose tag is still its page's gets a 304 (the key needs only the URL, the
    catalogue's version and htmx's headers). A page nobody typed into and under no rate limit is sent
    again exactly as it was last sent (headers, compressed bytes) to whoever asks with the same headers
    that choose those bytes, the kiosk's pages too (the browser is never let keep them); what the page
    counts for the statistics is counted again."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.sent = RenderCache(RENDER_CACHE_BYTES)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        asked = Request(environ)
        page = self._page(asked)
        if page is not None:
            key, kiosk = page
            tag = None if kiosk else _matching_tag(key, asked.headers.get("If-None-Match"))
            if tag is not None:
                start_response("304 NOT MODIFIED", [("ETag", quote_etag(tag)), ("Cache-Control", "no-cache"),
                                                    ("Vary", "HX-Request, Accept-Encoding")])
                return []
            sent = None if self._signed_in(asked) else self.sent.get(_sent_key(key, environ), _stamps())
            if sent is not None:
                headers, body, replays = sent[1]
                if replays:
                    with self.app.app_context():
                        for function, arguments in replays:
                            function(*arguments)
                start_response("200 OK", list(headers))
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        return self._keeping(environ, start_response)

    def _page(self, asked: Request) -> tuple[str, bool] | None:
        """The page's key, and whether it is a kiosk's, for an address of a cached page."""
        try:
            endpoint, values = self.app.url_map.bind_to_environ(asked.environ).match()
        except HTTPException:
            return None
        if endpoint.split(".")[0] not in CACHED_BLUEPRINTS:
            return None
        loaded = self.app.extensions["finder_content"].current()
        if loaded is None:
            return None
        return _page_key(self.app, loaded.version, asked, endpoint), bool(values.get("mode"))

    def _signed_in(self, asked: Request) -> bool:
        """Staff go through the app, which keeps their login session alive."""
        names = (self.app.config["SESSION_COOKIE_NAME"], self.app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
        return any(name in asked.cookies for name in names)

    def _keeping(self, environ, start_response):
        """Lets Flask answer; keeps the answer when the view said it may be sent again as it is."""
        answered = {}

        def starting(status, headers, exc_info=None):
            answered.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, starting)
        page = environ.get(SENDABLE_AGAIN)
        if page is None or not answered.get("status", "").startswith("200") or environ["REQUEST_METHOD"] != "GET" \
                or any(name.lower() == "set-cookie" for name, _ in answered["headers"]):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        key, stamp, replays = page
        self.sent.put(_sent_key(key, environ), stamp, (tuple(answered["headers"]), data, replays), len(data))
        return [data]


def _sent_key(key: str, environ) -> str:
    """What else chooses the bytes sent: the content coding the browser accepts."""
    return f"{key}\x00{environ.get('HTTP_ACCEPT_ENCODING', '')}"


def _render_cache_on() -> bool:
    """On in every deployment; off by default under tests, which change constants and clocks between two
    requests for one address (`FINDER_RENDER_CACHE` in the config turns it on there)."""
    return current_app.config.get("FINDER_RENDER_CACHE", not current_app.testing)


def _render_cache() -> "RenderCache":
    return current_app.extensions["finder_render_cache"]


class RenderCache:
    """Pages by key, the least recently used dropped first once they hold more than `limit` bytes. A page
    that shows the time is good for the minute (or hour) it was drawn in."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.pages: OrderedDict[str, tuple] = OrderedDict()  # key -> (stamp, what is kept, its size)

    def get(self, key: str, current_stamps: set) -> tuple[str | None, object] | None:
        """The page's stamp and what was kept of it, while the stamp is current."""
        found = self.pages.get(key)
        if found is None or found[0] not in current_stamps:
            return None
        self.pages.move_to_end(key)
        return found[0], found[1]

    def tag_of(self, key: str) -> str | None:
        found = self.pages.get(key)
        return None if found is None else _etag(key, found[0])

    def put(self, key: str, stamp: str | None, kept, size: int) -> None:
        if size > self.limit // 8:
            return
        old = self.pages.pop(key, None)
        if old is not None:
            self.size -= old[2]
        self.pages[key] = (stamp, kept, size)
        self.size += size
        while self.size > self.limit:
            _, (_, _, dropped) = self.pages.popitem(last=False)
            self.size -= dropped


# --- static files ---------------------------------------------------------------------------------
def _fingerprint_static(endpoint, values) -> None:
    """`/static/finder.css?v=<digest of the file>`: a new file is a new address, so the old one may be
    kept for a year."""
    if endpoint == "static" and str(values.get("filename", "")).endswith(FINGERPRINTED) and STATIC_VERSION not in values:
        values[STATIC_VERSION] = _static_version(values["filename"])


def _static_version(filename: str) -> str:
    versions = current_app.extensions["finder_static_versions"]
    if filename not in versions:
        path = Path(current_app.static_folder) / filename
        versions[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else ""
    return versions[filename]


def static_cache_control() -> str:
    """A year, immutable, for the address that names the file's current digest; else revalidate."""
    filename = (request.view_args or {}).get("filename", "")
    if request.args.get(STATIC_VERSION) and request.args.get(STATIC_VERSION) == _static_version(filename):
        return f"public, max-age={STATIC_MAX_AGE}, immutable"
    return "no-cache"
