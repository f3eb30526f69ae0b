"""Narrative rules stay linear in the length of the text.

Every narrative rule reads each sentence once against a fixed list of phrases; nothing scans all
sentences against all sentences.  150 KB of repetitive narrative (the worst a real report gets,
with every kind of claim on every line) must be read well under a second, and ten times the text
must cost about ten times the time, not a hundred.
"""

from __future__ import annotations

import time

from lint.model import SourceMap
from tests.factory import clean_report, merge_patch

UNIT = ("本年度共收到政府信息公开申请16件，予以公开8件，部分公开2件，因本机关不掌握等原因无法提供4件；"
        "行政复议2件，均获维持，无结转。本机关2024年度未收取信息处理费，如申请数量明显超过合理范围的，"
        "将依照规定收取。统计期限为2024年1月1日至12月31日，联系电话0591-1234567。")


def _report(size: int, punctuated: bool = True) -> dict:
    text = (UNIT * (size // len(UNIT) + 1))[: size // 4]
    if not punctuated:  # one endless sentence: no split keeps the work small
        text = text.replace("，", "").replace("。", "").replace("；", "")
    return merge_patch(clean_report(2024), {"sections": {key: {"text": text} for key in
                                                         ("overview", "applications", "problems", "other")}})


def _best(engine, report: dict) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        engine.check(report, SourceMap(), "narrative.yaml")
        best = min(best, time.perf_counter() - start)
    return best


def test_150_kb_of_narrative_is_read_well_under_a_second(engine):
    assert _best(engine, _report(150_000)) < 1.0


def test_ten_times_the_text_costs_about_ten_times_the_time(engine):
    for punctuated in (True, False):
        small, large = _best(engine, _report(15_000, punctuated)), _best(engine, _report(150_000, punctuated))
        assert large < 25 * max(small, 0.005), (punctuated, small, large)
