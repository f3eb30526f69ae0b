"""Read a Word (.docx) report into a :class:`Document`.

The package is inspected with :mod:`zipfile` before python-docx sees it, so a zip
bomb or an XML entity attack is refused without being expanded.  The body is
then read straight from its XML, in order: paragraphs (with their automatic
list numbers, because Word templates often number 一、…六、 that way) and tables
(gridSpan and vMerge expanded in place, so every grid position has one cell).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import field
from typing import Any, Iterator

from lint.errors import CORRUPT, EMPTY, ENCRYPTED, HOSTILE, InputError
from lint.ingest.docx_numbering import Numbering, int_of, val_of
from lint.ingest.docx_runs import RunFilter
from lint.ingest.document import Block, Cell, Document, NotRead, Paragraph, Place, Table
from lint.records import record

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all parts together; a report is a few MB at most
MAX_ENTRIES = 5000
MAX_RATIO = 200  # deflated XML compresses 5-20:1; hundreds to one is a bomb
RATIO_MIN_SIZE = 2 * 1024 * 1024  # small parts may compress absurdly without harm
PROLOG_BYTES = 64 * 1024  # the DOCTYPE, if any, stands before the root element

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def extract(path: str, data: bytes) -> Document:
    """The body of a .docx as paragraphs and expanded table grids, in document order."""
    converted = _check_package(path, data)
    if converted is not None:
        return converted
    body, numbering, runs = _open(path, data)
    # every place is named by the index of its paragraph among all of the body's w:p elements in
    # document order (cells included): an annotator finds the same element again by that index
    reader = _BodyReader(numbering, {p: i for i, p in enumerate(body.iter(_w("p")))}, runs=runs)
    blocks = list(reader.blocks(body))
    return Document(path=path, blocks=blocks, kind="docx", notes=reader.notes, not_read=reader.not_read)


# ---------------------------------------------------------------- safety


def _check_package(path: str, data: bytes) -> Document | None:
    """None for a package safe to open; a compound (OLE) file is read through LibreOffice instead."""
    if not data.strip(b"\x00 \t\r\n"):
        raise InputError(EMPTY, f"文件“{path}”是空的，没有任何内容。", f"{path}: the file is empty")
    if data.startswith(_OLE_MAGIC):
        return _from_ole(path, data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # BadZipFile mostly; a damaged central directory raises others
        raise _corrupt(path, "not a zip package") from None
    with archive:
        infos = archive.infolist()
        _check_sizes(path, infos)
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise _corrupt(path, "no word/document.xml in the package")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _check_prolog(path, archive, info)
    return None


def _from_ole(path: str, data: bytes) -> Document:
    """A compound file named .docx: a password-protected .docx (E009) or a Word 97/WPS file."""
    from lint.ingest import office

    if office.is_encrypted_ole(data):
        raise InputError(ENCRYPTED, f"文件“{path}”设置了打开密码，无法读取。请取消密码后另存为 .docx 再检查。",
                         f"{path}: the Word file is password-protected")
    return office.extract(path, data)


def _check_sizes(path: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _hostile(path, f"{len(infos)} parts in the package")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise _hostile(path, f"{total} bytes uncompressed")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise _hostile(path, f"part {info.filename} expands {ratio:.0f} times")


def _check_prolog(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse DOCTYPE/ENTITY declarations, reading at most PROLOG_BYTES of the part."""
    try:
        with archive.open(info) as part:
            head = part.read(PROLOG_BYTES)
    except Exception as exc:  # zipfile raises BadZipFile, zlib.error, ValueError, EOFError… on damage
        raise _corrupt(path, f"part {info.filename} unreadable ({type(exc).__name__}: {exc})") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[:1] == b"\x00":
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    root = _ROOT_START.search(head)
    prolog = head[:root.start()] if root else head
    if _DECLARATION.search(prolog):
        raise _hostile(path, f"part {info.filename} declares a DOCTYPE/ENTITY")
    if root is None and info.file_size > PROLOG_BYTES:
        raise _hostile(path, f"part {info.filename} has no root element in its first {PROLOG_BYTES} bytes")


def _hostile(path: str, why: str) -> InputError:
    return InputError(HOSTILE, f"文件“{path}”的内部结构异常（可能是压缩炸弹或带有实体声明的恶意文件），已拒绝读取。"
                      "请用 Word 或 WPS 重新另存为 .docx 后再检查。", f"{path}: refused: {why}")


def _corrupt(path: str, why: str) -> InputError:
    return InputError(CORRUPT, f"文件“{path}”已损坏或不是 Word（.docx）文件，无法打开。请用 Word 或 WPS 打开确认后重新保存。",
                      f"{path}: damaged or not a .docx ({why})")


# ---------------------------------------------------------------- opening


# Macro-enabled documents and templates have the same body; we read XML only, never macros.
_WORD_MAIN_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _open(path: str, data: bytes) -> tuple[Any, Numbering, RunFilter]:
    try:
        from docx.opc.part import PartFactory
        from docx.package import Package
        from docx.parts.document import DocumentPart

        for content_type in _WORD_MAIN_TYPES:
            PartFactory.part_type_for.setdefault(content_type, DocumentPart)
        part = Package.open(io.BytesIO(data)).main_document_part
        if not isinstance(part, DocumentPart):
            raise ValueError(f"main part is {part.content_type}")
        document = part.document
        body = document.element.body
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise _corrupt(path, f"{type(exc).__name__}: {exc}") from None
    return body, Numbering.of(document), RunFilter.of(document)


# ---------------------------------------------------------------- the body


_TRANSPARENT = ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo")


@record
class _BodyReader:
    numbering: Numbering
    paragraph_index: dict[Any, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    not_read: list[NotRead] = field(default_factory=list)
    table_count: int = 0
    runs: RunFilter = field(default_factory=RunFilter)

    def blocks(self, body: Any) -> Iterator[Block]:
        for el in _children(body):
            tag = _local(el)
            if tag == "p":
                yield from self._paragraph(el)
            elif tag == "tbl":
                yield self._table(el)
            elif tag == "altChunk":
                self.not_read.append(NotRead("文档中嵌入的其他格式的内容块（altChunk）",
                                             "a block of another format embedded in the document (altChunk)"))

    def _paragraph(self, p: Any, cell: Any = None) -> Iterator[Paragraph]:
        boxes: list[Any] = []
        text = (self.numbering.label(p) + _run_text(p, boxes, self.runs, cell)).strip()
        if text:
            yield Paragraph(text, Place(paragraph=self.paragraph_index.get(p)))
        for box in boxes:  # text boxes anchored in this paragraph (titles often sit in one)
            for inner in box.iter(_w("p")):
                box_text = _run_text(inner, [], self.runs).strip()
                if box_text:
                    yield Paragraph(box_text, Place(paragraph=self.paragraph_index.get(inner)))

    def _cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for el in _children(tc):
            tag = _local(el)
            if tag == "p":
                lines.extend(par.text for par in self._paragraph(el, tc))
            elif tag == "tbl":  # a table inside a cell: keep its text, row by row
                for tr in _rows(el):
                    lines.append(" ".join(filter(None, (self._cell_text(c) for c in _cells(tr)))))
        return "\n".join(line for line in lines if line)

    def _table(self, tbl: Any) -> Table:
        """gridSpan/hMerge/vMerge expanded in place: covered positions repeat the text, merged=True."""
        index = self.table_count
        self.table_count += 1
        rows: list[list[Cell]] = []
        for r, tr in enumerate(_rows(tbl)):
            row: list[Cell] = []
            trpr = tr.find(_w("trPr"))
            for _ in range(int_of(val_of(trpr.find(_w("gridBefore"))) if trpr is not None else None, 0)):
                row.append(Cell("", _place(index, r, len(row))))
            for tc in _cells(tr):
                tcpr = tc.find(_w("tcPr"))
                span = max(1, min(int_of(val_of(_find(tcpr, "gridSpan")), 1), 64))
                vmerge = _find(tcpr, "vMerge")
                hmerge = _find(tcpr, "hMerge")
                col = len(row)
                if vmerge is not None and val_of(vmerge) != "restart" and r > 0 and col < len(rows[-1]):
                    text, first_merged = rows[-1][col].text, True  # continues the cell above
                elif hmerge is not None and val_of(hmerge) != "restart" and row:
                    text, first_merged = row[-1].text, True  # legacy horizontal merge
                else:
                    text, first_merged = self._cell_text(tc), False
                first_p = next(tc.iter(_w("p")), None)
                for k in range(span):
                    place = _place(index, r, col + k)
                    place.paragraph = self.paragraph_index.get(first_p)
                    row.append(Cell(text, place, merged=first_merged or k > 0))
            rows.append(row)
        return Table(rows=rows, place=Place(table_index=index))


def _place(table: int, row: int, col: int) -> Place:
    return Place(table_index=table, row_index=row, col_index=col)


def _find(parent: Any, tag: str) -> Any:
    return None if parent is None else parent.find(_w(tag))


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith(f"{{{_W}}}"):
        return ""
    return tag[len(_W) + 2:]


def _children(parent: Any) -> Iterator[Any]:
    """Block children, looking through content controls and custom XML wrappers."""
    for el in parent:
        if _local(el) in _TRANSPARENT:
            yield from _children(el)
        else:
            yield el


def _rows(tbl: Any) -> list[Any]:
    return [el for el in _children(tbl) if _local(el) == "tr"]


def _cells(tr: Any) -> list[Any]:
    return [el for el in _children(tr) if _local(el) == "tc"]


_RUN_CHARS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


def _run_text(p: Any, boxes: list[Any], runs: RunFilter, cell: Any = None) -> str:
    """The visible text of a paragraph: no deleted runs, no field codes, no duplicate fallbacks, and no run
    that prints nothing a person reads as text or as part of a number (hidden, struck, white, tiny, raised)."""
    out: list[str] = []

    def visit(el: Any) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{{{_MC}}}Fallback":
                continue  # the same content as mc:Choice, for old readers
            local = _local(child)
            if local in ("del", "moveFrom", "instrText", "delText", "pPr", "rPr"):
                continue
            if local == "txbxContent":
                boxes.append(child)
                continue
            if local == "r" and runs.unseen(child, p, cell):
                continue
            if local == "t":
                out.append(child.text or "")
            elif local in _RUN_CHARS:
                out.append(_RUN_CHARS[local])
            else:
                visit(child)

    visit(p)
    return "".join(out)
