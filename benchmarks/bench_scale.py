"""Runs that scale (SPEC section 6): whole-process time, workers, memory and store size.

Each case is a fresh process, timed from start to exit (imports included), its peak
resident set read from ``wait4``. Figures are ratios measured in one invocation:

* ``mkba-mc run --draws 10^6`` (``--cohort expected`` and ``--cohort 23``) against
  ``benchmarks/plain_numpy.py``, the same model as a plain vectorised numpy script
  (target ≤ 1.2×): ``run --quiet`` (the answer) against the script; the default ``run``
  (also the bridge and the investment-risk view, reduced with the blocks over all draws)
  against the script and against the script with a year of 3,000 intakes per draw, the
  work the risk view adds (``plain_numpy.py DRAWS COHORT 3000``);
* ``--workers 2`` against ``--workers 1`` at ``--big-draws`` (default 10^7; target ≥ 1.7×),
  beside the machine's own ceiling: two independent serial runs of half the draws at once;
* peak memory of a run without ``--out`` (target: 10^8 draws in < 1 GB), and that no file
  is written;
* bytes per draw of ``--out`` (default ``--keep outputs``), for expected values and a
  sampled cohort, and how the disk check's estimate compares with it.

Usage::

    python benchmarks/bench_scale.py                    # all cases, 10^7 for workers
    python benchmarks/bench_scale.py --big-draws 2000000
    python benchmarks/bench_scale.py --only run         # the run against plain numpy
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent


def measure(command: list[str], cwd: str | None = None) -> dict:
    """Wall-clock seconds, CPU seconds (user and system: less sensitive than the clock to
    other work on a shared machine) and peak resident set (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),
    }


def run(*args: str, quiet: bool = True) -> list[str]:
    return [str(BIN / "mkba-mc"), "run", *(["--quiet"] if quiet else []), *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--big-draws", type=int, default=10_000_000)
    parser.add_argument("--store-draws", type=int, default=200_000)
    parser.add_argument("--only", choices=("run",), help="run: only the run against plain numpy")
    args = parser.parse_args()
    results: dict = {}
    for cohort in ("expected", "23"):
        script = [sys.executable, str(HERE / "plain_numpy.py"), str(args.draws), cohort]
        plain = measure(script)
        plain_year = measure([*script, "3000"])  # also a year of intakes, as the risk view
        quiet = measure(run("--draws", str(args.draws), "--cohort", cohort))
        full = measure(run("--draws", str(args.draws), "--cohort", cohort, quiet=False))
        results[f"run_vs_numpy_cohort_{cohort}"] = {
            "draws": args.draws,
            "mkba_mc_quiet": quiet,
            "mkba_mc_default": full,
            "plain_numpy": plain,
            "plain_numpy_with_year": plain_year,
            "ratio_quiet": round(quiet["seconds"] / plain["seconds"], 2),
            "ratio_default": round(full["seconds"] / plain["seconds"], 2),
            "ratio_default_vs_numpy_with_year": round(full["seconds"] / plain_year["seconds"], 2),
            "cpu_ratio_quiet": round(quiet["cpu_seconds"] / plain["cpu_seconds"], 2),
            "cpu_ratio_default": round(full["cpu_seconds"] / plain["cpu_seconds"], 2),
            "cpu_ratio_default_vs_numpy_with_year": round(
                full["cpu_seconds"] / plain_year["cpu_seconds"], 2
            ),
        }
    if args.only == "run":
        print(json.dumps(results, indent=2))
        return
    with tempfile.TemporaryDirectory() as empty:
        one = measure(run("--draws", str(args.big_draws)), cwd=empty)
        two = measure(run("--draws", str(args.big_draws), "--workers", "2"), cwd=empty)
        written = sorted(os.listdir(empty))
        # The machine's own ceiling: two independent serial runs of half the draws at once.
        half = str(args.big_draws // 2)
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                run("--draws", half, "--seed", str(s)), cwd=empty, stdout=subprocess.DEVNULL
            )
            for s in (1, 2)
        ]
        for proc in procs:
            proc.wait()
        ceiling = one["seconds"] / (time.perf_counter() - start)
    results["workers"] = {
        "draws": args.big_draws,
        "one": one,
        "two": two,
        "speed_up": round(one["seconds"] / two["seconds"], 2),
        "two_independent_processes_speed_up": round(ceiling, 2),
        "files_written_without_out": written,
    }
    from mkba_mc import load_study
    from mkba_mc.results import results_bytes

    study = load_study()
    for cohort in ("expected", "23"):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "res"
            timing = measure(
                run("--draws", str(args.store_draws), "--cohort", cohort, "--out", str(out))
            )
            store = [p for p in (out / "results.zarr").rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in store)
        estimate = results_bytes(study, args.store_draws)
        results[f"store_cohort_{cohort}"] = {
            "draws": args.store_draws,
            "bytes": size,
            "bytes_per_draw": round(size / args.store_draws, 1),
            "disk_check_estimate_over_actual": round(estimate / size, 2),
            "run": timing,
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
