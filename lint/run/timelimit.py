"""A time limit for work done in this process (structured files, which no C parser can hold up for long).

Documents are read in worker processes, where the limit is enforced by
killing the worker (:mod:`lint.run.pool`); here an alarm interrupts Python code.
"""

from __future__ import annotations

import signal
from typing import Callable, TypeVar

T = TypeVar("T")


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in a parser swallows it."""


def within(seconds: float, work: Callable[[], T], on_timeout: Callable[[], T]) -> T:
    """Run ``work``; past ``seconds`` stop it and return ``on_timeout()`` (POSIX main thread only)."""
    if not seconds or not hasattr(signal, "setitimer"):
        return work()

    def alarm(signum, frame):  # pragma: no cover - timing dependent
        raise _TimeUp()

    try:
        previous = signal.signal(signal.SIGALRM, alarm)
    except ValueError:  # not the main thread
        return work()
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return work()
        finally:  # the alarm may go off even here, before it is disarmed: the outer handler catches it
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimeUp:
        return on_timeout()
    finally:
        signal.signal(signal.SIGALRM, previous)
