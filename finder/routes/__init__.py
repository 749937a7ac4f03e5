"""Thin blueprints: parse the request, ask the catalogue, render."""
from . import about, api, chat, desk, editors, guide, kiosk, mylist, pages, reports, statistics


def register(app) -> None:
    reports.init_app(app)
    for module in (pages, guide, chat, about, editors, kiosk, desk, reports, api, statistics, mylist):
        app.register_blueprint(module.blueprint)
