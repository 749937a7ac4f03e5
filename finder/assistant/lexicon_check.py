"""The assistant's own data is checked when it is read, like the catalogue: `lexicon.yaml:LINE: field:
message` for every mistake, instead of a KeyError in the middle of a conversation. No web in here."""
from __future__ import annotations

from ..catalog.source import Problem, Source

REQUIRED = ("situations", "context", "place_context", "ages", "age_words", "others", "places", "orientation",
            "ignore", "emergency_classes", "negations", "emergencies", "danger_families", "plain_words", "danger")
OPTIONAL = ("defusers", "long_over")
AGE_WORDS = ("units", "before", "not_before", "fillers", "writer")
PLACES = ("home_cues", "away_cues", "of_cues", "place_words", "not_after")
FAMILY_KEYS = {"say", "ages_under"}
RULE_KEYS = {"class", "all", "none", "id", "examples", "not"}  # examples: messages it must answer; not: must not


class LexiconError(Exception):
    """The assistant's data has mistakes: every one, as `file:line: field: message`."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def check_lexicon(source: Source) -> list[Problem]:
    """Every mistake in the lexicon that would break the assistant, with its line."""
    data = source.data
    if not isinstance(data, dict):
        return source.problems or [Problem(source.file, 1, "(file)", "the lexicon should be a map of sections")]
    for key in REQUIRED:
        if key not in data:
            source.problem((), f"`{key}:` is missing")
    for key in data:
        if key not in REQUIRED + OPTIONAL:
            source.problem((key,), f"unknown section `{key}` (a typo?): the sections are {', '.join(REQUIRED)}")
    _check_keys(source, data, "age_words", AGE_WORDS)
    _check_keys(source, data, "places", PLACES)
    kinds = _check_classes(source, data.get("emergency_classes"))
    _check_situations(source, data.get("situations"))
    _check_emergencies(source, data.get("emergencies"), kinds)
    families = _check_families(source, data.get("danger_families"))
    _check_rules(source, data.get("danger"), kinds, families)
    return source.problems


def _check_keys(source: Source, data: dict, section: str, wanted: tuple) -> None:
    value = data.get(section)
    if section in data and not isinstance(value, dict):
        source.problem((section,), "should be a map")
        return
    for key in wanted:
        if key not in (value or {}):
            source.problem((section,), f"`{key}:` is missing")


def _check_classes(source: Source, classes) -> set:
    if not isinstance(classes, dict):
        source.problem(("emergency_classes",), "should be a map of kinds of danger (violence, life, child)")
        return set()
    kinds = {kind for kind in classes if kind != "fallbacks"}
    for kind, others in (classes.get("fallbacks") or {}).items():
        for position, other in enumerate([kind, *(others or [])]):
            if other not in kinds:
                path = ("emergency_classes", "fallbacks", kind) + ((position - 1,) if position else ())
                source.problem(path, f"unknown kind of danger `{other}`: the kinds are {', '.join(sorted(kinds))}")
    return kinds


def _items(source: Source, items, section: str):
    if not isinstance(items, list):
        if items is not None:
            source.problem((section,), "should be a list")
        return []
    found = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            found.append((index, item))
        else:
            source.problem((section, index), "should be a map")
    return found


def _check_situations(source: Source, items) -> None:
    for index, item in _items(source, items, "situations"):
        for key in ("say", "means"):
            if not item.get(key):
                source.problem(("situations", index), f"`{key}:` is missing or empty")


def _check_emergencies(source: Source, items, kinds: set) -> None:
    for index, item in _items(source, items, "emergencies"):
        _check_kind(source, ("emergencies", index, "class"), item.get("class"), kinds)
        if not item.get("say"):
            source.problem(("emergencies", index), "`say:` is missing or empty")


def _check_families(source: Source, families) -> set:
    if not isinstance(families, dict):
        source.problem(("danger_families",), "should be a map of family names to phrases")
        return set()
    for name, family in families.items():
        if isinstance(family, dict):
            for key in set(family) - FAMILY_KEYS:
                source.problem(("danger_families", name, key), f"unknown key `{key}`: a family has `say` and `ages_under`")
            if not family.get("say"):
                source.problem(("danger_families", name), "`say:` is missing or empty")
        elif not isinstance(family, list) or not family:
            source.problem(("danger_families", name), "should be a list of phrases")
    return set(families)


def _check_rules(source: Source, rules, kinds: set, families: set) -> None:
    for index, rule in _items(source, rules, "danger"):
        for key in set(rule) - RULE_KEYS:
            source.problem(("danger", index, key), f"unknown key `{key}`: a rule has {', '.join(sorted(RULE_KEYS))}")
        if (rule.get("examples") or rule.get("not")) and not rule.get("id"):
            source.problem(("danger", index), "a rule with examples needs an `id:` that names the situation")
        _check_kind(source, ("danger", index, "class"), rule.get("class"), kinds)
        if not rule.get("all"):
            source.problem(("danger", index), "`all:` is missing or empty: the families that must all be in the message")
        for key in ("all", "none"):
            for position, name in enumerate(rule.get(key) or ()):
                if name not in families:
                    source.problem(("danger", index, key, position),
                                   f"unknown family `{name}`: write one of the names under `danger_families:`")


def _check_kind(source: Source, path: tuple, kind, kinds: set) -> None:
    if kind not in kinds:
        source.problem(path, f"unknown kind of danger `{kind}`: the kinds are {', '.join(sorted(kinds))}")
