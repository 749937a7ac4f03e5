"""Thin blueprints: parse the request, ask the catalogue, render."""
from . import about, api, chat, desk, editors, guide, kiosk, pages, reports, statistics


def register(app) -> None:
    reports.init_app(app)
    for module in (pages, guide, chat, about, editors, kiosk, desk, reports, api, statistics):
        app.register_blueprint(module.blueprint)
