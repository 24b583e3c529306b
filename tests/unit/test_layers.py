"""The import graph: every import points down the layers, and no module imports itself back."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT

# Interfaces (the page in app.py and ui/, the command line) → measuring → answering → index → what every layer shares.
LAYERS = {"core": 0, "ingest": 1, "assistant": 2, "eval": 3, "ui": 4, "app": 4}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every project module and the project modules it imports, lazy imports inside functions included."""
    sources = [PROJECT_ROOT / "app.py"] + [p for top in LAYERS if (PROJECT_ROOT / top).is_dir()
                                             for p in (PROJECT_ROOT / top).rglob("*.py")]
    graph: dict[str, set[str]] = {}
    for path in sources:
        module = _module_name(path)
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets.add(node.module)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[module] = {t for t in targets if t.split(".")[0] in LAYERS}
    return graph


def test_every_import_points_down_the_layers():
    upward = [(module, target) for module, targets in _imports().items() for target in targets
              if LAYERS[target.split(".")[0]] > LAYERS[module.split(".")[0]]]
    assert upward == []


def test_no_module_imports_itself_back():
    graph = _imports()
    modules = set(graph)

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    edges = {m: {r for t in ts if (r := resolve(t)) and r != m} for m, ts in graph.items()}
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in edges[node]:
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for module in sorted(modules):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_layers_are_all_there():
    """A renamed package would make the tests above check nothing."""
    tops = {m.split(".")[0] for m in _imports()}
    assert tops == set(LAYERS)
