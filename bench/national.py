"""A national catalogue for benchmarks: the default district copied N times (600 districts × 38 services,
3,000 comuni by default), each copy with its own ids and comune names, one file per district.

    python bench/national.py OUT_DIR [--districts 600] [--content content/services.yaml]
"""
from __future__ import annotations

import argparse
import copy as copying
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SYLLABLES = ("ca", "sa", "ro", "ve", "li", "mon", "to", "fi", "na", "ter", "bor", "go", "san", "pie", "val",
             "lo", "ri", "cas", "tel", "mar", "ci", "no", "po", "gra", "ne", "zza", "stel", "ba", "da", "lu")


def comune_names(count: int, seed: int = 9) -> list[str]:
    """`count` different made-up Italian-sounding town names, always the same for a seed."""
    rng, names = random.Random(seed), []
    seen = set()
    while len(names) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _renamed(ids, suffix):
    return None if ids is None else ids if ids == "all" else [f"{item}-{suffix}" for item in ids]


def district_copy(data: dict, number: int, names: list[str]) -> dict:
    """The district `data` with every id (and every reference to one) suffixed by its number."""
    suffix = f"d{number:03d}"
    copy = copying.deepcopy(data)
    district = copy["district"]
    district["id"] = f"{district['id']}-{suffix}"
    district["name"] = f"Ambito territoriale {number}"
    for key in ("lead_comune", "office"):
        if district.get(key):
            district[key] = f"{district[key]}-{suffix}"
    for comune, name in zip(copy["comuni"], names):
        comune.update(id=f"{comune['id']}-{suffix}", name=name, access_point=f"{comune['access_point']}-{suffix}")
        comune.pop("aliases", None)
        comune.pop("istat", None)
    for point in copy["access_points"]:
        point.update(id=f"{point['id']}-{suffix}", comune=f"{point['comune']}-{suffix}")
    for section in ("audiences", "categories"):
        for item in copy[section]:
            item["id"] = f"{item['id']}-{suffix}"
    for service in copy["services"]:
        service["id"] = f"{service['id']}-{suffix}"
        for key in ("audiences", "categories", "comuni", "access_points"):
            if key in service:
                service[key] = _renamed(service[key], suffix)
    for emergency in copy.get("emergencies", []):
        emergency["id"] = f"{emergency['id']}-{suffix}"
        emergency["services"] = _renamed(emergency.get("services"), suffix) or []
    return copy


def generate(out: Path, districts: int, content: Path) -> list[Path]:
    data = yaml.load(content.read_text(encoding="utf-8"), Loader=LOADER)
    per_district = len(data["comuni"])
    names = comune_names(districts * per_district)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, districts + 1):
        copy = district_copy(data, number, names[(number - 1) * per_district:number * per_district])
        path = out / f"district-{number:03d}.yaml"
        path.write_text(yaml.dump(copy, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--districts", type=int, default=600)
    parser.add_argument("--content", type=Path, default=ROOT / "content" / "services.yaml")
    options = parser.parse_args()
    paths = generate(options.out, options.districts, options.content)
    print(f"{len(paths)} files in {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
