"""Thin blueprints: parse the request, ask the catalogue, render."""


def register(app) -> None:
    from . import about, editors, guide, pages
    for module in (pages, guide, about, editors):
        app.register_blueprint(module.blueprint)
