"""The layering import-linter holds (pyproject's [tool.importlinter]) has one blind spot: an
import inside a function hides a cycle until the function runs. None may cross apps; even
AppConfig.ready() imports only its own app's `registrations`, which imports at its top."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = {
    "accounts",
    "careers",
    "candidates",
    "config",
    "dashboard",
    "demo",
    "interviews",
    "outbox",
    "postings",
    "screening",
}


def _imports_inside_functions(path: Path) -> list[tuple[int, str, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                found += [(node.lineno, function.name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((node.lineno, function.name, node.module))
    return found


def test_no_import_inside_a_function_reaches_another_app():
    crossing = []
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            for line, function, module in _imports_inside_functions(path):
                target = module.split(".")[0]
                if target in APPS and target != app:
                    where = f"{path.relative_to(ROOT)}:{line}"
                    crossing.append(f"{where} {function}() imports {module}")
    assert not crossing, "move these imports to the module's top:\n" + "\n".join(crossing)


def test_the_walk_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("def view():\n    from candidates.models import Application\n")
    assert _imports_inside_functions(module) == [(2, "view", "candidates.models")]
