"""`finder export --hsds DIR`: open data in Open Referral HSDS 3.0, checked against the official schemas
(vendored in vendor/hsds-3.0), and the same records as CSV tables."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.helpers import CROTONE, MINI, finder

HSDS = Path(__file__).resolve().parents[1] / "vendor" / "hsds-3.0"
BASE = "https://hsds.invalid/"


def hsds_registry() -> Registry:
    resources = [(BASE + path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                                           default_specification=DRAFT202012))
                 for path in HSDS.glob("*.json")]
    return Registry().with_resources(resources)


def hsds_validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$ref": BASE + f"{kind}.json"}, registry=hsds_registry(),
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module", params=[MINI, CROTONE], ids=["fixture", "crotone"])
def exported(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hsds")
    from click.testing import CliRunner
    result = finder(CliRunner(), "export", "--content", request.param, "--hsds", folder)
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("file, kind", [("services", "service"), ("locations", "location"),
                                        ("organizations", "organization")])
def test_every_record_is_valid_hsds(exported, file, kind):
    records = json.loads((exported / f"{file}.json").read_text(encoding="utf-8"))
    assert records
    validator = hsds_validator(kind)
    errors = [f"{record['id']}: {error.message}" for record in records for error in validator.iter_errors(record)]
    assert errors == []


def test_a_service_carries_its_doors_hours_documents_and_eligibility(tmp_path, runner):
    finder(runner, "export", "--content", MINI, "--hsds", tmp_path)
    services = {record["name"]: record for record in json.loads((tmp_path / "services.json").read_text("utf-8"))}
    home_care = services["Assistenza domiciliare per anziani"]
    assert home_care["status"] == "active" and home_care["organization"]["name"]
    assert home_care["required_documents"] and home_care["eligibility_description"]
    doors = [link["location"] for link in home_care["service_at_locations"]]
    sezze = next(door for door in doors if door["name"] == "Segretariato sociale di Sezze")
    assert sezze["addresses"][0] | {"id": None, "location_id": None} == {
        "id": None, "location_id": None, "address_1": "Piazza De Magistris 1", "city": "Sezze", "state_province": "",
        "postal_code": "04018", "country": "IT", "address_type": "physical"}
    assert {"byday": "MO", "opens_at": "09:00", "closes_at": "12:30"}.items() <= sezze["schedules"][0].items()


def test_the_csv_tables_hold_the_same_records_with_hsds_columns(exported):
    services = json.loads((exported / "services.json").read_text(encoding="utf-8"))
    for table in ("service", "location", "schedule", "phone", "language", "required_document", "service_at_location"):
        with open(exported / "csv" / f"{table}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        schema = json.loads((HSDS / f"{table}.json").read_text(encoding="utf-8"))
        assert set(rows[0]) <= set(schema["properties"]), table
    with open(exported / "csv" / "service.csv", encoding="utf-8", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == [service["id"] for service in services]


def test_the_vendored_schemas_keep_their_licence():
    assert "Creative Commons" in (HSDS / "LICENSE").read_text(encoding="utf-8")


def test_the_official_schemas_refuse_a_record_that_breaks_them(exported):
    record = json.loads((exported / "services.json").read_text(encoding="utf-8"))[0]
    record["status"], record["service_at_locations"][0]["location"]["location_type"] = "aperto", "ufficio"
    messages = sorted(error.message for error in hsds_validator("service").iter_errors(record))
    assert messages == ["'aperto' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']",
                        "'ufficio' is not one of ['physical', 'postal', 'virtual']"]
