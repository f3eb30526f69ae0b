"""The six sections of the national format: keys, titles as the format words them, and the wordings agencies use.

Importers find a section by these titles and keywords; the checks judge a
printed title against the same lists (S104 unknown wording, S105 known
variant), so a heading the importer reads as a known variant is never called
a wrong title.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
                "政府信息公开行政复议与行政诉讼情况",
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
    """Whether ``title`` is one of the accepted wordings of section ``key`` other than the format's own.

    Besides the listed wordings, the format's title with its connectives swapped
    or dropped (、 与 和 及), 的 added, or 工作 added or dropped is a known variant.
    """
    got = title_key(title)
    if got == title_key(TITLES[key]):
        return False
    return EXACT.get(got) == key or REDUCED.get(reduce_key(got)) == key


# ---------------------------------------------------------------- headings with slips

#: Words a title may add, drop or swap without changing what it names.
_FILLERS = re.compile("工作|[与和及的]")
_KEY_DROP = re.compile(r"[\s（）()．.、,，:：;；\"'“”‘’「」《》<>\[\]【】/／#*-]")


def reduce_key(key: str) -> str:
    """A title key without the words variants add or drop (与/和/及, 的, 工作)."""
    return _FILLERS.sub("", key)


#: reduced key of every accepted wording → section
REDUCED = {reduce_key(k): key for k, key in EXACT.items()}
_FORMS = tuple((key, form) for form, key in REDUCED.items())


def slips_allowed(length: int) -> int:
    """How many characters a heading may get wrong and still be read as the title (of this reduced length)."""
    return 0 if length < 6 else 1 if length < 12 else 2


def similar_title(title: str, number: str | None = None) -> tuple[str, int] | None:
    """(section, slips) when ``title`` is an accepted wording with a few characters wrong.

    ``number`` (一…六), when printed, must be the section's own.  The closest
    wording wins; a tie between two sections reads as neither.
    """
    got = reduce_key(title_key(title))
    if not got:
        return None
    best: dict[str, int] = {}
    for key, form in _FORMS:
        if number and NUMBERS[key] != number:
            continue
        bound = slips_allowed(len(form))
        if abs(len(form) - len(got)) > bound:
            continue
        distance = edit_distance(form, got, bound)
        if distance <= bound and distance < best.get(key, bound + 1):
            best[key] = distance
    if not best:
        return None
    low = min(best.values())
    keys = [key for key, distance in best.items() if distance == low]
    return (keys[0], low) if len(keys) == 1 else None


@lru_cache(maxsize=4096)
def title_at(text: str, number: str) -> tuple[str, int] | None:
    """(section, end) when ``text`` starts with the title of section ``number`` (一…六), slips allowed.

    ``end`` is where the title ends in ``text``, whatever follows it on the same
    line (the section's first sentence, or its table).
    """
    chars: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        norm = label_key(char)
        if norm:
            chars.extend((c, index) for c in norm)
        elif not _KEY_DROP.fullmatch(normalise(char) or " "):
            break
        if len(chars) > 60:
            break
    kept = _drop_fillers(chars)
    found: tuple[int, int, str] | None = None  # (slips, length difference, section) of the best form
    ends: dict[str, int] = {}
    for key, form in _FORMS:
        if NUMBERS[key] != number:
            continue
        bound = slips_allowed(len(form))
        hit = _prefix_distance(form, "".join(c for c, _ in kept), bound)
        if hit is None:
            continue
        distance, length = hit
        rank = (distance, abs(length - len(form)), key)
        if found is None or rank < found:
            found = rank
            ends[key] = kept[length - 1][1] + 1
    if found is None:
        return None
    return found[2], ends[found[2]]


def _drop_fillers(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    index = 0
    while index < len(chars):
        char = chars[index][0]
        if char == "工" and index + 1 < len(chars) and chars[index + 1][0] == "作":
            index += 2
            continue
        if char not in "与和及的":
            out.append(chars[index])
        index += 1
    return out


def _prefix_distance(form: str, text: str, bound: int) -> tuple[int, int] | None:
    """(edits, length) of the prefix of ``text`` closest to ``form``, within ``bound`` edits."""
    best: tuple[int, int] | None = None
    for length in range(max(1, len(form) - bound), min(len(text), len(form) + bound) + 1):
        distance = edit_distance(form, text[:length], bound)
        if distance <= bound and (best is None or (distance, abs(length - len(form))) <
                                  (best[0], abs(best[1] - len(form)))):
            best = (distance, length)
    return best


def edit_distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``bound + 1`` once it must exceed ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > bound:
            return bound + 1
        previous = current
    return min(previous[-1], bound + 1)
