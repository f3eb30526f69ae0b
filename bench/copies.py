"""Copy detection at the scale of a national year: the run's copy stage over N reports' summaries.

    python bench/copies.py N [--seed S] [--planted 50] [--record bench/results.json]

Makes N reports with :mod:`bench.generate` (their narratives are the phrase pools every
report shares: the template wording the stage must leave out) and gives each a
paragraph of its own (random characters: found in no other report), then plants
``--planted`` copies: one report's own paragraph put into another agency's report.
The summaries are computed in two worker processes (as the checking workers do)
and spooled to disk; then a fresh process runs the copy stage
(:func:`lint.run.copies.run_stage`) over them, so its peak memory is the stage's
own.  It prints (and with ``--record`` merges into results.json under
``copies``) the stage's time, reports per second, peak memory, what it indexed,
and whether exactly the planted copies were found.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

ALPHABET = ("政府信息公开工作年度报告主动依申请管理平台建设监督保障规范制度机制推进落实完善加强提升服务群众社会"
            "企业项目资金预算决算采购招标审批许可处罚强制收费标准目录清单指南流程时限答复办理结果复议诉讼纠正维持"
            "会议文件通知决定意见方案计划总结考核评议问责培训学习宣传解读回应关切舆情热线网站媒体微信微博客户端"
            "乡镇街道社区村组居民农户学校医院养老托育就业社保医保住房交通水利环境生态农业农村文化旅游体育卫生应急")


def _report(args: tuple[int, int]) -> tuple[int, str, bytes]:
    """(number, own paragraph, pickled summary) of report ``number``."""
    import generate as G

    from lint.checks.base import Context
    from lint.checks.crossyear import summarize
    from lint.model import SourceMap

    number, seed = args
    rng = random.Random(seed * 1_000_003 + number)
    agency = {"name": f"某省某市第{number}号单位", "level": "department", "scale": 1.0, "place": "某市",
              "phone": "0531-88880000"}
    report = G.make_report(rng, agency, 2024, {})
    own = "".join(rng.choice(ALPHABET) for _ in range(90))
    report["sections"]["overview"]["text"] += "\n" + own
    summary = summarize(Context(report, SourceMap(), f"r{number:06d}.yaml"), f"r{number:06d}.yaml")
    return number, own, pickle.dumps(summary)


def make(n: int, seed: int, planted: int, target: Path) -> dict:
    """Summaries of n reports, the planted copies in place, pickled one after another into ``target``."""
    rng = random.Random(seed)
    pairs = []
    chosen = rng.sample(range(n), 2 * planted)
    for i in range(planted):
        pairs.append((chosen[2 * i], chosen[2 * i + 1]))
    copy_into = {b: a for a, b in pairs}
    own: dict[int, str] = {}
    start = time.perf_counter()
    with Pool(2) as pool, open(target, "wb") as out:
        summaries = pool.imap(_report, ((i, seed) for i in range(n)), chunksize=200)
        held: dict[int, bytes] = {}
        for number, paragraph, data in summaries:
            own[number] = paragraph
            if number in copy_into.values() or number in copy_into:
                held[number] = data  # written once both sides of a planted pair are known
                continue
            out.write(data)
        from lint.checks.copies import passages

        for b, a in copy_into.items():
            summary = pickle.loads(held[b])
            # b's own paragraph becomes a's (the copy), the rest of b's narrative stays b's
            texts = summary.narrative.replace(own[b], own[a])
            summary.passages = passages([("overview", texts)], summary.agency)
            held[b] = pickle.dumps(summary)
        for data in held.values():
            out.write(data)
    seconds = time.perf_counter() - start
    return {"reports": n, "planted": sorted(sorted([f"r{a:06d}.yaml", f"r{b:06d}.yaml"]) for a, b in pairs),
            "summaries_seconds": round(seconds, 1), "summaries_ms_per_report_2_workers": round(seconds * 1000 / n, 2)}


def stage(path: str) -> dict:
    """Run the copy stage over the pickled summaries at ``path``: in this (fresh) process."""
    from lint.engine import Engine
    from lint.engine.packs import DEFAULT_PACKS, load_pack
    from lint.run.copies import run_stage
    from lint.run.spool import Summaries

    engine = Engine([load_pack(p) for p in DEFAULT_PACKS])
    spool = Summaries()
    with open(path, "rb") as handle:
        while True:
            try:
                spool.add(pickle.load(handle))
            except EOFError:
                break
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = run_stage(spool.entries, spool.load, engine, lambda _path: engine, spool.passage_hashes)
    seconds = time.perf_counter() - start
    spool.close()
    return {"seconds": round(seconds, 1), "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                                              / 1024, 1),
            "maxrss_before_stage_mb": round(before / 1024, 1), "compared": result.compared,
            "passages_indexed": result.indexed,
            "found": sorted(sorted(r["files"]) for r in result.records)}


def measure(n: int, seed: int = 1, planted: int = 50) -> dict:
    with tempfile.TemporaryDirectory(prefix="xxgk-copies-") as tmp:
        target = Path(tmp) / "summaries.pickle"
        figures = make(n, seed, planted, target)
        run = subprocess.run([sys.executable, __file__, "--stage", str(target)], capture_output=True, text=True,
                             check=True)
        measured = json.loads(run.stdout)
    planted_pairs = figures.pop("planted")
    found = measured.pop("found")
    figures.update(measured)
    figures["per_s"] = round(n / measured["seconds"], 1) if measured["seconds"] else None
    figures["planted_copies"] = len(planted_pairs)
    figures["planted_found"] = sum(1 for p in planted_pairs if p in found)
    figures["other_copies_reported"] = sum(1 for p in found if p not in planted_pairs)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--planted", type=int, default=50)
    parser.add_argument("--small", type=int, default=10_000, help="the smaller run memory is compared with")
    parser.add_argument("--record", help="merge the figures into this results.json under 'copies'")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        print(json.dumps(stage(args.stage)))
        return 0
    out = {}
    for n in sorted({args.small, args.n}):
        out[str(n)] = figures = measure(n, args.seed, min(args.planted, n // 4))
        print(f"{n} reports: copy stage {figures['seconds']} s ({figures['per_s']} reports/s), "
              f"peak {figures['maxrss_mb']} MB, {figures['passages_indexed']} passages indexed, "
              f"planted copies found {figures['planted_found']}/{figures['planted_copies']}, "
              f"others reported {figures['other_copies_reported']}", flush=True)
    if args.small != args.n:
        out["memory_ratio"] = round(out[str(args.n)]["maxrss_mb"] / out[str(args.small)]["maxrss_mb"], 2)
    out["budget_per_s"] = 200
    if args.record:
        path = Path(args.record)
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data["copies"] = out
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
