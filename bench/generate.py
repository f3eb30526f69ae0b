"""Generate a corpus of realistic structured reports (YAML), HTML renderings and corrupt files.

    python bench/generate.py OUT_DIR -n N [--seed S] [--html-every K] [--corrupt M] [--defects F] [--verify]

Writes, under OUT_DIR:

* ``yaml/0000/ … yaml/NNNN/``: N structured reports, 1,000 per folder (so ``yaml/0000`` is a
  1,000-report batch and ``yaml`` the whole corpus).  Agencies come from a few provinces at
  province, city, district and town level; each agency has a run of consecutive years in
  2021–2025 (files of one agency are adjacent, so cross-year checks have pairs to compare);
  carry-over and 现行有效 counts chain from year to year; narratives of about 2–4 KB are
  composed from phrase pools with the agency's own numbers; tables are random but balanced.
* about ``--defects`` (default 10%) of the reports carry one planted defect: an unbalanced
  cell, blank cells, no 信息处理费 statement, or a wrong year in the title or statistical period.
* ``html/``: every K-th report (``--html-every K``) also as a government-style web page
  (site chrome around an article; 表二/三/四 as ``<table>`` in the official rowspan/colspan layout).
* ``corrupt/``: M broken inputs, cycling through binary junk named ``.yaml``, a truncated
  report and an empty file.
* ``manifest.json``: counts, the planted defect of each defective report (``expect``: rule
  codes of which at least one should be raised), the HTML files and the YAML each renders,
  and the corrupt files.

Deterministic for a seed: the same arguments write byte-identical files.  Uses only the
standard library plus :mod:`lint.vocab.tables` / :mod:`lint.engine.sample` for the table layouts, and its own
small YAML writer (``lint.ingest.serialize.to_yaml`` costs ~15 ms a report: too slow for 10,000);
``--verify`` re-reads every 50th YAML with the project's loader and every HTML page with its
importer and checks both give back what was generated.
"""

from __future__ import annotations

import argparse
import html as htmlmod
import json
import random
import re
import sys
import time
import zlib
from pathlib import Path
from typing import Any

try:
    from lint.vocab import tables as L
    from lint.engine.sample import applications_table, appeals_table
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from lint.vocab import tables as L
    from lint.engine.sample import applications_table, appeals_table

YEARS = (2021, 2022, 2023, 2024, 2025)
PER_FOLDER = 1000

# ======================================================================= agencies

PROVINCES: dict[str, dict[str, list[str]]] = {
    "山东省": {
        "济南市": ["历下区", "市中区", "槐荫区", "天桥区", "历城区", "章丘区"],
        "青岛市": ["市南区", "市北区", "黄岛区", "崂山区", "李沧区", "城阳区"],
        "淄博市": ["张店区", "淄川区", "博山区", "周村区", "临淄区", "桓台县"],
    },
    "福建省": {
        "福州市": ["鼓楼区", "台江区", "仓山区", "晋安区", "长乐区", "闽侯县"],
        "厦门市": ["思明区", "湖里区", "集美区", "海沧区", "同安区", "翔安区"],
        "泉州市": ["鲤城区", "丰泽区", "洛江区", "泉港区", "晋江市", "惠安县"],
    },
    "江苏省": {
        "南京市": ["玄武区", "秦淮区", "建邺区", "鼓楼区", "江宁区", "浦口区"],
        "苏州市": ["姑苏区", "虎丘区", "吴中区", "相城区", "吴江区", "昆山市"],
        "淮安市": ["清江浦区", "淮安区", "淮阴区", "洪泽区", "涟水县", "盱眙县"],
    },
    "四川省": {
        "成都市": ["锦江区", "青羊区", "金牛区", "武侯区", "成华区", "双流区"],
        "绵阳市": ["涪城区", "游仙区", "安州区", "江油市", "三台县", "盐亭县"],
    },
    "广东省": {
        "广州市": ["越秀区", "海珠区", "天河区", "白云区", "黄埔区", "番禺区"],
        "深圳市": ["福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "龙华区"],
        "佛山市": ["禅城区", "南海区", "顺德区", "三水区", "高明区"],
    },
}
# (name, scale of application volume)
DEPARTMENTS = [
    ("发展和改革委员会", 0.6), ("教育局", 1.0), ("科学技术局", 0.3), ("工业和信息化局", 0.4), ("公安局", 2.0),
    ("民政局", 0.8), ("司法局", 0.5), ("财政局", 0.6), ("人力资源和社会保障局", 1.5),
    ("自然资源和规划局", 3.0), ("生态环境局", 1.2), ("住房和城乡建设局", 2.5), ("交通运输局", 0.9),
    ("水利局", 0.4), ("农业农村局", 0.7), ("商务局", 0.3), ("文化和旅游局", 0.3), ("卫生健康委员会", 0.9),
    ("退役军人事务局", 0.3), ("应急管理局", 0.5), ("审计局", 0.2), ("市场监督管理局", 1.8),
    ("统计局", 0.2), ("医疗保障局", 0.6), ("城市管理局", 0.9), ("投资促进局", 0.1), ("行政审批服务局", 0.8),
    ("林业局", 0.3), ("体育局", 0.1), ("档案局", 0.1), ("人民防空办公室", 0.2), ("地方金融管理局", 0.2),
]
TOWNS = ["城关街道办事处", "新华街道办事处", "东风镇人民政府", "太平镇人民政府", "龙泉街道办事处"]
OTHERS = [("公共资源交易中心", 0.3), ("住房公积金管理中心", 0.5), ("机关事务管理局", 0.1)]


AREA_CODES = {"山东省": "0531", "济南市": "0531", "青岛市": "0532", "淄博市": "0533", "福建省": "0591",
              "福州市": "0591", "厦门市": "0592", "泉州市": "0595", "江苏省": "025", "南京市": "025",
              "苏州市": "0512", "淮安市": "0517", "四川省": "028", "成都市": "028", "绵阳市": "0816",
              "广东省": "020", "广州市": "020", "深圳市": "0755", "佛山市": "0757"}


def agency_pool(rng: random.Random) -> list[dict]:
    """Every agency name we can make, shuffled: (name, level, scale, contact area code)."""
    pool = []
    for province, cities in PROVINCES.items():
        pool.append({"name": f"{province}人民政府", "level": "government", "scale": 12.0, "place": province})
        for dept, scale in DEPARTMENTS[:12]:
            pool.append({"name": f"{province}{dept}", "level": "department", "scale": scale * 1.5,
                         "place": province})
        for city, districts in cities.items():
            pool.append({"name": f"{city}人民政府", "level": "government", "scale": 8.0, "place": city})
            for dept, scale in DEPARTMENTS:
                pool.append({"name": f"{city}{dept}", "level": "department", "scale": scale, "place": city})
            for other, scale in OTHERS:
                pool.append({"name": f"{city}{other}", "level": "other", "scale": scale, "place": city})
            for district in districts:
                pool.append({"name": f"{city}{district}人民政府", "level": "government", "scale": 3.0,
                             "place": district})
                for dept, scale in DEPARTMENTS:
                    pool.append({"name": f"{city}{district}{dept}", "level": "department", "scale": scale * 0.4,
                                 "place": district})
                for town in TOWNS[:3]:
                    pool.append({"name": f"{city}{district}{town}", "level": "government", "scale": 0.3,
                                 "place": town})
    rng.shuffle(pool)
    for agency in pool:
        code = next(c for area, c in AREA_CODES.items() if agency["name"].startswith(area))
        agency["phone"] = f"{code}-{rng.randrange(10 ** (10 - len(code)) * 2, 10 ** (11 - len(code)) - 1)}"
    return pool


def plan(n: int, rng: random.Random) -> list[tuple[dict, list[int]]]:
    """(agency, its years) until n reports are planned; most agencies have consecutive years."""
    pool = agency_pool(rng)
    out, total, index, round_ = [], 0, 0, 0
    while total < n:
        if index == len(pool):  # more reports than agency names: a second round, renamed
            index, round_ = 0, round_ + 1
        agency = dict(pool[index])
        index += 1
        if round_:
            agency["name"] = agency["name"].replace("人民政府", f"第{round_ + 1}人民政府", 1) \
                if "人民政府" in agency["name"] else agency["name"] + f"第{round_ + 1}分局"
        length = rng.choices((1, 2, 3, 4, 5), weights=(15, 20, 25, 20, 20))[0]
        start = rng.randint(YEARS[0], YEARS[-1] - length + 1)
        years = list(range(start, start + length))
        if length >= 4 and rng.random() < 0.1:
            years.pop(rng.randrange(1, length - 1))  # a year not published (or not collected)
        years = years[: n - total]
        out.append((agency, years))
        total += len(years)
    return out


# ======================================================================= tables

# 办理结果 rows and how often an application ends there
RESULT_WEIGHTS = {
    ("results", "granted"): 45, ("results", "partially_granted"): 8,
    ("results", "withheld", "state_secret"): 0.3, ("results", "withheld", "prohibited_by_law"): 0.6,
    ("results", "withheld", "three_safety_one_stability"): 0.4, ("results", "withheld", "third_party_rights"): 1.5,
    ("results", "withheld", "internal_affairs"): 1.2, ("results", "withheld", "process_information"): 1.5,
    ("results", "withheld", "enforcement_files"): 1.0, ("results", "withheld", "query_matters"): 1.5,
    ("results", "unavailable", "not_held"): 22, ("results", "unavailable", "needs_creation"): 3,
    ("results", "unavailable", "unclear_after_correction"): 2,
    ("results", "not_processed", "petition_complaint"): 3, ("results", "not_processed", "duplicate"): 3,
    ("results", "not_processed", "publication"): 0.5, ("results", "not_processed", "excessive"): 0.8,
    ("results", "not_processed", "confirmation"): 0.7,
    ("results", "other", "no_correction"): 3, ("results", "other", "unpaid_fee"): 0.2,
    ("results", "other", "other"): 1.5,
}
RESULT_ROWS = [row.path for row in L.result_item_rows("2021")]
RESULT_CUM = []
_acc = 0.0
for _path in RESULT_ROWS:
    _acc += RESULT_WEIGHTS[_path]
    RESULT_CUM.append(_acc)
COLUMN_WEIGHTS = (86, 9, 0.5, 0.8, 1.2, 2.5)  # 自然人 dominates


def split(rng: random.Random, total: int, cum: list[float], k: int) -> list[int]:
    counts = [0] * k
    if total:
        for i in rng.choices(range(k), cum_weights=cum, k=total):
            counts[i] += 1
    return counts


_COLUMN_CUM = [sum(COLUMN_WEIGHTS[: i + 1]) for i in range(6)]


def make_applications(rng: random.Random, scale: float, carried_over: list[int] | None,
                      previous_new: int | None) -> dict:
    if previous_new is not None and rng.random() < 0.97:
        # year on year: within a factor of about 2 of last year
        new_total = max(0, round(previous_new * rng.uniform(0.6, 1.6) + rng.randint(-2, 2)))
    elif rng.random() < (0.3 if scale < 0.5 else 0.08):
        new_total = 0
    else:
        new_total = max(0, int(rng.lognormvariate(0, 0.9) * scale * 25))
    new = split(rng, new_total, _COLUMN_CUM, 6)
    co = list(carried_over) if carried_over is not None else [
        rng.randint(0, max(0, n // 15)) if rng.random() < 0.4 else 0 for n in new]
    cf = [rng.randint(0, max(0, (n + c) // 12)) if (n + c) and rng.random() < 0.4 else 0 for n, c in zip(new, co)]
    items: dict[tuple[str, ...], list[int]] = {path: [0] * 6 for path in RESULT_ROWS}
    for col in range(6):
        handled = new[col] + co[col] - cf[col]
        for path, count in zip(RESULT_ROWS, split(rng, handled, RESULT_CUM, len(RESULT_ROWS))):
            items[path][col] = count
    table = applications_table(items, carried_over=co, carried_forward=cf)
    return {key: table[key] for key in ("new_received", "carried_over", "results", "carried_forward")}


def make_appeals(rng: random.Random, scale: float, applications: dict) -> dict:
    if not applications["new_received"][6] and not applications["carried_over"][6] and rng.random() < 0.95:
        return appeals_table([[0] * 4] * 3)  # no applications: (almost always) no appeals either
    groups = []
    for factor in (0.06, 0.03, 0.01):
        n = 0
        if rng.random() < min(0.9, scale * factor * 3):
            n = max(1, int(rng.expovariate(1.0) * scale * factor * 10))
        parts = split(rng, n, [60, 75, 88, 100], 4)
        groups.append(parts)
    return appeals_table(groups)


def make_proactive(rng: random.Random, agency: dict, previous: dict | None) -> dict:
    scale = agency["scale"]
    is_gov = agency["level"] == "government" and scale >= 3
    table: dict[str, dict] = {}
    for key, can_issue in (("regulations", is_gov and scale >= 8), ("normative_documents", True)):
        issued = rng.randint(0, 4 if key == "regulations" else max(1, int(scale * 6))) if can_issue else 0
        if previous:
            before = previous[key]["in_force"]
        elif key == "regulations":
            before = rng.randint(10, 120) if can_issue else 0
        else:
            before = rng.randint(0, int(scale * 40) + 5)
        repealed = min(before, rng.randint(0, max(0, before // 8))) if rng.random() < 0.5 else 0
        table[key] = {"issued": issued, "repealed": repealed, "in_force": before + issued - repealed}
    table["licensing"] = {"decisions": int(rng.lognormvariate(0, 1.2) * scale * 300) if rng.random() < 0.7 else 0}
    table["punishment"] = {"decisions": int(rng.lognormvariate(0, 1.2) * scale * 40) if rng.random() < 0.6 else 0}
    table["coercion"] = {"decisions": int(rng.lognormvariate(0, 1.0) * scale * 5) if rng.random() < 0.3 else 0}
    fee = round(rng.lognormvariate(0, 1.5) * scale * 30, 2) if rng.random() < 0.35 else 0
    table["fees"] = {"amount": fee}
    return table


# ======================================================================= narrative

LEADS = [
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》和上级关于政务公开工作的部署要求，以公开促落实、以公开促规范、以公开促服务，政务公开工作取得新成效。现将有关情况报告如下。",
    "{year}年，在上级政务公开主管部门的指导下，{agency}紧紧围绕中心工作，全面落实政府信息公开各项要求，持续深化政务公开，不断提升公开质量和实效。",
    "{year}年，{agency}深入贯彻党中央、国务院关于全面推进政务公开的决策部署，严格执行《中华人民共和国政府信息公开条例》，聚焦群众关切，推动政务公开工作规范化、标准化发展。",
    "{year}年，{agency}把政务公开作为建设法治政府、服务型政府的重要抓手，健全工作机制，压实工作责任，各项工作有序推进。",
    "{year}年，{agency}按照《{year}年政务公开工作要点》要求，围绕重点领域信息公开、政策解读和回应关切，扎实做好政府信息公开各项工作。",
]
PROACTIVE = [
    "全年通过政府网站主动公开政府信息{a}条，其中政策文件{b}条、工作动态{c}条。",
    "通过政务新媒体发布信息{a}条，开展政策解读{d}篇，以图解、视频等形式解读政策{e}次。",
    "围绕财政预决算、重大建设项目、公共资源配置、民生保障等重点领域，及时主动公开相关信息{b}条。",
    "及时公开规范性文件、权责清单和行政执法信息，做到应公开尽公开。",
    "组织召开新闻发布会{e}场，主要负责同志带头解读重要政策{f}次。",
    "更新完善主动公开基本目录，梳理公开事项{d}项，明确公开主体、公开时限和公开方式。",
    "在“双公示”平台公示行政许可和行政处罚信息{c}条，信息公示及时率达到100%。",
]
GOVERNANCE = [
    "在信息发布前严格落实保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年未发生失泄密事件。",
    "建立健全政府信息管理动态调整机制，对现行有效的规范性文件进行全面清理，及时标注文件有效性。",
    "规范公文公开属性源头认定，在公文办理环节同步确定公开方式，全年审查拟公开信息{a}条。",
    "落实信息发布审核制度，明确各科室信息审核责任，确保发布信息准确、规范、安全。",
    "按照政府信息管理有关规定，对历史公开信息开展常态化排查，清理过时信息{d}条。",
]
PLATFORMS = [
    "持续优化政府网站栏目设置，完善政府信息公开专栏，做好网站日常运维和安全防护工作。",
    "加强政务新媒体管理，规范信息发布流程，政务新媒体全年发布信息{a}条，关注人数持续增长。",
    "依托政务服务中心设置政府信息公开查阅点，为群众提供查阅、咨询服务{d}人次。",
    "按期完成政府网站和政务新媒体季度检查，检查发现问题均已整改到位。",
    "推进政府信息公开平台与政务服务平台融合，实现办事指南、办理结果同步公开。",
]
SAFEGUARDS = [
    "调整充实政务公开工作领导小组，明确分管领导和具体工作人员，形成主要领导负总责、分管领导具体抓的工作格局。",
    "将政务公开工作纳入年度目标考核，组织开展业务培训{e}次，参训人员{d}人次。",
    "建立政务公开工作监督机制，定期通报各科室信息报送和发布情况，督促落实工作责任。",
    "积极参加上级组织的政务公开专题培训，提升工作人员依法公开的意识和能力。",
]
GOV_ACCOUNTABILITY = [
    "将政务公开工作纳入绩效考核体系，邀请人大代表、政协委员和群众代表开展社会评议，全年未发生因政务公开工作不到位被追究责任的情况。",
    "完善政务公开考核、社会评议和责任追究制度，对考核中发现的问题及时督促整改，本年度无责任追究情况。",
]
PROBLEMS = [
    "政策解读的形式还不够丰富，图解、视频等解读方式运用较少",
    "部分栏目信息更新不够及时，信息发布的时效性有待提高",
    "依申请公开答复的规范化水平仍需提升，个别答复说理不够充分",
    "政务公开工作人员多为兼职，业务能力与新形势新要求还有差距",
    "政务新媒体互动回应不够及时，在阅读量、活跃度方面还有待提升",
    "基层政务公开标准化规范化建设有待深化，公开事项目录还需动态完善",
]
IMPROVEMENTS = [
    "丰富政策解读形式，综合运用图表图解、音频视频等方式开展多元化解读",
    "建立栏目更新提醒机制，明确责任科室和更新时限，确保信息及时准确",
    "加强依申请公开办理工作，严格执行答复文书规范，提升答复质量",
    "加强业务培训，组织工作人员学习《中华人民共和国政府信息公开条例》，提升专业能力",
    "加强政务新媒体运营，及时回应公众关切，进一步提升公开实效",
    "对照标准目录逐项梳理公开事项，推进基层政务公开标准化规范化建设",
]
RECTIFICATION = [
    "针对上年度报告提出的问题，已逐项制定整改措施并全部落实到位。",
    "对上一年度报告中指出的问题，通过完善制度和加强培训进行了整改，取得了明显成效。",
    "去年报告所列问题已完成整改，相关栏目更新和解读工作得到加强。",
]
INNOVATION = [
    "推出“政策问答”专栏，以问答形式解读群众关心的热点问题",
    "开展“政府开放日”活动，邀请群众代表走进机关，零距离了解政务工作",
    "在政务服务大厅设置政务公开专区，提供政策咨询和信息查阅服务",
    "创新推出政策解读短视频，提升政策传播力和影响力",
    "建立政策文件“一文一解读”机制，实现解读材料与政策文件同步发布",
]


def _numbers(rng: random.Random, scale: float) -> dict:
    base = max(20, int(scale * rng.randint(80, 400)))
    b = max(1, int(base * rng.uniform(0.1, 0.4)))
    return {"a": base, "b": b, "c": max(1, int((base - b) * rng.uniform(0.3, 0.9))),
            "d": rng.randint(5, 300), "e": rng.randint(1, 12), "f": rng.randint(1, 6)}


def _row_total(table: dict, path: tuple[str, ...]) -> int:
    node: Any = table
    for part in path:
        node = node[part]
    return node[6]


def narrative(rng: random.Random, agency: dict, year: int, tables: dict) -> dict[str, str]:
    name, scale = agency["name"], agency["scale"]
    apps, appeals = tables["applications"], tables["appeals"]
    received, carried = apps["new_received"][6], apps["carried_over"][6]
    handled, forward = apps["results"]["total"][6], apps["carried_forward"][6]
    granted = _row_total(apps, ("results", "granted")) + _row_total(apps, ("results", "partially_granted"))

    def pick(pool: list[str], k: int) -> str:
        return "".join(s.format(**_numbers(rng, scale), year=year, agency=name) for s in rng.sample(pool, k))

    if received == 0 and carried == 0:
        applications = rng.choice([
            f"{year}年，本机关未收到政府信息公开申请。",
            "本年度未收到政府信息公开申请，无上年结转申请。",
        ])
    else:
        applications = (f"全年新收政府信息公开申请{received}件，上年结转{carried}件，已办结{handled}件，"
                        f"结转下年度继续办理{forward}件。")
        if granted and rng.random() < 0.6:
            applications += f"予以公开和部分公开共{granted}件。"
        applications += rng.choice([
            "所有申请均在法定期限内答复，答复内容规范完整。",
            "严格按照法定程序办理，做到依法依规、按时答复。",
            "进一步规范登记、审核、答复等环节，确保答复合法合规。",
        ])
    recon = appeals["reconsideration"][4]
    litig = appeals["litigation_direct"][4] + appeals["litigation_after_reconsideration"][4]
    if recon == 0 and litig == 0:
        applications += "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    else:
        applications += f"全年涉及政府信息公开的行政复议{recon}件、行政诉讼{litig}件。"

    numbering = rng.choice([("一是", "二是", "三是", "四是", "五是"), ("（一）", "（二）", "（三）", "（四）", "（五）"),
                            ("1.", "2.", "3.", "4.", "5.")])
    heads = [rng.choice(["主动公开情况。", "做好主动公开工作。", "深化主动公开。"]),
             rng.choice(["依申请公开情况。", "规范依申请公开办理。", "强化依申请公开。"]),
             rng.choice(["政府信息管理情况。", "加强政府信息管理。", "优化政府信息管理。"]),
             rng.choice(["平台建设情况。", "加强平台建设。", "发挥平台阵地作用。"]),
             rng.choice(["监督保障情况。", "强化监督保障。", "加强组织保障。"])]
    bodies = [pick(PROACTIVE, rng.randint(2, 4)), applications, pick(GOVERNANCE, rng.randint(1, 3)),
              pick(PLATFORMS, rng.randint(1, 3)), pick(SAFEGUARDS, rng.randint(1, 3))]
    if agency["level"] == "government":
        bodies[4] += rng.choice(GOV_ACCOUNTABILITY)
    overview = "\n".join([rng.choice(LEADS).format(year=year, agency=name)]
                         + [f"{n}{h}{b}" for n, h, b in zip(numbering, heads, bodies)])

    k = rng.randint(2, 3)
    problems_idx = rng.sample(range(len(PROBLEMS)), k)
    first, second = ("一是", "二是", "三是"), ("一是", "二是", "三是")
    problems = "\n".join([
        "（一）存在的主要问题：" + "；".join(f"{first[i]}{PROBLEMS[j]}" for i, j in enumerate(problems_idx)) + "。",
        "（二）改进措施：" + "；".join(f"{second[i]}{IMPROVEMENTS[j]}" for i, j in enumerate(problems_idx)) + "。"
        + rng.choice(RECTIFICATION),
    ])

    fee_yuan = 0 if rng.random() < 0.9 else rng.randint(1, 20) * 10
    cite = "依据《政府信息公开信息处理费管理办法》，" if rng.random() < 0.85 else ""
    fee = (f"{cite}本机关{year}年度未收取信息处理费。" if fee_yuan == 0 else
           f"{cite}本机关{year}年度收取信息处理费{fee_yuan}元。")
    if apps["results"]["other"]["unpaid_fee"][6]:
        fee += "对逾期未缴费的申请人已依法发出收费通知。"
    proposals = rng.randint(0, 30)
    proposal = (f"{year}年承办人大代表建议和政协提案共{proposals}件，办理结果已按要求公开。" if proposals else
                "本年度未承办人大代表建议和政协提案。")
    other_items = [
        ("信息处理费收取情况", fee),
        ("落实上级年度政务公开工作要点情况",
         rng.choice(["已按照上级政务公开工作要点逐项落实，各项任务均按期完成。",
                     "对照上级年度政务公开工作要点，制定任务清单，逐项推进落实。"])),
        ("人大代表建议和政协提案办理结果公开情况", proposal),
        ("政务公开工作创新情况", "；".join(rng.sample(INNOVATION, rng.randint(1, 2))) + "。"),
        ("数据统计需要说明的事项", "无。"),
        ("认为需要报告的其他事项", "无。"),
        ("其他有关文件专门要求报告的事项", "无。"),
    ]
    other = "\n".join(f"{i}.{title}：{text}" for i, (title, text) in enumerate(other_items, 1))
    return {"overview": overview, "proactive": "", "applications": "", "appeals": "",
            "problems": problems, "other": other}


# ======================================================================= one report


def make_report(rng: random.Random, agency: dict, year: int, state: dict) -> dict:
    proactive = make_proactive(rng, agency, state.get("proactive"))
    applications = make_applications(rng, agency["scale"], state.get("carried_forward"), state.get("new"))
    appeals = make_appeals(rng, agency["scale"], applications)
    tables = {"proactive": proactive, "applications": applications, "appeals": appeals}
    state.update(proactive=proactive, carried_forward=applications["carried_forward"][:6],
                 new=applications["new_received"][6])
    texts = narrative(rng, agency, year, tables)
    deadline_day = rng.randint(8, 30) if agency["level"] != "government" else rng.randint(10, 60)
    month, day = (1, deadline_day) if deadline_day <= 31 else (2, deadline_day - 31)
    name = agency["name"]
    return {
        "format": "2021",
        "agency": name,
        "year": year,
        "level": agency["level"],
        "published": f"{year + 1}-{month:02d}-{min(day, 28):02d}",
        "title": f"{name}{year}年政府信息公开工作年度报告",
        "intro": (f"本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息公开办公室有关要求编制。"
                  f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
                  f"如对本报告有疑问，请与{name}办公室联系（电话：{agency['phone']}）。"),
        "sections": {k: {"title": L.SECTION_TITLES[k], "text": texts[k]} for k in L.SECTION_KEYS},
        "tables": tables,
    }


DEFECTS = ("unbalanced", "blank", "fee", "year")


def plant(rng: random.Random, report: dict) -> dict:
    """One defect, in place; returns what was planted and the codes it should raise."""
    kind = rng.choice(DEFECTS)
    apps = report["tables"]["applications"]
    if kind == "unbalanced":
        path = rng.choice(RESULT_ROWS)
        row: Any = apps
        for part in path:
            row = row[part]
        col = rng.randrange(6)
        row[col] += rng.randint(1, 3)
        # the row no longer adds up (B303) and neither does its column (B302): either may be reported
        return {"defect": kind, "pointer": "/tables/applications/" + "/".join(path) + f"/{col}",
                "expect": ["B302", "B303"]}
    if kind == "blank":
        pointers = []
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(RESULT_ROWS)
            row = apps
            for part in path:
                row = row[part]
            col = rng.randrange(6)
            row[col] = None
            pointers.append("/tables/applications/" + "/".join(path) + f"/{col}")
        return {"defect": kind, "pointer": pointers[0], "pointers": sorted(set(pointers)), "expect": ["T202"]}
    if kind == "fee":
        other = report["sections"]["other"]
        lines = other["text"].split("\n")
        other["text"] = "\n".join(["1.收费情况：本年度无相关情况。"] + lines[1:])
        return {"defect": kind, "pointer": "/sections/other/text", "expect": ["F401"]}
    year = report["year"]
    if rng.random() < 0.5:
        report["title"] = report["title"].replace(f"{year}年", f"{year - 1}年", 1)
        return {"defect": "year", "pointer": "/title", "expect": ["M601"]}
    report["intro"] = report["intro"].replace(f"{year}年1月1日", f"{year - 1}年1月1日").replace(
        f"{year}年12月31日", f"{year - 1}年12月31日")
    return {"defect": "year", "pointer": "/intro", "expect": ["M602"]}


# ======================================================================= YAML writer

_OTHER_TYPE = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|no|on|off|Yes|No|On|Off|YES|NO|ON|OFF"
    r"|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?0o[0-7_]+"
    r"|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|\d{4}-\d{1,2}-\d{1,2}.*)$")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f:#{}\[\],&*!|>'\"%@`?\\\u2028\u2029\ufeff\u0085]")
_BLOCK_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff\u0085]")


def _scalar(value: Any, flow: bool = False) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if re.fullmatch(r"-?\d+\.\d+", text) else json.dumps(value)
    text = str(value)
    if (flow or not text or text != text.strip() or _UNSAFE.search(text) or text[0] in "-"
            or _OTHER_TYPE.match(text)):
        return json.dumps(text, ensure_ascii=False)
    return text


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _emit(value: Any, indent: int, out: list[str]) -> None:
    """A block mapping at ``indent`` spaces (the structure of a report: mappings all the way down)."""
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict):
            if item and all(_is_scalar(v) and not isinstance(v, str) for v in item.values()):
                inner = ", ".join(f"{k}: {_scalar(v, True)}" for k, v in item.items())
                out.append(f"{pad}{key}: {{{inner}}}\n")
            elif item:
                out.append(f"{pad}{key}:\n")
                _emit(item, indent + 2, out)
            else:
                out.append(f"{pad}{key}: {{}}\n")
        elif isinstance(item, list):
            if all(_is_scalar(v) for v in item):
                out.append(f"{pad}{key}: [{', '.join(_scalar(v, True) for v in item)}]\n")
            else:  # not used by reports; kept correct anyway
                out.append(f"{pad}{key}: {json.dumps(item, ensure_ascii=False)}\n")
        elif isinstance(item, str) and "\n" in item.rstrip("\n") and not item[:1].isspace() \
                and not item.endswith("\n\n") and not _BLOCK_UNSAFE.search(item):
            chomp = "" if item.endswith("\n") else "-"
            body = item[:-1] if chomp == "" else item
            out.append(f"{pad}{key}: |{chomp}\n")
            inner = pad + "  "
            out.extend((inner + line if line else "") + "\n" for line in body.split("\n"))
        else:
            out.append(f"{pad}{key}: {_scalar(item)}\n")


def to_yaml(report: dict, header: str = "") -> str:
    out = [f"# {header}\n"] if header else []
    _emit(report, 0, out)
    return "".join(out)


# ======================================================================= HTML writer


def _cell(value: Any) -> str:
    if value is None:
        return "&nbsp;"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return htmlmod.escape(str(value))


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f"<td{attrs}>{text}</td>"


def table2_html(table: dict) -> str:
    rows = []
    for block in L.proactive_blocks("2021"):
        rows.append(_td(htmlmod.escape(block.caption), colspan=4))
        if len(block.columns) == 3:
            rows.append(_td("信息内容") + "".join(_td(htmlmod.escape(label)) for _, label in block.columns))
            for key, label in block.rows:
                rows.append(_td(label) + "".join(_td(_cell(table[key][col])) for col, _ in block.columns))
        else:
            (col, col_label), = block.columns
            rows.append(_td("信息内容") + _td(htmlmod.escape(col_label), colspan=3))
            for key, label in block.rows:
                rows.append(_td(label) + _td(_cell(table[key][col]), colspan=3))
    return _table(rows)


def _table(rows: list[str]) -> str:
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    return f'<table border="1" cellspacing="0" cellpadding="0" width="100%">\n<tbody>\n{body}\n</tbody>\n</table>'


def table3_html(table: dict) -> str:
    def values(path: tuple[str, ...]) -> str:
        node: Any = table
        for part in path:
            node = node[part]
        return "".join(_td(_cell(v)) for v in node)

    rows = [
        _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3)
        + _td("申请人情况", colspan=7),
        _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2),
        "".join(_td(c) for c in L.APPLICANT_COLUMNS[1:6]),
    ]
    rows.append(_td(L.NEW_RECEIVED.label, colspan=3) + values(L.NEW_RECEIVED.path))
    rows.append(_td(L.CARRIED_OVER.label, colspan=3) + values(L.CARRIED_OVER.path))
    item_rows = L.result_item_rows("2021") + [L.RESULTS_TOTAL]
    seen_parent: set[str] = set()
    for i, row in enumerate(item_rows):
        cells = _td("三、本年度办理结果", rowspan=len(item_rows)) if i == 0 else ""
        if row.parent and row.parent != "三、本年度办理结果":
            if row.parent not in seen_parent:
                seen_parent.add(row.parent)
                span = sum(1 for r in item_rows if r.parent == row.parent)
                cells += _td(htmlmod.escape(row.parent), rowspan=span)
            cells += _td(htmlmod.escape(row.label))
        else:
            cells += _td(htmlmod.escape(row.label), colspan=2)
        rows.append(cells + values(row.path))
    rows.append(_td(L.CARRIED_FORWARD.label, colspan=3) + values(L.CARRIED_FORWARD.path))
    return _table(rows)


def table4_html(table: dict) -> str:
    short = ["结果维持", "结果<br>纠正", "其他<br>结果", "尚未<br>审结", "总计"]
    rows = [
        _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10),
        "".join(_td(s, rowspan=2) for s in short) + _td("未经复议直接起诉", colspan=5) + _td("复议后起诉", colspan=5),
        "".join(_td(s) for s in short) * 2,
        "".join(_td(_cell(v)) for key, _, _ in L.APPEAL_GROUPS for v in table[key]),
    ]
    return _table(rows)


def to_html(report: dict, site: str) -> str:
    title = htmlmod.escape(report["title"])
    parts = [f"<h1 class=\"article-title\">{title}</h1>",
             f"<div class=\"article-info\">发布日期：{report.get('published', '')}　来源：{htmlmod.escape(report['agency'])}</div>",
             '<div class="article-content" id="zoom">',
             f"<p>{htmlmod.escape(report['intro'])}</p>"]
    tables = {"proactive": table2_html, "applications": table3_html, "appeals": table4_html}
    for key in L.SECTION_KEYS:
        section = report["sections"][key]
        parts.append(f"<h2>{htmlmod.escape(section['title'])}</h2>")
        for line in (section.get("text") or "").split("\n"):
            if line.strip():
                parts.append(f'<p style="text-indent:2em">{htmlmod.escape(line)}</p>')
        if key in tables:
            parts.append(tables[key](report["tables"][key]))
    parts.append("</div>")
    article = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_{htmlmod.escape(site)}</title>
<link rel="stylesheet" href="/css/main.css">
<script>var _hmt = _hmt || [];</script>
</head>
<body>
<div class="header"><div class="logo">{htmlmod.escape(site)}</div>
<nav><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a> <a href="/zwfw/">政务服务</a> <a href="/hdjl/">互动交流</a></nav>
</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<div class="main">
<div class="sidebar"><ul><li><a href="/xxgk/zn/">政府信息公开指南</a></li><li><a href="/xxgk/zd/">政府信息公开制度</a></li><li><a href="/xxgk/nb/">政府信息公开年报</a></li></ul></div>
<div class="article">
{article}
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</div>
<div class="footer"><p>主办单位：{htmlmod.escape(site)}　网站标识码：{zlib.crc32(site.encode()):010d}</p><p>地址：{htmlmod.escape(site)}办公室</p></div>
</body>
</html>
"""


# ======================================================================= corrupt files


def corrupt_files(rng: random.Random, out: Path, m: int, sample_yaml: str) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    data = sample_yaml.encode("utf-8")
    for i in range(m):
        kind = ("junk", "truncated", "empty")[i % 3]
        path = out / f"corrupt-{i:03d}-{kind}.yaml"
        if kind == "junk":
            payload = bytes(rng.getrandbits(8) for _ in range(rng.randint(512, 8192)))
            payload = b"\x00\xff\xfe" + payload  # surely not text
        elif kind == "truncated":
            cut = rng.randint(len(data) // 5, len(data) * 4 // 5)
            payload = data[:cut]
        else:
            payload = b""
        path.write_bytes(payload)
        made.append({"file": str(path.relative_to(out.parent)), "kind": kind})
    return made


# ======================================================================= main


def generate(out: Path, n: int, seed: int, html_every: int, corrupt: int, defect_rate: float = 0.1) -> dict:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "yaml").mkdir(exist_ok=True)
    html_dir = out / "html"
    if html_every:
        html_dir.mkdir(exist_ok=True)
    defects, pages = [], []
    index = 0
    sample_text = ""
    header = f"generated by bench/generate.py (seed {seed})"
    folders_made: set[int] = set()
    for agency, years in plan(n, rng):
        state: dict = {}
        site = agency["place"] + "人民政府门户网站"
        for year in years:
            report = make_report(rng, agency, year, state)
            planted = plant(rng, report) if rng.random() < defect_rate else None
            folder = index // PER_FOLDER
            if folder not in folders_made:
                (out / "yaml" / f"{folder:04d}").mkdir(exist_ok=True)
                folders_made.add(folder)
            rel = f"yaml/{folder:04d}/r{index:05d}-{year}.yaml"
            text = to_yaml(report, f"{report['title']}; {header}")
            (out / rel).write_text(text, encoding="utf-8")
            if not sample_text:
                sample_text = text
            if planted:
                defects.append({"file": rel, **planted})
            if html_every and index % html_every == 0:
                page = f"html/r{index:05d}-{year}.html"
                (out / page).write_text(to_html(report, site), encoding="utf-8")
                pages.append({"file": page, "yaml": rel, "defect": planted["defect"] if planted else None})
            index += 1
    corrupt_made = corrupt_files(rng, out / "corrupt", corrupt, sample_text) if corrupt else []
    manifest = {"seed": seed, "reports": index, "per_folder": PER_FOLDER, "html": pages,
                "defects": defects, "corrupt": corrupt_made}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def verify(out: Path, manifest: dict, every: int = 50) -> list[str]:
    """Read back: YAML through the project's loader, HTML through its importer; differences found."""
    from lint.ingest.forms import load_report

    problems = []
    files = sorted((out / "yaml").rglob("*.yaml"))
    for path in files[::every]:
        report, _ = load_report(str(path))
        again = to_yaml(report, "")
        original = path.read_text(encoding="utf-8").split("\n", 1)[1]
        if again != original:
            problems.append(f"{path}: YAML does not read back to the same report")
    for page in manifest["html"]:
        imported, _ = load_report(str(out / page["file"]))
        expected, _ = load_report(str(out / page["yaml"]))
        for key in ("proactive", "applications", "appeals"):
            if (imported.get("tables") or {}).get(key) != expected["tables"][key]:
                problems.append(f"{page['file']}: table {L.TABLE_NAMES[key]} differs from {page['yaml']}")
        if page["defect"] != "year" and (imported.get("year"), imported.get("agency")) != (
                expected["year"], expected["agency"]):  # a wrong title year is what the importer reads
            problems.append(f"{page['file']}: agency/year read as {imported.get('agency')}/{imported.get('year')}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", metavar="OUT_DIR")
    parser.add_argument("-n", type=int, required=True, help="number of structured reports")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--html-every", type=int, default=0, metavar="K", help="also write every K-th report as HTML")
    parser.add_argument("--corrupt", type=int, default=0, metavar="M", help="also write M corrupt files")
    parser.add_argument("--defects", type=float, default=0.1, metavar="F", help="share of reports with a planted defect")
    parser.add_argument("--verify", action="store_true",
                        help="read back every 50th YAML and every HTML with the project's importers")
    args = parser.parse_args(argv)
    if args.n < 0 or args.html_every < 0 or args.corrupt < 0:
        parser.error("counts must not be negative")
    started = time.perf_counter()
    manifest = generate(Path(args.out), args.n, args.seed, args.html_every, args.corrupt, args.defects)
    elapsed = time.perf_counter() - started
    print(f"{manifest['reports']} reports, {len(manifest['html'])} HTML, {len(manifest['corrupt'])} corrupt, "
          f"{len(manifest['defects'])} with planted defects -> {args.out} in {elapsed:.1f} s")
    if args.verify:
        problems = verify(Path(args.out), manifest)
        for problem in problems:
            print(f"verify: {problem}", file=sys.stderr)
        if problems:
            return 1
        print("verify: YAML and HTML read back as generated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
