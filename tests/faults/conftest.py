"""Fault injection: every test here is marked `faults` (run alone by `make test-faults`) and
starts the throwaway servers it breaks, so stopping them disturbs nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.faults)
