"""Dependencies point one way, downwards, and no module imports itself round a circle.

    app composition (assistant.app)     imports anything; nothing imports it
    assistant, actions, evaluation      the citizen side, Rasa's actions, the evaluators
    handover                            queue, claims, hours, counsellors and their API
    knowledge                           articles, search, answers and the editors' API
    core                                the shared kernel; imports none of the above

Packages on one level do not import each other. ``assistant.nlu`` runs inside Rasa's own
environment and imports no project module at all. Every import counts, also one inside a
function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "knowledge", "handover", "assistant", "actions", "evaluation")
COMPOSITION = "assistant.app"
RANKS = {"core": 0, "knowledge": 1, "handover": 2, "assistant": 3, "actions": 3, "evaluation": 3, COMPOSITION: 4}
ISOLATED = ("assistant.nlu",)  # loaded by Rasa in its own venv


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, module: str, known: set[str]) -> set[str]:
    """Project modules this file imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, set[str]]:
    files = {module_name(p, root): p for pkg in packages for p in (root / pkg).rglob("*.py")}
    known = set(files)
    return {module: imports_of(path, module, known) for module, path in files.items()}


def unit_of(module: str) -> str:
    if module == COMPOSITION or module.startswith(COMPOSITION + "."):
        return COMPOSITION
    return module.split(".")[0]


def violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            source_unit, target_unit = unit_of(module), unit_of(target)
            if any(module == i or module.startswith(i + ".") for i in ISOLATED):
                found.append(f"{module} -> {target}: {module} runs inside Rasa and may import no project module")
            elif target_unit == COMPOSITION:
                found.append(f"{module} -> {target}: nothing imports the app composition")
            elif source_unit != target_unit and RANKS[source_unit] <= RANKS[target_unit]:
                found.append(f"{module} -> {target}: {source_unit} may not import {target_unit} "
                             f"(level {RANKS[source_unit]} -> {RANKS[target_unit]})")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected set of modules larger than one (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_imports_point_downwards():
    assert violations(import_graph(ROOT)) == []


def test_no_module_imports_itself_round_a_circle():
    # A package's __init__ that re-exports its own modules is not a circle of files.
    graph = {m: {t for t in ts if not (t == m.rpartition(".")[0])} for m, ts in import_graph(ROOT).items()}
    assert cycles(graph) == []


def test_every_package_is_ranked():
    tops = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} - {"tests", "bench", "scripts"}
    assert tops == set(PACKAGES)


@pytest.fixture()
def fake_tree(tmp_path):
    def make(files: dict[str, str]) -> dict[str, set[str]]:
        for name, source in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source)
        for package in {name.split("/")[0] for name in files}:
            (tmp_path / package / "__init__.py").touch()
        return import_graph(tmp_path, tuple({name.split("/")[0] for name in files}))

    return make


def test_the_check_catches_an_upward_import_even_inside_a_function(fake_tree):
    graph = fake_tree({"core/keys.py": "def f():\n    from handover import queue\n",
                       "handover/queue.py": "from core import keys\n"})
    assert violations(graph) == ["core.keys -> handover.queue: core may not import handover (level 0 -> 2)"]


def test_the_check_catches_siblings_and_the_composition(fake_tree):
    graph = fake_tree({"assistant/app.py": "", "assistant/chat.py": "import evaluation.api\n",
                       "evaluation/api.py": "from assistant import app\n"})
    assert len(violations(graph)) == 2


def test_the_check_catches_a_circle_of_files(fake_tree):
    graph = fake_tree({"knowledge/search.py": "from knowledge import answer\n",
                       "knowledge/answer.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                              "    from knowledge.search import Hit\n"})
    assert cycles(graph) == [["knowledge.answer", "knowledge.search"]]
