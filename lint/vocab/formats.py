"""How a report shows which national format its tables follow (domain-rules 3.5).

The importer decides a report's format from these signals; the checks name
the same labels when they report old tables in a new report (M604) or a few
old labels left in a new table (M605).
"""

from __future__ import annotations

import re

#: Labels that only one of the two formats prints (as label keys: no spaces or brackets).
SIGNALS: dict[str, tuple[str, ...]] = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
             "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额", "第二十条第(九)项",
             "第二十条第九项"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
             "行政规范性文件", "逾期不补正", "收费通知"),
}

#: 2019 labels that, alone in a 2021 skeleton, are a leftover rather than the old table (FMT-003).
LEGACY_LABELS = {"本年新制作数量": "本年制发件数", "规范性文件": "行政规范性文件", "处理决定数量": "本年处理决定数量"}

#: 2019 labels whose presence in a 2021-or-later report means the old table itself (FMT-002).
LEGACY_TABLE_SIGNALS = ("本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项",
                        "政府集中采购", "采购项目数量", "采购总金额")

#: 规范性文件 not preceded by 行政: the 2019 wording of the row.
LEGACY_NORMATIVE = re.compile(r"(?<!行政)规范性文件")

#: Signs of a report of the pre-2019 regime (the 2008 条例 and its free-form 统计表).
PRE_2019_SIGNS = ("指标名称", "计量单位", "同意公开", "不同意公开", "非本部门掌握", "收费及减免",
                  "咨询处理情况", "国务院令第492号")
