"""The command line end to end: what a user types, what they see, the exit code."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_seed_example_has_no_errors_and_one_warning_for_old_labels():
    code, out = run("check", str(EXAMPLES / "zibo-2024.yaml"), "--format", "json")
    assert code == 0
    findings = json.loads(out)["files"][0]["findings"]
    assert [f["code"] for f in findings if f["severity"] != "info"] == ["M605"]
    (legacy,) = [f for f in findings if f["code"] == "M605"]
    assert "“本年新制作数量”（应为“本年制发件数”）" in legacy["message"]
    # its section 六 has four items of its own wording, none for statistics notes: info only
    assert {f["code"] for f in findings if f["severity"] == "info"} <= {"P504", "N904"}


@pytest.mark.parametrize("name,codes", [
    ("balance", {"B301", "B304"}),
    ("blank-cells", {"T202", "T203", "T204", "T207", "B309"}),
    ("missing-parts", {"S101", "S102"}),
    ("section-six", {"F401", "P501"}),
    ("wrong-year", {"M601", "M602"}),
    ("old-table", {"M604"}),
])
def test_each_broken_example_shows_its_rule_family(name, codes):
    code, out = run("check", str(EXAMPLES / "broken" / f"{name}.yaml"), "--format", "json")
    assert code == 1
    findings = json.loads(out)["files"][0]["findings"]
    found = {f["code"] for f in findings} | {c["code"] for f in findings for c in f.get("consequences", [])}
    assert codes <= found, found


def test_text_lines_carry_file_line_col_for_every_finding():
    code, out = run("check", str(EXAMPLES / "broken"), "--format", "text")
    assert code == 1
    findings = [l for l in out.splitlines() if not l.startswith("    ↳")]
    assert findings
    for line in findings:
        assert re.match(r"^\S+\.yaml:\d+:\d+: [A-Z]\d{3} (错误|警告|提示): ", line), line


def test_json_output_shape_and_locations():
    code, out = run("check", str(EXAMPLES / "broken" / "balance.yaml"), "--format", "json")
    doc = json.loads(out)
    assert doc["tool"]["name"] == "xxgk-lint" and doc["tool"]["output_version"] == 4
    assert doc["summary"]["files"] == 1 and doc["summary"]["error"] >= 2
    assert doc["summary"]["status"] == {"complete": 1, "partial": 0, "not-graded": 0}
    (entry,) = doc["files"]
    assert (entry["agency"], entry["year"], entry["format"]) == ("淄博市投资促进局", 2024, "2021")
    assert entry["status"] == "complete" and isinstance(entry["score"], int)
    for finding in entry["findings"]:
        assert set(finding) >= {"code", "name", "severity", "origin", "message", "location"}
        assert finding["origin"] in ("document", "reading")
        assert finding["location"]["line"] >= 1 and finding["location"]["column"] >= 1
    root = next(f for f in entry["findings"] if f["code"] == "B301")
    assert root["location"]["pointer"] == "/tables/applications/new_received/0"
    assert root["evidence"]["suspect_value"] == 3
    assert [c["code"] for c in root["consequences"]] == ["B303"]


def test_schema_errors_carry_line_and_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 二〇二四\nagency: 某局\ntables:\n  appeals:\n    reconsideration: {a: 1}\n", encoding="utf-8")
    code, out = run("check", str(bad), "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    schema = [f for f in findings if f["code"] == "E007"]
    assert {(f["location"]["pointer"], f["location"]["line"]) for f in schema} >= {
        ("/year", 1), ("/tables/appeals/reconsideration", 5)}
    assert all(f["location"]["column"] >= 1 for f in schema)


def test_english_messages():
    code, out = run("check", str(EXAMPLES / "broken" / "wrong-year.yaml"), "--format", "text", "--lang", "en")
    assert "M601 error: The title says 2023 but the report year is 2024" in out
    assert "错误" not in out


def test_fail_on_warning_turns_warnings_into_exit_1():
    assert run("check", str(EXAMPLES / "zibo-2024.yaml"), "--format", "text")[0] == 0
    assert run("check", str(EXAMPLES / "zibo-2024.yaml"), "--format", "text", "--fail-on", "warning")[0] == 1


def test_disable_and_severity_overrides():
    code, out = run("check", str(EXAMPLES / "zibo-2024.yaml"), "--format", "text", "--disable", "M605,P5,N9")
    assert (code, out) == (0, "")
    code, out = run("check", str(EXAMPLES / "zibo-2024.yaml"), "--format", "text", "--severity", "M605=error")
    assert code == 1 and "M605 错误" in out


def test_unknown_rule_code_is_a_configuration_error(capsys):
    code, out = run("check", str(EXAMPLES / "zibo-2024.yaml"), "--disable", "Z999")
    assert code == 2
    assert "unknown rule code 'Z999'" in capsys.readouterr().err


def test_bad_files_are_findings_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a-syntax.yaml").write_text("year: [2024\n", encoding="utf-8")
    (tmp_path / "b-binary.yaml").write_bytes(b"\x00\xff\x00\xfe" * 50)
    (tmp_path / "c-list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    (tmp_path / "d-deep.json").write_text("[" * 20000 + "]" * 20000, encoding="utf-8")
    (tmp_path / "e-huge.yaml").write_text("year: " + "1" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "f-good.yaml").write_bytes((EXAMPLES / "zibo-2024.yaml").read_bytes())
    (tmp_path / "g.xlsx").write_bytes(b"PK\x03\x04")
    code, out = run("check", str(tmp_path), str(tmp_path / "g.xlsx"), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    by_file = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in doc["files"]}
    assert by_file == {
        "a-syntax.yaml": ["E004"], "b-binary.yaml": ["E002"],
        "d-deep.json": ["E005"], "e-huge.yaml": ["E005"], "f-good.yaml": ["N904", "P504", "P504", "M605"],
        "g.xlsx": ["E003"],
    }
    # a list read without fault is plainly no report: found by walking, it is skipped and named (E006 when named)
    assert [Path(s["path"]).name for s in doc["skipped"]] == ["c-list.yaml"]


def _stray_files(folder: Path, with_markdown: bool) -> None:
    """A folder of reports with what else such folders hold: a truth file, a package manifest, notes."""
    folder.mkdir()
    (folder / "a-good.yaml").write_bytes((EXAMPLES / "zibo-2024.yaml").read_bytes())
    (folder / "b-syntax.yaml").write_text("year: [2024\n", encoding="utf-8")  # may be a report: its finding stands
    (folder / "package.json").write_text('{"name": "reports", "version": "1.0.0"}', encoding="utf-8")
    (folder / "truth.json").write_text('{"files": {"a-good.yaml": {"year": 2024}}}', encoding="utf-8")
    (folder / "todo.yaml").write_text("- 核对表三\n- 上传\n", encoding="utf-8")
    (folder / "empty-mapping.json").write_text("{}", encoding="utf-8")
    if with_markdown:  # a document form: the files are checked by worker processes
        from lint.engine.sample import clean_report
        from tests.ingest.report_text import to_markdown

        (folder / "c-page.md").write_text(to_markdown(clean_report(2023)), encoding="utf-8")


STRAY = ["empty-mapping.json", "package.json", "todo.yaml", "truth.json"]


@pytest.mark.parametrize("jobs, with_markdown", [("1", False), ("2", True)], ids=["in-process", "workers"])
def test_files_found_by_walking_that_are_plainly_no_report_are_skipped_and_named_once(tmp_path, capsys, jobs,
                                                                                        with_markdown):
    folder = tmp_path / "reports"
    _stray_files(folder, with_markdown)
    code, out = run("check", str(folder), "--format", "json", "--jobs", jobs, "--progress", "off")
    doc = json.loads(out)
    by_file = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in doc["files"]}
    assert sorted(by_file) == ["a-good.yaml", "b-syntax.yaml"] + (["c-page.md"] if with_markdown else [])
    assert by_file["b-syntax.yaml"] == ["E004"] and "E006" not in {c for codes in by_file.values() for c in codes}
    assert [Path(s["path"]).name for s in doc["skipped"]] == STRAY
    assert {s["reason"] for s in doc["skipped"]} == {"not-a-report"}
    assert doc["summary"]["files"] == len(by_file) and doc["tool"]["output_version"] == 4
    assert code == 1  # b-syntax.yaml's error, as before
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "truth.json" in line]
    assert len(lines) == 1 and "跳过 4 个不是年度报告的文件" in lines[0] and all(name in lines[0] for name in STRAY)


def test_a_file_that_is_no_report_named_on_the_command_line_gets_its_finding(tmp_path, capsys):
    folder = tmp_path / "reports"
    _stray_files(folder, False)
    code, out = run("check", str(folder), str(folder / "truth.json"), "--format", "json", "--lang", "en")
    doc = json.loads(out)
    named = [f for f in doc["files"] if Path(f["path"]).name == "truth.json"]
    assert len(named) == 1 and [x["code"] for x in named[0]["findings"]] == ["E006"]
    assert [Path(s["path"]).name for s in doc["skipped"]] == [n for n in STRAY if n != "truth.json"]
    assert "skipped 3 file(s) that are no annual report" in capsys.readouterr().err


def test_the_audit_page_names_the_skipped_files_in_its_summary(tmp_path):
    folder = tmp_path / "reports"
    _stray_files(folder, False)
    run("check", str(folder), "--format", "html", "-o", str(tmp_path / "audit.html"), "--progress", "off")
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert re.search(r'data-figure="skipped"><dt>跳过的非报告文件</dt><dd>4</dd>', page)
    skipped = re.search(r'<p class="note" id="skipped-files">(.*?)</p>', page).group(1)
    assert all(name in skipped for name in STRAY) and "a-good.yaml" not in skipped


def test_a_folder_of_files_that_are_no_report_is_no_green_run(tmp_path, capsys):
    (tmp_path / "truth.json").write_text('{"files": {}}', encoding="utf-8")
    code, out = run("check", str(tmp_path), "--format", "json")
    assert code == 2 and out == ""
    err = capsys.readouterr().err
    assert "没有找到任何报告文件" in err and "truth.json" in err


def test_a_path_that_does_not_exist_is_a_usage_error_named_in_chinese(tmp_path, capsys):
    (tmp_path / "good.yaml").write_bytes((EXAMPLES / "zibo-2024.yaml").read_bytes())
    code, out = run("check", str(tmp_path / "good.yaml"), str(tmp_path / "missing.yaml"))
    assert code == 2 and out == ""
    assert "missing.yaml”不存在" in capsys.readouterr().err


def test_a_folder_without_reports_is_an_error_not_a_green_run(tmp_path, capsys):
    (tmp_path / "notes.xlsx").write_bytes(b"PK\x03\x04")
    code, out = run("check", str(tmp_path))
    assert code == 2 and out == ""
    assert "没有找到任何报告文件" in capsys.readouterr().err


def test_rules_lists_every_rule():
    code, out = run("rules")
    assert code == 0
    assert re.search(r"^B301\s+错误\s+applications-balance\s+表三每列", out, re.M)
    assert len(out.splitlines()) >= 30
    assert "{" not in out and re.search(r"^E004\s+错误\s+syntax-error\s+结构化报告", out, re.M)
    code, out = run("rules", "--lang", "en")
    assert code == 0 and re.search(r"^B301\s+error\s+applications-balance\s+Table 3", out, re.M)
    assert "{" not in out


def test_usage_error_exit_2():
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run([sys.executable, "-m", "lint", "check"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "用法：" in proc.stderr and "缺少必需的参数：PATH" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "lint", "check"], capture_output=True, text=True,
                          env={**env, "LANG": "en_US.UTF-8"})
    assert proc.returncode == 2 and "usage:" in proc.stderr and "required: PATH" in proc.stderr


def test_rich_output_groups_by_file_and_shows_the_fix():
    code, out = run("check", str(EXAMPLES / "broken" / "balance.yaml"), "--format", "rich")
    assert "examples/broken/balance.yaml" in out.replace("\\", "/")
    assert "57:27" in out and "修改建议" in out and "共检查 1 个文件" in out


def test_yaml_check_does_not_import_document_parsers_ocr_or_rich():
    code = ("import sys, io\nfrom lint.cli import main\n"
            f"main(['check', {str(EXAMPLES / 'zibo-2024.yaml')!r}, '--format', 'text'], out=io.StringIO())\n"
            "heavy = [m for m in ('docx', 'pdfplumber', 'pdfminer', 'bs4', 'lxml', 'charset_normalizer', 'rich',"
            " 'lint.ingest.ocr', 'lint.ingest.ocr_image', 'lint.ingest.ocr_layout', 'rapidocr_onnxruntime',"
            " 'onnxruntime', 'cv2', 'numpy', 'pypdfium2', 'PIL')"
            " if m in sys.modules]\nprint(heavy)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_init_writes_a_blank_report_that_tells_what_to_fill(tmp_path):
    target = tmp_path / "2025.yaml"
    code, out = run("init", str(target), "--agency", "某市某局", "--year", "2025")
    assert code == 0 and target.exists()
    text = target.read_text(encoding="utf-8")
    assert "# 一、本年新收政府信息公开申请数量" in text and "# 3.其他" in text
    code, out = run("check", str(target), "--format", "json")
    assert code == 1
    findings = json.loads(out)["files"][0]["findings"]
    codes = [f["code"] for f in findings]
    # each empty narrative section once, each table row once, nothing about the input itself
    assert codes.count("S106") == 3
    assert not any(c.startswith("E") for c in codes)
    blank_rows = [f for f in findings if f["code"] == "T202"]
    # 表二 6 rows; 表三 25 data rows (一, 二, 22 办理结果 rows, 四); 表四 3 groups
    assert len(blank_rows) == 6 + 25 + 3
    assert all(f["location"]["line"] for f in findings)


def test_init_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "r.yaml"
    target.write_text("keep me", encoding="utf-8")
    code, _ = run("init", str(target), "--agency", "某局", "--year", "2025")
    assert code == 2 and target.read_text(encoding="utf-8") == "keep me"
    assert "已存在；要覆盖请加 --force" in capsys.readouterr().err
    code, _ = run("init", str(target), "--agency", "某局", "--year", "2025", "--force")
    assert code == 0 and "某局2025年" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]  # no temporary file left behind


def test_english_messages_name_the_printed_labels_and_say_what_they_are():
    code, out = run("check", str(EXAMPLES / "broken" / "blank-cells.yaml"), "--format", "text", "--lang", "en")
    line = next(l for l in out.splitlines() if " T202 " in l and "carried_over]" in l)
    assert "Table 3 row “二、上年结转政府信息公开申请数量” (II. carried over from last year)" in line
    assert "「商业企业」 (businesses)" in line
    assert "“六、其他需要报告的事项” (6. Other matters to report)" in out


def test_a_cold_yaml_check_imports_nothing_the_check_does_not_need(tmp_path):
    """Imports are most of a pre-commit run: not the other commands, jsonschema (only to explain a failure),
    tomllib, decimal, tempfile, pickle (one report's summary is never spooled), the copy index (nothing
    to compare it with), nor with a warm pack cache the kinds' parameter validators."""
    code = ("import sys, io\nfrom lint.cli import main\n"
            f"main(['check', {str(EXAMPLES / 'zibo-2024.yaml')!r}, '--format', 'text'], out=io.StringIO())\n"
            "unneeded = [m for m in ('jsonschema', 'tomllib', 'decimal', 'tempfile', 'pickle', 'lint.checks.minhash',"
            " 'lint.engine.validators.kinds',"
            " 'lint.cli.annotate', 'lint.cli.convert', 'lint.cli.init', 'lint.cli.explain', 'lint.cli.rules',"
            " 'lint.cli.serve') if m in sys.modules]\nprint(unneeded)\n")
    for _ in range(2):  # the first run may fill the pack cache
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              cwd=tmp_path)
    assert proc.stdout.strip() == "[]"


def test_a_run_takes_the_walked_files_as_paths_or_as_one_flag_a_file(tmp_path):
    from lint.run.checker import Options
    from lint.run.pipeline import Run

    folder = tmp_path / "reports"
    _stray_files(folder, False)
    paths = [str(folder / name) for name in ("a-good.yaml", "package.json", "todo.yaml")]
    by_path = Run(paths, Options(), walked=paths[1:])
    by_flag = Run(paths, Options(), walked=bytearray([0, 1, 0]))
    try:
        assert [Path(p).name for p in by_path.skipped] == ["package.json", "todo.yaml"]
        assert [Path(p).name for p in by_flag.skipped] == ["package.json"]  # todo.yaml was named: its finding stands
        assert [r.path for r in by_flag.results()] == [paths[0], paths[2]]
    finally:
        by_path.close()
        by_flag.close()
