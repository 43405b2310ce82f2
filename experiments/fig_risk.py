"""Figures 'risk-profile' and 'payback' of the report: the municipality's risk profile in a
year of intakes, and its cumulative net cash flow after the intake.

    python experiments/fig_risk.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``fig_risk_profile_LANG.png`` (:func:`mkba_mc.plots.risk.risk_profile` of the
default study, a year of 3,000 intakes with that year's clients sampled) and
``fig_payback_LANG.png`` (:func:`mkba_mc.plots.risk.payback_curve` of the discounted set,
``configs/regioplan2020_discounted.toml``, which has a time profile).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import CONFIGS, default_run, options, save_figure

import mkba_mc as mm
from mkba_mc.plots import risk as figures
from mkba_mc.plots._labels import stakeholder_label


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    study = mm.load_study()
    ds = default_run(args)
    labels = {a.name: a.label for a in study.arms}
    who = stakeholder_label(ds, "municipality", args.lang)
    view = mm.investment_risk(study, ds)
    profile = figures.risk_profile(view.profile, labels, who, args.lang)
    discounted = mm.load_study(CONFIGS / "regioplan2020_discounted.toml")
    pay = mm.payback(discounted, draws=args.draws, seed=args.seed)
    curve = figures.payback_curve(pay, labels, who, "municipality", args.lang)
    return [
        save_figure(profile, args.out / f"fig_risk_profile_{args.lang}.png"),
        save_figure(curve, args.out / f"fig_payback_{args.lang}.png"),
    ]


if __name__ == "__main__":
    for path in main():
        print(path)
