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
