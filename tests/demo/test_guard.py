"""The deployed guard, on an empty database: this test must not see the shared demo load."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organization

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_deployed_environments(settings):
    settings.DEPLOYED = True
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="Refusing to load demo accounts"):
        call_command("load_demo", stdout=StringIO())
    assert Organization.objects.count() == 0
