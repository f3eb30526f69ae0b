"""Read any extracted Document into the structured report (Contract 1) and its SourceMap.

Every input form (text, Markdown, HTML, Word, PDF) ends here, so the reading
of the report is written once:

* the title, agency, year and intro come from the text before section 一;
* sections are found by topic, not by number, so re-numbered, indented or
  full-width headings still map, and headings that fit no topic are left out;
* 表二/三/四 are read against the national templates in :mod:`lint.vocab.tables`:
  rows are recognised by keywords of their printed labels, value rows cut off
  from their labels (PDF→Markdown fragments) are put back only when the
  template leaves exactly one way to do so, and a table whose cells cannot be
  read for sure is left out and listed under ``unreadable`` — a wrong number
  is worse than none.

Extra keys beyond Contract 1: ``labels`` (JSON pointer → label as printed,
where it differs from the national one), ``unreadable`` (pointer → reason),
``extra_rows`` (rows no template row matches), ``extra_sections`` (numbered
headings no section topic matches), ``format_evidence`` (the 2019/2021 labels
seen), ``published`` (from a page's date line) and ``level`` (from the agency's
name: 人民政府 → government, 局/委/办… → department).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

from lint.vocab import tables as L
from lint.errors import NOT_A_REPORT, InputError
from lint.ingest.document import Cell, Document, Paragraph, Place, Table
from lint.model import Location, SourceMap

Value = int | float | str | None

# ======================================================================= text helpers

_SPACE = re.compile(r"\s+")
# One level of list numbering in front of a label: 一、 （一） (1) 1. 1、 1) 第一部分
_NUMBERING = re.compile(
    r"^\s*(?:第(?P<part>[一二三四五六七八九十]+)部分|[（(]\s*(?P<paren>[一二三四五六七八九十\d]+)\s*[)）]"
    r"|(?P<cn>[一二三四五六七八九十]+)\s*[、.,，]|(?P<num>\d+)\s*[、.)）])\s*"
)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _squash(text: str) -> str:
    """NFKC without any whitespace: the form substring tests run on."""
    return _SPACE.sub("", _nfkc(text))


def _printed(text: str) -> str:
    """A label as printed, without the line breaks a narrow cell or a PDF put into it."""
    return re.sub(r"\s*\n\s*", "", text).strip()


def _strip_numbering(text: str) -> tuple[str, str | None]:
    """Remove up to two levels of list numbering; return the rest and the innermost number."""
    text = _nfkc(text).strip()
    number = None
    for _ in range(2):
        match = _NUMBERING.match(text)
        if not match or match.end() == len(text):
            break
        number = next(group for group in match.groups() if group)
        text = text[match.end():]
    return text, number


def _key(text: str) -> str:
    """The match key of a label: numbering stripped, then :func:`lint.vocab.tables.normalize_label`."""
    return L.normalize_label(_strip_numbering(text)[0])


def _numbering(text: str) -> str | None:
    return _strip_numbering(text)[1]


def _has_sentence(text: str) -> bool:
    return any(mark in text for mark in "。，,；;！？")


def _unparen(text: str) -> str:
    """Text without its bracketed notes: （区分处理的，只计这一情形…） is part of a label.

    A bracket cut off by a line break (a label wrapped in a PDF) counts as a note too.
    """
    text = re.sub(r"[（(][^（）()]*[）)]", "", text)
    return re.sub(r"^[^（）()]*[）)]|[（(][^（）()]*$", "", text)


# ======================================================================= cell values

_NA_TOKENS = {"/", "—", "-", "--", "——", "－", "─", "无", "不适用", "略", "*", "×", "空"}
_INT = re.compile(r"-?\d+")
_INT_UNIT = re.compile(r"(-?\d+)(?:件|个|条|项|次)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_DECIMAL = re.compile(r"\d+\.\d+|\d{1,3}(?:,\d{3})+\.\d+")
_NUMBERISH = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:件|个|条|项|次|元|万元|%)?")
_GLUED = re.compile(r"\d+(?:\s+\d+)+")


def _is_value(text: str) -> bool:
    """Whether a cell reads as a value (number, "/" and the like) rather than a label."""
    squashed = _squash(text)
    if not squashed:
        return False
    return bool(_NUMBERISH.fullmatch(squashed) or squashed in _NA_TOKENS or squashed == "零"
                or _GLUED.fullmatch(_nfkc(text).strip()))


def _is_glued(text: str) -> bool:
    """Several numbers in one cell: cells that ran together and cannot be told apart."""
    return bool(_GLUED.fullmatch(_nfkc(text).strip()))


def parse_value(text: str, decimal_ok: bool = False) -> Value:
    """A cell as Contract 1 wants it: int, float (fee amounts only), None for blank, else as printed."""
    raw = text.strip()
    if not raw:
        return None
    squashed = _squash(raw)
    if squashed == "零":
        return 0
    match = _INT.fullmatch(squashed) or _INT_UNIT.fullmatch(squashed)
    if match:
        digits = match.group(1) if match.re is _INT_UNIT else squashed
        if len(digits.lstrip("-")) > 1 and digits.lstrip("-").startswith("0"):
            return raw  # "00": not a plain number; keep what was printed
        return int(digits)
    if _THOUSANDS.fullmatch(squashed):
        return int(squashed.replace(",", ""))
    if decimal_ok and _DECIMAL.fullmatch(squashed):
        return float(squashed.replace(",", ""))
    return raw


# ======================================================================= sections

_SECTION_VARIANTS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况", "概述"),
    "proactive": ("主动公开政府信息情况",),
    "applications": ("收到和处理政府信息公开申请情况",),
    "appeals": ("政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议和行政诉讼情况",
                "政府信息公开行政复议及行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                "因政府信息公开申请行政复议、提起行政诉讼的情况", "因政府信息公开申请行政复议、提起行政诉讼情况"),
    "problems": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况",
                 "存在问题及改进情况", "存在的主要问题和改进措施", "存在的主要问题及改进措施"),
    "other": ("其他需要报告的事项",),
}
# Topic keywords, tried in this order (appeals first: its titles also mention 申请).
_SECTION_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("appeals", ("行政复议", "行政诉讼")),
    ("applications", ("依申请", "收到和处理", "公开申请")),
    ("proactive", ("主动公开",)),
    ("problems", ("存在的主要问题", "存在问题", "主要问题", "改进情况", "改进措施")),
    ("other", ("其他需要报告", "需要报告的其他", "其他事项")),
    ("overview", ("总体情况", "概述", "基本情况", "总体概况")),
)
_EXACT_TITLES = {L.normalize_label(title): key
                 for key, titles in _SECTION_VARIANTS.items() for title in titles}
_TOP_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.,，]|第[一二三四五六七八九十]{1,3}部分\s*[、.,，:：]?)\s*(?P<title>\S.*)$",
    re.DOTALL)
# 表三 row labels that look like numbered headings (一、本年新收… 四、结转下年度…).
_TABLE_ROW_WORDS = ("本年新收", "上年结转", "办理结果", "结转下年度", "下年度继续")
_INLINE_HEADING = re.compile(
    "[一二三四五六七八九十]{1,2}\\s*[、.．]\\s*(?:"
    + "|".join(sorted((re.escape(t) for titles in _SECTION_VARIANTS.values() for t in titles
                       if len(t) > 4), key=len, reverse=True))
    + ")")
# Short titles (总体情况) only split a run-on paragraph after a sentence boundary.
_INLINE_SHORT = re.compile(r"(?:(?<=[。；;：:\s])|^)[一二三四五六七八九十]{1,2}\s*[、.．]\s*(?:总体情况|概述)")


@dataclass
class _Heading:
    index: int
    title: str
    place: Place
    topic: str | None
    score: int  # 2 = canonical title or a known variant, 1 = topic keyword, 0 = none


def _section_topic(title: str) -> tuple[str | None, int]:
    key = L.normalize_label(title)
    if key in _EXACT_TITLES:
        return _EXACT_TITLES[key], 2
    for topic, words in _SECTION_KEYWORDS:
        if any(word in key for word in words):
            return topic, 1
    return None, 0


def _heading(block: Paragraph, index: int) -> _Heading | None:
    """A numbered top-level heading (一、… 第一部分…), or None for any other paragraph."""
    text = _nfkc(block.text).strip()
    match = _TOP_HEADING.match(text)
    if not match:
        return None
    title = match.group("title").strip()
    squashed = _squash(title)
    if not 2 <= len(squashed) <= 40 or _has_sentence(title.rstrip("。:：")):
        return None
    if re.search(r"\d\s*$", title) or any(word in squashed for word in _TABLE_ROW_WORDS):
        return None
    topic, score = _section_topic(title)
    return _Heading(index, block.text.strip(), block.place, topic, score)


def _headings(blocks: list[Any]) -> list[_Heading]:
    return [heading for index, block in enumerate(blocks) if isinstance(block, Paragraph)
            for heading in [_heading(block, index)] if heading is not None]


def _split_inline_headings(blocks: list[Any]) -> list[Any]:
    """Cut run-on paragraphs (a whole report on one line) before and after section titles."""
    out: list[Any] = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        cuts = sorted({(m.start(), m.end()) for pattern in (_INLINE_HEADING, _INLINE_SHORT)
                       for m in pattern.finditer(block.text)})
        outside = "".join(block.text[a:b] for a, b in zip([0] + [end for _, end in cuts],
                                                           [start for start, _ in cuts] + [len(block.text)]))
        if not cuts or not re.search(r"[\w\u4e00-\u9fff]", outside):
            out.append(block)
            continue
        position = 0
        for start, end in cuts:
            if start < position:
                continue
            _append_piece(out, block, position, start)
            _append_piece(out, block, start, end)
            position = end
        _append_piece(out, block, position, len(block.text))
    return out


def _append_piece(out: list[Any], block: Paragraph, start: int, end: int) -> None:
    piece = block.text[start:end]
    if not piece.strip():
        return
    lead = len(piece) - len(piece.lstrip())
    out.append(Paragraph(piece.strip(), _shifted(block.place, block.text, start + lead)))


def _shifted(place: Place, text: str, offset: int) -> Place:
    """The place of character ``offset`` of a paragraph that starts at ``place``."""
    before = text[:offset]
    lines = before.count("\n")
    if place.line is None:
        return Place(page=place.page)
    if lines:
        return Place(line=place.line + lines, column=offset - before.rfind("\n"), page=place.page)
    return Place(line=place.line, column=(place.column or 1) + offset, page=place.page)


# ======================================================================= title, agency, year

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
_QUOTED_TITLE = re.compile(r"《(?P<agency>[^《》]{2,40}?)(?P<year>(?:19|20)\d{2})年度?政府信息公开工作年度报告》")
_AGENCY_SUFFIX = re.compile(r"(?:关于|的|政府信息公开工作|政府信息公开|政务公开工作|政务公开)+$")
_TITLE_SUFFIX = re.compile(r"(?:政府信息公开|政务公开)?(?:工作)?(?:年度报告|年报|工作报告)$")


@dataclass
class _Prelude:
    title: str | None = None
    title_place: Place | None = None
    intro: list[Paragraph] = field(default_factory=list)
    published: str | None = None


def _read_prelude(paragraphs: list[Paragraph]) -> _Prelude:
    """Title (possibly over several lines, possibly run into the intro), metadata and intro."""
    prelude = _Prelude()
    body: list[Paragraph] = []
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        meta = _META.match(_nfkc(text))
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
            if _has_sentence(paragraph.text) or len(_squash(paragraph.text)) > 60:
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
    squashed = _squash(text)
    if _TITLE_END.search(squashed) and len(squashed) <= 60 and not _has_sentence(text):
        first, title = index, text
        # A title broken over lines ("…2024年政府信息公开" / "工作年度报告"): take the lines above
        # until it names a year and the subject; junk lines above ("正文") stay out.
        while first > 0 and _incomplete_title(title):
            above = body[first - 1].text.strip()
            if _has_sentence(above) or len(_squash(above)) > 40:
                break
            first, title = first - 1, above + title
        return first, title, None
    match = _INLINE_TITLE.match(text)
    if match and ("政府信息公开" in _squash(match.group("title")) or _YEAR.search(match.group("title"))):
        rest = Paragraph(match.group("rest"),
                         _shifted(body[index].place, body[index].text, match.start("rest")))
        return index, match.group("title").strip(), rest
    return None


def _incomplete_title(title: str) -> bool:
    """Whether a title still lacks its year, its subject or the agency (printed on the line above)."""
    squashed = _squash(title)
    return not (_YEAR.search(squashed) and ("政府信息公开" in squashed or "政务公开" in squashed)
                and _agency_from_title(title))


def _agency_from_title(title: str) -> str | None:
    squashed = _squash(title)
    match = _YEAR.search(squashed)
    if not match:
        return _AGENCY_SUFFIX.sub("", _TITLE_SUFFIX.sub("", squashed)) or None
    before = _AGENCY_SUFFIX.sub("", squashed[:match.start()])
    if before:
        return before
    after = squashed[match.end():].lstrip("度")
    return _AGENCY_SUFFIX.sub("", _TITLE_SUFFIX.sub("", after)) or None


# Only names that say plainly what the agency is; anything else leaves ``level`` unset.
_DEPARTMENT_ENDINGS = ("局", "委员会", "委", "办公室", "办公厅", "厅", "中心", "署")


def _level_of(agency: str) -> str | None:
    """department | government from the agency's name (人民政府 vs 局/委/办…), else None."""
    if agency.endswith("人民政府"):
        return "government"
    if agency.endswith(_DEPARTMENT_ENDINGS):
        return "department"
    return None


def _year_from(title: str | None, intro_text: str) -> int | None:
    squashed = _squash(intro_text)
    for pattern, text in ((_YEAR, _squash(title or "")), (_PERIOD_YEAR, squashed),
                          (_JAN_FIRST, squashed)):
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    quoted = _QUOTED_TITLE.search(squashed)
    return int(quoted.group("year")) if quoted else None


# ======================================================================= table templates

_SIGNATURES: dict[str, tuple[str, ...]] = {
    "proactive": ("第二十条", "信息内容", "规章", "规范性文件", "行政许可", "行政处罚", "行政强制",
                  "行政事业性收费", "本年制发件数", "本年新制作数量", "处理决定数量", "收费金额",
                  "政府集中采购", "其他对外管理服务事项", "本年废止件数", "现行有效件数"),
    "applications": ("申请人情况", "勾稽关系", "自然人", "商业企业", "科研机构", "社会公益组织",
                     "法律服务机构", "本年新收", "上年结转", "办理结果", "予以公开", "部分公开",
                     "不予公开", "国家秘密", "无法提供", "不予处理", "其他处理", "结转下年度",
                     "三安全一稳定", "第三方合法权益", "内部事务", "过程性信息", "执法案卷", "查询事项",
                     "不掌握", "另行制作", "信访举报", "重复申请", "出版物", "大量反复", "重新出具",
                     "逾期不补正", "收费通知", "没有现成", "补正后", "仍不明确", "确认或重新"),
    "appeals": ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议",
                "复议后起诉", "直接起诉"),
}

# 表三 leaf rows: path → keywords (any one matches the label key).
_APP_LEAVES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("new_received",), ("本年新收",)),
    (("carried_over",), ("上年结转",)),
    (("carried_forward",), ("结转下年", "下年度继续")),
    (("results", "granted"), ("予以公开",)),
    (("results", "partially_granted"), ("部分公开",)),
    (("results", "withheld", "state_secret"), ("国家秘密",)),
    (("results", "withheld", "prohibited_by_law"), ("禁止公开", "法律行政法规", "法律行政")),
    (("results", "withheld", "three_safety_one_stability"), ("三安全", "一稳定")),
    (("results", "withheld", "third_party_rights"), ("第三方",)),
    (("results", "withheld", "internal_affairs"), ("三类内部", "内部事务")),
    (("results", "withheld", "process_information"), ("四类过程", "过程性")),
    (("results", "withheld", "enforcement_files"), ("执法案卷",)),
    (("results", "withheld", "query_matters"), ("查询事项",)),
    (("results", "unavailable", "not_held"), ("不掌握",)),
    (("results", "unavailable", "needs_creation"), ("另行制作", "没有现成")),
    (("results", "unavailable", "unclear_after_correction"), ("仍不明确", "补正后")),
    (("results", "not_processed", "petition_complaint"), ("信访", "举报投诉")),
    (("results", "not_processed", "duplicate"), ("重复申请",)),
    (("results", "not_processed", "publication"), ("出版物",)),
    (("results", "not_processed", "excessive"), ("大量反复",)),
    (("results", "not_processed", "confirmation"), ("重新出具", "确认或")),
    (("results", "other", "no_correction"), ("逾期不补正", "不补正")),
    (("results", "other", "unpaid_fee"), ("收费通知", "缴纳费用")),
)
_APP_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("withheld", ("不予公开",)),
    ("unavailable", ("无法提供",)),
    ("not_processed", ("不予处理",)),
    ("other", ("其他处理",)),
    ("results", ("办理结果",)),
)
_APP_LABELS = {row.path: row for fmt in ("2021", "2019") for row in L.applications_rows(fmt)}

# 表二 rows: key → keywords on the label key.
_PROACTIVE_ROWS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("regulations", lambda key: key == "规章"),
    ("normative_documents", lambda key: key.endswith("规范性文件")),
    ("other_services", lambda key: "对外管理服务" in key),
    ("licensing", lambda key: "行政许可" in key),
    ("punishment", lambda key: "行政处罚" in key),
    ("coercion", lambda key: "行政强制" in key),
    ("fees", lambda key: "事业性收费" in key),
    ("procurement", lambda key: "集中采购" in key),
)

# 表四 groups as printed in the national table.
_APPEAL_GROUP_WORDS = (("reconsideration", ("行政复议",)),
                       ("litigation_direct", ("直接起诉",)),
                       ("litigation_after_reconsideration", ("复议后起诉",)))
_APPEAL_GROUP_LABELS = {"reconsideration": "行政复议", "litigation_direct": "未经复议直接起诉",
                        "litigation_after_reconsideration": "复议后起诉"}

_FORMAT_SIGNALS = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
             "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额", "第二十条第(九)项",
             "第二十条第九项"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
             "行政规范性文件", "逾期不补正", "收费通知"),
}
_LEGACY_NORMATIVE = re.compile(r"(?<!行政)规范性文件")


@dataclass
class _Match:
    kind: str  # "leaf" | "category" | "group" | "row"
    key: Any


def _match_application(text: str, first: bool, has_values: bool) -> _Match | None:
    key = _key(text)
    if not key:
        return None
    for path, words in _APP_LEAVES:
        if any(word in key for word in words):
            return _Match("leaf", path)
    if key == "其他":
        return _Match("leaf", ("results", "other", "other"))
    # 总计 is also a column header: as a row label it is numbered (七) or leads a row of values.
    if key == "总计" and (_numbering(text) == "七" or (first and has_values)):
        return _Match("leaf", ("results", "total"))
    for category, words in _APP_CATEGORIES:
        if any(word in key for word in words):
            return _Match("category", category)
    return None


def _match_proactive(text: str, first: bool, has_values: bool) -> _Match | None:
    key = _key(text)
    for row, test in _PROACTIVE_ROWS:
        if key and test(key):
            return _Match("row", row)
    return None


def _match_appeal(text: str, first: bool, has_values: bool) -> _Match | None:
    key = _key(text)
    for group, words in _APPEAL_GROUP_WORDS:
        if any(word in key for word in words):
            return _Match("group", group)
    return None


_MATCHERS: dict[str, Callable[[str, bool, bool], _Match | None]] = {
    "proactive": _match_proactive, "applications": _match_application, "appeals": _match_appeal,
}


# ======================================================================= rows of a table region

@dataclass
class _Row:
    cells: list[Cell]
    from_text: bool = False  # read from a line of text ("行政许可 97"), not from a grid


@dataclass
class _Region:
    """Everything seen for one table: grid rows, run-on text and where it starts."""

    rows: list[_Row] = field(default_factory=list)
    blobs: list[Paragraph] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    anchor: Place | None = None  # the table's caption or first row
    heading: Place | None = None  # the section heading above it, when there is no caption

    @property
    def place(self) -> Place | None:
        return self.anchor or self.heading


@dataclass
class _Split:
    labels: list[Cell]
    label: Cell | None
    match: _Match | None
    values: list[Cell]
    text_only: bool  # no value-like cell at all: a header or caption row


def _dedupe(cells: list[Cell]) -> list[Cell]:
    """Drop copies of a horizontally merged cell so a colspan counts once."""
    out: list[Cell] = []
    for cell in cells:
        if out and cell.merged and cell.text == out[-1].text:
            continue
        out.append(cell)
    return out


def _split_row(cells: list[Cell], matcher: Callable[[str, bool, bool], _Match | None]) -> _Split:
    """Separate the label cells of a row from its value cells.

    Labels come first; the last cell before the first value that matches the
    template is the row's label (a leaf over a category), and everything after
    it is a value — including text such as 详见附件 that sits in a value column.
    """
    cells = _split_label_tail(cells, matcher)
    first_value = next((i for i, cell in enumerate(cells) if _is_value(cell.text)), len(cells))
    has_values = first_value < len(cells)
    first_text = next((i for i, cell in enumerate(cells) if cell.text.strip()), None)
    chosen: tuple[int, _Match] | None = None
    for index in range(first_value):
        found = matcher(cells[index].text, index == first_text, has_values)
        if found is None:
            continue
        if chosen is None or found.kind != "category" or chosen[1].kind == "category":
            chosen = (index, found)
    if chosen is not None:
        index, found = chosen
        labels = [cell for cell in cells[:index + 1] if cell.text.strip()]
        return _Split(labels, cells[index], found, cells[index + 1:], not has_values)
    texts = [cell for cell in cells if cell.text.strip() and not _is_value(cell.text)]
    if texts:
        return _Split(texts, texts[-1], None, cells[cells.index(texts[-1]) + 1:], not has_values)
    return _Split([], None, None, cells, not has_values)


#: Longest line read as "label numbers…"; longer text is prose or cells run together.
_MAX_TEXT_ROW = 160
_LABEL_AND_NUMBERS = re.compile(r"^(?P<label>.*?[^\d\s.,+\-])\s*(?P<values>[-+]?\d[\d,.]*(?:\s+[-+]?\d[\d,.]*)*)$",
                                re.DOTALL)


def _split_label_tail(cells: list[Cell], matcher: Callable[[str, bool, bool], _Match | None]) -> list[Cell]:
    """A label cell that also holds the numbers ("行政许可 97") becomes a label and value cells."""
    if any(_is_value(cell.text) for cell in cells):
        return cells
    for index, cell in enumerate(cells):
        if len(cell.text) > _MAX_TEXT_ROW:
            continue
        match = _LABEL_AND_NUMBERS.match(_nfkc(cell.text).strip())
        if match and matcher(match.group("label"), True, True):
            return cells[:index] + _label_and_tokens(cell.text, cell.place, match) + cells[index + 1:]
    return cells


def _label_and_tokens(text: str, place: Place, match: re.Match[str]) -> list[Cell]:
    lead = len(text) - len(text.lstrip())
    out = [Cell(match.group("label").strip(), place)]
    for token in re.finditer(r"\S+", match.group("values")):
        offset = lead + match.start("values") + token.start()
        out.append(Cell(token.group(), _shifted(place, text, offset)))
    return out


def _fit(values: list[Cell], expected: int) -> list[Cell] | None:
    """Trim blank padding cells beyond ``expected``; None when real cells are still too many."""
    values = list(values)
    while len(values) > expected and not values[-1].text.strip():
        values.pop()
    while len(values) > expected and not values[0].text.strip():
        values.pop(0)
    return values if len(values) <= expected else None


# ======================================================================= the assembly

class _Unreadable(Exception):
    """A table cannot be read for sure; carries the reason in Chinese."""


class _Assembly:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.report: dict[str, Any] = {}
        self.smap = SourceMap()
        self.labels: dict[str, str] = {}
        self.unreadable: dict[str, str] = {}
        self.extra_rows: list[dict[str, Any]] = []
        self.table_text: set[int] = set()  # ids of paragraphs that belong to a table, not narrative

    # ------------------------------------------------------------------ top level

    def run(self) -> tuple[dict[str, Any], SourceMap]:
        blocks = list(self.doc.blocks)
        headings = _headings(blocks)
        if sum(1 for h in headings if h.topic) < 2:
            # a report run together on a few lines (web text dumps): cut it at section titles
            blocks = _split_inline_headings(blocks)
            headings = _headings(blocks)
        chosen = self._choose_sections(headings)
        first = headings[0].index if headings else len(blocks)
        self._read_front(blocks[:first], blocks)
        regions = self._collect_regions(blocks, {h.index: h for h in headings})
        self._write_sections(blocks, headings, chosen)
        fmt, evidence = self._detect_format(regions)
        if not fmt:
            # no table labels to go by: the format in force for the reporting year
            year = self.report.get("year")
            fmt = "2019" if isinstance(year, int) and year <= 2020 else "2021"
        self.report["format"] = fmt
        if evidence["2019"] or evidence["2021"]:
            self.report["format_evidence"] = evidence
        self.report["tables"] = self._read_tables(regions, fmt)
        self._finish()
        if not (self.report["sections"] or self.report["tables"] or self.unreadable or "title" in self.report):
            raise InputError(
                NOT_A_REPORT,
                f"“{os.path.basename(self.doc.path)}”中没有找到年度报告的标题、“一、总体情况”等部分或统计表，看起来不是政府信息公开工作年度报告。",
                f"{os.path.basename(self.doc.path)}: no report title, no section such as 一、总体情况 and no statistics table; "
                "this does not look like an annual disclosure report.")
        return self.report, self.smap

    def _finish(self) -> None:
        for key, value in (("labels", self.labels), ("unreadable", self.unreadable),
                           ("extra_rows", self.extra_rows)):
            if value:
                self.report[key] = value
        if self.doc.notes:
            self.report["notes"] = list(self.doc.notes)

    # ------------------------------------------------------------------ front matter

    def _read_front(self, front: list[Any], blocks: list[Any]) -> None:
        paragraphs = [block for block in front if isinstance(block, Paragraph)]
        prelude = _read_prelude(paragraphs)
        intro_text = "\n".join(p.text.strip() for p in prelude.intro)
        if prelude.title:
            self.report["title"] = prelude.title
            self._add("/title", prelude.title_place)
        agency = _agency_from_title(prelude.title) if prelude.title else None
        quoted = _QUOTED_TITLE.search(_squash(intro_text))
        if not agency and quoted:
            agency = _AGENCY_SUFFIX.sub("", quoted.group("agency")) or None
        if agency:
            self.report["agency"] = agency
            self._add("/agency", prelude.title_place or (prelude.intro[0].place if prelude.intro else None))
            level = _level_of(agency)
            if level:
                self.report["level"] = level
        year = _year_from(prelude.title, intro_text)
        if year is None:
            # no title and no period in the intro: the period sentence may sit anywhere
            everything = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
            year = _year_from(None, everything)
        if year is not None:
            self.report["year"] = year
            self._add("/year", prelude.title_place or (prelude.intro[0].place if prelude.intro else None))
        if prelude.published:
            self.report["published"] = prelude.published
        if prelude.intro:
            self.report["intro"] = intro_text
            self._add("/intro", prelude.intro[0].place)

    # ------------------------------------------------------------------ sections

    @staticmethod
    def _choose_sections(headings: list[_Heading]) -> dict[str, _Heading]:
        """For each topic the heading that fits best (canonical title over keyword), first on a tie."""
        chosen: dict[str, _Heading] = {}
        for heading in headings:
            if heading.topic is None:
                continue
            best = chosen.get(heading.topic)
            if best is None or heading.score > best.score:
                chosen[heading.topic] = heading
        return chosen

    def _write_sections(self, blocks: list[Any], headings: list[_Heading],
                        chosen: dict[str, _Heading]) -> None:
        sections: dict[str, Any] = {}
        extra: list[dict[str, Any]] = []
        mapped = {h.index: key for key, h in chosen.items()}
        for number, heading in enumerate(headings):
            end = headings[number + 1].index if number + 1 < len(headings) else len(blocks)
            text = "\n".join(block.text.strip() for block in blocks[heading.index + 1:end]
                             if isinstance(block, Paragraph) and id(block) not in self.table_text)
            key = mapped.get(heading.index)
            if key is None:
                extra.append({"title": heading.title, "text": text, "line": heading.place.line})
                continue
            sections[key] = {"title": heading.title, "text": text}
            self._add(f"/sections/{key}", heading.place)
            if _key(heading.title) != _key(L.SECTION_TITLES[key]):
                self.labels[f"/sections/{key}"] = heading.title
        self.report["sections"] = {key: sections[key] for key in L.SECTION_KEYS if key in sections}
        if extra:
            self.report["extra_sections"] = extra

    # ------------------------------------------------------------------ table regions

    def _collect_regions(self, blocks: list[Any], headings: dict[int, _Heading]) -> dict[str, _Region]:
        """Walk the document once, giving every table row and table-like line to 表二/三/四."""
        regions = {key: _Region() for key in L.TABLE_KEYS}
        context: str | None = None
        pending: list[Paragraph] = []  # short fragments between table rows (PDF→Markdown)
        for index, block in enumerate(blocks):
            if isinstance(block, Table):
                for row in block.rows:
                    cells = _dedupe(row)
                    kind = _classify(cells, context)
                    if kind is None:
                        continue
                    context = kind
                    self._claim(regions[kind], _Row(cells), pending)
                continue
            heading = headings.get(index)
            if heading is not None:
                context = heading.topic if heading.topic in L.TABLE_KEYS else None
                if context and regions[context].heading is None:
                    regions[context].heading = block.place
                pending = []
                continue
            context = self._table_paragraph(block, context, regions, pending)
        return regions

    def _claim(self, region: _Region, row: _Row, pending: list[Paragraph]) -> None:
        region.rows.append(row)
        region.texts.extend(cell.text for cell in row.cells)
        if region.anchor is None and row.cells:
            region.anchor = row.cells[0].place
        # fragments squeezed between rows are broken-off labels, not narrative
        self.table_text.update(id(p) for p in pending)
        pending.clear()

    def _table_paragraph(self, block: Paragraph, context: str | None, regions: dict[str, _Region],
                         pending: list[Paragraph]) -> str | None:
        """Handle one paragraph: a caption, a row written as text, run-on cells or narrative."""
        text = block.text.strip()
        caption = _caption_topic(text)
        if caption is not None:
            self.table_text.add(id(block))
            if regions[caption].anchor is None:
                regions[caption].anchor = block.place
            regions[caption].texts.append(text)
            return caption
        if context is None:
            return None
        region = regions[context]
        row = _text_row(block, context)
        if row is not None:
            self.table_text.add(id(block))
            self._claim(region, row, pending)
            return context
        hits = _signature_hits(text, context)
        if _has_sentence(_unparen(text)):
            return context  # a sentence: narrative, even inside a table's section
        if hits >= 2 and len(_squash(text)) >= 30 and _RUN_TOGETHER.search(_squash(text)):
            region.blobs.append(block)
            region.texts.append(text)
            self.table_text.add(id(block))
        elif hits or _is_value(text) or _is_column_text(text):
            region.texts.append(text)
            self.table_text.add(id(block))
        elif len(_squash(text)) <= 8 and not _has_sentence(text):
            pending.append(block)
        return context

    # ------------------------------------------------------------------ format

    @staticmethod
    def _detect_format(regions: dict[str, _Region]) -> tuple[str, dict[str, list[str]]]:
        texts = [text for region in regions.values() for text in region.texts]
        texts += [blob.text for region in regions.values() for blob in region.blobs]
        joined = "\n".join(_squash(text) for text in texts)
        evidence = {fmt: [signal for signal in signals if signal in joined]
                    for fmt, signals in _FORMAT_SIGNALS.items()}
        if any(_LEGACY_NORMATIVE.search(_squash(text)) for text in texts):
            evidence["2019"].append("规范性文件")
        return ("2019" if len(evidence["2019"]) > len(evidence["2021"]) else "2021"
                if len(evidence["2021"]) > len(evidence["2019"]) else ""), evidence

    # ------------------------------------------------------------------ tables

    def _read_tables(self, regions: dict[str, _Region], fmt: str) -> dict[str, Any]:
        readers = {"proactive": self._read_proactive, "applications": self._read_applications,
                   "appeals": self._read_appeals}
        tables: dict[str, Any] = {}
        for key in L.TABLE_KEYS:
            region = regions[key]
            pointer = f"/tables/{key}"
            name = L.TABLE_NAMES[key]
            if not region.rows:
                if region.blobs:
                    self.unreadable[pointer] = _blob_reason(name, region.blobs[0])
                    self._add(pointer, region.blobs[0].place, table=name)
                continue
            staged = _Staging(self, pointer, name)
            try:
                table = readers[key](region, fmt, staged)
            except _Unreadable as problem:
                self.unreadable[pointer] = str(problem)
                self._add(pointer, region.place, table=name)
                continue
            if table:
                tables[key] = table
                staged.commit()
                self._add(pointer, region.place, table=name)
            elif region.blobs:
                self.unreadable[pointer] = _blob_reason(name, region.blobs[0])
                self._add(pointer, region.blobs[0].place, table=name)
        return tables

    # ..................................................................... 表三

    def _read_applications(self, region: _Region, fmt: str, staged: "_Staging") -> dict[str, Any] | None:
        columns = list(L.APPLICANT_COLUMNS)
        records: list[tuple[str, Any, _Split]] = []  # (kind, path or numbering, split)
        for row in region.rows:
            cells = row.cells
            if _is_applicant_header(cells):
                _printed_columns(cells, columns, L.APPLICANT_COLUMNS)
                continue
            split = _split_row(cells, _match_application)
            values = _fit(split.values, 7)
            if split.match is None and split.text_only:
                continue
            label = _printed(split.label.text) if split.label else ""
            if values is None or any(_is_glued(cell.text) for cell in split.values):
                raise _Unreadable(f"表三“{label or '数据行'}”一行的单元格数量或内容无法与七列对应，未读取该表")
            if row.from_text and not _text_row_fits(values, 7, label):
                continue
            records.append(self._classify_app_row(split, values))
        records = _join_label_rows(records)
        shape = _other_shape(records, fmt)
        template = [row.path for row in L.applications_rows(shape)]
        assigned = _place_rows(records, template, shape)
        if not assigned:
            return None
        table: dict[str, Any] = {}
        for path, (split, values) in sorted(assigned.items(), key=lambda item: template.index(item[0])):
            self._put_app_row(table, path, split, values, columns, staged)
        return table

    def _classify_app_row(self, split: _Split, values: list[Cell]) -> tuple[str, Any, _Split]:
        """Name what a 表三 row is: a template row, the 2019 single （六）, a subtotal, or unlabelled."""
        split.values = values
        if split.match and split.match.kind == "leaf":
            return ("leaf", split.match.key, split)
        if split.match and split.match.key == "other" and values:
            # （六）其他处理 with cells of its own (even blank ones): the 2019 single row
            return ("other_single", ("results", "other"), split)
        if split.match:  # a category label with numbers: a subtotal row the template does not have
            return ("extra", None, split)
        if split.label is None:
            return ("values", None, split)
        number = _numbering(split.label.text)
        return ("numbered", number, split) if number else ("extra", None, split)

    def _put_app_row(self, table: dict[str, Any], path: tuple[str, ...], split: _Split,
                     values: list[Cell], columns: list[str], staged: "_Staging") -> None:
        node = table
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = [parse_value(cell.text) for cell in values]
        national = _APP_LABELS[path]
        printed = _printed(split.label.text) if split.label else national.label
        pointer = staged.pointer + "/" + "/".join(path)
        if split.label is not None and _key(printed) != _key(national.label):
            staged.label(pointer, printed)
        row_place = split.label.place if split.label else values[0].place if values else None
        staged.add(pointer, row_place, row=printed)
        if len(path) == 3:
            category = staged.pointer + "/" + "/".join(path[:2])
            cell = _category_cell(split)
            staged.add_once(category, cell.place if cell else row_place,
                            row=_printed(cell.text) if cell else national.parent)
        for number, cell in enumerate(values):
            staged.add(f"{pointer}/{number}", cell.place, row=printed, col=columns[number])

    # ..................................................................... 表二

    def _read_proactive(self, region: _Region, fmt: str, staged: "_Staging") -> dict[str, Any] | None:
        blocks = L.proactive_blocks(fmt)
        by_row = {key: (block, label) for block in blocks for key, label in block.rows}
        header: list[str] | None = None
        table: dict[str, Any] = {}
        for row in region.rows:
            split = _split_row(row.cells, _match_proactive)
            if split.match is None:
                if split.text_only:
                    header = _proactive_header(row.cells, header)
                continue
            key = split.match.key
            printed = _printed(split.label.text) if split.label else key
            if key not in by_row:
                self._extra_row(staged.name, printed, split.label)
                continue
            block, national = by_row[key]
            values = _fit(split.values, len(block.columns))
            if values is None or any(_is_glued(cell.text) for cell in split.values):
                raise _Unreadable(f"表二“{printed}”一行的单元格多于应有的{len(block.columns)}列，"
                                  "无法确定数值对应的列，未读取该表")
            if row.from_text and not _text_row_fits(values, len(block.columns), printed, "表二"):
                continue
            if header and len(values) < len(block.columns) and len(header) == len(values):
                # the block is printed with the other format's columns: do not map them across
                raise _Unreadable(f"表二“{printed}”所在栏目（{'、'.join(header)}）与{fmt}年格式的"
                                  f"{len(block.columns)}个栏目不一致，无法对应，未读取该表")
            cells = {column: parse_value(cell.text, decimal_ok=(key, column) in L.PROACTIVE_DECIMAL)
                     for (column, _label), cell in zip(block.columns, values)}
            pointer = f"{staged.pointer}/{key}"
            if key in table:
                if table[key] == cells:
                    continue  # the same row again (a header repeated after a page break)
                raise _Unreadable(f"表二“{printed}”一行出现了两次且数值不同，无法确定应读取哪一行")
            heads = header if header and len(header) == len(block.columns) else None
            for number, cell in enumerate(values):
                column, column_label = block.columns[number]
                shown = heads[number] if heads else column_label
                if heads and _key(shown) != _key(column_label):
                    staged.label(f"{pointer}/{column}", shown)
                staged.add(f"{pointer}/{column}", cell.place, row=printed, col=shown)
            table[key] = cells
            if _key(printed) != _key(national):
                staged.label(pointer, printed)
            staged.add(pointer, split.label.place if split.label else None, row=printed)
        order = [key for block in blocks for key, _label in block.rows]
        return {key: table[key] for key in order if key in table} or None

    # ..................................................................... 表四

    def _read_appeals(self, region: _Region, fmt: str, staged: "_Staging") -> dict[str, Any] | None:
        columns = list(L.APPEAL_COLUMNS)
        groups: dict[str, list[Cell]] = {}
        loose: list[list[Cell]] = []
        for row in region.rows:
            split = _split_row(row.cells, _match_appeal)
            # an all-blank row as wide as the data row is the data row left blank, not a header
            blank_data = len(row.cells) == 15 and not any(cell.text.strip() for cell in row.cells)
            if not any(_is_value(cell.text) for cell in split.values) and not blank_data:
                _printed_columns(row.cells, columns, L.APPEAL_COLUMNS)
                continue
            if any(_is_glued(cell.text) for cell in split.values):
                raise _Unreadable("表四的数字连在一起，无法可靠拆分到各列，未读取该表")
            label = _printed(split.label.text) if split.label else "数据行"
            expected = 5 if split.match is not None else 15
            if row.from_text and not _text_row_fits(_fit(split.values, expected) or split.values,
                                                    expected, label, "表四"):
                continue
            if split.match is not None:
                values = _fit(split.values, 5)
                if values is None or split.match.key in groups:
                    raise _Unreadable(f"表四“{_printed(split.label.text)}”一行的单元格无法与五列对应，未读取该表")
                groups[split.match.key] = values
            elif split.label is None or not _numbering(split.label.text):
                loose.append(split.values)
        if loose:
            if groups:
                raise _Unreadable("表四既有按行标注的数据又有未标注的数据行，无法确定对应关系，未读取该表")
            groups = _split_appeal_row(loose)
        if not groups:
            return None
        table: dict[str, Any] = {}
        for group, _label, _en in L.APPEAL_GROUPS:
            if group not in groups:
                continue
            values = groups[group]
            table[group] = [parse_value(cell.text) for cell in values]
            pointer = f"{staged.pointer}/{group}"
            row_label = _APPEAL_GROUP_LABELS[group]
            staged.add(pointer, values[0].place if values else None, row=row_label)
            for number, cell in enumerate(values):
                staged.add(f"{pointer}/{number}", cell.place, row=row_label, col=columns[number])
        return table

    # ..................................................................... helpers

    def _extra_row(self, table: str, label: str, cell: Cell | None) -> None:
        entry: dict[str, Any] = {"table": table, "label": label}
        if cell is not None and cell.place.line is not None:
            entry["line"] = cell.place.line
        if cell is not None and cell.place.page is not None:
            entry["page"] = cell.place.page
        self.extra_rows.append(entry)

    def _add(self, pointer: str, place: Place | None, **labels: str | None) -> None:
        self.smap.add(pointer, _location(pointer, place, **labels))


class _Staging:
    """SourceMap entries and labels of one table, kept only if the whole table reads."""

    def __init__(self, assembly: _Assembly, pointer: str, name: str) -> None:
        self.assembly = assembly
        self.pointer = pointer
        self.name = name
        self.entries: dict[str, Location] = {}
        self.labels: dict[str, str] = {}

    def add(self, pointer: str, place: Place | None, row: str | None = None, col: str | None = None) -> None:
        self.entries[pointer] = _location(pointer, place, table=self.name, row=row, col=col)

    def add_once(self, pointer: str, place: Place | None, row: str | None = None) -> None:
        if pointer not in self.entries:
            self.add(pointer, place, row=row)

    def label(self, pointer: str, printed: str) -> None:
        self.labels[pointer] = printed

    def commit(self) -> None:
        for pointer, location in self.entries.items():
            self.assembly.smap.add(pointer, location)
        self.assembly.labels.update(self.labels)


def _location(pointer: str, place: Place | None, table: str | None = None, row: str | None = None,
              col: str | None = None) -> Location:
    place = place or Place()
    return Location(pointer=pointer, line=place.line, column=place.column, page=place.page,
                    table=table, row=row or None, col=col or None)


# ======================================================================= region helpers

def _blob_reason(name: str, blob: Paragraph) -> str:
    where = f"（第{blob.place.line}行）" if blob.place.line else ""
    return (f"{name}的单元格在文本中连成一片，数字之间没有分隔{where}，"
            "无法可靠地拆分到各行各列，未读取该表")


def _classify(cells: list[Cell], context: str | None) -> str | None:
    """Which table a grid row belongs to: by its own labels, else the table it continues."""
    squashed = [_squash(cell.text) for cell in cells if cell.text.strip()]
    hits = {key: sum(1 for text in squashed for word in _SIGNATURES[key] if word in text)
            for key in L.TABLE_KEYS}
    best = max(hits.values())
    if best == 0:
        return context
    leaders = [key for key, count in hits.items() if count == best]
    if context in leaders:
        return context
    return leaders[0] if len(leaders) == 1 else context


def _signature_hits(text: str, table: str) -> int:
    squashed = _squash(text)
    return sum(1 for word in _SIGNATURES[table] if word in squashed)


# A label running straight into a number (规章007) or a number into a label.
_RUN_TOGETHER = re.compile(r"[\u4e00-\u9fff）)]\d|\d[\u4e00-\u9fff（(]")
_CAPTION = re.compile(r"^表\s*([一二三四1-4])\s*(?:[:：、.．]|\s|$)")
# Only the national numbering says which table a bare "表三" is; 表1…表3 schemes vary.
_CAPTION_NUMBERS = {"二": "proactive", "三": "applications", "四": "appeals"}


def _caption_topic(text: str) -> str | None:
    """Which table a caption line (表三：收到和处理… / 第二十条第（一）项) introduces."""
    squashed = _squash(text)
    if len(squashed) > 40:
        return None
    if squashed.startswith("第二十条第") and len(squashed) <= 12:
        return "proactive"
    normal = _nfkc(text).strip()
    match = _CAPTION.match(normal)
    if not match:
        return None
    topic, _score = _section_topic(normal[match.end():])
    if topic in L.TABLE_KEYS:
        return topic
    return _CAPTION_NUMBERS.get(match.group(1))


def _is_column_text(text: str) -> bool:
    squashed = _squash(text)
    return any(word in squashed for word in (*L.APPLICANT_COLUMNS[:-1], *L.APPEAL_COLUMNS)) and len(squashed) <= 30


def _text_row(block: Paragraph, context: str) -> _Row | None:
    """A row printed as a line of text: a known row label followed by numbers."""
    text = _nfkc(block.text).strip()
    if len(text) > _MAX_TEXT_ROW:
        return None
    match = _LABEL_AND_NUMBERS.match(text)
    if not match or _has_sentence(_unparen(match.group("label"))):
        return None
    if _signature_hits(match.group("label"), context) >= 3:
        return None  # many labels in one line: cells run together, not one row
    found = _MATCHERS[context](match.group("label"), True, True)
    if found is None or found.kind == "category" and found.key != "other":
        return None
    return _Row(_label_and_tokens(block.text, block.place, match), from_text=True)


def _text_row_fits(values: list[Cell], expected: int, label: str, table: str = "表三") -> bool:
    """Whether a row read from a line of text can be used.

    One number where several are due is a sentence that happens to end in a
    number: skip it.  Several numbers of the wrong count, or numbers with
    leading zeros (digits run together), mean the row cannot be split.
    """
    if len(values) == expected and not any(_leading_zero(cell.text) for cell in values):
        return True
    if len(values) <= 1:
        return False
    raise _Unreadable(f"{table}“{label}”一行在文本中有{len(values)}个数字，应为{expected}个"
                      "（或数字连在一起），无法可靠拆分到各列，未读取该表")


def _leading_zero(text: str) -> bool:
    digits = _squash(text).lstrip("+-")
    return len(digits) > 1 and digits.startswith("0") and digits.isdigit()


def _is_applicant_header(cells: list[Cell]) -> bool:
    """A header row of 表三: the note, 申请人情况, or applicant columns without any value."""
    keys = {_key(cell.text) for cell in cells}
    if any("申请人情况" in key or "勾稽关系" in key for key in keys):
        return True
    if any(_is_value(cell.text) for cell in cells):
        return False
    # numbered cells are row labels (（七）总计, 3.其他), not the 总计/其他 columns
    plain = {_key(cell.text) for cell in cells if _numbering(cell.text) is None}
    columns = {L.normalize_label(column) for column in (*L.APPLICANT_COLUMNS, "法人或其他组织")}
    return bool(plain & columns)


def _printed_columns(cells: list[Cell], columns: list[str], national: tuple[str, ...]) -> None:
    """Take the printed form of each column label that a header row shows."""
    for cell in cells:
        key = _key(cell.text)
        for index, label in enumerate(national):
            if key and key == L.normalize_label(label) and columns[index] == label:
                columns[index] = _printed(cell.text)


def _proactive_header(cells: list[Cell], previous: list[str] | None) -> list[str] | None:
    """Column labels of a 表二 header row (信息内容 | 本年制发件数 | …); a caption resets them."""
    texts = [_printed(cell.text) for cell in cells if cell.text.strip()]
    if not texts:
        return previous
    if _squash(texts[0]).startswith("第二十条"):
        return None
    if _squash(texts[0]).startswith("信息内容"):
        rest = texts[1:] or ([texts[0][len("信息内容"):].strip()] if len(texts[0]) > 4 else [])
        return [text for text in rest if text] or None
    return previous


def _category_cell(split: _Split) -> Cell | None:
    """The merged category label (（三）不予公开 …) printed on a sub-row, if it is there."""
    for cell in split.labels:
        found = _match_application(cell.text, False, False)
        if found is not None and found.kind == "category" and found.key != "results":
            return cell
    return None


def _join_label_rows(records: list[tuple[str, Any, _Split]]) -> list[tuple[str, Any, _Split]]:
    """A label row with no cells, then a row of values with no label: one row cut in two."""
    out: list[tuple[str, Any, _Split]] = []
    index = 0
    while index < len(records):
        kind, key, split = records[index]
        if kind == "leaf" and not split.values:
            following = records[index + 1] if index + 1 < len(records) else None
            if following is not None and following[0] == "values":
                split.values = following[2].values
                out.append((kind, key, split))
                index += 2
                continue
            index += 1  # a label with nothing printed after it: the row is absent
            continue
        out.append((kind, key, split))
        index += 1
    return out


def _other_shape(records: list[tuple[str, Any, _Split]], fmt: str) -> str:
    """Whether （六）其他处理 is the 2021 three sub-rows or the 2019 single row in this table."""
    subrows = any(kind == "leaf" and key[:2] == ("results", "other") for kind, key, _ in records)
    single = any(kind == "other_single" for kind, _key_, _ in records)
    if subrows:
        return "2021"
    if single:
        return "2019"
    return fmt


def _place_rows(records: list[tuple[str, Any, _Split]], template: list[tuple[str, ...]],
                shape: str) -> dict[tuple[str, ...], tuple[_Split, list[Cell]]]:
    """Give every row its template path; unlabelled rows fill the gaps between labelled ones.

    A run of value rows whose labels were cut off (PDF→Markdown) is placed only
    when it has exactly as many rows as the template has free rows between the
    labelled neighbours; any other count leaves the table unreadable.
    """
    assigned: dict[tuple[str, ...], tuple[_Split, list[Cell]]] = {}
    run: list[tuple[str, Any, _Split]] = []
    previous = -1
    for kind, key, split in records + [("end", None, None)]:  # type: ignore[list-item]
        if kind in ("values", "numbered"):
            run.append((kind, key, split))
            continue
        if kind == "extra":
            continue
        if kind == "other_single" and shape == "2021":
            continue  # a subtotal above the three sub-rows
        position = len(template) if kind == "end" else _template_index(template, key)
        if position is None:
            continue
        if run:
            _fill_gap(run, template, previous, position, assigned)
            run = []
        if kind == "end":
            break
        _assign(assigned, template[position], split)
        previous = max(previous, position)
    return assigned


def _template_index(template: list[tuple[str, ...]], path: tuple[str, ...]) -> int | None:
    return template.index(path) if path in template else None


def _fill_gap(run: list[tuple[str, Any, _Split]], template: list[tuple[str, ...]], after: int,
              before: int, assigned: dict[tuple[str, ...], tuple[_Split, list[Cell]]]) -> None:
    slots = [path for path in template[after + 1:before] if path not in assigned]
    if before <= after or len(slots) != len(run):
        raise _Unreadable(f"表三有{len(run)}行数据与行标签分开了，模板在该处有{max(len(slots), 0)}行，"
                          "无法确定它们各属于哪一行，未读取该表")
    for (kind, number, split), path in zip(run, slots):
        national = _APP_LABELS[path]
        if kind == "numbered" and number != _numbering(national.label):
            raise _Unreadable(f"表三“{_printed(split.label.text)}”一行的标签与模板对应位置的"
                              f"“{national.label}”不符，未读取该表")
        _assign(assigned, path, split)


def _assign(assigned: dict[tuple[str, ...], tuple[_Split, list[Cell]]], path: tuple[str, ...],
            split: _Split) -> None:
    values = split.values
    if path in assigned:
        earlier = [parse_value(cell.text) for cell in assigned[path][1]]
        if earlier != [parse_value(cell.text) for cell in values]:
            label = _printed(split.label.text) if split.label else _APP_LABELS[path].label
            raise _Unreadable(f"表三“{label}”一行出现了两次且数值不同，无法确定应读取哪一行，未读取该表")
        return
    assigned[path] = (split, values)


def _split_appeal_row(loose: list[list[Cell]]) -> dict[str, list[Cell]]:
    """The one data row of 表四 (15 cells), possibly broken over several grid rows."""
    if len(loose) == 1:
        values = _fit(loose[0], 15)
    else:
        joined = [cell for values in loose for cell in values]
        values = _fit(joined, 15)
        if values is not None and len(values) != 15:
            values = None
    if values is None:
        count = sum(len(values) for values in loose)
        raise _Unreadable(f"表四的数据有{count}个单元格，应为15个（行政复议、未经复议直接起诉、复议后起诉各5个），"
                          "无法确定对应的列，未读取该表")
    groups: dict[str, list[Cell]] = {}
    for number, (group, _label, _en) in enumerate(L.APPEAL_GROUPS):
        part = values[number * 5:(number + 1) * 5]
        if part:
            groups[group] = part
    return groups


# ======================================================================= entry point

def assemble(doc: Document) -> tuple[dict[str, Any], SourceMap]:
    """Read ``doc`` into a Contract 1 report and the SourceMap of its pointers."""
    return _Assembly(doc).run()
