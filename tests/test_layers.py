"""
The apps are layers: each imports only the project's apps below it, so the
catalog can be read, tested and changed without the comparisons above it.
"""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
# Each app, and the project's packages it may import besides itself.
LAYERS = {
    "sitecache": set(),
    "changes": {"sitecache"},
    "catalog": {"sitecache", "changes"},
    "comparisons": {"sitecache", "changes", "catalog"},
    "imports": {"sitecache", "changes", "catalog"},
    "editorial": {"sitecache", "changes", "catalog", "comparisons", "imports"},
}
PROJECT = {*LAYERS, "config"}


def imported_packages(path: Path) -> set[str]:
    """Return the top-level packages ``path`` imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_layers_below_it(app):
    wrong = {
        f"{path.relative_to(BASE_DIR)} imports {package}"
        for path in (BASE_DIR / app).rglob("*.py")
        if "migrations" not in path.parts
        for package in imported_packages(path) & PROJECT - LAYERS[app] - {app}
    }
    assert not wrong, sorted(wrong)


def test_the_engine_imports_nothing_of_the_project_but_formatting():
    engine = BASE_DIR / "comparisons" / "engine"
    for path in engine.rglob("*.py"):
        source = path.read_text()
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert node.module.split(".")[0] != "django", path
                if node.module.split(".")[0] in PROJECT:
                    assert node.module == "catalog.formatting", (path, node.module)
