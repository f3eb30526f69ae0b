"""Hostile input and injected faults: nothing a user feeds the linter breaks a batch, forges a finding or
invents a number.  Each failure ends as a finding on its file or as one clear line naming the path, exit 2."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint.cli import main
from lint.engine.sample import clean_report
from lint.ingest.serialize import to_yaml
from lint.model import FileResult, Finding, Location, Severity
from lint.report import Context, formats

ROOT = Path(__file__).resolve().parent.parent


def write_report(path: Path, year: int = 2022, **patch) -> Path:
    report = clean_report(year)
    report.update(patch)
    path.write_text(to_yaml(report), encoding="utf-8")
    return path


def check(*argv: str, out: io.StringIO | None = None) -> tuple[int, str]:
    out = out or io.StringIO()
    code = main(["check", *argv, "--progress", "off"], out=out)
    return code, out.getvalue()


def one_line_error(err: str, *names: str) -> None:
    """What a command that cannot go on prints: one line starting with the program's name, naming the path."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("xxgk-lint: ")
    for name in names:
        assert name in lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".xxgk-*.tmp"))


# ---------------------------------------------------------------------------------------- file names


@pytest.fixture
def undecodable_name(tmp_path) -> Path:
    """A folder holding a report whose file name is not valid UTF-8, beside an ordinary one."""
    folder = tmp_path / "reports"
    folder.mkdir()
    write_report(folder / "good.yaml", 2023)
    name = os.fsdecode(os.fsencode(str(folder)) + b"/bad\xff\xfe.yaml")
    Path(name).write_text(to_yaml(clean_report(2022)), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", formats())
def test_a_file_name_that_is_not_utf8_is_checked_in_every_output_format(undecodable_name, tmp_path, fmt, capsys):
    target = tmp_path / f"out.{fmt}"
    code, _ = check(str(undecodable_name), "--format", fmt, "-o", str(target))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code in (0, 1), err
    data = target.read_bytes()
    data.decode("utf-8")  # the output stays valid UTF-8
    assert b"good.yaml" in data
    assert leftovers(tmp_path) == []


def test_a_file_name_that_is_not_utf8_round_trips_through_json(undecodable_name):
    code, out = check(str(undecodable_name), "--format", "json")
    assert code in (0, 1)
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert any(os.fsencode(p).endswith(b"bad\xff\xfe.yaml") for p in paths), paths


def test_a_file_name_that_is_not_utf8_on_standard_output_with_a_strict_encoding(undecodable_name):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LANG": "C.UTF-8"}
    for fmt in ("text", "json", "sarif", "csv", "github"):
        done = subprocess.run([sys.executable, "-m", "lint", "check", str(undecodable_name), "--format", fmt],
                              capture_output=True, env=env, cwd=ROOT)
        assert b"Traceback" not in done.stderr, (fmt, done.stderr.decode(errors="replace"))
        assert done.returncode in (0, 1), fmt
        done.stdout.decode("utf-8")
        assert b"bad" in done.stdout, fmt


# ---------------------------------------------------------------------------------------- one place for faults


def test_a_fault_in_the_cross_report_stage_costs_that_pair_only(tmp_path, monkeypatch):
    from lint.engine import Engine

    write_report(tmp_path / "a2022.yaml", 2022)
    write_report(tmp_path / "a2023.yaml", 2023)
    write_report(tmp_path / "b2023.yaml", 2023, agency="某县某局")

    def broken(self, pairs):
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(Engine, "check_pairs", broken)
    code, out = check(str(tmp_path), "--format", "json")
    files = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in json.loads(out)["files"]}
    assert set(files) == {"a2022.yaml", "a2023.yaml", "b2023.yaml"}
    assert "E099" in files["a2023.yaml"]
    assert "E099" not in files["b2023.yaml"]


def test_a_huge_carried_forward_cell_beside_the_next_years_report(tmp_path):
    earlier = clean_report(2022)
    earlier["tables"]["applications"]["carried_forward"][0] = 777777
    (tmp_path / "r2022.yaml").write_text(to_yaml(earlier).replace("777777", "9" * 4400), encoding="utf-8")
    write_report(tmp_path / "r2023.yaml", 2023)
    code, out = check(str(tmp_path), "--format", "json")
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert [x["code"] for x in files["r2022.yaml"]["findings"]] == ["E005"]
    assert "4400" in files["r2022.yaml"]["findings"][0]["message"]
    assert "E099" not in [x["code"] for x in files["r2023.yaml"]["findings"]]


def test_a_fault_in_the_copy_stage_keeps_every_files_result_and_says_so(tmp_path, monkeypatch, capsys):
    import lint.run.copies as copies

    write_report(tmp_path / "a2022.yaml", 2022)
    write_report(tmp_path / "b2022.yaml", 2022, agency="某县某局")

    def broken(*args, **kwargs):
        raise MemoryError("no room for the index")

    monkeypatch.setattr(copies, "run_stage", broken)
    target = tmp_path / "out.json"
    code, _ = check(str(tmp_path), "--format", "json", "-o", str(target))
    err = capsys.readouterr().err
    assert code == 2
    one_line_error(err, "雷同段落", "内存不足")
    assert len(json.loads(target.read_text(encoding="utf-8"))["files"]) == 2


def test_a_fault_while_writing_the_output_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    import lint.report.json_ as json_report

    write_report(tmp_path / "a2022.yaml")

    def broken(results, out, context):
        out.write("{")
        raise RuntimeError("the reporter broke")

    monkeypatch.setattr(json_report, "write", broken)
    target = tmp_path / "out" / "audit.json"
    target.parent.mkdir()
    code, _ = check(str(tmp_path / "a2022.yaml"), "--format", "json", "-o", str(target))
    assert code == 2
    one_line_error(capsys.readouterr().err, "RuntimeError")
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_fault_while_completing_one_result_costs_that_file_only(tmp_path, monkeypatch):
    from lint.run import suppress

    write_report(tmp_path / "a2022.yaml", 2022)
    write_report(tmp_path / "b2022.yaml", 2022, agency="某县某局")
    real = suppress.apply
    calls = []

    def broken(findings, suppressions):  # the files' results are completed in their order: b2022 second
        calls.append(1)
        if len(calls) == 2:
            raise KeyError("suppressions")
        return real(findings, suppressions)

    monkeypatch.setattr(suppress, "apply", broken)
    code, out = check(str(tmp_path), "--format", "json")
    files = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in json.loads(out)["files"]}
    assert files["b2022.yaml"] == ["E099"]
    assert "E099" not in files["a2022.yaml"]


# ---------------------------------------------------------------------------------------- the output stage


@pytest.fixture
def report(tmp_path) -> Path:
    return write_report(tmp_path / "r2022.yaml")


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO])
@pytest.mark.parametrize("where", ["write", "fsync", "replace", "mkstemp"])
def test_the_output_cannot_be_written(report, tmp_path, monkeypatch, capsys, number, where):
    import tempfile

    import lint.report.json_ as json_report

    def refuse(*args, **kwargs):
        raise OSError(number, os.strerror(number))

    def write_then_refuse(results, out, context):  # what a full disk does to a reporter's writes
        out.write("{" * 100_000)
        refuse()

    target = tmp_path / "out.json"
    if where == "replace":
        target.write_text("old", encoding="utf-8")  # --force renames over it
    if where == "write":
        monkeypatch.setattr(json_report, "write", write_then_refuse)
    else:
        monkeypatch.setattr(tempfile if where == "mkstemp" else os, where, refuse)
    code, _ = check(str(report), "--format", "json", "-o", str(target), "--force")
    assert code == 2
    one_line_error(capsys.readouterr().err, str(target))
    assert leftovers(tmp_path) == []
    if where == "replace":
        assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_into_a_missing_folder(report, tmp_path, capsys, option):
    target = tmp_path / "no" / "such" / "out.json"
    code, _ = check(str(report), "--format", "json", option, str(target))
    assert code == 2
    one_line_error(capsys.readouterr().err, str(target))


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_onto_a_folder_even_with_force(report, tmp_path, capsys, option):
    target = tmp_path / "afolder"
    target.mkdir()
    code, _ = check(str(report), "--format", "json", option, str(target), "--force")
    assert code == 2
    one_line_error(capsys.readouterr().err, str(target))
    assert target.is_dir() and leftovers(tmp_path) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="the superuser writes anywhere")
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_into_a_folder_without_write_permission(report, tmp_path, capsys, option):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, _ = check(str(report), "--format", "json", option, str(locked / "out.json"))
    finally:
        locked.chmod(0o755)
    assert code == 2
    one_line_error(capsys.readouterr().err, str(locked / "out.json"))


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_onto_a_read_only_file_system(report, tmp_path, monkeypatch, capsys, option):
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    target = tmp_path / "out.json"
    code, _ = check(str(report), "--format", "json", option, str(target))
    assert code == 2
    one_line_error(capsys.readouterr().err, str(target))
    assert not target.exists()


def test_piping_into_head_ends_quietly(tmp_path):
    for i in range(40):
        write_report(tmp_path / f"r{i:03d}.yaml", 2022, title="错误的标题")
    pipeline = (f"{sys.executable} -m lint check {tmp_path} --format text --jobs 1 | head -1; "
                "echo status ${PIPESTATUS[0]}")
    done = subprocess.run(["bash", "-c", pipeline], capture_output=True, text=True, cwd=ROOT)
    assert "BrokenPipeError" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == ""
    assert done.stdout.splitlines()[-1] in ("status 141", "status 0", "status 1")


# ---------------------------------------------------------------------------------------- what a person reads


HOSTILE = "某局\nfake.yaml:1:1: B301 错误: forged\x1b[2J\x1b]0;title\x07\r\x9b31m\u202e"


def hostile_result() -> FileResult:
    finding = Finding("M601", "title-year", Severity.ERROR, f"标题“{HOSTILE}”有误",
                      Location(pointer="/title", line=1, column=1, table=HOSTILE, row=HOSTILE),
                      hint=f"改为{HOSTILE}")
    finding.consequences.append(Finding("B309", "not-evaluable", Severity.WARNING, HOSTILE, Location(pointer="")))
    return FileResult(f"dir/{HOSTILE}.yaml", [finding], agency=HOSTILE, year=2022)


def forged(text: str) -> list[str]:
    """What in ``text`` could drive a terminal or start a line of its own."""
    bad = [ch for ch in text if ch in "\x1b\x07\r\x9b\u202e"]
    starts = [line for line in text.splitlines() if line.lstrip().startswith("fake.yaml")]
    return bad + starts


@pytest.mark.parametrize("fmt", ["text", "rich", "github"])
def test_control_characters_are_escaped_in_every_output_for_people(fmt):
    from lint.report import get

    out = io.StringIO()
    get(fmt).write(iter([hostile_result()]), out, Context(lang="zh"))
    assert forged(out.getvalue()) == []
    assert "forged" in out.getvalue()  # said, not dropped


@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_control_characters_are_escaped_in_the_roster_and_copy_blocks(fmt):
    from lint.report import get

    roster = {"year": 2022, "units": 1, "reports": 1, "missing": [{"unit": HOSTILE}], "late": [], "undated": [],
              "duplicates": [{"unit": HOSTILE, "paths": [HOSTILE]}], "unknown": [], "unreadable": [HOSTILE],
              "matched": []}
    copies = {"compared": 2, "copies": [{"agencies": [HOSTILE, HOSTILE], "files": [HOSTILE, HOSTILE],
                                         "similarity": 1.0, "passages": [HOSTILE]}]}
    out = io.StringIO()
    get(fmt).write(iter([]), out, Context(lang="zh", extras={"roster": roster, "copies": copies}))
    assert forged(out.getvalue()) == []
    assert "forged" in out.getvalue()


def test_control_characters_are_escaped_in_word_comments():
    from lint.report.word import finding_text

    lines = finding_text(hostile_result().findings[0], "zh")
    assert all("\n" not in line and forged(line) == [] for line in lines), lines
    assert any("forged" in line for line in lines)


# ---------------------------------------------------------------------------------------- options and limits


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "1e300", "1e-5", "0.000001", "0", "-inf", "ten"])
@pytest.mark.parametrize("command", ["check", "annotate"])
def test_a_time_limit_that_is_no_time_limit_is_refused(report, capsys, value, command):
    with pytest.raises(SystemExit) as stop:
        main([command, str(report), f"--timeout={value}"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--timeout" in err and value in err
    assert "argument" not in err  # said in Chinese, as the rest of the command line's messages


@pytest.fixture
def started(monkeypatch):
    """The number of workers each pool of the run was started with."""
    import lint.run.pool as pool

    jobs_started: list[int] = []
    real = pool.Pool.__init__

    def counting(self, jobs, make_checker, timeout):
        jobs_started.append(jobs)
        real(self, jobs, make_checker, timeout)

    monkeypatch.setattr(pool.Pool, "__init__", counting)
    return jobs_started


def test_more_jobs_than_cores_start_no_more_workers_than_cores(tmp_path, started, capsys):
    for i in range(6):
        write_report(tmp_path / f"r{i}.md", 2022)  # not structured: checked in workers
    code, _ = check(str(tmp_path), "--jobs", "1000", "--format", "json")
    assert started and started[0] <= (os.cpu_count() or 1)
    assert "--jobs 1000" in capsys.readouterr().err


def test_force_jobs_starts_as_many_workers_as_asked_and_says_nothing_of_a_cap(tmp_path, started, capsys):
    asked = (os.cpu_count() or 1) + 2
    for i in range(asked + 1):
        write_report(tmp_path / f"r{i}.md", 2022)
    code, out = check(str(tmp_path), "--jobs", str(asked), "--force-jobs", "--format", "json")
    assert started == [asked]
    assert "--jobs" not in capsys.readouterr().err
    assert len(json.loads(out)["files"]) == asked + 1


def test_force_jobs_without_a_number_of_jobs_is_a_usage_error(report, capsys):
    code, out = check(str(report), "--force-jobs")
    assert code == 2 and out == ""
    one_line_error(capsys.readouterr().err, "--force-jobs", "--jobs N")


def test_the_help_and_the_readme_tell_of_force_jobs(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "--force-jobs" in capsys.readouterr().out
    assert "--force-jobs" in (ROOT / "README.md").read_text(encoding="utf-8")


def sparse(path: Path, size: int) -> Path:
    path.touch()
    os.truncate(path, size)
    return path


def test_a_huge_baseline_is_refused_before_it_is_read(report, tmp_path, capsys, monkeypatch):
    import builtins

    huge = sparse(tmp_path / "baseline.json", 4 * 1024 ** 3)
    real_open = builtins.open

    def watched(file, *args, **kwargs):
        assert os.fspath(file) != str(huge), "the huge baseline was opened"
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched)
    code, _ = check(str(report), "--baseline", str(huge))
    assert code == 2
    one_line_error(capsys.readouterr().err, str(huge), "MB")


@pytest.mark.parametrize("text, said", [
    ('{"xxgk-lint-baseline": 1, "findings": [{"path": "a", "code": "B301", "pointer": "", "count": 1e400}]}',
     "count"),
    ('{"xxgk-lint-baseline": 1, "findings": [{"path": "a", "code": "B301", "pointer": "", "count": -3}]}', "count"),
    ('{"xxgk-lint-baseline": 1, "findings": [{"path": "a", "code": "B301", "pointer": "", "count": "2"}]}',
     "count"),
    ('{"xxgk-lint-baseline": 1, "findings": [{"path": ["a"], "code": "B301", "pointer": ""}]}', "strings"),
    ("[" * 100_000 + "]" * 100_000, "baseline"),
    ('{"xxgk-lint-baseline": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", "baseline"),
])
def test_a_baseline_that_is_no_baseline_is_refused(report, tmp_path, capsys, text, said):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text, encoding="utf-8")
    code, _ = check(str(report), "--baseline", str(baseline))
    assert code == 2
    one_line_error(capsys.readouterr().err, str(baseline), said)


def test_a_huge_pack_named_in_extends_is_refused_before_it_is_read(report, tmp_path, capsys):
    huge = sparse(tmp_path / "huge.yaml", 4 * 1024 ** 3)
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"name: local\nversion: '1'\nextends: {huge}\nrules: []\n", encoding="utf-8")
    code, _ = check(str(report), "--pack", str(pack))
    assert code == 2
    one_line_error(capsys.readouterr().err, str(huge), "MB")


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", "[tool.xxgk-lint]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n"),
    (".xxgk-lint.yaml", "ignore: " + "[" * 100_000 + "]" * 100_000 + "\n"),
])
def test_a_deeply_nested_configuration_found_by_walking_up_is_refused(tmp_path, capsys, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    report = write_report(folder / "r2022.yaml")
    code, _ = check(str(report))
    assert code == 2
    one_line_error(capsys.readouterr().err, name)


def test_a_huge_configuration_is_refused_before_it_is_read(tmp_path, capsys):
    sparse(tmp_path / ".xxgk-lint.yaml", 2 * 1024 ** 3)
    report = write_report(tmp_path / "r2022.yaml")
    code, _ = check(str(report))
    assert code == 2
    one_line_error(capsys.readouterr().err, ".xxgk-lint.yaml", "MB")


@pytest.mark.parametrize("name", ["huge.md", "huge.txt", "huge.unknown.md"])
def test_a_huge_text_report_is_refused_before_it_is_read(tmp_path, name):
    path = sparse(tmp_path / name, 95 * 1024 ** 2)
    code, out = check(str(path), "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    assert [f["code"] for f in findings] == ["E005"]
    assert "MB" in findings[0]["message"]


def test_the_pack_loader_never_unpickles(monkeypatch):
    import pickle

    from lint.engine import packs

    def refuse(*args, **kwargs):
        raise AssertionError("a rule pack was unpickled")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(packs, "_LOADED", {})
    for name in packs.DEFAULT_PACKS:
        assert packs.load_pack(name).rules


# ---------------------------------------------------------------------------------------- plausible values


def codes_of(tmp_path: Path, report: dict) -> list[dict]:
    path = tmp_path / "r.yaml"
    path.write_text(to_yaml(report), encoding="utf-8")
    code, out = check(str(path), "--format", "json")
    return json.loads(out)["files"][0]["findings"]


@pytest.mark.parametrize("table, pointer", [
    ("applications", ("new_received", 0)), ("appeals", ("reconsideration", 0)),
    ("proactive", ("licensing", "decisions")), ("proactive", ("fees", "amount")),
])
@pytest.mark.parametrize("cell", ["12件", "1,234", "1 2", "１２", "12.5.3", "1e400", "9" * 5000, "−3", "12\u200b"])
def test_plausible_cells_get_value_findings_never_an_internal_error(tmp_path, table, pointer, cell):
    report = clean_report(2022)
    node = report["tables"][table]
    for key in pointer[:-1]:
        node = node[key]
    node[pointer[-1]] = cell
    findings = codes_of(tmp_path, report)
    assert "E099" not in [f["code"] for f in findings], findings


def test_digits_apart_are_text_not_a_number(tmp_path):
    report = clean_report(2022)
    report["tables"]["appeals"]["reconsideration"] = ["1 2", 0, 0, 1, 2]
    findings = codes_of(tmp_path, report)
    text = [f for f in findings if f["code"] == "T204"]
    assert text and "“1 2”" in text[0]["message"]
    assert not any("12" in json.dumps(f.get("evidence", {})) for f in findings)  # never read as 12


@pytest.mark.parametrize("year", [9999, 0, -5, 2**70, "2022年", 2022.5, True])
def test_an_impossible_year_is_a_schema_finding(tmp_path, year):
    report = clean_report(2022)
    report["year"] = year
    findings = codes_of(tmp_path, report)
    codes = [f["code"] for f in findings]
    assert "E099" not in codes and ("E007" in codes or "E005" in codes), codes  # E005: past any number


@pytest.mark.parametrize("evidence", ["abc", [1, 2], {"x": [1]}, {"labels": 5}, None, {"labels": [None]}])
def test_a_malformed_format_evidence_is_a_schema_finding(tmp_path, evidence):
    report = clean_report(2022)
    report["format_evidence"] = evidence
    findings = codes_of(tmp_path, report)
    codes = [f["code"] for f in findings]
    assert "E099" not in codes, codes


# ---------------------------------------------------------------------------------------- an auditor's run


SILENCER = "ignore: [E, S, T, B, F, P, M, C, X, N]\n"


@pytest.fixture
def silenced(tmp_path) -> Path:
    """A report folder that brings its own configuration switching every rule off, and a report with errors."""
    folder = tmp_path / "submitted"
    folder.mkdir()
    (folder / ".xxgk-lint.yaml").write_text(SILENCER, encoding="utf-8")
    (folder / "pyproject.toml").write_text('[tool.xxgk-lint]\nignore = ["E", "S", "T", "B", "F", "P", "M", "C", "X", "N"]\n',
                                           encoding="utf-8")
    write_report(folder / "r2022.yaml", title="某市某局2019年政府信息公开工作年度报告")
    return folder


def test_a_folders_own_configuration_silences_a_run_without_the_switch(silenced):
    code, out = check(str(silenced), "--format", "json", "--pack", "national-2021")
    assert json.loads(out)["files"][0]["findings"] == []  # what the switch is for


@pytest.mark.parametrize("given", ["folder", "file"])
def test_no_local_config_ignores_the_audited_folders_configuration_and_says_so(silenced, capsys, given):
    target = silenced if given == "folder" else silenced / "r2022.yaml"
    code, out = check(str(target), "--format", "json", "--pack", "national-2021", "--no-local-config")
    assert "M601" in [f["code"] for f in json.loads(out)["files"][0]["findings"]]
    err = capsys.readouterr().err
    assert str(silenced / ".xxgk-lint.yaml") in err and "--no-local-config" in err


def test_no_local_config_does_not_parse_a_hostile_pyproject(tmp_path, capsys):
    folder = tmp_path / "submitted"
    folder.mkdir()
    (folder / "pyproject.toml").write_text("[tool.xxgk-lint]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n",
                                           encoding="utf-8")
    write_report(folder / "r2022.yaml")
    code, out = check(str(folder), "--format", "json", "--no-local-config")
    assert code in (0, 1)
    assert str(folder / "pyproject.toml") in capsys.readouterr().err


def test_the_readme_tells_auditors_about_the_switch():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--no-local-config" in readme


# ---------------------------------------------------------------------------------------- init and convert


@pytest.mark.parametrize("agency", ["某局: 办公室", "[某局]", "*某局", "&某局", "某局\nyear: 1999", "某局 #1",
                                    "某局\n# 注释", "'某局'", '"某局"', "yes", "123", "某局\x1b[2J", "! 某局",
                                    "某局, 某办", "{某局}", "- 某局", "某局|>", "%某局"])
def test_init_writes_any_agency_name_so_that_it_reads_back_exactly(tmp_path, agency, capsys):
    from lint.ingest.structured import load_structured

    target = tmp_path / "new.yaml"
    assert main(["init", str(target), "--agency", agency, "--year", "2024"]) == 0
    data = target.read_bytes()
    report, _ = load_structured(str(target), data)
    assert report["agency"] == agency.strip()
    assert report["title"] == f"{agency.strip()}2024年政府信息公开工作年度报告"
    assert report["year"] == 2024 and set(report) >= {"sections", "tables"}
    assert b"\x1b" not in data


@pytest.mark.parametrize("fee", [1.25, 0, 12345.678, 0.001, 99999999])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_what_convert_writes_check_accepts_with_the_same_numbers(tmp_path, fee, suffix, capsys):
    from tests.ingest.report_text import to_markdown
    from lint.ingest import load_report

    report = clean_report(2022)
    report["tables"]["proactive"]["fees"]["amount"] = fee
    report["tables"]["applications"]["new_received"][0] = 123456
    source = tmp_path / "r.md"
    source.write_text(to_markdown(report), encoding="utf-8")
    target = tmp_path / f"r{suffix}"
    assert main(["convert", str(source), "-o", str(target)]) in (0, 1)
    code, out = check(str(target), "--format", "json")
    codes = [f["code"] for f in json.loads(out)["files"][0]["findings"]]
    assert not [c for c in codes if c.startswith("E")], codes
    read_md, _ = load_report(str(source))
    read_converted, _ = load_report(str(target))
    assert read_converted["tables"] == read_md["tables"]
    assert read_converted["tables"]["proactive"]["fees"]["amount"] == fee


# ---------------------------------------------------------------------------------------- long narrative


def test_300_kb_of_repetitive_narrative_is_checked_within_a_generous_time_limit(tmp_path):
    from tests.test_narrative_speed import UNIT

    report = clean_report(2024)
    for key in ("overview", "applications", "problems", "other"):
        report["sections"][key]["text"] = (UNIT * (75_000 // len(UNIT) + 1))[:75_000]
    path = tmp_path / "long.yaml"
    path.write_text(to_yaml(report), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "lint", "check", str(path), "--format", "json", "--timeout", "20"],
                          capture_output=True, text=True, cwd=ROOT)
    codes = [f["code"] for f in json.loads(done.stdout)["files"][0]["findings"]]
    assert "E012" not in codes and "E099" not in codes, codes
    assert any(c.startswith("C7") for c in codes)  # the narrative rules ran and said something


# ---------------------------------------------------------------------------------------- silent results


def test_a_folder_with_no_reports_says_so_with_exit_2(tmp_path, capsys):
    (tmp_path / "notes.docx.bak").write_text("x", encoding="utf-8")
    code, out = check(str(tmp_path))
    assert code == 2 and out == ""
    one_line_error(capsys.readouterr().err, str(tmp_path))


def test_a_run_again_with_force_does_not_check_its_own_previous_output(tmp_path, monkeypatch):
    write_report(tmp_path / "r2022.yaml")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        code, _ = check(".", "--format", "json", "-o", "audit.json", "--write-baseline", "baseline.json",
                        "--force")
        files = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))["files"]
        assert [Path(f["path"]).name for f in files] == ["r2022.yaml"]


@pytest.mark.parametrize("lang, said, unsaid", [("zh", "磁盘已满", "the disk is full"),
                                                ("en", "the disk is full", "磁盘已满")])
def test_an_output_failure_is_said_in_the_language_of_the_command_line(report, tmp_path, monkeypatch, capsys,
                                                                        lang, said, unsaid):
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "out.json"
    code, _ = check(str(report), "--format", "json", "-o", str(target), "--lang", lang)
    err = capsys.readouterr().err
    assert code == 2 and said in err and unsaid not in err and str(target) in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_fault_after_the_rules_ran_costs_that_file_only(tmp_path, monkeypatch, capsys, jobs):
    import lint.run.checker as checker
    from tests.ingest.report_text import to_markdown

    for name, agency in (("a", "某甲局"), ("b", "某乙局"), ("c", "某丙局")):
        if jobs == "2":  # documents are checked in workers
            report = clean_report(2022)
            report["agency"], report["title"] = agency, f"{agency}2022年政府信息公开工作年度报告"
            (tmp_path / f"{name}.md").write_text(to_markdown(report), encoding="utf-8")
        else:
            write_report(tmp_path / f"{name}.yaml", 2022, agency=agency)
    class Broken(checker.FileResult):  # a step after the rules ran, outside their own guard
        def __init__(self, *args, **kwargs) -> None:
            if kwargs.get("agency") == "某乙局":
                raise UnicodeError("the last step broke")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(checker, "FileResult", Broken)
    code, out = check(str(tmp_path), "--format", "json", "--jobs", jobs)
    files = {Path(f["path"]).stem: [x["code"] for x in f["findings"]] for f in json.loads(out)["files"]}
    assert set(files) == {"a", "b", "c"}
    assert files["b"] == ["E099"] and "E099" not in files["a"] + files["c"]
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("year", ["-1", "0", "99999999999999999999999", "2101"])
def test_a_roster_year_that_is_no_reporting_year_is_refused(report, tmp_path, capsys, year):
    roster = tmp_path / "units.csv"
    roster.write_text("单位名称,级别,上级\n某市某局,department,\n", encoding="utf-8")
    code, out = check(str(report), "--roster", str(roster), "--year", year)
    assert code == 2 and out == ""
    one_line_error(capsys.readouterr().err, "--year", year)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_standard_output_onto_a_full_disk_is_one_line(tmp_path, fmt):
    report = write_report(tmp_path / "r2022.yaml", title="某市某局2019年政府信息公开工作年度报告")  # a finding to write
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "lint", "check", str(report), "--format", fmt], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert done.returncode == 2
    one_line_error(done.stderr, "标准输出", "磁盘已满")


@pytest.mark.parametrize("content", ["huge", "long field"])
def test_a_roster_that_is_no_table_is_refused_with_its_name(report, tmp_path, capsys, content):
    roster = tmp_path / "units.csv"
    if content == "huge":
        sparse(roster, 4 * 1024 ** 3)
    else:
        roster.write_text('单位名称,级别,上级\n"' + "某" * 200_000 + '",department,\n', encoding="utf-8")
    code, out = check(str(report), "--roster", str(roster))
    assert code == 2
    one_line_error(capsys.readouterr().err, str(roster))


def test_a_fault_annotating_one_document_costs_its_copy_only(tmp_path, monkeypatch, capsys):
    import lint.report.word as word
    from tests.ingest.docx_factory import build_report_docx

    first = build_report_docx(tmp_path / "甲.docx", agency="某甲局")
    second = build_report_docx(tmp_path / "乙.docx", agency="某乙局")
    real = word.annotate_file

    def broken(path, findings, **kwargs):
        if path.endswith("甲.docx"):
            raise ValueError("All strings must be XML compatible")
        return real(path, findings, **kwargs)

    monkeypatch.setattr(word, "annotate_file", broken)
    code = main(["annotate", str(first), str(second)], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    one_line_error(err, "甲.docx", "XML")
    assert (tmp_path / "乙.批注.docx").exists() and not (tmp_path / "甲.批注.docx").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_the_output_never_replaces_a_report_being_checked_even_with_force(report, capsys, option):
    before = report.read_bytes()
    code, _ = check(str(report), "--format", "json", option, str(report), "--force")
    assert code == 2
    one_line_error(capsys.readouterr().err, str(report))
    assert report.read_bytes() == before


def test_a_baseline_keeps_a_file_name_that_is_not_utf8(undecodable_name, tmp_path):
    for name in ("good.yaml", os.fsdecode(b"bad\xff\xfe.yaml")):
        write_report(undecodable_name / name, 2022, title="某市某局2019年政府信息公开工作年度报告")
    baseline = tmp_path / "baseline.json"
    code, _ = check(str(undecodable_name), "--write-baseline", str(baseline), "--format", "json")
    baseline.read_bytes().decode("utf-8")
    code, out = check(str(undecodable_name), "--baseline", str(baseline), "--format", "json")
    assert code == 0
    assert all(f["findings"] == [] for f in json.loads(out)["files"])


def test_a_broken_configuration_in_a_subfolder_is_said_before_any_work(tmp_path):
    from tests.ingest.report_text import to_markdown

    (tmp_path / "sub").mkdir()
    for path in (tmp_path / "a.md", tmp_path / "sub" / "b.md"):  # documents: checked in workers
        path.write_text(to_markdown(clean_report(2022)), encoding="utf-8")
    (tmp_path / "sub" / ".xxgk-lint.yaml").write_text("ignore: [Z999]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "lint", "check", str(tmp_path), "--jobs", "2"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and done.stdout == ""
    one_line_error(done.stderr, str(tmp_path / "sub" / ".xxgk-lint.yaml"), "Z999")
