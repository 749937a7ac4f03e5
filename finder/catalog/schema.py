"""The catalogue format as a JSON Schema, built from the loader's own field table (fieldspec.py), for
editors' tools: VS Code and other editors with a YAML language server autocomplete keys, choices and
ids from it and underline a mistake as the editor types."""
from __future__ import annotations

from .catalog import check_files
from .fieldspec import FIELDS_BY_SECTION, OPTIONAL_SECTIONS, SECTIONS
from .fields import HOURS_PATTERN, ID_PATTERN, LANG_PATTERN, WEEKDAYS
from .taxonomy import needs_taxonomy

SCHEMA_ID = "https://finder.example/schema/catalogue-1.json"
SCALAR = ["string", "number"]  # a phone `1522` is text the editor wrote; YAML reads it as a number
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date",
        "description": "YYYY-MM-DD, like 2026-03-31"}

DEFINITIONS = {
    "id": {"type": "string", "pattern": ID_PATTERN.pattern,
           "description": "lower-case letters, digits and dashes"},
    "string": {"type": SCALAR, "minLength": 1},
    "text": {"description": "a text in Italian, or a map of languages to texts (it required)",
             "anyOf": [{"type": SCALAR, "minLength": 1},
                       {"type": "object", "required": ["it"], "propertyNames": {"pattern": LANG_PATTERN.pattern},
                        "additionalProperties": {"type": SCALAR}}]},
    "strings": {"type": "array", "items": {"type": SCALAR}},
    "texts": {"type": "array", "items": {"$ref": "#/$defs/text"}},
    "keywords": {"anyOf": [{"$ref": "#/$defs/strings"},
                           {"type": "object", "propertyNames": {"pattern": LANG_PATTERN.pattern},
                            "additionalProperties": {"$ref": "#/$defs/strings"}}]},
    "boolean": {"type": "boolean"},
    "number": {"type": "number", "minimum": 0},
    "istat": {"type": "string", "pattern": r"^\d{6}$", "description": 'six digits, in quotes: "059011"'},
    "date": DATE,
    "month_day": {"type": "string", "pattern": r"^\d{2}-\d{2}$",
                  "description": "a day of every year, MM-DD: 06-29 for 29 June"},
    "dates": {"type": "array", "items": DATE},
    "geo": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
            "description": "[latitude, longitude]"},
    "age": {"type": "object", "additionalProperties": False,
            "properties": {bound: {"type": "integer", "minimum": 0, "maximum": 130} for bound in ("min", "max")}},
    "hours": {"type": "object", "additionalProperties": False,
              "properties": {day: {"anyOf": [{"$ref": "#/$defs/span"},
                                             {"type": "array", "items": {"$ref": "#/$defs/span"}}]}
                             for day in WEEKDAYS}},
    "span": {"type": "string", "pattern": HOURS_PATTERN.pattern, "description": '"HH:MM-HH:MM", like "09:00-12:30"'},
    "numbers": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["name", "phone"], "additionalProperties": False,
        "properties": {"name": {"$ref": "#/$defs/text"}, "phone": {"$ref": "#/$defs/string"}}}},
    "comuni": {"anyOf": [{"const": "all"}, {"type": "array", "items": {"$ref": "#/$defs/id"}}]},
    "move": {"type": "object", "required": ["date", "address"], "additionalProperties": False,
             "description": "where the door moves, from `date` (until `until`, if the move is temporary)",
             "properties": {"date": DATE, "until": DATE, "address": {"$ref": "#/$defs/text"}}},
    "needs": {"type": "array", "description": "the assistant's needs this service answers (finder/catalog/needs.yaml)",
              "items": {"enum": sorted(needs_taxonomy())}},
}


def catalogue_schema(ids: dict | None = None) -> dict:
    """The whole format; `ids` (section -> ids of one file) adds them as suggestions for references."""
    sections = {section: _section_schema(section, ids or {}) for section in SECTIONS}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Finder catalogue (format 1)",
        "type": "object",
        "required": ["format"] + [section for section in SECTIONS if section not in OPTIONAL_SECTIONS],
        "additionalProperties": False,
        "properties": {"format": {"const": 1}, "extra": {}, **sections},
        "$defs": DEFINITIONS,
    }


def _section_schema(section: str, ids: dict) -> dict:
    item = _item_schema(section, ids)
    return item if section == "district" else {"type": "array", "items": item}


def _item_schema(section: str, ids: dict) -> dict:
    fields = FIELDS_BY_SECTION[section]
    properties = {name: _value_schema(kind, ids, required) for name, (kind, required) in fields.items()}
    return {"type": "object", "additionalProperties": False,
            "required": [name for name, (_, required) in fields.items() if required],
            "properties": {**properties, "extra": {"description": "your own fields, never checked"}}}


def _value_schema(kind, ids: dict, required: bool) -> dict:
    if isinstance(kind, tuple):
        return {"enum": list(kind)}
    if kind.startswith(("ref:", "refs:")):
        many, target = kind.split(":")
        single = {"$ref": "#/$defs/id", **({"examples": ids[target]} if ids.get(target) else {})}
        if many == "refs":
            return {"type": "array", "items": single, **({"minItems": 1} if required else {})}
        return single
    return {"$ref": f"#/$defs/{kind}"}


def ids_of(file: str) -> dict:
    """section -> the ids one file defines (what its references may name), when it can be read."""
    _, catalog = check_files([file])
    if catalog is None:
        return {}
    return {section: list(getattr(catalog, section)) for section in ("comuni", "access_points", "audiences",
                                                                     "categories", "services")}
