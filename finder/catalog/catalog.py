"""The whole catalogue of one or more districts, and the questions the site asks of it."""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .compiled import parse_cached
from .messages import _
from .model import AccessPoint, Comune, Service
from .parse import Parsed, problems_of
from .source import Problem


class CatalogError(Exception):
    """The files have errors; `problems` lists them all (warnings too)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class Catalog:
    files: tuple
    districts: dict = field(default_factory=dict)
    comuni: dict = field(default_factory=dict)
    access_points: dict = field(default_factory=dict)
    audiences: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)
    emergencies: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)

    # --- what the site shows -----------------------------------------------------------------
    @property
    def several_districts(self) -> bool:
        """A region's or a country's site: a person starts from their comune, listings are scoped."""
        return len(self.districts) > 1

    @property
    def demo(self) -> bool:
        return any(district.demo for district in self.districts.values())

    def listed_services(self) -> tuple:
        """Services a person can browse: suspended ones included (with their notice), closed ones not.
        Built once: a page of a national listing shows 50 of 22,800 without walking the others (in a
        worker, every object a request walks is copied out of the pages it shares with the master)."""
        return self._listed

    @cached_property
    def _listed(self) -> tuple:
        return tuple(service for service in self.services.values() if service.listed)

    def build_lookups(self) -> None:
        """Build what the pages look up, before the first request: in gunicorn's master, before the fork,
        the workers share it instead of each building its own."""
        for lookup in ("_listed", "_by_district", "_violence_reach"):
            getattr(self, lookup)

    @cached_property
    def _by_district(self) -> dict:
        """(table name, district id) -> its items, built once: a country's site has 600 districts, and every
        question about a comune concerns one of them (the catalogue does not change once put together)."""
        grouped = defaultdict(list)
        for name in ("comuni", "services", "access_points", "audiences", "categories"):
            for item in getattr(self, name).values():
                grouped[(name, item.district)].append(item)
        return dict(grouped)

    def in_district(self, name: str, district: str) -> list:
        return list(self._by_district.get((name, district), ()))

    def comuni_of(self, service: Service) -> list[Comune]:
        if service.comuni is None:
            return self.in_district("comuni", service.district)
        return [self.comuni[comune_id] for comune_id in service.comuni]

    def offered_in(self, service: Service, comune: Comune) -> bool:
        if comune.district != service.district:
            return False
        return service.comuni is None or comune.id in service.comuni

    def services_for(self, audience: str | None = None, comune: str | None = None,
                     category: str | None = None, offered_only: bool = True, district: str | None = None) -> list[Service]:
        """Services matching every answer given; the suspended ones only when `offered_only` is false."""
        found = []
        district = district or next((table[item].district for table, item in (
            (self.comuni, comune), (self.audiences, audience), (self.categories, category)) if item in table), None)
        for service in self.in_district("services", district) if district else self.services.values():
            if not (service.offered if offered_only else service.listed):
                continue
            if audience and audience not in service.audiences:
                continue
            if category and category not in service.categories:
                continue
            if comune and not self.offered_in(service, self.comuni[comune]):
                continue
            found.append(service)
        return found

    def listed_for(self, audience: str | None = None, comune: str | None = None, category: str | None = None,
                   district: str | None = None):
        """A listing's services (suspended ones included): with nothing chosen, the whole catalogue's
        listing itself, not a copy of it."""
        if audience or comune or category or district:
            return self.services_for(audience, comune, category, offered_only=False, district=district)
        return self.listed_services()

    def of_district(self, name: str, district: str | None) -> list:
        """The items of a table (`comuni`, `audiences`, `categories`, `access_points`) of one district, or all."""
        return self.in_district(name, district) if district else list(getattr(self, name).values())

    def doors_for(self, service: Service, comune: Comune | None) -> list[AccessPoint]:
        """Where to go for `service`: its own access points, else the resident's comune's door."""
        if service.access_points:
            return [self.access_points[ap] for ap in service.access_points]
        if comune is not None:
            return [self.access_points[comune.access_point]]
        return []

    def door_for(self, service: Service, comune: Comune | None) -> AccessPoint | None:
        doors = self.doors_for(service, comune)
        if not doors:
            return None
        if comune is not None:
            in_comune = [door for door in doors if door.comune == comune.id]
            if in_comune:
                return in_comune[0]
        return doors[0]

    def door_to_name(self, service: Service, comune: Comune | None) -> AccessPoint | None:
        """The one door to name for `service` (the chat's answer and its cards): in the person's comune,
        or, while the comune is unknown, the service's own door when it has a single one for everybody."""
        if comune is None and len(service.access_points) != 1:
            return None
        return self.door_for(service, comune)

    def office_of(self, district_id: str) -> AccessPoint | None:
        office = self.districts[district_id].office
        return self.access_points.get(office) if office else None

    def services_at(self, access_point: AccessPoint) -> list[Service]:
        """Services you apply for at this door (its own, or because it is a comune's default door)."""
        served_comuni = [c for c in self.in_district("comuni", access_point.district) if c.access_point == access_point.id]
        found = []
        for service in self.listed_services():
            if service.district != access_point.district and access_point.id not in service.access_points:
                continue
            if access_point.id in service.access_points:
                found.append(service)
            elif not service.access_points and any(self.offered_in(service, c) for c in served_comuni):
                found.append(service)
        return found

    # --- where a quick exit is needed ---------------------------------------------------------
    def violence_audiences(self) -> set:
        """The audiences every violence-emergency service of a district serves (women facing violence)."""
        return self._violence_reach[0]

    def violence_services(self) -> set:
        """The violence emergencies' services and every service only for their district's such audiences:
        someone reading about them may need to leave the page at once."""
        return self._violence_reach[1]

    @cached_property
    def _violence_reach(self) -> tuple[set, set]:
        by_district = defaultdict(list)
        for emergency in self.emergencies.values():
            if emergency.about_violence:
                for service_id in emergency.services:
                    if service_id in self.services:
                        by_district[self.services[service_id].district].append(self.services[service_id])
        audiences, services = set(), set()
        for district, listed in by_district.items():
            shared = set.intersection(*(set(service.audiences) for service in listed))
            audiences |= shared
            services |= {service.id for service in listed}
            if shared:
                services |= {service.id for service in self.in_district("services", district)
                             if set(service.audiences) <= shared}
        return audiences, services

    def touches_violence(self, services=(), audience: str | None = None, access_point: str | None = None) -> bool:
        """Whether a page showing these services, this audience or this door needs the quick exit."""
        sensitive = self.violence_services()
        return (any(service.id in sensitive for service in services)
                or audience in self.violence_audiences()
                or access_point is not None  # not walked for every page: a country has 1,800 such services
                and any(access_point in self.services[service_id].access_points for service_id in sensitive))


SECTION_ATTRIBUTES = {"comuni": "comuni", "access_points": "access_points", "audiences": "audiences",
                      "categories": "categories", "services": "services", "emergencies": "emergencies"}


def load_catalog(paths, today: date | None = None, texts: dict | None = None) -> Catalog:
    """Read, check and put together the catalogue files; raise CatalogError if any has an error."""
    problems, catalog = check_files(paths, today, texts)
    if catalog is None:
        raise CatalogError(problems)
    return catalog


def check_files(paths, today: date | None = None, texts: dict | None = None, kept_in=None):
    """All the problems of the files, and the catalogue when there is no error (else None). With `kept_in`
    (a folder), each file's reading is kept there and read back while the file does not change."""
    texts = texts or {}
    unique = {}
    for path in paths:  # a file named twice is read once, not reported as clashing with itself
        unique.setdefault(os.path.realpath(path), path)
    paths = list(unique.values())
    today = today or date.today()
    parsed_files = [parse_cached(str(path), texts.get(str(path)), today, kept_in) for path in paths]
    catalog = Catalog(files=tuple(str(path) for path in paths))
    problems = problems_of(parsed_files)
    problems += _put_together(catalog, parsed_files)
    _give_doors_their_patron_day(catalog)
    problems += _check_references(catalog, parsed_files)
    errors = [problem for problem in problems if problem.severity == "error"]
    catalog.warnings = [problem for problem in problems if problem.severity != "error"]
    return problems, (None if errors else catalog)


def _put_together(catalog: Catalog, parsed_files: list[Parsed]) -> list[Problem]:
    problems, origin = [], {}
    for parsed in parsed_files:
        source = parsed.source
        district = parsed.district
        if district:
            if district.id in catalog.districts:
                problems.append(_clash(source, ("district", "id"), district.id, origin[("district", district.id)]))
            else:
                catalog.districts[district.id] = district
                origin[("district", district.id)] = source.file
        for section, attribute in SECTION_ATTRIBUTES.items():
            target = getattr(catalog, attribute)
            for built, path in parsed.items[section]:
                key = (section, built.id)
                if built.id in target:
                    problems.append(_clash(source, path + ("id",), built.id, origin[key]))
                    continue
                target[built.id] = built
                origin[key] = source.file
    return problems


def _give_doors_their_patron_day(catalog: Catalog) -> None:
    """A door closes on its comune's patron saint's day: "open now" reads it from the door."""
    for point in catalog.access_points.values():
        comune = catalog.comuni.get(point.comune)
        point.patron_day = comune.patron_day if comune else None


def _clash(source, path, item_id, first_file) -> Problem:
    if first_file == source.file:
        message = _("the id `{id}` is already used earlier in this file; ids must be unique").format(id=item_id)
    else:
        message = _("the id `{id}` is already used in {file}; ids must be unique").format(id=item_id, file=first_file)
    return Problem(source.file, source.line_of(path), source.field_name(path), message)


def _check_references(catalog: Catalog, parsed_files: list[Parsed]) -> list[Problem]:
    problems = []

    def check(parsed, path, ref, target, what, district=None):
        if ref is None:
            return
        item = target.get(ref)
        source = parsed.source
        if item is None:
            problems.append(Problem(source.file, source.line_of(path), source.field_name(path),
                                    NO_SUCH_ID[what]().format(id=ref) + _suggest(ref, target)))
        elif district is not None and getattr(item, "district", district) != district:
            problems.append(Problem(source.file, source.line_of(path), source.field_name(path),
                                    _("`{id}` belongs to another district's file").format(id=ref)))

    for parsed in parsed_files:
        for reference in _references(catalog, parsed):
            check(parsed, *reference)
    return problems


# what a reference names -> its message ("no comune has the id `x`"), whole, so each language can word it
NO_SUCH_ID = {"comune": lambda: _("no comune has the id `{id}`"),
              "access point": lambda: _("no access point has the id `{id}`"),
              "audience": lambda: _("no audience has the id `{id}`"),
              "category": lambda: _("no category has the id `{id}`"),
              "service": lambda: _("no service has the id `{id}`")}


def _references(catalog: Catalog, parsed: Parsed):
    """(path, id, the table it must be in, what it names, the district it must belong to) for every
    reference one file makes."""
    district = parsed.district
    if district:
        yield ("district", "lead_comune"), district.lead_comune, catalog.comuni, "comune", district.id
        yield ("district", "office"), district.office, catalog.access_points, "access point", district.id
    for comune, path in parsed.items["comuni"]:
        yield path + ("access_point",), comune.access_point, catalog.access_points, "access point", None
    for point, path in parsed.items["access_points"]:
        yield path + ("comune",), point.comune, catalog.comuni, "comune", None
    for service, path in parsed.items["services"]:
        for key, target, what in (("audiences", catalog.audiences, "audience"),
                                  ("categories", catalog.categories, "category"),
                                  ("comuni", catalog.comuni, "comune"),
                                  ("access_points", catalog.access_points, "access point")):
            for index, ref in enumerate(getattr(service, key) or ()):
                yield path + (key, index), ref, target, what, service.district if key != "access_points" else None
    for emergency, path in parsed.items["emergencies"]:
        for index, ref in enumerate(emergency.services):
            yield path + ("services", index), ref, catalog.services, "service", None


def _suggest(ref: str, target: dict) -> str:
    from rapidfuzz import process
    match = process.extractOne(ref, list(target), score_cutoff=75)
    return _(" (did you mean `{key}`?)").format(key=match[0]) if match else ""
