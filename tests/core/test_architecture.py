"""The import graph of ``src/vigie`` keeps the order written in ``docs/architecture.md``.

The graph is read from the source with ``ast`` (every ``import``, including late ones inside
functions and ``TYPE_CHECKING`` blocks: a hint that goes up the order is still a tie a reader has to
follow). It must have no cycle between modules, none between domains, and no import that goes up
the layers — neither between domains nor between the registry's families.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src"
PACKAGE = SRC / "vigie"

# Lowest first. A module may import its own domain, any lower layer, never a higher one nor a
# different domain of its own layer. Keep in step with docs/architecture.md.
DOMAIN_LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"vigie", "vigie.config", "vigie.errors", "vigie.dates"}),
    frozenset({"vigie.db"}),
    frozenset({"vigie.registry", "vigie.products", "vigie.social", "vigie.guides"}),
    frozenset({"vigie.scan"}),
    frozenset({"vigie.accounts"}),
    frozenset({"vigie.reports"}),
    frozenset({"vigie.web", "vigie.models"}),
    frozenset({"vigie.cli"}),
)

# Inside the registry: the shared base, then the families, then what combines them.
REGISTRY_LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "vigie.registry",
            "vigie.registry.columns",
            "vigie.registry.identifiers",
            "vigie.registry.models",
            "vigie.registry.normalize",
            "vigie.registry.schemas",
            "vigie.registry.schemas_verify",
            "vigie.registry.services",
            "vigie.registry.verdict",
        }
    ),
    frozenset({"vigie.registry.search", "vigie.registry.synth"}),
    frozenset({"vigie.registry.load"}),
    frozenset({"vigie.registry.demo", "vigie.registry.diff", "vigie.registry.verify"}),
)

# Alembic runs env.py as a script with the whole schema; it is an entry point, not a library.
ENTRY_SCRIPTS = frozenset({"vigie.db.migrations.env"})


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    line: int

    def __str__(self) -> str:
        path = self.source.replace(".", "/")
        return f"{self.source} -> {self.target} (src/{path}.py:{self.line})"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The deepest known module a dotted name starts with (``a.b.C`` -> ``a.b``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> Iterator[Edge]:
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            target = _resolve(name, modules) if name.startswith("vigie") else None
            if target and target != module:
                yield Edge(module, target, node.lineno)


def _graph() -> list[Edge]:
    modules = _modules()
    return [
        edge
        for module, path in sorted(modules.items())
        if module not in ENTRY_SCRIPTS
        for edge in _imports(module, path, modules)
    ]


def _owner(module: str, layers: tuple[frozenset[str], ...]) -> tuple[int, str] | None:
    """(layer, group) of the longest group name that ``module`` is or lies inside."""
    best: tuple[int, str] | None = None
    for rank, layer in enumerate(layers):
        for group in layer:
            # The package itself owns only its ``__init__``; its sub-packages are listed one by one.
            inside = module == group or (group != "vigie" and module.startswith(group + "."))
            if inside and (best is None or len(group) > len(best[1])):
                best = (rank, group)
    return best


def _violations(edges: list[Edge], layers: tuple[frozenset[str], ...], scope: str) -> list[str]:
    found = []
    for edge in edges:
        if not (edge.source.startswith(scope) and edge.target.startswith(scope)):
            continue
        source, target = _owner(edge.source, layers), _owner(edge.target, layers)
        if source is None or target is None or source[1] == target[1]:
            continue
        if target[0] > source[0]:
            found.append(f"{edge}: {source[1]} (layer {source[0]}) imports {target[1]} above it")
        elif target[0] == source[0] and source[0] > 0:
            found.append(
                f"{edge}: {source[1]} and {target[1]} are peers and must not import each other"
            )
    return found


def _cycles(edges: list[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan's algorithm, recursive: the graph is a few hundred modules)."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _domain(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_every_module_has_a_layer() -> None:
    orphans = [m for m in _modules() if m not in ENTRY_SCRIPTS and _owner(m, DOMAIN_LAYERS) is None]
    assert orphans == [], "add these to DOMAIN_LAYERS and docs/architecture.md"
    registry = [m for m in _modules() if m.startswith("vigie.registry")]
    assert [m for m in registry if _owner(m, REGISTRY_LAYERS) is None] == []


def test_no_module_cycle() -> None:
    assert _cycles([(e.source, e.target) for e in _graph()]) == []


def test_no_domain_cycle() -> None:
    pairs = [(_domain(e.source), _domain(e.target)) for e in _graph()]
    assert _cycles([(s, t) for s, t in pairs if s != t]) == []


@pytest.mark.parametrize(
    ("layers", "scope"), [(DOMAIN_LAYERS, "vigie"), (REGISTRY_LAYERS, "vigie.registry")]
)
def test_no_import_goes_up(layers: tuple[frozenset[str], ...], scope: str) -> None:
    assert _violations(_graph(), layers, scope) == []


def test_the_checks_can_fail() -> None:
    """The checkers see a planted cycle and a planted upward import (so a pass means something)."""
    assert _cycles([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]) == [["a", "b", "c"]]
    planted = [Edge("vigie.registry.search.places", "vigie.registry.load.sink", 1)]
    assert len(_violations(planted, REGISTRY_LAYERS, "vigie.registry")) == 1
    planted = [Edge("vigie.scan.signals", "vigie.reports.cases", 1)]
    assert len(_violations(planted, DOMAIN_LAYERS, "vigie")) == 1
    planted = [Edge("vigie.registry.verdict", "vigie.products.catalog", 1)]
    assert "peers" in _violations(planted, DOMAIN_LAYERS, "vigie")[0]


def test_docs_state_the_same_order() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "architecture.md").read_text(encoding="utf-8")
    for layer in (*DOMAIN_LAYERS, *REGISTRY_LAYERS):
        for group in layer - {"vigie"}:
            assert f"`{group.removeprefix('vigie.')}`" in doc, group
