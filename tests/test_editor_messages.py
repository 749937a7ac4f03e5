"""What editors read is Italian by default: every message site goes through the `editor` gettext domain,
every msgid has a filled Italian msgstr with the same placeholders, and `finder check` on the broken
fixtures prints Italian (English with `--lang en`), with the same files, lines and fields."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from finder.catalog.messages import _, current_language, editor_language
from finder.settings import SettingError, from_environment
from tests.helpers import BROKEN, finder
from tests.test_check import problem_lines

ROOT = Path(__file__).resolve().parents[1]
EDITOR_PO = ROOT / "translations" / "it" / "LC_MESSAGES" / "editor.po"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
MESSAGE_SITES = [*sorted((ROOT / "finder" / "catalog").glob("*.py")), ROOT / "finder" / "reporting.py"]
REPORTING_CALLS = {"problem", "Problem", "_care", "_warning"}  # the calls that carry a message to an editor


def _italian():
    with EDITOR_PO.open("rb") as po_file:
        return read_po(po_file, locale="it")


def _source_messages() -> set[str]:
    """Every msgid in the code now, extracted as `make translations` does (babel-editor.cfg)."""
    with (ROOT / "babel-editor.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords={"_": None},
                             directory_filter=lambda path: ".venv" not in Path(path).parts)
    return {message for _file, _line, message, _comments, _context in found}


def test_every_message_site_has_an_italian_translation():
    source = _source_messages()
    assert len(source) > 90, "nothing extracted: is babel-editor.cfg right?"
    translated = {message.id: message.string for message in _italian() if message.id}
    assert sorted(source - set(translated)) == [], "run `make translations` and translate the new messages"
    assert sorted(message_id for message_id in source if not translated[message_id].strip()) == []
    assert [message.id for message in _italian() if message.id and "fuzzy" in message.flags] == []


def test_placeholders_are_the_same_in_italian():
    for message in _italian():
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(message.id)), message.id


def test_no_sentence_reaches_an_editor_without_going_through_the_catalogue():
    """A literal (or f-string) sentence handed straight to a problem would stay English: catch it here."""
    for path in MESSAGE_SITES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            if name not in REPORTING_CALLS:
                continue
            for argument in node.args:
                prose = (isinstance(argument, ast.Constant) and isinstance(argument.value, str) and " " in argument.value
                         or isinstance(argument, ast.JoinedStr) and " " in ast.unparse(argument))
                assert not prose, f"{path.name}:{node.lineno}: wrap the message in _()"


def test_the_language_is_italian_unless_chosen_and_only_inside_the_block():
    message = "`{value}` is not a date: write it as YYYY-MM-DD, like {example}"
    assert current_language() == "it"
    assert _(message).startswith("`{value}` non è una data")
    with editor_language("en"):
        assert _(message) == message
    assert current_language() == "it"
    with pytest.raises(ValueError):
        with editor_language("fr"):
            pass


@pytest.mark.parametrize("value, wanted", [("en", "en"), ("IT", "it")])
def test_finder_editor_lang_is_read_from_the_environment(tmp_path, value, wanted):
    assert from_environment(str(tmp_path), {"FINDER_EDITOR_LANG": value})["FINDER_EDITOR_LANG"] == wanted
    assert from_environment(str(tmp_path), {})["FINDER_EDITOR_LANG"] == "it"


def test_a_language_editors_cannot_have_stops_the_start(tmp_path):
    with pytest.raises(SettingError, match=r"FINDER_EDITOR_LANG='fr': should be `it` or `en`"):
        from_environment(str(tmp_path), {"FINDER_EDITOR_LANG": "fr"})


BROKEN_FILES = sorted(path.name for path in BROKEN.glob("*.yaml"))


@pytest.mark.parametrize("name", BROKEN_FILES)
def test_check_prints_the_broken_fixtures_in_italian(runner, name):
    italian = finder(runner, "check", "--care", BROKEN / name)
    english = finder(runner, "check", "--care", "--lang", "en", BROKEN / name)
    assert italian.exit_code == english.exit_code
    said_it, said_en = problem_lines(italian.output), problem_lines(english.output)
    assert [(p.group("file"), p.group("line"), p.group("field")) for p in said_it] == \
        [(p.group("file"), p.group("line"), p.group("field")) for p in said_en]
    for in_italian, in_english in zip(said_it, said_en):
        assert in_italian.group("message") != in_english.group("message")
    summary = italian.output.splitlines()[-1] if italian.exit_code else italian.output
    assert "errori: " in summary and "errors" not in italian.output and "warning" not in italian.output


def test_check_in_json_and_github_follows_the_language(runner):
    path = BROKEN / "unknown-key.yaml"
    assert "campo sconosciuto (forse intendevi `eligibility`?)" in finder(runner, "check", "--format", "github",
                                                                          path).output
    assert "unknown field (did you mean `eligibility`?)" in finder(runner, "check", "--format", "github",
                                                                   "--lang", "en", path).output
    assert '"message": "campo sconosciuto' in finder(runner, "check", "--format", "json", path).output
