"""Worker processes that take the next file as soon as they finish one.

Each worker has its own pipe, so the parent always knows which file each
worker is on.  That gives three guarantees a plain process pool does not:

* a file that takes longer than the time limit is stopped by killing its
  worker — a C parser that never returns to Python cannot escape it — and
  gets E012; a worker that dies (a parser crash) costs only its file (E099);
  in both cases a fresh worker takes over and the batch goes on;
* no worker idles while another is busy with a slow file: files are handed
  out as workers become free, and the order of the output is restored
  afterwards by the spool.  A worker on a structured report (a few
  milliseconds) is given the next one too, if it is also structured, so that
  it never waits for the parent between two; a document is never queued
  behind another, so a long PDF holds up nothing but itself;
* workers die with the parent: on Linux the kernel sends them SIGKILL when the
  parent dies (``PR_SET_PDEATHSIG``), elsewhere they notice that their parent
  is gone the next time they wait for work.
"""

from __future__ import annotations

import os
import signal
import time

from dataclasses import field
from typing import Any, Callable, Iterator, Sequence

from lint.records import record

#: a worker is replaced after this many files, so that memory a parser leaks stays bounded
FILES_PER_WORKER = 500
#: files a worker holds at most: the one it checks and, for structured reports, the next
AHEAD = 2


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker checks its parent while waiting
        pass


def _worker(conn: Any, make_checker: Callable[[], Any], parent: int) -> None:
    from lint.run.spool import stored

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    checker = make_checker()
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:
                os._exit(0)
        try:
            task = conn.recv()
        except EOFError:
            os._exit(0)
        if task is None:
            os._exit(0)
        index, path = task
        checked = checker.check(path)
        try:
            conn.send((index, checked.to_line(), None if checked.summary is None else stored(checked.summary)))
        except (BrokenPipeError, EOFError):
            os._exit(0)


class _Queue:
    """The files not handed out yet, in their given order, made into tasks only as they are handed out
    (a list of 100,000 (index, path) pairs made at the start would be ~9 MB held through the run); the
    files a worker gave back come first."""

    def __init__(self, paths: Sequence[str]) -> None:
        self._paths = paths
        self._next = 0
        self._back: list[tuple[int, str]] = []  # a stack: the last given back is the first out

    def __bool__(self) -> bool:
        return bool(self._back) or self._next < len(self._paths)

    def next_index(self) -> int:
        """The index of the file :meth:`pop` gives next."""
        return self._back[-1][0] if self._back else self._next

    def pop(self) -> tuple[int, str]:
        if self._back:
            return self._back.pop()
        task = (self._next, self._paths[self._next])
        self._next += 1
        return task

    def put_back(self, tasks: list[tuple[int, str]]) -> None:
        """``tasks`` to be handed out again, before any other and in their order."""
        self._back.extend(reversed(tasks))


@record
class _Slot:
    process: Any
    conn: Any
    #: (index, path) sent to the worker and not answered yet, the one it checks first
    tasks: list[tuple[int, str]] = field(default_factory=list)
    #: when the worker began the first of its tasks
    started: float = 0.0
    done: int = 0
    retired: bool = False


class Pool:
    """``jobs`` workers checking ``paths``; results arrive in the order they finish."""

    def __init__(self, jobs: int, make_checker: Callable[[], Any], timeout: float) -> None:
        import multiprocessing

        self.context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        self.make_checker = make_checker
        self.timeout = timeout
        self.slots = [self._start() for _ in range(max(1, jobs))]

    def _start(self) -> _Slot:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child_end, self.make_checker, os.getpid()),
                                       daemon=True)
        process.start()
        child_end.close()
        return _Slot(process, parent_end)

    def run(self, paths: list[str], on_timeout: Callable[[str], Any], on_crash: Callable[[str], Any]
            ) -> Iterator[tuple[int, str, Any]]:
        """(index of the path, result line, summary as :func:`lint.run.spool.stored` made it, or None)
        for every path, as each finishes."""
        from multiprocessing.connection import wait

        from lint.ingest.forms import is_structured

        queue = _Queue(paths)
        self._quick = bytearray(is_structured(path) for path in paths)
        for slot in self.slots:
            self._give(slot, queue)
        while any(slot.tasks for slot in self.slots):
            busy = [s for s in self.slots if s.tasks]
            ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=self._next_deadline())
            now = time.monotonic()
            for i, slot in enumerate(self.slots):
                if not slot.tasks:
                    continue
                index, path = slot.tasks[0]
                if slot.conn in ready or (slot.process.sentinel in ready and slot.conn.poll()):
                    try:
                        got_index, line, summary = slot.conn.recv()
                    except (EOFError, OSError):
                        got_index, line, summary = index, on_crash(path), None
                        slot = self.slots[i] = self._replace(slot, queue, kill=True)
                    else:
                        slot.done += 1
                        slot.tasks.pop(0)
                        slot.started = now  # the next of its tasks, if it has one, begins now
                    yield got_index, line, summary
                elif slot.process.sentinel in ready:
                    slot = self.slots[i] = self._replace(slot, queue, kill=False)
                    yield index, on_crash(path), None
                elif self.timeout and now - slot.started > self.timeout:
                    slot = self.slots[i] = self._replace(slot, queue, kill=True)
                    yield index, on_timeout(path), None
                else:
                    continue
                if slot.done >= FILES_PER_WORKER and not slot.tasks:
                    slot = self.slots[i] = self._retire(slot, queue)
                self._give(slot, queue)

    def _retire(self, slot: _Slot, queue: _Queue) -> _Slot:
        try:
            slot.conn.send(None)
        except OSError:
            pass
        if not queue:  # nothing left to check: no fresh worker, this one ends
            slot.retired = True
            return slot
        return self._replace(slot, queue, kill=False)

    def _replace(self, slot: _Slot, queue: _Queue, kill: bool) -> _Slot:
        """A fresh worker for ``slot``'s; the files the old one held but had not begun go back to the queue."""
        queue.put_back(slot.tasks[1:])
        slot.tasks = []
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        return self._start()

    def _give(self, slot: _Slot, queue: _Queue) -> None:
        """The next file to a worker with none; a structured one also to a worker on a structured one."""
        while queue and not slot.retired and len(slot.tasks) < AHEAD \
                and slot.done + len(slot.tasks) < FILES_PER_WORKER \
                and (not slot.tasks or (self._quick[slot.tasks[-1][0]] and self._quick[queue.next_index()])):
            task = queue.pop()
            if not slot.tasks:
                slot.started = time.monotonic()
            try:
                slot.conn.send(task)
            except OSError:
                if slot.tasks:  # the worker died on a file: its sentinel tells, and this one goes to another
                    queue.put_back([task])
                    return
                # the worker died while idle: start another and try again
                index = self.slots.index(slot)
                slot = self.slots[index] = self._replace(slot, queue, kill=True)
                slot.started = time.monotonic()
                slot.conn.send(task)
            slot.tasks.append(task)

    def _next_deadline(self) -> float | None:
        if not self.timeout:
            return None
        starts = [s.started for s in self.slots if s.tasks]
        if not starts:
            return None
        return max(0.0, min(starts) + self.timeout - time.monotonic()) + 0.01

    def close(self) -> None:
        for slot in self.slots:
            try:
                slot.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        for slot in self.slots:
            slot.process.join(max(0.0, deadline - time.monotonic()))
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(1)
            slot.conn.close()

    def terminate(self) -> None:
        for slot in self.slots:
            if slot.process.is_alive():
                slot.process.kill()
        for slot in self.slots:
            slot.process.join(1)
            slot.conn.close()
