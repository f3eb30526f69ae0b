"""Where users work: configuration, suppressions, baselines, outputs — as CLI scenarios.

Each scenario writes files into a temporary folder, runs the command as a user
would, and checks the exact output and exit code.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lint.cli import main

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "examples" / "broken" / "balance.yaml"


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XXGK_LINT_CACHE", str(tmp_path / ".cache"))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "report.yaml").write_text(BROKEN.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def codes(out: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in out.splitlines() if not line.startswith("    ↳")]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- suppressions

def test_suppression_comment_with_reason_hides_the_finding(workdir):
    report = workdir / "report.yaml"
    code, out = run("check", "report.yaml", "--format", "text", "--select", "B")
    assert (code, codes(out)) == (1, ["B301", "B304"])
    edit(report, "reconsideration:                  [1, 1, 0, 0, 0]",
         "reconsideration:                  [1, 1, 0, 0, 0]  # xxgk-lint: ignore[B304] 复议案件已撤回，见说明")
    code, out = run("check", "report.yaml", "--format", "text", "--select", "B")
    assert (code, codes(out)) == (1, ["B301"])


def test_suppression_without_reason_suppresses_nothing_and_is_reported(workdir):
    report = workdir / "report.yaml"
    edit(report, "reconsideration:                  [1, 1, 0, 0, 0]",
         "reconsideration:                  [1, 1, 0, 0, 0]  # xxgk-lint: ignore[B304]")
    code, out = run("check", "report.yaml", "--format", "text", "--select", "B")
    assert code == 1
    assert codes(out) == ["B301", "B304", "E014"]
    assert "report.yaml:88:56: E014 警告: 抑制 B304 必须写明理由" in out


def test_unused_suppression_is_reported_at_its_line(workdir):
    report = workdir / "report.yaml"
    report.write_text("# xxgk-lint: ignore[T204] 表格中没有文字\n" + report.read_text(encoding="utf-8"),
                      encoding="utf-8")
    code, out = run("check", "report.yaml", "--format", "text", "--select", "B,T")
    assert "report.yaml:1:1: E013 警告: 对 T204 的抑制没有匹配任何问题，可以删除" in out.splitlines()
    assert code == 1


def test_file_level_suppression(workdir):
    report = workdir / "report.yaml"
    report.write_text("# xxgk-lint: ignore-file[M605] 沿用省级模板的栏目名称\n" + report.read_text(encoding="utf-8"),
                      encoding="utf-8")
    code, out = run("check", "report.yaml", "--format", "text", "--select", "M6")
    assert (code, out) == (0, "")


def test_configuration_suppression_by_pointer_for_documents(workdir):
    (workdir / ".xxgk-lint.yaml").write_text(
        "suppressions:\n"
        "  - {path: report.yaml, code: B304, pointer: /tables/appeals/reconsideration, reason: 复议已撤回}\n"
        "  - {path: '*.docx', code: T202, pointer: /tables/applications, reason: 未用到}\n",
        encoding="utf-8")
    code, out = run("check", "report.yaml", "--format", "text", "--select", "B")
    assert codes(out) == ["B301"]


# ---------------------------------------------------------------- baseline

def test_baseline_reports_only_new_findings_and_survives_reformatting(workdir):
    code, _ = run("check", "report.yaml", "--format", "text", "--write-baseline", "baseline.json")
    assert code == 1
    entries = json.loads((workdir / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {"path": "report.yaml", "code": "B304", "pointer": "/tables/appeals/reconsideration/4",
            "count": 1} in entries
    assert run("check", "report.yaml", "--format", "text", "--baseline", "baseline.json") == (0, "")
    # reformatting moves every line; the baseline is keyed by pointer, so nothing comes back
    report = workdir / "report.yaml"
    report.write_text("\n\n# moved down\n" + report.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("check", "report.yaml", "--format", "text", "--baseline", "baseline.json") == (0, "")
    # a new problem is reported
    edit(report, "litigation_direct:                [0, 0, 0, 0, 0]", "litigation_direct:                [0, 0, 0, 1, 0]")
    code, out = run("check", "report.yaml", "--format", "text", "--baseline", "baseline.json")
    assert (code, codes(out)) == (1, ["B304"])
    assert "行政诉讼·未经复议直接起诉" in out


def test_write_baseline_refuses_to_overwrite(workdir, capsys):
    (workdir / "baseline.json").write_text("{}", encoding="utf-8")
    code, _ = run("check", "report.yaml", "--write-baseline", "baseline.json")
    assert code == 2 and "“baseline.json”已存在；要覆盖请加 --force" in capsys.readouterr().err
    assert (workdir / "baseline.json").read_text(encoding="utf-8") == "{}"


def test_a_file_that_is_no_baseline_is_a_configuration_error(workdir, capsys):
    (workdir / "baseline.json").write_text("[1, 2]", encoding="utf-8")
    assert run("check", "report.yaml", "--baseline", "baseline.json")[0] == 2
    assert "cannot use as a baseline" in capsys.readouterr().err


# ---------------------------------------------------------------- configuration

@pytest.mark.parametrize("text,message", [
    ("ignor: [T2]\n", "unknown setting 'ignor' under (top level)"),
    ("ignore: [b301]\n", "setting ignore/0: 'b301' does not match"),
    ("ignore: [T299]\n", "ignore: unknown rule code 'T299'"),
    ("severity: {B301: fatal}\n", "setting severity/B301: 'fatal' is not one of"),
    ("per-file-ignores: {'*.yaml': [Q1]}\n", "per-file-ignores"),
    ("packs: [no-such-pack]\n", "unknown rule pack 'no-such-pack'"),
])
def test_configuration_errors_name_the_key_and_exit_2(workdir, capsys, text, message):
    (workdir / ".xxgk-lint.yaml").write_text(text, encoding="utf-8")
    code, out = run("check", "report.yaml")
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert ".xxgk-lint.yaml" in err and message in err, err


def test_pyproject_table_is_found_by_walking_up(workdir):
    (workdir / "pyproject.toml").write_text('[tool.xxgk-lint]\nselect = ["B30"]\nignore = ["B301"]\n'
                                            'fail-on = "warning"\n', encoding="utf-8")
    (workdir / "2024").mkdir()
    (workdir / "report.yaml").rename(workdir / "2024" / "report.yaml")
    code, out = run("check", "2024/report.yaml", "--format", "text")
    # B301 switched off: the row total it explained is reported on its own
    assert (code, codes(out)) == (1, ["B303", "B304"])


def test_nearest_configuration_wins_and_isolated_ignores_them(workdir):
    (workdir / ".xxgk-lint.yaml").write_text("select: [B]\n", encoding="utf-8")
    sub = workdir / "dept"
    sub.mkdir()
    (sub / ".xxgk-lint.yaml").write_text("select: [M6]\n", encoding="utf-8")
    (sub / "report.yaml").write_text((workdir / "report.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _, out = run("check", "report.yaml", "dept/report.yaml", "--format", "text")
    by_file = {}
    for line in out.splitlines():
        if not line.startswith("    "):
            by_file.setdefault(line.split(":")[0], []).append(line.split(": ")[1].split()[0])
    assert by_file == {"report.yaml": ["B301", "B304"], "dept/report.yaml": ["M605"]}
    _, isolated = run("check", "dept/report.yaml", "--format", "text", "--isolated", "--select", "B")
    assert codes(isolated) == ["B301", "B304"]


def test_per_file_ignores_and_command_line_beats_configuration(workdir):
    (workdir / ".xxgk-lint.yaml").write_text("select: [B]\nper-file-ignores: {'report.yaml': [B304]}\n"
                                            "severity: {B301: warning}\n", encoding="utf-8")
    code, out = run("check", "report.yaml", "--format", "text")
    assert (code, codes(out)) == (0, ["B301"])  # B301 became a warning: exit 0 at fail-on error
    code, out = run("check", "report.yaml", "--format", "text", "--severity", "B301=error")
    assert code == 1


def test_explicit_config_file(workdir):
    (workdir / "strict.yaml").write_text("select: [M6]\nseverity: {M605: error}\n", encoding="utf-8")
    code, out = run("check", "report.yaml", "--format", "text", "--config", "strict.yaml")
    assert (code, codes(out)) == (1, ["M605"])


# ---------------------------------------------------------------- outputs

def test_output_file_is_written_atomically_and_not_overwritten(workdir, capsys):
    code, out = run("check", "report.yaml", "--format", "json", "-o", "result.json")
    assert code == 1 and out == ""
    doc = json.loads((workdir / "result.json").read_text(encoding="utf-8"))
    assert doc["files"][0]["grade"] in "ABCD" and 0 <= doc["files"][0]["score"] <= 100
    assert run("check", "report.yaml", "-o", "result.json")[0] == 2
    assert "已存在；要覆盖请加 --force" in capsys.readouterr().err
    assert run("check", "report.yaml", "--format", "text", "-o", "result.json", "--force")[0] == 1
    assert (workdir / "result.json").read_text(encoding="utf-8").startswith("report.yaml:")
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".xxgk-")) == []


def test_statistics_count_findings_by_code(workdir):
    code, out = run("check", "report.yaml", "--format", "text", "--select", "B", "--statistics")
    assert out.splitlines()[-2:] == ["     1  B301  applications-balance", "     1  B304  appeals-total"]


def test_github_annotations_are_chosen_under_github_actions(workdir, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out = run("check", "report.yaml", "--select", "B304")
    assert out.startswith("::error file=report.yaml,line=88,col=52,title=B304 appeals-total::")


def test_scores_and_grades_in_json(workdir):
    (workdir / "clean.yaml").write_text((ROOT / "examples" / "zibo-2024.yaml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    _, out = run("check", "clean.yaml", "report.yaml", "--format", "json")
    files = {f["path"]: f for f in json.loads(out)["files"]}
    assert files["clean.yaml"]["score"] == 97 and files["clean.yaml"]["grade"] == "A"  # one warning
    assert files["report.yaml"]["score"] < files["clean.yaml"]["score"]


def test_exclude_skips_files_in_a_folder_walk_but_not_named_ones(workdir):
    (workdir / "packs").mkdir()
    (workdir / "packs" / "p.yaml").write_text("name: p\nversion: 1\n", encoding="utf-8")
    (workdir / ".xxgk-lint.yaml").write_text("exclude: ['packs/*']\nselect: [B, E]\n", encoding="utf-8")
    _, out = run("check", ".", "--format", "text")
    assert "p.yaml" not in out and "report.yaml" in out
    code, out = run("check", "packs/p.yaml", "--format", "text")
    assert code == 1 and "E006" in out


def test_a_pyproject_without_our_table_is_not_parsed(workdir):
    """Another tool's pyproject.toml costs a cold run no TOML parse, and even a broken one does not stop it."""
    (workdir / "pyproject.toml").write_text('[tool.black]\nline-length = 100\n[broken\n', encoding="utf-8")
    code = ("import io, sys\nfrom lint.cli import main\n"
            "status = main(['check', 'report.yaml', '--format', 'text'], out=io.StringIO())\n"
            "print(status, 'tomllib' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workdir)
    assert proc.stdout.split() == ["1", "False"], proc.stderr
