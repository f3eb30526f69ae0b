"""Writing files: atomically, never over an existing file without ``force``, nothing left behind on failure.

The text goes to a temporary file in the target's folder first.  Without
``force`` it is then *linked* to the target name, which fails if the name
exists — so of two runs writing one file at the same moment exactly one
succeeds, and neither overwrites the other.  With ``force`` it is renamed over
the target.  On any failure (a full disk, a read-only folder, an interrupt)
the temporary file is removed.
"""

from __future__ import annotations

import errno
import os


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


class atomic_open:
    """``with atomic_open(path, force) as handle:`` — written to a temporary file, put in place on success."""

    def __init__(self, path: str, *, force: bool = False, binary: bool = False) -> None:
        self.path = path
        self.force = force
        if os.path.isdir(path):
            raise _cannot(path, "这是一个文件夹", "it is a folder")
        if os.path.lexists(path) and not force:
            raise OutputExists(path)
        directory = os.path.dirname(os.path.abspath(path))
        try:
            import tempfile  # only when a file is written: a check to the terminal needs none

            fd, self.tmp = tempfile.mkstemp(prefix=".xxgk-", suffix=".tmp", dir=directory)
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
                    self.handle.close()
                except OSError as exc:
                    raise _describe(self.path, exc) from None
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
