"""The benchmark's own machinery: generation is deterministic and the quick run's sanity checks hold.

Budgets are measured by `bench/run.py`, never asserted here (timing in tests is noise).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generation_is_deterministic_and_readable(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(tmp_path / name), "-n", "30",
                        "--seed", "3", "--html-every", "10", "--corrupt", "3", "--verify"], check=True,
                       capture_output=True, timeout=300)
    a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert a == b and len(a) >= 30 + 3 + 3
    assert all((tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes() for p in a)


def test_quick_run_finds_every_planted_defect_and_every_corrupt_file(tmp_path):
    out = tmp_path / "quick.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(out)], check=True,
                   capture_output=True, timeout=900, cwd=ROOT)
    figures = json.loads(out.read_text(encoding="utf-8"))
    sanity = figures["sanity"]
    assert sanity["planted_found"] == sanity["planted_defects"] > 0
    for n in ("300", "1200"):  # copy detection: exactly the planted copies, at both sizes
        copies = figures["copies"][n]
        assert copies["planted_found"] == copies["planted_copies"] > 0 and copies["other_copies_reported"] == 0
    assert sanity["html_convert_same_tables"] == sanity["html_convert_checked"] > 0
    assert sanity["corrupt_reported"] == sanity["corrupt_files"] > 0


def test_the_national_year_on_paper_is_the_mix_of_the_forms_costs():
    sys.path.insert(0, str(ROOT))
    from bench.forms import NATIONAL, _mix, national

    forms = {"yaml": {"cpu_ms_per_file": 8.0}, "pdf": {"cpu_ms_per_file": 100.0}}
    results = {"throughput": {"yaml_jobs1": {"cpu_ms_per_report": 8.0}, "yaml_jobs2": {"cpu_ms_per_report": 9.0}},
               "copies": {"100000": {"per_s": 500.0}}}
    year = national(forms, _mix("yaml=1,pdf=1,word=2"), results)
    # a form without a measurement is named, and costs what the measured ones do on average, never nothing
    assert year["missing_forms"] == ["word"]
    assert year["worker_cpu_ms_per_report"] == 0.5 * 8 + 0.5 * 100
    assert year["parent_cpu_ms_per_report"] == 1.0
    # 2 cores: the workers' share bounds the run; 32: the parent's does; the copy stage comes after
    assert year["2_cores_s"] == round(NATIONAL * 54.0 / 1000 / 2 + NATIONAL / 500)
    assert year["32_cores_s"] == round(max(NATIONAL * 54.0 / 1000 / 32, NATIONAL * 1.0 / 1000) + NATIONAL / 500)
