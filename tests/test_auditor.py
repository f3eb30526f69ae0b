"""The auditor's year: a region's roster and reports with known cases planted, reported exactly in every
output; the roster's name matching; copy detection; the indicator score sheet in CSV, .xlsx and LibreOffice."""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lint.checks.copies import Detector, Params, clean, passages, shingles, template_shingles
from lint.cli import main
from lint.report import Context, get
from lint.run.checker import Checker, Options
from lint.run.pipeline import Run
from lint.run.roster import Report, Unit, check, explain, read_roster

ROOT = Path(__file__).resolve().parent.parent
LICHENG = str(ROOT / "examples" / "packs" / "licheng-2020.yaml")


def _region_module():
    spec = importlib.util.spec_from_file_location("bench_region", ROOT / "bench" / "region.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_region"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """A generated year of 淮安市: 300 units, 280 report files, the cases of plan.json planted."""
    out = tmp_path_factory.mktemp("region")
    plan = _region_module().build(out, seed=3)
    return out, plan


@pytest.fixture(scope="module")
def audited(region):
    """The region checked once with the 鲤城 pack and the roster: (run, results, context, plan)."""
    out, plan = region
    import os

    cwd = os.getcwd()
    os.chdir(out)
    try:
        options = Options(packs=["national-2019", "national-2021", LICHENG])
        checker = Checker(options)
        paths = sorted(str(p.relative_to(out)) for p in (out / "reports").glob("*.yaml"))
        run = Run(paths, options, checker=checker, roster=read_roster("roster.csv"))
        results = list(run.results())
        engine = checker.default_engine()
        context = Context(lang="zh", rules=engine.rules, pairing=run.pairing.to_dict(),
                          extras={**run.extras, "indicators": engine.indicators})
        run.close()
    finally:
        os.chdir(cwd)
    return run, results, context, plan


def _render(fmt: str, results, context) -> str:
    out = io.StringIO()
    get(fmt).write(iter(results), out, context)
    return out.getvalue()


def test_the_plan_is_what_the_brief_asks_for(region):
    _, plan = region
    assert (plan["units"], plan["files"]) == (300, 280)
    assert (len(plan["late"]), len(plan["duplicates"]), len(plan["copies"]), len(plan["unkept"])) == (20, 3, 10, 15)


def test_every_planted_case_is_found_and_nothing_else(audited):
    _, results, context, plan = audited
    roster = context.extras["roster"]
    assert roster["year"] == plan["year"] and roster["units"] == 300 and roster["reports"] == 280
    assert sorted(m["unit"] for m in roster["missing"]) == sorted(plan["missing"])
    assert sorted(d["unit"] for d in roster["duplicates"]) == sorted(d["unit"] for d in plan["duplicates"])
    assert sorted(sorted(d["paths"]) for d in roster["duplicates"]) == sorted(
        sorted(d["files"]) for d in plan["duplicates"])
    assert sorted(l["unit"] for l in roster["late"]) == sorted(l["unit"] for l in plan["late"])
    assert roster["unknown"] == [] and roster["unreadable"] == [] and roster["undated"] == []
    # names printed without the city were matched, and say how
    loose = [m for m in roster["matched"] if m["agency"] != m["unit"]]
    assert loose and all("去掉名册名称中的地区“淮安市”" in m["how"] for m in loose)
    assert all(m["how_en"].startswith(f"matched {m['agency']} to roster unit {m['unit']} by dropping the region 淮安市")
               for m in loose)

    copies = context.extras["copies"]["copies"]
    assert sorted(tuple(sorted(c["files"])) for c in copies) == sorted(
        tuple(sorted((p["from"], p["to"]))) for p in plan["copies"])
    for planted in plan["copies"]:
        record = next(c for c in copies if set(c["files"]) == {planted["from"], planted["to"]})
        assert record["passages"][0][:40] == planted["passage"][:40]  # the shared passage is quoted
    by_path = {r.path: r for r in results}
    x806 = sorted((r.path for r in results for f in r.findings if f.code == "X806"))
    assert x806 == sorted(p for c in plan["copies"] for p in (c["from"], c["to"]))

    x807 = [(r.path, f) for r in results for f in r.findings if f.code == "X807"]
    assert sorted(p for p, _ in x807) == sorted(u["file"] for u in plan["unkept"])
    for unkept in plan["unkept"]:
        finding = next(f for p, f in x807 if p == unkept["file"])
        assert unkept["promise"] in finding.message
    # late by the report's own date: M606, exactly the late departments and governments
    m606 = sorted(r.path for r in results for f in r.findings if f.code == "M606")
    late_units = {l["unit"] for l in plan["late"]}
    matched = {m["path"]: m for m in roster["matched"]}
    assert m606 == sorted(p for p, m in matched.items() if m["unit"] in late_units and m["level"] != "other")
    assert not any(f.code in ("X804", "X801", "X802") for r in by_path.values() for f in r.findings)


def test_the_text_output_ends_with_the_roster_and_the_copies(audited):
    _, results, context, plan = audited
    text = _render("text", results, context)
    tail = text[text.index("名册核对（2024 年度，300 个单位，280 份报告）"):]
    assert "没有报告的单位：23 个" in tail and "逾期发布：20 个" in tail and "同一单位有多份报告：3 个" in tail
    assert "各报告之间的雷同段落：10 处（比对 325 份报告）" in tail
    for unit in plan["missing"]:
        assert unit in tail


def test_json_carries_the_roster_and_the_copies(region, audited, monkeypatch):
    out, plan = region
    monkeypatch.chdir(out)
    stdout = io.StringIO()
    code = main(["check", "reports", "--roster", "roster.csv", "--format", "json", "--progress", "off", "-j", "1"],
                out=stdout)
    doc = json.loads(stdout.getvalue())
    assert code == 1  # M606 is an error
    assert len(doc["roster"]["missing"]) == 23 and len(doc["roster"]["late"]) == 20
    assert len(doc["copies"]["copies"]) == 10 and doc["tool"]["output_version"] == 4
    assert sum(1 for f in doc["files"] for x in f["findings"] if x["code"] == "X807") == 15


def test_csv_has_a_row_per_report_with_status_and_score(audited):
    _, results, context, plan = audited
    rows = list(csv.DictReader(io.StringIO(_render("csv-reports", results, context).lstrip("\ufeff"))))
    reports = [r for r in rows if r["path"]]
    assert len(reports) == len(results) == 325  # reports without findings too
    assert all(r["status"] == "complete" and r["score"] for r in reports)
    dup = {p for d in plan["duplicates"] for p in d["files"]}
    assert {r["unit"] for r in rows if r["path"] in dup} == {d["unit"] for d in plan["duplicates"]}
    assert sorted(r["path"] for r in rows if "duplicate" in r["roster"].split()) == sorted(dup)
    assert sorted(r["unit"] for r in rows if "late" in r["roster"].split()) == sorted(l["unit"] for l in plan["late"])
    missing = [r for r in rows if r["status"] == "no-report"]
    assert sorted(r["unit"] for r in missing) == sorted(plan["missing"]) and all(r["roster"] == "missing"
                                                                                for r in missing)
    per_finding = list(csv.DictReader(io.StringIO(_render("csv", results, context).lstrip("\ufeff"))))
    assert sum(1 for r in per_finding if r["code"] == "X806") == 20


def test_html_page_has_the_roster_and_copy_tabs(audited):
    import lxml.html

    _, results, context, plan = audited
    doc = lxml.html.document_fromstring(_render("html", results, context))
    assert len(doc.xpath('//table[@id="roster-missing-table"]/tbody/tr')) == 23
    assert len(doc.xpath('//table[@id="roster-late-table"]/tbody/tr')) == 20
    assert len(doc.xpath('//table[@id="roster-duplicates-table"]/tbody/tr')) == 3
    assert len(doc.xpath('//table[@id="copies-list-table"]/tbody/tr')) == 10
    figures = {d.get("data-figure"): d.xpath("./dd")[0].text_content() for d in doc.xpath('//dl[@class="figures run"]/div')}
    assert figures == {"units": "300", "missing": "23", "late": "20", "duplicates": "3", "unknown": "0", "copies": "10"}
    codes = doc.xpath('//select[@id="filter-code"]/option/@value')
    assert "X806" in codes and "X807" in codes


def _sheet_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_score_sheet_deducts_per_indicator_from_the_findings(audited):
    _, results, context, plan = audited
    rows = _sheet_rows(_render("scoresheet", results, context))
    units = {r["单位"] for r in rows}
    assert len(units) == 300  # every roster unit, the missing ones too
    totals = {}
    for r in rows:
        if r["指标编号"] == "合计":
            totals.setdefault(r["单位"], []).append(float(r["扣分"]))
    for unit in plan["missing"]:
        assert totals[unit] == [5.0]  # ② 未及时公开 for no report; nothing else can be judged without one
        item = next(r for r in rows if r["单位"] == unit and r["指标编号"] == "LC-NB-2")
        assert float(item["扣分"]) == 5 and "没有本年度报告" in item["说明"]
    for late in plan["late"]:
        item = next(r for r in rows if r["单位"] == late["unit"] and r["指标编号"] == "LC-NB-2")
        assert float(item["扣分"]) == 5
    copied = {p for c in plan["copies"] for p in (c["from"], c["to"])}
    for r in rows:
        if r["指标编号"] == "LC-NB-4":
            assert float(r["扣分"]) == (5 if r["文件"] in copied else 0), r
            if r["文件"] in copied:
                assert r["问题代码"] == "X806" and "X806: " in r["依据的问题"]
    on_time = [r for r in rows if r["指标编号"] == "LC-NB-2" and r["文件"]
               and r["单位"] not in {l["unit"] for l in plan["late"]}]
    assert on_time and all(float(r["扣分"]) == 0 for r in on_time)


def test_xlsx_score_sheet_opens_in_openpyxl_and_libreoffice_with_the_same_numbers(region, audited, tmp_path,
                                                                                     monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    out, plan = region
    monkeypatch.chdir(out)
    target = tmp_path / "鲤城区考评.xlsx"
    code = main(["check", "reports", "--pack", "national-2019", "--pack", "national-2021", "--pack", LICHENG,
                 "--roster", "roster.csv", "--format", "scoresheet", "-o", str(target), "--progress", "off",
                 "-j", "1"], out=io.StringIO())
    assert code in (0, 1) and target.exists()
    csv_target = tmp_path / "sheet.csv"
    main(["check", "reports", "--pack", "national-2019", "--pack", "national-2021", "--pack", LICHENG,
          "--roster", "roster.csv", "--format", "scoresheet", "-o", str(csv_target), "--progress", "off", "-j", "1"],
         out=io.StringIO())
    expected = list(csv.reader(io.StringIO(csv_target.read_text(encoding="utf-8-sig"))))
    book = openpyxl.load_workbook(target, read_only=True)
    sheet = book[book.sheetnames[0]]
    got = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert len(got) == len(expected)
    deduction = expected[0].index("扣分")
    assert [row[deduction] for row in got[1:]] == [float(row[deduction]) if "." in row[deduction]
                                                  else int(row[deduction]) for row in expected[1:]]
    assert [str(row[0]) for row in got] == [row[0] for row in expected]
    assert "指标说明" in book.sheetnames
    # LibreOffice reads the same numbers (what office staff see in Calc or WPS)
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice is missing: .ci/run installs libreoffice-calc-nogui")
    converted = tmp_path / "lo"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(converted),
                    str(target)], check=True, capture_output=True, timeout=180)
    office = list(csv.reader(io.StringIO((converted / (target.stem + ".csv")).read_text(encoding="utf-8"))))
    assert len(office) == len(expected)
    assert [row[deduction] for row in office[1:]] == [row[deduction] for row in expected[1:]]
    assert [row[0] for row in office] == [row[0] for row in expected]


# ------------------------------------------------------------------------------------------------ the roster


def test_roster_names_how_it_matched_and_refuses_to_guess():
    units = [Unit("淮安市洪泽区人民政府", "government"), Unit("淮安市洪泽区教育局", "department"),
             Unit("淮安市淮阴区教育局", "department"), Unit("淮安市洪泽区人民政府办公室", "department")]
    reports = [Report("a.yaml", "洪泽区政府", 2024, "2025-03-01"), Report("b.yaml", "教育局", 2024, "2025-01-10"),
               Report("c.yaml", "淮安市淮阴区 教育局", 2024, "2025-02-03"), Report("d.yaml", "某市某局", 2024),
               Report("e.yaml", "洪泽区人民政府办公厅", 2024, None), Report("f.yaml", "淮安市洪泽区教育局", 2023)]
    result = check(units, reports, ["broken.pdf"], year=None, deadlines={"department": "01-31",
                                                                        "government": "03-31"})
    assert result["year"] == 2024 and result["other_years"] == 1
    how = {m["path"]: m["how"] for m in result["matched"]}
    assert how["a.yaml"] == "把“洪泽区政府”对应到名册单位“淮安市洪泽区人民政府”：去掉名册名称中的地区“淮安市”，视“人民政府”与“政府”为同一称谓"
    assert how["c.yaml"].endswith("忽略空格、括号和标点")
    assert "办公厅" in how["e.yaml"] and "办公室" in how["e.yaml"]
    unknown = {u["path"]: u["why"] for u in result["unknown"]}
    assert unknown == {"b.yaml": "名册中没有这个单位", "d.yaml": "名册中没有这个单位"}
    assert [l["unit"] for l in result["late"]] == ["淮安市淮阴区教育局"]  # 2月3日 after 1月31日; 3月1日 is on time
    assert [u["unit"] for u in result["undated"]] == ["淮安市洪泽区人民政府办公室"]  # never called on time or late
    assert sorted(m["unit"] for m in result["missing"]) == ["淮安市洪泽区教育局"]
    assert result["unreadable"] == ["broken.pdf"]


def test_ambiguous_names_are_listed_with_their_candidates():
    units = [Unit("淮安市洪泽区教育局"), Unit("宿迁市洪泽区教育局")]
    result = check(units, [Report("x.yaml", "洪泽区教育局", 2024, "2025-01-02")], [], year=2024, deadlines={})
    assert result["matched"] == []
    assert result["unknown"][0]["candidates"] == ["淮安市洪泽区教育局", "宿迁市洪泽区教育局"]


def test_roster_deadline_column_and_gb18030(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes("单位名称,级别,截止日期,发布日期\n某县公共资源交易中心,其他,01-20,\n某县人民政府,政府,,2025-04-02\n"
                     .encode("gb18030"))
    units = read_roster(str(path))
    assert [(u.name, u.level, u.deadline) for u in units] == [("某县公共资源交易中心", "other", "01-20"),
                                                             ("某县人民政府", "government", None)]
    result = check(units, [Report("a.yaml", "某县公共资源交易中心", 2024, "2025-01-25"),
                           Report("b.yaml", "某县人民政府", 2024, "2025-03-01")], [], year=2024,
                   deadlines={"department": "01-31", "government": "03-31"})
    late = {l["unit"]: l for l in result["late"]}
    assert late["某县公共资源交易中心"]["deadline"] == "2025-01-20" and late["某县公共资源交易中心"]["days"] == 5
    assert late["某县人民政府"]["date_from"] == "roster" and late["某县人民政府"]["published"] == "2025-04-02"
    (tmp_path / "bad.csv").write_text("级别\n政府\n", encoding="utf-8")
    from lint.errors import ConfigError

    with pytest.raises(ConfigError, match="no name column"):
        read_roster(str(tmp_path / "bad.csv"))


def test_explain_in_english():
    assert explain("洪泽区人民政府", "淮安市洪泽区人民政府")[1] == (
        "matched 洪泽区人民政府 to roster unit 淮安市洪泽区人民政府 by dropping the region 淮安市 from the roster's name")


# ------------------------------------------------------------------------------------------------ copies


def test_signatures_are_datasketch_minhash():
    np = pytest.importorskip("numpy")
    from datasketch import MinHash, MinHashLSH

    detector = Detector(Params(), 10)
    sets = [sorted(shingles(clean(t))) for t in ("围绕柳荫枫桥社区的民生项目逐项公开实施方案和资金安排",
                                                "在青石白鹭广场设置公开栏接受群众监督并公布责任单位")]
    signatures = detector.signatures([np.array(s, dtype=np.uint32) for s in sets])
    for values, signature in zip(sets, signatures):
        reference = MinHash(num_perm=64, hashfunc=lambda v: v, scheme="affine32",
                            permutations=detector.permutations)
        reference.update_batch(values)
        assert (signature == reference.hashvalues).all()
    # the banding of the index is the one datasketch's LSH would choose for the threshold
    from lint.checks.minhash import optimal_bands

    for threshold in (0.5, 0.6, 0.8):
        lsh = MinHashLSH(threshold=threshold, num_perm=64)
        assert optimal_bands(threshold, 64) == (lsh.b, lsh.r)


def test_format_wording_and_the_agency_name_are_not_evidence():
    assert clean("2024年，淮安市教育局全年公开信息123条。", "淮安市教育局") == "年全年公开信息条"
    title_only = passages([("problems", "五、存在的主要问题及改进情况")], None, min_chars=5)
    assert title_only == []  # nothing of it is the report's own
    assert template_shingles() & shingles(clean("本年新收政府信息公开申请数量"))


def _batch(texts: list[tuple[str, str]]):
    """(agency, overview text) → summaries the detector can take."""
    from lint.checks.crossyear import Summary

    return [Summary(f"{i}.yaml", agency, 2024, passages=passages([("overview", text)], agency))
            for i, (agency, text) in enumerate(texts)]


def test_shared_boilerplate_is_no_copy_and_a_real_copy_is(monkeypatch):
    from lint.checks.copies import find_copies

    boiler = "坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级关于政务公开工作的部署要求，以公开促落实、以公开促规范、以公开促服务。"
    own = [f"在第{i}号片区的{name}项目中按月公开施工进度、资金使用和验收结论，群众可在{place}查阅全部材料。"
           for i, (name, place) in enumerate(zip(
               ["柳荫路改造", "枫桥小区加装电梯", "青石河清淤", "白鹭公园扩建", "金湖菜场提升", "银杏中学扩容",
                "翠竹社区养老", "清河桥重建", "古楼街整治", "新桥停车场", "望海广场", "临川充电站"],
               ["街道便民大厅", "社区公开栏", "村委会", "项目部", "镇政府门厅", "学校门口", "养老中心",
                "桥头公示牌", "街口公示栏", "停车场入口", "广场东门", "站内服务台"]))]
    texts = [(f"某县第{i}局", boiler + "\n" + own[i]) for i in range(12)]
    copied = own[3].replace("第3号", "第9号")  # a copy keeps its words, not its numbers
    texts.append(("某市另一局", boiler + "\n" + copied))
    found = find_copies(_batch(texts), {"template_min": 5, "template_share": 0.3, "min_shingles": 8})
    pairs = sorted(tuple(sorted((a.path, b.path))) for a, b, _ in found)
    assert pairs == [("12.yaml", "3.yaml")]
    # one agency's two files are never a copy of each other
    same = _batch([("淮安市洪泽区某局", own[0]), ("洪泽区某局", own[0]), ("别的局", own[5])])
    assert find_copies(same, {}) == []


def test_the_index_never_compares_all_pairs(monkeypatch):
    """Verification runs only on pairs the LSH index put together: far fewer than n² / 2."""
    from lint.checks import copies as C

    texts = [(f"某县第{i}局", f"在{a}{b}片区的民生项目中逐项公开实施方案和资金安排，群众可在{b}{a}便民点查阅。")
             for i, (a, b) in enumerate((a, b) for a in "甲乙丙丁戊己庚辛壬癸" for b in "子丑寅卯辰巳午未申酉戌亥")]
    summaries = _batch(texts)
    checked = []
    original = C.Detector.candidates

    def counting(self, same_agency):
        found = original(self, same_agency)
        checked.append(len(found))
        return found

    monkeypatch.setattr(C.Detector, "candidates", counting)
    C.find_copies(summaries, {"template_min": 50})
    n = len(summaries)
    assert checked and checked[0] < n * (n - 1) / 2 / 10


def test_the_shipped_shingles_of_the_format_wording_are_what_the_vocabulary_gives():
    from pathlib import Path

    from lint.checks import template
    from lint.checks.copies import computed_template_shingles

    assert template_shingles() == computed_template_shingles(), "stale: run python -m lint.checks.template"
    shipped = Path(template.__file__).with_name("_template.py").read_text(encoding="utf-8")
    assert shipped == template.text(), "stale: run python -m lint.checks.template"


def _copies_and_results(out: Path) -> tuple[dict, list]:
    paths = sorted(str(p) for p in (out / "reports").glob("*.yaml"))
    run = Run(paths, Options(packs=["national-2019", "national-2021", LICHENG]), jobs=2)
    try:
        return run.extras["copies"], [(r.path, [f.to_dict() for f in r.findings]) for r in run.results()]
    finally:
        run.close()


def test_the_copy_stage_in_a_process_of_its_own_finds_what_it_finds_in_the_run_s(region, tmp_path, monkeypatch):
    out, _ = region
    marker = tmp_path / "child"
    child = Run._copies_child

    def marked(self, conn):
        marker.write_text(str(os.getpid()))
        child(self, conn)

    monkeypatch.setattr(Run, "_copies_child", marked)
    apart = _copies_and_results(out)
    assert int(marker.read_text()) != os.getpid()  # the stage ran in another process
    assert len(apart[0]["copies"]) == 10
    monkeypatch.setattr(Run, "_copies_apart", lambda self: None)
    assert _copies_and_results(out) == apart


def test_a_copy_stage_that_fails_in_its_own_process_is_run_again_here(region, monkeypatch):
    from lint.run.spool import Summaries

    out, _ = region
    expected = _copies_and_results(out)
    parent = os.getpid()

    def broken(self):
        if os.getpid() != parent:
            raise OSError("no /proc here after all")

    monkeypatch.setattr(Summaries, "reopen", broken)
    assert _copies_and_results(out) == expected
