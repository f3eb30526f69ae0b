"""Writing files: atomically, and never over an existing file without ``force``."""

from __future__ import annotations

import os
import tempfile


class OutputExists(Exception):
    pass


def _public_mode(fd: int) -> None:
    # mkstemp makes files readable by the owner only; an output file gets the usual mode
    mask = os.umask(0)
    os.umask(mask)
    os.fchmod(fd, 0o666 & ~mask)


def write_atomic(path: str, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so a reader never sees half a file."""
    if os.path.exists(path) and not force:
        raise OutputExists(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".xxgk-", suffix=".tmp", dir=directory)
    _public_mode(fd)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class atomic_open:
    """``with atomic_open(path, force) as handle:`` — written to a temporary file, renamed on success."""

    def __init__(self, path: str, *, force: bool = False) -> None:
        if os.path.exists(path) and not force:
            raise OutputExists(path)
        self.path = path
        directory = os.path.dirname(os.path.abspath(path))
        fd, self.tmp = tempfile.mkstemp(prefix=".xxgk-", suffix=".tmp", dir=directory)
        _public_mode(fd)
        self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def __enter__(self):
        return self.handle

    def __exit__(self, kind, value, traceback) -> None:
        self.handle.close()
        if kind is None:
            os.replace(self.tmp, self.path)
        elif os.path.exists(self.tmp):
            os.unlink(self.tmp)


def write_atomic_bytes(path: str, data: bytes) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".xxgk-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
