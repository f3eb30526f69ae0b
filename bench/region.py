"""Generate an auditor's year of one region with known cases planted: a roster and its reports.

    python bench/region.py OUT_DIR [--seed S] [--units 300] [--year 2024]

Writes ``OUT_DIR/roster.csv`` (300 units of 淮安市: the city government, its departments,
six districts with their governments, departments and towns), ``OUT_DIR/reports/*.yaml``
and ``OUT_DIR/plan.json``, the cases planted:

* 280 report files for the year: 277 units have one, 3 units have two (``duplicates``),
  23 units have none (``missing``); one report per unit of a third of the units prints its
  name without the city (洪泽区人民政府 for 淮安市洪泽区人民政府), so the roster's matching is exercised;
* 20 reports published after their deadline (``late``: departments by 1月31日, governments by 3月31日);
* 10 passages copied from one unit's report into another's, of units in different districts (``copies``);
* the previous year's reports of 45 units, each promising three numbered improvements in 五;
  this year's report follows up all of them except 15 promises (``unkept``), one each of 15 units.

Every report's narrative has paragraphs of its own (phrases combined so that no two
reports share more than one phrase of a paragraph) beside the common template wording,
so copies are planted, never made by chance.  Tables come from :mod:`bench.generate`
(balanced, carried over from year to year).  Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate as G  # noqa: E402

CITY = "淮安市"
DISTRICTS = ["清江浦区", "淮安区", "淮阴区", "洪泽区", "涟水县", "盱眙县"]
TOWNS = ["城南街道办事处", "新城街道办事处", "高桥镇人民政府", "蒋坝镇人民政府", "三河镇人民政府", "老张集乡人民政府",
         "岔河镇人民政府", "黄集街道办事处"]

# Names of the unit's own places: two syllables each, every pair used once in the whole region, so a
# paragraph naming eight of them is the unit's own (the shingles across two syllables are found nowhere else)
_SYLLABLES = ("柳荫 枫桥 青石 白鹭 金湖 银杏 翠竹 清河 古楼 新桥 望海 临川 长乐 永安 兴隆 太和 福田 秀水 "
              "云台 石门 桃源 梅园 兰亭 松涛 竹溪 荷塘 芦荡 渔沟 盐河 苏嘴 钦工 顺河 马头 复兴 朱桥 "
              "黄码 宋集 车桥 泾口 流均 博里 溪河 南闸 林集 建淮 钱集 范集 仁和 乐土 前锋 东湖 西坝 "
              "北门 南关 中洲 上坊 下关 左营 右所 后湖").split()
_KINDS = ("社区", "村", "路", "小区", "广场", "公园", "中学", "街")
_FRAME = ("围绕{0}{k0}、{1}{k1}、{2}{k2}和{3}{k3}的民生项目，逐项公开实施方案、资金安排和进度，"
          "并在{4}{k4}、{5}{k5}、{6}{k6}、{7}{k7}设置公开栏，接受群众监督。")
#: what a unit promises: an object and a place of its own, so an unkept promise is unmistakable
_PROMISE_OBJECTS = ("智能查询终端", "档案数字化扫描室", "盲文版公开手册", "自助打印查询机", "政务公开体验区",
                    "双语政策汇编", "电子阅览触摸屏", "移动公开服务车", "公开意见评议箱")


class Names:
    """Place names of two syllables, each pair handed out once (deterministic for a seed)."""

    def __init__(self, rng: random.Random) -> None:
        self.pairs = [a + b for a in _SYLLABLES for b in _SYLLABLES if a != b]
        rng.shuffle(self.pairs)

    def take(self, k: int) -> list[str]:
        out, self.pairs = self.pairs[:k], self.pairs[k:]
        return out


def paragraph(names: Names) -> str:
    """A paragraph of the unit's own: eight places nobody else names."""
    taken = names.take(8)
    return _FRAME.format(*taken, **{f"k{i}": _KINDS[i] for i in range(8)})


def units(count: int) -> list[dict]:
    out = [{"name": f"{CITY}人民政府", "level": "government", "parent": "江苏省人民政府", "place": CITY}]
    for dept, scale in G.DEPARTMENTS:
        out.append({"name": f"{CITY}{dept}", "level": "department", "parent": f"{CITY}人民政府", "scale": scale,
                    "place": CITY})
    for district in DISTRICTS:
        gov = f"{CITY}{district}人民政府"
        out.append({"name": gov, "level": "government", "parent": f"{CITY}人民政府", "place": district})
        for dept, scale in G.DEPARTMENTS:
            out.append({"name": f"{CITY}{district}{dept}", "level": "department", "parent": gov,
                        "scale": scale * 0.4, "place": district})
        for town in TOWNS:
            out.append({"name": f"{CITY}{district}{town}", "level": "government", "parent": gov,
                        "scale": 0.3, "place": district})
        for other, scale in G.OTHERS:
            out.append({"name": f"{CITY}{district}{other}", "level": "other", "parent": gov, "scale": scale,
                        "place": district})
    for other, scale in G.OTHERS:
        out.append({"name": f"{CITY}{other}", "level": "other", "parent": f"{CITY}人民政府", "scale": scale,
                    "place": CITY})
    return out[:count]


def promise_texts(unit: int, names: Names) -> list[str]:
    objects = [_PROMISE_OBJECTS[(unit + s * 4) % len(_PROMISE_OBJECTS)] for s in range(3)]
    where = names.take(3)
    return [f"在{where[0]}驿站建成{objects[0]}", f"为{where[1]}片区编制{objects[1]}",
            f"在{where[2]}分中心试点{objects[2]}"]


def follow_up(promise: str) -> str:
    return f"上年度承诺的“{promise}”已落实：相关工作已于年内完成并投入使用。"


def narrative(rng: random.Random, names: Names, unit: dict, year: int, tables: dict,
              promises: list[str] | None, kept: list[bool] | None) -> dict[str, str]:
    texts = G.narrative(rng, {**unit, "scale": unit.get("scale", 1.0)}, year, tables)
    lines = texts["overview"].split("\n")
    own = [paragraph(names)]
    texts["overview"] = "\n".join(lines[:1] + own + lines[1:])
    problem = rng.choice(G.PROBLEMS)
    parts = [f"（一）存在的主要问题：{problem}。"]
    done = [follow_up(p) for p, ok in zip(promises or [], kept or []) if ok]
    parts.append("（二）上年度问题整改情况：" + ("".join(done) or rng.choice(G.RECTIFICATION)))
    improvement = rng.choice(G.IMPROVEMENTS)
    parts.append(f"（三）改进措施：{improvement}。")
    texts["problems"] = "\n".join(parts)
    return texts


def with_promises(texts: dict[str, str], promises: list[str]) -> dict[str, str]:
    problem = texts["problems"].split("\n")[0]
    texts["problems"] = problem + "\n（二）改进措施：" + "；".join(
        f"{mark}{p}" for mark, p in zip(("一是", "二是", "三是"), promises)) + "。"
    return texts


def report(rng: random.Random, names: Names, unit: dict, year: int, state: dict, *, published: str,
           printed_name: str, promises: list[str] | None = None, kept: list[bool] | None = None,
           promising: list[str] | None = None) -> dict:
    agency = {**unit, "scale": unit.get("scale", 1.0), "phone": "0517-83660000"}
    body = G.make_report(rng, agency, year, state)
    texts = narrative(rng, names, unit, year, body["tables"], promises, kept)
    if promising:
        texts = with_promises(texts, promising)
    body["agency"] = printed_name
    body["title"] = f"{printed_name}{year}年政府信息公开工作年度报告"
    body["intro"] = body["intro"].replace(unit["name"], printed_name)
    body["published"] = published
    for key, text in texts.items():
        body["sections"][key]["text"] = text.replace(unit["name"], printed_name)
    return body


def build(out: Path, seed: int = 1, count: int = 300, year: int = 2024) -> dict:
    rng = random.Random(seed)
    names = Names(rng)
    roster = units(count)
    order = list(range(len(roster)))
    rng.shuffle(order)
    missing = sorted(order[:23])
    with_report = [n for n in range(len(roster)) if n not in set(missing)]
    duplicates = sorted(rng.sample(with_report, 3))
    late = sorted(rng.sample([n for n in with_report if n not in duplicates], 20))
    promisers = sorted(rng.sample(with_report, 45))
    unkept_units = sorted(rng.sample(promisers, 15))
    unkept = {n: rng.randrange(3) for n in unkept_units}
    # copies: (from, to) of different districts, none of them late or duplicated (to keep cases apart)
    pool = [n for n in with_report if n not in duplicates]
    copies: list[tuple[int, int]] = []
    used: set[int] = set()
    while len(copies) < 10:
        a, b = rng.sample(pool, 2)
        if a in used or b in used or roster[a]["place"] == roster[b]["place"]:
            continue
        used.update((a, b))
        copies.append((a, b))
    (out / "reports").mkdir(parents=True, exist_ok=True)
    with open(out / "roster.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位名称", "级别", "上级", "截止日期", "网址"])
        for unit in roster:
            # the 条例 sets no date for other bodies: the region's own notice does (the roster's column)
            writer.writerow([unit["name"], {"government": "政府", "department": "部门", "other": "其他"}[unit["level"]],
                             unit["parent"], "01-31" if unit["level"] == "other" else "", f"https://www.huaian.gov.cn/xxgk/{zlib.crc32(unit['name'].encode()) % 10**6}"])
    plan: dict = {"year": year, "units": len(roster), "missing": [roster[n]["name"] for n in missing],
                  "duplicates": [], "late": [], "copies": [], "unkept": [], "files": {}}
    bodies: dict[int, dict] = {}
    files: dict[int, list[str]] = {}
    for n in with_report:
        unit = roster[n]
        state: dict = {}
        promises = promise_texts(n, names) if n in promisers else None
        if promises:  # last year's report, with its three promises
            before = report(rng, names, unit, year - 1, state, published=f"{year}-01-20",
                            printed_name=unit["name"], promising=promises)
            name = f"reports/{n:03d}-{year - 1}.yaml"
            (out / name).write_text(G.to_yaml(before), encoding="utf-8")
        kept = [i != unkept.get(n, -1) for i in range(3)] if promises else None
        deadline = "03-31" if unit["level"] == "government" else "01-31"
        month, day = (int(x) for x in deadline.split("-"))
        if n in late:
            published = f"{year + 1}-{month + 1:02d}-{rng.randint(2, 20):02d}"
        else:
            published = f"{year + 1}-{rng.randint(1, month):02d}-{rng.randint(5, 25):02d}"
        # a district's units often print their name without the city above the district
        short = unit["name"].replace(CITY, "", 1)
        printed = short if n % 3 == 1 and short.startswith(tuple(DISTRICTS)) else unit["name"]
        body = report(rng, names, unit, year, state, published=published, printed_name=printed, promises=promises,
                      kept=kept)
        bodies[n] = body
        files[n] = [f"reports/{n:03d}-{year}.yaml"]
        if n in late:
            plan["late"].append({"unit": unit["name"], "published": published})
        if n in unkept:
            plan["unkept"].append({"unit": unit["name"], "file": files[n][0], "promise": promises[unkept[n]]})
        if n in duplicates:
            files[n].append(f"reports/{n:03d}-{year}-网页版.yaml")
            plan["duplicates"].append({"unit": unit["name"], "files": files[n]})
    for a, b in copies:
        passage = bodies[a]["sections"]["overview"]["text"].split("\n")[1]
        lines = bodies[b]["sections"]["overview"]["text"].split("\n")
        lines[1] = passage  # b's paragraph of its own becomes a's
        bodies[b]["sections"]["overview"]["text"] = "\n".join(lines)
        plan["copies"].append({"from": files[a][0], "to": files[b][0], "passage": passage})
    for n, names in files.items():
        for name in names:
            (out / name).write_text(G.to_yaml(bodies[n]), encoding="utf-8")
    plan["files"] = sum(len(v) for v in files.values())
    (out / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args(argv)
    plan = build(args.out, args.seed, args.units, args.year)
    print(f"{plan['units']} units, {plan['files']} report files for {plan['year']}, {len(plan['missing'])} missing, "
          f"{len(plan['late'])} late, {len(plan['duplicates'])} duplicated, {len(plan['copies'])} copies, "
          f"{len(plan['unkept'])} unkept promises")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
