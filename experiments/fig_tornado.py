"""Figure 'tornado' of the report: one-way sensitivity of the Klantreis − FIG-route balance.

    python experiments/fig_tornado.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``fig_tornado_ARM_LANG.png`` for each route against the FIG-route
(:func:`mkba_mc.plots.sensitivity.tornado_figure` of
:attr:`mkba_mc.report.SensitivityAnalyses.tornado`, as the report computes it from the
run's seed). The tornado evaluates the model, so ``--draws`` does not change it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options, save_figure

from mkba_mc.plots.sensitivity import tornado_figure
from mkba_mc.report import SensitivityAnalyses
from mkba_mc.report.sensitivity import TORNADO_BARS


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    ds = default_run(args)
    result = SensitivityAnalyses(ds).tornado
    baseline = ds.attrs["baseline"]
    written = []
    for arm in (str(a) for a in ds["arm"].values if a != baseline):
        fig = tornado_figure(result, arm, TORNADO_BARS, lang=args.lang)
        written.append(save_figure(fig, args.out / f"fig_tornado_{arm}_{args.lang}.png"))
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
