"""Write a report as a small PDF with a text layer and ruled tables, in pure Python, for reader tests.

Chinese text uses the PDF's predefined CJK font STSong-Light with the UniGB-UCS2-H encoding, so no font
file is embedded and no program is needed: every PDF reader maps those codes back to Unicode.  Tables
are grids of stroked rectangles, one per cell, as Word and browsers print them.  ``decorate`` may add,
for one figure, drawing operators of its own (white, tiny or invisible text beside the digits) — the
hostile PDFs of the fuzz test.
"""

from __future__ import annotations

from typing import Any, Callable

from lint.vocab import sections as S

from .report_text import table_rows

PAGE_WIDTH = 1500
SIZE = 9  # points, prose
CELL_SIZE = 7  # points, table cells
ROW = 14
LINE = 14
MARGIN = 40


def _hex(text: str) -> bytes:
    return text.encode("utf-16-be").hex().encode()


def show(x: float, y: float, text: str, size: float = SIZE, extra: bytes = b"") -> bytes:
    """One run of text at (x, y); ``extra`` goes before it inside the text object (colour, render mode), and
    holds for this run only (colour and render mode are graphics state, kept after ET until Q)."""
    if extra:
        return b"q BT %s /F1 %g Tf %g %g Td <%s> Tj ET Q\n" % (extra, size, x, y, _hex(text))
    return b"BT /F1 %g Tf %g %g Td <%s> Tj ET\n" % (size, x, y, _hex(text))


def _width(text: str, size: float) -> float:
    return sum(size if ord(c) > 0x7F else size / 2 for c in text)


def pdf_document(content: bytes, height: int) -> bytes:
    """A one-page PDF whose page shows ``content`` (a content stream using font /F1, and /Im1: one grey
    pixel, which ``w 0 0 h x y cm /Im1 Do`` paints as a w × h picture, a scan's image; and the colour
spaces /P1, a palette of white (0) and black (1), /Spot, a spot colour (Separation: a tint of 0 puts no
ink down, 1 prints black), /Inks, two process inks (DeviceN, cyan and black: no ink at 0 0), and /Icc1,
/Icc3, /Icc4, ICC-based spaces of one, three and four components (grey, RGB, CMYK))."""
    objects: list[bytes] = [
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 4 >> /FontDescriptor 1 0 R /DW 1000 /W [1 95 500] >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [2 0 R] >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Page /Parent 6 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> "
        b"/XObject << /Im1 8 0 R >> /ColorSpace << /P1 [/Indexed /DeviceRGB 1 <FFFFFF000000>] "
        b"/Spot [/Separation /Spot /DeviceCMYK 9 0 R] /Inks [/DeviceN [/Cyan /Black] /DeviceCMYK 10 0 R] "
        b"/Icc1 [/ICCBased 11 0 R] /Icc3 [/ICCBased 12 0 R] /Icc4 [/ICCBased 13 0 R] >> >> >>"
        % (PAGE_WIDTH, height),
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Catalog /Pages 6 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 1 >>\nstream\n\xc0\nendstream",
        b"<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 0 0 1] /N 1 >>",
        # (cyan, black) -> (cyan, 0, 0, black)
        b"<< /FunctionType 4 /Domain [0 1 0 1] /Range [0 1 0 1 0 1 0 1] /Length 17 >>\nstream\n{ 0 exch 0 exch }\nendstream",
        *(b"<< /N %d /Alternate /%s /Length 0 >>\nstream\n\nendstream" % (n, space)
          for n, space in ((1, b"DeviceGray"), (3, b"DeviceRGB"), (4, b"DeviceCMYK"))),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 7 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if _width(line + char, size) > width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line] if line else lines


def to_pdf(report: dict, decorate: Callable[[str, float, float], bytes] | None = None) -> bytes:
    """``report`` printed on one tall page; ``decorate(cell text, x, y)`` may replace a cell's drawing."""
    ops: list[bytes] = []
    rows: list[tuple[str, Any]] = []  # ("line", text) or ("table", grid)
    if report.get("title"):
        rows.append(("line", report["title"]))
    if report.get("intro"):
        rows.append(("line", report["intro"]))
    for key in S.SECTION_KEYS:
        section = (report.get("sections") or {}).get(key)
        if not section:
            continue
        rows.append(("line", section.get("title") or S.TITLES[key]))
        for part in (section.get("text") or "").split("\n"):
            if part.strip():
                rows.append(("line", part))
        if key in ("proactive", "applications", "appeals") and key in (report.get("tables") or {}):
            rows.append(("table", table_rows(report, key)))
    lines: list[tuple[str, Any]] = []
    for kind, item in rows:
        if kind == "line":
            lines.extend(("line", piece) for piece in _wrap(item, SIZE, PAGE_WIDTH - 2 * MARGIN))
        else:
            lines.append((kind, item))
    height = MARGIN * 2 + sum(LINE if kind == "line" else ROW * len(item) + LINE for kind, item in lines)
    y = height - MARGIN
    for kind, item in lines:
        if kind == "line":
            y -= LINE
            ops.append(show(MARGIN, y, item))
            continue
        width = max(len(row) for row in item)
        widths = [max(_width(row[c], CELL_SIZE) if c < len(row) else 0 for row in item) + 8 for c in range(width)]
        widths = [min(w, 330) for w in widths]
        for row in item:
            y -= ROW
            x = MARGIN
            for column, text in enumerate(row):
                ops.append(b"%g %g %g %g re S\n" % (x, y, widths[column], ROW))
                draw = decorate(text, x + 3, y + 4) if decorate else None
                ops.append(draw if draw is not None else show(x + 3, y + 4, text[:46], CELL_SIZE))
                x += widths[column]
        y -= LINE
    return pdf_document(b"0 0 0 RG 0.6 w\n" + b"".join(ops), height)
