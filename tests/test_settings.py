"""Every setting the README documents is read from the environment and honoured; the README's table and
the code's table (finder/settings.py) say the same thing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import MINI, finder, page, post_chat, text_of
from finder import create_app
from finder.settings import SETTINGS, SettingError

README = Path(__file__).resolve().parents[1] / "README.md"
VIOLENCE = "mio marito mi picchia e ho paura che torni stasera"


def readme_settings() -> dict:
    """{name: (default, meaning)} from the README's "Settings" table."""
    section = README.read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("| `")]
    return {cells[0].strip().strip("`"): (cells[1].strip(), cells[2].strip()) for cells in rows}


def test_the_readme_and_the_settings_table_agree():
    assert readme_settings() == {setting.name: (setting.default_text, setting.meaning) for setting in SETTINGS}


@pytest.fixture
def environment(monkeypatch, tmp_path):
    """The environment of a deployment: every test sets what it needs, the catalogue is the small one."""
    monkeypatch.setenv("FINDER_CONTENT", str(MINI))
    monkeypatch.setenv("FINDER_DATA", str(tmp_path / "data"))
    return monkeypatch


def test_the_quick_exit_leaves_for_the_address_the_district_set(environment):
    environment.setenv("FINDER_QUICK_EXIT_URL", "https://www.comune.example.it/meteo")
    client = create_app().test_client()
    exit_link = page(post_chat(client, message=VIOLENCE)).select_one("[data-quick-exit]")
    assert text_of(exit_link) == "Esci subito"
    assert client.get(exit_link["href"]).location == "https://www.comune.example.it/meteo"


def test_the_quick_exit_without_a_setting_leaves_for_a_weather_search(environment):
    environment.delenv("FINDER_QUICK_EXIT_URL", raising=False)
    client = create_app().test_client()
    exit_link = page(post_chat(client, message=VIOLENCE)).select_one("[data-quick-exit]")
    assert client.get(exit_link["href"]).location == "https://www.google.com/search?q=meteo"


@pytest.mark.parametrize("name, text, value", [
    ("FINDER_KIOSK_IDLE_SECONDS", "45", 45),
    ("FINDER_KIOSK_COUNTDOWN_SECONDS", "5", 5),
    ("FINDER_KIOSK_PRINTER", "1", True),
    ("FINDER_KIOSK_PRINTER", "off", False),
    ("FINDER_PUBLIC_URL", "https://servizi.example.it", "https://servizi.example.it"),
])
def test_every_setting_reaches_the_app(environment, name, text, value):
    environment.setenv(name, text)
    assert create_app().config[name] == value


def test_the_secret_key_signs_the_chat(environment):
    environment.setenv("FINDER_SECRET_KEY", "a-key-for-this-district")
    assert create_app().config["SECRET_KEY"] == "a-key-for-this-district"


@pytest.mark.parametrize("name, text", [
    ("FINDER_KIOSK_IDLE_SECONDS", "novanta"),
    ("FINDER_KIOSK_COUNTDOWN_SECONDS", "0"),
    ("FINDER_QUICK_EXIT_URL", "javascript:alert(1)"),
    ("FINDER_PUBLIC_URL", "servizi.example.it"),
])
def test_a_setting_that_cannot_be_read_stops_the_start_with_its_name(environment, name, text):
    environment.setenv(name, text)
    with pytest.raises(SettingError, match=re.escape(name) + ".*should be"):
        create_app()


def test_the_command_line_names_the_setting_instead_of_a_traceback(environment, runner):
    environment.setenv("FINDER_KIOSK_IDLE_SECONDS", "novanta")
    result = finder(runner, "build")
    assert result.exit_code == 2
    assert "FINDER_KIOSK_IDLE_SECONDS='novanta': should be a whole number of seconds" in result.output
