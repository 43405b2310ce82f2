"""Figures (matplotlib). Imported only on demand: the core never imports matplotlib.

Every function takes a run's Dataset (or an analysis result) and returns a
:class:`matplotlib.figure.Figure`; saving is the caller's choice.
"""

from .bridge import bridge_waterfall
from .decision import (
    acceptability_curve,
    balance_distributions,
    benefits_by_stakeholder,
    benefits_by_stream,
    convergence,
    incremental_plane,
)
from .sets import assumption_sets

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
