"""The catalogue as plain objects: what a district offers, to whom, where and through which door."""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT_LANG = "it"
REVIEW_AFTER = timedelta(days=365)  # a record nobody checked for longer is shown "da verificare", never hidden


@dataclass(frozen=True)
class Text:
    """A text an editor may translate: Italian always, other languages when written."""

    values: tuple  # ((lang, text), ...), Italian first

    @classmethod
    def of(cls, values: dict) -> "Text":
        ordered = sorted(values.items(), key=lambda item: item[0] != DEFAULT_LANG)
        return cls(tuple(ordered))

    def has(self, lang: str) -> bool:
        return any(code == lang for code, _ in self.values)

    def get(self, lang: str = DEFAULT_LANG) -> str:
        for code, text in self.values:
            if code == lang:
                return text
        return self.values[0][1]

    def languages(self) -> list:
        return [code for code, _ in self.values]

    def __str__(self) -> str:
        return self.values[0][1]

    def __eq__(self, other) -> bool:  # a PackedText equals the Text it packs
        return isinstance(other, Text) and self.values == other.values


class PackedText(Text):
    """A long Text (a description, the steps to apply) kept compressed: a region's catalogue holds tens of
    thousands of them, each in up to six languages, and a page shows one service's at a time."""

    def __init__(self, values: tuple):
        object.__setattr__(self, "packed", zlib.compress(SEPARATOR.join(
            f"{lang}{LANG_END}{text}" for lang, text in values).encode("utf-8")))

    @property
    def values(self) -> tuple:
        return tuple(tuple(part.split(LANG_END, 1))
                     for part in zlib.decompress(self.packed).decode("utf-8").split(SEPARATOR))

    def __reduce__(self):
        return _unpacked_later, (self.packed,)


SEPARATOR, LANG_END = "\x1e", "\x1f"  # ASCII record and unit separators: never in an editor's text


def _unpacked_later(packed: bytes) -> PackedText:
    text = object.__new__(PackedText)
    object.__setattr__(text, "packed", packed)
    return text


def packed(text: Text | None) -> Text | None:
    return None if text is None else PackedText(text.values)


@dataclass(frozen=True)
class Keywords:
    by_lang: tuple  # ((lang, (phrase, ...)), ...)

    def get(self, lang: str) -> tuple:
        return dict(self.by_lang).get(lang, ())

    def all(self) -> list:
        return [phrase for _, phrases in self.by_lang for phrase in phrases]


NO_KEYWORDS = Keywords(())


@dataclass(frozen=True)
class AgeRange:
    min: int | None = None
    max: int | None = None

    def holds(self, age: int) -> bool:
        return (self.min is None or age >= self.min) and (self.max is None or age <= self.max)


@dataclass
class District:
    id: str
    name: Text
    form: str
    lead_comune: str
    office: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    description: Text | None = None
    demo: bool = False
    file: str = ""


@dataclass
class Comune:
    id: str
    name: str
    access_point: str
    district: str
    istat: str | None = None
    aliases: tuple = ()
    patron_day: tuple | None = None  # (month, day) of the patron saint's feast: the comune's offices close


@dataclass
class AccessPoint:
    id: str
    name: Text
    kind: str
    comune: str
    address: str
    district: str
    geo: tuple | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    hours: dict = field(default_factory=dict)  # "mon" -> [(time, time), ...]
    closed: frozenset = frozenset()  # dates
    appointment: Text | None = None
    accessibility: Text | None = None
    languages: tuple = ()
    alert: Text | None = None
    move: tuple | None = None  # (date, new address, last day or None): where the office is from that day
    patron_day: tuple | None = None  # (month, day), from its comune: set when the catalogue is put together

    @property
    def by_appointment_only(self) -> bool:
        return not self.hours

    def address_on(self, day: date) -> str:
        """The address to walk to on `day`: the new one from the day of a move (until its last day)."""
        if self.move and self.move[0] <= day and (self.move[2] is None or day <= self.move[2]):
            return self.move[1]
        return self.address

    def moving_after(self, day: date) -> tuple | None:
        """(date, new address, last day or None) while a move is still to come."""
        return self.move if self.move and day < self.move[0] else None


@dataclass
class Audience:
    id: str
    name: Text
    district: str
    description: Text | None = None
    keywords: Keywords = NO_KEYWORDS
    age: AgeRange | None = None


@dataclass
class Category:
    id: str
    name: Text
    district: str
    description: Text | None = None
    keywords: Keywords = NO_KEYWORDS


@dataclass
class Service:
    id: str
    name: Text
    summary: Text
    audiences: tuple
    categories: tuple
    district: str
    reviewed: date
    comuni: tuple | None = None  # None means every comune of the district
    access_points: tuple = ()  # empty means the resident's comune's door
    description: Text | None = None
    eligibility: Text | None = None
    age: AgeRange | None = None
    isee_max: float | None = None
    cost: Text | None = None
    documents: tuple = ()  # Texts
    how_to_apply: Text | None = None
    keywords: Keywords = NO_KEYWORDS
    nomenclatore: str | None = None
    legal_basis: str | None = None
    needs: tuple = ()  # ids of the assistant's needs (finder/catalog/needs.yaml) set by an editor
    status: str = "active"
    alert: Text | None = None
    reviewed_by: str | None = None  # the editor who last checked it, when the file says

    @property
    def offered(self) -> bool:
        """Whether guided results and the assistant may offer it."""
        return self.status == "active"

    @property
    def listed(self) -> bool:
        return self.status != "closed"

    def needs_review(self, today: date) -> bool:
        return today - self.reviewed > REVIEW_AFTER


@dataclass
class EmergencyNumber:
    name: Text
    phone: str


@dataclass
class Emergency:
    id: str
    triggers: tuple
    message: Text
    numbers: tuple
    district: str
    services: tuple = ()

    @property
    def about_violence(self) -> bool:
        """The violence emergency, whatever its id: the one answered by 1522 (the national helpline)."""
        return any(number.phone.replace(" ", "") == "1522" for number in self.numbers) or "violen" in self.id

