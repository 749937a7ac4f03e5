"""What templates need to show catalogue objects to a person: texts in their language, opening hours,
money and dates formatted by babel in the page's locale."""
from __future__ import annotations

import re
from datetime import datetime, time
from functools import lru_cache
from urllib.parse import quote_plus

import nh3
from babel.dates import format_time as babel_format_time, get_day_names
from flask_babel import format_currency, format_date, format_time, gettext as _, get_locale
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .caching import depends_on_the_day, depends_on_the_minute
from .catalog.hours import ROME, opening_status, rome_now, upcoming_closures, weekly_hours
from .catalog.model import AccessPoint, Service, Text
from .i18n import current_language, in_kiosk
from .reports import PROBLEMS

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})


def local(text: Text | str | None) -> Markup:
    """The text in the page's language; Italian (marked `lang="it"`) when it has not been translated."""
    if text is None:
        return Markup("")
    if isinstance(text, str):
        return escape(text)
    language = current_language()
    if text.has(language):
        return escape(text.get(language))
    # dir="ltr" isolates the Italian run (its full stop stays at its end) on right-to-left pages too
    return Markup('<span lang="it" dir="ltr">%s</span>') % text.get("it")


def district_names(loaded) -> Markup:
    """Every district's name in the page's language, joined: each page's header and footer draw them, and a
    country's site has 600, so they are joined once per catalogue and language."""
    key = (loaded.version, current_language())
    if key not in _joined_names:
        if len(_joined_names) >= MAX_JOINED_NAMES:
            _joined_names.clear()
        _joined_names[key] = Markup(" · ").join(local(district.name) for district in loaded.catalog.districts.values())
    return _joined_names[key]


_joined_names: dict = {}  # (catalogue version, language) -> Markup
MAX_JOINED_NAMES = 64


def is_fallback(text: Text | None) -> bool:
    return isinstance(text, Text) and not text.has(current_language())


def markdown(text: Text | None) -> Markup:
    """An editor's Markdown description as safe HTML (no raw HTML gets through)."""
    if text is None:
        return Markup("")
    tags = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "h3", "h4", "blockquote", "code"}
    if in_kiosk():  # a shared screen never leaves the site: a link's text stays, the link goes
        tags.discard("a")
    html = nh3.clean(_markdown.render(text.get(current_language())), tags=tags,
                     attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto", "tel"})
    return Markup(html)


def day_name(index: int) -> str:
    return get_day_names("wide", locale=get_locale())[index]


def short_time(moment) -> str:
    if isinstance(moment, time):
        return _clock_time(moment, str(get_locale()))
    return format_time(moment, "short")


@lru_cache(maxsize=4096)
def _clock_time(moment: time, locale: str) -> str:
    """Opening hours repeat on every card: format each time once per language."""
    return babel_format_time(moment, "short", locale=locale)


def opening_label(point: AccessPoint, now: datetime | None = None) -> str:
    """"Aperto ora, fino alle 12:30" / "Chiuso ora: apre lunedì alle 9:00" / "Solo su appuntamento"."""
    depends_on_the_minute()
    status = opening_status(point, now)
    if status.by_appointment:
        return _("Solo su appuntamento")
    if status.open_now:
        return _("Aperto ora, fino alle %(time)s", time=short_time(status.closes_at))
    if status.next_opening is None:
        return _("Chiuso ora")
    today = (now or rome_now()).astimezone(ROME).date()
    if status.holiday_today:
        return _("Chiuso per festività: apre %(day)s alle %(time)s",
                 day=day_name(status.next_opening.weekday()), time=short_time(status.next_opening))
    if status.closed_today:
        return _("Chiuso oggi, giorno di chiusura: apre %(day)s alle %(time)s",
                 day=day_name(status.next_opening.weekday()), time=short_time(status.next_opening))
    if status.next_opening.date() == today:
        return _("Chiuso ora: apre oggi alle %(time)s", time=short_time(status.next_opening))
    return _("Chiuso ora: apre %(day)s alle %(time)s",
             day=day_name(status.next_opening.weekday()), time=short_time(status.next_opening))


def needs_review(service: Service) -> bool:
    """Not checked by an editor for over a year: shown with "informazioni da verificare", never hidden."""
    depends_on_the_day()
    return service.needs_review(rome_now().date())


def is_open(point: AccessPoint) -> bool:
    depends_on_the_minute()
    return opening_status(point).open_now


def hours_rows(point: AccessPoint) -> list[tuple[str, str]]:
    """[("lunedì", "9:00–12:30, 15:30–17:30"), ...]"""
    return [(day_name(index), ", ".join(f"{short_time(start)}–{short_time(end)}" for start, end in spans))
            for index, spans in weekly_hours(point)]


def closures(point: AccessPoint) -> str:
    """"Chiuso anche: martedì 8 dicembre, giovedì 24 dicembre" for the coming month, or ""."""
    depends_on_the_day()
    days = upcoming_closures(point)
    if not days:
        return ""
    return _("Giorni di chiusura in arrivo: %(days)s", days=", ".join(format_date(day, "EEEE d MMMM") for day in days))


def address_of(point: AccessPoint) -> str:
    """Where to go today: the new address from the day the office moves."""
    depends_on_the_day()
    return point.address_on(rome_now().date())


def move_notice(point: AccessPoint) -> str:
    """"Dal 11 gennaio 2027 l'ufficio si trasferisce in Via Nuova 1" while the move is still to come."""
    depends_on_the_day()
    move = point.moving_after(rome_now().date())
    if move is None:
        return ""
    if move[2] is not None:
        return _("Dal %(date)s al %(until)s l'ufficio è in: %(address)s",
                 date=long_date(move[0]), until=long_date(move[2]), address=move[1])
    return _("Dal %(date)s l'ufficio si trasferisce in: %(address)s", date=long_date(move[0]), address=move[1])


def euro(amount) -> str:
    """Euro in the page's locale ("8.000 €", "€8,000"); whole amounts without cents."""
    if not float(amount).is_integer():
        return format_currency(amount, "EUR")
    pattern = get_locale().currency_formats["standard"].pattern.split(";")[0]
    return format_currency(amount, "EUR", format=re.sub(r"\.0+", "", pattern), currency_digits=False)


def long_date(day) -> str:
    return format_date(day, "long")


def map_link(point: AccessPoint) -> str:
    if point.geo and address_of(point) == point.address:  # after a move the old spot is wrong
        return f"https://www.openstreetmap.org/?mlat={point.geo[0]}&mlon={point.geo[1]}#map=17/{point.geo[0]}/{point.geo[1]}"
    return "https://www.openstreetmap.org/search?query=" + quote_plus(address_of(point))


def tel_link(phone: str) -> str:
    return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def report_label(problem: str) -> str:
    return {"phone": _("Il telefono non risponde"), "hours": _("Gli orari sono sbagliati"),
            "moved": _("L'ufficio si è trasferito"), "gone": _("Il servizio non esiste più"),
            "other": _("Qualcos'altro")}[problem]


def report_choices() -> list[tuple[str, str]]:
    return [(problem, report_label(problem)) for problem in PROBLEMS]


def care_label(kind: str) -> str:
    return {"unreachable": _("Nessuno può raggiungerlo"), "to-fill": _("Da completare"),
            "door-without-hours": _("Sportello senza orari"),
            "not-reviewed": _("Da ricontrollare"), "hard-summary": _("Riassunto difficile"),
            "untranslated": _("Traduzione mancante"), "shared-keyword": _("Parola chiave troppo comune")}[kind]


TEMPLATE_HELPERS = {name: function for name, function in {
    "report_label": report_label, "report_choices": report_choices, "care_label": care_label,
    "local": local, "district_names": district_names, "is_fallback": is_fallback, "markdown": markdown,
    "opening_label": opening_label,
    "is_open": is_open, "hours_rows": hours_rows, "euro": euro, "long_date": long_date,
    "map_link": map_link, "tel_link": tel_link, "closures": closures, "address_of": address_of,
    "move_notice": move_notice, "needs_review": needs_review}.items()}
