"""Catalogue of input distributions.

Every distribution is a frozen dataclass with the same small contract:

``sample(rng, size)``
    ``size`` draws from a :class:`numpy.random.Generator`, vectorised.
``ppf(u)``
    the inverse CDF, mapping uniform numbers on the unit cube to values, so that
    Latin hypercube and Sobol designs can be pushed through any distribution.
``mean()``, ``var()``, ``support()``
    analytic moments and the interval of possible values.
``reach()``
    the interval the draws of a run can in practice reach: the support where it is
    bounded, else the quantiles :data:`~mkba_mc.limits.REACH_SD` normal standard
    deviations into the tails (infinite where they overflow).

Scalar distributions return arrays of shape ``(size,)``; the vector ones (Dirichlet,
fixed shares) return ``(size, k)`` and name their ``components``.

Distributions are built from config tables through :func:`from_config`, which picks a
parameterisation by the keys present (``beta`` by ``a, b``, by ``mean, n`` or by
``k, n``; ``gamma`` by ``shape, scale`` or by ``mean, cv``; ...).

The package: :mod:`.base` (the contract and its error), :mod:`.scalar` and :mod:`.vector`
(the families), :mod:`.forms` (from config tables).
"""

from .base import Distribution, DistributionError
from .forms import CATALOGUE, from_config, observed_value
from .scalar import Beta, Fixed, Gamma, LogNormal, Normal, Pert, Triangular, Uniform
from .vector import Dirichlet, FixedShares

__all__ = [
    "Beta",
    "Dirichlet",
    "Distribution",
    "DistributionError",
    "Fixed",
    "FixedShares",
    "Gamma",
    "LogNormal",
    "Normal",
    "Pert",
    "Triangular",
    "Uniform",
    "CATALOGUE",
    "from_config",
    "observed_value",
]
