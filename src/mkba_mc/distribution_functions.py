"""Each scalar distribution of the catalogue as a frozen :mod:`scipy.stats` distribution.

The catalogue (:mod:`mkba_mc.distributions`) samples through the numpy Generator and
maps uniforms through its own inverse CDFs, so draws stay as they are. Where an analysis
needs what only a full distribution object gives (the CDF, for the quantile level of a
threshold value), :func:`frozen` returns the matching :mod:`scipy.stats` distribution,
with the same parameters; tests/test_distribution_functions.py checks that its ``ppf``
agrees with the catalogue's for every family, so the two cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from scipy import stats

from .distributions import (
    Beta,
    Distribution,
    Gamma,
    LogNormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
)

__all__ = ["FROZEN", "cdf", "frozen"]


def _triangular(d: Triangular):
    width = d.high - d.low
    return stats.triang((d.mode - d.low) / width, loc=d.low, scale=width)


def _normal(d: Normal):
    if not d.truncated:
        return stats.norm(loc=d.mu, scale=d.sd)
    a, b = (d.low - d.mu) / d.sd, (d.high - d.mu) / d.sd
    return stats.truncnorm(a, b, loc=d.mu, scale=d.sd)


FROZEN: dict[type[Distribution], Callable] = {
    Uniform: lambda d: stats.uniform(loc=d.low, scale=d.high - d.low),
    Triangular: _triangular,
    Pert: lambda d: stats.beta(d.alpha, d.beta, loc=d.low, scale=d.high - d.low),
    Normal: _normal,
    LogNormal: lambda d: stats.lognorm(d.sigma, scale=math.exp(d.mu)),
    Gamma: lambda d: stats.gamma(d.shape, scale=d.scale),
    Beta: lambda d: stats.beta(d.a, d.b),
}
"""Family → its :mod:`scipy.stats` distribution with the catalogue's parameters, for every
continuous scalar family (fixed values and Dirichlet vectors have no CDF of one value)."""


def frozen(dist: Distribution) -> stats.rv_continuous:
    """The frozen :mod:`scipy.stats` distribution of a continuous scalar distribution.

    Raises
    ------
    TypeError
        For a family without one (a fixed value, a vector of shares).
    """
    make = FROZEN.get(type(dist))
    if make is None:
        raise TypeError(f"{type(dist).__name__} has no scipy.stats counterpart of one value")
    return make(dist)


def cdf(dist: Distribution, x: float) -> float:
    """P(X ≤ x) for a continuous scalar distribution."""
    return float(frozen(dist).cdf(x))
