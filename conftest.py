from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ENV", "test")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI=true a skipped test fails the run: a skip there means something wasn't tested."""
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if reporter and skipped:
        reporter.write_line(
            f"CI=true: {len(skipped)} skipped test(s) fail the run; fix the cause of the skip.",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
