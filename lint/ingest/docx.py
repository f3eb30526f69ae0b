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
from dataclasses import dataclass, field
from typing import Any, Iterator

from lint.errors import CORRUPT, EMPTY, ENCRYPTED, HOSTILE, InputError
from lint.ingest.document import Block, Cell, Document, Paragraph, Place, Table

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
    body, numbering = _open(path, data)
    # every place is named by the index of its paragraph among all of the body's w:p elements in
    # document order (cells included): an annotator finds the same element again by that index
    reader = _BodyReader(numbering, {p: i for i, p in enumerate(body.iter(_w("p")))})
    blocks = list(reader.blocks(body))
    return Document(path=path, blocks=blocks, kind="docx", notes=reader.notes)


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


def _open(path: str, data: bytes) -> tuple[Any, _Numbering]:
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
    return body, _Numbering.of(document)


# ---------------------------------------------------------------- list numbering


_CHINESE_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_DIGITS[tens] + "十")
    return head + (_CHINESE_DIGITS[units] if units else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "japaneseCounting", "ideographLegalTraditional", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n >= 1:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = ""


@dataclass
class _Numbering:
    """Renders Word's automatic list numbers ("一、", "（一）", "1.") that are not in the run text."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> _Numbering:
        numbering = cls()
        try:
            numbering._read_numbering(document.part.numbering_part.element)
        except Exception:  # no numbering part: nothing is numbered automatically
            pass
        try:
            numbering._read_styles(document.styles.element)
        except Exception:
            pass
        return numbering

    def _read_numbering(self, root: Any) -> None:
        for abstract in root.iterchildren(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(_w("lvl")):
                level = _Level()
                level.fmt = _val(lvl.find(_w("numFmt"))) or "decimal"
                level.text = _val(lvl.find(_w("lvlText"))) or ""
                level.start = _int(_val(lvl.find(_w("start"))), 1)
                level.suffix = " " if _val(lvl.find(_w("suff"))) == "space" else ""
                levels[_int(lvl.get(_w("ilvl")), 0)] = level
            self.abstract[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in root.iterchildren(_w("num")):
            overrides = {_int(o.get(_w("ilvl")), 0): _int(_val(o.find(_w("startOverride"))), 1)
                         for o in num.iterchildren(_w("lvlOverride")) if o.find(_w("startOverride")) is not None}
            self.nums[num.get(_w("numId")) or ""] = (_val(num.find(_w("abstractNumId"))) or "", overrides)

    def _read_styles(self, root: Any) -> None:
        direct: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for style in root.iterchildren(_w("style")):
            sid = style.get(_w("styleId")) or ""
            numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if numpr is not None:
                direct[sid] = (_val(numpr.find(_w("numId"))), _opt_int(_val(numpr.find(_w("ilvl")))))
            parent = _val(style.find(_w("basedOn")))
            if parent:
                based[sid] = parent
        for sid in set(direct) | set(based):
            seen, current = set(), sid
            while current and current not in direct and current not in seen:
                seen.add(current)
                current = based.get(current, "")
            if current in direct:
                self.style_numpr[sid] = direct[current]

    def label(self, p: Any) -> str:
        num_id, ilvl = self._numpr(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        # Lists that share an abstract definition share one count, unless a start override restarts it.
        key = num_id if overrides else abstract_id
        counts = self.counters.setdefault(key, {})
        start = overrides.get(ilvl, levels[ilvl].start)
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""  # a bullet glyph (often a private-use Symbol character) is no text of the report
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                lvl_k = levels.get(k, _Level())
                value = counts.get(k, overrides.get(k, lvl_k.start))
                text = text.replace(f"%{k + 1}", _format_number(value, lvl_k.fmt))
        return (text + level.suffix) if text else ""

    def _numpr(self, p: Any) -> tuple[str | None, int]:
        ppr = p.find(_w("pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            style = _val(ppr.find(_w("pStyle")))
            if style and style in self.style_numpr:
                num_id, ilvl = self.style_numpr[style]
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                num_id = _val(numpr.find(_w("numId"))) or num_id
                ilvl = _opt_int(_val(numpr.find(_w("ilvl")))) if numpr.find(_w("ilvl")) is not None else ilvl
        return num_id, ilvl or 0


def _val(el: Any) -> str | None:
    return None if el is None else el.get(_w("val"))


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _opt_int(text: str | None) -> int | None:
    return _int(text, 0) if text is not None else None


# ---------------------------------------------------------------- the body


_TRANSPARENT = ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo")


@dataclass
class _BodyReader:
    numbering: _Numbering
    paragraph_index: dict[Any, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    table_count: int = 0

    def blocks(self, body: Any) -> Iterator[Block]:
        for el in _children(body):
            tag = _local(el)
            if tag == "p":
                yield from self._paragraph(el)
            elif tag == "tbl":
                yield self._table(el)
            elif tag == "altChunk":
                self.notes.append("文档中嵌入了其他格式的内容块（altChunk），未读取")

    def _paragraph(self, p: Any) -> Iterator[Paragraph]:
        boxes: list[Any] = []
        text = (self.numbering.label(p) + _run_text(p, boxes)).strip()
        if text:
            yield Paragraph(text, Place(paragraph=self.paragraph_index.get(p)))
        for box in boxes:  # text boxes anchored in this paragraph (titles often sit in one)
            for inner in box.iter(_w("p")):
                box_text = _run_text(inner, []).strip()
                if box_text:
                    yield Paragraph(box_text, Place(paragraph=self.paragraph_index.get(inner)))

    def _cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for el in _children(tc):
            tag = _local(el)
            if tag == "p":
                lines.extend(par.text for par in self._paragraph(el))
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
            for _ in range(_int(_val(trpr.find(_w("gridBefore"))) if trpr is not None else None, 0)):
                row.append(Cell("", _place(index, r, len(row))))
            for tc in _cells(tr):
                tcpr = tc.find(_w("tcPr"))
                span = max(1, min(_int(_val(_find(tcpr, "gridSpan")), 1), 64))
                vmerge = _find(tcpr, "vMerge")
                hmerge = _find(tcpr, "hMerge")
                col = len(row)
                if vmerge is not None and _val(vmerge) != "restart" and r > 0 and col < len(rows[-1]):
                    text, first_merged = rows[-1][col].text, True  # continues the cell above
                elif hmerge is not None and _val(hmerge) != "restart" and row:
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


def _run_text(p: Any, boxes: list[Any]) -> str:
    """The visible text of a paragraph: no deleted runs, no field codes, no duplicate fallbacks."""
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
            if local == "t":
                out.append(child.text or "")
            elif local in _RUN_CHARS:
                out.append(_RUN_CHARS[local])
            else:
                visit(child)

    visit(p)
    return "".join(out)
