"""Receiving uploaded files: streamed straight into the request's private folder, within the size limits.

The multipart body is parsed as it arrives (python-multipart's streaming
parser), each file written to its own sub-folder of the request's temporary
folder under its own (cleaned) name, so the readers see the name's extension
as they would on disk.  A file over the size limit is not kept: the page says
so, as the command line says of a file too large to read.  A body larger than
all allowed files together is refused before it is read to the end.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import field
from typing import Any, AsyncIterator

from lint.records import record

#: headers, boundaries and form fields on top of the files themselves
_OVERHEAD = 1024 * 1024
_FIELD_LIMIT = 4096


class UploadError(Exception):
    """The request cannot be taken: ``status`` is the HTTP status, ``zh``/``en`` say why."""

    def __init__(self, status: int, zh: str, en: str) -> None:
        super().__init__(en)
        self.status, self.zh, self.en = status, zh, en


@record
class Upload:
    name: str  # as the clerk's computer named it (cleaned for display)
    path: str  # where it was written in the request's folder
    size: int = 0
    too_large: bool = False


@record
class Received:
    files: list[Upload] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def clean_name(raw: str, index: int) -> str:
    """A file name fit to show and to write: the last path part, no control characters, bounded length."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".") or f"upload-{index + 1}"
    stem, ext = os.path.splitext(name)
    if len(name.encode("utf-8")) > 180:
        name = stem[:60] + ext[:16]
    return name


def _disposition(value: str) -> dict[str, str]:
    from python_multipart.multipart import parse_options_header

    _kind, params = parse_options_header(value.encode("utf-8", "surrogateescape"))
    out = {}
    for key, raw in params.items():
        try:
            out[key.decode("latin-1").lower()] = raw.decode("utf-8")
        except UnicodeDecodeError:
            out[key.decode("latin-1").lower()] = raw.decode("latin-1")
    return out


async def receive(content_type: str | None, content_length: str | None, chunks: AsyncIterator[bytes],
                  folder: str, *, max_bytes: int, max_files: int) -> Received:
    """The files (field ``files``) and small fields of a multipart/form-data body, files written under ``folder``."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(400, "请通过页面上的表单上传文件。", "please upload files through the form on the page")
    cap = max_files * max_bytes + _OVERHEAD
    if content_length and content_length.isdigit() and int(content_length) > cap:
        raise UploadError(413, f"上传的内容过大：最多 {max_files} 个文件，每个不超过 {_mb(max_bytes)}。",
                          f"the upload is too large: at most {max_files} files of {_mb(max_bytes)} each")
    received = Received()
    state: dict[str, Any] = {"headers": [], "field": b"", "value": b"", "part": None, "handle": None, "data": b""}

    def on_part_begin() -> None:
        state.update(headers=[], field=b"", value=b"", part=None, handle=None, data=b"")

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"].append((state["field"].decode("latin-1").lower(),
                                 state["value"].decode("utf-8", "surrogateescape")))
        state["field"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        disposition = next((v for k, v in state["headers"] if k == "content-disposition"), "")
        params = _disposition(disposition)
        name = params.get("name", "")
        if "filename" in params:
            if name != "files" or not params["filename"].strip():
                return  # an empty file input, or a field the page does not have
            if len(received.files) >= max_files:
                raise UploadError(413, f"一次最多检查 {max_files} 个文件。", f"at most {max_files} files at once")
            index = len(received.files)
            display = clean_name(params["filename"], index)
            where = os.path.join(folder, f"f{index + 1}")
            os.mkdir(where, 0o700)
            upload = Upload(display, os.path.join(where, display))
            received.files.append(upload)
            state["part"] = upload
            state["handle"] = open(upload.path, "xb")
        else:
            state["part"] = name

    def on_part_data(data: bytes, start: int, end: int) -> None:
        part = state["part"]
        if isinstance(part, Upload):
            part.size += end - start
            if part.size > max_bytes:
                if not part.too_large:  # keep nothing of a file over the limit
                    part.too_large = True
                    state["handle"].close()
                    os.unlink(part.path)
                return
            state["handle"].write(data[start:end])
        elif isinstance(part, str) and part:
            state["data"] += data[start:end]
            if len(state["data"]) > _FIELD_LIMIT:
                raise UploadError(413, "表单字段过长。", "a form field is too long")

    def on_part_end() -> None:
        part = state["part"]
        if isinstance(part, Upload):
            if state["handle"] is not None and not state["handle"].closed:
                state["handle"].close()
        elif isinstance(part, str) and part:
            received.fields[part] = state["data"].decode("utf-8", "replace")
        state["part"], state["handle"] = None, None

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished,
        "on_part_data": on_part_data, "on_part_end": on_part_end})
    total = 0
    try:
        async for chunk in chunks:
            total += len(chunk)
            if total > cap:
                raise UploadError(413, f"上传的内容过大：最多 {max_files} 个文件，每个不超过 {_mb(max_bytes)}。",
                                  f"the upload is too large: at most {max_files} files of {_mb(max_bytes)} each")
            parser.write(chunk)
        parser.finalize()
    except UploadError:
        raise
    except Exception as exc:  # a malformed body
        raise UploadError(400, f"上传的内容无法读取：{exc}", f"the upload could not be read: {exc}") from None
    finally:
        handle = state.get("handle")
        if handle is not None and not handle.closed:
            handle.close()
    return received


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"
