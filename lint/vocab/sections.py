"""The six sections of the national format: keys, titles as the format words them, and the wordings agencies use.

Importers find a section by these titles and keywords; the checks judge a
printed title against the same lists (S104 unknown wording, S105 known
variant), so a heading the importer reads as a known variant is never called
a wrong title.
"""

from __future__ import annotations

import re

from lint.vocab.text import label_key, normalise

SECTION_KEYS = ("overview", "proactive", "applications", "appeals", "problems", "other")
NUMBERS = dict(zip(SECTION_KEYS, "一二三四五六"))
CHINESE_NUMERALS = "一二三四五六七八九十"

TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}

TITLES_EN = {
    "overview": "1. Overview",
    "proactive": "2. Proactive disclosure",
    "applications": "3. Applications received and handled",
    "appeals": "4. Reconsideration and litigation",
    "problems": "5. Main problems and improvements",
    "other": "6. Other matters to report",
}

#: Wordings seen in real reports besides the format's own (domain-rules 7.1), without numbering.
VARIANTS: dict[str, tuple[str, ...]] = {
    "overview": ("概述",),
    "proactive": (),
    "applications": (),
    "appeals": ("政府信息公开行政复议和行政诉讼情况", "政府信息公开行政复议及行政诉讼情况",
                "因政府信息公开工作被申请行政复议和提起行政诉讼情况", "因政府信息公开工作被申请行政复议提起行政诉讼情况",
                "因政府信息公开申请行政复议、提起行政诉讼的情况", "因政府信息公开申请行政复议、提起行政诉讼情况"),
    "problems": ("政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题和改进情况",
                 "存在的主要问题及改进措施", "存在的主要问题和改进措施"),
    "other": (),
}

#: Topic keywords of a heading, tried in this order (appeals first: its titles also mention 申请).
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("appeals", ("行政复议", "行政诉讼")),
    ("applications", ("依申请", "收到和处理", "公开申请")),
    ("proactive", ("主动公开",)),
    ("problems", ("存在的主要问题", "存在问题", "主要问题", "改进情况", "改进措施")),
    ("other", ("其他需要报告", "需要报告的其他", "其他需报告", "其他事项")),
    ("overview", ("总体情况", "概述", "基本情况", "总体概况")),
)

#: Numbering in front of a title: 一、 一. 第一部分 （四） 4. — stripped before titles are compared
#: (whether a numbered line is a section heading at all is the importer's judgement, not this).
NUMBERING = re.compile(r"^\s*(?:#{1,6}\s*)?(?:第(?P<part>[一二三四五六七八九十]{1,3})部分\s*[、.,，:：]?|"
                       r"(?P<cn>[一二三四五六七八九十]{1,3})\s*[、.,，．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|"
                       r"\d{1,2}\s*[、.．])\s*")


def title_key(title: str) -> str:
    """A title without its number and punctuation: what titles are compared by."""
    text = NUMBERING.sub("", normalise(title).strip(), count=1)
    return label_key(text)


#: key of every accepted wording → section
EXACT = {title_key(t): key for key, t in TITLES.items()}
EXACT.update({label_key(t): key for key, titles in VARIANTS.items() for t in titles})


def classify_title(title: str) -> tuple[str | None, int]:
    """(section, how sure): 2 = the format's title or a known variant, 1 = a topic keyword, 0 = none."""
    key = title_key(title)
    if key in EXACT:
        return EXACT[key], 2
    for topic, words in KEYWORDS:
        if any(word in key for word in words):
            return topic, 1
    return None, 0


def is_known_variant(key: str, title: str) -> bool:
    """Whether ``title`` is one of the accepted wordings of section ``key`` other than the format's own."""
    got = title_key(title)
    return got != title_key(TITLES[key]) and EXACT.get(got) == key
