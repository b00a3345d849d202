"""One `load_demo` for every test in this folder: loading takes seconds, reading it takes none.

The load runs once, inside a transaction this package rolls back when its last test is done, so
no other test package ever sees the demo rows. Each test runs in a savepoint on top of it (the
`db` fixture, through `pytestmark = pytest.mark.django_db`), so what one test writes is gone
before the next. Tests that need the database without the demo live one folder up.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import pytest_django
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shared load's resumes, in a throwaway folder that lives as long as the load."""
    folder = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=folder):
        yield folder


@pytest.fixture(autouse=True)
def _private_media(media_root: Path) -> None:
    """Replaces the suite's folder per test: the tests here read the shared load's resumes."""


@pytest.fixture(scope="package", autouse=True)
def demo_output(
    django_db_setup: None, django_db_blocker: pytest_django.DjangoDbBlocker, media_root: Path
) -> Iterator[str]:
    """What the shared `load_demo` printed; its rows are in the database for every test here."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=out)
        # Between the tests database access is blocked again, as it is outside every test.
        with django_db_blocker.block():
            yield out.getvalue()
        transaction.set_rollback(True)
