"""Per-page cost of reading a PDF's text layer with each engine (XXGK_PDF_ENGINE=pdfplumber | pdfium).

    python bench/pdf_engines.py [--rounds 7] [--instructions] [--baseline CHECKOUT]
                                [--record bench/results.json] [PDF ...]

Every PDF of the corpus (``XXGK_CORPUS``, else ../shared/corpus next to the checkout, and
its ``flattened`` folder) is read in this process by ``lint.ingest.pdf.extract`` with each
engine, in paired runs: each round reads every file once with pdfplumber and once with
pdfium, the order alternating from round to round, so the load of a shared machine falls on
both alike.  Per file and engine it reports the median milliseconds per page (wall clock and
this process's CPU time), and the median of the paired ratios pdfplumber / pdfium; the overall
figures are the medians over every (file, round) pair, weighted by page.  It also checks that
both engines read every file identically (a benchmark of a reader that reads differently would
measure nothing) and says which pages pdfium handed to pdfplumber.  With ``--record`` the figures
are merged into results.json under ``"pdf_engines"``, the other figures left as they are.
Time it with bytecode caching on (``env -u PYTHONDONTWRITEBYTECODE``).

On a machine shared with other virtual machines the clock wanders by a tenth from one
minute to the next.  ``--instructions`` counts instead the instructions each engine
executes per page, under valgrind's cachegrind (the same count on every run, to a few
tenths of a percent): a child process reads every file once and another reads them four
times, and the difference over three readings of every page is the cost of a page, start-up
and imports left out.  ``--baseline CHECKOUT`` counts, beside them, the pdfplumber engine of
another checkout of this project (the code before a change, e.g. a ``git worktree``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 5.0  # pdfium must read a page at least this many times faster than pdfplumber

#: what a counted child runs: read every file of argv[3:] argv[2] times with lint from argv[1]
_READ_FILES = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from lint.ingest import pdf
files = [(p, Path(p).read_bytes()) for p in sys.argv[3:]]
for _ in range(int(sys.argv[2])):
    for name, data in files:
        pdf.extract(Path(name).name, data)
"""


def corpus_pdfs() -> list[Path]:
    from tests.ingest import CORPUS

    return sorted([*CORPUS.glob("*.pdf"), *(CORPUS / "flattened").glob("*.pdf")])


def read(path: Path, data: bytes, engine: str) -> tuple[Any, float, float]:
    """The document, wall seconds and CPU seconds of one read with ``engine``."""
    from lint.ingest import pdf

    os.environ["XXGK_PDF_ENGINE"] = engine
    wall, cpu = time.perf_counter(), time.process_time()
    document = pdf.extract(path.name, data)
    return document, time.perf_counter() - wall, time.process_time() - cpu


def fallbacks(path: Path, data: bytes) -> list[int]:
    """The pages pdfium could not read as pdfminer would, which pdfplumber read."""
    from lint.ingest import pdf

    source = pdf._open_source(path.name, data, "pdfium")
    try:
        if not isinstance(source, pdf._PdfiumSource):
            return [0]  # the whole file went to pdfplumber
        for index in range(min(source.count(), pdf.MAX_PAGES)):
            try:
                source.read(index, index + 1)
            except Exception:
                pass
        return source.fallbacks
    finally:
        source.close()


def page_count(data: bytes) -> int:
    from lint.ingest import pdf, pdfium

    document = pdfium.open_document(data)
    try:
        return min(len(document), pdf.MAX_PAGES)
    finally:
        document.close()


def measure(files: list[Path], rounds: int) -> dict[str, Any]:
    per_file: dict[str, Any] = {}
    pairs_wall: list[tuple[float, int]] = []
    pairs_cpu: list[tuple[float, int]] = []
    totals = {"pdfplumber": [0.0, 0.0], "pdfium": [0.0, 0.0]}
    pages_read = 0
    identical = True
    for path in files:
        data = path.read_bytes()
        first, _, _ = read(path, data, "pdfplumber")  # warm: imports, fonts, caches
        second, _, _ = read(path, data, "pdfium")
        same = first == second
        identical &= same
        pages = page_count(data)
        runs: dict[str, list[tuple[float, float]]] = {"pdfplumber": [], "pdfium": []}
        for r in range(rounds):
            order = ("pdfplumber", "pdfium") if r % 2 == 0 else ("pdfium", "pdfplumber")
            for engine in order:
                _, wall, cpu = read(path, data, engine)
                runs[engine].append((wall, cpu))
        ratios_wall = [a[0] / b[0] for a, b in zip(runs["pdfplumber"], runs["pdfium"])]
        ratios_cpu = [a[1] / b[1] for a, b in zip(runs["pdfplumber"], runs["pdfium"]) if b[1] > 0]
        pairs_wall += [(x, pages) for x in ratios_wall]
        pairs_cpu += [(x, pages) for x in ratios_cpu]
        per_file[path.name] = entry = {"pages": pages, "identical_reading": same,
                                       "pages_read_by_pdfplumber": fallbacks(path, data)}
        for engine, values in runs.items():
            entry[engine] = {"ms_per_page": round(1000 * statistics.median(v[0] for v in values) / pages, 2),
                             "cpu_ms_per_page": round(1000 * statistics.median(v[1] for v in values) / pages, 2)}
            totals[engine][0] += sum(v[0] for v in values)
            totals[engine][1] += sum(v[1] for v in values)
        entry["ratio_median"] = round(statistics.median(ratios_wall), 2)
        entry["cpu_ratio_median"] = round(statistics.median(ratios_cpu), 2) if ratios_cpu else None
        pages_read += pages * rounds
        print(f"{path.name}: {pages} pages, pdfplumber {entry['pdfplumber']['ms_per_page']} ms/page, "
              f"pdfium {entry['pdfium']['ms_per_page']} ms/page, ratio {entry['ratio_median']}x "
              f"(CPU {entry['cpu_ratio_median']}x), identical: {same}", flush=True)
    out: dict[str, Any] = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "rounds": rounds,
        "files": per_file,
        "identical_readings": identical,
        "target_ratio": TARGET_RATIO,
        "load_average_at_end": list(os.getloadavg()),
    }
    if pages_read:
        for engine, (wall, cpu) in totals.items():
            out[engine] = {"ms_per_page": round(1000 * wall / pages_read, 2),
                           "cpu_ms_per_page": round(1000 * cpu / pages_read, 2)}
        out["ratio_median"] = round(_weighted_median(pairs_wall), 2)
        out["cpu_ratio_median"] = round(_weighted_median(pairs_cpu), 2) if pairs_cpu else None
        out["meets_target"] = out["ratio_median"] >= TARGET_RATIO
    return out


def _instructions(root: Path, engine: str, times: int, files: list[Path]) -> int:
    """The instructions a child executes reading ``files`` ``times`` times with ``engine`` (cachegrind)."""
    import re
    import subprocess

    env = {**os.environ, "XXGK_PDF_ENGINE": engine}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           sys.executable, "-c", _READ_FILES, str(root), str(times), *map(str, files)],
                          env=env, capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError("cachegrind gave no instruction count:\n" + done.stderr[-2000:])
    return int(found.group(1).replace(",", ""))


def count_instructions(files: list[Path], baseline: Path | None) -> dict[str, Any]:
    """Instructions per page of each engine (and of ``baseline``'s pdfplumber engine), by cachegrind."""
    import shutil
    import subprocess

    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    pages = sum(page_count(path.read_bytes()) for path in files)
    runs = [("pdfplumber", ROOT, "pdfplumber"), ("pdfium", ROOT, "pdfium")]
    if baseline is not None:
        runs.append(("baseline_pdfplumber", baseline.resolve(), "pdfplumber"))
    out: dict[str, Any] = {"tool": "valgrind cachegrind, instructions executed (Ir)", "pages": pages}
    for name, root, engine in runs:
        once, four = _instructions(root, engine, 1, files), _instructions(root, engine, 4, files)
        out[name] = {"million_per_page": round((four - once) / (3 * pages) / 1e6, 2)}
        print(f"{name}: {out[name]['million_per_page']} M instructions a page", flush=True)
    pdfium = out["pdfium"]["million_per_page"]
    out["ratio"] = round(out["pdfplumber"]["million_per_page"] / pdfium, 3)
    if baseline is not None:
        out["baseline"] = str(baseline)
        commit = subprocess.run(["git", "-C", str(baseline), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True)
        out["baseline_commit"] = commit.stdout.strip() if commit.returncode == 0 else None
        out["ratio_to_baseline"] = round(out["baseline_pdfplumber"]["million_per_page"] / pdfium, 3)
    return out


def _weighted_median(values: list[tuple[float, int]]) -> float:
    """The median of ``values`` counting each (value, weight) ``weight`` times."""
    expanded = sorted(v for v, w in values for _ in range(max(1, w)))
    return statistics.median(expanded)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: every PDF of the corpus)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions per page of each engine (valgrind)")
    parser.add_argument("--baseline", type=Path,
                        help="with --instructions: count this checkout's pdfplumber engine too")
    parser.add_argument("--record", help="merge the figures into this results.json under 'pdf_engines'")
    args = parser.parse_args(argv)
    if args.baseline is not None and not args.instructions:
        parser.error("--baseline counts instructions: give --instructions too")
    files = args.pdfs or corpus_pdfs()
    if not files:
        print("no PDF found (set XXGK_CORPUS)", file=sys.stderr)
        return 1
    out = measure(files, args.rounds)
    if "ratio_median" in out:
        print(f"all: pdfplumber {out['pdfplumber']['ms_per_page']} ms/page, pdfium {out['pdfium']['ms_per_page']} "
              f"ms/page; paired ratio median {out['ratio_median']}x (CPU {out['cpu_ratio_median']}x), "
              f"target {TARGET_RATIO}x; identical readings: {out['identical_readings']}")
    if args.instructions:
        out["instructions"] = counted = count_instructions(files, args.baseline)
        against = f", the baseline's pdfplumber {counted['ratio_to_baseline']}x" if args.baseline else ""
        print(f"instructions: pdfium {counted['pdfium']['million_per_page']} M a page; pdfplumber executes "
              f"{counted['ratio']}x as many{against}")
    if args.record:
        path = Path(args.record)
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data["pdf_engines"] = out
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if out.get("identical_readings") else 2


if __name__ == "__main__":
    raise SystemExit(main())
