"""`finder check` for a team: what needs care, most urgent first, as text, GitHub annotations and JSON."""
from __future__ import annotations

import json
from datetime import date

from tests.helpers import BROKEN, FIXTURES, finder
from finder.catalog import load_catalog
from finder.catalog.care import care_list
from finder.catalog.messages import editor_language

CARE = FIXTURES / "care.yaml"


def test_the_care_list_puts_the_most_urgent_first():
    items = care_list(load_catalog([CARE]), today=date(2026, 12, 4))
    assert [item.kind for item in items] == ["unreachable", "door-without-hours", "not-reviewed"] \
        + ["untranslated"] * 6 + ["shared-keyword"]
    unreachable, door, stale = (item.problem for item in items[:3])
    assert (unreachable.line, unreachable.field) == (76, "services[servizio-di-nessuno].comuni")
    assert "nessuno può raggiungere questo servizio" in unreachable.message
    assert (door.line, door.field) == (22, "access_points[centro-anziani].hours")
    assert stale.message == "non controllato da 30 mesi (l'ultima volta il 2024-05-20, da Maria Rossi)"
    assert items[2].editor == "Maria Rossi"
    assert "`aiuto` è data a 5 servizi" in items[-1].problem.message


def test_the_care_list_in_english():
    with editor_language("en"):
        items = care_list(load_catalog([CARE]), today=date(2026, 12, 4))
    assert items[2].problem.message == "not reviewed for 30 months (last on 2024-05-20, by Maria Rossi)"
    assert "`aiuto` is given to 5 services" in items[-1].problem.message


def test_the_editor_reads_the_care_list_under_the_summary(runner):
    result = finder(runner, "check", "--care", CARE)
    assert result.exit_code == 0, result.output
    after = result.output.split("da curare, dal più urgente")[1].splitlines()
    assert after[1] == (f"{CARE}:76: services[servizio-di-nessuno].comuni: da curare: "
                        "nessuno può raggiungere questo servizio: non indica né un comune né uno sportello")
    assert "controllato l'ultima volta il 2024-05-20 da Maria Rossi" in result.output
    assert "da curare" not in finder(runner, "check", CARE).output
    english = finder(runner, "check", "--care", "--lang", "en", CARE).output
    assert (f"{CARE}:76: services[servizio-di-nessuno].comuni: care: nobody can reach this service: it names no "
            "comune and no door") in english.split("needs care, most urgent first")[1]


def test_github_annotations_mark_errors_in_the_pull_request(runner):
    path = BROKEN / "wrong-hours.yaml"
    result = finder(runner, "check", "--format", "github", path)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"::error file={path},line=21,title=access_points[sportello-borgo].hours.thu[0]::`15-17` non è")


def test_github_notices_carry_the_care_list_once_per_line(runner):
    lines = finder(runner, "check", "--format", "github", CARE).output.strip().splitlines()
    assert any(line.startswith(f"::warning file={CARE},line=40,") for line in lines)
    assert not any(line.startswith(f"::notice file={CARE},line=40,") for line in lines)
    assert f"::notice file={CARE},line=76,title=services[servizio-di-nessuno].comuni::nessuno può raggiungere " \
           "questo servizio: non indica né un comune né uno sportello" in lines
    english = finder(runner, "check", "--format", "github", "--lang", "en", CARE).output.strip().splitlines()
    assert f"::notice file={CARE},line=76,title=services[servizio-di-nessuno].comuni::nobody can reach this service: " \
           "it names no comune and no door" in english


def test_json_holds_problems_care_and_counts(runner):
    result = finder(runner, "check", "--format", "json", CARE)
    report = json.loads(result.output)
    assert report["ok"] is True and report["errors"] == 0 and report["language"] == "it"
    assert report["counts"] == {"services": 6, "access_points": 2, "comuni": 1}
    assert report["care"][0] == {"kind": "unreachable", "editor": None, "file": str(CARE), "line": 76,
                                 "field": "services[servizio-di-nessuno].comuni", "severity": "care",
                                 "message": "nessuno può raggiungere questo servizio: non indica né un comune né uno "
                                            "sportello"}
    broken = json.loads(finder(runner, "check", "--format", "json", BROKEN / "wrong-date.yaml").output)
    assert broken["ok"] is False and broken["problems"][0]["line"] == 34
    assert broken["problems"][0]["message"].startswith("`31/10/2026` non è una data")
    english = json.loads(finder(runner, "check", "--format", "json", "--lang", "en", BROKEN / "wrong-date.yaml").output)
    assert english["language"] == "en"
    assert english["problems"][0]["message"].startswith("`31/10/2026` is not a date")
