"""Shared options and helpers of the experiment scripts (not a script itself).

Every script takes ``--draws``, ``--seed``, ``--lang`` and ``--out`` (default: ``results/``
at the top of the repository, which git ignores), runs the embedded default study unless
it says otherwise, and writes its figure (PNG) or table (CSV) there. Each has a
``main(argv=None) -> list[Path]`` so the tests can run it with few draws.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import xarray as xr  # noqa: E402

import mkba_mc as mm  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "results"
CONFIGS = REPO / "configs"
DPI = 150


def options(
    description: str,
    argv: Sequence[str] | None,
    lang: bool = True,
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """Parse the common options: ``--draws``, ``--seed``, ``--out``, (for figures) ``--lang``,
    and any a script adds through ``extra``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--draws", type=int, default=None, help="Monte Carlo draws (default: the study's, 100,000)"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: the study's)")
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="output folder (default: results/)"
    )
    if lang:
        parser.add_argument(
            "--lang", choices=("en", "nl"), default="en", help="language of the labels"
        )
    if extra is not None:
        extra(parser)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    return args


def default_run(args: argparse.Namespace) -> xr.Dataset:
    """The embedded default study, simulated with the options' draws and seed."""
    return mm.simulate(mm.load_study(), draws=args.draws, seed=args.seed)


def save_figure(fig, path: Path) -> Path:
    """Write a figure as PNG, as the report embeds it."""
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    return path
