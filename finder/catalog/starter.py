"""A new district's starter file: its comuni with one segretariato sociale each, the standard audiences
and categories and the national emergency numbers (taken from the default content), ready to fill in."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import yaml

from .fieldspec import FORMS

NATIONAL_NUMBERS = {"112", "1522", "114", "19696", "02 2327 2327"}
TO_FILL = "DA COMPLETARE"


@dataclass(frozen=True)
class NewComune:
    name: str
    istat: str | None = None


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


def parse_comune(text: str) -> NewComune:
    """`Sabaudia=059024` or `Sabaudia`; a bad ISTAT code raises ValueError with a sentence for the editor."""
    name, _, istat = (part.strip() for part in text.partition("="))
    if not name:
        raise ValueError(f"`{text}`: write the comune's name, then `=` and its ISTAT code, like Sabaudia=059024")
    if istat and not (istat.isdigit() and len(istat) == 6):
        raise ValueError(f"`{istat}` is not a six-digit ISTAT code (like 059024)")
    return NewComune(name, istat or None)


def starter_catalogue(name: str, form: str, comuni: list[NewComune], standard: dict, today: date) -> dict:
    """The file's data; `standard` is a catalogue's data whose audiences, categories and emergencies are reused."""
    if form not in FORMS:
        raise ValueError(f"`{form}` is not one of: {', '.join(FORMS)}")
    if not comuni:
        raise ValueError("name at least one comune")
    ids = [slug(comune.name) for comune in comuni]
    if len(set(ids)) != len(ids):
        raise ValueError("two comuni have the same name")
    return {
        "format": 1,
        "district": {"id": slug(name), "name": name, "form": form, "lead_comune": ids[0]},
        "comuni": [{"id": comune_id, "name": comune.name, **({"istat": comune.istat} if comune.istat else {}),
                    "access_point": f"segretariato-{comune_id}"} for comune_id, comune in zip(ids, comuni)],
        "access_points": [_segretariato(comune_id, comune.name) for comune_id, comune in zip(ids, comuni)],
        "audiences": standard["audiences"],
        "categories": standard["categories"],
        "services": [_information_service(standard, today)],
        "emergencies": [_national(emergency) for emergency in standard.get("emergencies", [])],
    }


def _segretariato(comune_id: str, comune_name: str) -> dict:
    return {"id": f"segretariato-{comune_id}", "name": f"Segretariato sociale – Comune di {comune_name}",
            "kind": "segretariato-sociale", "comune": comune_id,
            "address": f"{TO_FILL}: via e numero, CAP {comune_name}", "phone": TO_FILL,
            "appointment": f"{TO_FILL}: orari (hours) oppure come prendere appuntamento"}


def _information_service(standard: dict, today: date) -> dict:
    return {"id": "segretariato-sociale", "name": "Segretariato sociale: informazioni e orientamento",
            "summary": "Ti ascolta, ti spiega i servizi e ti aiuta a fare domanda.",
            "audiences": [audience["id"] for audience in standard["audiences"]],
            "categories": [standard["categories"][0]["id"]], "reviewed": today.isoformat()}


def _national(emergency: dict) -> dict:
    numbers = [number for number in emergency["numbers"] if str(number["phone"]) in NATIONAL_NUMBERS]
    return {key: value for key, value in emergency.items() if key != "services"} | {"numbers": numbers}


def starter_yaml(data: dict, schema_name: str) -> str:
    header = (f"# yaml-language-server: $schema={schema_name}\n"
              f"# Starter file written by `finder new-district`: replace every {TO_FILL}, add services,\n"
              "# then run `finder check` on this file. Guide: docs/editors.md\n\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
