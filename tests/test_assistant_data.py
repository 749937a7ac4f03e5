"""The assistant's own data files are checked when they are read, like the catalogue: a mistake is named
with its file and line, never a KeyError in the middle of somebody's conversation."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from finder.assistant import ask, emergency_kind
from finder.assistant.lexicon import HERE, load_lexicon
from finder.assistant.lexicon_check import LexiconError
from finder.catalog import load_catalog
from tests.helpers import FIXTURES

LEXICON = HERE / "lexicon.yaml"
DANGER = FIXTURES / "assistant-danger.yaml"  # emergencies under ids of their own, one per kind of danger


def edited_lexicon(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the real lexicon with one edit, as a maintainer might make it."""
    text = LEXICON.read_text(encoding="utf-8")
    assert old in text, "the edit must change something"
    copy = tmp_path / "lexicon.yaml"
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def line_of(path: Path, fragment: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if fragment in line)


def test_the_lexicon_as_shipped_has_no_mistakes():
    assert load_lexicon(LEXICON).danger_rules


def test_a_misspelt_family_in_a_danger_rule_is_named_with_its_line(tmp_path):
    copy = edited_lexicon(tmp_path, "{class: violence, all: [aggressor, injury]",
                          "{class: violence, all: [agressor, injury]")
    with pytest.raises(LexiconError) as raised:
        load_lexicon(copy)
    assert str(raised.value) == (f"{copy}:{line_of(copy, 'agressor')}: danger[partner-injury].all[0]: unknown family "
                                 "`agressor`: write one of the names under `danger_families:`")


@pytest.mark.parametrize("old, new, says", [
    ("{class: child, all: [child, beating]}", "{class: chlid, all: [child, beating]}",
     "danger[33].class: unknown kind of danger `chlid`"),
    ("{class: child, all: [child, burning]}", "{class: child, all: [child, burning], nome: [rope]}",
     "danger[34].nome: unknown key `nome`"),
    ("{class: life, all: [poison, took]}", "{class: life, all: [poison, took], examples: [ha bevuto la candeggina]}",
     "danger[19]: a rule with examples needs an `id:`"),
    ("  - class: violence\n    say: [mi ha picchiata", "  - class: violenza\n    say: [mi ha picchiata",
     "emergencies[0].class: unknown kind of danger `violenza`"),
    ("    child: [violence, life]", "    child: [violence, vita]",
     "emergency_classes.fallbacks.child[1]: unknown kind of danger `vita`"),
    ("\nnegations:", "\nnegazioni:", "(file): `negations:` is missing"),
])
def test_each_kind_of_mistake_is_named(tmp_path, old, new, says):
    copy = edited_lexicon(tmp_path, old, new)
    with pytest.raises(LexiconError, match=r":\d+: " + re.escape(says)):
        load_lexicon(copy)


# Counter-examples the danger model still reads as danger (docs/assistant.md, issue 15): kept, and failing
# loudly the day the model reads them right.
MODEL_FALSE_ALARMS = {"ho perso le chiavi di casa e il telefono": "the banks tie keys and phone to violence"}


def rule_examples():
    """(rule id, kind of danger or None, message) for every example and counter-example in the lexicon."""
    for rule in yaml.safe_load(LEXICON.read_text(encoding="utf-8"))["danger"]:
        yield from ((rule["id"], rule["class"], text) for text in rule.get("examples", ()))
        for text in rule.get("not", ()):
            known = MODEL_FALSE_ALARMS.get(text)
            marks = [pytest.mark.xfail(reason=known, strict=True)] if known else []
            yield pytest.param(rule["id"], None, text, marks=marks)


@pytest.fixture(scope="module")
def danger_catalog():
    return load_catalog([str(DANGER)])


@pytest.mark.parametrize("rule, kind, says", list(rule_examples()))
def test_each_danger_rule_answers_its_examples_and_not_its_counter_examples(danger_catalog, rule, kind, says):
    answer = ask(danger_catalog, None, says)
    assert emergency_kind(danger_catalog, answer.emergency) == kind, f"{rule}: {says!r} -> {answer.emergency}"
