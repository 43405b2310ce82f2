"""Figure and table 'assumption sets': every shipped assumption set run with common random numbers.

    python experiments/fig_assumption_sets.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``table_assumption_sets.csv`` (:func:`mkba_mc.compare.compare` of every uncertain
config in ``configs/``, the default study first; the point replication, with every input
fixed, is the report's replication, not an assumption set to compare) and
``fig_assumption_sets_LANG.png`` (:func:`mkba_mc.plots.assumption_sets`): the mean
balance per route with its 5–95% interval, and P(Klantreis beats FIG-route), per set.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import CONFIGS, options, save_figure

import mkba_mc as mm
from mkba_mc import plots
from mkba_mc.compare import compare, is_point


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    default = CONFIGS / "regioplan2020.toml"
    files = [default, *sorted(p for p in CONFIGS.glob("*.toml") if p != default)]
    studies = [s for s in map(mm.load_study, files) if not is_point(s)]
    table = compare(studies, draws=args.draws, seed=args.seed)
    labels = {a.name: a.label for a in studies[0].arms}
    csv = args.out / "table_assumption_sets.csv"
    table.to_csv(csv, index=False)
    fig = plots.assumption_sets(table, args.lang, labels)
    return [csv, save_figure(fig, args.out / f"fig_assumption_sets_{args.lang}.png")]


if __name__ == "__main__":
    for path in main():
        print(path)
