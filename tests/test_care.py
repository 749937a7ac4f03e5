"""`finder check` for a team: what needs care, most urgent first, as text, GitHub annotations and JSON."""
from __future__ import annotations

import json
from datetime import date

from tests.helpers import BROKEN, FIXTURES, finder
from finder.catalog import load_catalog
from finder.catalog.care import care_list

CARE = FIXTURES / "care.yaml"


def test_the_care_list_puts_the_most_urgent_first():
    items = care_list(load_catalog([CARE]), today=date(2026, 12, 4))
    assert [item.kind for item in items] == ["unreachable", "door-without-hours", "not-reviewed"] \
        + ["untranslated"] * 6 + ["shared-keyword"]
    unreachable, door, stale = (item.problem for item in items[:3])
    assert (unreachable.line, unreachable.field) == (76, "services[servizio-di-nessuno].comuni")
    assert "nobody can reach this service" in unreachable.message
    assert (door.line, door.field) == (22, "access_points[centro-anziani].hours")
    assert stale.message == "not reviewed for 30 months (last on 2024-05-20, by Maria Rossi)"
    assert items[2].editor == "Maria Rossi"
    assert "`aiuto` is given to 5 services" in items[-1].problem.message


def test_the_editor_reads_the_care_list_under_the_summary(runner):
    result = finder(runner, "check", "--care", CARE)
    assert result.exit_code == 0, result.output
    after = result.output.split("needs care, most urgent first")[1].splitlines()
    assert after[1] == (f"{CARE}:76: services[servizio-di-nessuno].comuni: care: "
                        "nobody can reach this service: it names no comune and no door")
    assert "last checked on 2024-05-20 by Maria Rossi" in result.output
    assert "needs care" not in finder(runner, "check", CARE).output


def test_github_annotations_mark_errors_in_the_pull_request(runner):
    path = BROKEN / "wrong-hours.yaml"
    result = finder(runner, "check", "--format", "github", path)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"::error file={path},line=21,title=access_points[sportello-borgo].hours.thu[0]::`15-17` is not")


def test_github_notices_carry_the_care_list_once_per_line(runner):
    lines = finder(runner, "check", "--format", "github", CARE).output.strip().splitlines()
    assert any(line.startswith(f"::warning file={CARE},line=40,") for line in lines)
    assert not any(line.startswith(f"::notice file={CARE},line=40,") for line in lines)
    assert f"::notice file={CARE},line=76,title=services[servizio-di-nessuno].comuni::nobody can reach this service: " \
           "it names no comune and no door" in lines


def test_json_holds_problems_care_and_counts(runner):
    result = finder(runner, "check", "--format", "json", CARE)
    report = json.loads(result.output)
    assert report["ok"] is True and report["errors"] == 0
    assert report["counts"] == {"services": 6, "access_points": 2, "comuni": 1}
    assert report["care"][0] == {"kind": "unreachable", "editor": None, "file": str(CARE), "line": 76,
                                 "field": "services[servizio-di-nessuno].comuni", "severity": "care",
                                 "message": "nobody can reach this service: it names no comune and no door"}
    broken = json.loads(finder(runner, "check", "--format", "json", BROKEN / "wrong-date.yaml").output)
    assert broken["ok"] is False and broken["problems"][0]["line"] == 34
