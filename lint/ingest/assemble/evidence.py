"""The evidence of the reporting year and of the pre-2019 regime, read from the document's text.

Each piece of evidence votes: the title's year, the 统计期限 sentence, the year
the narrative speaks of, and the year before publication.  The title is one
vote among them, so a title copied from last year is outvoted by the rest.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lint.ingest.assemble.text import squash
from lint.ingest.document import Paragraph, Table
from lint.vocab import formats as F

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")

QUOTED_TITLE = re.compile(r"《(?P<agency>[^《》]{2,40}?)(?P<year>(?:19|20)\d{2})年度?政府信息公开工作年度报告》")


_PERIOD_YEAR = re.compile(r"统计(?:期限|周期|时间|区间|范围|时段)[^。]{0,20}?((?:19|20)\d{2})年")


_JAN_FIRST = re.compile(r"((?:19|20)\d{2})年1月1日")


#: the 统计期限 sentence: 1 January … to … 31 December (the end's year may be left out)
_FULL_PERIOD = re.compile(r"((?:19|20)\d{2})年0?1月0?1日[^。]{0,12}?(?:至|到|—|-|～|~)[^。\d]{0,6}?"
                          r"(?:((?:19|20)\d{2})年)?12月31日")


#: a year the narrative speaks of ("2024年，我局…", "2024年度"), not a date inside a period
_MENTION = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?!\d{1,2}月\d{1,2}日)")


def period_year(text: str) -> int | None:
    """The year of a 统计期限 sentence in ``text``: 1 Jan … 31 Dec, else "统计期限…YYYY年", else "YYYY年1月1日"."""
    squashed = squash(text)
    for pattern in (_FULL_PERIOD, _PERIOD_YEAR, _JAN_FIRST):
        match = pattern.search(squashed)
        if match:
            return int(match.group(1))
    return None


def body_year(texts: list[str]) -> int | None:
    """The year the narrative speaks of most, when it clearly does (at least 3 mentions, twice the next)."""
    counts: Counter[int] = Counter()
    for text in texts:
        squashed = _FULL_PERIOD.sub("", squash(text))
        counts.update(int(m.group(1)) for m in _MENTION.finditer(squashed))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def year_votes(title: str | None, intro_text: str, narrative: list[str], published: str | None,
               everything: str) -> dict[str, int]:
    """The evidence of the reporting year, by where it was read."""
    votes: dict[str, int] = {}
    title_match = _YEAR.search(squash(title or ""))
    if title_match:
        votes["title"] = int(title_match.group(1))
    period = period_year(intro_text) or period_year(everything)
    if period is None:
        quoted = QUOTED_TITLE.search(squash(intro_text))
        if quoted:
            votes["preamble"] = int(quoted.group("year"))
    else:
        votes["period"] = period
    body = body_year(narrative)
    if body is not None:
        votes["body"] = body
    if published:
        votes["published"] = int(published[:4]) - 1  # published in 2025: about 2024 (or earlier)
    return votes


#: on a tie, the evidence that says most directly what the figures cover decides: the 统计期限 states
#: it, the title is most often copied from last year's report
_TIE_ORDER = ("period", "body", "published", "preamble", "title")


def choose_year(votes: dict[str, int]) -> int | None:
    """The year most evidence agrees on; on a tie, the year of the strongest kind of evidence (:data:`_TIE_ORDER`)."""
    if not votes:
        return None
    tally = Counter(votes.values())
    best = max(tally.values())
    for kind in _TIE_ORDER:
        if kind in votes and tally[votes[kind]] == best:
            return votes[kind]
    return next(year for year in votes.values() if tally[year] == best)


def pre_2019_signs(blocks: list[Any]) -> list[str]:
    """The signs of the pre-2019 regime the document prints (old sections, the old 统计表's columns)."""
    parts = [b.text for b in blocks if isinstance(b, Paragraph)]
    parts += [c.text for b in blocks if isinstance(b, Table) for row in b.rows for c in row if not c.merged]
    text = squash("\n".join(parts))
    found = []
    for sign in F.PRE_2019_SIGNS:
        # a sign seen only inside a longer sign (同意公开 in 不同意公开) is not a sign of its own
        alone = text.count(sign) - sum(text.count(longer) for longer in F.PRE_2019_SIGNS
                                       if longer != sign and sign in longer)
        if alone > 0:
            found.append(sign)
    return found


