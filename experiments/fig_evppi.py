"""Figure 'evppi' of the report: what perfect knowledge of each input group is worth.

    python experiments/fig_evppi.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``fig_evppi_LANG.png`` (:func:`mkba_mc.plots.sensitivity.evppi_figure` of
:attr:`mkba_mc.report.SensitivityAnalyses.voi`: EVPI and EVPPI per input group at
λ = €0, €2,500 and €10,000, per client and per year of 3,000 intakes). As in the report,
the value of information comes from the run's draws with expected values per client (at
most 32,768) and the run's seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options, save_figure

from mkba_mc.plots.sensitivity import evppi_figure
from mkba_mc.report import SensitivityAnalyses


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    fig = evppi_figure(SensitivityAnalyses(default_run(args)).voi, lang=args.lang)
    return [save_figure(fig, args.out / f"fig_evppi_{args.lang}.png")]


if __name__ == "__main__":
    for path in main():
        print(path)
