"""Every setting a deployment may give in the environment, in one table (Datasette-style): its name, its
default, how its text is read, and what it means. The README's "Settings" table is checked against this
one by the tests, so the two cannot drift apart. No Flask in here."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PACKAGE_DIR = Path(__file__).resolve().parent
EDITOR_LANGUAGES = ("it", "en")  # what editors read (`finder check`, /stato, the log): Italian by default
INSTALLED_NAMES = {"templates": "templates", "translations": "translations", "content": "default_content"}


class SettingError(ValueError):
    """A setting's value cannot be read: the message names the setting and says what it wants."""


def resource_dir(name: str) -> Path:
    """A top-level folder of the checkout (`templates`, `translations`, `content`), or its installed copy."""
    in_package = PACKAGE_DIR / INSTALLED_NAMES[name]
    in_checkout = PACKAGE_DIR.parent / name
    if in_checkout.is_dir() and (PACKAGE_DIR.parent / "pyproject.toml").exists():
        return in_checkout
    return in_package


def default_content() -> str:
    relative = Path("content/services.yaml")
    return str(relative if relative.exists() else resource_dir("content") / "services.yaml")


def _text(value: str) -> str:
    return value


def _seconds(value: str) -> int:
    if not value.strip().isdigit() or int(value) == 0:
        raise ValueError("a whole number of seconds above 0, like `90`")
    return int(value)


def _switch(value: str) -> bool:
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def _count(value: str) -> int:
    if not value.strip().isdigit():
        raise ValueError("a whole number, like `1`")
    return int(value)


def _editor_language(value: str) -> str:
    if value.strip().lower() not in EDITOR_LANGUAGES:
        raise ValueError(" or ".join(f"`{language}`" for language in EDITOR_LANGUAGES))
    return value.strip().lower()


def _web_address(value: str) -> str:
    if value and not value.startswith(("https://", "http://")):
        raise ValueError("an address starting with https://, like `https://www.google.com/search?q=meteo`")
    return value


@dataclass(frozen=True)
class Setting:
    name: str
    default: Callable[[str], object]  # instance folder -> the value when the environment has none
    read: Callable[[str], object]  # the environment's text -> the value (ValueError says what it wants)
    default_text: str  # the default, as the README says it
    meaning: str  # as the README says it


SETTINGS = (
    Setting("FINDER_CONTENT", lambda instance: default_content(), _text, "`content/services.yaml`",
            "catalogue file(s), several separated by `:`"),
    Setting("FINDER_DATA", lambda instance: os.path.join(instance, "data"), _text, "`instance/data`",
            "where the compiled search database goes"),
    Setting("FINDER_REPORTS", lambda instance: "", _text, "`FINDER_DATA/reports.sqlite`",
            "where citizens' reports are counted (writable)"),
    Setting("FINDER_EDITOR_LANG", lambda instance: EDITOR_LANGUAGES[0], _editor_language, "`it`",
            "language of the catalogue's problems at `/stato` and in the log (`en` for English)"),
    Setting("FINDER_STATS", lambda instance: True, _switch, "`on`", "anonymous counts of needs (`off` to stop counting)"),
    Setting("FINDER_STATS_URL", lambda instance: "", _text, "`statistics.sqlite` in `FINDER_DATA`",
            "the statistics database; PostgreSQL with several replicas"),
    Setting("FINDER_SECURE_COOKIES", lambda instance: True, _switch, "`1`",
            "staff login cookie only over https (`0` for a local http preview)"),
    Setting("FINDER_PUBLIC_URL", lambda instance: "", _web_address, "the request's host",
            "the address citizens reach the site at (QR codes)"),
    Setting("FINDER_SECRET_KEY", lambda instance: "finder-development-key", _text, "a development key",
            "signs the chat's state carried by the browser: set it in production"),
    Setting("FINDER_KIOSK_IDLE_SECONDS", lambda instance: 90, _seconds, "`90`",
            "kiosk: idle time before \"Sei ancora qui?\""),
    Setting("FINDER_KIOSK_COUNTDOWN_SECONDS", lambda instance: 20, _seconds, "`20`",
            "kiosk: the prompt's countdown before everything is cleared"),
    Setting("FINDER_KIOSK_PRINTER", lambda instance: False, _switch, "off", "kiosk: offer printing"),
    Setting("FINDER_QUICK_EXIT_URL", lambda instance: "https://www.google.com/search?q=meteo", _web_address,
            "a weather search", "chat: where \"Esci subito\" leaves for"),
    Setting("FINDER_RATE_LIMIT_CHAT", lambda instance: "60 per minute;600 per hour", _text,
            "`60 per minute;600 per hour`", "per-client limit on the chat's messages; 429 page with the time to retry"),
    Setting("FINDER_RATE_LIMIT_SEARCH", lambda instance: "120 per minute", _text, "`120 per minute`",
            "per-client limit on searches"),
    Setting("FINDER_RATE_LIMIT_REPORTS", lambda instance: "5 per 10 minutes", _text, "`5 per 10 minutes`",
            "per-client limit on citizens' error reports"),
    Setting("FINDER_RATE_LIMIT_EXEMPT", lambda instance: "", _text, "none",
            "addresses or networks never limited (a front desk behind one NAT address)"),
    Setting("FINDER_RATE_LIMIT_STORAGE", lambda instance: "memory://", _text, "`memory://`",
            "`redis://…` when several replicas run"),
    Setting("FINDER_RATE_LIMIT", lambda instance: True, _switch, "on", "`off` turns the rate limits off"),
    Setting("FINDER_PROXIES", lambda instance: 0, _count, "`0`",
            "proxies in front whose `X-Forwarded-*` headers are trusted (`1` behind nginx)"),
)
# The app's config keys: the same names, except those Flask and Flask-Limiter read under their own.
LIBRARY_KEYS = {"FINDER_SECRET_KEY": "SECRET_KEY", "FINDER_RATE_LIMIT_STORAGE": "RATELIMIT_STORAGE_URI",
                "FINDER_RATE_LIMIT": "RATELIMIT_ENABLED"}
CONFIG_KEYS = {setting.name: LIBRARY_KEYS.get(setting.name, setting.name) for setting in SETTINGS}


def from_environment(instance_path: str, environ=None) -> dict:
    """The app's config from the environment (or the defaults); a value that cannot be read stops the
    start with a message naming the setting."""
    environ = os.environ if environ is None else environ
    config = {}
    for setting in SETTINGS:
        text = environ.get(setting.name)
        try:
            value = setting.default(instance_path) if text is None else setting.read(text)
        except ValueError as error:
            raise SettingError(f"{setting.name}={text!r}: should be {error}") from None
        config[CONFIG_KEYS[setting.name]] = value
    return config


def content_files(contents=(), environ=None) -> list[str]:
    """The catalogue files to use: those named on the command line, else FINDER_CONTENT's."""
    if contents:
        return list(contents)
    environ = os.environ if environ is None else environ
    return [path for path in environ.get("FINDER_CONTENT", default_content()).split(os.pathsep) if path]
