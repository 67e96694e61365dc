"""The house rules, checked on the source tree (issue #8):

- the import graph has no cycle, between modules or between packages;
- arrows point one way: ``core`` imports neither side; inside ``etl`` each layer imports only those below it;
  the dashboard reaches the ETL only through the intake service; pages build no SQL;
- no private name is imported from another module;
- only ``core/settings.py`` reads the environment, nobody patches ``sys.path``;
- no source file passes 400 lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT

PACKAGES = ("core", "etl", "dashboard")
MAX_LINES = 400
# inside etl, lowest first; a module may import only from its own layer or a lower one
ETL_LAYERS = ["etl.warehouse", "etl.template", "etl.extract", "etl.pipeline", "etl.intake", "etl"]
DASHBOARD_MAY_IMPORT_FROM_ETL = {"etl.intake.service"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PROJECT_ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((PROJECT_ROOT / pkg).rglob("*.py")):
            out[_module_name(path)] = path
    return out


SOURCES = _sources()


def _imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names = [a.name for a in node.names]
            # "from pkg import module" names a module
            subs = [f"{mod}.{n}" for n in names if f"{mod}.{n}" in SOURCES]
            out += [(s, []) for s in subs]
            rest = [n for n in names if f"{mod}.{n}" not in SOURCES]
            if rest or not subs:
                out.append((mod, rest))
    return [(m, n) for m, n in out if m.split(".")[0] in PACKAGES]


GRAPH = {name: _imports(name, path) for name, path in SOURCES.items()}


def _package(module: str) -> str:
    return module if (SOURCES.get(module) and SOURCES[module].name == "__init__.py") else module.rpartition(".")[0]


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(edges):
        if n not in state and (found := visit(n)):
            return found
    return None


def _module_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, imps in GRAPH.items():
        for mod, _ in imps:
            target = mod if mod in SOURCES else None
            if target and target != name and not name.startswith(target + "."):  # a package's own __init__
                edges.setdefault(name, set()).add(target)
    return edges


def test_no_import_cycle_between_modules():
    assert _cycle(_module_edges()) is None, f"import cycle: {' → '.join(_cycle(_module_edges()))}"


def test_no_import_cycle_between_packages():
    edges: dict[str, set[str]] = {}
    for a, targets in _module_edges().items():
        for b in targets:
            pa, pb = _package(a), _package(b)
            if pa != pb and not pb.startswith(pa + ".") or (pa != pb and a.endswith("__main__")):
                edges.setdefault(pa, set()).add(pb)
    # a parent package importing its own subpackages is the normal direction; the reverse is the cycle
    assert _cycle(edges) is None, f"package cycle: {' → '.join(_cycle(edges))}"


def _layer(module: str) -> int:
    best = -1
    for i, prefix in enumerate(ETL_LAYERS):
        if module == prefix or module.startswith(prefix + "."):
            best = i if prefix != "etl" else (best if best >= 0 else i)
    return best


def test_arrows_point_one_way():
    wrong = []
    for name, imps in GRAPH.items():
        for mod, _ in imps:
            top = mod.split(".")[0]
            if name.startswith("core") and top in ("etl", "dashboard"):
                wrong.append(f"{name} → {mod} (the core imports neither side)")
            if name.startswith("etl") and top == "dashboard":
                wrong.append(f"{name} → {mod} (the ETL does not import the dashboard)")
            if name.startswith("dashboard") and top == "etl" and mod not in DASHBOARD_MAY_IMPORT_FROM_ETL:
                wrong.append(f"{name} → {mod} (the dashboard writes only through etl.intake.service)")
            if name.startswith("etl") and top == "etl" and _layer(mod) > _layer(name):
                wrong.append(f"{name} → {mod} (upward, from {ETL_LAYERS[_layer(name)]})")
    assert not wrong, "\n".join(wrong)


def test_pages_build_no_sql():
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+[\w*]", re.I)
    bad = []
    for name, path in SOURCES.items():
        if name.startswith("dashboard.app_pages") or name in ("dashboard.ui", "dashboard.sidebar"):
            if sql.search(path.read_text(encoding="utf-8")):
                bad.append(name)
            if name.startswith("dashboard.app_pages") and any(m in ("dashboard.db", "duckdb") for m, _ in GRAPH[name]):
                bad.append(f"{name} opens the warehouse itself")
    assert not bad


def test_no_private_names_across_modules():
    bad = [f"{name}: from {mod} import {n}" for name, imps in GRAPH.items() for mod, names in imps
           for n in names if n.startswith("_") and mod != name]
    assert not bad, "\n".join(bad)


def test_only_the_settings_module_reads_the_environment():
    readers = [name for name, path in SOURCES.items()
               if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))]
    assert readers == ["core.settings"]


def test_nobody_patches_sys_path():
    assert not [n for n, p in SOURCES.items() if "sys.path" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("folder", [*PACKAGES, "benchmarks", "tests", "scripts"])
def test_no_source_file_over_400_lines(folder):
    long = [f"{p.relative_to(PROJECT_ROOT)}: {n}" for p in sorted((PROJECT_ROOT / folder).rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, long


def test_every_etl_module_sits_in_a_layer():
    assert all(_layer(n) >= 0 for n in SOURCES if n.startswith("etl"))


def test_the_rules_can_fail():
    """The cycle finder and the layer order see what they should (so the tests above can fail)."""
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    assert _layer("etl.intake.service") > _layer("etl.pipeline.build") > _layer("etl.template.plan")
    assert _layer("etl.cli") > _layer("etl.intake.service")
