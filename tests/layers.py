"""The direction of imports between the project's packages, read from the source (``ast``).

Data flows one way: ``reader → reports → audit / search``, and ``gxnb_portal`` wires them
(docs/architecture.md). :func:`violations` lists every import that breaks that, and every
circle between two of our modules; ``tests/test_layers.py`` asserts the list is empty and that
the check bites on a tree that breaks it.

Imports inside ``if TYPE_CHECKING:`` are annotations only and are not counted; imports inside
functions are (a deferred import is still a dependency).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("gxnb_portal", "reader", "reports", "audit", "search", "demo")

# package -> the packages of ours it may import (itself always allowed)
ALLOWED: dict[str, frozenset[str]] = {
    "reader": frozenset(),
    "demo": frozenset({"reader"}),
    "reports": frozenset({"reader"}),
    "audit": frozenset({"reader", "reports"}),
    "search": frozenset({"reader", "reports"}),
    "gxnb_portal": frozenset({"reader", "reports", "audit", "search"}),
}
# Third-party top-level names a package may not import at all.
FORBIDDEN_THIRD_PARTY: dict[str, frozenset[str]] = {
    "reader": frozenset({"django", "ninja", "celery"}),
    "demo": frozenset({"django", "ninja", "celery"}),
}
# The few joins that go against the grain on purpose, each named: (importing module, the package
# or module it may import).
EXCEPTIONS: frozenset[tuple[str, str]] = frozenset(
    {
        # The pipeline runs the later steps with plain calls (docs/architecture.md).
        ("reports.pipeline", "audit"),
        ("reports.pipeline", "search"),
        # The staff admin shows a report's findings through audit's one rule of who sees which
        # (audit.selectors.findings_visible_to), as the style guide allows a page to.
        ("reports.admin", "audit.selectors"),
        ("reports.admin_corrections", "audit.selectors"),
        ("reports.admin_corrections", "audit.models"),
        # The demo commands are the only users of the demo generator.
        ("reports.management.commands.load_demo", "demo"),
        ("reports.management.commands.generate_demo", "demo"),
    }
)


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module, dotted (absolute)
    line: int


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    """Every node below ``node`` except the bodies of ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for other in child.orelse:
                yield other
                yield from _walk(other)
            continue
        yield child
        yield from _walk(child)


def imports_of(root: Path, path: Path) -> Iterator[Import]:
    module = module_name(root, path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in _walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                # a package's own __init__ is its base; a module's base is its package
                keep = len(base) - node.level + (1 if is_package else 0)
                prefix = ".".join(base[:keep])
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            for alias in node.names:
                # ``from pkg import mod`` imports a module when one exists by that name
                candidate = f"{target}.{alias.name}"
                yield Import(
                    module, candidate if _is_module(root, candidate) else target, node.lineno
                )


def _is_module(root: Path, dotted: str) -> bool:
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def source_files(root: Path) -> Iterator[Path]:
    for package in PACKAGES:
        folder = root / package
        if folder.is_dir():
            yield from (p for p in sorted(folder.rglob("*.py")) if "migrations" not in p.parts)


def violations(root: Path) -> list[str]:
    """Every import against the layering, and every circle between our modules, as sentences."""
    problems: list[str] = []
    graph: dict[str, set[str]] = {}
    modules = {module_name(root, p) for p in source_files(root)}
    for path in source_files(root):
        for imp in imports_of(root, path):
            package = imp.module.split(".")[0]
            target_package = imp.target.split(".")[0]
            where = f"{path.relative_to(root)}:{imp.line}"
            if target_package in FORBIDDEN_THIRD_PARTY.get(package, ()):
                problems.append(f"{where}: {package}/ must not import {imp.target}")
            if (
                target_package in PACKAGES
                and target_package != package
                and target_package not in ALLOWED[package]
                and not _excepted(imp)
            ):
                problems.append(f"{where}: {package}/ must not import {imp.target}")
            target = _owning_module(imp.target, modules)
            if target and target != imp.module:
                graph.setdefault(imp.module, set()).add(target)
    problems.extend(f"import circle: {' → '.join(c)}" for c in _circles(graph))
    return problems


def _excepted(imp: Import) -> bool:
    return any(
        imp.module == module and (imp.target == allowed or imp.target.startswith(allowed + "."))
        for module, allowed in EXCEPTIONS
    )


def _owning_module(dotted: str, modules: set[str]) -> str | None:
    while dotted and dotted not in modules:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One example cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def connect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
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
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found
