"""A pool of long-lived reader processes for files from strangers, with the one-shot sandbox's
limits.

Starting a fresh interpreter per resume (`extract.extract_sandboxed`) costs ~110 ms, most of
it imports, for a reading that takes a few. A pooled child imports once and reads many files:

- its address space is capped with RLIMIT_AS once imported, as the one-shot child is, and
  before each file its CPU soft limit is set to what it has used plus the file's budget, so a
  child whose parent died cannot spin forever;
- the parent enforces the per-file wall-clock budget and kills the child on it;
- a child that timed out, crashed, ran out of memory or hit any limit is killed and replaced
  (the replacement starts at once, so its imports overlap the caller's scoring), and every
  child is replaced after `files_per_child` files, so heap growth from one file never carries
  far; a fresh child then reads the next file exactly as the one-shot sandbox would.

Requests and answers are length-prefixed JSON frames on the child's stdin and a private copy
of its stdout (fd 1 itself points at /dev/null, so a stray print cannot corrupt a frame). The
child leaves when its stdin closes: the parent exiting ends its children.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import resource
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from screening.engine.extract import Extraction, Sandboxed, failed

CRASHED = "the reader ran out of memory or crashed"
# The error `extract_bytes` gives for a MemoryError it caught: the child's heap is suspect after.
OUT_OF_MEMORY = "could not read: the file needs more memory than allowed"
READY = b"ready"
HEADER = struct.Struct(">I")
# A child gets this long to import and say it is ready before it counts as crashed.
START_SECONDS = 60.0
ROOT = Path(__file__).resolve().parents[2]


# --- The child -------------------------------------------------------------------------------


def _write_frame(fd: int, payload: bytes) -> None:
    data = HEADER.pack(len(payload)) + payload
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def serve(memory_mb: int) -> None:
    """The child's loop: read a path, answer its extraction, until stdin closes."""
    from screening.engine.extract import extract_file

    answers = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _write_frame(answers, READY)
    requests = sys.stdin.buffer
    while True:
        header = _read_exactly(requests, HEADER.size)
        if header is None:
            return
        body = _read_exactly(requests, HEADER.unpack(header)[0])
        if body is None:
            return
        path, seconds = json.loads(body)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = math.ceil(usage.ru_utime + usage.ru_stime + seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))
        result = extract_file(path)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KB on Linux
        _write_frame(answers, json.dumps([result.text, result.error, result.kind, peak]).encode())


# --- The parent ------------------------------------------------------------------------------


@dataclass
class _Child:
    process: subprocess.Popen[bytes]
    ready: bool = False
    files: int = 0
    buffer: bytearray = field(default_factory=bytearray)

    def send(self, payload: bytes) -> bool:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(HEADER.pack(len(payload)) + payload)
            self.process.stdin.flush()
        except OSError:
            return False
        return True

    def receive(self, deadline: float) -> bytes | None:
        """The next frame, or None when the deadline passed or the child is gone."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while True:
            if len(self.buffer) >= HEADER.size:
                size = HEADER.unpack_from(self.buffer)[0]
                if len(self.buffer) >= HEADER.size + size:
                    frame = bytes(self.buffer[HEADER.size : HEADER.size + size])
                    del self.buffer[: HEADER.size + size]
                    return frame
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            readable, _, _ = select.select([fd], [], [], left)
            if not readable:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None  # the child exited
            self.buffer += chunk

    def kill(self) -> int:
        """Kill and reap; the peak resident memory the kernel counted for it."""
        if self.process.poll() is None:
            self.process.kill()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            _pid, status, usage = os.wait4(self.process.pid, 0)
        except ChildProcessError:
            return 0  # reaped already (poll() above)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        return int(usage.ru_maxrss) * 1024


class SandboxPool:
    """Reader children, each used by one caller at a time; safe to share between threads."""

    def __init__(self, *, memory_mb: int, files_per_child: int, size: int = 1) -> None:
        self.memory_mb = memory_mb
        self.files_per_child = max(1, files_per_child)
        self.size = max(1, size)
        self._idle: list[_Child] = []
        self._started = 0
        self._lock = threading.Lock()
        self._available = threading.Condition(self._lock)
        self._pid = os.getpid()
        self.children_started = 0  # for tests and the benchmark

    def _spawn(self) -> _Child:
        self.children_started += 1
        return _Child(
            subprocess.Popen(
                [sys.executable, "-c", f"from {__name__} import serve; serve({self.memory_mb})"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                cwd=ROOT,
                # Its own process group: a Ctrl-C meant for the worker reaches the worker, which
                # then closes the child's stdin; the child never sees a half-read file killed.
                start_new_session=True,
            )
        )

    def _take(self) -> _Child:
        with self._available:
            while not self._idle and self._started >= self.size:
                self._available.wait()
            if self._idle:
                return self._idle.pop()
            self._started += 1
        return self._spawn()

    def _give_back(self, child: _Child | None) -> None:
        with self._available:
            if child is None:
                self._started -= 1
            else:
                self._idle.append(child)
            self._available.notify()

    def _replace(self, child: _Child) -> int:
        """Kill the child and start its successor now, so the successor imports meanwhile."""
        peak = child.kill()
        self._give_back(self._spawn())
        return peak

    def extract(self, path: str | Path, *, seconds: float) -> Sandboxed:
        if os.getpid() != self._pid:
            raise RuntimeError("a SandboxPool cannot be used from a forked process")
        started = time.monotonic()
        child = self._take()
        handed_back = False
        try:
            if not child.ready:
                if child.receive(time.monotonic() + START_SECONDS) != READY:
                    handed_back = True
                    peak = self._replace(child)
                    return Sandboxed(failed(CRASHED), peak, time.monotonic() - started)
                child.ready = True
            reading = time.monotonic()
            request = json.dumps([str(Path(path).absolute()), seconds]).encode()
            frame = child.receive(reading + seconds) if child.send(request) else None
            child.files += 1
            if frame is None:
                timed_out = child.process.poll() is None and time.monotonic() - reading >= seconds
                handed_back = True
                peak = self._replace(child)
                error = failed(f"reading took longer than {seconds:g} s") if timed_out else None
                return Sandboxed(error or failed(CRASHED), peak, time.monotonic() - started)
            text, error, kind, peak = json.loads(frame)
            extraction = Extraction(text=text, error=error, kind=kind)
            if error == OUT_OF_MEMORY or child.files >= self.files_per_child:
                handed_back = True
                self._replace(child)
            else:
                handed_back = True
                self._give_back(child)
            return Sandboxed(extraction, int(peak), time.monotonic() - started)
        except BaseException:
            # An RQ job timeout (SIGALRM) or any error mid-file: the child's state is unknown.
            if not handed_back:
                child.kill()
                self._give_back(None)
            raise

    def close(self) -> None:
        with self._available:
            idle, self._idle = self._idle, []
            self._started -= len(idle)
        for child in idle:
            child.kill()


_pools: dict[tuple[int, int, int], SandboxPool] = {}
_pools_lock = threading.Lock()


def pool(*, memory_mb: int, files_per_child: int, size: int = 1) -> SandboxPool:
    """This process's pool for these limits, started on first use."""
    key = (memory_mb, files_per_child, size)
    with _pools_lock:
        found = _pools.get(key)
        if found is None:
            found = _pools[key] = SandboxPool(
                memory_mb=memory_mb, files_per_child=files_per_child, size=size
            )
        return found


def close_pools() -> None:
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for each in pools:
        each.close()


def _forget_after_fork() -> None:
    # A forked process (an RQ work horse) must never talk to its parent's children; it starts
    # its own on first use. The lock may have been held by another thread at the fork.
    global _pools_lock
    _pools.clear()
    _pools_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)
