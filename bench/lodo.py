"""Leave-one-district-out: the needs model is trained on the corpus alone (no district), but the few
weights that fuse it with the catalogue's words (settings.yaml, `needs:`) are chosen on districts. To
report honestly, each of our own districts is measured with the weights chosen on the OTHER districts,
and the figures go into docs/assistant.md.

    .venv/bin/python bench/lodo.py            # prints a table
The evaluation sets of ../shared and the blind sets are never used here.
"""
from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from finder.assistant.evaluation import evaluate  # noqa: E402
from finder.assistant.knowledge import knowledge_of  # noqa: E402
from finder.assistant.lexicon import settings  # noqa: E402
from finder.catalog import load_catalog  # noqa: E402
from finder.catalog.store import SearchIndex, compile_catalog  # noqa: E402

TESTS = ROOT / "tests"
DISTRICTS = {  # our own districts: catalogue, question sets
    "latina": (ROOT / "content" / "services.yaml", ["questions-latina.yaml", "questions-latina-i18n.yaml"]),
    "probe": (TESTS / "fixtures" / "assistant-probe.yaml", ["questions-probe.yaml"]),
    "probe2": (TESTS / "fixtures" / "assistant-probe2.yaml", ["questions-probe2.yaml"]),
    "danger": (TESTS / "fixtures" / "assistant-danger.yaml", ["questions-danger.yaml"]),
    "caltagirone": (TESTS / "fixtures" / "district-caltagirone.yaml", ["questions-caltagirone.yaml"]),
    "bassano": (TESTS / "fixtures" / "district-bassano.yaml", ["questions-bassano.yaml"]),
}
GRID = {("needs", "weight"): (0.5, 1.0, 2.0), ("needs", "model_share"): (0.3, 0.5, 0.7),
        ("ranking", "closeness_weight"): (0.0, 0.5, 1.0), ("needs", "scale_alone"): (3.0, 8.0)}
FIGURES = ("top1", "top3", "access_point", "emergency", "false_alarm")


def _questions(names) -> list:
    found = []
    for name in names:
        path = TESTS / name
        if path.exists():
            found += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return found


def _measure(catalog, index, questions, choice: dict) -> dict:
    saved = {section: dict(settings()[section]) for section, _ in GRID}
    for (section, name), value in choice.items():
        settings()[section][name] = value
    _forget_links(catalog)
    try:
        tally = evaluate(catalog, index, questions)
    finally:
        for section, values in saved.items():
            settings()[section].clear(), settings()[section].update(values)
        _forget_links(catalog)
    return {name: tally.figure(name) for name in FIGURES}


def _forget_links(catalog) -> None:
    for table in ("service_needs", "need_postings"):
        knowledge_of(catalog).extras.pop(table, None)


def _merit(figures: dict) -> float:
    """What the weights are chosen for: the first three services first, then the first one, and no
    emergency lost."""
    value = lambda name: figures[name] if figures[name] is not None else 0.0  # noqa: E731
    return value("top3") + 0.5 * value("top1") + 0.5 * value("emergency") - 2 * value("false_alarm")


def main() -> None:
    choices = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    results = {}  # district -> [figures per choice]
    with tempfile.TemporaryDirectory() as folder:
        for name, (content, sets) in DISTRICTS.items():
            catalog = load_catalog([str(content)])
            index = SearchIndex(compile_catalog(catalog, Path(folder) / f"{name}.sqlite"))
            questions = _questions(sets)
            results[name] = [_measure(catalog, index, questions, choice) for choice in choices]
            results[name].append(_measure(catalog, index, questions, {}))  # the shipped settings
            index.close()
    print("| district | weights chosen on the others | " + " | ".join(FIGURES) + " | shipped settings top3 |")
    print("|---|---|" + "---|" * (len(FIGURES) + 1))
    for name in DISTRICTS:
        others = [other for other in DISTRICTS if other != name]
        best = max(range(len(choices)), key=lambda i: sum(_merit(results[o][i]) for o in others))
        figures = results[name][best]
        shown = " | ".join("-" if figures[f] is None else f"{figures[f]:.1f}" for f in FIGURES)
        shipped = results[name][-1]["top3"]
        chosen = ", ".join(f"{key[1]} {value}" for key, value in choices[best].items())
        print(f"| {name} | {chosen} | {shown} | {'-' if shipped is None else f'{shipped:.1f}'} |")


if __name__ == "__main__":
    main()
