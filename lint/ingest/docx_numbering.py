"""Word's automatic list numbers ("一、", "（一）", "1.") that are not in the run text, rendered as Word shows them.

Word templates often number the report's headings 一、…六、 this way, so the
numbers must be rendered for the headings to be recognised.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from lint.records import record

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


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


@record
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = ""


@record
class Numbering:
    """Renders Word's automatic list numbers ("一、", "（一）", "1.") that are not in the run text."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> Numbering:
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
                level.fmt = val_of(lvl.find(_w("numFmt"))) or "decimal"
                level.text = val_of(lvl.find(_w("lvlText"))) or ""
                level.start = int_of(val_of(lvl.find(_w("start"))), 1)
                level.suffix = " " if val_of(lvl.find(_w("suff"))) == "space" else ""
                levels[int_of(lvl.get(_w("ilvl")), 0)] = level
            self.abstract[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in root.iterchildren(_w("num")):
            overrides = {int_of(o.get(_w("ilvl")), 0): int_of(val_of(o.find(_w("startOverride"))), 1)
                         for o in num.iterchildren(_w("lvlOverride")) if o.find(_w("startOverride")) is not None}
            self.nums[num.get(_w("numId")) or ""] = (val_of(num.find(_w("abstractNumId"))) or "", overrides)

    def _read_styles(self, root: Any) -> None:
        direct: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for style in root.iterchildren(_w("style")):
            sid = style.get(_w("styleId")) or ""
            numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if numpr is not None:
                direct[sid] = (val_of(numpr.find(_w("numId"))), _opt_int(val_of(numpr.find(_w("ilvl")))))
            parent = val_of(style.find(_w("basedOn")))
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
            style = val_of(ppr.find(_w("pStyle")))
            if style and style in self.style_numpr:
                num_id, ilvl = self.style_numpr[style]
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                num_id = val_of(numpr.find(_w("numId"))) or num_id
                ilvl = _opt_int(val_of(numpr.find(_w("ilvl")))) if numpr.find(_w("ilvl")) is not None else ilvl
        return num_id, ilvl or 0


def val_of(el: Any) -> str | None:
    return None if el is None else el.get(_w("val"))


def int_of(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _opt_int(text: str | None) -> int | None:
    return int_of(text, 0) if text is not None else None
