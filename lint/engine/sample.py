"""A complete, balanced 2021-format report, and JSON merge patches over it.

Rule documentation shows each rule's passing and failing example as a patch of
this report, and ``xxgk-lint explain`` and the tests run those patches, so the
documented examples cannot drift from what the rules do.
"""

from __future__ import annotations

import copy
from typing import Any

from lint.vocab import tables as L


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: mappings merge, ``null`` deletes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def applications_table(items: dict[tuple[str, ...], list[int]], carried_over: list[int],
                       carried_forward: list[int] | None = None, fmt: str = "2021") -> dict:
    """A balanced 表三 from the 办理结果 item rows (6 applicant columns each) and 二.

    Row totals, （七）总计 and 一 are derived so that every identity holds; 四 is
    ``carried_forward`` (default zeros) and 一 is whatever balances the table.
    """
    carried_forward = carried_forward or [0] * 6

    def full(six: list[int]) -> list[int]:
        return list(six) + [sum(six)]

    table: dict = {"results": {}}
    totals = [0] * 6
    for row in L.result_item_rows(fmt):
        six = items.get(row.path, [0] * 6)
        totals = [a + b for a, b in zip(totals, six)]
        node = table
        for part in row.path[:-1]:
            node = node.setdefault(part, {})
        node[row.path[-1]] = full(six)
    new_received = [t + f - c for t, f, c in zip(totals, carried_forward, carried_over)]
    table["new_received"] = full(new_received)
    table["carried_over"] = full(carried_over)
    table["results"]["total"] = full(totals)
    table["carried_forward"] = full(carried_forward)
    return table


def appeals_table(groups: list[list[int]]) -> dict:
    return {key: list(parts) + [sum(parts)] for (key, _, _), parts in zip(L.APPEAL_GROUPS, groups)}


SECTION_TEXT = {
    "overview": "2024年，本机关认真贯彻《中华人民共和国政府信息公开条例》，全面推进政务公开工作。"
                "一是做好主动公开，及时发布政策文件和工作动态。二是规范依申请公开办理，全年收到的政府信息公开申请均按时答复。"
                "三是加强政府信息管理，严格执行保密审查制度。四是加强平台建设，做好政府网站和政务新媒体的日常维护。"
                "五是强化监督保障，开展业务培训，落实工作责任。",
    "proactive": "",
    "applications": "",
    "appeals": "",
    "problems": "主要问题：一是政策解读的形式还不够丰富；二是部分栏目信息更新不够及时。"
                "改进情况：针对上年度报告提出的问题，已完成整改。下一步，将加强政策解读，丰富解读形式，"
                "建立栏目更新提醒机制，进一步提升公开质量和实效。",
    "other": "1.信息处理费收取情况：依据《政府信息公开信息处理费管理办法》，本机关2024年度未收取信息处理费。"
             "2.落实上级年度政务公开工作要点情况：已按照上级政务公开工作要点逐项落实。"
             "3.人大代表建议和政协提案办理结果公开情况：本年度承办的建议提案办理结果已全部公开。"
             "4.政务公开工作创新情况：推出政策问答专栏。"
             "5.数据统计需要说明的事项：无。6.认为需要报告的其他事项：无。7.其他有关文件专门要求报告的事项：无。",
}


def clean_report(year: int = 2024) -> dict:
    """A complete 2021-format report with non-zero, balanced tables: no rule should find an error."""
    items = {
        ("results", "granted"): [5, 2, 0, 0, 1, 0],
        ("results", "partially_granted"): [2, 0, 0, 0, 0, 0],
        ("results", "withheld", "third_party_rights"): [1, 0, 0, 0, 0, 0],
        ("results", "unavailable", "not_held"): [3, 1, 0, 0, 0, 0],
        ("results", "not_processed", "duplicate"): [1, 0, 0, 0, 0, 0],
        ("results", "other", "no_correction"): [1, 0, 0, 0, 0, 0],
    }
    return {
        "format": "2021",
        "agency": "某市某局",
        "year": year,
        "level": "department",
        "title": f"某市某局{year}年政府信息公开工作年度报告",
        "intro": f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
                 "如对本报告有疑问，请与本机关办公室联系（电话：0533-1234567）。",
        "sections": {k: {"title": L.SECTION_TITLES[k], "text": t.replace("2024", str(year))}
                     for k, t in SECTION_TEXT.items()},
        "tables": {
            "proactive": {
                "regulations": {"issued": 0, "repealed": 0, "in_force": 2},
                "normative_documents": {"issued": 3, "repealed": 1, "in_force": 12},
                "licensing": {"decisions": 120},
                "punishment": {"decisions": 8},
                "coercion": {"decisions": 0},
                "fees": {"amount": 1.25},
            },
            "applications": applications_table(items, carried_over=[2, 0, 0, 0, 0, 0],
                                               carried_forward=[1, 0, 0, 0, 0, 0]),
            "appeals": appeals_table([[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 0, 0]]),
        },
    }
