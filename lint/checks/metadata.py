"""Year, statistical period and format version (M6xx).

The title year, the 统计期限 and ``year`` must agree; a report of the 2021
format must not print the superseded 2019 tables or labels.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from lint.vocab import formats as F
from lint.vocab import tables as L
from lint.vocab.text import normalise
from lint.checks.base import Context, Problem
from lint.checks.registry import STRINGS, kind
from lint.checks.base import compact as _flat

_TITLE_YEAR = re.compile(r"(\d{4})\s*年(度)?")
#: the dates of a period, after the words that introduce it: 2024年1月1日(起)至(2024年)12月31日(止)
_DATES = (r"[^。]{0,20}?(\d{4})年(\d{1,2})月(\d{1,2})日"
          r"[^。\d]{0,12}?(至|到|—|-|～|~)[^。\d]{0,6}?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
#: a bare range of a whole calendar year (no introducing word): enough to say a period is stated
_WHOLE_YEAR = re.compile(r"(\d{4})年1月1日[^。\d]{0,12}?(至|到|—|-|～|~)[^。\d]{0,6}?(?:\d{4}年)?12月31日")

_PERIOD_WORDS = ["统计期限", "统计时限", "统计周期", "统计时间", "统计时段", "统计区间", "统计范围", "统计期间",
                 "统计日期", "统计截止", "统计起止", "数据统计", "所列数据", "数据期限", "数据时间", "报告期",
                 "时间范围"]


@lru_cache(maxsize=16)
def _period(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(_flat(w)) for w in words) + ")" + _DATES)


@kind("title_year")
def title_year(ctx: Context, params: dict) -> Iterator[Problem]:
    """M601: the year printed in the title is the report's year."""
    title = ctx.report.get("title")
    if not isinstance(title, str) or ctx.year is None:
        return
    match = _TITLE_YEAR.search(_flat(title))
    if match and int(match.group(1)) != ctx.year:
        votes = ctx.report.get("year_evidence")
        votes = votes if isinstance(votes, dict) else {}
        others = [y for k, y in votes.items() if k != "title" and isinstance(y, int)]
        # only the 统计期限 against the title: the two disagree, and nothing says which one slipped
        disputed = len(others) == 1 and others[0] == ctx.year
        yield Problem("/title", {"title_year": int(match.group(1)), "year": ctx.year, "title": title.strip()},
                      variant="disputed" if disputed else None,
                      evidence={"title_year": int(match.group(1)), "year": ctx.year, "year_evidence": votes})


def _find_period(ctx: Context, words: list[str]) -> tuple[str, re.Match] | None:
    pattern = _period(tuple(words))
    for pointer, text in (("/intro", ctx.report.get("intro")), ("/sections/overview/text", ctx.section_text("overview"))):
        if isinstance(text, str):
            match = pattern.search(_flat(text))
            if match:
                return pointer, match
    return None


def _whole_year_stated(ctx: Context) -> bool:
    return any(isinstance(t, str) and _WHOLE_YEAR.search(_flat(t))
               for t in (ctx.report.get("intro"), ctx.section_text("overview")))


@kind("statistical_period", params={"missing": {"type": "boolean", "default": False},
                                    "words": {**STRINGS, "default": _PERIOD_WORDS}})
def statistical_period(ctx: Context, params: dict) -> Iterator[Problem]:
    """M602 (``missing: false``): the 统计期限 is 1 Jan – 31 Dec of the year.
    M603 (``missing: true``): the report states a 统计期限 at all.

    ``words`` are the ways reports introduce the period (统计期限, 统计时限, 统计周期, 所列数据…);
    for M603 a bare range of a calendar year ("2024年1月1日至12月31日") is a period stated too."""
    if ctx.year is None:
        return
    found = _find_period(ctx, params.get("words", _PERIOD_WORDS))
    if params.get("missing"):
        if found is None and not _whole_year_stated(ctx):
            yield Problem("/intro", {"year": ctx.year})
        return
    if found is None:
        return
    pointer, m = found
    start = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    # "自2024年1月1日至12月31日": an end without a year is in the start's year
    end = (int(m.group(5) or m.group(1)), int(m.group(6)), int(m.group(7)))
    if start != (ctx.year, 1, 1) or end != (ctx.year, 12, 31):
        yield Problem(pointer, {"period": f"{start[0]}年{start[1]}月{start[2]}日至{end[0]}年{end[1]}月{end[2]}日",
                                "year": ctx.year},
                      evidence={"start": "%04d-%02d-%02d" % start, "end": "%04d-%02d-%02d" % end})


LEGACY_2019_SIGNALS = F.LEGACY_TABLE_SIGNALS
LEGACY_LABELS = F.LEGACY_LABELS


@kind("legacy_tables", params={"min_year": {"type": "integer", "default": 2021}})
def legacy_tables(ctx: Context, params: dict) -> Iterator[Problem]:
    """M604: a report of ``min_year`` or later prints a table of the superseded 2019 format."""
    if ctx.year is None or ctx.year < params.get("min_year", 2021):
        return
    if ctx.applications_layout() == "2019" and ctx.table("applications") is not None:
        yield Problem("/tables/applications", {"table": "表三", "what": "单行的“（六）其他处理”",
                                               "what_en": "the single-row （六）其他处理"}, table="表三")
    labels = ctx.report.get("labels") if isinstance(ctx.report.get("labels"), dict) else {}
    proactive = ctx.table("proactive") or {}
    found = sorted({v for v in labels.values() if isinstance(v, str) and L.normalize_label(v) in
                    {L.normalize_label(s) for s in LEGACY_2019_SIGNALS}})
    if any(k in proactive for k in ("other_services", "procurement")) or found:
        yield Problem("/tables/proactive", {"table": "表二", "what": "、".join(f"“{s}”" for s in found) or "2019年版栏目",
                                            "what_en": ", ".join(found) or "2019 columns"}, table="表二")


@kind("legacy_labels")
def legacy_labels(ctx: Context, params: dict) -> Iterator[Problem]:
    """M605: a 2021-format table printing a few leftover 2019 labels (a hybrid)."""
    if ctx.format != "2021":
        return
    labels = ctx.report.get("labels")
    if not isinstance(labels, dict):
        return
    legacy = {L.normalize_label(k): (k, v) for k, v in LEGACY_LABELS.items()}
    hits = []
    for pointer, printed in labels.items():
        if isinstance(printed, str) and L.normalize_label(printed) in legacy:
            hits.append((pointer, *legacy[L.normalize_label(printed)]))
    if not hits:
        return
    tables = sorted({p.split("/")[2] for p, _, _ in hits if p.startswith("/tables/") and len(p.split("/")) > 2})
    pointer = f"/tables/{tables[0]}" if len(tables) == 1 else "/tables"
    # a column label printed once stands under every row of its block: name each label once
    distinct = list(dict.fromkeys((old, new) for _, old, new in hits))
    yield Problem(pointer, {"labels": "、".join(f"“{old}”（应为“{new}”）" for old, new in distinct),
                            "labels_en": ", ".join(f"{old} (should be {new})" for old, new in distinct)},
                  evidence={p: old for p, old, _ in hits})


def _published(ctx: Context):
    import datetime as dt

    text = ctx.report.get("published")
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None  # a malformed date is a schema finding


@kind("deadline", params={
    "deadlines": {"type": "object", "additionalProperties": False,
                  "properties": {k: {"type": "string", "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}
                                 for k in ("department", "government", "other")},
                  "default": {"department": "01-31", "government": "03-31"}},
    "unknown_level": {"enum": ["latest", "skip"], "default": "latest"}})
def deadline(ctx: Context, params: dict) -> Iterator[Problem]:
    """M606: published by the deadline for the agency's level (条例 Art. 49, or a local pack's dates).

    ``deadlines`` maps a level to "MM-DD" of the year after the report year.  With
    no ``level`` the latest deadline applies: a report later than that is late whatever it is.
    """
    import datetime as dt

    published = _published(ctx)
    if published is None or ctx.year is None:
        return
    deadlines = params.get("deadlines", {"department": "01-31", "government": "03-31"})
    level = ctx.report.get("level")
    if level in deadlines:
        chosen = deadlines[level]
    elif params.get("unknown_level", "latest") == "latest":
        chosen = max(deadlines.values())
    else:
        return
    month, day = (int(x) for x in chosen.split("-"))
    due = dt.date(ctx.year + 1, month, day)
    if published > due:
        level_zh = {"department": "部门", "government": "人民政府"}.get(level, "")
        yield Problem("/published", {"published": published.isoformat(), "due": due.isoformat(),
                                     "days": (published - due).days,
                                     "level": f"{level_zh}的" if level_zh else "最晚的法定"},
                      evidence={"published": published.isoformat(), "deadline": due.isoformat()})


@kind("too_early")
def too_early(ctx: Context, params: dict) -> Iterator[Problem]:
    """M607: published before the year it reports on had ended."""
    published = _published(ctx)
    if published is not None and ctx.year is not None and published.year <= ctx.year:
        yield Problem("/published", {"published": published.isoformat(), "year": ctx.year})


_STALE_OPENING = re.compile(r"^\s*(\d{4})年(度)?[，,]")
# "2024年将…" plans; "自2023年将…纳入" (将 = 把) does not
_FUTURE = re.compile(r"(?<![自从于到至])(\d{4})年(度)?(?:我[局委办厅区市县镇院部]|本(?:机关|局|单位|委|办))?(将|要|计划|拟)")


@kind("stale_year")
def stale_year(ctx: Context, params: dict) -> Iterator[Problem]:
    """M608: narrative copied from last year — 一 opens with last year, or 五 plans for this year."""
    if ctx.year is None:
        return
    overview = ctx.section_text("overview") or ""
    match = _STALE_OPENING.match(normalise(overview))
    if match and int(match.group(1)) < ctx.year:
        yield Problem("/sections/overview/text", {"found": match.group(0).strip(" ，,"), "year": ctx.year})
    problems = normalise(ctx.section_text("problems") or "")
    for found in _FUTURE.finditer(problems):
        if int(found.group(1)) <= ctx.year:  # a Y report plans for Y+1; "Y年将" was copied from Y-1
            yield Problem("/sections/problems/text", {"found": found.group(0), "year": ctx.year})
            break


#: a web address, and the words that name one ("网站地址", "网址"): where to read the report, not whom to
#: contact.  Only the address itself goes — on Chinese text without spaces a greedy "rest of the word"
#: would delete the address, telephone and e-mail printed after it.
_WEB = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-_~/?#=&%:+]*|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:gov|com|net|org)\.cn\b"
                  r"[A-Za-z0-9.\-_~/?#=&%:+]*|(?:网站|网页|门户网站?)地址|网址", re.I)
_CONTACT_WORDS = ["电话", "邮箱", "电子邮件", "电子信箱", "E-mail", "Email", "地址", "邮编", "邮政编码", "联系方式",
                  "联系人", "传真", "热线", "咨询电话"]
#: a telephone number printed without a word before it (0591-23163265, （0533）2777902)
_PHONE_NUMBER = re.compile(r"(?<!\d)(?:0\d{2,3}[-－—]?|[(（]0\d{2,3}[)）])\d{7,8}(?!\d)")
_PHONE = re.compile(r"电话[:：]?\s*(\d[\d\-－ ]{5,})")


@lru_cache(maxsize=16)
def _contact_words(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(normalise(w)) for w in words), re.I)


@kind("contact", params={"words": {**STRINGS, "default": _CONTACT_WORDS}})
def contact(ctx: Context, params: dict) -> Iterator[Problem]:
    """M609: the report tells readers how to reach the agency; a phone number has its area code.

    ``words`` name a contact detail (电话, 邮箱, 地址…); web addresses and the words for them
    (网站地址, 网址) are taken out first, and a telephone number with its area code counts without a word."""
    places = [(p, normalise(t)) for p, t in (
        ("/intro", ctx.report.get("intro")), ("/sections/other/text", ctx.section_text("other")),
        ("/sections/overview/text", ctx.section_text("overview"))) if isinstance(t, str)]
    words = _contact_words(tuple(params.get("words", _CONTACT_WORDS)))
    if not any(words.search(_WEB.sub(" ", t)) or _PHONE_NUMBER.search(t) for _, t in places):
        yield Problem("/intro", {})
        return
    for pointer, text in places:
        for found in _PHONE.finditer(text):
            digits = re.sub(r"\D", "", found.group(1))
            if 7 <= len(digits) <= 8 and not found.group(1).startswith("0"):
                yield Problem(pointer, {"phone": found.group(1).strip()}, variant="no_area_code")
                return


@kind("detected_format")
def detected_format(ctx: Context, params: dict) -> Iterator[Problem]:
    """M611: which national format the document's tables follow, and on what evidence."""
    evidence = ctx.report.get("format_evidence")
    if not isinstance(evidence, dict) or ctx.report.get("format") not in ("2021", "2019"):
        return
    seen = [label for label in evidence.get(ctx.report["format"], []) if isinstance(label, str)]
    if seen:
        yield Problem("/format", {"format": ctx.report["format"], "labels": "、".join(f"“{s}”" for s in seen[:5])},
                      evidence={k: v for k, v in evidence.items()})


@kind("free_form")
def free_form(ctx: Context, params: dict) -> Iterator[Problem]:
    """M612/M613: a 2019 or 2020 report without the 试行 format's tables (a free-form report)."""
    if ctx.year is None or any(ctx.table(key) is not None for key in L.TABLE_KEYS):
        return
    unread = ctx.report.get("unreadable")
    if isinstance(unread, dict) and any(str(k).startswith("/tables/") for k in unread):
        return  # tables that are there but unreadable are not a free-form report
    yield Problem("/tables", {"year": ctx.year})


@kind("label_fidelity", params={"max": {"type": "integer", "minimum": 1, "default": 10}})
def label_fidelity(ctx: Context, params: dict) -> Iterator[Problem]:
    """M614: table labels worded otherwise than the national template (beyond the 2019 labels M605 names)."""
    labels = ctx.report.get("labels")
    if not isinstance(labels, dict):
        return
    legacy = {L.normalize_label(k) for k in LEGACY_LABELS}
    canonical = _canonical_labels(ctx)
    differing = []
    for pointer, printed in labels.items():
        if not isinstance(printed, str) or not pointer.startswith("/tables/") or pointer not in canonical:
            continue
        expected = canonical[pointer]
        if L.normalize_label(printed) in legacy or L.normalize_label(printed) == L.normalize_label(expected):
            continue  # 2019 labels are M605's; 其它/其他 or numbering styles are no difference in wording
        differing.append((pointer, printed, expected))
    for pointer, printed, expected in differing[: params.get("max", 10)]:
        yield Problem(pointer, {"printed": printed, "expected": expected})


def _canonical_labels(ctx: Context) -> dict[str, str]:
    out: dict[str, str] = {}
    for pointer, row in ctx.applications_rows():
        out[pointer] = row.label
    for block in L.proactive_blocks(ctx.format):
        for row_key, row_label in block.rows:
            out[f"/tables/proactive/{row_key}"] = row_label
            for col_key, col_label in block.columns:
                out[f"/tables/proactive/{row_key}/{col_key}"] = col_label
    for key, label, _ in L.APPEAL_GROUPS:
        out[f"/tables/appeals/{key}"] = label
    return out


@kind("source_form")
def source_form(ctx: Context, params: dict) -> Iterator[Problem]:
    """E015: the file's name said one form and its content another; it was read by the content."""
    from lint.ingest.forms import BY_NAME

    found = ctx.report.get("source_form")
    if not isinstance(found, dict):
        return
    extension, content = found.get("extension"), BY_NAME.get(found.get("content") or "")
    if not isinstance(extension, str) or content is None:
        return
    yield Problem("/source_form", {"extension": extension or "（无）", "content": content.zh, "content_en": content.en},
                  evidence={"extension": extension, "content": content.name}, origin="reading")


@kind("replaced_bytes")
def replaced_bytes(ctx: Context, params: dict) -> Iterator[Problem]:
    """E017: bytes of the file its encoding does not accept were read as “�”; the text there may be damaged."""
    found = ctx.report.get("replaced_bytes")
    if not isinstance(found, dict) or not isinstance(found.get("count"), int) or found["count"] < 1:
        return
    line, column = found.get("line"), found.get("column")
    where = f"第 {line} 行第 {column} 列" if isinstance(line, int) and isinstance(column, int) else "文中"
    where_en = f"line {line}, column {column}" if isinstance(line, int) and isinstance(column, int) else "the text"
    yield Problem("/replaced_bytes", {"count": found["count"], "where": where, "where_en": where_en},
                  evidence={"count": found["count"], "line": line, "column": column}, origin="reading")


@kind("not_read")
def not_read(ctx: Context, params: dict) -> Iterator[Problem]:
    """E018: a part of the file was not read (pages past a limit, a page that could not be parsed, embedded
    content), so nothing in it was checked: said at that part, never passed over in silence."""
    parts = ctx.report.get("not_read")
    for n, part in enumerate(parts if isinstance(parts, list) else []):
        if not isinstance(part, dict) or not isinstance(part.get("what"), str):
            continue
        what_en = part.get("what_en") if isinstance(part.get("what_en"), str) else part["what"]
        yield Problem(f"/not_read/{n}", {"what": part["what"], "what_en": what_en},
                      evidence={"what": part["what"], "page": part.get("page")}, origin="reading")


_PRE_2019_MIN_SIGNS = 2


@kind("out_of_scope", params={"max_year": {"type": "integer", "default": 2018},
                              "min_signs": {"type": "integer", "minimum": 1, "default": _PRE_2019_MIN_SIGNS}})
def out_of_scope(ctx: Context, params: dict) -> Iterator[Problem]:
    """M615: a report of the pre-2019 regime (the 2008 条例): a year up to ``max_year``, or its old
    sections and 统计表 (``min_signs`` of them) with none of the 2019/2021 tables."""
    year = ctx.year
    if year is not None and year <= params.get("max_year", 2018):
        yield Problem("/year", {"why": f"报告年度为 {year} 年", "why_en": f"the report year is {year}"},
                      evidence={"year": year})
        return
    signs = [s for s in ctx.report.get("pre_2019_evidence") or [] if isinstance(s, str)]
    evidence = ctx.report.get("format_evidence")
    seen_new = isinstance(evidence, dict) and any(evidence.get(f) for f in ("2019", "2021"))
    if len(signs) < params.get("min_signs", _PRE_2019_MIN_SIGNS) or seen_new:
        return
    if any(ctx.table(key) is not None for key in L.TABLE_KEYS):
        return
    shown = "、".join(f"“{s}”" for s in signs[:4])
    yield Problem("/sections", {"why": f"按 2008 年旧条例的格式编制：有{shown}，没有 2019/2021 年格式的统计表",
                                "why_en": "it follows the pre-2019 template: it prints " + ", ".join(signs[:4])
                                          + " and none of the 2019/2021 tables"},
                  evidence={"signs": signs})
