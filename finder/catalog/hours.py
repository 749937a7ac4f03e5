"""One place decides whether a door is open now, and when it opens next (Europe/Rome time)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from .fields import WEEKDAYS
from .model import AccessPoint

ROME = ZoneInfo("Europe/Rome")
LOOKAHEAD_DAYS = 21
CLOSURES_AHEAD_DAYS = 30  # closures announced on a door: the coming month


@dataclass(frozen=True)
class OpeningStatus:
    open_now: bool
    closes_at: datetime | None = None  # when open
    next_opening: datetime | None = None  # when closed; None if by appointment or not within 3 weeks
    by_appointment: bool = False
    closed_today: bool = False  # a holiday or closure on a day the door usually opens
    holiday_today: bool = False  # a national holiday or the patron saint's day, on a day the door usually opens


def rome_now() -> datetime:
    return datetime.now(ROME)


def opening_status(point: AccessPoint, now: datetime | None = None) -> OpeningStatus:
    now = (now or rome_now()).astimezone(ROME)
    if point.by_appointment_only:
        return OpeningStatus(False, by_appointment=True)
    for start, end in _spans_on(point, now):
        if start <= now < end:
            return OpeningStatus(True, closes_at=end)
    closed_today = now.date() in point.closed and bool(point.hours.get(WEEKDAYS[now.weekday()]))
    holiday_today = is_holiday(now.date(), point.patron_day) and bool(point.hours.get(WEEKDAYS[now.weekday()]))
    for day_offset in range(LOOKAHEAD_DAYS):
        day = now + timedelta(days=day_offset)
        for start, _ in _spans_on(point, day):
            if start > now:
                return OpeningStatus(False, next_opening=start, closed_today=closed_today,
                                     holiday_today=holiday_today)
    return OpeningStatus(False, closed_today=closed_today, holiday_today=holiday_today)


def upcoming_closures(point: AccessPoint, now: datetime | None = None) -> list:
    """The closure dates of the coming month that fall on a day the door usually opens, soonest first."""
    today = (now or rome_now()).astimezone(ROME).date()
    last = today + timedelta(days=CLOSURES_AHEAD_DAYS)
    return sorted(day for day in point.closed
                  if today <= day <= last and point.hours.get(WEEKDAYS[day.weekday()]))


def is_holiday(day: date, patron_day: tuple | None = None) -> bool:
    """An Italian national holiday (Easter Monday included), or the comune's patron saint's day."""
    return day in _national_holidays(day.year) or (day.month, day.day) == patron_day


@lru_cache(maxsize=8)
def _national_holidays(year: int):
    return holidays.country_holidays("IT", years=year)


def _spans_on(point: AccessPoint, moment: datetime):
    day = moment.date()
    if day in point.closed or is_holiday(day, point.patron_day):
        return []
    spans = point.hours.get(WEEKDAYS[day.weekday()], [])
    return [(datetime.combine(day, start, ROME), datetime.combine(day, end, ROME)) for start, end in spans]


def weekly_hours(point: AccessPoint) -> list:
    """[(weekday index 0=Monday, [(start, end), ...]), ...] for the days the door opens."""
    return [(index, point.hours[day]) for index, day in enumerate(WEEKDAYS) if point.hours.get(day)]
