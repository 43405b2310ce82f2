"""Tables of the report's section 'Risk for the municipality': business cases, downside
risk of a year of intakes, and payback.

    python experiments/table_risk.py [--draws N] [--seed S] [--intakes N] [--out results/]

writes ``table_risk_business_case.csv`` (each stakeholder's and society's balance per
client and per year, P(recovering the investment)), ``table_risk_downside.csv``
(value-at-risk and expected shortfall at 5% and 10%) of the default study
(:func:`mkba_mc.investment_risk`), and ``table_risk_cash_flow.csv`` and
``table_risk_payback.csv`` of the discounted set (:func:`mkba_mc.payback`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import CONFIGS, default_run, options

import mkba_mc as mm


def main(argv: Sequence[str] | None = None) -> list[Path]:
    def intakes(parser) -> None:
        parser.add_argument(
            "--intakes", type=int, default=3000, help="intakes a year (default 3,000)"
        )

    args = options(__doc__.splitlines()[0], argv, lang=False, extra=intakes)
    tables = mm.investment_risk(mm.load_study(), default_run(args), args.intakes).tables()
    discounted = mm.load_study(CONFIGS / "regioplan2020_discounted.toml")
    ds = mm.simulate(discounted, draws=args.draws, seed=args.seed)
    timed = mm.investment_risk(discounted, ds, args.intakes).tables()
    written = []
    for name, table in (
        ("business_case", tables["business_case"]),
        ("downside", tables["downside"]),
        ("cash_flow", timed["cash_flow"]),
        ("payback", timed["payback"]),
    ):
        path = args.out / f"table_risk_{name}.csv"
        table.to_csv(path, index=False)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
