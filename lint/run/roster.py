"""The roster: the units that owe a report for the year, checked against the reports a run was given.

``--roster units.csv`` names every unit (单位名称), its level (部门 / 政府 / 其他, or
department / government / other), its parent, and optionally its own deadline
(截止日期: ``YYYY-MM-DD`` or ``MM-DD`` of the year after the report year), the
address where its report is expected (网址) and the date the auditor saw it
published (发布日期).  The run says which units have no report for the year, which
have several, which were published late, and which reports belong to no unit.

Names are matched by :func:`lint.vocab.agency.name_keys` — the region above the
unit may be printed or left out, 人民政府 may be 政府, 办公厅 办公室 — and every
match says how it was made.  A report whose name fits several units is not
guessed at: it is listed with the candidates.

Deadlines: the roster's own column, else the deadline of the unit's level in the
pack's late-publication rule (M606: 条例第四十九条, or a local pack's dates).  The
publication date: the roster's column, else the report's own (``published``: the
document, the page's metadata).  A report whose date is unknown is listed as such,
never as on time or late.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import field
from typing import Any, Iterable

from lint.errors import ConfigError
from lint.records import record
from lint.vocab.agency import name_keys, normal_name

#: header → field, in Chinese and English
COLUMNS = {
    "name": ("单位名称", "单位", "名称", "机关名称", "name", "unit"),
    "level": ("级别", "类型", "层级", "单位类型", "level", "type"),
    "parent": ("上级", "上级单位", "所属", "parent"),
    "deadline": ("截止日期", "发布期限", "期限", "deadline"),
    "url": ("网址", "链接", "预期网址", "url", "expected_url"),
    "published": ("发布日期", "公开日期", "published"),
}
LEVELS = {"部门": "department", "政府部门": "department", "department": "department",
          "政府": "government", "人民政府": "government", "government": "government",
          "其他": "other", "other": "other", "乡镇": "town", "街道": "town", "乡镇街道": "town", "town": "town"}


@record
class Unit:
    name: str
    level: str | None = None
    parent: str | None = None
    deadline: str | None = None
    url: str | None = None
    published: str | None = None
    line: int = 0
    reports: list[dict[str, Any]] = field(default_factory=list)


#: every unit of the country that owes a report is some 10^5 rows, a few tens of MB; past this it is refused unread
MAX_ROSTER_BYTES = 256 * 1024 * 1024


def read_roster(path: str) -> list[Unit]:
    """The units of a roster CSV (UTF-8, with or without BOM; GB18030 as Excel saves it in China)."""
    from lint.resources import read_limited

    try:
        raw = read_limited(path, MAX_ROSTER_BYTES, "the roster")
    except ConfigError as exc:
        raise ConfigError(f"--roster {exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ConfigError(f"--roster {path}: not UTF-8 or GB18030 text")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # a field past csv's limit, a NUL byte
        raise ConfigError(f"--roster {path}: not a CSV table: {exc}") from None
    if not rows:
        raise ConfigError(f"--roster {path}: empty")
    header = [h.strip().lower() for h in rows[0]]
    where: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for index, h in enumerate(header):
            if h in names and key not in where:
                where[key] = index
    if "name" not in where:
        raise ConfigError(f"--roster {path}: no name column (单位名称 / name) in the header {rows[0]}")
    units = []
    for line, row in enumerate(rows[1:], 2):
        def get(key: str) -> str | None:
            i = where.get(key)
            value = row[i].strip() if i is not None and i < len(row) else ""
            return value or None

        name = get("name")
        if not name:
            continue
        level = get("level")
        units.append(Unit(name, LEVELS.get(level, level) if level else None, get("parent"), get("deadline"),
                          get("url"), get("published"), line))
    if not units:
        raise ConfigError(f"--roster {path}: no units")
    return units


def _date(text: str | None, year: int | None = None) -> dt.date | None:
    if not text:
        return None
    text = str(text).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text[:11], fmt).date()
        except ValueError:
            pass
    if year is not None:
        try:
            month, day = (int(p) for p in text.replace("月", "-").replace("日", "").split("-")[:2])
            return dt.date(year + 1, month, day)
        except (ValueError, TypeError):
            return None
    return None


def explain(report_name: str, unit_name: str) -> tuple[str, str]:
    """How a printed name was matched to a roster unit, in Chinese and English."""
    if report_name == unit_name:
        return "名称相同", "the same name"
    r, u = normal_name(report_name), normal_name(unit_name)
    steps_zh, steps_en = [], []
    if r != u:
        common = max(name_keys(report_name) & name_keys(unit_name), key=len, default="")
        for side, name, zh, en in ((r, report_name, "报告", "the report"), (u, unit_name, "名册", "the roster")):
            dropped = side[:len(side) - len(common)] if common and side.endswith(common) else ""
            if dropped:
                steps_zh.append(f"去掉{zh}名称中的地区“{dropped}”")
                steps_en.append(f"dropping the region {dropped} from {en}'s name")
    forms = [(a, b) for a, b in (("人民政府", "政府"), ("办公厅", "办公室"), ("委员会", "委"))
             if (a in report_name) != (a in unit_name)]
    if forms:
        steps_zh.append("视" + "、".join(f"“{a}”与“{b}”" for a, b in forms) + "为同一称谓")
        steps_en.append("treating " + ", ".join(f"{a} and {b}" for a, b in forms) + " as one form")
    if not steps_zh:
        steps_zh.append("忽略空格、括号和标点")
        steps_en.append("ignoring spaces, brackets and punctuation")
    return (f"把“{report_name}”对应到名册单位“{unit_name}”：" + "，".join(steps_zh),
            f"matched {report_name} to roster unit {unit_name} by " + " and ".join(steps_en))


@record
class Report:
    """What the roster needs of one checked file."""

    path: str
    agency: str | None
    year: int | None
    published: str | None = None
    level: str | None = None


def check(units: list[Unit], reports: Iterable[Report], unreadable: Iterable[str], *,
          year: int | None, deadlines: dict[str, str]) -> dict[str, Any]:
    """The roster's verdict for ``year`` (None: the most common year of the reports)."""
    reports = list(reports)
    if year is None:
        years = Counter(r.year for r in reports if r.year is not None)
        year = years.most_common(1)[0][0] if years else None
    index: dict[str, list[int]] = {}
    for number, unit in enumerate(units):
        for key in name_keys(unit.name):
            index.setdefault(key, []).append(number)
    exact = {normal_name(u.name): n for n, u in enumerate(units)}
    unknown, other_years = [], 0
    for report in reports:
        if report.year != year:
            other_years += 1
            continue
        if not report.agency:
            unknown.append({"path": report.path, "agency": None, "why": "没有读出机关名称",
                            "why_en": "no agency name was read"})
            continue
        candidates = sorted({n for key in name_keys(report.agency) for n in index.get(key, [])})
        if len(candidates) > 1 and normal_name(report.agency) in exact:
            candidates = [exact[normal_name(report.agency)]]
        if len(candidates) == 1:
            unit = units[candidates[0]]
            zh, en = explain(report.agency, unit.name)
            unit.reports.append({"path": report.path, "agency": report.agency, "how": zh, "how_en": en,
                                 "published": report.published, "level": report.level})
        elif candidates:
            names = [units[n].name for n in candidates]
            unknown.append({"path": report.path, "agency": report.agency, "candidates": names,
                            "why": "名称可对应名册中多个单位：" + "、".join(names),
                            "why_en": "the name fits several roster units: " + ", ".join(names)})
        else:
            unknown.append({"path": report.path, "agency": report.agency, "why": "名册中没有这个单位",
                            "why_en": "no roster unit has this name"})
    matched, missing, duplicates, late, undated = [], [], [], [], []
    for unit in units:
        base = {"unit": unit.name, "level": unit.level, "parent": unit.parent}
        if not unit.reports:
            missing.append({**base, **({"url": unit.url} if unit.url else {})})
            continue
        for rep in unit.reports:
            matched.append({**base, "path": rep["path"], "agency": rep["agency"], "how": rep["how"],
                            "how_en": rep["how_en"]})
        if len(unit.reports) > 1:
            duplicates.append({**base, "paths": [r["path"] for r in unit.reports]})
        rep = min(unit.reports, key=lambda r: (_date(r["published"]) or dt.date.max, r["path"]))
        published, source = (unit.published, "roster") if unit.published else (rep["published"], "document")
        level = unit.level or rep.get("level")
        due_text = unit.deadline or deadlines.get(level or "") or (None if level else max(deadlines.values(),
                                                                                        default=None))
        due = _date(due_text, year) if year is not None else None
        day = _date(published)
        if due is None:
            continue
        if day is None:
            undated.append({**base, "path": rep["path"], "deadline": due.isoformat()})
        elif day > due:
            late.append({**base, "path": rep["path"], "published": day.isoformat(), "deadline": due.isoformat(),
                         "days": (day - due).days, "date_from": source})
    return {"year": year, "units": len(units), "reports": sum(1 for r in reports if r.year == year),
            "other_years": other_years, "matched": matched, "missing": missing, "duplicates": duplicates,
            "late": late, "undated": undated, "unknown": unknown, "unreadable": sorted(unreadable)}


def deadlines_of(engine: Any) -> dict[str, str]:
    """The late-publication deadlines by level of the engine's packs (kind ``deadline``), else the 条例's."""
    for rule in engine.rules.values():
        if rule.kind == "deadline" and rule.enabled:
            return dict(rule.params.get("deadlines") or {})
    return {"department": "01-31", "government": "03-31"}
