from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from outbox import periodic


def test_each_app_registers_its_periodic_tasks_with_the_sweeper():
    tasks = {task.name: task.every_seconds for task in periodic.TASKS}
    assert tasks == {
        "sweep_outbox": None,
        "daily_digests": 3600,
        "sweep_orphan_resumes": 3600,
        "sweep_held_resumes": 3600,
        "rescore_outdated": 600,
        "feedback_reminders": 3600,
    }
    assert periodic.TASKS[0].name == "sweep_outbox"


def test_registering_a_task_again_replaces_it_instead_of_running_it_twice():
    before = list(periodic.TASKS)
    try:
        periodic.register("probe", lambda: 1, every_seconds=5)
        periodic.register("probe", lambda: 2, every_seconds=7)
        probes = [task for task in periodic.TASKS if task.name == "probe"]
        assert len(probes) == 1
        assert probes[0].every_seconds == 7
        assert probes[0].run() == 2
    finally:
        periodic.TASKS[:] = before


@pytest.mark.django_db
def test_sweep_outbox_once_runs_every_registered_task():
    out = StringIO()
    call_command("sweep_outbox", "--once", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "sweep_outbox",
        "daily_digests",
        "sweep_orphan_resumes",
        "sweep_held_resumes",
        "rescore_outdated",
        "feedback_reminders",
    ]
