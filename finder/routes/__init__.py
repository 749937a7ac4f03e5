"""Thin blueprints: parse the request, ask the catalogue, render."""
from . import about, chat, desk, editors, guide, kiosk, pages


def register(app) -> None:
    for module in (pages, guide, chat, about, editors, kiosk, desk):
        app.register_blueprint(module.blueprint)
