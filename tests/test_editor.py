"""What an editor sees in VS Code: Red Hat's YAML language server (the engine of VS Code's YAML extension,
installed by `make editor-server`) reads the content file's modeline, finds our schema and underlines
mistakes on the same line `finder check` names."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import BROKEN, finder

REPO = Path(__file__).resolve().parents[1]
SERVER = REPO / "tools" / "editor" / "node_modules" / ".bin" / "yaml-language-server"
SCHEMA = REPO / "content" / "catalogue.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA.name}\n"


BROKEN_FILES = ("unknown-key.yaml", "missing-required.yaml", "wrong-hours.yaml")


@pytest.fixture(scope="module")
def editor_view(tmp_path_factory) -> tuple[Path, dict]:
    """Every file opened once in one language server (it takes seconds to start): file name -> lines."""
    if not SERVER.exists():
        pytest.fail(f"{SERVER} is missing: run `make editor-server` (make test does)", pytrace=False)
    folder = tmp_path_factory.mktemp("editor")
    shutil.copy(SCHEMA, folder / SCHEMA.name)
    shutil.copy(REPO / "content" / "services.yaml", folder / "services.yaml")  # its own modeline
    for name in BROKEN_FILES:  # as they would sit in content/, with the modeline on top
        (folder / name).write_text(MODELINE + (BROKEN / name).read_text(encoding="utf-8"), encoding="utf-8")
    names = ["services.yaml", *BROKEN_FILES]
    result = subprocess.run([sys.executable, str(REPO / "tools" / "editor_diagnostics.py"), str(SERVER), *names],
                            cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()[:-1]
    return folder, {name: [line for line in lines if line.startswith(name + ":")] for name in names}


def test_the_default_content_has_nothing_underlined(editor_view):
    assert editor_view[1]["services.yaml"] == []


@pytest.mark.parametrize("name, message", [
    ("unknown-key.yaml", "Property eligibilty is not allowed."),
    ("missing-required.yaml", 'Missing property "summary".'),
    ("wrong-hours.yaml", "String does not match the pattern"),
])
def test_a_mistake_is_underlined_where_finder_check_puts_it(editor_view, runner, name, message):
    folder, seen = editor_view
    [line] = seen[name]
    checked = finder(runner, "check", folder / name).output.splitlines()[0]
    check_line = int(checked.split(":")[1])
    assert line.startswith(f"{name}:{check_line}:"), (line, checked)
    assert message in line
