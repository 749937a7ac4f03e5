"""`finder check FILE…`: what an editor sees when a catalogue file is right, wrong, or nonsense: in Italian,
or in English with `--lang en` (the field paths are the same in both)."""
from __future__ import annotations

import random
import re

import pytest

from tests.helpers import BROKEN, CROTONE, MINI, finder

PROBLEM_LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+): (?P<field>[^:]+?): (?P<message>.+)$")


def problem_lines(output: str) -> list[re.Match]:
    return [match for line in output.splitlines() if (match := PROBLEM_LINE.match(line))]


@pytest.mark.parametrize("content", [MINI, CROTONE], ids=["fixture", "crotone"])
def test_a_good_file_passes(runner, content):
    result = finder(runner, "check", content)
    assert result.exit_code == 0, result.output
    assert "errori: 0" in result.output
    assert not [line for line in problem_lines(result.output) if "avviso: " not in line.group("message")]


def test_the_summary_counts_what_the_file_holds(runner):
    result = finder(runner, "check", MINI)
    assert f"{MINI}: servizi 6, sportelli 5, comuni 3; errori: 0" in result.output


def test_the_summary_in_english(runner):
    result = finder(runner, "check", "--lang", "en", MINI)
    assert f"{MINI}: 6 services, 5 access points, 3 comuni: 0 errors" in result.output
    assert "translations: en 20%" in result.output


# (file, line, field, what the editor reads in Italian, and in English with --lang en)
ERRORS = [
    ("bad-indentation.yaml", 11, "comuni[0].access_point", "questa riga non è allineata con i campi vicini",
     "this line is not lined up with the fields around it"),
    ("unknown-key.yaml", 34, "services[assistenza-domiciliare].eligibilty",
     "campo sconosciuto (forse intendevi `eligibility`?)", "unknown field (did you mean `eligibility`?)"),
    ("dangling-reference.yaml", 32, "services[assistenza-domiciliare].audiences[0]",
     "nessun destinatario ha l'id `anzaini` (forse intendevi `anziani`?)",
     "no audience has the id `anzaini` (did you mean `anziani`?)"),
    ("wrong-hours.yaml", 21, "access_points[sportello-borgo].hours.thu[0]",
     '`15-17` non è un orario di apertura (forse intendevi "15:00-17:00"?): scrivilo come "HH:MM-HH:MM"',
     '`15-17` is not an opening time (did you mean "15:00-17:00"?): write "HH:MM-HH:MM"'),
    ("tab.yaml", 4, "district.id", "un carattere di tabulazione: per rientrare usa gli spazi",
     "a tab character: indent with spaces"),
    ("unclosed-quote.yaml", 18, "access_points[0].phone", 'un testo aperto con `"` non è chiuso',
     'opened with `"` is not closed'),
    ("control-character.yaml", 24, "audiences[0].name", "un carattere che non può stare nel file (U+000B)",
     "a character that cannot be in the file (U+000B)"),
    ("empty.yaml", 1, "(file)", "il file è vuoto", "the file is empty"),
    ("duplicate-id.yaml", 35, "services[assistenza-domiciliare].id",
     "l'id `assistenza-domiciliare` è già usato più sopra in questo file",
     "the id `assistenza-domiciliare` is already used earlier in this file"),
    ("missing-required.yaml", 29, "services[assistenza-domiciliare]", "manca `summary`, che qui è obbligatorio",
     "`summary` is required"),
    ("wrong-date.yaml", 34, "services[assistenza-domiciliare].reviewed",
     "`31/10/2026` non è una data: scrivila come AAAA-MM-GG, per esempio 2026-10-31",
     "`31/10/2026` is not a date: write it as YYYY-MM-DD, like 2026-10-31"),
    ("wrong-patron-day.yaml", 12, "comuni[borgo].patron_day",
     "`29 giugno` non è un giorno dell'anno: scrivilo come MM-GG, per esempio 06-29 per il 29 giugno",
     "`29 giugno` is not a day of the year: write it as MM-DD, like 06-29 for 29 June"),
    ("comma-in-braces.yaml", 27, "categories[aiuto-a-casa].name.pulizie e spesa",
     "sembra un pezzo di testo; scrivi tutto il testo tra virgolette",
     "it looks like a piece of text; write the whole text in quotes"),
]


@pytest.mark.parametrize("name, line, field, italian, english", ERRORS, ids=[error[0] for error in ERRORS])
def test_an_error_names_file_line_and_field_in_italian(runner, name, line, field, italian, english):
    path = BROKEN / name
    result = finder(runner, "check", path)
    assert result.exit_code == 1, result.output
    problems = problem_lines(result.output)
    assert len(problems) == 1, result.output
    problem = problems[0]
    assert (problem.group("file"), int(problem.group("line")), problem.group("field")) == (str(path), line, field)
    assert italian in problem.group("message")
    assert "Il catalogo non può essere pubblicato finché gli errori non sono corretti" in result.output


@pytest.mark.parametrize("name, line, field, italian, english", ERRORS, ids=[error[0] for error in ERRORS])
def test_the_same_error_in_english_with_lang_en(runner, name, line, field, italian, english):
    path = BROKEN / name
    result = finder(runner, "check", "--lang", "en", path)
    assert result.exit_code == 1, result.output
    [problem] = problem_lines(result.output)
    assert (problem.group("file"), int(problem.group("line")), problem.group("field")) == (str(path), line, field)
    assert english in problem.group("message")
    assert "cannot be published" in result.output


def test_a_review_older_than_a_year_is_a_warning(runner):
    path = BROKEN / "old-review.yaml"
    result = finder(runner, "check", path)
    assert result.exit_code == 0, result.output
    [problem] = problem_lines(result.output)
    assert problem.group(0).startswith(
        f"{path}:34: services[assistenza-domiciliare].reviewed: avviso: controllato l'ultima volta il 2024-05-20")
    assert "più di 12 mesi fa" in problem.group("message")
    assert "errori: 0, avvisi: 1" in result.output


def test_a_hard_summary_is_a_warning_at_its_line(runner):
    path = BROKEN / "hard-summary.yaml"
    result = finder(runner, "check", path)
    assert result.exit_code == 0, result.output
    [problem] = problem_lines(result.output)
    assert problem.group(0).startswith(
        f"{path}:36: services[assistenza-domiciliare].summary: avviso: la descrizione breve è difficile da leggere")


def test_an_id_used_in_two_files_names_both(runner):
    first, second = BROKEN / "clash-a.yaml", BROKEN / "clash-b.yaml"
    result = finder(runner, "check", first, second)
    assert result.exit_code == 1
    [problem] = problem_lines(result.output)
    where = (problem.group("file"), problem.group("line"), problem.group("field"))
    assert where == (str(second), "29", "services[assistenza-domiciliare].id")
    assert f"l'id `assistenza-domiciliare` è già usato in {first}" in problem.group("message")


def test_two_good_files_pass_together(runner):
    result = finder(runner, "check", MINI, CROTONE)
    assert result.exit_code == 0, result.output
    assert "servizi 32" in result.output


def test_a_missing_file_is_an_error(runner, tmp_path):
    missing = tmp_path / "nope.yaml"
    result = finder(runner, "check", missing)
    assert result.exit_code == 1
    assert f"{missing}:1: (file): file non trovato" in result.output


def test_a_file_named_twice_is_read_once(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(MINI.parent)
    result = finder(runner, "check", MINI, "mini.yaml", "./mini.yaml")
    assert result.exit_code == 0, result.output
    assert "servizi 6" in result.output


def test_a_folder_is_not_a_file(runner, tmp_path):
    result = finder(runner, "check", tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith(f"{tmp_path}:1: (file): questa è una cartella")


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


BASE = (BROKEN / "clash-a.yaml").read_text(encoding="utf-8")
GARBAGE = {
    "binary": b"\x00\x01\xff\xfe\x89PNG\r\n\x1a\n",
    "latin-1": "format: 1\ndistrict:\n  name: Citt\xe0\n".encode("latin-1"),
    "nul": b"format: 1\x00\n",
    "list at the top": b"- format: 1\n- district\n",
    "a number": b"42\n",
    "a string": b"'hello'\n",
    "null": b"null\n",
    "only a comment": b"# nothing here\n",
    "empty document": b"---\n...\n",
    "two documents": b"format: 1\n---\nformat: 1\n",
    "deep nesting": b"[" * 5000,
    "alias to itself": b"a: &a\n  b: *a\n",
    "billion laughs": b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n" % ((ord("b") + i,) * 2 + (ord("a") + i,) * 9)
        for i in range(9)),
    "python tag": b"format: !!python/object/apply:os.system ['echo hi']\n",
    "complex key": b"? [a, b]\n: c\n",
    "sections of the wrong type": b"format: 1\ndistrict: [1, 2]\ncomuni: 3\naccess_points: {a: b}\n"
                                  b"audiences: x\ncategories: null\nservices: [1, [2], {id: 3}]\nemergencies: true\n",
    "format of the wrong type": b"format: [1]\n",
    "bom": b"\xef\xbb\xbf" + BASE.encode(),
    "crlf": BASE.replace("\n", "\r\n").encode(),
    "service fields of the wrong type": _with(
        BASE, "    reviewed: 2026-10-01\n",
        "    reviewed: [2026]\n    age: {min: -1, max: x, foo: 2}\n    isee_max: [1]\n"
        "    keywords: {it: 5, xyz: [a], en: [null, [1]]}\n"
        "    documents: {a: 1}\n    comuni: 7\n    status: {a: b}\n    description: [x]\n    cost: {en: only english}\n"
        "    access_points: bad\n    extra: [1]\n").encode(),
    "tags on scalars": _with(
        BASE, "    reviewed: 2026-10-01\n",
        "    reviewed: !!timestamp 'x'\n    name: !!bool 'x'\n    summary: !!int '0x'\n    cost: !!float '.'\n"
        "    isee_max: !!binary 'ü'\n    legal_basis: !!null 'x'\n").encode(),
    "hours of the wrong type": _with(
        BASE, '      mon: ["09:00-12:00"]',
        "      mon: [1, null, [2], {a: 1}, '25:00-26:00', '12:00-09:00', 09:00-12:00]\n      xyz: 1\n      tue: 5\n"
        "    closed: [1, 2026-02-30, null, [1]]\n    geo: [1000, 'a']").encode(),
    "ids that are not ids": _with(_with(BASE, "id: borgo", "id: Borgo Alto"), "id: anziani", "id: {a: 1}").encode(),
    "numbers of the wrong type": (BASE + "emergencies:\n  - id: x\n    triggers: 5\n"
                                  "    numbers: [1, {name: 2}, {phone: [1]}]\n"
                                  "    message: {en: x}\n  - [1]\n").encode(),
    "comuni of the wrong type": _with(BASE, "  - id: borgo\n", "  - 1\n  - [a]\n"
                                      "  - {id: x, name: 1, access_point: 2, istat: 12, aliases: 5}\n"
                                      "  - id: borgo\n").encode(),
}


@pytest.mark.parametrize("content", GARBAGE.values(), ids=GARBAGE.keys())
def test_check_answers_any_file_without_a_traceback(runner, tmp_path, content):
    path = tmp_path / "garbage.yaml"
    path.write_bytes(content)
    result = finder(runner, "check", path)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert "non è stato possibile controllarlo" not in result.output  # the fallback for a checker bug
    for line in result.output.splitlines():
        assert PROBLEM_LINE.match(line) or line.startswith(("traduzioni:", str(path), "errori: ")), line
    if result.exit_code == 1:
        assert problem_lines(result.output)


JUNK = ["", "  ", "- x", "x: y", ": :", "[", "{", "'", '"', "\t", "null", "- - -", "id: A B", "hours: 5",
        "  mon: x", "&a b", "*a", "!!bool x", "comuni: all", "status: weird", "0", "2026-13-45", "[1, 2]",
        "{a: 1}", "- id: x", "\x00", "é", "#", "|", ">", "? x", "!!binary x", "24:00-25:00"]


def mutant(seed: int) -> str:
    """The fixture district with one to three lines deleted, repeated or garbled (the same for a seed)."""
    rnd = random.Random(seed)
    lines = MINI.read_text(encoding="utf-8").splitlines()
    for _ in range(rnd.randint(1, 3)):
        where, roll = rnd.randrange(len(lines)), rnd.random()
        if roll < 0.25:
            del lines[where]
        elif roll < 0.5:
            lines.insert(where, lines[rnd.randrange(len(lines))])
        elif roll < 0.75:
            column = rnd.randrange(len(lines[where]) + 1)
            lines[where] = lines[where][:column] + rnd.choice(JUNK) + lines[where][column + 1:]
        else:
            lines[where] = lines[where].split(":")[0] + ": " + rnd.choice(JUNK)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(80))
def test_check_answers_a_damaged_file_with_problem_lines(runner, tmp_path, seed):
    path = tmp_path / "damaged.yaml"
    path.write_text(mutant(seed), encoding="utf-8")
    result = finder(runner, "check", path)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    assert "non è stato possibile controllarlo" not in result.output
    if result.exit_code == 1:
        problems = problem_lines(result.output)
        assert problems and all(problem.group("file") == str(path) for problem in problems)
        assert all(1 <= int(problem.group("line")) <= len(mutant(seed).splitlines()) + 1 for problem in problems)


def test_build_compiles_a_good_catalogue(runner, tmp_path):
    result = finder(runner, "build", "--content", MINI, "--data", tmp_path)
    assert result.exit_code == 0, result.output
    [database] = tmp_path.glob("catalog-*.sqlite")
    assert result.output.strip() == f"built {database}"


def test_build_refuses_a_broken_catalogue_with_problem_lines(runner, tmp_path):
    path = BROKEN / "wrong-hours.yaml"
    result = finder(runner, "build", "--content", path, "--data", tmp_path)
    assert result.exit_code == 1
    assert f"{path}:21: access_points[sportello-borgo].hours.thu[0]: `15-17` non è un orario di apertura" in result.output
    assert not list(tmp_path.glob("catalog-*.sqlite"))


def test_italian_words_and_loose_times_get_a_suggestion_and_odd_hours_a_warning(runner):
    """Issue 14: the editor reads the item's id, the key or time format meant, and a doubt about hours."""
    path = BROKEN / "italian-words.yaml"
    result = finder(runner, "check", path)
    assert result.exit_code == 1
    said = {(line.group("line"), line.group("field")): line.group("message") for line in problem_lines(result.output)}
    assert said[("12", "access_points[p].telefono")].startswith("campo sconosciuto (forse intendevi `phone`?)")
    assert said[("15", "access_points[p].hours.lun")].startswith(
        "`lun` non è un giorno della settimana (forse intendevi `mon`?)")
    assert '(forse intendevi "09:00-12:30"?)' in said[("16", "access_points[p].hours.tue[0]")]
    assert said[("17", "access_points[p].hours.wed[0]")] == (
        "avviso: `09:00-21:30` chiude dopo le 20:00: controlla che sia giusto")
    assert said[("18", "access_points[p].hours.thu[0]")] == (
        "avviso: `06:30-12:00` apre prima delle 07:00: controlla che sia giusto")
    assert "più di 10 ore di fila" in said[("19", "access_points[p].hours.fri[0]")]
    assert "errori: 3, avvisi: 3" in result.output


def test_suggestions_and_warnings_in_english(runner):
    result = finder(runner, "check", "--lang", "en", BROKEN / "italian-words.yaml")
    said = {(line.group("line"), line.group("field")): line.group("message") for line in problem_lines(result.output)}
    assert said[("12", "access_points[p].telefono")].startswith("unknown field (did you mean `phone`?)")
    assert said[("15", "access_points[p].hours.lun")].startswith("`lun` is not a weekday (did you mean `mon`?)")
    assert said[("17", "access_points[p].hours.wed[0]")] == "warning: `09:00-21:30` closes after 20:00: check it is right"
    assert "3 errors, 3 warnings" in result.output


def test_a_line_indented_too_little_is_blamed_not_the_next_one(runner, tmp_path):
    lines = (BROKEN / "bad-indentation.yaml").read_text(encoding="utf-8").splitlines()
    fixed = [line.replace("   access_point:", "    access_point:") for line in lines]
    broken = [line.replace("    name: Borgo", "  name: Borgo") for line in fixed]
    path = tmp_path / "services.yaml"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    [problem] = problem_lines(finder(runner, "check", path).output)
    assert problem.group("line") == str(broken.index("  name: Borgo") + 1)
    assert "non è allineata" in problem.group("message") and "YAML" not in problem.group("message")
