"""The read-only JSON API (documented in docs/openapi.yaml): open data anyone may read, from any site."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from ..catalog import opendata
from ..views import catalog

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


@blueprint.after_request
def _open_to_every_site(response):
    response.headers["Access-Control-Allow-Origin"] = "*"  # read-only and public: CORS for GET
    response.headers["Access-Control-Allow-Methods"] = "GET"
    if response.status_code == 200:
        response.add_etag()
        response.make_conditional(request)
    return response


@blueprint.errorhandler(404)
def _not_found(error):
    return jsonify({"error": "not found"}), 404


@blueprint.route("/services")
def services():
    listed = catalog().listed_services()
    return jsonify({"licence": opendata.LICENCE,
                    "services": [opendata.service_summary_json(service) for service in listed]})


def _one(attribute: str, item_id: str):
    """The catalogue's item by id, or a JSON 404 (a closed service is not there)."""
    found = getattr(catalog(), attribute).get(item_id)
    if found is None or not getattr(found, "listed", True):
        abort(404)
    return found


@blueprint.route("/services/<service_id>")
def service(service_id):
    return jsonify(opendata.service_json(catalog(), _one("services", service_id)))


@blueprint.route("/comuni/<comune_id>")
def comune(comune_id):
    return jsonify(opendata.comune_json(catalog(), _one("comuni", comune_id)))


@blueprint.route("/access-points/<access_point_id>")
def access_point(access_point_id):
    return jsonify(opendata.access_point_json(_one("access_points", access_point_id)))
