"""The pre-commit hook, installed from this checkout by the real pre-commit tool.

A throwaway repository points at this repository's committed HEAD; a commit of
a broken report is refused with the finding, a fixed one is accepted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "examples" / "broken" / "balance.yaml"


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_commit_of_a_broken_report_is_refused_and_a_fixed_one_accepted(tmp_path):
    head = git(ROOT, "rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.skip("this checkout has no commit to install the hook from")
    committed = git(ROOT, "show", f"{head.stdout.strip()}:.pre-commit-hooks.yaml")
    assert committed.returncode == 0, "the committed HEAD has no .pre-commit-hooks.yaml"

    repo = tmp_path / "reports"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "XXGK_LINT_CACHE": "off"}
    env.pop("GITHUB_ACTIONS", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), cwd=repo, capture_output=True, text=True, env=env, timeout=900)

    assert run("git", "init", "-q").returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head.stdout.strip()}\n    hooks:\n      - id: xxgk-lint\n",
        encoding="utf-8")
    installed = run(sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stderr

    report = repo / "2024.yaml"
    report.write_text(BROKEN.read_text(encoding="utf-8"), encoding="utf-8")
    run("git", "add", ".pre-commit-config.yaml", "2024.yaml")
    refused = run("git", "commit", "-q", "-m", "2024 report")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "2024.yaml:88:52: B304 错误: 表四“行政复议”的“总计”为 0" in output, output
    assert "Failed" in output

    fixed = BROKEN.read_text(encoding="utf-8")
    fixed = fixed.replace("new_received:        [3, 0, 0, 0, 0, 0, 2]", "new_received:        [2, 0, 0, 0, 0, 0, 2]")
    fixed = fixed.replace("reconsideration:                  [1, 1, 0, 0, 0]",
                          "reconsideration:                  [1, 1, 0, 0, 2]")
    report.write_text(fixed, encoding="utf-8")
    run("git", "add", "2024.yaml")
    accepted = run("git", "commit", "-q", "-m", "2024 report, balanced")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert run("git", "log", "--oneline").stdout.count("\n") == 1
