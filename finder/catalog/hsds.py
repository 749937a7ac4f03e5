"""The catalogue as Open Referral HSDS 3.0: organizations (districts), locations (access points) and
services with their locations, schedules, phones, languages, eligibility and required documents; the same
tables as CSV for spreadsheets. Ids are UUIDs derived from Finder's ids, so they stay stable between exports."""
from __future__ import annotations

import csv
import json
import re
import uuid
from pathlib import Path

from .catalog import Catalog
from .fields import WEEKDAYS
from .model import AccessPoint, District, Service, Text

ID_SPACE = uuid.UUID("6f1b7c52-4d6e-4f43-9a53-0c3f1f3c1a10")  # Finder's own namespace for uuid5
STATUS = {"active": "active", "suspended": "temporarily closed"}
BYDAY = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU")))
ADDRESS = re.compile(r"^(?P<street>.+?),\s*(?P<postal>\d{5})\s+(?P<city>.+)$")


def hsds_id(*parts: str) -> str:
    return str(uuid.uuid5(ID_SPACE, "/".join(parts)))


def _text(text: Text | None, lang: str) -> str | None:
    return text.get(lang) if text is not None else None


def _clean(record: dict) -> dict:
    """HSDS leaves out what is not known rather than writing null."""
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def organization(district: District, lang: str) -> dict:
    return _clean({"id": hsds_id("district", district.id), "name": district.name.get(lang),
                   "description": _text(district.description, lang) or district.name.get(lang),
                   "email": district.email, "website": district.website,
                   "phones": [{"id": hsds_id("district-phone", district.id), "number": district.phone}]
                   if district.phone else []})


def location(catalog: Catalog, point: AccessPoint, lang: str) -> dict:
    point_id = hsds_id("access-point", point.id)
    comune = catalog.comuni[point.comune]
    found = ADDRESS.match(point.address)
    return _clean({
        "id": point_id, "location_type": "physical", "name": point.name.get(lang),
        "organization_id": hsds_id("district", point.district), "url": point.website,
        "latitude": point.geo[0] if point.geo else None, "longitude": point.geo[1] if point.geo else None,
        "addresses": [{"id": hsds_id("address", point.id), "location_id": point_id,
                       "address_1": found["street"] if found else point.address,
                       "city": found["city"] if found else comune.name,
                       "state_province": "", "postal_code": found["postal"] if found else "",
                       "country": "IT", "address_type": "physical"}],
        "phones": [{"id": hsds_id("phone", point.id), "location_id": point_id, "number": point.phone}]
        if point.phone else [],
        "contacts": [{"id": hsds_id("contact", point.id), "email": point.email}] if point.email else [],
        "languages": [{"id": hsds_id("language", point.id, code), "location_id": point_id, "code": code}
                      for code in ("it", *point.languages)],
        "schedules": schedules(point, lang),
        "accessibility": [{"id": hsds_id("accessibility", point.id), "location_id": point_id,
                           "description": point.accessibility.get(lang)}] if point.accessibility else [],
    })


def schedules(point: AccessPoint, lang: str) -> list[dict]:
    point_id = hsds_id("access-point", point.id)
    weekly = [{"id": hsds_id("schedule", point.id, day, str(index)), "location_id": point_id, "freq": "WEEKLY",
               "wkst": "MO", "byday": BYDAY[day], "opens_at": f"{start:%H:%M}", "closes_at": f"{end:%H:%M}"}
              for day in WEEKDAYS for index, (start, end) in enumerate(point.hours.get(day, []))]
    if not weekly and point.appointment is not None:
        return [{"id": hsds_id("schedule", point.id, "appointment"), "location_id": point_id,
                 "description": point.appointment.get(lang), "attending_type": "by appointment"}]
    return weekly


def service(catalog: Catalog, item: Service, lang: str) -> dict:
    service_id = hsds_id("service", item.id)
    district = catalog.districts[item.district]
    description = "\n\n".join(text for text in (item.summary.get(lang), _text(item.description, lang)) if text)
    return _clean({
        "id": service_id, "organization_id": hsds_id("district", item.district), "name": item.name.get(lang),
        "description": description, "status": STATUS[item.status], "alert": _text(item.alert, lang),
        "eligibility_description": _text(item.eligibility, lang),
        "minimum_age": item.age.min if item.age else None, "maximum_age": item.age.max if item.age else None,
        "application_process": _text(item.how_to_apply, lang), "fees_description": _text(item.cost, lang),
        "assured_date": item.reviewed.isoformat(),
        "organization": organization(district, lang),
        "languages": [{"id": hsds_id("service-language", item.id), "service_id": service_id, "code": "it"}],
        "required_documents": [{"id": hsds_id("document", item.id, str(index)), "service_id": service_id,
                                "document": document.get(lang)} for index, document in enumerate(item.documents)],
        "service_at_locations": [
            {"id": hsds_id("service-at-location", item.id, point.id), "service_id": service_id,
             "location_id": hsds_id("access-point", point.id), "location": location(catalog, point, lang)}
            for point in doors_of(catalog, item)],
    })


def doors_of(catalog: Catalog, item: Service) -> list[AccessPoint]:
    """Its own doors, else the default door of every comune where it is offered."""
    ids = item.access_points or tuple(dict.fromkeys(comune.access_point for comune in catalog.comuni_of(item)))
    return [catalog.access_points[point_id] for point_id in ids]


def export(catalog: Catalog, folder: Path, lang: str = "it") -> dict:
    """Write organizations.json, locations.json, services.json and csv/*.csv; return how many of each."""
    folder = Path(folder)
    (folder / "csv").mkdir(parents=True, exist_ok=True)
    documents = {
        "organizations": [organization(district, lang) for district in catalog.districts.values()],
        "locations": [location(catalog, point, lang) for point in catalog.access_points.values()],
        "services": [service(catalog, item, lang) for item in catalog.listed_services()],
    }
    for name, records in documents.items():
        (folder / f"{name}.json").write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for table, rows in tables(documents).items():
        write_csv(folder / "csv" / f"{table}.csv", rows)
    return {name: len(records) for name, records in documents.items()}


def tables(documents: dict) -> dict:
    """HSDS's tabular form: one table per kind of record, nested lists replaced by their own tables."""
    found: dict[str, dict] = {}
    for name, records in (("organization", documents["organizations"]), ("location", documents["locations"]),
                          ("service", documents["services"])):
        for record in records:
            _flatten(name, record, found)
    return {table: list(rows.values()) for table, rows in found.items()}


NESTED = {"organization": None, "location": None, "phones": "phone", "contacts": "contact", "languages": "language",
          "schedules": "schedule", "addresses": "address", "accessibility": "accessibility",
          "required_documents": "required_document", "service_at_locations": "service_at_location"}


def _flatten(table: str, record: dict, found: dict) -> None:
    row = {key: value for key, value in record.items() if key not in NESTED}
    rows = found.setdefault(table, {})
    rows.setdefault(row["id"], row)  # a location shared by many services is one row
    for key, child_table in NESTED.items():
        if child_table and isinstance(record.get(key), list):
            for child in record[key]:
                _flatten(child_table, child, found)


def write_csv(path: Path, rows: list[dict]) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
