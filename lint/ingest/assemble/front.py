"""The front matter: title, agency, level, year, publication date and intro, from the text before section 一."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.text import has_sentence, normalise, shifted_place, squash
from lint.ingest.document import Paragraph, Place

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly

# "key: value" lines that web pages and archives put above a report.
_META = re.compile(r"^(?P<key>标题|题目|发布时间|发布日期|成文日期|发文日期|生成日期|时间|日期|文号|发布机构|来源|"
                   r"栏目|索引号|原文链接|本地目录|主题分类|公开方式|公开范围|浏览次数|字号)\s*[:：]\s*(?P<value>.*)$")


_DECOR = re.compile(r"^[=\-*_~#·\s]{3,}.*[=\-*_~#·]{3,}$|^[=\-*_~#·\s]+$")


_TITLE_END = re.compile(r"(?:年度报告|年报|工作报告)$")


_INLINE_TITLE = re.compile(r"^(?P<title>[^。，,《》\n]{4,60}?(?:工作年度报告|年度报告))(?:\s+)(?P<rest>\S.*)$",
                           re.DOTALL)


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


_PERIOD_YEAR = re.compile(r"统计(?:期限|周期|时间|区间|范围|时段)[^。]{0,20}?((?:19|20)\d{2})年")


_JAN_FIRST = re.compile(r"((?:19|20)\d{2})年1月1日")


QUOTED_TITLE = re.compile(r"《(?P<agency>[^《》]{2,40}?)(?P<year>(?:19|20)\d{2})年度?政府信息公开工作年度报告》")


AGENCY_SUFFIX = re.compile(r"(?:关于|的|政府信息公开工作|政府信息公开|政务公开工作|政务公开)+$")


_TITLE_SUFFIX = re.compile(r"(?:政府信息公开|政务公开)?(?:工作)?(?:年度报告|年报|工作报告)$")


@dataclass
class _Prelude:
    title: str | None = None
    title_place: Place | None = None
    intro: list[Paragraph] = field(default_factory=list)
    published: str | None = None


def read_prelude(paragraphs: list[Paragraph]) -> _Prelude:
    """Title (possibly over several lines, possibly run into the intro), metadata and intro."""
    prelude = _Prelude()
    body: list[Paragraph] = []
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        meta = _META.match(normalise(text))
        if meta:
            _read_meta(prelude, meta.group("key"), meta.group("value").strip(), paragraph.place)
            continue
        if _DECOR.match(text):
            continue
        body.append(paragraph)
    start = 0
    for index, paragraph in enumerate(body):
        found = _title_at(body, index)
        if found is None:
            if has_sentence(paragraph.text) or len(squash(paragraph.text)) > 60:
                break  # the intro has begun; a title never comes after it
            continue
        first, title, rest = found
        prelude.title, prelude.title_place = title, body[first].place
        start = index + 1
        if rest is not None:
            body[index] = rest
            start = index
    prelude.intro = body[start:] if prelude.title else body
    return prelude


def _read_meta(prelude: _Prelude, key: str, value: str, place: Place) -> None:
    if key in ("标题", "题目") and value:
        prelude.title, prelude.title_place = value, place
    elif "日期" in key or "时间" in key:
        date = _DATE.search(value)
        if date and prelude.published is None:
            year, month, day = (int(part) for part in date.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                prelude.published = f"{year:04d}-{month:02d}-{day:02d}"


def _title_at(body: list[Paragraph], index: int) -> tuple[int, str, Paragraph | None] | None:
    """A title ending at paragraph ``index``: (first paragraph, title, rest of a run-on paragraph)."""
    text = body[index].text.strip()
    squashed = squash(text)
    if _TITLE_END.search(squashed) and len(squashed) <= 60 and not has_sentence(text):
        first, title = index, text
        # A title broken over lines ("…2024年政府信息公开" / "工作年度报告"): take the lines above
        # until it names a year and the subject; junk lines above ("正文") stay out.
        while first > 0 and _incomplete_title(title):
            above = body[first - 1].text.strip()
            if has_sentence(above) or len(squash(above)) > 40:
                break
            first, title = first - 1, above + title
        return first, title, None
    match = _INLINE_TITLE.match(text)
    if match and ("政府信息公开" in squash(match.group("title")) or _YEAR.search(match.group("title"))):
        rest = Paragraph(match.group("rest"),
                         shifted_place(body[index].place, body[index].text, match.start("rest")))
        return index, match.group("title").strip(), rest
    return None


def _incomplete_title(title: str) -> bool:
    """Whether a title still lacks its year, its subject or the agency (printed on the line above)."""
    squashed = squash(title)
    return not (_YEAR.search(squashed) and ("政府信息公开" in squashed or "政务公开" in squashed)
                and agency_from_title(title))


def agency_from_title(title: str) -> str | None:
    squashed = squash(title)
    match = _YEAR.search(squashed)
    if not match:
        return AGENCY_SUFFIX.sub("", _TITLE_SUFFIX.sub("", squashed)) or None
    before = AGENCY_SUFFIX.sub("", squashed[:match.start()])
    if before:
        return before
    after = squashed[match.end():].lstrip("度")
    return AGENCY_SUFFIX.sub("", _TITLE_SUFFIX.sub("", after)) or None


# Only names that say plainly what the agency is; anything else leaves ``level`` unset.
_DEPARTMENT_ENDINGS = ("局", "委员会", "委", "办公室", "办公厅", "厅", "中心", "署")


def level_of(agency: str) -> str | None:
    """department | government from the agency's name (人民政府 vs 局/委/办…), else None."""
    if agency.endswith("人民政府"):
        return "government"
    if agency.endswith(_DEPARTMENT_ENDINGS):
        return "department"
    return None


def year_from(title: str | None, intro_text: str) -> int | None:
    squashed = squash(intro_text)
    for pattern, text in ((_YEAR, squash(title or "")), (_PERIOD_YEAR, squashed),
                          (_JAN_FIRST, squashed)):
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    quoted = QUOTED_TITLE.search(squashed)
    return int(quoted.group("year")) if quoted else None


def read_front(assembly: Assembly, front: list[Any], blocks: list[Any]) -> None:
    paragraphs = [block for block in front if isinstance(block, Paragraph)]
    prelude = read_prelude(paragraphs)
    intro_text = "\n".join(p.text.strip() for p in prelude.intro)
    if prelude.title:
        assembly.report["title"] = prelude.title
        assembly.add("/title", prelude.title_place)
    agency = agency_from_title(prelude.title) if prelude.title else None
    quoted = QUOTED_TITLE.search(squash(intro_text))
    if not agency and quoted:
        agency = AGENCY_SUFFIX.sub("", quoted.group("agency")) or None
    if agency:
        assembly.report["agency"] = agency
        assembly.add("/agency", prelude.title_place or (prelude.intro[0].place if prelude.intro else None))
        level = level_of(agency)
        if level:
            assembly.report["level"] = level
    year = year_from(prelude.title, intro_text)
    if year is None:
        # no title and no period in the intro: the period sentence may sit anywhere
        everything = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
        year = year_from(None, everything)
    if year is not None:
        assembly.report["year"] = year
        assembly.add("/year", prelude.title_place or (prelude.intro[0].place if prelude.intro else None))
    if prelude.published:
        assembly.report["published"] = prelude.published
    if prelude.intro:
        assembly.report["intro"] = intro_text
        assembly.add("/intro", prelude.intro[0].place)
