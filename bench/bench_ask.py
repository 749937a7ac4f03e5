"""Times the assistant's `ask` on the default catalogue and on a generated one 100 times larger, prints
median and p95, and writes them into docs/benchmarks.md (its own section, between markers).

    .venv/bin/python bench/bench_ask.py [--content FILE] [--scale 100] [--rounds 5]
"""
from __future__ import annotations

import argparse
import copy
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from finder.assistant import ask  # noqa: E402
from report import REPORT, write_section  # noqa: E402
from finder.catalog import load_catalog  # noqa: E402
from finder.catalog.store import SearchIndex, compile_catalog  # noqa: E402

TARGETS_MS = {"default": 20.0, "scaled": 100.0}  # median targets

# Messages of the kinds people write (written for the benchmark, not taken from an evaluation set).
MESSAGES = [
    "mia mamma ha 87 anni e non ce la fa più a lavarsi da sola, stiamo a Sabaudia",
    "buongiorno vorrei sapere se ce qualcuno che puo portare mio padre alla dialisi",
    "ci hanno staccato la luce e ho due bambini, sto a pontinia",
    "il padrone di casa ci vuole mandare via, non paghiamo da tre mesi",
    "sono senza casa da una settimana, dormo in macchina",
    "my son has autism and needs help at school, we live in Latina",
    "nonno non si ricorda piu dove abita e lascia il gas acceso",
    "mio figlio di 15 anni non va piu a scuola e risponde male",
    "devo rinnovare il permesso di soggiorno ma non capisco i moduli",
    "mio marito mi ha picchiata stanotte, ho paura",
    "sto a sermoneta",
    "a che ora apre l'ufficio dei servizi sociali?",
    "papà esce dall'ospedale venerdì e non cammina",
    "non arrivo a fine mese con la pensione minima",
    "vorremmo accogliere un bambino in affido per qualche mese",
    "x favore nn so a chi kiedere, mia zia e allettata e ha le piaghe",
]


FILES = 10  # the format caps one file's size, so the large catalogue is several districts' files


def scaled_catalogue(source: Path, scale: int, folder: Path) -> list[Path]:
    """The catalogue cloned `scale` times under new ids, as FILES district files (one site may load
    several districts): comuni, doors, services, audiences, categories and emergencies all cloned."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    per_file = max(1, scale // FILES)
    paths = []
    for file_number in range(min(FILES, scale)):
        clones = [_clone(data, f"-f{file_number}", f"x{copy_number}", _roman(file_number * per_file + copy_number))
                  for copy_number in range(per_file)]
        merged = clones[0]
        for clone in clones[1:]:
            for section in ("comuni", "access_points", "services", "emergencies"):
                merged[section].extend(clone.get(section, []))
        path = folder / f"scaled-{file_number}.yaml"
        text = yaml.dump(merged, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=10**6,
                         default_flow_style=None)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _clone(data: dict, file_suffix: str, copy_suffix: str, tag: str) -> dict:
    """One copy of a district with new ids: the district's, audiences' and categories' per file, the
    others per copy (and every reference changed to match)."""
    clone = copy.deepcopy(data)
    suffix = file_suffix + copy_suffix
    district = clone["district"]
    district["id"] += file_suffix
    district["lead_comune"] += suffix
    if district.get("office"):
        district["office"] += suffix
    for comune in clone["comuni"]:
        comune["id"] += suffix
        comune["name"] = f"{comune['name']} {tag}"
        comune["aliases"] = []
        comune["access_point"] += suffix
    for point in clone["access_points"]:
        point["id"] += suffix
        point["comune"] += suffix
    for section in ("audiences", "categories"):
        for item in clone[section]:
            item["id"] += file_suffix
    for service in clone["services"]:
        service["id"] += suffix
        for key in ("audiences", "categories"):
            service[key] = [ref + file_suffix for ref in service[key]]
        if service.get("access_points"):
            service["access_points"] = [ref + suffix for ref in service["access_points"]]
        if isinstance(service.get("comuni"), list):
            service["comuni"] = [comune + suffix for comune in service["comuni"]]
    for emergency in clone.get("emergencies", []):
        emergency["id"] += suffix
        emergency["services"] = [ref + suffix for ref in emergency.get("services", [])]
    return clone


class _PlainDumper(yaml.SafeDumper):
    """Writes every value out: the catalogue format refuses YAML aliases."""

    def ignore_aliases(self, data):
        return True


def _roman(number: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[number // 26 % 26] + letters[number % 26] + str(number)


def time_ask(catalog, index, rounds: int) -> dict:
    started = time.perf_counter()
    ask(catalog, index, MESSAGES[0])  # the first call works out what the assistant knows of the catalogue
    first_ms = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(rounds):
        for message in MESSAGES:
            started = time.perf_counter()
            ask(catalog, index, message)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"calls": len(timings), "median": statistics.median(timings),
            "p95": timings[int(0.95 * (len(timings) - 1))], "first": first_ms}


def measure(paths: list, folder: Path, name: str, rounds: int) -> dict:
    catalog = load_catalog(paths)
    index = SearchIndex(compile_catalog(catalog, folder / f"{name}.sqlite"))
    try:
        figures = time_ask(catalog, index, rounds)
        with threadpool_limits(limits=1):  # as in a gunicorn worker (finder.assistant.needs.warm_up)
            figures["one_thread"] = time_ask(catalog, index, rounds)["median"]
    finally:
        index.close()
    figures["services"] = len(catalog.services)
    figures["comuni"] = len(catalog.comuni)
    figures["districts"] = len(catalog.districts)
    return figures


def report(results: dict, command: str) -> str:
    lines = ["## Assistant: `ask`", "",
             f"Command: `{command}` — {date.today().isoformat()}, Python {platform.python_version()}, "
             f"{platform.machine()}.", "",
             f"Each catalogue answers {len(MESSAGES)} typical messages several times; the first call, which works "
             "out what the assistant knows of the catalogue (kept afterwards), is shown apart. The sentence encoder "
             "runs on the machine's 2 cores (as `finder ask` does), then on one (as each web worker does, so "
             "that two workers do not fight over two cores).", "",
             "| catalogue | districts | services | comuni | calls | median | p95 | first call | median, one thread "
             "| median target |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, figures in results.items():
        lines.append(f"| {name} | {figures['districts']} | {figures['services']} | {figures['comuni']} | "
                     f"{figures['calls']} | "
                     f"{figures['median']:.1f} ms | {figures['p95']:.1f} ms | {figures['first']:.0f} ms | "
                     f"{figures['one_thread']:.1f} ms | < {TARGETS_MS[name]:.0f} ms |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=str(ROOT / "content" / "services.yaml"))
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="finder-bench-") as name:
        folder = Path(name)
        results = {"default": measure([Path(options.content)], folder, "default", options.rounds)}
        scaled = scaled_catalogue(Path(options.content), options.scale, folder)
        results["scaled"] = measure(scaled, folder, "scaled", max(1, options.rounds // 2))
    for label, figures in results.items():
        print(f"{label}: {figures['services']} services, median {figures['median']:.1f} ms, "
              f"p95 {figures['p95']:.1f} ms, first call {figures['first']:.0f} ms, "
              f"one thread {figures['one_thread']:.1f} ms")
    write_section("bench_ask", report(results, "python bench/bench_ask.py" + "".join(f" {arg}" for arg in sys.argv[1:])))
    print(f"written to {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
