"""Thin blueprints: parse the request, ask the catalogue, render."""


def register(app) -> None:
    from . import editors, guide, pages
    for module in (pages, guide, editors):
        app.register_blueprint(module.blueprint)
