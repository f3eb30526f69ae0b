"""Faults during a batch: a worker killed, the run interrupted or terminated, a full disk, two runs writing
one file.  Each test asserts that no result is lost or overwritten and that nothing is left behind: no
temporary files, no worker processes."""

from __future__ import annotations

import errno
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lint.cli import main
from lint.engine.sample import clean_report
from lint.ingest.serialize import to_yaml
from lint.run.files import OutputExists, atomic_open

ROOT = Path(__file__).resolve().parent.parent

#: a run of the command line in which reading each report takes ``XXGK_TEST_SLOW`` seconds and the JSON
#: output stops for ``XXGK_TEST_SLOW_OUTPUT`` seconds half-way: time for a test to strike
SLOW_RUN = textwrap.dedent("""
    import os, sys, time
    from lint.ingest import forms
    import lint.report.json_ as json_report

    real_load, real_write = forms.load_report, json_report.write
    def slow_load(path):
        time.sleep(float(os.environ.get("XXGK_TEST_SLOW", "0")))
        return real_load(path)
    def slow_write(results, out, context):
        if float(os.environ.get("XXGK_TEST_SLOW_OUTPUT", "0")):
            out.write('{"partial": ')
            out.flush()
            open(os.environ["XXGK_TEST_WRITING"], "w").close()  # tells the test the output is being written
            time.sleep(float(os.environ["XXGK_TEST_SLOW_OUTPUT"]))
        return real_write(results, out, context)
    forms.load_report, json_report.write = slow_load, slow_write
    if os.environ.get("XXGK_TEST_NAMED_TEMPORARY"):  # a file system without O_TMPFILE
        import lint.run.files as files
        files._unnamed = lambda directory: None
    from lint.cli import main
    sys.exit(main(sys.argv[2:]))  # sys.argv[1] tags the run's processes for the test
""")


def make_reports(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        report = clean_report(2022)
        report["agency"] = f"某市第{i}局"
        path = folder / f"r{i:03d}.yaml"
        path.write_text(to_yaml(report), encoding="utf-8")
        paths.append(path)
    return paths


def children_of(pid: int) -> list[int]:
    """Live processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, ppid = fields[0], int(fields[1])
        if ppid == pid and state != "Z":
            found.append(int(entry.name))
    return found


def workers_tagged(tag: str) -> list[int]:
    """Live processes whose command line carries ``tag``: the run and its forked workers, wherever they were
    reparented."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if tag.encode() in (entry / "cmdline").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def start_slow_run(tmp_path: Path, *argv: str, slow: float = 0.5, slow_output: float = 0.0, **env_vars: str):
    tag = f"XXGK_TEST_RUN_{os.getpid()}_{time.monotonic_ns()}"
    env = {**os.environ, "XXGK_TEST_SLOW": str(slow), "XXGK_TEST_SLOW_OUTPUT": str(slow_output),
           "XXGK_TEST_WRITING": str(tmp_path / "writing"), "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT), **env_vars}
    process = subprocess.Popen([sys.executable, "-c", SLOW_RUN, tag, "check", *argv, "--progress", "off"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return process, tag


def wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".xxgk-*.tmp"))


pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


# ------------------------------------------------------------------------------------ workers and signals


def test_a_worker_killed_mid_batch_costs_its_file_only(tmp_path):
    make_reports(tmp_path / "in", 12)
    process, tag = start_slow_run(tmp_path, "in", "--jobs", "2", "--format", "json", "-o", "out.json", slow=0.4)
    assert wait_for(lambda: len(children_of(process.pid)) >= 2)
    time.sleep(0.6)
    victim = children_of(process.pid)[0]
    os.kill(victim, signal.SIGKILL)
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err, err.decode()
    assert process.returncode in (0, 1)
    files = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["files"]
    assert sorted(Path(f["path"]).name for f in files) == [f"r{i:03d}.yaml" for i in range(12)]
    crashed = [f for f in files if [x["code"] for x in f["findings"]] == ["E099"]]
    assert len(crashed) == 1  # the file the killed worker was reading, and only it
    assert workers_tagged(tag) == [] and leftovers(tmp_path) == []


@pytest.mark.parametrize("sign, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupting_or_terminating_the_run_leaves_nothing_behind(tmp_path, sign, status):
    make_reports(tmp_path / "in", 20)
    process, tag = start_slow_run(tmp_path, "in", "--jobs", "2", "--format", "json", "-o", "out.json", slow=0.5)
    assert wait_for(lambda: len(children_of(process.pid)) >= 2)
    time.sleep(0.3)
    os.kill(process.pid, sign)
    _, err = process.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode()
    assert process.returncode == status
    assert wait_for(lambda: workers_tagged(tag) == [], 5), workers_tagged(tag)
    assert not (tmp_path / "out.json").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("sign, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_the_output_is_written_leaves_no_temporary_file(tmp_path, sign, status):
    make_reports(tmp_path / "in", 3)
    (tmp_path / "out.json").write_text("an earlier run's output", encoding="utf-8")
    process, tag = start_slow_run(tmp_path, "in", "--jobs", "1", "--format", "json", "-o", "out.json", "--force",
                                  slow=0.0, slow_output=30)
    assert wait_for((tmp_path / "writing").exists)  # the output is being written
    os.kill(process.pid, sign)
    _, err = process.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode()
    assert process.returncode == status
    assert leftovers(tmp_path) == []
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == "an earlier run's output"


def test_a_run_killed_while_the_output_is_written_leaves_nothing_and_the_next_writes_it_whole(tmp_path):
    make_reports(tmp_path / "in", 3)
    process, _tag = start_slow_run(tmp_path, "in", "--jobs", "1", "--format", "json", "-o", "out.json",
                                   slow=0.0, slow_output=30)
    assert wait_for((tmp_path / "writing").exists)
    os.kill(process.pid, signal.SIGKILL)  # nothing in the process runs after this
    process.communicate(timeout=30)
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.json").exists()  # it had no name yet
    code = main(["check", str(tmp_path / "in"), "--format", "json", "-o", str(tmp_path / "out.json"),
                 "--progress", "off"], out=io.StringIO())
    assert code in (0, 1)
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["files"]) == 3
    assert leftovers(tmp_path) == []


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_named_temporary_file_of_a_killed_run_is_removed_by_a_later_write_once_it_is_stale(tmp_path):
    from lint.run.files import STALE_SECONDS

    make_reports(tmp_path / "in", 3)
    process, _tag = start_slow_run(tmp_path, "in", "--jobs", "1", "--format", "json", "-o", "out.json",
                                   slow=0.0, slow_output=30, XXGK_TEST_NAMED_TEMPORARY="1")
    assert wait_for((tmp_path / "writing").exists)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    left = leftovers(tmp_path)
    assert len(left) == 1 and left[0].startswith(f".xxgk-{process.pid}-")  # the name says whose it was
    # a live writer's file (pid of a running process) and files of other names are never touched
    alive = tmp_path / f".xxgk-{os.getppid()}-abcdefgh.tmp"
    others = [tmp_path / ".xxgk-notes.tmp", tmp_path / ".xxgk-1x-abc.tmp", tmp_path / "notes.tmp"]
    for path in (alive, *others):
        path.write_text("x", encoding="utf-8")
        _age(path, STALE_SECONDS + 60)

    def write(name: str) -> None:
        code = main(["check", str(tmp_path / "in"), "--format", "json", "-o", str(tmp_path / name),
                     "--progress", "off"], out=io.StringIO())
        assert code in (0, 1)
        assert len(json.loads((tmp_path / name).read_text(encoding="utf-8"))["files"]) == 3

    write("out.json")  # the killed run's file is fresh: its writer may be on another machine sharing the folder
    assert left[0] in leftovers(tmp_path)
    _age(tmp_path / left[0], STALE_SECONDS + 60)
    write("again.json")
    assert leftovers(tmp_path) == sorted([alive.name, ".xxgk-1x-abc.tmp", ".xxgk-notes.tmp"])
    assert all(path.exists() for path in others)


@pytest.mark.parametrize("force", [False, True])
def test_on_a_file_system_without_hard_links_the_output_is_still_whole_and_nothing_is_left(tmp_path, monkeypatch,
                                                                                         force):
    def no_links(source, target, **kwargs):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.json"
    if force:
        target.write_text("an earlier run's output", encoding="utf-8")
    with atomic_open(str(target), force=force) as handle:
        handle.write("whole " * 50000)
    assert target.read_text(encoding="utf-8") == "whole " * 50000
    assert leftovers(tmp_path) == []
    with pytest.raises(OutputExists):  # still never over an existing file unasked
        with atomic_open(str(target)) as handle:
            handle.write("another")
    assert target.read_text(encoding="utf-8") == "whole " * 50000


@pytest.mark.parametrize("sign", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_their_parent(tmp_path, sign):
    make_reports(tmp_path / "in", 30)
    process, tag = start_slow_run(tmp_path, "in", "--jobs", "2", "--format", "json", slow=2.0)
    assert wait_for(lambda: len(workers_tagged(tag)) >= 3)  # the parent and its two workers
    os.kill(process.pid, sign)
    process.communicate(timeout=30)
    assert wait_for(lambda: workers_tagged(tag) == [], 5), workers_tagged(tag)


# ------------------------------------------------------------------------------------ the disk and other runs


def test_a_full_disk_while_writing_loses_no_earlier_output(tmp_path, monkeypatch, capsys):
    make_reports(tmp_path / "in", 4)
    target = tmp_path / "out.json"
    target.write_text("an earlier run's output", encoding="utf-8")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code = main(["check", str(tmp_path / "in"), "--format", "json", "-o", str(target), "--force",
                 "--progress", "off"], out=io.StringIO())
    monkeypatch.setattr(os, "fsync", real_fsync)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert str(target) in err and "磁盘已满" in err
    assert target.read_text(encoding="utf-8") == "an earlier run's output"
    assert leftovers(tmp_path) == []


def _race(target: str, number: int, start, results) -> None:
    start.wait()
    try:
        with atomic_open(target) as handle:
            handle.write(f"run {number} " * 20000)  # big enough that the two writes overlap
        results.put(("won", number))
    except OutputExists:
        results.put(("refused", number))


def test_two_runs_writing_one_file_one_wins_and_the_other_is_refused(tmp_path):
    context = multiprocessing.get_context("fork")
    for trial in range(10):
        target = str(tmp_path / f"out{trial}.json")
        start, results = context.Barrier(2), context.Queue()
        runs = [context.Process(target=_race, args=(target, n, start, results)) for n in range(2)]
        for run in runs:
            run.start()
        outcomes = sorted(results.get(timeout=30) for _ in runs)
        for run in runs:
            run.join(30)
        assert [kind for kind, _ in outcomes] == ["refused", "won"], outcomes
        winner = next(number for kind, number in outcomes if kind == "won")
        assert Path(target).read_text(encoding="utf-8") == f"run {winner} " * 20000  # whole, and the winner's
    assert leftovers(tmp_path) == []


def test_two_command_lines_writing_one_file(tmp_path):
    make_reports(tmp_path / "in", 3)
    runs = [subprocess.Popen([sys.executable, "-m", "lint", "check", "in", "--format", "json", "-o", "out.json",
                              "--progress", "off", "--lang", lang], cwd=tmp_path,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for lang in ("zh", "en")]
    done = [(run.returncode, err) for run in runs for _, err in [run.communicate(timeout=60)]]
    codes = sorted(code for code, _ in done)
    assert codes in ([0, 2], [1, 2]), done
    refused = next(err for code, err in done if code == 2)
    assert "out.json" in refused and "Traceback" not in refused
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["files"]) == 3
    assert leftovers(tmp_path) == []
