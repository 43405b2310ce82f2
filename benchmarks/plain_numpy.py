"""The same model as a plain vectorised numpy script: the yardstick of bench_scale.py.

Every input is drawn for all draws at once with one numpy call (no blocks, no spawned
streams), the model is evaluated in one vectorised call (mkba_mc.model.evaluate, the
model's arithmetic) and the summary is numpy's mean, standard deviation and quantiles.
With ``INTAKES``, also what ``mkba-mc run``'s risk view needs beyond that: for every draw
a year of ``INTAKES`` clients per arm drawn with the draw's inputs (one more vectorised
``evaluate``), and the 5% value-at-risk and expected shortfall of that year's balance per
arm and against the first arm. Nothing is written.

Usage: ``python benchmarks/plain_numpy.py DRAWS COHORT [INTAKES]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from bench_engine import _numpy_draw  # noqa: E402

from mkba_mc.config import load_study  # noqa: E402
from mkba_mc.model import evaluate  # noqa: E402


def main() -> None:
    draws = int(sys.argv[1])
    cohort = sys.argv[2] if sys.argv[2] == "expected" else int(sys.argv[2])
    study = load_study()
    rng = np.random.default_rng(1)
    values = {}
    for name, param in study.parameters.items():
        if param.shared:
            values[name] = np.broadcast_to(
                _numpy_draw(rng, param.distribution, draws),
                (draws, *np.shape(param.distribution.mean())),
            )
        else:
            values[name] = np.stack(
                [
                    np.broadcast_to(
                        _numpy_draw(rng, param.per_arm[arm], draws),
                        (draws, *np.shape(param.per_arm[arm].mean())),
                    )
                    for arm in study.arm_names
                ],
                axis=1,
            )
    out = evaluate(study, values, cohort, lambda arm: rng)
    balance = out.total_benefit - out.investment
    diff = balance[:, 1] - balance[:, 0]
    for x in (balance[:, 0], balance[:, 1], diff):
        print(x.mean(), x.std(ddof=1) / np.sqrt(draws), np.quantile(x, [0.05, 0.5, 0.95]))
    print((diff > 0).mean())
    if len(sys.argv) > 3:  # a year of intakes per draw, as the risk view draws it
        intakes = int(sys.argv[3])
        year = evaluate(study, values, intakes, lambda arm: rng)
        yearly = intakes * (year.total_benefit - year.investment)
        for x in (yearly[:, 0], yearly[:, 1], yearly[:, 1] - yearly[:, 0]):
            var = np.quantile(x, 0.05)
            print(x.mean(), var, x[x <= var].mean())


if __name__ == "__main__":
    main()
