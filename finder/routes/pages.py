"""The citizen's pages: home, the catalogue, a service, a comune, an access point, search."""
from __future__ import annotations

from flask import Blueprint, abort, g, make_response, redirect, request, url_for

from ..catalog.eligibility import eligibility
from ..counting import count
from ..i18n import (DEFAULT_LANGUAGE, LANGUAGE_COOKIE, LANGUAGES, current_language, in_kiosk, localized_route,
                    preferred_language)
from ..searching import find_services
from ..views import catalog, render, search_index
from .arguments import LISTED_COMUNI, PAGE_SIZE, read_age_and_isee, read_district, read_filters, read_page, read_query

blueprint = Blueprint("pages", __name__)
COOKIE_MAX_AGE = 365 * 24 * 3600


@localized_route(blueprint, "/")
def home():
    if in_kiosk():  # the kiosk's home is its attract screen
        return render("kiosk/attract.html")
    if g.lang == DEFAULT_LANGUAGE and request.path == "/":
        wanted = preferred_language()
        if wanted != DEFAULT_LANGUAGE:
            return redirect(url_for("pages.home", lang=wanted))
    return render("home.html", comune_search=len(catalog().comuni) > LISTED_COMUNI)


@blueprint.route("/lingua/<code>")
def choose_language(code):
    """The language switch: remember the choice, then go to the same page in that language."""
    if code not in LANGUAGES:
        abort(404)
    wanted = request.args.get("next", "/")
    target = _in_language(wanted, code)
    if not (_is_path_on_this_site(wanted) and _is_path_on_this_site(target)):  # `/ar//evil.ex` loses `/ar`
        target = _in_language("/", code)
    response = make_response(redirect(target))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax")
    return response


def _is_path_on_this_site(target: str) -> bool:
    """Browsers read `/\\host` as `//host`, and drop a tab or newline in `/\\t/host`."""
    return target.startswith("/") and not target.startswith("//") and "\\" not in target \
        and all(32 < ord(character) < 127 or character.isprintable() and ord(character) > 160
                for character in target)


def _in_language(path: str, code: str) -> str:
    parts = path.split("/", 2)
    if len(parts) > 1 and parts[1] in LANGUAGES and parts[1] != DEFAULT_LANGUAGE:
        path = "/" + (parts[2] if len(parts) > 2 else "")
    return path if code == DEFAULT_LANGUAGE else f"/{code}{path}" if path != "/" else f"/{code}/"


@localized_route(blueprint, "/servizi")
def services():
    chosen, unknown = read_filters(("audience", "audiences"), ("category", "categories"), ("comune", "comuni"))
    district = read_district(chosen)
    found = catalog().listed_for(**chosen, district=district)
    page, pages = read_page(len(found))
    return render("services.html", services=found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], count=len(found),
                  chosen=chosen, district=district, unknown=unknown, page=page, pages=pages,
                  quick_exit=catalog().touches_violence(audience=chosen["audience"]))


@localized_route(blueprint, "/servizi/<service_id>")
def service(service_id):
    found = catalog().services.get(service_id)
    if found is None or not found.listed:
        abort(404)
    said = read_age_and_isee(request.args)
    if said.problems:  # an age or an ISEE band no form of ours sends
        abort(400)
    return render("service.html", service=found, quick_exit=catalog().touches_violence(services=[found]), said=said,
                  verdict=eligibility(found, said.age, said.isee, said.isee_unknown))


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
    return render("access_point.html", point=found, services=catalog().services_at(found),
                  quick_exit=catalog().touches_violence(access_point=found.id))


@localized_route(blueprint, "/cerca")
def search():
    query = read_query()
    results = find_services(catalog(), search_index(), query, current_language()) if query else []
    if query and not results:
        count("search", "nothing")
    return render("search.html", query=query, results=results, quick_exit=catalog().touches_violence(services=results))
