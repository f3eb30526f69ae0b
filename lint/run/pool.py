"""Worker processes that take the next file as soon as they finish one.

Each worker has its own pipe, so the parent always knows which file each
worker is on.  That gives three guarantees a plain process pool does not:

* a file that takes longer than the time limit is stopped by killing its
  worker — a C parser that never returns to Python cannot escape it — and
  gets E012; a worker that dies (a parser crash) costs only its file (E099);
  in both cases a fresh worker takes over and the batch goes on;
* no worker idles while another is busy with a slow file: files are handed
  out one at a time as workers become free, and the order of the output is
  restored afterwards by the spool;
* workers die with the parent: on Linux the kernel sends them SIGKILL when the
  parent dies (``PR_SET_PDEATHSIG``), elsewhere they notice that their parent
  is gone the next time they wait for work.
"""

from __future__ import annotations

import os
import signal
import time

from typing import Any, Callable, Iterator

from lint.records import record

#: a worker is replaced after this many files, so that memory a parser leaks stays bounded
FILES_PER_WORKER = 500


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


@record
class _Slot:
    process: Any
    conn: Any
    task: tuple[int, str] | None = None
    started: float = 0.0
    done: int = 0


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

    def _replace(self, slot: _Slot, kill: bool) -> _Slot:
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        return self._start()

    def run(self, paths: list[str], on_timeout: Callable[[str], Any], on_crash: Callable[[str], Any]
            ) -> Iterator[tuple[int, str, Any]]:
        """(index of the path, result line, summary as :func:`lint.run.spool.stored` made it, or None)
        for every path, as each finishes."""
        from multiprocessing.connection import wait

        queue = list(enumerate(paths))
        queue.reverse()  # pop() from the end hands out paths in their given order
        busy = 0
        for i, slot in enumerate(self.slots):
            busy += self._give(slot, queue)
        while busy:
            waitables = [s.conn for s in self.slots if s.task] + [s.process.sentinel for s in self.slots if s.task]
            ready = wait(waitables, timeout=self._next_deadline())
            now = time.monotonic()
            for i, slot in enumerate(self.slots):
                if slot.task is None:
                    continue
                index, path = slot.task
                if slot.conn in ready or (slot.process.sentinel in ready and slot.conn.poll()):
                    try:
                        got_index, line, summary = slot.conn.recv()
                    except (EOFError, OSError):
                        got_index, line, summary = index, on_crash(path), None
                        slot = self.slots[i] = self._replace(slot, kill=True)
                    else:
                        slot.done += 1
                    slot.task = None
                    busy -= 1
                    yield got_index, line, summary
                elif slot.process.sentinel in ready:
                    slot.task = None
                    busy -= 1
                    self.slots[i] = self._replace(slot, kill=False)
                    yield index, on_crash(path), None
                elif self.timeout and now - slot.started > self.timeout:
                    slot.task = None
                    busy -= 1
                    self.slots[i] = self._replace(slot, kill=True)
                    yield index, on_timeout(path), None
                else:
                    continue
                slot = self.slots[i]
                if slot.done >= FILES_PER_WORKER:
                    slot = self.slots[i] = self._retire(slot)
                busy += self._give(slot, queue)

    def _retire(self, slot: _Slot) -> _Slot:
        try:
            slot.conn.send(None)
        except OSError:
            pass
        return self._replace(slot, kill=False)

    def _give(self, slot: _Slot, queue: list[tuple[int, str]]) -> int:
        if not queue:
            return 0
        slot.task = queue.pop()
        slot.started = time.monotonic()
        try:
            slot.conn.send(slot.task)
        except OSError:  # the worker died while idle: start another and try again
            index = self.slots.index(slot)
            fresh = self.slots[index] = self._replace(slot, kill=True)
            fresh.task, fresh.started = slot.task, slot.started
            fresh.conn.send(fresh.task)
        return 1

    def _next_deadline(self) -> float | None:
        if not self.timeout:
            return None
        starts = [s.started for s in self.slots if s.task]
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
