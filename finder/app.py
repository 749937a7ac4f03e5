"""The app factory, in the manner of flaskr: config from the environment (finder/settings.py), then the
caller's overrides, then the wiring (finder/web.py)."""
from __future__ import annotations

import os
from datetime import date

from babel import Locale
from flask import Flask

from . import protection, web
from .assistant import ask
from .assistant.needs import warm_up
from .catalog.hours import is_holiday
from .i18n import LANGUAGES
from .searching import find_services
from .settings import from_environment, resource_dir


def create_app(config: dict | None = None) -> Flask:
    app = Flask("finder", template_folder=str(resource_dir("templates")), static_folder="static",
                instance_relative_config=True)
    app.config.from_mapping(
        from_environment(app.instance_path),
        FINDER_WATCH_CONTENT=True,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        BABEL_TRANSLATION_DIRECTORIES=str(resource_dir("translations")),
        BABEL_DEFAULT_LOCALE="it",
        BABEL_DEFAULT_TIMEZONE="Europe/Rome",
        **protection.DEFAULTS,
        # the staff's login session (citizens get no session cookie)
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=True,
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        WTF_CSRF_ENABLED=False,  # finder/protection.py checks the token of every POST, the login's included
    )
    if config:
        app.config.update(config)
    app.config["SESSION_COOKIE_SECURE"] = app.config["FINDER_SECURE_COOKIES"]
    if not app.config["FINDER_REPORTS"]:
        app.config["FINDER_REPORTS"] = os.path.join(app.config["FINDER_DATA"], "reports.sqlite")
    warm_up()  # the first person to write should not wait for the models to load
    web.init_app(app)
    return app


def create_preloaded_app(config: dict | None = None) -> Flask:
    """For gunicorn's preload (deploy/gunicorn.conf.py): the catalogue, and the assistant's knowledge of it,
    loaded in the master before it forks, so every worker shares them instead of loading its own copy."""
    app = create_app(config)
    content = app.extensions["finder_content"]
    content.freeze_what_it_reads = True
    loaded = content.current()
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)  # compiled once here, not by each worker's first visitor
    if loaded is not None:
        _build_before_the_fork(loaded)
    return app


# The assistant builds its tables of a catalogue's places (typed, misspelt, in Cyrillic, in Arabic) and desks
# when a question first needs them: these questions need them all.
REHEARSAL = ("sono anziano e vivo a Qwzxrtplk", "живу в Qwzxrtplk", "أعيش في قوزكسرت", "badante")


def rehearse_in_worker(app: Flask) -> None:
    """In a new worker, before it serves (gunicorn's post_worker_init): a search and the assistant's
    questions, so that the memory they read is copied from the master now, not during a person's first
    search (~100 ms more at national scale). Nothing is counted or logged: no request is made."""
    loaded = app.extensions["finder_content"].current()
    if loaded is not None:
        _build_before_the_fork(loaded)
        find_services(loaded.catalog, loaded.index, REHEARSAL[-1])


def _build_before_the_fork(loaded) -> None:
    """What each worker's first requests would otherwise build for itself, in memory of its own: this
    year's holidays, each language's date and number formats, the assistant's tables of the catalogue."""
    is_holiday(date.today())
    for code in LANGUAGES:
        Locale.parse(code).date_formats  # noqa: B018 (reading them loads the language's data)
    for question in REHEARSAL:
        ask(loaded.catalog, loaded.index, question)
