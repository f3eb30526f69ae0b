"""The national templates as the assembler matches them: which table a row is in, which row a label names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from lint.ingest.assemble.text import match_key, number_of
from lint.vocab import tables as L

SIGNATURES: dict[str, tuple[str, ...]] = {
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
APP_LEAVES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
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


APP_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("withheld", ("不予公开",)),
    ("unavailable", ("无法提供",)),
    ("not_processed", ("不予处理",)),
    ("other", ("其他处理",)),
    ("results", ("办理结果",)),
)


APP_LABELS = {row.path: row for fmt in ("2021", "2019") for row in L.applications_rows(fmt)}


# 表二 rows: key → keywords on the label key.
PROACTIVE_ROWS: tuple[tuple[str, Callable[[str], bool]], ...] = (
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
APPEAL_GROUP_WORDS = (("reconsideration", ("行政复议",)),
                       ("litigation_direct", ("直接起诉",)),
                       ("litigation_after_reconsideration", ("复议后起诉",)))


APPEAL_GROUP_LABELS = {"reconsideration": "行政复议", "litigation_direct": "未经复议直接起诉",
                        "litigation_after_reconsideration": "复议后起诉"}


@dataclass
class Match:
    kind: str  # "leaf" | "category" | "group" | "row"
    key: Any


def match_application(text: str, first: bool, has_values: bool) -> Match | None:
    found = _application(text, first, has_values)
    return Match(*found) if found is not None else None


@lru_cache(maxsize=16384)  # a label's reading depends on it alone: the same labels come back on every page
def _application(text: str, first: bool, has_values: bool) -> tuple[str, Any] | None:
    key = match_key(text)
    if not key:
        return None
    for path, words in APP_LEAVES:
        if any(word in key for word in words):
            return ("leaf", path)
    if key == "其他":
        return ("leaf", ("results", "other", "other"))
    # 总计 is also a column header: as a row label it is numbered (七) or leads a row of values.
    if key == "总计" and (number_of(text) == "七" or (first and has_values)):
        return ("leaf", ("results", "total"))
    for category, words in APP_CATEGORIES:
        if any(word in key for word in words):
            return ("category", category)
    return None


def match_proactive(text: str, first: bool, has_values: bool) -> Match | None:
    key = match_key(text)
    for row, test in PROACTIVE_ROWS:
        if key and test(key):
            return Match("row", row)
    return None


def match_appeal(text: str, first: bool, has_values: bool) -> Match | None:
    key = match_key(text)
    for group, words in APPEAL_GROUP_WORDS:
        if any(word in key for word in words):
            return Match("group", group)
    return None


MATCHERS: dict[str, Callable[[str, bool, bool], Match | None]] = {
    "proactive": match_proactive, "applications": match_application, "appeals": match_appeal,
}
