"""The format's fields, once: which keys each item may have, which are required, and what kind of value
each holds. The loader takes its allowed and required keys from here, and `finder schema` builds the
JSON Schema editors' tools read from the same table, so the two never disagree."""
from __future__ import annotations

FORMS = ("convenzione", "unione", "consorzio", "accordo-di-programma", "azienda-speciale", "altro")
KINDS = ("segretariato-sociale", "pua", "ufficio-di-piano", "sportello", "centro", "altro")
STATUSES = ("active", "suspended", "closed")
SECTIONS = ("district", "comuni", "access_points", "audiences", "categories", "services", "emergencies")
OPTIONAL_SECTIONS = ("emergencies",)

# section -> field -> (kind, required). A kind is a name in finder/catalog/schema.py's KINDS_OF_VALUE,
# a tuple of choices, or "ref:<section>" for an id that must name an item of that section.
FIELDS_BY_SECTION = {
    "district": {
        "id": ("id", True), "name": ("text", True), "form": (FORMS, True),
        "lead_comune": ("ref:comuni", True), "office": ("ref:access_points", False),
        "website": ("string", False), "email": ("string", False), "phone": ("string", False),
        "description": ("text", False), "demo": ("boolean", False),
    },
    "comuni": {
        "id": ("id", True), "name": ("string", True), "istat": ("istat", False),
        "aliases": ("strings", False), "access_point": ("ref:access_points", True),
        "patron_day": ("month_day", False),
    },
    "access_points": {
        "id": ("id", True), "name": ("text", True), "kind": (KINDS, True), "comune": ("ref:comuni", True),
        "address": ("string", True), "geo": ("geo", False), "phone": ("string", False),
        "email": ("string", False), "website": ("string", False), "hours": ("hours", False),
        "closed": ("dates", False), "appointment": ("text", False), "accessibility": ("text", False),
        "languages": ("strings", False), "alert": ("text", False), "move": ("move", False),
    },
    "audiences": {
        "id": ("id", True), "name": ("text", True), "description": ("text", False),
        "keywords": ("keywords", False), "age": ("age", False),
    },
    "categories": {
        "id": ("id", True), "name": ("text", True), "description": ("text", False),
        "keywords": ("keywords", False),
    },
    "services": {
        "id": ("id", True), "name": ("text", True), "summary": ("text", True),
        "description": ("text", False), "audiences": ("refs:audiences", True),
        "categories": ("refs:categories", True), "comuni": ("comuni", False),
        "access_points": ("refs:access_points", False), "eligibility": ("text", False),
        "age": ("age", False), "isee_max": ("number", False), "cost": ("text", False),
        "documents": ("texts", False), "how_to_apply": ("text", False), "keywords": ("keywords", False),
        "nomenclatore": ("string", False), "legal_basis": ("string", False), "status": (STATUSES, False),
        "alert": ("text", False), "reviewed": ("date", True), "reviewed_by": ("string", False),
        "needs": ("needs", False),
    },
    "emergencies": {
        "id": ("id", True), "triggers": ("strings", True), "message": ("text", True),
        "numbers": ("numbers", True), "services": ("refs:services", False),
    },
}


def allowed_and_required(section: str) -> tuple[set, set]:
    fields = FIELDS_BY_SECTION[section]
    return set(fields), {name for name, (_, required) in fields.items() if required}
