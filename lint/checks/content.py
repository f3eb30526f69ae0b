"""What the sections say: order, titles, substance, the items of 一 and 六 (S1xx, P5xx, N9xx).

Topics are matched by keyword groups given in the pack, never by item number,
so 六's items may come in any order and wording (seed reports number them
differently).

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

import re
from typing import Iterator

from lint.vocab import sections as S
from lint.vocab import tables as L
from lint.checks.base import Context, Problem
from lint.checks.registry import SECTION, STRINGS, kind
from lint.checks.structure import unreadable
from lint.checks.base import compact as _compact

NUMBERS = S.NUMBERS


@kind("section_order")
def section_order(ctx: Context, params: dict) -> Iterator[Problem]:
    """S103: the sections appear in the order 一 to 六."""
    sections = ctx.report.get("sections")
    if not isinstance(sections, dict):
        return
    present = [k for k in sections if k in NUMBERS]
    expected = [k for k in L.SECTION_KEYS if k in present]
    if present != expected:
        printed = "、".join(NUMBERS[k] for k in present)
        yield Problem("/sections", {"order": printed, "order_en": ", ".join(NUMBERS[k] for k in present)})


@kind("section_titles", params={"report": {"enum": ["variant", "unknown"], "default": "unknown"}})
def section_titles(ctx: Context, params: dict) -> Iterator[Problem]:
    """S104 (``unknown``) / S105 (``variant``): titles as the format words them."""
    wanted = params.get("report", "unknown")
    for key in L.SECTION_KEYS:
        section = ctx.section(key)
        if section is None or not isinstance(section.get("title"), str) or not section["title"].strip():
            continue
        printed = section["title"].strip()
        canonical = L.SECTION_TITLES[key]
        if S.title_key(printed) == S.title_key(canonical):
            continue
        known = S.is_known_variant(key, printed)
        if (known and wanted == "variant") or (not known and wanted == "unknown"):
            yield Problem(f"/sections/{key}/title", {"printed": printed, "canonical": canonical})


@kind("empty_sections", params={"sections": {"type": "array", "items": SECTION,
                                                "default": ["overview", "problems", "other"]}})
def empty_sections(ctx: Context, params: dict) -> Iterator[Problem]:
    """S106: sections whose narrative is required (一, 五, 六) are not empty."""
    for key in params.get("sections", ["overview", "problems", "other"]):
        text = ctx.section_text(key)
        if text is not None and not _compact(text):
            section = ctx.section(key) or {}
            yield Problem(f"/sections/{key}", {"title": section.get("title") or L.SECTION_TITLES[key]})


@kind("report_title")
def report_title(ctx: Context, params: dict) -> Iterator[Problem]:
    """S107: the title reads 'X年政府信息公开工作年度报告' with the agency's name."""
    title = ctx.report.get("title")
    if not isinstance(title, str) or not title.strip():
        seen = unreadable(ctx).get("/title")
        if seen:  # the document names its title elsewhere: the title line may be lost, not absent
            yield Problem("/title", {"title": "", "seen": seen}, variant="unfound", evidence={"seen": seen},
                          origin="reading")
        else:
            yield Problem("/title", {"title": ""}, variant="missing")
        return
    flat = _compact(title)
    if "政府信息公开工作年度报告" not in flat:
        yield Problem("/title", {"title": title.strip()})


_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def _has_topic(text: str, groups: list[list[str]]) -> bool:
    """True when every group has at least one (compacted) phrase in the text (AND of ORs)."""
    return all(any(p in text for p in group) for group in groups)


def _phrases(values: list, ctx: Context) -> list:
    """Phrases may name the years around the report: {year}, {prev_year}."""
    year = ctx.year
    if year is None:
        return values
    def fill(p: str) -> str:
        return p.replace("{year}", str(year)).replace("{prev_year}", str(year - 1))
    return [fill(v) if isinstance(v, str) else [fill(x) for x in v] for v in values]


@kind("topics", params={
    "section": SECTION, "anywhere": {"type": "boolean", "default": False},
    "same_sentence": {"type": "boolean", "default": False},
    "topics": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["name"], "additionalProperties": False,
        "properties": {"name": {"type": "string"}, "en": {"type": "string"}, "any": STRINGS,
                       "all": {"type": "array", "items": STRINGS}}}}}, required=("section", "topics"))
def topics(ctx: Context, params: dict) -> Iterator[Problem]:
    """N901 / P502–P504: each topic of ``params['topics']`` is covered in the section.

    A topic is ``{name, any: [...], all: [[...], ...]}``: it is covered when one
    phrase of ``any`` occurs, or when every group of ``all`` has one phrase in the text.
    """
    key = params["section"]
    text = ctx.section_body(key)
    if not text or not _compact(text):
        return  # a missing or empty section is S101's or S106's finding, not one per topic
    haystack = _compact(text)
    if params.get("anywhere"):
        haystack = _compact(ctx.narrative())
    section = ctx.section(key) or {}
    units = [haystack]
    if params.get("same_sentence"):
        units = [_compact(s) for s in re.split(r"[。；;！？!?]", text)]
    for topic in params["topics"]:
        any_of = [_compact(p) for p in _phrases(topic.get("any", []), ctx)]
        all_of = [[_compact(p) for p in group] for group in _phrases(topic.get("all", []), ctx)]
        hit = any(any(p in unit for p in any_of) or (all_of and _has_topic(unit, all_of))
                  for unit in units)
        if not hit:
            yield Problem(f"/sections/{key}", {"topic": topic["name"], "topic_en": topic.get("en", topic["name"]),
                                               "section": section.get("title") or L.SECTION_TITLES[key]})


_BARE_NONE = re.compile(
    r"^[\d.、．（）()一二三四五六七]*(本(机关|单位|部门|局|委|办|院|厅)|我(局|委|办|单位|机关|院|厅))?(本年度|今年|\d{4}年度?)?"
    r"(无|暂无|没有)(其他|其它)?(需要|需)?(报告|说明)?(的)?(事项|情况)?[。.]?$")


@kind("bare_none", params={"section": {**SECTION, "default": "other"}})
def bare_none(ctx: Context, params: dict) -> Iterator[Problem]:
    """P505: section 六 consists only of “无”."""
    key = params.get("section", "other")
    text = ctx.section_body(key)
    if text is None:
        return
    flat = _compact(text)
    if flat and _BARE_NONE.match(flat):
        yield Problem(f"/sections/{key}", {"text": text.strip(), "title": (ctx.section(key) or {}).get("title")
                                           or L.SECTION_TITLES[key]})


@kind("substance", params={"section": {**SECTION, "default": "problems"}, "problems": STRINGS,
                               "improvements": STRINGS, "min_chars": {"type": "integer", "minimum": 0, "default": 60}})
def substance(ctx: Context, params: dict) -> Iterator[Problem]:
    """N903: section 五 names problems and improvements, with some substance."""
    key = params.get("section", "problems")
    text = ctx.section_body(key)
    if not text or not _compact(text):
        return  # empty: S106 says so
    flat = _compact(text)
    cjk = len(_NOT_CJK.sub("", flat))
    missing = []
    if not any(p in flat for p in params.get("problems", [])):
        missing.append("存在的问题")
    if not any(p in flat for p in params.get("improvements", [])):
        missing.append("改进情况")
    if cjk < params.get("min_chars", 60):
        missing.append(f"内容过短（{cjk} 字）")
    if missing:
        yield Problem(f"/sections/{key}", {"missing": "、".join(missing), "chars": cjk,
                                           "title": (ctx.section(key) or {}).get("title") or L.SECTION_TITLES[key]})


@kind("narrative_length", params={
    "sections": {"type": "array", "items": SECTION, "default": ["overview", "problems", "other"]},
    "min_chars": {"type": "integer", "minimum": 0, "default": 300}})
def narrative_length(ctx: Context, params: dict) -> Iterator[Problem]:
    """N905: sections 一, 五 and 六 together are long enough to say anything."""
    keys = params.get("sections", ["overview", "problems", "other"])
    if any(not _compact(ctx.section_text(k) or "") for k in keys):
        return  # a missing or empty section has its own finding
    total = sum(len(_NOT_CJK.sub("", ctx.section_text(k) or "")) for k in keys)
    if total < params.get("min_chars", 300):
        yield Problem("/sections", {"chars": total, "min": params.get("min_chars", 300)})
