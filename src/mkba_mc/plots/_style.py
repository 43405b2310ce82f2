"""Shared look of mkba-mc figures: colour-blind safe colours, readable in print."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
from matplotlib.figure import Figure

__all__ = ["MAX_PANEL_COLUMNS", "OKABE_ITO", "arm_colours", "new_figure", "panel_grid", "style"]

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Okabe & Ito (2008) palette, distinguishable with every common colour-vision deficiency."""

RC = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "text.parse_math": False,  # a config's label is text: "$" is a dollar sign, not TeX
}


def style():
    """Context manager applying the mkba-mc style; build a whole figure inside it::

    with style():
        fig, ax = new_figure()
        ax.plot(...)
    """
    return mpl.rc_context(RC)


def new_figure(width: float = 6.4, height: float = 4.0, **subplots) -> tuple[Figure, object]:
    """A figure and its axes (call inside :func:`style`).

    Figures are created with :class:`matplotlib.figure.Figure` directly, not through
    pyplot, so nothing accumulates in pyplot's global list of open figures.
    """
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.subplots(**subplots)
    return fig, ax


MAX_PANEL_COLUMNS = 3
"""Panels side by side at most, so that a figure of many arms stays as wide as a page."""


def panel_grid(n: int) -> tuple[int, int]:
    """Rows and columns for ``n`` panels of one kind (one per arm against the baseline):
    one row of one or two, two by two for three or four (one cell left empty for
    three), then rows of :data:`MAX_PANEL_COLUMNS`."""
    if n < 1:
        raise ValueError(f"a figure needs at least one panel, got {n}")
    columns = n if n <= 2 else 2 if n <= 4 else MAX_PANEL_COLUMNS
    return math.ceil(n / columns), columns


def arm_colours(arms: Sequence[str]) -> dict[str, str]:
    """One palette colour per arm, stable in the order the arms are given."""
    return {arm: OKABE_ITO[i % len(OKABE_ITO)] for i, arm in enumerate(arms)}
