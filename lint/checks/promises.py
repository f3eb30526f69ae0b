"""Last year's promises (X807): the improvements a report's 五 promised, and whether the next report says
what became of each.

A promise is one item of the improvement part of 五 — after 改进措施/改进情况/下一步/
今后 … — numbered 一是/二是, （一）/（二）, 1./2. or ①/②.  A report without numbered
items promises nothing this check can name, and is left alone.

An item is followed up when the next year's narrative (any section) uses a good part
(a third, by default) of its own words: the two-character terms of the item less the vocabulary every such sentence
uses (加强, 进一步, 政务公开 …).  That is generous on purpose: a finding here is a
judgement, so an item is named only when next year's report shows no sign of it at all.
"""

from __future__ import annotations

import re
from typing import Iterator

from lint.checks.base import Problem
from lint.checks.registry import kind
from lint.vocab.text import normalise

#: where the improvement part of 五 starts
_IMPROVEMENT = re.compile(r"(改进措施|改进情况|改进方向|改进举措|整改措施|下一步|下步|今后|工作打算|工作计划|"
                          r"改进计划|努力方向|工作思路)")
#: where an account of last year's problems starts: not a promise
_FOLLOW_UP = re.compile(r"(上年度|上一年度|去年|上年)[^。\n]{0,20}(问题|整改)")
_ENUMERATOR = re.compile(r"(?:(?<=[\s。；;：:])|^)(?:[一二三四五六七八九十]是|[（(](?:[一二三四五六七八九十]|\d{1,2})[）)]|"
                         r"\d{1,2}[.、．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])")
#: words every improvement sentence uses: they say nothing about which improvement it is
GENERIC = ("进一步", "持续", "不断", "加强", "强化", "加大", "提升", "提高", "推进", "推动", "做好", "工作", "政务公开",
           "政府信息", "信息公开", "公开", "落实", "完善", "建立", "健全", "规范", "水平", "质量", "能力", "力度",
           "深化", "切实", "认真", "全面", "积极", "继续", "着力", "努力", "确保", "坚持", "按照", "要求", "相关",
           "有关", "我局", "本局", "本机关", "我委", "我办", "本单位", "我单位", "年度", "明年", "今年", "将", "一是",
           "二是", "三是", "四是", "五是", "方面", "机制", "措施", "进行", "开展", "实现", "及时", "更加", "有效", "优化")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")


def promises(problems_text: str) -> list[str]:
    """The numbered improvement items of a section 五, as printed (trimmed), in order."""
    text = normalise(problems_text or "")
    # the first heading of what will be done; "上年度问题改进情况" is an account, not a promise
    match = next((m for m in _IMPROVEMENT.finditer(text)
                  if not re.search(r"(上年|去年|上一年|以往)", text[max(0, m.start() - 20):m.start()])), None)
    if not match:
        return []
    part = text[match.end():]
    follow = _FOLLOW_UP.search(part)
    if follow and follow.start() > 0 and _ENUMERATOR.search(part[:follow.start()]):
        part = part[:follow.start()]
    marks = list(_ENUMERATOR.finditer(part))
    if len(marks) < 2:
        return []
    items = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(part)
        item = part[mark.end():end]
        if index + 1 == len(marks):
            item = re.split(r"[。\n]", item, maxsplit=1)[0]
        item = item.strip(" \t\n；;。，,：:")
        if len(item) >= 6:
            items.append(item)
    return items


def terms(text: str) -> set[str]:
    """The two-character terms of ``text`` that name what it is about (the generic vocabulary left out)."""
    words = normalise(text or "")
    for word in sorted(GENERIC, key=len, reverse=True):
        words = words.replace(word, "|")
    out: set[str] = set()
    for run in _NOT_WORD.split(words.replace("|", " ")):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def follow_up(promise: str, narrative: str, min_share: float = 0.5, normalised: bool = False) -> float | None:
    """The share of the promise's own terms found in ``narrative`` (already normalised (:func:`normalise`) when
    ``normalised``); None when the promise has too few to tell."""
    own = terms(promise)
    if len(own) < 4:
        return None
    text = (narrative or "") if normalised else normalise(narrative or "")
    return sum(1 for t in own if t in text) / len(own)


@kind("promises", params={"min_share": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.34}},
      cross=True)
def promises_kept(prev, cur, params: dict) -> Iterator[Problem]:
    """X807: each improvement last year's 五 promised has a visible follow-up in this year's report."""
    items = getattr(prev, "promises", None) or []
    narrative = getattr(cur, "narrative", None)
    if not items or not narrative:
        return
    threshold = params.get("min_share", 0.34)
    for number, item in enumerate(items, 1):
        share = follow_up(item, narrative, normalised=True)  # Summary.narrative is
        if share is None or share >= threshold:
            continue
        shown = item if len(item) <= 60 else item[:60] + "…"
        yield Problem("/sections/problems", {
            "prev_year": prev.year, "prev_path": prev.path, "promise": shown, "number": number},
            evidence={"previous_report": prev.path, "promise": item, "terms_found": round(share, 2)})
