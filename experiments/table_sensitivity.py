"""Tables 'sensitivity and value of information' of the report.

    python experiments/table_sensitivity.py [--draws N] [--seed S] [--out results/]

writes, for the default study and as the report computes them from the run's seed
(:class:`mkba_mc.report.SensitivityAnalyses`): ``table_tornado.csv``
(:func:`mkba_mc.sensitivity.tornado`), ``table_thresholds.csv``
(:func:`mkba_mc.sensitivity.thresholds`), ``table_sobol.csv``
(:func:`mkba_mc.sensitivity.sobol`), ``table_voi.csv`` and ``table_voi_fit.csv``
(:func:`mkba_mc.voi.evppi`: EVPI and EVPPI per input group with bootstrap standard errors,
and the regression's fit). Their sizes follow ``--draws`` as the report's and ``mkba-mc
sensitivity``'s do (:class:`mkba_mc.sensitivity.plan.SensitivityPlan`): the value of
information uses the run's draws with expected values per client (at most 32,768), and the
Sobol' base sample is the largest power of two up to those draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options

from mkba_mc.report import SensitivityAnalyses


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv, lang=False)
    analyses = SensitivityAnalyses(default_run(args))
    tables = {
        "table_tornado.csv": analyses.tornado.table,
        "table_thresholds.csv": analyses.thresholds.table,
        "table_sobol.csv": analyses.sobol.table,
        "table_voi.csv": analyses.voi.table,
        "table_voi_fit.csv": analyses.voi.fits,
    }
    written = []
    for name, table in tables.items():
        table.to_csv(args.out / name, index=False)
        written.append(args.out / name)
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
