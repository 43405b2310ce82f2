"""Table 'summary': investment, benefits, balance, benefit-cost ratio per route and difference.

    python experiments/table_summary.py [--draws N] [--seed S] [--out results/]

writes ``table_summary.csv`` (:func:`mkba_mc.summarize` of the default study: means with
Monte Carlo standard errors, medians, 5/95% quantiles, P(balance > 0) and
P(Klantreis beats FIG-route)).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options

import mkba_mc as mm


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv, lang=False)
    csv = args.out / "table_summary.csv"
    mm.summarize(default_run(args)).to_csv(csv, index=False)
    return [csv]


if __name__ == "__main__":
    for path in main():
        print(path)
