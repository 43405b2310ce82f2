"""Figure 'plane' of the report: Δ investment against Δ benefits, with the break-even line.

    python experiments/fig_plane.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``fig_plane_LANG.png`` (:func:`mkba_mc.plots.incremental_plane` of the default study).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options, save_figure

from mkba_mc import plots


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    fig = plots.incremental_plane(default_run(args), args.lang)
    return [save_figure(fig, args.out / f"fig_plane_{args.lang}.png")]


if __name__ == "__main__":
    for path in main():
        print(path)
