"""Finder: the district's social services, and the right door to knock on."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """A top-level folder of the checkout (`templates`, `translations`, `content`), or its installed copy."""
    installed = {"templates": "templates", "translations": "translations", "content": "default_content"}[name]
    in_package = PACKAGE_DIR / installed
    in_checkout = PACKAGE_DIR.parent / name
    if in_checkout.is_dir() and (PACKAGE_DIR.parent / "pyproject.toml").exists():
        return in_checkout
    return in_package


def default_content() -> str:
    relative = Path("content/services.yaml")
    return str(relative if relative.exists() else resource_dir("content") / "services.yaml")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(resource_dir("templates")), static_folder="static",
                instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("FINDER_SECRET_KEY", "finder-development-key"),
        FINDER_CONTENT=os.environ.get("FINDER_CONTENT", default_content()),
        FINDER_DATA=os.environ.get("FINDER_DATA", os.path.join(app.instance_path, "data")),
        FINDER_PUBLIC_URL=os.environ.get("FINDER_PUBLIC_URL", ""),
        FINDER_WATCH_CONTENT=True,
        FINDER_KIOSK_IDLE_SECONDS=int(os.environ.get("FINDER_KIOSK_IDLE_SECONDS", "90")),
        FINDER_KIOSK_COUNTDOWN_SECONDS=int(os.environ.get("FINDER_KIOSK_COUNTDOWN_SECONDS", "20")),
        FINDER_KIOSK_PRINTER=os.environ.get("FINDER_KIOSK_PRINTER", "") not in ("", "0", "false"),
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        BABEL_TRANSLATION_DIRECTORIES=str(resource_dir("translations")),
        BABEL_DEFAULT_LOCALE="it",
        BABEL_DEFAULT_TIMEZONE="Europe/Rome",
        # the staff's login session (citizens get no session cookie): https only unless told otherwise
        SESSION_COOKIE_SECURE=os.environ.get("FINDER_SECURE_COOKIES", "1") not in ("0", "false", "off"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=True,
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        WTF_CSRF_TIME_LIMIT=3600,
    )
    if config:
        app.config.update(config)

    from . import web
    web.init_app(app)
    return app
