"""The rooms of the code and what each may import (docs/architecture.md): no import cycle, even one
hidden inside a function; no Flask under the domain; no blueprint borrowing another's private helpers."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "finder"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: dict) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in the file, at any depth."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            names = [alias.name for alias in node.names]
            submodules = [f"{target}.{alias}" for alias in names if f"{target}.{alias}" in known]
            found += [(module, []) for module in submodules]
            taken = [alias for alias in names if f"{target}.{alias}" not in known]
            if taken:  # `from . import web` imports finder.web, not finder
                found.append((target, taken))
    return found


def graph() -> dict[str, set]:
    known = modules()
    return {name: {target for target, _ in imports_of(name, path, known) if target in known and target != name}
            for name, path in known.items()}


def cycles(edges: dict[str, set]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), ignoring a package's own
    __init__ (importing `finder.x` runs `finder/__init__.py` first, which is no cycle)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_back_round_a_cycle():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_domain_loads_no_flask():
    script = ("import sys, finder, finder.catalog, finder.assistant, finder.settings; "
              "print(sorted(name for name in sys.modules if name.split('.')[0] in ('flask', 'werkzeug', 'jinja2')))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_domain_imports_nothing_of_the_web():
    web = {"finder.web", "finder.app", "finder.views", "finder.presenting", "finder.i18n", "finder.cli"}
    for name, targets in graph().items():
        if name.startswith(("finder.catalog", "finder.assistant")) and not name.endswith(".cli"):
            assert not targets & web and not any(target.startswith("finder.routes") for target in targets), name
        if name.startswith("finder.catalog"):
            assert not any(target.startswith("finder.assistant") for target in targets), name


def test_no_blueprint_borrows_another_ones_private_helpers():
    known = modules()
    for name, path in known.items():
        if not name.startswith("finder.routes."):
            continue
        for target, names in imports_of(name, path, known):
            if target.startswith("finder.routes.") and target != name:
                assert not [alias for alias in names if alias.startswith("_")], f"{name} imports {names} from {target}"
