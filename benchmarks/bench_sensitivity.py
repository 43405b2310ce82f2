"""Cost and stability of Sobol' indices and EVPPI on the default study.

Cost is reported as a ratio to the time of one plain run (``mkba_mc.simulate`` with the
``expected`` cohort) of the same number of draws: for Sobol' indices the base sample
``n`` (the design then makes ``n (inputs + groups + 2)`` model runs, so the ratio to a
run of that many draws is given too); for EVPPI the draws of the run it regresses on
(the run itself not included). Times are the median over the seeds.

Stability is the spread (standard deviation) of the estimates over independent seeds
at each size, beside the mean bootstrap standard error the method reports: for the
Sobol' indices of the largest inputs and of every input group, and for the EVPI and the
EVPPI of each group at each λ. The spread shrinks as 1/√n; an estimate is stable when
its spread is small against the differences that matter (the ranking of inputs; a
euro per client for value of information).

Usage::

    python benchmarks/bench_sensitivity.py                # sizes 2^11 ... 2^15, 5 seeds
    python benchmarks/bench_sensitivity.py --seeds 10 --max-power 16
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
import pandas as pd

import mkba_mc
from mkba_mc.sensitivity import sobol, study_inputs
from mkba_mc.voi import evppi

WTP = (0.0, 2_500.0, 10_000.0)
DIFFERENCE = "Klantreis − FIG-route"


def _seconds(func) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def _simulate_seconds(study, draws: int, repeat: int = 3) -> float:
    return min(
        _seconds(lambda: mkba_mc.simulate(study, draws=draws, seed=1, cohort="expected"))[0]
        for _ in range(repeat)
    )


def bench_sobol(study, sizes, seeds, resamples) -> None:
    factors = len(study_inputs(study)) + len({i.group for i in study_inputs(study)})
    print(
        f"\nSobol' indices of the balance difference ({factors} factors: inputs and groups; "
        f"{resamples} bootstrap resamples)"
    )
    print(
        f"  {'n':>7} {'model runs':>11} {'seconds':>8} {'÷ run of n':>11} "
        f"{'÷ run of all':>13}  largest spread over seeds (first, total) | mean bootstrap SE"
    )
    for n in sizes:
        times, tables = [], []
        for seed in range(seeds):
            seconds, result = _seconds(
                lambda n=n, seed=seed: sobol(study, n=n, n_resamples=resamples, rng=seed)
            )
            times.append(seconds)
            tables.append(result.table[result.table["measure"] == DIFFERENCE].assign(seed=seed))
        runs = n * (factors + 2)
        median = statistics.median(times)
        base = _simulate_seconds(study, n)
        everything = _simulate_seconds(study, runs, repeat=1)
        both = pd.concat(tables)
        spread = both.groupby("input")[["first", "total"]].std()
        se = both.groupby("input")[["first_se", "total_se"]].mean()
        print(
            f"  {n:>7,} {runs:>11,} {median:>8.2f} {median / base:>11.1f} "
            f"{median / everything:>13.2f}  {spread['first'].max():.4f}, "
            f"{spread['total'].max():.4f} | "
            f"{se['first_se'].max():.4f}, {se['total_se'].max():.4f}"
        )
        last = both
    mean = last.groupby(["kind", "input"])[["first", "total"]].mean()
    spread = last.groupby(["kind", "input"])[["first", "total"]].std()
    table = mean.join(spread.add_suffix("_sd")).sort_values("total", ascending=False)
    print(f"\n  At n = {sizes[-1]:,}: mean and spread over {seeds} seeds")
    print(table.head(14).round(4).to_string().replace("\n", "\n  "))


def bench_evppi(study, sizes, seeds, resamples) -> None:
    print(
        f"\nEVPI and EVPPI per input group ({resamples} bootstrap resamples; λ in € per "
        "extra successful client)"
    )
    for n in sizes:
        base = _simulate_seconds(study, n)
        times, tables = [], []
        for seed in range(seeds):
            ds = mkba_mc.simulate(study, draws=n, seed=100 + seed, cohort="expected")
            seconds, result = _seconds(
                lambda ds=ds, seed=seed: evppi(ds, WTP, n_resamples=resamples, rng=seed)
            )
            times.append(seconds)
            tables.append(result.table)
        median = statistics.median(times)
        both = pd.concat(tables)
        summary = both.groupby(["wtp", "group"], sort=False).agg(
            mean=("per_client", "mean"), spread=("per_client", "std"), se=("se", "mean")
        )
        print(
            f"\n  draws {n:,}: {median:.2f} s, {median / base:.1f} × a run of {n:,} draws "
            f"({base:.2f} s); € per client, spread over {seeds} seeds | mean bootstrap SE"
        )
        for lam in WTP:
            rows = summary.loc[lam]
            cells = "; ".join(
                f"{group.split(' (')[0]} {r['mean']:.1f} ± {r['spread']:.1f}|{r['se']:.1f}"
                for group, r in rows.iterrows()
            )
            print(f"    λ = {lam:>6,.0f}: {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="independent seeds per size")
    parser.add_argument("--min-power", type=int, default=11, help="smallest size, a power of two")
    parser.add_argument("--max-power", type=int, default=15, help="largest size, a power of two")
    parser.add_argument("--resamples", type=int, default=999, help="Sobol' bootstrap resamples")
    parser.add_argument(
        "--evppi-resamples", type=int, default=200, help="EVPPI bootstrap resamples"
    )
    args = parser.parse_args()
    study = mkba_mc.load_study()
    sizes = [2**p for p in range(args.min_power, args.max_power + 1)]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    print(
        f"mkba-mc {mkba_mc.__version__}, numpy {np.__version__}; {os.cpu_count()} CPUs, "
        f"load average {load:.1f}; OPENBLAS_NUM_THREADS={threads}"
    )
    print(f"Study: {study.title}")
    bench_sobol(study, sizes, args.seeds, args.resamples)
    bench_evppi(study, sizes, args.seeds, args.evppi_resamples)


if __name__ == "__main__":
    main()
