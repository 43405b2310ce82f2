"""Figure 'balance' of the report: Balance per route and the difference against the FIG-route.

    python experiments/fig_balance.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``fig_balance_LANG.png`` (:func:`mkba_mc.plots.balance_distributions` of the default study).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options, save_figure

from mkba_mc import plots


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    fig = plots.balance_distributions(default_run(args), args.lang)
    return [save_figure(fig, args.out / f"fig_balance_{args.lang}.png")]


if __name__ == "__main__":
    for path in main():
        print(path)
