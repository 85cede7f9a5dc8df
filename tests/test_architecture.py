"""The shape of the code: data flows one way, so no module imports itself back through others;
the shared library knows no feature; imports sit at the top of modules, not deferred to dodge a
circle (apps.py connects signals in ready(), as Django wants)."""

import ast
import functools
from pathlib import Path

from tests.project import project_apps

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGES = sorted(project_apps() | {"config"})


def modules():
    """Every module of the project's code (tests and migrations aside): name → path."""
    found = {}
    for package in PACKAGES:
        for path in (BASE_DIR / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(BASE_DIR).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(name, path, known):
    """The project modules this module imports, and whether any import is inside a function."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets, deferred = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found = {c for c in candidates if c in known}
        targets |= found
        if found and node.col_offset > 0:
            deferred.append(node.lineno)
    return targets, deferred


@functools.cache
def graph():
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_no_module_imports_itself_back():
    edges = {name: targets for name, (targets, _deferred) in graph().items()}
    circles, state = [], {}

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(edges[name]):
            if state.get(target) == "open":
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_imports_are_not_deferred():
    deferred = {
        name: lines
        for name, (_targets, lines) in graph().items()
        if lines and not name.endswith(".apps")
    }
    assert deferred == {}


def test_the_shared_library_imports_no_feature():
    features = set(PACKAGES) - {"cms", "config"}
    reached = {
        target.split(".")[0]
        for name, (targets, _lines) in graph().items()
        if name.split(".")[0] == "cms"
        for target in targets
    }
    assert reached & features == set()


def test_the_ground_floor_imports_only_the_shared_library():
    reached = {
        target.split(".")[0]
        for name, (targets, _lines) in graph().items()
        if name.split(".")[0] == "organisations"
        for target in targets
    }
    assert reached <= {"organisations", "cms"}


def test_no_test_module_imports_another():
    """Shared test data and helpers live in factories, fixtures and helper modules: a test
    module read alone tells what it tests."""
    test_modules = {path.stem for path in (BASE_DIR / "tests").rglob("test_*.py")}
    borrowed = {}
    for path in (BASE_DIR / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(alias.name for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.rpartition(".")[2] in test_modules for name in names):
                borrowed.setdefault(str(path.relative_to(BASE_DIR)), []).append(node.lineno)
    assert borrowed == {}
