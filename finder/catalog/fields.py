"""Reading one item's fields: each reader checks a value, reports what is wrong at its line, and
returns the value in the shape the model wants (or None when it cannot)."""
from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import yaml

from .messages import _
from .model import AgeRange, Keywords, NO_KEYWORDS, Text
from .source import Source

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANG_PATTERN = re.compile(r"^[a-z]{2}$")
HOURS_PATTERN = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LOOSE_HOURS = re.compile(r"^(\d{1,2})(?:[.:,h](\d{2}))?-(\d{1,2})(?:[.:,h](\d{2}))?$")
ITALIAN_KEYS = yaml.safe_load(Path(__file__).with_name("editor_words.yaml").read_text(encoding="utf-8"))
EARLIEST, LATEST = time(7, 0), time(20, 0)  # opening hours outside these get a warning
LONGEST_SPAN_MINUTES = 10 * 60
ITALIAN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # 31/10/2026, as dates are written in Italy


def _kind(value) -> str:
    kinds = {dict: _("a map"), list: _("a list"), bool: _("true/false"), type(None): _("nothing")}
    return kinds.get(type(value), _("a number") if isinstance(value, (int, float)) else _("a text"))


class Item:
    """One map of the file (the district, a comune, a service...) being read field by field."""

    def __init__(self, source: Source, path: tuple, data, allowed: set, required: set):
        self.source = source
        self.path = tuple(path)
        self.ok = isinstance(data, dict)
        self.data = data if self.ok else {}
        if not self.ok:
            source.problem(self.path, _("should be a map of fields (`key: value`), found {kind}").format(kind=_kind(data)))
            return
        for key in self.data:
            if key not in allowed and key != "extra":
                hint = _closest(key, allowed)
                source.problem(self.path + (key,), _("unknown field{hint}; put your own fields under `extra:`").format(
                    hint=hint))
        for key in sorted(required - set(self.data)):
            source.problem(self.path, _("`{key}` is required here").format(key=key))

    def at(self, key) -> tuple:
        return self.path + (key,)

    def has(self, key) -> bool:
        return self.data.get(key) is not None

    def problem(self, key, message, severity="error"):
        self.source.problem(self.at(key) if key is not None else self.path, message, severity)

    # --- scalars -----------------------------------------------------------------------------
    def string(self, key) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self.problem(key, _("should be a text, found {kind}").format(kind=_kind(value)))
            return None
        if not isinstance(value, str):
            value = self.source.text_at(self.at(key)) or str(value)
        value = value.strip()
        if not value:
            self.problem(key, _("is empty"))
            return None
        return value

    def identifier(self, key) -> str | None:
        value = self.string(key)
        if value is not None and not ID_PATTERN.match(value):
            self.problem(key, _not_an_id(value))
            return None
        return value

    def boolean(self, key) -> bool:
        value = self.data.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(key, _("should be true or false"))
            return False
        return value

    def number(self, key) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            cleaned = str(value).replace(".", "").replace(",", ".").replace("€", "").strip()
            try:
                return float(cleaned)
            except ValueError:
                self.problem(key, _("should be a number in euro, like 15000, found `{value}`").format(value=value))
                return None
        if value < 0:
            self.problem(key, _("cannot be negative"))
            return None
        return float(value)

    def enum(self, key, choices, default=None) -> str | None:
        value = self.string(key)
        if value is None:
            return default
        if value not in choices:
            self.problem(key, _("`{value}` is not one of: {choices}").format(value=value, choices=", ".join(choices)))
            return default
        return value

    def a_date(self, key, value=None, path=None) -> date | None:
        path = path or self.at(key)
        value = self.data.get(key) if value is None else value
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            message = _("`{value}` is not a date: write it as YYYY-MM-DD, like {example}")
            self.source.problem(path, message.format(value=value, example=_date_example(value)))
            return None

    def month_day(self, key) -> tuple | None:
        """`06-29` (month-day, the same every year) as (6, 29)."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            day = date.fromisoformat(f"2000-{str(value).strip()}")  # a leap year: 02-29 is a day too
        except ValueError:
            self.problem(key, _("`{value}` is not a day of the year: write it as MM-DD, like 06-29 for 29 June")
                         .format(value=value))
            return None
        return (day.month, day.day)

    # --- translatable text -------------------------------------------------------------------
    def text(self, key) -> Text | None:
        value = self.data.get(key)
        return None if value is None else self.text_value(value, self.at(key))

    def text_value(self, value, path) -> Text | None:
        if isinstance(value, dict):
            texts = {}
            for lang, text in value.items():
                if not LANG_PATTERN.match(str(lang)):
                    self.source.problem(path + (lang,), _not_a_language(lang))
                    continue
                if isinstance(text, (dict, list)) or text is None:
                    self.source.problem(path + (lang,), _("should be a text"))
                    continue
                texts[lang] = self._as_text(text, path + (lang,)).strip()
            if "it" not in texts:
                self.source.problem(path, _("the Italian text (`it:`) is required"))
                return None
            return Text.of(texts)
        if isinstance(value, list) or value is None:
            self.source.problem(path, _("should be a text, or a map of languages to texts, found {kind}").format(
                kind=_kind(value)))
            return None
        text = self._as_text(value, path).strip()
        if not text:
            self.source.problem(path, _("is empty"))
            return None
        return Text.of({"it": text})

    def _as_text(self, value, path) -> str:
        if isinstance(value, str):
            return value
        return self.source.text_at(path) or str(value)

    def keywords(self, key) -> Keywords:
        value = self.data.get(key)
        if value is None:
            return NO_KEYWORDS
        if isinstance(value, list):
            return Keywords((("it", self._phrases(value, self.at(key))),))
        if isinstance(value, dict):
            by_lang = []
            for lang, phrases in value.items():
                if not LANG_PATTERN.match(str(lang)):
                    self.source.problem(self.at(key) + (lang,), _not_a_language(lang))
                    continue
                if not isinstance(phrases, list):
                    self.source.problem(self.at(key) + (lang,), _("should be a list of words and phrases"))
                    continue
                by_lang.append((lang, self._phrases(phrases, self.at(key) + (lang,))))
            return Keywords(tuple(by_lang))
        self.problem(key, _("should be a list of words, like [badante, aiuto in casa]"))
        return NO_KEYWORDS

    def _phrases(self, items, path) -> tuple:
        phrases = []
        for index, item in enumerate(items):
            if isinstance(item, (dict, list)) or item is None:
                self.source.problem(path + (index,), _("should be a word or a phrase"))
                continue
            phrases.append(self._as_text(item, path + (index,)).strip())
        return tuple(phrase for phrase in phrases if phrase)

    # --- lists and structures ----------------------------------------------------------------
    def list_of(self, key) -> list:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, _("should be a list, like [a, b], found {kind}").format(kind=_kind(value)))
            return []
        return value

    def id_list(self, key) -> tuple:
        ids = []
        for index, value in enumerate(self.list_of(key)):
            text = self._as_text(value, self.at(key) + (index,)) if not isinstance(value, (dict, list)) else ""
            if not ID_PATTERN.match(text.strip()):
                self.source.problem(self.at(key) + (index,), _not_an_id(value))
                continue
            ids.append(text.strip())
        return tuple(ids)

    def texts(self, key) -> tuple:
        return tuple(text for index, value in enumerate(self.list_of(key))
                     if (text := self.text_value(value, self.at(key) + (index,))) is not None)

    def strings(self, key) -> tuple:
        return tuple(self._as_text(value, self.at(key) + (index,)).strip()
                     for index, value in enumerate(self.list_of(key))
                     if not isinstance(value, (dict, list)) and value is not None)

    def age(self, key) -> AgeRange | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, _("should be a map like {min: 65} or {min: 18, max: 64}"))
            return None
        bounds = {}
        for bound, number in value.items():
            if bound not in ("min", "max"):
                self.source.problem(self.at(key) + (bound,), _("unknown field: use `min` and `max`"))
            elif isinstance(number, bool) or not isinstance(number, int) or number < 0 or number > 130:
                self.source.problem(self.at(key) + (bound,), _("should be a whole number of years, 0 to 130"))
            else:
                bounds[bound] = number
        if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
            self.problem(key, _("`min` is greater than `max`"))
            return None
        return AgeRange(bounds.get("min"), bounds.get("max")) if bounds else None

    def geo(self, key) -> tuple | None:
        value = self.data.get(key)
        if value is None:
            return None
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in value)
                or not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180)):
            self.problem(key, _("should be [latitude, longitude], like [41.4676, 12.9037]"))
            return None
        return (float(value[0]), float(value[1]))

    def hours(self, key) -> dict:
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(key, _('should be a map of weekdays (mon…sun) to lists of "HH:MM-HH:MM"'))
            return {}
        week = {}
        for day, spans in value.items():
            path = self.at(key) + (day,)
            if day not in WEEKDAYS:
                self.source.problem(path, _("`{day}` is not a weekday{hint}: use {weekdays}").format(
                    day=day, hint=_closest(day, WEEKDAYS), weekdays=", ".join(WEEKDAYS)))
                continue
            if isinstance(spans, str):
                spans = [spans]
            if not isinstance(spans, list):
                self.source.problem(path, _('should be a list like ["09:00-12:30"]'))
                continue
            week[day] = [span for index, raw in enumerate(spans)
                         if (span := self._span(raw, path + (index,))) is not None]
        return week

    def _span(self, raw, path):
        text = self._as_text(raw, path).replace(" ", "").replace("–", "-") if raw is not None else ""
        match = HOURS_PATTERN.match(text)
        if not match:
            message = _('`{value}` is not an opening time{hint}: write "HH:MM-HH:MM", like "09:00-12:30"')
            self.source.problem(path, message.format(value=raw, hint=_hours_hint(text)))
            return None
        start_h, start_m, end_h, end_m = (int(group) for group in match.groups())
        start = time(start_h % 24, start_m)
        end = time(23, 59) if end_h == 24 else time(end_h, end_m)
        if end <= start:
            self.source.problem(path, _("`{value}`: the closing time must come after the opening time").format(value=raw))
            return None
        doubt = _implausible(start, end)
        if doubt:
            self.source.problem(path, _("`{value}` {doubt}: check it is right").format(value=raw, doubt=doubt), "warning")
        return (start, end)

    def move(self, key) -> tuple | None:
        """`{date: 2027-01-11, address: "Via Nuova 1, 04100 Latina"}`: where the door moves, and when;
        with `until: 2027-01-20` the move is temporary and the door is back at its address after that day."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict) or not {"date", "address"} <= set(value) <= {"date", "address", "until"}:
            self.problem(key, _('should be a map like {date: 2027-01-11, address: "Via Nuova 1, 04100 Latina"} '
                                '(and `until: 2027-01-20` if the move is temporary)'))
            return None
        day = self.a_date("date", value["date"], self.at(key) + ("date",))
        until = self.a_date("until", value.get("until"), self.at(key) + ("until",)) if "until" in value else None
        address = self._as_text(value["address"], self.at(key) + ("address",)).strip()
        if not address:
            self.source.problem(self.at(key) + ("address",), _("is empty"))
        if day and until and until < day:
            self.source.problem(self.at(key) + ("until",), _("is before `date`: the move must end after it starts"))
            return None
        return (day, address, until) if day and address else None

    def dates(self, key) -> frozenset:
        return frozenset(day for index, value in enumerate(self.list_of(key))
                         if (day := self.a_date(key, value, self.at(key) + (index,))) is not None)


def _date_example(value) -> str:
    """The date the editor meant, written as the format wants ("31/10/2026" -> 2026-10-31), or any date."""
    match = ITALIAN_DATE.match(str(value).strip())
    if match:
        day, month, year = (int(group) for group in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass
    return "2026-03-31"


def _not_an_id(value) -> str:
    return _("`{value}` is not a valid id: use lower-case letters, digits and dashes").format(value=value)


def _not_a_language(code) -> str:
    if " " in str(code).strip():  # YAML cut a text in two: a comma inside { }, or ": " in a plain text
        return _("`{lang}` is not a language code: it looks like a piece of text; write the whole text "
                 "in quotes (a comma inside {{ }} or a colon followed by a space cuts it)").format(lang=code)
    return _("`{lang}` is not a two-letter language code (it, en, ro…)").format(lang=code)


def _closest(key: str, allowed) -> str:
    """" (did you mean `phone`?)": the key meant by an Italian word (`telefono`, `lun`), else the nearest."""
    meant = ITALIAN_KEYS.get(str(key).strip().lower())
    if meant in allowed:
        return _(" (did you mean `{key}`?)").format(key=meant)
    from rapidfuzz import process
    match = process.extractOne(str(key), sorted(allowed), score_cutoff=70)
    return _(" (did you mean `{key}`?)").format(key=match[0]) if match else ""


def _hours_hint(text: str) -> str:
    """"09.00-12.30" or "9-12:30" written as the format wants, when that is what the editor meant."""
    match = LOOSE_HOURS.match(text)
    if not match:
        return ""
    start_h, start_m, end_h, end_m = match.groups()
    meant = f'{int(start_h):02d}:{start_m or "00"}-{int(end_h):02d}:{end_m or "00"}'
    return _(' (did you mean "{hours}"?)').format(hours=meant)


def _implausible(start: time, end: time) -> str | None:
    """Why a plausible-looking span may still be a typo: doors rarely open before 7 or after 20."""
    if start < EARLIEST:
        return _("opens before {time}").format(time=f"{EARLIEST:%H:%M}")
    if end > LATEST:
        return _("closes after {time}").format(time=f"{LATEST:%H:%M}")
    if (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) > LONGEST_SPAN_MINUTES:
        return _("is open more than {hours} hours in a row").format(hours=LONGEST_SPAN_MINUTES // 60)
    return None
