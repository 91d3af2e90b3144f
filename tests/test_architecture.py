"""The wiring of the house: imports point down, importing a model loads models, jobs are named, not imported.

The import graph is read from the source with `ast`, counting imports inside functions too: a lazy import
that closes a circle is a circle all the same (hoisting it is what a tidy contributor does next).
"""

import ast
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
from rq.utils import import_attribute
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

ROOT = Path(__file__).resolve().parents[1]
PAGE_MODULES = {"routes", "manage", "actions", "public", "pages", "views"}


def _modules() -> dict[str, Path]:
    """Every module of app/ and workers/ by dotted name (a package by its own name)."""
    found = {}
    for top in ("app", "workers"):
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _known(name: str) -> str | None:
    """The module a dotted name lives in (`app.feedback.scopes.PETITIONS` -> `app.feedback.scopes`)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(name: str, top_level_only: bool = False) -> set[str]:
    """The project modules that `name` imports (inside functions too, unless `top_level_only`)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    targets = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            targets |= {_known(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            targets |= {_known(f"{base}.{alias.name}") for alias in node.names}
    return targets - {None, name}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module: each is an import circle."""
    names = sorted(graph)
    number = {name: i for i, name in enumerate(names)}
    edges = [(number[a], number[b]) for a in names for b in graph[a]]
    rows, cols = zip(*edges, strict=True) if edges else ((), ())
    matrix = coo_matrix((np.ones(len(edges)), (rows, cols)), shape=(len(names), len(names)))
    _, labels = connected_components(matrix, directed=True, connection="strong")
    components = [[name for name, label in zip(names, labels, strict=True) if label == c] for c in set(labels)]
    return sorted(c for c in components if len(c) > 1)


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_module_of_app_or_workers_is_in_an_import_circle():
    graph = {name: _imports(name) for name in MODULES}
    assert len(graph) > 150
    assert _circles(graph) == []


def test_nothing_in_app_imports_workers():
    upward = {(name, target) for name in MODULES if name.startswith("app") for target in _imports(name)}
    assert {pair for pair in upward if pair[1].startswith("workers")} == set()


def test_a_feature_package_holds_only_its_docstring():
    """Its blueprint is in blueprint.py; create_app imports the page modules (app/pages.py)."""
    features = [path.parent for path in (ROOT / "app").glob("*/blueprint.py")]
    assert len(features) >= 12
    for feature in features:
        tree = ast.parse((feature / "__init__.py").read_text(encoding="utf-8"))
        assert len(tree.body) == 1 and isinstance(tree.body[0].value, ast.Constant), feature.name


def _loaded_by(name: str) -> set[str]:
    """What importing `name` loads of the project: its top-level imports, their packages, and so on."""
    loaded, todo = set(), [name]
    while todo:
        module = todo.pop()
        if module in loaded:
            continue
        loaded.add(module)
        parents = [".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)]
        todo += [m for m in (*_imports(module, top_level_only=True), *parents) if m in MODULES]
    return loaded


def _allowed_below_models(module: str) -> bool:
    last = module.rpartition(".")[2]
    return (
        module in ("app", "app.extensions", "app.geo", "app.submissions.scopes")
        or module.startswith("app.core.")
        or last == "models"
        or (MODULES[module].name == "__init__.py" and module.count(".") == 1)  # a feature package: a docstring
    )


def test_importing_a_model_loads_only_models_and_what_they_stand_on():
    models = [name for name in MODULES if name.endswith(".models") and name != "app.models"]
    assert len(models) >= 10
    for name in models:
        assert {m for m in _loaded_by(name) if not _allowed_below_models(m)} == set(), name


def test_python_importing_the_petition_models_loads_no_pages():
    """The same, asked of a fresh interpreter rather than of the source."""
    code = "import sys, app.petitions.models; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    project = [m for m in loaded.stdout.split() if m.split(".")[0] in ("app", "workers")]
    assert "app.petitions.models" in project
    assert [m for m in project if m.rpartition(".")[2] in PAGE_MODULES or m.startswith("workers")] == []


def _job_names() -> set[str]:
    """Every string in app/ that names a job ("workers.<module>.<function>")."""
    names = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("workers."):
                names.add(node.value)
    return names


def test_every_job_name_used_in_app_names_a_real_job():
    names = _job_names()
    assert len(names) >= 7  # e-mail, batches of e-mail, submissions, answers, followers, responses, regrouping
    for name in sorted(names):
        assert getattr(import_attribute(name), "is_job", False), f"{name} is not a job"


def test_a_job_outside_the_app_says_how_to_run_it():
    """A thread starts with no app context, as an RQ worker started without `flask worker` would."""
    from workers.opendata import regenerate_open_data

    raised = []
    thread = threading.Thread(target=lambda: _capture(regenerate_open_data, raised))
    thread.start()
    thread.join(timeout=30)
    assert len(raised) == 1 and isinstance(raised[0], RuntimeError)
    assert "flask --app wsgi worker" in str(raised[0])


def _capture(func, raised: list) -> None:
    try:
        func()
    except Exception as error:  # noqa: BLE001 - the test looks at what was raised
        raised.append(error)
