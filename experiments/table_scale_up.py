"""Table 'scale-up': yearly totals for 3,000 intakes a year per route and against the FIG-route.

    python experiments/table_scale_up.py [--draws N] [--seed S] [--intakes N] [--out results/]

writes ``table_scale_up.csv`` (:func:`mkba_mc.scale_up` of the default study, euros per
year, with Monte Carlo standard errors).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options

import mkba_mc as mm


def main(argv: Sequence[str] | None = None) -> list[Path]:
    def intakes(parser) -> None:
        parser.add_argument(
            "--intakes", type=int, default=3000, help="intakes a year (default 3,000)"
        )

    args = options(__doc__.splitlines()[0], argv, lang=False, extra=intakes)
    csv = args.out / "table_scale_up.csv"
    mm.scale_up(default_run(args), args.intakes).to_dataframe().to_csv(csv)
    return [csv]


if __name__ == "__main__":
    for path in main():
        print(path)
