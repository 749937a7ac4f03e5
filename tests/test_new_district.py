"""`finder new-district`: a valid starter file for a new district in a minute, by flags or by answering."""
from __future__ import annotations

import json

import yaml

from tests.helpers import finder, schema_errors
from finder.cli import main


def test_flags_write_a_file_that_passes_check_and_the_schema(runner, tmp_path):
    output = tmp_path / "alto-crotonese.yaml"
    result = finder(runner, "new-district", "--name", "Ambito Sociale Alto Crotonese", "--form", "unione",
                    "--comune", "Cirò Marina=101008", "--comune", "Strongoli=101025", "--output", output)
    assert result.exit_code == 0, result.output
    checked = finder(runner, "check", output)
    assert checked.exit_code == 0, checked.output
    assert "servizi 1, sportelli 2, comuni 2; errori: 0, avvisi: 0" in checked.output
    data = yaml.safe_load(output.read_text(encoding="utf-8"))
    assert data["district"]["lead_comune"] == "ciro-marina"
    assert [(c["name"], c["istat"], c["access_point"]) for c in data["comuni"]] == [
        ("Cirò Marina", "101008", "segretariato-ciro-marina"), ("Strongoli", "101025", "segretariato-strongoli")]
    numbers = {number["phone"] for emergency in data["emergencies"] for number in emergency["numbers"]}
    assert numbers == {"112", "1522", "114", "19696", "02 2327 2327"}
    care = json.loads(finder(runner, "check", "--format", "json", output).output)["care"]
    to_fill = [item for item in care if item["kind"] == "to-fill"]
    assert len(to_fill) == 2 * 3 and to_fill[0]["message"] == "sostituisci `DA COMPLETARE` con il valore vero"
    schema = json.loads((tmp_path / "catalogue.schema.json").read_text(encoding="utf-8"))
    assert schema_errors(schema, output) == []


def test_an_editor_can_answer_the_questions_instead(runner, tmp_path):
    output = tmp_path / "valle.yaml"
    result = runner.invoke(main, ["new-district", "--output", str(output)],
                           input="Ambito della Valle\nconsorzio\nAlfa=012001, Beta\n")
    assert result.exit_code == 0, result.output
    assert finder(runner, "check", output).exit_code == 0


def test_a_wrong_istat_code_is_explained_and_nothing_is_written(runner, tmp_path):
    output = tmp_path / "x.yaml"
    result = finder(runner, "new-district", "--name", "X", "--form", "unione", "--comune", "Alfa=12", "--output", output)
    assert result.exit_code == 2
    assert "`12` is not a six-digit ISTAT code" in result.output
    assert not output.exists()
