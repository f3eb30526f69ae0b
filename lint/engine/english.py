"""English messages name the table cells as printed and say what they are: 「商业企业」 (businesses).

A finding quotes a report's labels as the report prints them, so a reader can
find them in the document.  In English, each quoted national label is
followed by its English name, and 表二/表三/表四 become Table 2/3/4.
"""

from __future__ import annotations

import re

from lint.vocab.tables import gloss

_QUOTED = re.compile(r"(「([^「」]{1,80})」|“([^“”]{1,80})”)")
_TABLES = re.compile(r"表([二三四])(?![\u4e00-\u9fff（(])")
_TABLE_NUMBERS = {"二": "2", "三": "3", "四": "4"}


def _with_gloss(match: re.Match[str]) -> str:
    label = match.group(2) or match.group(3)
    english = gloss(label)
    return f"{match.group(1)} ({english})" if english else match.group(1)


_GLUED_NUMBER = re.compile(r"([」”] \([^()]+\))(?=[\d+-])")


def english(text: str) -> str:
    text = _GLUED_NUMBER.sub(r"\1 ", _QUOTED.sub(_with_gloss, text))  # 「一、本年新收…」 (I. new applications) 12
    return _TABLES.sub(lambda m: f"Table {_TABLE_NUMBERS[m.group(1)]}", text)
