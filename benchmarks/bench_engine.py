"""Speed and memory of the Monte Carlo engine against the numpy floor.

The floor is the time numpy alone needs to draw the same random variates as a run: one
call per parameter (and arm) for all draws at once, plus, for a finite cohort, the
multinomial outcome counts, the binomial resolution of pending clients and the binomial /
multinomial thinning by client attributes. The engine's time is reported as a ratio to
that floor, measured in the same process, best of ``--repeat``.

Peak memory (resident set) is measured in a fresh subprocess per case, for the in-memory
engine and for streaming to netCDF (``mkba_mc.write_run``), which must stay bounded as
the number of draws grows.

Usage::

    python benchmarks/bench_engine.py                 # 10^6 draws, memory up to 10^6
    python benchmarks/bench_engine.py --big           # also stream 10^7 draws to disk
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time

import numpy as np

import mkba_mc
from mkba_mc.distributions import Beta, Dirichlet, Fixed, FixedShares, Gamma, Pert, Uniform
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.spec import OUTCOME_SHARES


def _numpy_draw(rng: np.random.Generator, dist, n: int):
    """The numpy call that draws ``n`` variates of ``dist`` (None for fixed inputs)."""
    if isinstance(dist, Fixed | FixedShares):
        return (
            dist.mean()
            if isinstance(dist, Fixed)
            else np.broadcast_to(dist.mean(), (n, len(dist.shares)))
        )
    if isinstance(dist, Beta):
        return rng.beta(dist.a, dist.b, n)
    if isinstance(dist, Pert):
        return rng.beta(dist.alpha, dist.beta, n)
    if isinstance(dist, Gamma):
        return rng.gamma(dist.shape, dist.scale, n)
    if isinstance(dist, Uniform):
        return rng.uniform(dist.low, dist.high, n)
    if isinstance(dist, Dirichlet):
        return rng.dirichlet(dist.alpha, n)
    raise TypeError(f"no floor for {type(dist).__name__}")


def numpy_floor(study, n: int, cohort, seed: int = 0, block: int | None = None) -> float:
    """Seconds numpy needs to draw a run's random variates (no model arithmetic).

    With ``block``, the same variates are drawn in blocks of that many draws (as the
    engine does); otherwise in one call per variate for all ``n`` draws.
    """
    if block is not None:
        return sum(numpy_floor(study, block, cohort, seed + b) for b in range(-(-n // block)))
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    values = {}
    for name, param in study.parameters.items():
        values[name] = {arm: _numpy_draw(rng, param.for_arm(arm), n) for arm in study.arm_names}
    if cohort != "expected":
        outcomes = study.outcomes
        for arm in study.arm_names:
            counts = rng.multinomial(cohort, values[OUTCOME_SHARES][arm])
            final = {c: counts[:, i] for i, c in enumerate(outcomes.categories)}
            for r in outcomes.resolutions:
                pending = final.pop(r.category)
                success = rng.binomial(pending, values[r.probability][arm])
                final[r.success] = final[r.success] + success
                final[r.failure] = final[r.failure] + pending - success
            # One thinning per distinct (clients, attribute prefix), as the model does.
            done = {}
            for item in (*study.costs, *study.benefits):
                for term in item.terms:
                    attrs = sorted(
                        p
                        for p in term.params
                        if study.parameters[p.partition(".")[0]].client_attribute
                    )
                    parent = sum(final[m] for m in outcomes.members(term.clients))
                    for k in range(1, len(attrs) + 1):
                        key = (term.clients, tuple(a.partition(".")[0] for a in attrs[:k]))
                        if key not in done:
                            name = key[1][-1]
                            p = values[name][arm]
                            done[key] = (
                                rng.multinomial(parent, p)
                                if p.ndim == 2
                                else rng.binomial(parent, p)
                            )
                        parent = done[key] if done[key].ndim == 1 else done[key][:, 0]
    return time.perf_counter() - start


def _best(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def speed(draws: int, repeat: int) -> list[dict]:
    study = mkba_mc.load_study()
    rows = []
    for cohort in (23, "expected"):
        floor = min(numpy_floor(study, draws, cohort, seed=s) for s in range(repeat))
        blocked = min(
            numpy_floor(study, draws, cohort, seed=s, block=BLOCK_SIZE) for s in range(repeat)
        )
        options = {"draws": draws, "seed": 1, "cohort": cohort}
        engine = _best(lambda o=options: mkba_mc.simulate(study, **o), repeat)
        two = _best(lambda o=options: mkba_mc.simulate(study, **o, workers=2), repeat)
        rows.append(
            {
                "cohort": cohort,
                "draws": draws,
                "floor_s": floor,
                "blocked_floor_s": blocked,
                "ratio_blocked": engine / blocked,
                "engine_s": engine,
                "ratio": engine / floor,
                "engine_2_workers_s": two,
                "ratio_2_workers": two / floor,
            }
        )
    return rows


_MEMORY_CASE = """
import json, sys, tempfile, pathlib
import mkba_mc

def high_water_mib():  # VmHWM: peak resident set of this process (reset by exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

mode, draws = sys.argv[1], int(sys.argv[2])
study = mkba_mc.load_study()
base = high_water_mib()
if mode == "memory":
    mkba_mc.simulate(study, draws=draws, seed=1, cohort=23)
else:
    with tempfile.TemporaryDirectory(dir=sys.argv[3]) as tmp:
        mkba_mc.write_run(study, pathlib.Path(tmp) / "out", draws=draws, seed=1, cohort=23)
peak = high_water_mib()
print(json.dumps({"mode": mode, "draws": draws, "baseline_MiB": base, "peak_MiB": peak}))
"""


def memory(cases: list[tuple[str, int]]) -> list[dict]:
    rows = []
    scratch = tempfile.gettempdir()
    for mode, draws in cases:
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY_CASE, mode, str(draws), scratch],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout)
        row["seconds"] = time.perf_counter() - start
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also stream 10^7 draws to disk")
    args = parser.parse_args()

    study = f"mkba-mc {mkba_mc.__version__}, numpy {np.__version__}: default study"
    print(f"{study}, {args.draws:,} draws")
    print(f"\nSpeed (best of {args.repeat}), ratio = engine / numpy floor")
    print(f"  (blocked floor: the same numpy calls in blocks of {BLOCK_SIZE} draws, as the engine)")
    columns = ["floor s", "blocked", "engine s", "ratio", "vs blocked", "2 workers s", "ratio"]
    print(f"  {'cohort':>9} " + " ".join(f"{c:>10}" for c in columns))
    keys = ["floor_s", "blocked_floor_s", "engine_s", "ratio", "ratio_blocked"]
    keys += ["engine_2_workers_s", "ratio_2_workers"]
    for r in speed(args.draws, args.repeat):
        print(f"  {r['cohort']!s:>9} " + " ".join(f"{r[k]:10.2f}" for k in keys))

    cases = [
        ("memory", 100_000),
        ("memory", args.draws),
        ("stream", 100_000),
        ("stream", args.draws),
    ]
    if args.big:
        cases.append(("stream", 10 * args.draws))
    print("\nPeak resident memory (fresh process; cohort 23; stream = mkba_mc.write_run to disk)")
    print(f"  {'mode':>7} {'draws':>12} {'peak MiB':>9} {'after import':>13} {'seconds':>8}")
    for r in memory(cases):
        sizes = f"{r['peak_MiB']:9.0f} {r['baseline_MiB']:13.0f} {r['seconds']:8.1f}"
        print(f"  {r['mode']:>7} {r['draws']:>12,} {sizes}")


if __name__ == "__main__":
    main()
