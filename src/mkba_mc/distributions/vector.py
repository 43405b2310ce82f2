"""Vector input distributions over named components (outcome shares): Dirichlet and
fixed shares; each draws ``(size, k)`` arrays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy import special

from ..limits import MIN_CONCENTRATION
from .base import Distribution, fmt, require

__all__ = ["Dirichlet", "FixedShares"]


@dataclass(frozen=True)
class Dirichlet(Distribution):
    """Dirichlet over named ``components`` with concentrations ``alpha``.

    The inverse CDF maps ``k`` independent uniforms through the Gamma(alpha_i) inverse
    CDFs and normalises, which yields a Dirichlet vector (the Gamma construction).
    """

    alpha: tuple[float, ...]
    components: tuple[str, ...]
    family: ClassVar[str] = "dirichlet"

    def __post_init__(self):
        require(len(self.alpha) >= 2, "alpha", "needs at least two components")
        require(len(self.alpha) == len(self.components), "alpha", "one value per component")
        require(all(a > 0 for a in self.alpha), "alpha", "every concentration must be positive")
        require(
            min(self.alpha) >= MIN_CONCENTRATION,
            "alpha",
            f"every concentration must be at least {MIN_CONCENTRATION:g} (the limit), "
            f"got {fmt(min(self.alpha))}",
        )

    def sample(self, rng, size):
        return rng.dirichlet(self.alpha, size)

    def ppf(self, u):
        g = special.gammaincinv(np.asarray(self.alpha), u)
        return g / g.sum(axis=-1, keepdims=True)

    def mean(self):
        a = np.asarray(self.alpha)
        return a / a.sum()

    def var(self):
        a = np.asarray(self.alpha)
        a0 = a.sum()
        return a * (a0 - a) / (a0 * a0 * (a0 + 1))

    def support(self):
        return (0.0, 1.0)

    def describe(self):
        inner = ", ".join(f"{c} {fmt(a)}" for c, a in zip(self.components, self.alpha, strict=True))
        return f"Dirichlet({inner})"


@dataclass(frozen=True)
class FixedShares(Distribution):
    """Known shares over named ``components`` (normalised weights): no uncertainty."""

    shares: tuple[float, ...]
    components: tuple[str, ...]
    family: ClassVar[str] = "fixed"

    def __post_init__(self):
        require(len(self.shares) >= 2, "shares", "needs at least two components")
        require(all(s >= 0 for s in self.shares), "shares", "weights must not be negative")
        require(sum(self.shares) > 0, "shares", "weights must not all be zero")

    @property
    def is_fixed(self) -> bool:
        return True

    def _vector(self) -> np.ndarray:
        w = np.asarray(self.shares, dtype=float)
        return w / w.sum()

    def sample(self, rng, size):
        return np.tile(self._vector(), (size, 1))

    def ppf(self, u):
        return np.broadcast_to(self._vector(), np.shape(u)).copy()

    def mean(self):
        return self._vector()

    def var(self):
        return np.zeros(len(self.shares))

    def support(self):
        return (0.0, 1.0)

    def describe(self):
        inner = ", ".join(
            f"{c} {fmt(s)}" for c, s in zip(self.components, self._vector(), strict=True)
        )
        return f"fixed shares ({inner})"
