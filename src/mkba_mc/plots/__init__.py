"""Figures (matplotlib). Imported only on demand: the core never imports matplotlib.

Every function takes a run's Dataset (or an analysis result) and returns a
:class:`matplotlib.figure.Figure`; saving is the caller's choice.
"""

from .decision import (
    acceptability_curve,
    assumption_sets,
    balance_distributions,
    benefits_by_stakeholder,
    benefits_by_stream,
    convergence,
    incremental_plane,
)

__all__ = [
    "acceptability_curve",
    "assumption_sets",
    "balance_distributions",
    "benefits_by_stakeholder",
    "benefits_by_stream",
    "convergence",
    "incremental_plane",
]
