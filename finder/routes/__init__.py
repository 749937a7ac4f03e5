"""Thin blueprints: parse the request, ask the catalogue, render."""


def register(app) -> None:
    from . import editors, pages
    for module in (pages, editors):
        app.register_blueprint(module.blueprint)
