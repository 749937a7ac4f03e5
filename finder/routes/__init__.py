"""Thin blueprints: parse the request, ask the catalogue, render."""


def register(app) -> None:
    from . import about, chat, desk, editors, guide, kiosk, pages, statistics
    for module in (pages, guide, chat, about, editors, kiosk, desk, statistics):
        app.register_blueprint(module.blueprint)
