"""Read one input file into a report and its SourceMap, whatever its form."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from lint import errors
from lint.errors import InputError
from lint.model import SourceMap

STRUCTURED = {".yaml", ".yml", ".json"}
DOCUMENTS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
             ".html": "html", ".htm": "html", ".shtml": "html", ".docx": "docx", ".pdf": "pdf"}
SUPPORTED = STRUCTURED | set(DOCUMENTS)
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024


def expand_paths(paths: list[str], excluded=lambda path: False) -> list[str]:
    """Files as given, and every supported file under a given folder (sorted; hidden ones and
    those ``excluded`` says the configuration excludes are skipped).  A file named on the command
    line is always checked."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                # "~$…" are Word's lock files beside an open document, not documents
                out.extend(full for full in (os.path.join(root, f) for f in sorted(files)
                                             if not f.startswith((".", "~$")) and Path(f).suffix.lower() in SUPPORTED)
                           if not excluded(full))
        else:
            out.append(path)
    return out


def read_bytes(path: str, limit: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(errors.UNREADABLE, "文件不存在", "no such file") from None
    except IsADirectoryError:
        raise InputError(errors.UNREADABLE, "这是一个文件夹，不是文件", "this is a folder, not a file") from None
    except OSError as exc:
        raise InputError(errors.UNREADABLE, f"无法读取：{exc.strerror}", f"cannot read: {exc.strerror}") from None
    if len(data) > limit:
        raise InputError(errors.HOSTILE, f"文件超过 {limit // 1024 // 1024} MB，已拒绝读取",
                         f"file larger than {limit // 1024 // 1024} MB; refused")
    return data


def load_report(path: str) -> tuple[Any, SourceMap]:
    """(report, source map) of ``path``; raises InputError when it cannot be read as a report."""
    suffix = Path(path).suffix.lower()
    if suffix in STRUCTURED:
        from lint.ingest.structured import MAX_BYTES, load_structured

        return load_structured(path, read_bytes(path, MAX_BYTES))
    if suffix in DOCUMENTS:
        from lint.ingest import import_document

        return import_document(path, read_bytes(path, MAX_DOCUMENT_BYTES), DOCUMENTS[suffix])
    raise InputError(errors.UNSUPPORTED, f"不支持“{suffix or '无扩展名'}”文件",
                     f"files ending in {suffix or '(no extension)'!r} are not supported")
