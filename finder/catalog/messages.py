"""What editors read, in their language: every message of `finder check`, /stato and the log is written in
English in the code (the msgid) and translated through the `editor` gettext domain
(translations/<lang>/LC_MESSAGES/editor.po, compiled to .mo by `make compile-translations`).

Italian is the default; the CLI (`finder check --lang en`) and the app (FINDER_EDITOR_LANG) choose another
for the work they do with `with editor_language("en"): ...`. The choice lives in a context variable, so
two apps, or a test and the app, never see each other's language. No Flask in here."""
from __future__ import annotations

import gettext
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from ..settings import EDITOR_LANGUAGES, resource_dir

DOMAIN = "editor"
DEFAULT_LANGUAGE = EDITOR_LANGUAGES[0]  # English, the msgid, needs no catalogue
_chosen: ContextVar[str] = ContextVar("editor_language", default=DEFAULT_LANGUAGE)


@contextmanager
def editor_language(language: str):
    """Editors' messages in `language` inside the block (a thread starts with the default)."""
    if language not in EDITOR_LANGUAGES:
        raise ValueError(f"editors' messages are in {' or '.join(EDITOR_LANGUAGES)}, not {language!r}")
    token = _chosen.set(language)
    try:
        yield
    finally:
        _chosen.reset(token)


__all__ = ["EDITOR_LANGUAGES", "editor_language", "current_language", "_"]


def current_language() -> str:
    return _chosen.get()


@lru_cache(maxsize=None)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, str(resource_dir("translations")), languages=[language], fallback=True)


def _(message: str) -> str:
    """`message` (English, with `{placeholders}`) in the editor's language; `.format()` it after."""
    return _catalogue(current_language()).gettext(message)
