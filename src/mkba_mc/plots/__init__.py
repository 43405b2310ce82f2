"""Figures (matplotlib). Imported only on demand: the core never imports matplotlib.

Every function takes a run's Dataset (or an analysis result) and returns a
:class:`matplotlib.figure.Figure`; saving is the caller's choice.

The figures are loaded when first used, so that the words and numbers of
:mod:`mkba_mc.plots._labels`, which the console shares, come without matplotlib.
"""

from __future__ import annotations

import importlib

__all__ = [
    "acceptability_curve",
    "assumption_sets",
    "balance_distributions",
    "bridge_waterfall",
    "benefits_by_stakeholder",
    "benefits_by_stream",
    "convergence",
    "incremental_plane",
]

_MODULES = {"assumption_sets": ".sets", "bridge_waterfall": ".bridge"}
"""Where a figure lives when not in :mod:`~mkba_mc.plots.decision`."""


def __getattr__(name: str):
    if name in __all__:
        module = importlib.import_module(_MODULES.get(name, ".decision"), __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
