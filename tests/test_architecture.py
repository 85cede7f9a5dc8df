"""The shape of the code: data flows one way, so no module imports itself back through others;
the shared library knows no feature; imports sit at the top of modules, not deferred to dodge a
circle (apps.py connects signals in ready(), as Django wants). And docs/architecture.md, the map,
lists every piece of wiring that the imports do not show."""

import ast
import functools
import re
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from wagtail import hooks

from cms import patches
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


@functools.cache
def module_trees():
    """(name, path, syntax tree) of every module of the project's code, each parsed once."""
    return [(name, path, ast.parse(path.read_text())) for name, path in modules().items()]


def imported_from(node, name, path):
    """The module an `import … from` names, relative imports made absolute."""
    if not node.level:
        return node.module
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    parts = package.split(".")
    return ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))


def imports(name, path, tree, known):
    """The project modules this module imports, and whether any import is inside a function."""
    targets, deferred = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = imported_from(node, name, path)
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
    return {name: imports(name, path, tree, known) for name, path, tree in module_trees()}


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


# The map: docs/architecture.md lists the wiring that folders and imports do not show. Each test
# below reads the code for one kind of it and fails on what the page does not name.

MAP = (BASE_DIR / "docs" / "architecture.md").read_text()


def section(heading):
    """The text of the map's section under "## heading", up to the next one."""
    text = MAP.split(f"\n## {heading}\n", 1)[1]
    return text.split("\n## ", 1)[0]


def named(text):
    """The `code` spans of a text."""
    return set(re.findall(r"`([^`]+)`", text))


def bound_names(name, path, tree):
    """Top-level imports of a module: local name → dotted path of what it names."""
    bound = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = imported_from(node, name, path)
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bound[alias.asname or alias.name.split(".")[0]] = alias.name
    return bound


def is_project(dotted):
    return dotted.split(".")[0] in PACKAGES


def test_the_map_lists_every_answer_to_a_hook_of_the_projects_own():
    offered = {
        node.args[0].value
        for _name, _path, tree in module_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "get_hooks"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    table = section("Hooks of the project's own")
    rows = {line.split("|")[1].strip(" `"): line for line in table.splitlines() if "|" in line}
    assert offered == set(rows) - {"hook", "---"}
    unlisted = {
        (hook, f"{answer.__module__}.{answer.__qualname__}")
        for hook in offered
        for answer in hooks.get_hooks(hook)
        if f"`{answer.__module__}.{answer.__qualname__}`" not in rows[hook]
    }
    assert unlisted == set()


def connections():
    """(module, signal, receiver's dotted path) of every `signal.connect(receiver, …)`."""
    found = []
    for name, path, tree in module_trees():
        bound = bound_names(name, path, tree)
        defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Name)
                and node.args
                and isinstance(node.args[0], ast.Name)
            ):
                receiver = node.args[0].id
                dotted = f"{name}.{receiver}" if receiver in defined else bound.get(receiver)
                found.append((name, node.func.value.id, dotted))
    return found


def test_receivers_are_connected_in_one_place_each_and_the_map_lists_them():
    decorated = [
        name
        for name, _path, tree in module_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        for decorator in node.decorator_list
        if "receiver" in ast.unparse(decorator)
    ]
    assert decorated == []
    found = connections()
    assert found, "the search for connections finds nothing: it is broken"
    assert {module for module, _signal, _receiver in found} == {
        f"{app}.signal_handlers" for app in ("cms", "accounts", "events", "newsletter", "books")
    }
    rows = [line for line in section("Signal receivers").splitlines() if line.startswith("| `")]
    unlisted = [
        (signal, receiver)
        for _module, signal, receiver in found
        if not any(f"`{signal}`" in row and f"`{receiver}`" in row for row in rows)
    ]
    assert unlisted == []


def test_the_map_lists_the_middleware_in_order():
    rows = section("Middleware").splitlines()
    listed = [re.search(r"`([^`]+)`", row).group(1) for row in rows if re.match(r"\| \d+ \|", row)]
    assert listed == settings.MIDDLEWARE


def test_upstream_classes_are_changed_only_in_cms_patches_and_the_map_lists_each_change():
    assigned = []
    for name, path, tree in module_trees():
        upstream = {
            local for local, dotted in bound_names(name, path, tree).items()
            if not is_project(dotted)
        }  # fmt: skip
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr":
                targets = [ast.Attribute(value=node.args[0], attr="?")]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and getattr(target.value, "id", "") in upstream
                ):
                    assigned.append((name, ast.unparse(target)))
    assert assigned == []
    listed = named(section("Upstream code the site relies on"))
    replaced = {f"{owner.__name__}.{attr}" for owner, attr, *_rest in patches.REPLACEMENTS}
    assert replaced <= listed


def test_the_map_lists_every_private_upstream_attribute_the_code_touches():
    """`thing._name` of an object the site does not own (not self, not cls, not Django's
    documented _meta): an upgrade may change it without notice, so it is listed and pinned."""
    touched = {
        (name, node.attr)
        for name, _path, tree in module_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and node.attr != "_meta"
        and getattr(node.value, "id", None) not in {"self", "cls"}
    }
    touched |= {
        (name, node.value)
        for name, _path, tree in module_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("_wagtail")
    }
    table = section("Upstream code the site relies on")
    unlisted = {(name, attr) for name, attr in touched if attr not in table}
    assert unlisted == set()


def test_the_map_lists_all_code_named_by_dotted_path():
    """In the settings (base and production, as the server reads them) and in the code: every
    string that names the project's code, which a rename would break unseen."""

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from strings(key)
                yield from strings(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from strings(item)

    dotted = re.compile(r"^[a-z_]+(\.[A-Za-z_]+)+$")
    production = (BASE_DIR / "config" / "settings" / "production.py").read_text()
    values = [getattr(settings, name) for name in dir(settings) if name.isupper()]
    values += re.findall(r'"([A-Za-z_.]+)"', production)
    in_settings = {value for value in strings(values) if dotted.match(value) and is_project(value)}
    in_code = set()
    for _name, _path, tree in module_trees():
        labels = {
            id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys
        }
        labels |= {
            id(keyword.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            for keyword in node.keywords
            if keyword.arg == "dispatch_uid"
        }  # dict keys and receivers' ids are labels, not names of code
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and dotted.match(node.value)
                and is_project(node.value)
                and id(node) not in labels
                and resolves(node.value)
            ):
                in_code.add(node.value)
    assert in_code, "the search for names in the code finds nothing: it is broken"
    listed = named(section("Code named by dotted path"))
    assert (in_settings | in_code) - listed == set()


def resolves(path):
    """Whether a dotted path names a module or a name in one, found without running anything
    new (what is imported already decides nothing)."""
    try:
        if find_spec(path) is not None:
            return True
    except ModuleNotFoundError:
        pass
    module, _dot, name = path.rpartition(".")
    try:
        return find_spec(module) is not None and hasattr(import_module(module), name)
    except ModuleNotFoundError:
        return False
