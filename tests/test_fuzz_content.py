"""An editor's worst day, fuzzed: `finder check` over mutated catalogue files answers with problems, never
a traceback, a hang or a memory blow-up (alias bombs and huge files included)."""
from __future__ import annotations

import resource
import signal
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.helpers import MINI
from finder.catalog import check_files

from tests.test_fuzz import EXAMPLES, characters

pytestmark = pytest.mark.timeout(max(180, EXAMPLES // 10))
MINI_LINES = MINI.read_text(encoding="utf-8").splitlines()
SECONDS_ALLOWED = 10
MEMORY_ALLOWED = 2 * 1024 ** 3  # address space of the whole `finder check` process


class TooSlow(Exception):
    pass


def _stop(signum, frame):
    raise TooSlow()


fragments = st.one_of(st.text(characters, max_size=30), st.sampled_from([
    "  - id: sezze", "&anchor", "*anchor", "<<: *anchor", "- [", "{", "'", '"', "\t", ": :", "---", "...",
    "!!python/object:os.system", "!!binary AAAA", "? complex", "|", ">-", "~", "2026-02-30", "0x1F", "1e999",
    "  reviewed: 2024-01-01", "format: 2", "\ufeff", "\x85", "\u2028"]))
mutation = st.tuples(st.sampled_from(["delete", "duplicate", "insert", "replace", "indent", "dedent", "truncate"]),
                     st.integers(0, len(MINI_LINES) - 1), fragments)


def mutated(mutations) -> str:
    lines = list(MINI_LINES)
    for how, where, fragment in mutations:
        where = min(where, len(lines) - 1) if lines else 0
        if not lines:
            lines.append(fragment)
        elif how == "delete":
            del lines[where]
        elif how == "duplicate":
            lines.insert(where, lines[where])
        elif how == "insert":
            lines.insert(where, fragment)
        elif how == "replace":
            key = lines[where].split(":", 1)[0]
            lines[where] = f"{key}: {fragment}" if ":" in lines[where] else fragment
        elif how == "indent":
            lines[where] = "  " + lines[where]
        elif how == "dedent":
            lines[where] = lines[where].lstrip()
        else:
            lines = lines[:where]
    return "\n".join(lines) + "\n"


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_catalogues_are_reported_never_crash_or_hang(mutations):
    text = mutated(mutations)
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.alarm(SECONDS_ALLOWED)
    try:
        problems, catalog = check_files([str(MINI)], texts={str(MINI): text})
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert catalog is not None or any(problem.severity == "error" for problem in problems)
    for problem in problems:
        assert str(problem).startswith(f"{MINI}:"), problem


def _bounded():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_ALLOWED, MEMORY_ALLOWED))


def check_bounded(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "finder.cli", "check", str(path)], capture_output=True, text=True,
                          timeout=SECONDS_ALLOWED, preexec_fn=_bounded)


ALIAS_BOMB = "format: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefghi", "bcdefghij"))


def test_an_alias_bomb_is_refused_quickly_in_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    result = check_bounded(bomb)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "alias (`*nome`) ripete se stesso" in result.stdout


def test_a_50_mb_file_is_refused_by_its_size(tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_text("format: 1\nservices:\n" + "  - id: x\n    name: y\n" * 2_200_000, encoding="utf-8")
    result = check_bounded(huge)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "il file supera i 5 MB" in result.stdout
