"""The citizen's pages: home, the catalogue, a service, a comune, an access point, search."""
from __future__ import annotations

from flask import Blueprint, abort, g, make_response, redirect, request, url_for

from ..counting import count
from ..i18n import DEFAULT_LANGUAGE, LANGUAGE_COOKIE, LANGUAGES, in_kiosk, localized_route, preferred_language
from ..web import catalog, render, search_index

blueprint = Blueprint("pages", __name__)
MAX_QUERY_LENGTH = 200
COOKIE_MAX_AGE = 365 * 24 * 3600


@localized_route(blueprint, "/")
def home():
    if in_kiosk():  # the kiosk's home is its attract screen
        return render("kiosk/attract.html")
    if g.lang == DEFAULT_LANGUAGE and request.path == "/":
        wanted = preferred_language()
        if wanted != DEFAULT_LANGUAGE:
            return redirect(url_for("pages.home", lang=wanted))
    return render("home.html")


@blueprint.route("/lingua/<code>")
def choose_language(code):
    """The language switch: remember the choice, then go to the same page in that language."""
    if code not in LANGUAGES:
        abort(404)
    target = request.args.get("next", "/")
    # only a path on this site: browsers read `/\host` as `//host`, and drop a tab or newline in `/\t/host`
    if not target.startswith("/") or target.startswith("//") or "\\" in target \
            or any(ord(character) < 33 or ord(character) == 127 for character in target):
        target = "/"
    response = make_response(redirect(_in_language(target, code)))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax")
    return response


def _in_language(path: str, code: str) -> str:
    parts = path.split("/", 2)
    if len(parts) > 1 and parts[1] in LANGUAGES and parts[1] != DEFAULT_LANGUAGE:
        path = "/" + (parts[2] if len(parts) > 2 else "")
    return path if code == DEFAULT_LANGUAGE else f"/{code}{path}" if path != "/" else f"/{code}/"


@localized_route(blueprint, "/servizi")
def services():
    chosen, unknown = _filters(("audience", "audiences"), ("category", "categories"), ("comune", "comuni"))
    found = catalog().services_for(**chosen, offered_only=False)
    return render("services.html", services=found, chosen=chosen, unknown=unknown)


def _filters(*names):
    chosen, unknown = {}, []
    for parameter, attribute in names:
        value = request.args.get(parameter, "").strip()
        if value and value in getattr(catalog(), attribute):
            chosen[parameter] = value
        elif value:
            unknown.append(parameter)
            chosen[parameter] = None
        else:
            chosen[parameter] = None
    return chosen, unknown


@localized_route(blueprint, "/servizi/<service_id>")
def service(service_id):
    found = catalog().services.get(service_id)
    if found is None or not found.listed:
        abort(404)
    return render("service.html", service=found)


@localized_route(blueprint, "/comuni/<comune_id>")
def comune(comune_id):
    found = catalog().comuni.get(comune_id)
    if found is None:
        abort(404)
    offered = catalog().services_for(comune=found.id, offered_only=False)
    return render("comune.html", comune=found, door=catalog().access_points[found.access_point],
                  services=offered)


@localized_route(blueprint, "/accesso/<access_point_id>")
def access_point(access_point_id):
    found = catalog().access_points.get(access_point_id)
    if found is None:
        abort(404)
    return render("access_point.html", point=found, services=catalog().services_at(found))


@localized_route(blueprint, "/cerca")
def search():
    query = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    ranked = search_index().rank(query) if query else []
    listed = catalog().services
    results = [listed[service_id] for service_id, _ in ranked if service_id in listed and listed[service_id].listed]
    if query and not results:
        count("search", "nothing")
    return render("search.html", query=query, results=results)
