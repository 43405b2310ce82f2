"""Figure 'acceptability' of the report: P(route preferred) against λ per successful client.

    python experiments/fig_acceptability.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``fig_acceptability_LANG.png`` (:func:`mkba_mc.plots.acceptability_curve` of the
default study).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options, save_figure

from mkba_mc import plots


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    fig = plots.acceptability_curve(default_run(args), args.lang)
    return [save_figure(fig, args.out / f"fig_acceptability_{args.lang}.png")]


if __name__ == "__main__":
    for path in main():
        print(path)
