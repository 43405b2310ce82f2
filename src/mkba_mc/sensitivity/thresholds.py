"""Threshold values: where a scalar input, on its own, changes the sign of a decision measure."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..distributions import Distribution
from ..sampling import central_values
from ..spec import Study
from .inputs import decision_measures, distribution_of, input_slot, measure_values, require_inputs

__all__ = ["Thresholds", "thresholds"]


@dataclass(frozen=True)
class Thresholds:
    """Threshold values of scalar inputs (:func:`thresholds`).

    Attributes
    ----------
    table
        One row per (measure, scalar input): ``arm``, ``versus``, ``measure``, ``input``,
        ``group``, ``mean``, ``low`` and ``high`` (the input's interval percentiles, in its
        own unit), ``base`` (the measure at all means, euros per client), ``threshold``
        (the input value at which the measure changes sign, others at their means; NaN
        when it keeps its sign over the whole support), ``quantile`` (the threshold's
        level in the input's distribution, P(input ≤ threshold)), ``inside`` (the
        threshold lies within [low, high]), ``positive_above`` (the measure is positive
        above the threshold; without one, whether it is positive throughout) and
        ``roots`` (how many sign changes the support holds; the one nearest the mean is
        reported).
    interval
        The interval's percentiles (0.05, 0.95): a 90% interval.
    """

    table: pd.DataFrame
    interval: tuple[float, float]


def _search_grid(dist: Distribution) -> np.ndarray:
    """Input values covering a distribution's support: its quantiles from 1e-12 to
    1 − 1e-12, its finite ends, and a geometric extension towards an infinite end."""
    z = np.linspace(-27.6, 27.6, 241)  # logit of 1e-12 ... 1 - 1e-12
    grid = np.asarray(dist.ppf(1.0 / (1.0 + np.exp(-z))), dtype=float)
    low, high = dist.support()
    extra = [x for x in (low, high) if math.isfinite(x)]
    top, bottom = float(grid.max()), float(grid.min())
    if not math.isfinite(high):
        extra += list(max(abs(top), 1.0) * 2.0 ** np.arange(1, 41))
    if not math.isfinite(low):
        extra += list(-max(abs(bottom), 1.0) * 2.0 ** np.arange(1, 41))
    return np.unique(np.concatenate([grid, extra]))


def thresholds(study: Study, *, interval: tuple[float, float] = (0.05, 0.95)) -> Thresholds:
    """For each scalar input, the value at which each decision measure changes sign.

    The other inputs stay at their means; the sign change is searched over the input's
    whole support (a fine grid of its quantiles, extended geometrically towards an
    infinite end) and pinned down by Brent's method (:func:`scipy.optimize.brentq`); its
    quantile level is the CDF of the input's distribution there
    (:func:`mkba_mc.distribution_functions.cdf`).
    Vector inputs (Dirichlet shares) have no single threshold value and are left out.

    Parameters
    ----------
    study
        The study.
    interval
        Percentiles of the interval the threshold is checked against; by default the 90%
        interval (5th to 95th percentile).

    Returns
    -------
    Thresholds
        Per measure and scalar input: the threshold (in the input's own unit), its
        quantile level and whether it lies inside the interval.
    """
    from scipy import optimize  # slow to import (scipy.stats too): only when asked

    from ..distribution_functions import cdf

    low, high = interval
    if not 0 < low < high < 1:
        raise ValueError(f"interval must satisfy 0 < low < high < 1, got {interval}")
    items = [item for item in require_inputs(study) if not item.vector]
    measures = decision_measures(study)
    base = measure_values(study, central_values(study, 1))[0]
    rows = []
    for item in items:
        dist = distribution_of(study, item)
        grid = _search_grid(dist)
        values = central_values(study, len(grid))
        input_slot(study, values, item)[...] = grid
        on_grid = measure_values(study, values)
        x_low, x_high = (float(v) for v in dist.ppf(np.array([low, high])))
        mean = float(dist.mean())
        for j, m in enumerate(measures):

            def f(x, j=j, item=item):
                one = central_values(study, 1)
                input_slot(study, one, item)[...] = x
                return float(measure_values(study, one)[0, j])

            y = on_grid[:, j]
            roots = [float(x) for x, v in zip(grid, y, strict=True) if v == 0.0]
            change = np.flatnonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0)
            roots += [
                optimize.brentq(f, grid[i], grid[i + 1], xtol=1e-12, rtol=1e-12) for i in change
            ]
            threshold, level, above = math.nan, math.nan, bool(y[-1] > 0)
            if roots:
                threshold = min(roots, key=lambda r: abs(r - mean))
                level = cdf(dist, threshold)
                above = bool(y[grid > threshold][0] > 0) if (grid > threshold).any() else False
            rows.append(
                {
                    "arm": m.arm,
                    "versus": m.versus,
                    "measure": m.label,
                    "input": item.label,
                    "group": item.group,
                    "mean": mean,
                    "low": x_low,
                    "high": x_high,
                    "base": float(base[j]),
                    "threshold": threshold,
                    "quantile": level,
                    "inside": bool(roots) and x_low <= threshold <= x_high,
                    "positive_above": above,
                    "roots": len(roots),
                }
            )
    return Thresholds(table=pd.DataFrame(rows), interval=(low, high))
