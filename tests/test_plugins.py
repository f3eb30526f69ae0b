"""Extending xxgk-lint as flake8 is extended: check kinds from installed distributions or local modules,
and output formats registered by code."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lint.cli import main
from lint.engine.sample import clean_report
from lint.ingest.serialize import to_yaml

ROOT = Path(__file__).resolve().parent.parent

PACK = """\
name: with-plugins
version: 1
extends: national-2021
rules:
  - code: N990
    name: demo-title-length
    kind: {kind}
    severity: warning
    message: {{zh: "标题只有 {{n}} 个字", en: "the title has only {{n}} characters"}}
    source: a test plug-in
    params: {{min: 200}}
"""

PLUGIN = '''\
"""A check kind shipped by a distribution of its own."""
from lint.checks.base import Problem


def title_length(ctx, params):
    title = ctx.report.get("title") or ""
    if len(title) < params.get("min", 10):
        yield Problem("/title", {"n": len(title)})


title_length.PARAMS = {"min": {"type": "integer", "minimum": 1, "default": 10}}


def same_agency(previous, current, params):
    yield Problem("/sections", {"n": current.year - previous.year})


same_agency.CROSS = True
'''


def _distribution(site: Path) -> None:
    """A real installed distribution: a package and its .dist-info with entry points, on a path of its own."""
    (site / "xxgk_demo_plugin").mkdir(parents=True)
    (site / "xxgk_demo_plugin" / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "xxgk_demo_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: xxgk-demo-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[xxgk_lint.checks]\ntitle_length = xxgk_demo_plugin:title_length\n"
        "same_agency = xxgk_demo_plugin:same_agency\nbroken = xxgk_demo_missing:nothing\n", encoding="utf-8")


def _check(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": f"{tmp_path / 'site'}:{ROOT}", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "lint", "check", *argv, "--format", "json", "--progress", "off"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)


def test_a_kind_from_an_installed_distribution_runs_with_its_declared_defaults(tmp_path):
    _distribution(tmp_path / "site")
    (tmp_path / "pack.yaml").write_text(PACK.format(kind="title_length"), encoding="utf-8")
    (tmp_path / "r.yaml").write_text(to_yaml(clean_report(2024)), encoding="utf-8")
    proc = _check(tmp_path, "r.yaml", "--pack", "pack.yaml")
    found = [f for f in json.loads(proc.stdout)["files"][0]["findings"] if f["code"] == "N990"]
    assert [f["message"] for f in found] == [f"标题只有 {len(clean_report(2024)['title'])} 个字"]


def test_a_cross_report_kind_from_a_distribution_runs_on_pairs(tmp_path):
    _distribution(tmp_path / "site")
    (tmp_path / "pack.yaml").write_text(PACK.format(kind="same_agency").replace("params: {min: 200}\n", ""),
                                        encoding="utf-8")
    for year in (2023, 2024):
        (tmp_path / f"{year}.yaml").write_text(to_yaml(clean_report(year)), encoding="utf-8")
    proc = _check(tmp_path, ".", "--pack", "pack.yaml")
    files = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in json.loads(proc.stdout)["files"]}
    assert "N990" in files["2024.yaml"] and "N990" not in files["2023.yaml"]


def test_a_plug_in_that_cannot_be_loaded_is_a_configuration_error_naming_it(tmp_path):
    _distribution(tmp_path / "site")
    (tmp_path / "pack.yaml").write_text(PACK.format(kind="broken").replace("params: {min: 200}\n", ""),
                                        encoding="utf-8")
    (tmp_path / "r.yaml").write_text(to_yaml(clean_report(2024)), encoding="utf-8")
    proc = _check(tmp_path, "r.yaml", "--pack", "pack.yaml")
    assert proc.returncode == 2
    assert "xxgk-demo-plugin" in proc.stderr and "xxgk_demo_missing" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_local_module_named_by_the_configuration_registers_its_kinds(tmp_path):
    (tmp_path / "local_checks.py").write_text(textwrap.dedent('''\
        from lint.checks.base import Problem
        from lint.checks.registry import kind


        @kind("no_intro_here", params={"min": {"type": "integer", "default": 1}})
        def no_intro_here(ctx, params):
            yield Problem("/intro", {"n": params["min"]})
        '''), encoding="utf-8")
    (tmp_path / ".xxgk-lint.yaml").write_text("plugins: [local_checks.py]\npacks: [./pack.yaml]\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(PACK.format(kind="no_intro_here").replace("params: {min: 200}\n", ""),
                                        encoding="utf-8")
    (tmp_path / "r.yaml").write_text(to_yaml(clean_report(2024)), encoding="utf-8")
    proc = _check(tmp_path, "r.yaml")
    found = [f for f in json.loads(proc.stdout)["files"][0]["findings"] if f["code"] == "N990"]
    assert [f["message"] for f in found] == ["标题只有 1 个字"]


def test_a_local_plug_in_with_an_error_is_a_configuration_error_naming_the_file(tmp_path):
    (tmp_path / "bad_checks.py").write_text("import not_a_module_anywhere\n", encoding="utf-8")
    (tmp_path / ".xxgk-lint.yaml").write_text("plugins: [bad_checks.py]\n", encoding="utf-8")
    (tmp_path / "r.yaml").write_text(to_yaml(clean_report(2024)), encoding="utf-8")
    proc = _check(tmp_path, "r.yaml")
    assert proc.returncode == 2 and "bad_checks.py" in proc.stderr and "not_a_module_anywhere" in proc.stderr


def test_a_reporter_registered_by_code_is_an_output_format(tmp_path, monkeypatch):
    from lint.report import _REGISTERED, register

    class Counts:
        MACHINE = True

        @staticmethod
        def write(results, out, context):
            out.write(json.dumps({r.path: len(r.findings) for r in results}) + "\n")

    monkeypatch.setitem(_REGISTERED, "counts", Counts)
    register("counts", Counts)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text(to_yaml(clean_report(2024)), encoding="utf-8")
    out = io.StringIO()
    main(["check", "r.yaml", "--format", "counts"], out=out)
    assert list(json.loads(out.getvalue())) == ["r.yaml"]


@pytest.mark.parametrize("kind", ["balance", "topics", "similarity"])
def test_every_built_in_kind_declares_its_parameters_beside_its_function(kind):
    from lint.checks import REGISTRY

    registered = REGISTRY[kind]
    assert registered.run is not None and getattr(registered.run, "xxgk_kind") == kind
    assert registered.params["type"] == "object" and registered.params["additionalProperties"] is False
