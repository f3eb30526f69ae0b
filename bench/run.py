"""Measure xxgk-lint against the budgets of DESIGN.md and write bench/results.json.

    python bench/run.py [--quick] [--keep] [--out FILE] [--seed S]

Run it with the project's interpreter (``.venv/bin/python bench/run.py``): the ``xxgk-lint``
script next to that interpreter is what gets timed, as a subprocess, exactly as pre-commit
or an auditor would start it.  Everything runs in a temporary folder (reports, outputs, the
pack cache via ``XXGK_LINT_CACHE``, a throwaway venv for check-jsonschema) that is removed at
the end unless ``--keep``.

Figures (``--quick`` shrinks every count for a smoke test):

* latency of ``xxgk-lint check one.yaml --format text`` (median of 15 runs with a warm pack
  cache; the first run with an empty cache separately), next to ``python -c pass`` and
  ``python -c "import jsonschema, ruamel.yaml"`` (the floor set by the interpreter and the
  dependencies), runs interleaved so drift hits all three alike;
* throughput in reports/s of ``check DIR --format json -o FILE --progress off`` over 1,000
  YAML reports at ``--jobs 1`` and ``--jobs 2``, and over 200 HTML pages (wall time of the whole
  command, start-up included; median of 3);
* peak memory at 1,000 and 10,000 reports (``--jobs 2``): ``ru_maxrss`` of RUSAGE_CHILDREN in a
  fresh helper process per measurement (the largest single process of the tree), and the peak
  of the whole tree's RSS sampled from /proc every 50 ms;
* check-jsonschema over the same 1,000 files against schemas/report.schema.json: a peer that
  only parses and validates the schema;
* for each run also the CPU time of the whole process tree (RUSAGE_CHILDREN) and how many
  cores other processes kept busy meanwhile (/proc/stat): on a shared machine the wall-clock
  figures are only as good as the machine was idle, and ``2 / CPU per report`` is the
  ceiling --jobs 2 could reach on two idle cores;
* sanity: every planted defect found, every corrupt file reported, HTML pages converted back
  (``xxgk-lint convert``) to the same 表二/三/四 as their YAML.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SCHEMA = ROOT / "schemas" / "report.schema.json"

BUDGETS = {
    "latency_ms": 300.0,       # one structured report, cold process
    "yaml_per_s": 200.0,       # auditor batch, 2 cores
    "html_per_s": 50.0,        # HTML/text imports
    "memory_ratio": 1.5,       # "flat": 10x the reports may not cost anywhere near 10x the memory
}


# ---------------------------------------------------------------- helpers


def tool(name: str) -> list[str]:
    """The console script beside this interpreter (the venv's), else ``python -m``."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return [str(candidate)]
    found = shutil.which(name)
    if found:
        return [found]
    return [sys.executable, "-m", "lint"]


def _machine_busy() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (from /proc/stat), or None."""
    try:
        with open("/proc/stat") as handle:
            fields = [int(x) for x in handle.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


class Run:
    """One timed command: wall time, CPU time of its process tree, CPU used meanwhile by others."""

    def __init__(self, wall: float, cpu: float, background: float | None, proc: subprocess.CompletedProcess):
        self.wall, self.cpu, self.background, self.proc = wall, cpu, background, proc


def timed(cmd: list[str], env: dict, cwd: Path, ok: tuple[int, ...] = (0, 1)) -> Run:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = _machine_busy()
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    busy_after = _machine_busy()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd[:6])}{' …' if len(cmd) > 6 else ''} exited {proc.returncode}:\n"
                           f"{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    background = None
    if busy is not None and busy_after is not None and wall > 0:
        background = max(0.0, (busy_after - busy - cpu) / wall)  # cores kept busy by other processes
    return Run(wall, cpu, background, proc)


def summary_ms(walls: list[float]) -> dict:
    ms = sorted(w * 1000 for w in walls)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    return {"median": round(statistics.median(ms), 1), "min": round(ms[0], 1), "p90": round(p90, 1),
            "runs": [round(m, 1) for m in ms]}


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    version = subprocess.run(tool("xxgk-lint") + ["--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu_model": model, "cores": os.cpu_count(), "usable_cores": usable, "memory_gb": mem,
            "python": platform.python_version(), "python_executable": sys.executable,
            "platform": platform.platform(), "xxgk_lint": version,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}


def calibrate() -> float:
    """ms for a fixed pure-Python workload in a fresh interpreter (best of 3): how fast this
    machine runs Python right now, to compare runs made at different times or on a busy host."""
    code = ("import time\nbest = 1e9\nfor _ in range(3):\n    t = time.perf_counter()\n    d = {}\n"
            "    for i in range(300000):\n        d[i % 1000] = d.get(i % 1000, 0) + len(str(i))\n"
            "    best = min(best, time.perf_counter() - t)\nprint(best * 1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return round(float(out), 1)


# ---------------------------------------------------------------- memory

_HELPER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - started
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over the descendants of ``root`` (not root itself)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                ppid = kb = 0
                for line in handle:
                    if line.startswith("PPid:"):
                        ppid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        kb = int(line.split()[1])
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kb
    total, todo = 0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def peak_memory(cmd: list[str], env: dict, cwd: Path) -> dict:
    """Run ``cmd`` under a fresh helper; its RUSAGE_CHILDREN maxrss plus the sampled tree peak."""
    helper = subprocess.Popen([sys.executable, "-c", _HELPER, *cmd], env=env, cwd=cwd,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    sampling = os.path.isdir("/proc")
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(helper.pid))
            stop.wait(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    if sampling:
        thread.start()
    out, err = helper.communicate()
    stop.set()
    if sampling:
        thread.join()
    data = json.loads(out.strip().splitlines()[-1])
    if data["rc"] not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd[:6])} exited {data['rc']} under the memory helper")
    return {"seconds": round(data["wall"], 2), "maxrss_mb": round(data["maxrss_kb"] / 1024, 1),
            "tree_peak_rss_mb": round(peak / 1024, 1) if sampling else None}


# ---------------------------------------------------------------- check-jsonschema


def c_parser(python: str) -> bool | None:
    """Whether ``python`` parses YAML with ruamel.yaml's C parser (None: cannot tell)."""
    try:
        return subprocess.run([python, "-c", "import _ruamel_yaml"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return None


def check_jsonschema(tmp: Path) -> tuple[list[str] | None, str]:
    """A command for check-jsonschema, installing it into a throwaway venv if need be."""
    found = shutil.which("check-jsonschema")
    if found:
        return [found], "found on PATH"
    probe = subprocess.run([sys.executable, "-c", "import check_jsonschema"], capture_output=True)
    if probe.returncode == 0 and c_parser(sys.executable):
        return [sys.executable, "-m", "check_jsonschema"], "importable"
    venv = tmp / "cjs-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
        # the fair peer parses YAML in C, as xxgk-lint does: ruamel.yaml no longer brings its C parser itself
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "check-jsonschema", "ruamel.yaml.clib"], check=True, capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        return None, f"could not install check-jsonschema: {exc} {detail.decode(errors='replace')[-300:]}".strip()
    version = subprocess.run([str(venv / "bin" / "python"), "-c",
                              "import importlib.metadata as m; print(m.version('check-jsonschema'))"],
                             capture_output=True, text=True).stdout.strip()
    return [str(venv / "bin" / "check-jsonschema")], f"installed {version} into a throwaway venv"


# ---------------------------------------------------------------- sanity


def sanity(corpus: Path, batch_json: Path, env: dict, tmp: Path, lint: list[str], pages: int) -> dict:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    results = json.loads(batch_json.read_text(encoding="utf-8"))
    found = {os.path.relpath(f["path"], corpus): {x["code"] for x in f["findings"]} for f in results["files"]}
    planted = [d for d in manifest["defects"] if d["file"] in found]
    missed = [d["file"] for d in planted if not found[d["file"]] & set(d["expect"])]
    clean_errors = sum(1 for path, codes in found.items()
                       if path not in {d["file"] for d in manifest["defects"]}
                       and codes & {"B301", "B302", "B303", "B304", "F401", "M601", "M602", "T202", "S101", "S102"})
    out: dict[str, Any] = {"planted_defects": len(planted), "planted_found": len(planted) - len(missed),
                           "missed": missed[:10], "clean_reports_with_defect_codes": clean_errors}
    # corrupt files: each must come back as an input finding (E0xx), and the run must not fail
    corrupt = corpus / "corrupt"
    if corrupt.is_dir():
        target = tmp / "corrupt.json"
        timed(lint + ["check", str(corrupt), "--format", "json", "-o", str(target), "--progress",
                      "off", "--jobs", "2"], env, tmp)
        files = json.loads(target.read_text(encoding="utf-8"))["files"]
        out["corrupt_files"] = len(files)
        out["corrupt_input_errors"] = sum(1 for f in files if any(x["code"].startswith("E0") for x in f["findings"]))
        # a truncated file can still parse (cut inside a narrative): it must then fail other error rules
        out["corrupt_reported"] = sum(1 for f in files if any(x["severity"] == "error" for x in f["findings"]))
        out["corrupt_codes"] = sorted({x["code"] for f in files for x in f["findings"]})
    # HTML → convert → same tables as the YAML it renders
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    checked = matched = 0
    for page in manifest["html"][:pages]:
        converted = yaml.load(timed(lint + ["convert", str(corpus / page["file"])], env, tmp, ok=(0,)).proc.stdout)
        original = yaml.load((corpus / page["yaml"]).read_text(encoding="utf-8"))
        checked += 1
        matched += all(converted.get("tables", {}).get(k) == original["tables"][k]
                       for k in ("proactive", "applications", "appeals"))
    out["html_convert_checked"] = checked
    out["html_convert_same_tables"] = matched
    return out


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="xxgk-lint benchmark")
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke test of the benchmark itself")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--out", default=str(BENCH / "results.json"), help="where to write the figures")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-ocr", action="store_true", help="skip the scanned-report measurement (bench/ocr.py); "
                        "the figures of --out are kept")
    parser.add_argument("--no-copies", action="store_true", help="skip the copy stage at 10,000 and 100,000 reports "
                        "(~15 min); the figures of --out are kept")
    args = parser.parse_args(argv)
    try:  # what a skipped part keeps: the figures an earlier run recorded
        previous = json.loads(Path(args.out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}

    quick = args.quick
    n_batch = 200 if quick else 1000
    n_big = None if quick else 10_000
    html_every = 5 if quick else 50
    latency_runs = 5 if quick else 15
    repeats = 1 if quick else 3
    lint = tool("xxgk-lint")
    python = sys.executable
    cores = os.cpu_count() or 1

    tmp = Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    # the package's bytecode made current first: an installed copy has it, but a checkout edited under
    # PYTHONDONTWRITEBYTECODE (set in some CI images) compiles every changed module again in each timed
    # run (a cold check executed a fifth more instructions so, on 2026-12-03)
    subprocess.run([python, "-c", "import compileall, os, lint; compileall.compile_dir(os.path.dirname("
                    "lint.__file__), quiet=1)"], check=False, capture_output=True)
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    env["XXGK_LINT_CACHE"] = str(tmp / "cache")
    results: dict[str, Any] = {"machine": machine(),
                               "config": {"quick": quick, "seed": args.seed, "batch_reports": n_batch,
                                          "big_reports": n_big, "latency_runs": latency_runs, "repeats": repeats,
                                          "command": lint, "bytecode": "compiled before timing"}}
    rows: list[tuple[str, str, str, str]] = []

    def row(name: str, value: str, budget: str = "", status: str = "") -> None:
        rows.append((name, value, budget, status))
        print(f"  {name:<52} {value:>16}  {budget:<12} {status}", flush=True)

    def busy_note(cores: float | None) -> None:
        if cores is not None and cores >= 0.25:
            row(f"  ! other processes kept {cores:.1f} core(s) busy meanwhile", "")

    try:
        print(f"xxgk-lint benchmark ({'quick' if quick else 'full'}) in {tmp}", flush=True)
        calibration = {"start": calibrate()}
        # ------------------------------------------------ corpus
        corpus = tmp / "corpus"
        n_total = n_big or n_batch
        started = time.perf_counter()
        subprocess.run([python, str(BENCH / "generate.py"), str(corpus), "-n", str(n_total), "--seed", str(args.seed),
                        "--html-every", str(html_every), "--corrupt", "9"], check=True, stdout=subprocess.DEVNULL)
        gen_seconds = time.perf_counter() - started
        manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
        batch_dir = corpus / "yaml" / "0000"
        batch_files = sorted(str(p) for p in batch_dir.glob("*.yaml"))
        html_files = sorted(str(p) for p in (corpus / "html").glob("*.html"))
        results["generate"] = {"reports": manifest["reports"], "html": len(html_files),
                               "corrupt": len(manifest["corrupt"]), "defects": len(manifest["defects"]),
                               "seconds": round(gen_seconds, 2)}
        row(f"generate {manifest['reports']} reports + {len(html_files)} HTML", f"{gen_seconds:.1f} s")

        # ------------------------------------------------ latency
        defective = {d["file"] for d in manifest["defects"]}
        one_src = next(p for p in sorted(batch_dir.glob("*.yaml"))
                       if os.path.relpath(p, corpus) not in defective)
        one_dir = tmp / "one"
        one_dir.mkdir()
        one = one_dir / "one.yaml"
        shutil.copy(one_src, one)
        check_one = lint + ["check", str(one), "--format", "text"]
        cold = timed(check_one, env, one_dir).wall  # empty pack cache: parses and validates the packs
        commands = {"lint": check_one, "deps": [python, "-c", "import jsonschema, ruamel.yaml"],
                    "pass": [python, "-c", "pass"]}
        for cmd in commands.values():  # warm the OS caches once
            timed(cmd, env, one_dir)
        walls: dict[str, list[float]] = {k: [] for k in commands}
        cpus: list[float] = []
        background: list[float] = []
        for _ in range(latency_runs):
            for key, cmd in commands.items():
                run = timed(cmd, env, one_dir)
                walls[key].append(run.wall)
                if key == "lint":
                    cpus.append(run.cpu)
                    if run.background is not None:
                        background.append(run.background)
        lat = {k: summary_ms(v) for k, v in walls.items()}
        lat["lint"]["cpu_median"] = round(statistics.median(cpus) * 1000, 1)
        results["latency_ms"] = {"check_one_yaml": lat["lint"], "check_one_yaml_cold_pack_cache": round(cold * 1000, 1),
                                 "python_import_deps": lat["deps"], "python_pass": lat["pass"],
                                 "over_import_floor": round(lat["lint"]["median"] - lat["deps"]["median"], 1),
                                 # paired run by run, so a busy host moves both: the figure that holds
                                 "ratio_to_import_floor": round(statistics.median(
                                     a / b for a, b in zip(walls["lint"], walls["deps"])), 3),
                                 "background_cores": round(statistics.mean(background), 2) if background else None,
                                 "file": os.path.relpath(one_src, corpus)}
        ok = lat["lint"]["median"] <= BUDGETS["latency_ms"]
        row("check one.yaml, warm pack cache (median)", f"{lat['lint']['median']:.0f} ms", "≤ 300 ms",
            "ok" if ok else "MISSED")
        row("  p90 / min / CPU (median)",
            f"{lat['lint']['p90']:.0f} / {lat['lint']['min']:.0f} / {lat['lint']['cpu_median']:.0f} ms")
        busy_note(results["latency_ms"]["background_cores"])
        row("check one.yaml, first run, empty pack cache", f"{cold * 1000:.0f} ms")
        row("python -c 'import jsonschema, ruamel.yaml' (median)", f"{lat['deps']['median']:.0f} ms")
        row("  check one.yaml / that floor (median of paired runs)",
            f"{results['latency_ms']['ratio_to_import_floor']:.2f}×", "≤ 1.00×")
        row("python -c pass (median)", f"{lat['pass']['median']:.0f} ms")

        # ------------------------------------------------ throughput
        def throughput(label: str, target: str, n: int, jobs: int) -> dict:
            runs = []
            for i in range(repeats):
                out = tmp / f"out-{label}-j{jobs}-{i}.json"
                runs.append(timed(lint + ["check", target, "--jobs", str(jobs), "--format", "json", "-o", str(out),
                                          "--progress", "off"], env, tmp))
            runs.sort(key=lambda r: r.wall)
            mid = runs[len(runs) // 2]
            bg = [r.background for r in runs if r.background is not None]
            return {"reports": n, "jobs": jobs, "seconds": round(mid.wall, 2), "per_s": round(n / mid.wall, 1),
                    "cpu_s": round(mid.cpu, 2), "cpu_ms_per_report": round(mid.cpu / n * 1000, 2),
                    "background_cores": round(statistics.mean(bg), 2) if bg else None,
                    "runs_s": [round(r.wall, 2) for r in runs]}

        tp: dict[str, Any] = {}
        for jobs in (1, 2):
            tp[f"yaml_jobs{jobs}"] = t = throughput("yaml", str(batch_dir), len(batch_files), jobs)
            budget = "≥ 200/s" if jobs == 2 else ""
            status = ("ok" if t["per_s"] >= BUDGETS["yaml_per_s"] else "MISSED") if jobs == 2 else ""
            row(f"{len(batch_files)} YAML reports, --jobs {jobs}", f"{t['per_s']:.0f} reports/s", budget, status)
            row("  CPU per report (whole process tree)", f"{t['cpu_ms_per_report']:.1f} ms")
            t["cpu_ceiling_per_s"] = round(min(jobs, cores) * 1000 / t["cpu_ms_per_report"], 1)
            if jobs == 2:
                row("  ceiling on 2 idle cores (2 / CPU per report)", f"{t['cpu_ceiling_per_s']:.0f} reports/s")
            busy_note(t["background_cores"])
        for jobs in (1, 2):
            tp[f"html_jobs{jobs}"] = t = throughput("html", str(corpus / "html"), len(html_files), jobs)
            status = "ok" if t["per_s"] >= BUDGETS["html_per_s"] else "MISSED"
            row(f"{len(html_files)} HTML pages, --jobs {jobs}", f"{t['per_s']:.1f} pages/s", "≥ 50/s", status)
            row("  CPU per page (whole process tree)", f"{t['cpu_ms_per_report']:.1f} ms")
            t["cpu_ceiling_per_s"] = round(min(jobs, cores) * 1000 / t["cpu_ms_per_report"], 1)
            busy_note(t["background_cores"])

        cjs, how = check_jsonschema(tmp)
        if cjs is None:
            print(f"  check-jsonschema skipped: {how}", flush=True)
            tp["check_jsonschema"] = {"skipped": how}
        else:
            runs = sorted((timed(cjs + ["--schemafile", str(SCHEMA), *batch_files], env, tmp, ok=(0, 1))
                           for _ in range(repeats)), key=lambda r: r.wall)
            mid = runs[len(runs) // 2]
            tp["check_jsonschema"] = {"reports": len(batch_files), "seconds": round(mid.wall, 2),
                                      "per_s": round(len(batch_files) / mid.wall, 1), "how": how,
                                      "c_yaml_parser": c_parser(str(Path(cjs[0]).parent / "python"))
                                      if cjs[0].endswith("check-jsonschema") else c_parser(cjs[0]),
                                      "cpu_ms_per_report": round(mid.cpu / len(batch_files) * 1000, 2),
                                      "all_valid": mid.proc.returncode == 0,
                                      "runs_s": [round(r.wall, 2) for r in runs]}
            parser = {True: "C YAML parser", False: "pure-Python YAML parser", None: "YAML parser unknown"}[
                tp["check_jsonschema"]["c_yaml_parser"]]
            row(f"check-jsonschema, same {len(batch_files)} files (1 process, {parser})",
                f"{tp['check_jsonschema']['per_s']:.0f} reports/s")
            peer = tp["check_jsonschema"]
            # wall: as measured on this host; CPU: jobs / CPU per report against the peer's CPU per report,
            # what the two reach on idle cores (the figure that holds on a shared machine)
            tp["yaml_jobs2_vs_check_jsonschema"] = {
                "wall": round(tp["yaml_jobs2"]["per_s"] / peer["per_s"], 2),
                "cpu": round(tp["yaml_jobs2"]["cpu_ceiling_per_s"] * peer["cpu_ms_per_report"] / 1000, 2)}
            row("  xxgk-lint --jobs 2 / check-jsonschema (wall; idle-core CPU)",
                f"{tp['yaml_jobs2_vs_check_jsonschema']['wall']:.2f}× ; "
                f"{tp['yaml_jobs2_vs_check_jsonschema']['cpu']:.2f}×", "≥ 2.5×")
        results["throughput"] = tp

        # ------------------------------------------------ memory
        mem: dict[str, Any] = {}
        sizes = [(n_batch, str(batch_dir))] + ([(n_big, str(corpus / "yaml"))] if n_big else [])
        for n, target in sizes:
            out = tmp / f"mem-{n}.json"
            m = peak_memory(lint + ["check", target, "--jobs", "2", "--format", "json", "-o", str(out),
                                    "--progress", "off"], env, tmp)
            m["reports"] = n
            m["per_s"] = round(n / m["seconds"], 1)
            mem[str(n)] = m
            row(f"peak memory, {n} reports, --jobs 2 (largest process)", f"{m['maxrss_mb']:.0f} MB")
            if m["tree_peak_rss_mb"] is not None:
                row(f"peak memory, {n} reports, --jobs 2 (tree, sampled)", f"{m['tree_peak_rss_mb']:.0f} MB")
            if n == n_big:
                row(f"  ({n} reports at --jobs 2)", f"{m['per_s']:.0f} reports/s")
        if n_big:
            ratio = mem[str(n_big)]["maxrss_mb"] / mem[str(n_batch)]["maxrss_mb"]
            mem["ratio_10k_to_1k"] = round(ratio, 2)
            tree = [mem[str(n)]["tree_peak_rss_mb"] for n in (n_batch, n_big)]
            if None not in tree:
                mem["tree_ratio_10k_to_1k"] = round(tree[1] / tree[0], 2)
            row("memory 10k / 1k (largest process)", f"{ratio:.2f}×", "flat (< 1.5×)",
                "ok" if ratio < BUDGETS["memory_ratio"] else "MISSED")
            if "tree_ratio_10k_to_1k" in mem:
                row("memory 10k / 1k (tree)", f"{mem['tree_ratio_10k_to_1k']:.2f}×", "flat (< 1.5×)",
                    "ok" if mem["tree_ratio_10k_to_1k"] < BUDGETS["memory_ratio"] else "MISSED")
        results["memory"] = mem

        # ------------------------------------------------ copy detection across the batch
        import copies as copy_bench

        small, big = (300, 1200) if quick else (10_000, 100_000)
        cp: dict[str, Any] = {}
        kept_copies = args.no_copies and isinstance(previous.get("copies"), dict) and str(big) in previous["copies"]
        if kept_copies:
            # the date of the run that measured them, carried over from run to run
            cp = dict(previous["copies"], kept_from=previous["copies"].get("kept_from")
                      or previous.get("machine", {}).get("date"))
            row(f"copy stage, {big} reports: kept from the run of {cp['kept_from']}",
                f"{cp[str(big)]['per_s']:.0f} reports/s")
        for n in () if kept_copies else (small, big):
            cp[str(n)] = f = copy_bench.measure(n, args.seed, min(50, n // 10))
            row(f"copy stage, {n} reports (summaries on disk)", f"{f['per_s']:.0f} reports/s",
                f">= {BUDGETS['yaml_per_s']}/s", "ok" if f["per_s"] >= BUDGETS["yaml_per_s"] else "MISSED")
            row(f"  peak memory of the stage, {n} reports", f"{f['maxrss_mb']:.0f} MB")
            row(f"  planted copies found / other copies reported", f"{f['planted_found']}/{f['planted_copies']}"
                f" / {f['other_copies_reported']}")
        if not kept_copies:
            cp["memory_ratio"] = round(cp[str(big)]["maxrss_mb"] / cp[str(small)]["maxrss_mb"], 2)
        row(f"copy stage memory {big} / {small}", f"{cp['memory_ratio']:.2f}×", "flat (< 1.5×)",
            "ok" if cp["memory_ratio"] < BUDGETS["memory_ratio"] else "MISSED")
        results["copies"] = cp

        # ------------------------------------------------ sanity
        first = tmp / "out-yaml-j2-0.json"
        results["sanity"] = s = sanity(corpus, first, env, tmp, lint, pages=3 if quick else 5)
        row("planted defects found (batch)", f"{s['planted_found']}/{s['planted_defects']}")
        if "corrupt_files" in s:
            row("corrupt files with an error finding (E0xx)",
                f"{s['corrupt_reported']}/{s['corrupt_files']} ({s['corrupt_input_errors']})")
        row("HTML → convert → same 表二/三/四 as YAML", f"{s['html_convert_same_tables']}/{s['html_convert_checked']}")

        # ------------------------------------------------ a scanned report (bench/ocr.py; not in --quick)
        if args.no_ocr and isinstance(previous.get("ocr"), dict):
            results["ocr"] = previous["ocr"]  # bench/ocr.py's figures, as it recorded them
        if not quick and not args.no_ocr:
            from ocr import BUDGET_S, measure_all

            (tmp / "ocr").mkdir()
            results["ocr"] = scans = measure_all(tmp / "ocr")
            for key, o in scans.items():
                if "skipped" in o:
                    row("scanned 6-page report by OCR", "skipped", f"≤ {BUDGET_S:.0f} s")
                    break
                row(f"scanned 6-page report by OCR (check, {key})", f"{o['seconds']:.1f} s", f"≤ {BUDGET_S:.0f} s",
                    "ok" if o["within_budget"] else "MISSED")
                row("  表三/表四 cells read wrong", f"{len(o['table_cells_wrong'])}/{o['table_cells']}")
                busy_note(o["background_cores"])

        calibration["end"] = calibrate()
        results["machine"]["calibration_ms"] = calibration
        row("speed check: fixed Python loop, start / end", f"{calibration['start']:.0f} / {calibration['end']:.0f} ms")

        results["budgets"] = budgets = {
            "latency_ms": {"value": lat["lint"]["median"], "budget": BUDGETS["latency_ms"],
                           "ok": lat["lint"]["median"] <= BUDGETS["latency_ms"]},
            "yaml_per_s_jobs2": {"value": tp["yaml_jobs2"]["per_s"], "budget": BUDGETS["yaml_per_s"],
                                 "ok": tp["yaml_jobs2"]["per_s"] >= BUDGETS["yaml_per_s"]},
            "html_per_s_jobs2": {"value": tp["html_jobs2"]["per_s"], "budget": BUDGETS["html_per_s"],
                                 "ok": tp["html_jobs2"]["per_s"] >= BUDGETS["html_per_s"]},
        }
        for key, o in results.get("ocr", {}).items():
            if "seconds" in o:
                budgets[f"ocr_6_pages_s_{key}"] = {"value": o["seconds"], "budget": o["budget_s"],
                                                   "ok": o["within_budget"]}
        budgets["copies_per_s"] = {"value": cp[str(big)]["per_s"], "budget": BUDGETS["yaml_per_s"],
                                   "ok": cp[str(big)]["per_s"] >= BUDGETS["yaml_per_s"]}
        budgets["copies_memory_ratio"] = {"value": cp["memory_ratio"], "budget": BUDGETS["memory_ratio"],
                                          "ok": cp["memory_ratio"] < BUDGETS["memory_ratio"]}
        if n_big:
            budgets["memory_ratio_10k_to_1k"] = {"value": mem["ratio_10k_to_1k"], "budget": BUDGETS["memory_ratio"],
                                                 "ok": mem["ratio_10k_to_1k"] < BUDGETS["memory_ratio"]}
        results["rows"] = [{"name": n, "value": v, "budget": b, "status": st} for n, v, b, st in rows]
        missed = [k for k, v in budgets.items() if not v["ok"]]
        print("budgets missed: " + (", ".join(missed) if missed else "none"))
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
