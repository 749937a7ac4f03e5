"""The catalogue as plain JSON-ready data: what the read-only API answers and the CSV export writes.
Translatable texts become maps of languages to texts; dates and times ISO strings."""
from __future__ import annotations

from datetime import datetime

from .catalog import Catalog
from .fields import WEEKDAYS
from .hours import opening_status
from .model import AccessPoint, Comune, Service, Text

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


def text_json(text: Text | None):
    return dict(text.values) if text is not None else None


def hours_json(point: AccessPoint) -> dict:
    return {day: [f"{start:%H:%M}-{end:%H:%M}" for start, end in point.hours[day]]
            for day in WEEKDAYS if point.hours.get(day)}


def service_summary_json(service: Service) -> dict:
    return {"id": service.id, "name": text_json(service.name), "summary": text_json(service.summary),
            "audiences": list(service.audiences), "categories": list(service.categories),
            "status": service.status, "district": service.district}


def service_json(catalog: Catalog, service: Service) -> dict:
    return {
        **service_summary_json(service),
        "description": text_json(service.description), "eligibility": text_json(service.eligibility),
        "age": {"min": service.age.min, "max": service.age.max} if service.age else None,
        "isee_max": service.isee_max, "cost": text_json(service.cost),
        "documents": [text_json(document) for document in service.documents],
        "how_to_apply": text_json(service.how_to_apply),
        "comuni": [comune.id for comune in catalog.comuni_of(service)],
        "access_points": list(service.access_points), "nomenclatore": service.nomenclatore,
        "legal_basis": service.legal_basis, "alert": text_json(service.alert),
        "reviewed": service.reviewed.isoformat(),
    }


def access_point_json(point: AccessPoint, now: datetime | None = None) -> dict:
    status = opening_status(point, now)
    return {
        "id": point.id, "name": text_json(point.name), "kind": point.kind, "comune": point.comune,
        "address": point.address, "geo": list(point.geo) if point.geo else None, "phone": point.phone,
        "email": point.email, "website": point.website, "hours": hours_json(point),
        "closed": sorted(day.isoformat() for day in point.closed), "appointment": text_json(point.appointment),
        "accessibility": text_json(point.accessibility), "languages": ["it", *point.languages],
        "alert": text_json(point.alert), "district": point.district,
        "open_now": status.open_now, "by_appointment": status.by_appointment,
        "closes_at": status.closes_at.isoformat() if status.closes_at else None,
        "next_opening": status.next_opening.isoformat() if status.next_opening else None,
    }


def comune_json(catalog: Catalog, comune: Comune) -> dict:
    return {"id": comune.id, "name": comune.name, "istat": comune.istat, "aliases": list(comune.aliases),
            "district": comune.district, "access_point": comune.access_point,
            "services": [service.id for service in catalog.services_for(comune=comune.id, offered_only=False)]}
