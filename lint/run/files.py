"""Writing files: atomically, never over an existing file without ``force``, nothing left behind on failure.

The text goes to a temporary file in the target's folder first.  Without
``force`` it is then *linked* to the target name, which fails if the name
exists — so of two runs writing one file at the same moment exactly one
succeeds, and neither overwrites the other.  With ``force`` it is renamed over
the target.  On any failure (a full disk, a read-only folder, an interrupt)
the temporary file is removed.

Nothing in a process can clean up after SIGKILL (or a power cut), so on Linux
the temporary file has no name while it is written (``O_TMPFILE``): a writer
killed then leaves nothing, and the file gets a name only when it is whole.
Where the folder's file system cannot do that, and for the instant between
naming and renaming under ``force``, the temporary name carries the writer's
pid (``.xxgk-<pid>-<random>.tmp``); every later write into that folder removes
such files whose writer is no longer running here and that are older than
:data:`STALE_SECONDS` (a live writer on another machine sharing the folder may
have the pid of a dead one here; it has not been silent that long).
"""

from __future__ import annotations

import errno
import os
import re


class OutputExists(Exception):
    pass


class OutputError(Exception):
    """The output cannot be written; ``zh`` and ``en`` name the file and say why, for the user."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def _public_mode(fd: int) -> None:
    # mkstemp makes files readable by the owner only; an output file gets the usual mode
    mask = os.umask(0)
    os.umask(mask)
    os.fchmod(fd, 0o666 & ~mask)


_REASONS = {errno.ENOSPC: ("磁盘已满", "the disk is full"), errno.EROFS: ("只读文件系统", "read-only file system"),
            errno.EACCES: ("没有写入权限", "permission denied"), errno.EPERM: ("没有写入权限", "permission denied"),
            errno.ENOENT: ("文件夹不存在", "no such folder"), errno.EISDIR: ("这是一个文件夹", "it is a folder"),
            errno.ENOTDIR: ("路径中有一段不是文件夹", "a part of the path is not a folder"),
            errno.EDQUOT: ("超出磁盘配额", "disk quota exceeded"), errno.EIO: ("输入输出错误", "input/output error")}


def _describe(path: str, exc: OSError) -> OutputError:
    zh, en = _REASONS.get(exc.errno, (exc.strerror or str(exc), exc.strerror or str(exc)))
    return _cannot(path, zh, en)


def _cannot(path: str, zh: str, en: str) -> OutputError:
    return OutputError(f"无法写入“{path}”：{zh}", f"cannot write {path}: {en}")


#: seconds after which a temporary file whose writer is gone is removed by the next write into its folder
STALE_SECONDS = 600
_STALE = re.compile(r"^\.xxgk-(\d{1,10})-[a-z0-9_]+\.tmp$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError, OSError):  # another user's, or not a pid: kept
        return True
    return True


def sweep(directory: str) -> list[str]:
    """Remove the temporary files writers killed mid-write left in ``directory`` (see the module's text);
    the names of those removed."""
    if os.name != "posix":  # no way to ask whether a pid is running without touching the process
        return []
    import stat
    import time

    removed = []
    try:
        entries = os.scandir(directory)
    except OSError:
        return []
    with entries:
        for entry in entries:
            found = _STALE.match(entry.name)
            if not found or int(found.group(1)) == os.getpid() or _alive(int(found.group(1))):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and time.time() - info.st_mtime > STALE_SECONDS:
                    os.unlink(entry.path)
                    removed.append(entry.name)
            except OSError:  # gone already, or not ours to remove
                continue
    return removed


def _unnamed(directory: str) -> int | None:
    """A file with no name yet in ``directory`` (Linux ``O_TMPFILE``), or None where that cannot be had."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):  # the file is named through /proc/self/fd
        return None
    try:
        # read and write: where it cannot be linked it is copied (see atomic_open._link_unnamed)
        return os.open(directory, flag | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:  # a file system or kernel without it; a named file says what else is wrong
        return None


def _named(directory: str) -> tuple[int, str]:
    import tempfile  # only when a file is written: a check to the terminal needs none

    return tempfile.mkstemp(prefix=f".xxgk-{os.getpid()}-", suffix=".tmp", dir=directory)


class atomic_open:
    """``with atomic_open(path, force) as handle:`` — written to a temporary file, put in place on success."""

    def __init__(self, path: str, *, force: bool = False, binary: bool = False) -> None:
        self.path = path
        self.force = force
        #: the temporary file's name, None while it has none (O_TMPFILE)
        self.tmp: str | None = None
        if os.path.isdir(path):
            raise _cannot(path, "这是一个文件夹", "it is a folder")
        if os.path.lexists(path) and not force:
            raise OutputExists(path)
        self.directory = os.path.dirname(os.path.abspath(path))
        sweep(self.directory)
        fd = _unnamed(self.directory)
        if fd is None:
            try:
                fd, self.tmp = _named(self.directory)
            except OSError as exc:
                raise _describe(path, exc) from None
        try:
            _public_mode(fd)
            # a file name that is not UTF-8 reaches the text as \udcff: written as that escape (valid JSON)
            text = {"encoding": "utf-8", "errors": "backslashreplace", "newline": ""}
            self.handle = os.fdopen(fd, "wb" if binary else "w", **({} if binary else text))
        except BaseException:
            os.close(fd)
            self._discard()
            raise

    def __enter__(self):
        return self.handle

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if kind is None:
                try:
                    self.handle.flush()
                    os.fsync(self.handle.fileno())
                    placed = self.tmp is None and self._link_unnamed()  # while its descriptor is open
                    self.handle.close()
                except OSError as exc:
                    raise _describe(self.path, exc) from None
                if not placed:
                    self._place()
        finally:
            if not self.handle.closed:
                try:
                    self.handle.close()
                except OSError:
                    pass
            self._discard()
        if isinstance(value, OSError):  # the writes themselves failed (a full disk): say which file
            raise _describe(self.path, value) from None

    def _link_unnamed(self) -> bool:
        """Give the unnamed file the target's name (True), or a temporary name for :meth:`_place` (False):
        under ``force``, or where linking through /proc fails."""
        source = f"/proc/self/fd/{self.handle.fileno()}"
        if not self.force:
            try:
                os.link(source, self.path)
                return True
            except FileExistsError:
                raise OutputExists(self.path) from None
            except OSError:
                pass
        import secrets

        for _attempt in range(100):
            name = os.path.join(self.directory, f".xxgk-{os.getpid()}-{secrets.token_hex(4)}.tmp")
            try:
                os.link(source, name)
                self.tmp = name
                return False
            except FileExistsError:
                continue
            except OSError:
                break
        fd, self.tmp = _named(self.directory)  # no link at all: a copy under a temporary name
        _public_mode(fd)
        with open(fd, "wb") as copy:
            at = 0
            while chunk := os.pread(self.handle.fileno(), 1 << 20, at):
                copy.write(chunk)
                at += len(chunk)
            copy.flush()
            os.fsync(copy.fileno())
        return False

    def _place(self) -> None:
        try:
            if self.force:
                os.replace(self.tmp, self.path)
                return
            try:
                os.link(self.tmp, self.path)  # fails when the name exists: no run overwrites another's file
            except FileExistsError:
                raise OutputExists(self.path) from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                # a file system without hard links: an exclusive create and a copy, still never an overwrite
                with open(self.path, "xb") as target, open(self.tmp, "rb") as source:
                    target.write(source.read())
        except FileExistsError:
            raise OutputExists(self.path) from None
        except OSError as exc:
            raise _describe(self.path, exc) from None

    def _discard(self) -> None:
        if self.tmp is None:  # an unnamed file goes with its descriptor
            return
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass
        except OSError:
            pass


def write_atomic(path: str, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` so that a reader never sees half a file and nothing is overwritten unasked."""
    with atomic_open(path, force=force) as handle:
        handle.write(text)


def write_atomic_bytes(path: str, data: bytes, *, force: bool = False) -> None:
    with atomic_open(path, force=force, binary=True) as handle:
        handle.write(data)
