"""What one report costs a worker, form by form, and a national year on paper from those costs.

    python bench/forms.py [--rounds 5] [--record bench/results.json] [--mix html=.5,pdf=.35,docx=.1,yaml=.05]

Each form is checked the way a worker checks a file (``lint.run.checker.Checker.check``: read,
every rule, the summary for the cross-report stages), warm, in this process, and timed in CPU
seconds (this process's own), so a busy machine moves the figures less than the wall clock:

* yaml — 50 reports of ``bench/generate.py`` (seed 1);
* html — the same reports as government web pages (``--html-every 1``);
* docx — the same report built as a Word file by the tests' factory (``tests/ingest/docx_factory``);
* pdf — the corpus's PDFs with a text layer (per page, then per report of their mean length);
* text, markdown — the corpus's ``.txt`` and ``.md`` reports.

The national year (100,000 reports) is the mix's weighted CPU per report, plus the parent's
share measured by ``bench/run.py`` (``throughput.yaml_jobs2``) where results.json holds it, spread
over 2 and 32 workers; the copy stage over the whole year is the figure results.json keeps
(``copies.100000``), which no number of workers shortens.  The mix is an assumption, stated
beside the result: change it with ``--mix``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

#: published reports by form: most agencies publish a web page, many a PDF or Word attachment
DEFAULT_MIX = {"html": 0.50, "pdf": 0.35, "docx": 0.10, "yaml": 0.05}
NATIONAL = 100_000


def _corpus() -> Path:
    from tests.ingest import CORPUS

    return CORPUS


def samples(tmp: Path) -> dict[str, list[Path]]:
    """Files of each form to time."""
    import subprocess

    subprocess.run([sys.executable, str(BENCH / "generate.py"), str(tmp / "gen"), "-n", "50", "--seed", "1",
                    "--html-every", "1", "--corrupt", "0", "--defects", "0"], check=True, capture_output=True)
    out: dict[str, list[Path]] = {
        "yaml": sorted((tmp / "gen" / "yaml").rglob("*.yaml"))[:50],
        "html": sorted((tmp / "gen" / "html").glob("*.html"))[:50],
    }
    from tests.ingest.docx_factory import build_report_docx

    docx = tmp / "report.docx"
    build_report_docx(docx)
    out["docx"] = [docx]
    corpus = _corpus()
    out["pdf"] = sorted(corpus.glob("*.pdf"))
    out["text"] = sorted(corpus.glob("*.txt"))
    out["markdown"] = sorted(corpus.glob("*.md"))
    return {form: files for form, files in out.items() if files}


def _pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def measure(files: dict[str, list[Path]], rounds: int) -> dict[str, Any]:
    from lint.run.checker import Checker, Options

    checker = Checker(Options())
    out: dict[str, Any] = {}
    for form, paths in files.items():
        for path in paths:  # warm: the packs, the imports, the caches a long batch has warm too
            checker.check(str(path))
        per_round = []
        for _ in range(rounds):
            started = time.process_time()
            for path in paths:
                checker.check(str(path))
            per_round.append((time.process_time() - started) / len(paths))
        entry: dict[str, Any] = {"files": len(paths), "cpu_ms_per_file": round(1000 * statistics.median(per_round), 2)}
        if form == "pdf":
            pages = [_pages(p) for p in paths]
            entry["pages"] = sum(pages)
            entry["cpu_ms_per_page"] = round(entry["cpu_ms_per_file"] * len(paths) / sum(pages), 2)
            entry["mean_pages"] = round(sum(pages) / len(paths), 1)
        out[form] = entry
    return out


def national(forms: dict[str, Any], mix: dict[str, float], results: dict[str, Any]) -> dict[str, Any]:
    """A national year on paper: workers' CPU spread over the cores, the parent's and the copy stage's alone."""
    measured = {form: share for form, share in mix.items() if form in forms}
    missing = [form for form in mix if form not in forms]  # named in the result; their share goes to the rest
    weight = sum(measured.values()) or 1.0
    per_report = sum(share * forms[form]["cpu_ms_per_file"] for form, share in measured.items()) / weight
    tp = results.get("throughput", {})
    parent_ms = None
    if "yaml_jobs2" in tp and "yaml_jobs1" in tp:
        # the parent's share: what a --jobs 2 run costs per report beyond a worker's own
        parent_ms = max(0.0, tp["yaml_jobs2"]["cpu_ms_per_report"] - forms.get("yaml", {}).get("cpu_ms_per_file", 0))
    copies = results.get("copies", {}).get("100000", {})
    copy_s = NATIONAL / copies["per_s"] if copies.get("per_s") else None
    out: dict[str, Any] = {"reports": NATIONAL, "mix": mix, "missing_forms": missing,
                           "worker_cpu_ms_per_report": round(per_report, 2),
                           "parent_cpu_ms_per_report": round(parent_ms, 2) if parent_ms is not None else None,
                           "copy_stage_s": round(copy_s, 1) if copy_s else None}
    for cores in (2, 32):
        workers = NATIONAL * per_report / 1000 / cores
        parent = NATIONAL * (parent_ms or 0) / 1000
        # the parent works while the workers do: the run takes the longer of the two, then the copy stage
        out[f"{cores}_cores_s"] = round(max(workers, parent) + (copy_s or 0), 0)
    return out


def _mix(text: str) -> dict[str, float]:
    mix = {}
    for part in text.split(","):
        form, _, share = part.partition("=")
        mix[form.strip()] = float(share)
    total = sum(mix.values())
    return {form: share / total for form, share in mix.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--record", help="merge the figures into this results.json under 'forms' and 'national'")
    parser.add_argument("--mix", type=_mix, default=DEFAULT_MIX, help="form=share,… (default: %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("XXGK_LINT_CACHE", str(Path(tmp) / "cache"))
        forms = measure(samples(Path(tmp)), args.rounds)
    results_path = Path(args.record) if args.record else BENCH / "results.json"
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else {}
    year = national(forms, args.mix, results)
    for form, entry in forms.items():
        extra = f", {entry['cpu_ms_per_page']} ms a page ({entry['pages']} pages)" if "pages" in entry else ""
        print(f"{form}: {entry['cpu_ms_per_file']} ms CPU a report ({entry['files']} files){extra}")
    print(f"national year ({NATIONAL:,} reports, mix {args.mix}): {year['worker_cpu_ms_per_report']} ms a report "
          f"in the workers, {year['parent_cpu_ms_per_report']} ms in the parent, copy stage {year['copy_stage_s']} s; "
          f"2 cores ≈ {year['2_cores_s'] / 60:.0f} min, 32 cores ≈ {year['32_cores_s'] / 60:.0f} min")
    if args.record:
        results["forms"] = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "rounds": args.rounds,
                            "load_average_at_end": list(os.getloadavg()), **forms}
        results["national"] = year
        results_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
