"""What the document shows where a section or a table was not found: a sign that it is there, unread.

"Missing" is said only when the document gives no sign of the thing (DESIGN, Contract 2).
For a structured report an absent key is that sign; for a document the reader decides
here, and records what it saw under ``unreadable`` (pointer -> what was seen), which the
rules turn into a reading finding ("could not find / could not read") instead of "missing":

* a table not read although rows, captions or labels of it were seen;
* a table not read whose section heading was found with nothing at all under it, or only a
  pointer to it ("详见下表", "见附件"): that is what a table in an image, an attachment or a
  lossy text extraction leaves, so it is no evidence that the agency left the table out.  A
  heading with narrative under it and no table shows no table: that table is missing (and a
  2019/2020 report written so is a free-form report, M612);
* no title line, when the intro names the report ("编制形成《…2021年政府信息公开工作年度报告》");
* a section whose heading was not recognised, when its table was read, or a numbered
  heading that fits no section stands where it belongs (between the sections before and
  after it), or a line between those neighbours names its topic ("（一）主要问题").

A section or table of which none of these is seen is left out, and the rules say it is missing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.text import has_sentence, normalise, squash
from lint.ingest.document import Paragraph, Place
from lint.vocab import sections as S
from lint.vocab import tables as L

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly
    from lint.ingest.assemble.rows import Region
    from lint.ingest.assemble.sections import Heading

#: a line that can be a sub-heading naming a topic, not a sentence about it
_MAX_TOPIC_LINE = 24
#: narrative pointing at a table that is not there as text ("详见下表", "见附件")
_TABLE_REFERENCE = re.compile(r"[^。；;，,]{0,12}(?:下表|如表|见表|附表|附件|统计表|图表|图片|扫描件)[^。；;，,]{0,8}")
#: the intro naming the report: "编制形成《淄博市投资促进局2021年政府信息公开工作年度报告》"
_TITLE_NAMED = re.compile(r"《([^《》]{0,40}?\d{4}年度?政府信息公开[^《》]{0,6}?年度报告)》")


def _at(place: Place | None) -> str:
    if place is None:
        return ""
    if place.page is not None and place.line is not None:
        return f"（第{place.page}页第{place.line}行）"
    if place.page is not None:
        return f"（第{place.page}页）"
    return f"（第{place.line}行）" if place.line is not None else ""


def note_unfound(assembly: Assembly, blocks: list[Any], headings: list[Heading],
                 chosen: dict[str, Heading], regions: dict[str, Region]) -> None:
    """Record under ``assembly.unreadable`` the signs of every section and table not read."""
    tables = assembly.report.get("tables") or {}
    for key in L.TABLE_KEYS:
        pointer = f"/tables/{key}"
        if key in tables or pointer in assembly.unreadable:
            continue
        section = (assembly.report.get("sections") or {}).get(key) or {}
        seen = _table_signs(key, regions[key], chosen.get(key), section.get("text"))
        if seen:
            assembly.unreadable[pointer] = seen
            assembly.add(pointer, regions[key].place, table=L.TABLE_NAMES[key])
    if not assembly.report.get("title") and "/title" not in assembly.unreadable:
        named = _TITLE_NAMED.search(re.sub(r"\s+", "", normalise(assembly.report.get("intro") or "")))
        if named:
            assembly.unreadable["/title"] = f"没有单独的标题行，但前言称本报告为《{named.group(1)}》"
    sections = assembly.report.get("sections") or {}
    for key in L.SECTION_KEYS:
        pointer = f"/sections/{key}"
        if key in sections or pointer in assembly.unreadable:
            continue
        seen, place = _section_signs(assembly, key, blocks, headings, chosen, tables, regions)
        if seen:
            assembly.unreadable[pointer] = seen
            if place is not None:
                assembly.add(pointer, place)


def _table_signs(key: str, region: Region, heading: Heading | None, text: str | None) -> str | None:
    name = L.TABLE_NAMES[key]
    if region.rows or region.texts:
        return (f"文中有{name}的表格内容{_at(region.place)}，但没有一行能按统一格式的栏目读出，未读取该表")
    if heading is None:
        return None
    said = re.sub(r"\s+", "", text or "")
    if not said:
        return (f"“{heading.title}”{_at(heading.place)}下没有读到统计表：表格可能是图片或附件，"
                "或在提取文字时丢失，也可能确实缺表")
    reference = _TABLE_REFERENCE.search(said)
    if reference:
        return (f"“{heading.title}”{_at(heading.place)}下只写有“{reference.group(0)}”，没有读到统计表："
                "表格可能是图片或附件")
    return None  # narrative under the heading and no table: the document shows no table


def _neighbours(key: str, chosen: dict[str, Heading], end: int) -> tuple[Heading | None, int]:
    """The heading of the nearest section found before ``key`` and where the next found one starts."""
    order = list(L.SECTION_KEYS)
    at = order.index(key)
    before = next((chosen[k] for k in reversed(order[:at]) if k in chosen), None)
    after = next((chosen[k] for k in order[at + 1:] if k in chosen), None)
    stop = after.index if after is not None else end
    return before, stop


def _section_signs(assembly: Assembly, key: str, blocks: list[Any], headings: list[Heading],
                   chosen: dict[str, Heading], tables: dict, regions: dict[str, Region]
                   ) -> tuple[str | None, Place | None]:
    if key in L.TABLE_KEYS and key in tables:
        return f"文中没有它的标题，但读到了{L.TABLE_NAMES[key]}{_at(regions[key].place)}", regions[key].place
    if not chosen:
        return None, None  # no section at all was recognised: nothing to place this one between
    before, stop = _neighbours(key, chosen, len(blocks))
    start = before.index + 1 if before is not None else 0
    if before is None and stop <= 0:
        return None, None
    for heading in headings:
        if start <= heading.index < stop and heading.topic is None and \
                S.NUMBERS[key] == _number(heading.title):
            return (f"在它应在的位置{_at(heading.place)}有标题“{heading.title.strip()}”，"
                    "与统一格式的标题相差太大，未能认定"), heading.place
    lines = []
    for block in blocks[start:stop]:
        if not isinstance(block, Paragraph) or id(block) in assembly.table_text:
            continue
        text = block.text.strip()
        if not text or len(squash(text)) > _MAX_TOPIC_LINE or has_sentence(text.rstrip("。:：")):
            continue
        topic, _score = S.classify_title(text)
        if topic == key:
            lines.append(block)
    if lines:
        shown = "、".join(f"“{b.text.strip()}”" for b in lines[:3])
        return (f"文中没有它的标题，但在前后两部分之间{_at(lines[0].place)}有{shown}，"
                "可能是这一部分的内容"), lines[0].place
    return None, None


def _number(title: str) -> str | None:
    match = S.NUMBERING.match(normalise(title))
    if not match:
        return None
    return match.group("part") or match.group("cn")
