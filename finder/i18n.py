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


class LanguageConverter(BaseConverter):
    """Matches only the prefixed language codes, so `/servizi` is never read as a language."""

    regex = "(?:" + "|".join(PREFIXED) + ")"


def localized_route(blueprint, rule: str, **options):
    """Register `rule` twice: in Italian at `rule`, and at `/<lang>rule` for every other language."""

    def decorator(view):
        blueprint.add_url_rule(rule, view_func=view, **options)
        prefixed = "/<lang:lang>" + (rule if rule != "/" else "/")
        blueprint.add_url_rule(prefixed, view_func=view, **options)
        return view

    return decorator


def current_language() -> str:
    return getattr(g, "lang", DEFAULT_LANGUAGE)


def text_direction() -> str:
    return "rtl" if current_language() in RIGHT_TO_LEFT else "ltr"


def init_app(app) -> None:
    app.url_map.converters["lang"] = LanguageConverter

    @app.url_value_preprocessor
    def pull_language(endpoint, values):
        g.lang = (values or {}).pop("lang", DEFAULT_LANGUAGE)

    @app.url_defaults
    def add_language(endpoint, values):
        if "lang" in values:
            if values["lang"] == DEFAULT_LANGUAGE:
                values.pop("lang")
            return
        language = getattr(g, "lang", DEFAULT_LANGUAGE)
        if language != DEFAULT_LANGUAGE and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = language


def preferred_language() -> str:
    """For `/`: the person's earlier choice (cookie), else what the browser asks for."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES), DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE
