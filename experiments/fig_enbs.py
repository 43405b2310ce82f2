"""Figure 'enbs' and table 'evsi' of the report: what reading more dossiers is worth.

    python experiments/fig_enbs.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``fig_enbs_LANG.png`` (:func:`mkba_mc.plots.sensitivity.enbs_figure` of
:attr:`mkba_mc.report.SensitivityAnalyses.evsi`: the expected net benefit of sampling
against the dossiers read per route, at λ = €0, €2,500 and €10,000), ``table_evsi.csv``
(EVSI per client and per year, study cost and ENBS per λ and size) and
``table_evsi_optimum.csv`` (the size that maximises ENBS per λ). As in the report, EVSI
comes from 32,768 prior draws and the run's seed, whatever ``--draws``; the study's cost
and horizon are the config's ``[research]`` table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options, save_figure

from mkba_mc.plots.sensitivity import enbs_figure
from mkba_mc.report import SensitivityAnalyses


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    result = SensitivityAnalyses(default_run(args)).evsi
    table, optimum = args.out / "table_evsi.csv", args.out / "table_evsi_optimum.csv"
    result.table.to_csv(table, index=False)
    result.optimum.to_csv(optimum, index=False)
    fig = enbs_figure(result, lang=args.lang)
    return [save_figure(fig, args.out / f"fig_enbs_{args.lang}.png"), table, optimum]


if __name__ == "__main__":
    for path in main():
        print(path)
