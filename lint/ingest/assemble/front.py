"""The front matter: title, agency, level, year, publication date and intro, from the text before section 一.

What the Report holds is the text as printed (title and intro keep the
characters the file has, radicals included: messages quote them as printed and
the checks compare through :func:`lint.vocab.text.compact`); what is derived
from it — the agency's name, the year, the publication date — is read from the
normalised text, so ⾏ and ⻔ in a PDF read as 行 and 门.

The reporting year comes from evidence, not from the title alone: the 统计期限
sentence, the years the narrative speaks of, and the publication date (a report
published in 2025 is about 2024 or earlier) each vote with the title, and
``year_evidence`` keeps the votes.  A title copied from last year is then the
slip the checks name (M601), not the correct period.

Web pages and archives put a metadata block (``发布机构：… 公开日期：…``), a
breadcrumb (``当前位置：首页 > 政务公开 > …``) and share buttons around the report
(:mod:`lint.vocab.page`): they give the publication date and the publishing
agency and never become part of the title, the agency or the intro.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.text import has_sentence, normalise, shifted_place, squash
from lint.ingest.assemble.evidence import QUOTED_TITLE, choose_year, pre_2019_signs, year_votes
from lint.ingest.document import Paragraph, Place
from lint.vocab import page as P

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly


_DECOR = re.compile(r"^[=\-*_~#·\s]{3,}.*[=\-*_~#·]{3,}$|^[=\-*_~#·\s]+$")


_TITLE_END = re.compile(r"(?:年度报告|年报|工作报告)$")


_INLINE_TITLE = re.compile(r"^(?P<title>[^。，,《》\n]{4,60}?(?:工作年度报告|年度报告))(?:\s+)(?P<rest>\S.*)$",
                           re.DOTALL)


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


#: "本报告由XX局编制" / "本报告由XX办公室根据《条例》…编制"
_COMPILED_BY = re.compile(r"本(?:年度)?报告由(?P<agency>[^，。,；;《》]{2,40}?)(?:根据|依据|按照|负责|编制|牵头|组织)")


AGENCY_SUFFIX = re.compile(r"(?:关于|的|政府信息公开工作|政府信息公开|政务公开工作|政务公开)+$")


_TITLE_SUFFIX = re.compile(r"(?:政府信息公开|政务公开)?(?:工作)?(?:年度报告|年报|工作报告)$")


_MARKS = re.compile(r"^[#>*_`\s]+|[*_`\s]+$")


@dataclass
class _Prelude:
    title: str | None = None
    title_place: Place | None = None
    intro: list[Paragraph] = field(default_factory=list)
    published: str | None = None
    published_rank: int = len(P.PUBLISHED_KEYS)
    agency: str | None = None
    agency_place: Place | None = None
    meta_title: str | None = None
    meta_title_place: Place | None = None


def read_prelude(paragraphs: list[Paragraph]) -> _Prelude:
    """Title (possibly over several lines, possibly run into the intro), metadata and intro."""
    prelude = _Prelude()
    body: list[Paragraph] = []
    for paragraph in paragraphs:
        paragraph = _without_breadcrumb(paragraph)
        text = paragraph.text.strip()
        if not text:
            continue
        if P.META_LINE.match(normalise(text)):
            rest = _read_meta_line(prelude, paragraph)
            if rest is not None:
                body.append(rest)
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
            body[index] = _after_chrome(prelude, rest)
            start = index
    if prelude.title is None and prelude.meta_title:
        prelude.title, prelude.title_place = prelude.meta_title, prelude.meta_title_place
    if prelude.title and start < len(body):  # the title printed again, run into the text: "…年度报告根据《条例》…"
        body[start] = _without_title(body[start], prelude.title)
    prelude.intro = [p for p in (body[start:] if prelude.title else body) if p.text.strip()]
    return prelude


def _without_breadcrumb(paragraph: Paragraph) -> Paragraph:
    text = paragraph.text
    lead = len(text) - len(text.lstrip())
    if not P.BREADCRUMB.match(normalise(text[lead:])):
        return paragraph
    rest = P.strip_breadcrumb(text[lead:])
    offset = len(text) - len(rest)
    return Paragraph(rest, shifted_place(paragraph.place, text, offset))


def _read_meta_line(prelude: _Prelude, paragraph: Paragraph) -> Paragraph | None:
    """Take the metadata of a "key: value" line; return report text that runs on after it, if any."""
    text = paragraph.text
    normal = normalise(text)
    for pair in P.META_PAIR.finditer(normal):
        key, value = pair.group("key"), pair.group("value").strip()
        if key in P.TITLE_KEYS and value and prelude.meta_title is None:
            prelude.meta_title, prelude.meta_title_place = value, paragraph.place
        elif key in P.AGENCY_KEYS and value and prelude.agency is None:
            agency = clean_agency(value)
            if agency:
                prelude.agency, prelude.agency_place = agency, paragraph.place
        else:
            rank = next((i for i, keys in enumerate(P.PUBLISHED_KEYS) if key in keys), None)
            if rank is not None:
                _published(prelude, value, rank)
    resume = P.skip_chrome(text)
    rest = text[resume:]
    if len(squash(rest)) > 20 and has_sentence(rest):
        return Paragraph(rest, shifted_place(paragraph.place, text, resume))
    return None


def _after_chrome(prelude: _Prelude, paragraph: Paragraph) -> Paragraph:
    """The text after a title, without the date line and share buttons a page printed there."""
    text = paragraph.text
    for pair in P.META_PAIR.finditer(normalise(text[:P.skip_chrome(text)])):
        rank = next((i for i, keys in enumerate(P.PUBLISHED_KEYS) if pair.group("key") in keys), None)
        if rank is not None:
            _published(prelude, pair.group("value"), rank)
    resume = P.skip_chrome(text)
    return Paragraph(text[resume:], shifted_place(paragraph.place, text, resume)) if resume else paragraph


def _without_title(paragraph: Paragraph, title: str) -> Paragraph:
    text, wanted = paragraph.text, squash(title)
    if not wanted or not squash(text).startswith(wanted):
        return paragraph
    for end in range(len(wanted), min(len(text), len(wanted) * 2 + 10) + 1):
        if squash(text[:end]) == wanted:
            rest = text[end:]
            lead = len(rest) - len(rest.lstrip())
            return Paragraph(rest.lstrip(), shifted_place(paragraph.place, text, end + lead))
    return paragraph


def _published(prelude: _Prelude, value: str, rank: int) -> None:
    """A publication date, kept when its key ranks better than the one already read (发布 before 成文)."""
    date = _DATE.search(value)
    if not date or rank >= prelude.published_rank:
        return
    year, month, day = (int(part) for part in date.groups())
    if 1 <= month <= 12 and 1 <= day <= 31:
        prelude.published, prelude.published_rank = f"{year:04d}-{month:02d}-{day:02d}", rank


def _title_at(body: list[Paragraph], index: int) -> tuple[int, str, Paragraph | None] | None:
    """A title ending at paragraph ``index``: (first paragraph, title, rest of a run-on paragraph)."""
    text = _MARKS.sub("", body[index].text.strip())
    squashed = squash(text)
    if _TITLE_END.search(squashed) and len(squashed) <= 60 and not has_sentence(text):
        first, title = index, _last_complete(text)
        # A title broken over lines ("…2024年政府信息公开" / "工作年度报告"): take the lines above
        # until it names a year and the subject; junk lines above ("正文") stay out.
        while first > 0 and _incomplete_title(title):
            above = _MARKS.sub("", body[first - 1].text.strip())
            if has_sentence(above) or len(squash(above)) > 40 or P.META_LINE.match(normalise(above)):
                break
            first, title = first - 1, above + title
        return first, title, None
    match = _INLINE_TITLE.match(text)
    if match and ("政府信息公开" in squash(match.group("title")) or _YEAR.search(match.group("title"))):
        start = body[index].text.find(match.group("rest"))
        rest = Paragraph(match.group("rest"), shifted_place(body[index].place, body[index].text, max(start, 0)))
        return index, _last_complete(match.group("title").strip()), rest
    return None


def _last_complete(title: str) -> str:
    """The last whitespace-separated part of ``title`` that is a whole title by itself.

    A page's column name printed before the title ("XX局政府信息公开年报 XX局2020年度…年度报告")
    is no part of it; "XX局 2022年…年度报告" (agency and year apart) stays whole.
    """
    parts = title.split()
    for index in range(1, len(parts)):
        tail = " ".join(parts[index:])
        if not _incomplete_title(tail):
            return tail
    return title


def _incomplete_title(title: str) -> bool:
    """Whether a title still lacks its year, its subject or the agency (printed on the line above)."""
    squashed = squash(title)
    return not (_YEAR.search(squashed) and ("政府信息公开" in squashed or "政务公开" in squashed)
                and agency_from_title(title))


def clean_agency(name: str) -> str | None:
    """An agency's name without Markdown marks, a breadcrumb or navigation words; None if it is no name."""
    text = _MARKS.sub("", normalise(name).strip())
    text = P.strip_breadcrumb(text) if P.BREADCRUMB.match(text) else text
    text = squash(text)
    if not text or len(text) > 40 or any(mark in text for mark in ":：>›»|/") or text in P.NAVIGATION:
        return None
    return text


def agency_from_title(title: str) -> str | None:
    squashed = squash(_MARKS.sub("", title))
    match = _YEAR.search(squashed)
    if not match:
        return clean_agency(AGENCY_SUFFIX.sub("", _TITLE_SUFFIX.sub("", squashed)))
    before = AGENCY_SUFFIX.sub("", squashed[:match.start()])
    if before:
        return clean_agency(before)
    after = squashed[match.end():].lstrip("度")
    return clean_agency(AGENCY_SUFFIX.sub("", _TITLE_SUFFIX.sub("", after)))


# Only names that say plainly what the agency is; anything else leaves ``level`` unset.
_DEPARTMENT_ENDINGS = ("局", "委员会", "委", "办公室", "办公厅", "厅", "中心", "署")


def level_of(agency: str) -> str | None:
    """department | government from the agency's name (人民政府 vs 局/委/办…), else None."""
    if agency.endswith("人民政府"):
        return "government"
    if agency.endswith(_DEPARTMENT_ENDINGS):
        return "department"
    return None


# ---------------------------------------------------------------- reading it into the report


def read_front(assembly: Assembly, front: list[Any], blocks: list[Any]) -> None:
    paragraphs = [block for block in front if isinstance(block, Paragraph)]
    prelude = read_prelude(paragraphs)
    intro_text = "\n".join(p.text.strip() for p in prelude.intro)
    report = assembly.report
    if prelude.title:
        report["title"] = prelude.title
        assembly.add("/title", prelude.title_place)
    _read_agency(assembly, prelude, intro_text)
    front_ids = {id(b) for b in front}
    narrative = [b.text for b in blocks if isinstance(b, Paragraph) and id(b) not in front_ids]
    everything = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
    votes = year_votes(prelude.title, intro_text, narrative, prelude.published, everything)
    year = choose_year(votes)
    if year is not None:
        report["year"] = year
        if len(votes) > 1:
            report["year_evidence"] = votes
        place = prelude.title_place if votes.get("title") == year else None
        assembly.add("/year", place or (prelude.intro[0].place if prelude.intro else prelude.title_place))
    if prelude.published:
        report["published"] = prelude.published
    if prelude.intro:
        report["intro"] = intro_text
        assembly.add("/intro", prelude.intro[0].place)
    signs = pre_2019_signs(blocks)
    if signs:
        report["pre_2019_evidence"] = signs


def _read_agency(assembly: Assembly, prelude: _Prelude, intro_text: str) -> None:
    agency = agency_from_title(prelude.title) if prelude.title else None
    place = prelude.title_place
    if not agency and prelude.agency:
        agency, place = prelude.agency, prelude.agency_place
    squashed = squash(intro_text)
    if not agency:
        compiled = _COMPILED_BY.search(squashed)
        quoted = QUOTED_TITLE.search(squashed)
        if compiled:
            agency = clean_agency(compiled.group("agency"))
        elif quoted:
            agency = clean_agency(AGENCY_SUFFIX.sub("", quoted.group("agency")))
        place = prelude.intro[0].place if prelude.intro else None
    if agency:
        assembly.report["agency"] = agency
        assembly.add("/agency", place or (prelude.intro[0].place if prelude.intro else None))
        level = level_of(agency)
        if level:
            assembly.report["level"] = level
