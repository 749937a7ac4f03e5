"""Languages: the page's language comes first in the URL (`/en/servizi`), Italian has no prefix."""
from __future__ import annotations

from flask import g, request
from werkzeug.routing import BaseConverter

DEFAULT_LANGUAGE = "it"
LANGUAGES = {  # code -> the language's name written in itself
    "it": "Italiano",
    "en": "English",
    "ro": "Română",
    "sq": "Shqip",
    "ar": "العربية",
    "uk": "Українська",
}
RIGHT_TO_LEFT = {"ar"}
PREFIXED = tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)
LANGUAGE_COOKIE = "finder_lang"


KIOSK_MODE = "chiosco"


class LanguageConverter(BaseConverter):
    """Matches only the prefixed language codes, so `/servizi` is never read as a language."""

    regex = "(?:" + "|".join(PREFIXED) + ")"


class ModeConverter(BaseConverter):
    """The kiosk's prefix: pages under `/chiosco` keep the kiosk's shape on every link."""

    regex = KIOSK_MODE


def localized_route(blueprint, rule: str, kiosk: bool = True, **options):
    """Register `rule` in Italian, under `/<lang>` for the other languages, and (with `kiosk`) the same
    under `/chiosco` and `/<lang>/chiosco`, so a shared link or a kiosk keeps its language and mode."""
    prefixes = ["", "/<lang:lang>"]
    if kiosk:
        prefixes += ["/<mode:mode>", "/<lang:lang>/<mode:mode>"]

    def decorator(view):
        for prefix in prefixes:
            path = prefix + rule if rule != "/" or not prefix else prefix + "/"
            blueprint.add_url_rule(path, view_func=view, **options)
        return view

    return decorator


def current_language() -> str:
    return getattr(g, "lang", DEFAULT_LANGUAGE)


def in_kiosk() -> bool:
    return getattr(g, "mode", None) == KIOSK_MODE


def text_direction() -> str:
    return "rtl" if current_language() in RIGHT_TO_LEFT else "ltr"


def init_app(app) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    app.url_map.converters["mode"] = ModeConverter

    @app.url_value_preprocessor
    def pull_language_and_mode(endpoint, values):
        g.lang = (values or {}).pop("lang", DEFAULT_LANGUAGE)
        g.mode = (values or {}).pop("mode", None)

    @app.url_defaults
    def add_language_and_mode(endpoint, values):
        _carry(app, endpoint, values, "lang", getattr(g, "lang", DEFAULT_LANGUAGE), DEFAULT_LANGUAGE)
        _carry(app, endpoint, values, "mode", getattr(g, "mode", None), None)


def _carry(app, endpoint, values, key, current, default) -> None:
    """Links keep the page's language and mode unless they name another one."""
    if key in values:
        if values[key] in (default, None):
            values.pop(key)
        return
    if current not in (default, None) and app.url_map.is_endpoint_expecting(endpoint, key):
        values[key] = current


def preferred_language(asked=None) -> str:
    """For `/`: the person's earlier choice (cookie), else what the browser asks for."""
    asked = asked or request
    chosen = asked.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return asked.accept_languages.best_match(list(LANGUAGES), DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE
