"""Figure 'streams' of the report: Benefits per stream with their 5–95% intervals.

    python experiments/fig_streams.py [--draws N] [--seed S] [--lang en|nl] [--out results/]

writes ``fig_streams_LANG.png`` (:func:`mkba_mc.plots.benefits_by_stream` of the default study).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options, save_figure

from mkba_mc import plots


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv)
    fig = plots.benefits_by_stream(default_run(args), args.lang)
    return [save_figure(fig, args.out / f"fig_streams_{args.lang}.png")]


if __name__ == "__main__":
    for path in main():
        print(path)
