"""The pool of sandboxed readers: long-lived children with the one-shot sandbox's limits, killed
and replaced on any limit hit, recycled after N files, answering exactly as the one-shot does."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from django.conf import settings

from screening.engine import sandbox
from screening.engine.extract import extract_sandboxed
from screening.engine.sandbox import SandboxPool
from tests.screening.hostile import corpus

MEMORY_MB = settings.SCREENING_EXTRACT_MEMORY_MB
SECONDS = float(settings.SCREENING_EXTRACT_SECONDS)


@pytest.fixture
def readers() -> Iterator[SandboxPool]:
    pool = SandboxPool(memory_mb=MEMORY_MB, files_per_child=100)
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for n, (name, hostile) in enumerate(corpus().items()):
        (folder / str(n)).mkdir()
        paths[name] = folder / str(n) / hostile.name  # several share a file name
        paths[name].write_bytes(hostile.data)
    return paths


def child_pids(pool: SandboxPool) -> set[int]:
    return {child.process.pid for child in pool._idle}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_pool_answers_every_file_as_the_one_shot_sandbox_does(
    readers: SandboxPool, hostile_files: dict[str, Path], labeled_files: dict[str, Path]
) -> None:
    # The bomb sits among readable files: the children after it must read as fresh ones do.
    paths = [labeled_files["r01"], *hostile_files.values(), labeled_files["r02"]]
    for path in paths:
        pooled = readers.extract(path, seconds=SECONDS)
        alone = extract_sandboxed(path, seconds=SECONDS, memory_mb=MEMORY_MB)
        assert pooled.extraction == alone.extraction, path.name
        assert pooled.peak_memory_bytes <= MEMORY_MB * 1024 * 1024


def test_a_file_over_the_memory_limit_gets_could_not_read_and_its_child_is_replaced(
    readers: SandboxPool, hostile_files: dict[str, Path], labeled_files: dict[str, Path]
) -> None:
    assert readers.extract(labeled_files["r01"], seconds=SECONDS).extraction.ok
    (before,) = child_pids(readers)
    bomb = readers.extract(hostile_files["Flate bomb"], seconds=SECONDS)
    assert bomb.extraction.error == "could not read: the reader ran out of memory or crashed"
    assert bomb.peak_memory_bytes <= MEMORY_MB * 1024 * 1024
    (after,) = child_pids(readers)
    assert after != before
    assert not alive(before)
    assert (
        "Backend Lead, Paylane"
        in readers.extract(labeled_files["r01"], seconds=SECONDS).extraction.text
    )


def test_a_child_over_its_time_limit_is_killed_and_replaced(
    readers: SandboxPool, hostile_files: dict[str, Path], labeled_files: dict[str, Path]
) -> None:
    assert readers.extract(labeled_files["r01"], seconds=SECONDS).extraction.ok
    (before,) = child_pids(readers)
    slow = readers.extract(hostile_files["Flate bomb"], seconds=0.05)
    assert slow.extraction.error == "could not read: reading took longer than 0.05 s"
    assert slow.seconds < 1
    (after,) = child_pids(readers)
    assert after != before
    assert not alive(before)
    assert readers.extract(labeled_files["r01"], seconds=SECONDS).extraction.ok


def test_a_child_that_cannot_even_start_within_its_memory_is_a_crash(
    labeled_files: dict[str, Path],
) -> None:
    starved = SandboxPool(memory_mb=20, files_per_child=100)
    try:
        result = starved.extract(labeled_files["r01"], seconds=SECONDS).extraction
    finally:
        starved.close()
    assert result.error == "could not read: the reader ran out of memory or crashed"


def test_the_pool_replaces_each_child_after_its_files(labeled_files: dict[str, Path]) -> None:
    pool = SandboxPool(memory_mb=MEMORY_MB, files_per_child=2)
    try:
        seen = []
        for name in ("r01", "r02", "r03", "r04", "r05"):
            assert pool.extract(labeled_files[name], seconds=SECONDS).extraction.ok
            seen.append(child_pids(pool))
    finally:
        pool.close()
    # Two files per child; each successor starts as soon as its predecessor retires.
    first, second, third = (next(iter(pids)) for pids in seen[0::2])
    assert seen == [{first}, {second}, {second}, {third}, {third}]
    assert pool.children_started == 3
    assert not alive(first)
    assert not alive(second)


def test_an_interrupted_reading_kills_its_child_and_the_pool_goes_on(
    readers: SandboxPool, hostile_files: dict[str, Path], labeled_files: dict[str, Path]
) -> None:
    # What RQ's job timeout does to a job: SIGALRM raises in the middle of the wait.
    class JobTimeout(Exception):
        pass

    def timeout(signum: int, frame: FrameType | None) -> None:
        raise JobTimeout

    assert readers.extract(labeled_files["r01"], seconds=SECONDS).extraction.ok
    (before,) = child_pids(readers)
    previous = signal.signal(signal.SIGALRM, timeout)
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    try:
        with pytest.raises(JobTimeout):
            readers.extract(hostile_files["Flate bomb"], seconds=SECONDS)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not alive(before)
    assert readers.extract(labeled_files["r02"], seconds=SECONDS).extraction.ok


def test_a_forked_process_never_uses_its_parents_children() -> None:
    shared = sandbox.pool(memory_mb=MEMORY_MB, files_per_child=7)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        fresh = sandbox.pool(memory_mb=MEMORY_MB, files_per_child=7)
        os._exit(0 if fresh is not shared else 1)
    _, status = os.waitpid(pid, 0)
    sandbox.close_pools()
    assert os.waitstatus_to_exitcode(status) == 0
