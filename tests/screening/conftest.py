from __future__ import annotations

from pathlib import Path

import pytest

from tests.screening.labeled.render import render_all


@pytest.fixture(scope="session")
def labeled_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The labeled resumes rendered once per run, each in its own layout."""
    return render_all(tmp_path_factory.mktemp("labeled"))
