"""What needs an editor's care, most urgent first: services nobody can reach, doors that do not say when
they open, reviews older than a year, summaries too hard to read, missing translations, keywords so
common they no longer tell services apart. None of these blocks publishing."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .catalog import Catalog
from .messages import _
from .model import REVIEW_AFTER
from .quality import LANGUAGES, file_lines, item_line, quality_warnings
from .starter import TO_FILL
from .source import Problem

MAX_SERVICES_PER_KEYWORD = 4
KINDS = ("unreachable", "to-fill", "door-without-hours", "not-reviewed", "hard-summary", "untranslated", "shared-keyword")


@dataclass
class CareItem:
    kind: str  # one of KINDS, in order of urgency
    problem: Problem
    editor: str | None = None

    @property
    def urgency(self) -> int:
        return KINDS.index(self.kind)


def care_list(catalog: Catalog, today: date | None = None) -> list[CareItem]:
    today = today or date.today()
    found = (_unreachable(catalog) + _to_fill(catalog) + _doors_without_hours(catalog) + _not_reviewed(catalog, today)
             + [CareItem("hard-summary", warning) for warning in quality_warnings(catalog)]
             + _untranslated(catalog) + _shared_keywords(catalog))
    return sorted(found, key=lambda item: (item.urgency, item.problem.file, item.problem.line))


def _positions(catalog: Catalog, items) -> list:
    """(item, file, index in its file's section), in file order."""
    counters: dict[str, int] = defaultdict(lambda: -1)
    placed = []
    for item in items:
        file = catalog.districts[item.district].file
        counters[file] += 1
        placed.append((item, file, counters[file]))
    return placed


def _care(kind, file, section, index, item_id, key, message, editor=None) -> CareItem:
    return CareItem(kind, Problem(file, item_line(file, item_id, key), f"{section}[{item_id}].{key}", message,
                                  "care"), editor)


def _unreachable(catalog: Catalog) -> list[CareItem]:
    return [_care("unreachable", file, "services", index, service.id, "comuni",
                  _("nobody can reach this service: it names no comune and no door"))
            for service, file, index in _positions(catalog, catalog.services.values())
            if service.listed and service.comuni == () and not service.access_points]


def _to_fill(catalog: Catalog) -> list[CareItem]:
    """What `finder new-district` left for the editor to write."""
    message = _("replace `{placeholder}` with the real value").format(placeholder=TO_FILL)
    return [CareItem("to-fill", Problem(district.file, number, "(file)", message, "care"))
            for district in catalog.districts.values()
            for number, line in enumerate(file_lines(district.file), 1)
            if TO_FILL in line.split("#", 1)[0]]


def _doors_without_hours(catalog: Catalog) -> list[CareItem]:
    return [_care("door-without-hours", file, "access_points", index, point.id, "hours",
                  _("neither opening hours nor how to book (`appointment`): people cannot know when to come"))
            for point, file, index in _positions(catalog, catalog.access_points.values())
            if not point.hours and point.appointment is None]


def _not_reviewed(catalog: Catalog, today: date) -> list[CareItem]:
    stale = []
    for service, file, index in _positions(catalog, catalog.services.values()):
        age = today - service.reviewed
        if service.listed and age > REVIEW_AFTER:
            who = _(", by {editor}").format(editor=service.reviewed_by) if service.reviewed_by else ""
            message = _("not reviewed for {months} months (last on {day}{editor})").format(
                months=age.days // 30, day=service.reviewed, editor=who)
            stale.append(_care("not-reviewed", file, "services", index, service.id, "reviewed", message,
                               service.reviewed_by))
    return sorted(stale, key=lambda item: item.problem.message)


def _untranslated(catalog: Catalog) -> list[CareItem]:
    missing_by_service = []
    for service, file, index in _positions(catalog, catalog.services.values()):
        missing = [lang for lang in LANGUAGES if not (service.name.has(lang) and service.summary.has(lang))]
        if service.listed and missing:
            missing_by_service.append(_care("untranslated", file, "services", index, service.id, "name",
                                            _("name or summary not translated into: {languages}").format(
                                                languages=", ".join(missing))))
    return missing_by_service


def _shared_keywords(catalog: Catalog) -> list[CareItem]:
    services_by_keyword = defaultdict(list)
    for service, file, index in _positions(catalog, catalog.services.values()):
        for keyword in {phrase.lower() for phrase in service.keywords.get("it")}:
            services_by_keyword[(service.district, keyword)].append((service, file, index))
    shared = []
    for (_district, keyword), holders in services_by_keyword.items():
        if len(holders) > MAX_SERVICES_PER_KEYWORD:
            service, file, index = holders[0]
            shared.append(_care("shared-keyword", file, "services", index, service.id, "keywords",
                                _("the keyword `{keyword}` is given to {count} services ({services}): it no longer "
                                  "tells them apart").format(keyword=keyword, count=len(holders),
                                                             services=", ".join(holder.id for holder, *_rest in holders))))
    return shared
