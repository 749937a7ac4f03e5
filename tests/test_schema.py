"""`finder schema`: the JSON Schema editors' tools read agrees with `finder check` on good and broken files."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import BROKEN, CROTONE, MINI, finder, schema_errors

CONTENT = Path(__file__).resolve().parents[1] / "content" / "services.yaml"
COMMITTED_SCHEMA = CONTENT.with_name("catalogue.schema.json")


def schema_from_cli(runner, *args) -> dict:
    result = finder(runner, "schema", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_committed_schema_is_the_one_the_loader_prints(runner):
    assert json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8")) == schema_from_cli(runner)
    jsonschema.Draft202012Validator.check_schema(schema_from_cli(runner))


def test_the_content_file_names_its_schema_for_editors():
    first_line = CONTENT.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={COMMITTED_SCHEMA.name}"


@pytest.mark.parametrize("content", [CONTENT, MINI, CROTONE], ids=["default", "fixture", "crotone"])
def test_the_example_files_are_valid(runner, content):
    assert schema_errors(schema_from_cli(runner), content) == []


@pytest.mark.parametrize("name", ["unknown-key.yaml", "missing-required.yaml", "wrong-hours.yaml",
                                  "wrong-date.yaml"])
def test_schema_and_check_refuse_the_same_broken_files_at_the_same_item(runner, name):
    path = BROKEN / name
    checked = finder(runner, "check", path)
    assert checked.exit_code == 1
    [check_field] = [line.split(": ")[1] for line in checked.output.splitlines() if line.startswith(f"{path}:")]
    [schema_field] = schema_errors(schema_from_cli(runner), path)
    assert check_field.startswith(schema_field), (check_field, schema_field)


def test_a_file_offers_its_own_ids_as_suggestions(runner):
    schema = schema_from_cli(runner, MINI)
    audiences = schema["properties"]["services"]["items"]["properties"]["audiences"]["items"]
    assert audiences["examples"] == ["persone-anziane", "famiglie", "persone-disabili"]
