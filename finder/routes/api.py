"""The read-only JSON API (documented in docs/openapi.yaml): open data anyone may read, from any site."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from ..catalog import opendata
from ..web import catalog

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


@blueprint.route("/services/<service_id>")
def service(service_id):
    found = catalog().services.get(service_id)
    if found is None or not found.listed:
        abort(404)
    return jsonify(opendata.service_json(catalog(), found))


@blueprint.route("/comuni/<comune_id>")
def comune(comune_id):
    found = catalog().comuni.get(comune_id)
    if found is None:
        abort(404)
    return jsonify(opendata.comune_json(catalog(), found))


@blueprint.route("/access-points/<access_point_id>")
def access_point(access_point_id):
    found = catalog().access_points.get(access_point_id)
    if found is None:
        abort(404)
    return jsonify(opendata.access_point_json(found))
