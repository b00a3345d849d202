"""`screening.engine` is a pure library: importing it loads neither Django nor a project app."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import screening.engine

ROOT = Path(__file__).resolve().parents[2]

# In a fresh interpreter with no settings: import every engine module, load the taxonomy data
# (`skills.json` beside the code), and report every module that got imported.
CHILD = """
import importlib, json, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
from screening.engine import taxonomy
assert taxonomy.load().skills
print(json.dumps(sorted(sys.modules)))
"""


def test_the_engine_imports_without_django_or_any_project_app() -> None:
    engine = [
        info.name
        for info in pkgutil.walk_packages(screening.engine.__path__, prefix="screening.engine.")
    ]
    assert {"screening.engine.extract", "screening.engine.scoring"} <= set(engine)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(engine)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert set(engine) <= loaded

    apps = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert {"accounts", "postings", "candidates", "outbox", "config", "screening"} <= apps
    allowed = {"screening", "screening.engine"}
    offending = sorted(
        name
        for name in loaded
        if name.split(".")[0].startswith("django")  # django, django_rq, django_stubs_ext...
        or (
            name.split(".")[0] in apps
            and name not in allowed
            and not name.startswith("screening.engine.")
        )
    )
    assert offending == []
