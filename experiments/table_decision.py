"""Table 'decision quantities': who gains, the municipality's share, the break-even value λ.

    python experiments/table_decision.py [--draws N] [--seed S] [--out results/]

writes, for the default study, ``table_stakeholders.csv``
(:func:`mkba_mc.stakeholder_benefits`), ``table_municipality_share.csv``
(:func:`mkba_mc.municipality_share` in both readings), ``table_break_even.csv``
(:func:`mkba_mc.break_even_wtp`) and ``table_acceptability.csv``
(:func:`mkba_mc.acceptability_curve`), each with Monte Carlo standard errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from _common import default_run, options

import mkba_mc as mm


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv, lang=False)
    ds = default_run(args)
    out = args.out
    written = []
    holders = out / "table_stakeholders.csv"
    mm.stakeholder_benefits(ds).to_dataframe().to_csv(holders)
    written.append(holders)
    shares = out / "table_municipality_share.csv"
    pd.concat(
        [
            mm.municipality_share(ds, r).to_dataframe().assign(reading=r)
            for r in ("partly", "strict")
        ]
    ).to_csv(shares)
    written.append(shares)
    break_even = out / "table_break_even.csv"
    mm.break_even_wtp(ds).to_dataframe().to_csv(break_even)
    written.append(break_even)
    curve = out / "table_acceptability.csv"
    mm.acceptability_curve(ds).to_dataframe().to_csv(curve)
    written.append(curve)
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
