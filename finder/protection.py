"""A site open to anyone: limits checked before any work, a CSRF check on every POST, and per-client rate
limits on the pages that cost the most (the chat and the search).

The CSRF check needs no cookie (a kiosk must leave none, and a citizen's visit sets none): a POST must come
from this site (the browser's `Sec-Fetch-Site` and `Origin` say so; a cross-site form cannot forge them)
and carry the signed token of a form this site drew in the last hours (for browsers that send neither)."""
from __future__ import annotations

import ipaddress
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix

from .caching import depends_on_the_hour

MAX_REQUEST_BYTES = 64 * 1024  # the chat's longest message is 1,000 characters: no form needs more
MAX_PARAMETER_LENGTH = 8000  # as much as nginx lets through in a request line; each page reads less of it
MAX_PARAMETERS = 100

FORM_TOKEN_FIELD = "csrf_token"
FORM_TOKEN_MAX_AGE = 12 * 3600  # a chat may pause for hours; an older page is refused with a clear page
SAME_SITE_FETCHES = ("same-origin", "none")  # `none`: typed in the address bar or a bookmark

# endpoint -> (its limit's setting, the budget it shares, the methods counted)
RATE_LIMITED = {"chat.chat": ("FINDER_RATE_LIMIT_CHAT", "chat", ["POST"]),
                "pages.search": ("FINDER_RATE_LIMIT_SEARCH", "search", None),
                "desk.desk": ("FINDER_RATE_LIMIT_SEARCH", "search", None),
                "reports.report": ("FINDER_RATE_LIMIT_REPORTS", "reports", ["POST"])}


class CrossSiteRefused(BadRequest):
    """A POST that did not come from one of this site's own forms."""


DEFAULTS = {
    "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
    "MAX_FORM_MEMORY_SIZE": MAX_REQUEST_BYTES,
    "MAX_FORM_PARTS": 50,
    "RATELIMIT_HEADERS_ENABLED": False,  # the 429 page sets Retry-After itself (web._error_page)
}


def init_app(app: Flask) -> None:
    if app.config["FINDER_PROXIES"]:  # behind nginx: the client's address is the one nginx saw
        proxies = app.config["FINDER_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(refuse_oversized_query)
    app.before_request(refuse_cross_site_post)
    app.jinja_env.globals["csrf_token"] = form_token
    app.extensions["finder_limiter"] = Limiter(get_remote_address, app=app)
    app.extensions["finder_rate_exempt"] = exempt_networks(app.config["FINDER_RATE_LIMIT_EXEMPT"])


def exempt_networks(setting: str) -> list:
    """FINDER_RATE_LIMIT_EXEMPT, read once at start: a typo stops the start with its reason, never a page."""
    try:
        return [ipaddress.ip_network(item.strip(), strict=False) for item in setting.split(",") if item.strip()]
    except ValueError as error:
        raise ValueError(f"FINDER_RATE_LIMIT_EXEMPT: {error}") from None


def limit_rates(app: Flask) -> None:
    """Once the routes are registered: the chat's posts and the searches count against each client."""
    limiter = app.extensions["finder_limiter"]
    app.extensions["finder_rate_limited"] = set(RATE_LIMITED)  # never answered by the WSGI layer
    for endpoint, (setting, budget, methods) in RATE_LIMITED.items():
        limit = limiter.shared_limit(app.config[setting], scope=budget, methods=methods, exempt_when=_rate_exempt)
        app.view_functions[endpoint] = limit(app.view_functions[endpoint])


def refuse_oversized_query() -> None:
    """Every query parameter is capped before any page reads it: 414 instead of work on a megabyte."""
    if len(request.args) > MAX_PARAMETERS:
        abort(414)
    if any(len(value) > MAX_PARAMETER_LENGTH for _, value in request.args.items(multi=True)):
        abort(414)


def _form_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="finder-form")


def form_token() -> str:
    """The hidden field of every form that posts (`{{ csrf_token() }}`): signed with the time, so the
    page that holds it is drawn again every hour."""
    depends_on_the_hour()
    return _form_signer().dumps("form")


def refuse_cross_site_post() -> None:
    if request.method != "POST" or request.routing_exception is not None:  # 404 and 405 come first
        return
    if not _from_this_site() or not _valid_form_token(request.form.get(FORM_TOKEN_FIELD, "")):
        raise CrossSiteRefused()


def _from_this_site() -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in SAME_SITE_FETCHES
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


def _valid_form_token(token: str) -> bool:
    try:
        return _form_signer().loads(token, max_age=FORM_TOKEN_MAX_AGE) == "form"
    except BadData:
        return False


def _rate_exempt() -> bool:
    """Addresses and networks in FINDER_RATE_LIMIT_EXEMPT (a front desk's NAT address, a kiosk)."""
    networks = current_app.extensions["finder_rate_exempt"]
    if not networks:
        return False
    try:
        client = ipaddress.ip_address(get_remote_address())
    except ValueError:
        return False
    return any(client in network for network in networks)


def seconds_until_retry() -> int:
    """For the 429 page: how long until the breached limit lets this client in again."""
    breached = current_app.extensions["finder_limiter"].current_limit
    if breached is None:
        return 60
    return max(1, int(breached.reset_at - time.time()))


def minute_after(seconds: int) -> datetime:
    """The time a person may retry, rounded up to the minute, as the page shows it ("dalle 10:43")."""
    moment = datetime.now(timezone.utc) + timedelta(seconds=seconds, minutes=1)
    return moment.replace(second=0, microsecond=0)


def is_csrf_failure(error) -> bool:
    return isinstance(error, CrossSiteRefused)
