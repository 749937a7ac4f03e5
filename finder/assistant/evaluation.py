"""`finder eval`: run a list of {says, state?, expect} against the assistant and measure it."""
from __future__ import annotations

from dataclasses import dataclass, field

from .answering import ask

FIGURES = ("top1", "top3", "comune", "access_point", "follow_up", "emergency", "false_alarm")
AT_MOST = {"false_alarm"}  # for these, --min means "at most"


class QuestionsError(ValueError):
    """The questions file is not a list of {says, state?, expect}."""


@dataclass
class Tally:
    hits: dict = field(default_factory=lambda: {name: 0 for name in FIGURES})
    counts: dict = field(default_factory=lambda: {name: 0 for name in FIGURES})
    misses: list = field(default_factory=list)  # one line per question that missed something
    by_language: dict = field(default_factory=dict)  # the language the answer came in -> its own Tally

    def count(self, name: str, hit: bool) -> None:
        self.counts[name] += 1
        self.hits[name] += bool(hit)

    def figure(self, name: str) -> float | None:
        if not self.counts[name]:
            return None
        return 100.0 * self.hits[name] / self.counts[name]

    def summary(self) -> str:
        return " ".join(f"{name} {_percent(self.figure(name))}" for name in FIGURES)

    def counted(self, names=("top3", "access_point", "emergency", "false_alarm")) -> str:
        return " ".join(f"{name} {self.hits[name]}/{self.counts[name]}" for name in names if self.counts[name])

    def languages(self) -> str:
        return "by language: " + "; ".join(
            f"{lang} {tally.counted()}" for lang, tally in sorted(self.by_language.items()))

    def failures(self, minimums: dict) -> list[str]:
        failed = []
        for name, wanted in minimums.items():
            value = self.figure(name)
            if value is None:
                continue
            if (value > wanted) if name in AT_MOST else (value < wanted):
                bound = "at most" if name in AT_MOST else "at least"
                failed.append(f"{name} {_percent(value)} (wanted {bound} {wanted:g}%)")
        return failed


def _percent(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}".removesuffix(".0") + "%"


def check_questions(questions) -> list:
    if not isinstance(questions, list):
        raise QuestionsError("the file must be a YAML list of {says, state?, expect}")
    for number, question in enumerate(questions, 1):
        if not isinstance(question, dict) or not isinstance(question.get("says"), str):
            raise QuestionsError(f"question {number}: needs `says: TEXT`")
        if not isinstance(question.get("expect", {}), dict) or not isinstance(question.get("state") or {}, dict):
            raise QuestionsError(f"question {number}: `expect` and `state` must be maps")
    return questions


def evaluate(catalog, index, questions: list) -> Tally:
    tally = Tally()
    for number, question in enumerate(check_questions(questions), 1):
        answer = ask(catalog, index, question["says"], state=question.get("state"))
        expect = question.get("expect") or {}
        problems = _score(tally, expect, answer)
        _score(tally.by_language.setdefault(answer.lang, Tally()), expect, answer)
        if problems:
            tally.misses.append(f"#{number} {_short(question['says'])}: " + "; ".join(problems))
    return tally


def _score(tally: Tally, expect: dict, answer) -> list[str]:
    problems = []
    if expect.get("services"):
        wanted = set(expect["services"])
        tally.count("top1", answer.services[:1] and answer.services[0] in wanted)
        in_top3 = bool(wanted.intersection(answer.services[:3]))
        tally.count("top3", in_top3)
        if not in_top3:
            problems.append(f"services {answer.services[:3]} want one of {sorted(wanted)}")
    for slot in ("comune", "access_point", "emergency"):
        if expect.get(slot):
            got = getattr(answer, slot)
            tally.count(slot, got == expect[slot])
            if got != expect[slot]:
                problems.append(f"{slot} {got} want {expect[slot]}")
    if expect.get("follow_up"):
        asked = answer.follow_up.slot if answer.follow_up else None
        tally.count("follow_up", asked == expect["follow_up"])
        if asked != expect["follow_up"]:
            problems.append(f"follow_up {asked} want {expect['follow_up']}")
    if not expect.get("emergency"):
        tally.count("false_alarm", answer.emergency is not None)
        if answer.emergency:
            problems.append(f"false alarm {answer.emergency}")
    return problems


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= width else text[:width - 1] + "…") + '"'


def parse_minimums(text: str | None) -> dict:
    """"top3=90,false_alarm=2" -> {"top3": 90.0, "false_alarm": 2.0}; ValueError on anything else."""
    minimums = {}
    for part in filter(None, (text or "").split(",")):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in FIGURES:
            raise ValueError(f"unknown figure `{name}` (known: {', '.join(FIGURES)})")
        try:
            minimums[name] = float(value)
        except ValueError:
            raise ValueError(f"`{part}`: the value must be a number") from None
    return minimums
