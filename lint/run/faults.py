"""What the linter says when something fails that it did not foresee: one place for every phase.

A fault while reading or checking one file becomes an E099 finding on that file
(:func:`lint.run.checker.check_one`); a fault comparing two reports becomes one
on the later report; a fault in a stage over the whole batch (copies, roster)
is a run problem the command states on one line, after the output, with exit 2;
a fault anywhere else (writing the output) ends the command with one line and
exit 2.  The wording of all of them comes from here, so no phase prints a
traceback and none words it differently.
"""

from __future__ import annotations

import errno

_OS_REASONS = {
    errno.ENOSPC: ("磁盘已满", "the disk is full"),
    errno.EROFS: ("只读文件系统", "read-only file system"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("没有权限", "permission denied"),
    errno.ENOENT: ("不存在", "no such file or folder"),
    errno.EISDIR: ("这是一个文件夹", "it is a folder"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "a part of the path is not a folder"),
    errno.EDQUOT: ("超出磁盘配额", "disk quota exceeded"),
    errno.EIO: ("输入输出错误", "input/output error"),
    errno.EMFILE: ("打开的文件过多", "too many open files"),
}


def describe(exc: BaseException) -> tuple[str, str]:
    """(zh, en): what went wrong, in one line, with the file an OS error names."""
    if isinstance(exc, OSError) and exc.errno in _OS_REASONS:
        zh, en = _OS_REASONS[exc.errno]
        name = exc.filename if exc.filename is not None else None
        return (f"{name}：{zh}" if name else zh), (f"{name}: {en}" if name else en)
    if isinstance(exc, MemoryError):
        return "内存不足", "out of memory"
    if isinstance(exc, RecursionError):
        return "嵌套过深", "nested too deeply"
    text = " ".join(str(exc).split())  # one line, whatever the exception said
    if len(text) > 300:
        text = text[:300] + "…"
    said = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return said, said


def in_stage(stage_zh: str, stage_en: str, exc: BaseException) -> tuple[str, str]:
    """(zh, en) of a fault in a stage over the whole batch: which stage, what failed, that the rest stands."""
    zh, en = describe(exc)
    return (f"{stage_zh}出错，该项结果缺失（其余结果完整）：{zh}",
            f"{stage_en} failed, so its results are missing (the rest are complete): {en}")


def unexpected(exc: BaseException) -> tuple[str, str]:
    """(zh, en) of a fault that ends the command."""
    zh, en = describe(exc)
    return f"内部错误，已停止：{zh}", f"internal error, stopped: {en}"
