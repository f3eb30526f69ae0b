"""Regular expressions compiled once, not at every start.

A check of one report compiles some 120 regular expressions (the packs' phrases, the narrative rules,
the vocabulary of titles and agencies): about a fifth of a pre-commit run, every run, to produce the
same programs.  Python keeps compiled expressions only for the life of a process.  This keeps the
compiled programs — lists of integers, the same ones ``re`` would build — in a file beside the pack
cache, and hands them to the regular-expression engine directly on the next run.

* What is kept is plain data (marshal: the code words as bytes), never objects or code; the engine
  checks every program it is given, so a damaged or forged file costs a fresh compile, never a wrong match.
* The key is the expression's text and flags, under this Python's exact version and the engine's
  magic number: another Python reads afresh.
* The file holds what earlier runs compiled and this one used; past :data:`_MOST` expressions (a run
  that builds expressions from the text it reads), only what this run used.
* Where this Python's ``re`` is built otherwise (the internals used here are not public), nothing is
  installed and every expression is compiled as usual.

:func:`install` serves the process's compiles from the file; :func:`save` writes the file once a run
that compiled something new is over.
"""

from __future__ import annotations

import os
import sys
from array import array
from typing import Any

#: what ``re`` compiles through, as this module found it (None: not installed)
_ORIGINAL: Any = None
#: (expression, flags) → (flags, program, groups, group index, index group), as read from the file
_STORED: dict[tuple[str, int], tuple] = {}
#: what this run compiled, the same way, to be written
_USED: dict[tuple[str, int], tuple] = {}
_STATE: dict[str, Any] = {"file": None, "new": False}
#: more expressions than this and the file keeps only this run's (a run compiles some 150)
_MOST = 1000


def _where(root: str) -> tuple[str, str]:
    """(the cache file, the tag its content must carry) for this Python and its regular-expression engine."""
    import zlib

    import _sre

    tag = f"2\0{sys.version}\0{getattr(_sre, 'MAGIC', '')}\0{sys.implementation.cache_tag}"  # 2: words as bytes
    return os.path.join(root, f"regex-{zlib.crc32(tag.encode()):08x}.marshal"), tag


def install(root: str | None) -> bool:
    """Serve regular expressions from the cache folder ``root`` (None: no cache); whether it took."""
    global _ORIGINAL
    if root is None or _ORIGINAL is not None or sys.implementation.name != "cpython":
        return False
    try:
        import _sre
        from re import _compiler, _parser  # noqa: F401 — what the programs are built with
    except ImportError:
        return False
    if not callable(getattr(_sre, "compile", None)) or not callable(getattr(_compiler, "_code", None)):
        return False
    file, tag = _where(root)
    _STATE["file"] = (file, tag)
    _STORED.update(_read(file, tag))
    _ORIGINAL = _compiler.compile
    _compiler.compile = _compile
    return True


def uninstall() -> None:
    """Compile as ``re`` does by itself again (the tests; a second command in one process)."""
    global _ORIGINAL
    if _ORIGINAL is not None:
        from re import _compiler

        _compiler.compile = _ORIGINAL
        _ORIGINAL = None
    _STORED.clear()
    _USED.clear()
    _STATE.update(file=None, new=False)


def _compile(p: Any, flags: int = 0) -> Any:
    import _sre

    if not isinstance(p, str) or flags & 128:  # bytes, a parsed pattern, or re.DEBUG (prints the program)
        return _ORIGINAL(p, flags)
    flags = int(flags)  # re passes a plain int; a RegexFlag would not marshal
    key = (p, flags)
    entry = _STORED.get(key)
    if entry is not None:
        try:
            flags_, words, groups, groupindex, indexgroup = entry
            compiled = _sre.compile(p, flags_, _program_words(words), groups, groupindex, indexgroup)
        except (RuntimeError, TypeError, ValueError, OverflowError):  # a program the engine refuses
            _STORED.pop(key, None)
        else:
            _USED[key] = entry
            return compiled
    program = _program(p, flags)
    if program is None:
        return _ORIGINAL(p, flags)
    compiled = _sre.compile(p, *program)
    try:
        _USED[key] = (program[0], _as_bytes(program[1]), *program[2:])
        _STATE["new"] = True
    except OverflowError:  # a code word wider than this platform's array: compiled afresh each run
        pass
    return compiled


#: the engine's code words are 32 bits; kept as an array's bytes, so reading the file makes one bytes
#: object per expression rather than an int object per word (some 100,000 of them)
_WORD = "I" if array("I").itemsize == 4 else "L"


def _as_bytes(words: list[int]) -> bytes:
    return array(_WORD, words).tobytes()


def _program_words(blob: bytes) -> list[int]:
    words = array(_WORD)
    words.frombytes(blob)  # ValueError when not a whole number of words: the entry is refused
    return words.tolist()


def _program(p: str, flags: int) -> tuple | None:
    """What ``re`` hands the engine for ``p`` (the steps of ``re._compiler.compile``); None when this
    Python builds it otherwise.  A malformed expression raises ``re.error`` as ``re.compile`` does."""
    from re import _compiler, _parser

    parsed = _parser.parse(p, flags)
    try:
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (flags | parsed.state.flags, [int(word) for word in code], parsed.state.groups - 1, groupindex,
                tuple(indexgroup))
    except (AttributeError, TypeError):
        return None


def _read(file: str, tag: str) -> dict[tuple[str, int], tuple]:
    import marshal

    try:
        with open(file, "rb") as f:
            stored = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == tag and isinstance(stored[1], dict)):
        return {}
    return {key: entry for key, entry in stored[1].items() if _well_formed(key, entry)}


def _well_formed(key: Any, entry: Any) -> bool:
    return (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], str) and type(key[1]) is int
            and isinstance(entry, tuple) and len(entry) == 5 and type(entry[0]) is int
            and isinstance(entry[1], bytes)  # the code words (see _as_bytes); the engine checks them
            and type(entry[2]) is int and isinstance(entry[3], dict) and isinstance(entry[4], tuple))


def save() -> None:
    """Write what this run compiled, when it compiled anything the file did not hold; a full or
    read-only cache folder only costs the next run its compiles."""
    import marshal

    where = _STATE["file"]
    if where is None or not _STATE["new"]:
        return
    kept = {**_STORED, **_USED}
    if len(kept) > _MOST:
        kept = dict(_USED)
    _STATE["new"] = False
    if len(kept) > _MOST:
        return
    _STORED.clear()
    _STORED.update(kept)
    file, tag = where
    try:
        blob = marshal.dumps((tag, kept))
    except ValueError:
        return
    from lint.resources import write_cache

    write_cache(file, blob)
