"""Scalar input distributions: fixed, uniform, triangular, PERT, (truncated) normal,
lognormal, gamma and beta; each draws ``(size,)`` arrays."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy import special

from ..limits import MIN_CV, REACH_SD
from .base import REACH_TAIL, Distribution, check_concentration, finite_exp, fmt, require

__all__ = ["Beta", "Fixed", "Gamma", "LogNormal", "Normal", "Pert", "Triangular", "Uniform"]


@dataclass(frozen=True)
class Fixed(Distribution):
    """A known value: no uncertainty."""

    value: float
    family: ClassVar[str] = "fixed"

    @property
    def is_fixed(self) -> bool:
        return True

    def sample(self, rng, size):
        return np.full(size, self.value, dtype=float)

    def ppf(self, u):
        return np.full(np.shape(u), self.value, dtype=float)

    def mean(self):
        return self.value

    def var(self):
        return 0.0

    def support(self):
        return (self.value, self.value)

    def describe(self):
        return f"fixed {fmt(self.value)}"


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform on ``[low, high]``."""

    low: float
    high: float
    family: ClassVar[str] = "uniform"

    def __post_init__(self):
        require(self.low < self.high, "high", f"must exceed low ({fmt(self.low)})")

    def sample(self, rng, size):
        return rng.uniform(self.low, self.high, size)

    def ppf(self, u):
        return self.low + (self.high - self.low) * np.asarray(u, dtype=float)

    def mean(self):
        return 0.5 * (self.low + self.high)

    def var(self):
        return (self.high - self.low) ** 2 / 12.0

    def support(self):
        return (self.low, self.high)

    def describe(self):
        return f"Uniform({fmt(self.low)}, {fmt(self.high)})"


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular with minimum ``low``, mode ``mode`` and maximum ``high``."""

    low: float
    mode: float
    high: float
    family: ClassVar[str] = "triangular"

    def __post_init__(self):
        require(self.low < self.high, "high", f"must exceed low ({fmt(self.low)})")
        require(
            self.low <= self.mode <= self.high,
            "mode",
            f"must lie in [low, high] = [{fmt(self.low)}, {fmt(self.high)}]",
        )

    def _scipy(self):
        from scipy import stats  # only for this family: slow to import

        width = self.high - self.low
        return stats.triang((self.mode - self.low) / width, loc=self.low, scale=width)

    def sample(self, rng, size):
        return rng.triangular(self.low, self.mode, self.high, size)

    def ppf(self, u):
        return self._scipy().ppf(u)

    def mean(self):
        return (self.low + self.mode + self.high) / 3.0

    def var(self):
        a, c, b = self.low, self.mode, self.high
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0

    def support(self):
        return (self.low, self.high)

    def describe(self):
        return f"Triangular({fmt(self.low)}, {fmt(self.mode)}, {fmt(self.high)})"


@dataclass(frozen=True)
class Pert(Distribution):
    """(Modified) PERT: a Beta distribution rescaled to ``[low, high]`` with the given mode.

    With ``shape`` = 4 (the classic PERT) the mean is ``(low + 4 mode + high) / 6``.
    """

    low: float
    mode: float
    high: float
    shape: float = 4.0
    family: ClassVar[str] = "pert"

    def __post_init__(self):
        require(self.low < self.high, "high", f"must exceed low ({fmt(self.low)})")
        require(
            self.low <= self.mode <= self.high,
            "mode",
            f"must lie in [low, high] = [{fmt(self.low)}, {fmt(self.high)}]",
        )
        require(self.shape > 0, "shape", "must be positive")

    @property
    def alpha(self) -> float:
        return 1.0 + self.shape * (self.mode - self.low) / (self.high - self.low)

    @property
    def beta(self) -> float:
        return 1.0 + self.shape * (self.high - self.mode) / (self.high - self.low)

    def sample(self, rng, size):
        return self.low + (self.high - self.low) * rng.beta(self.alpha, self.beta, size)

    def ppf(self, u):
        return self.low + (self.high - self.low) * special.betaincinv(self.alpha, self.beta, u)

    def mean(self):
        return self.low + (self.high - self.low) * self.alpha / (self.alpha + self.beta)

    def var(self):
        a, b = self.alpha, self.beta
        return (self.high - self.low) ** 2 * a * b / ((a + b) ** 2 * (a + b + 1))

    def support(self):
        return (self.low, self.high)

    def describe(self):
        return f"PERT({fmt(self.low)}, {fmt(self.mode)}, {fmt(self.high)})"


@dataclass(frozen=True)
class Normal(Distribution):
    """Normal with mean ``mu`` and standard deviation ``sd``, optionally truncated to
    ``[low, high]`` (then ``mu`` and ``sd`` describe the untruncated parent)."""

    mu: float
    sd: float
    low: float = -math.inf
    high: float = math.inf
    family: ClassVar[str] = "normal"

    def __post_init__(self):
        require(self.sd > 0, "sd", "must be positive")
        require(self.low < self.high, "high", f"must exceed low ({fmt(self.low)})")
        require(
            self.high - self.low >= MIN_CV * self.sd,
            "high",
            f"truncates the normal to an interval narrower than {MIN_CV:g} sd "
            f"(sd {fmt(self.sd)}; the limit): use a uniform distribution",
        )
        spread = REACH_SD * self.sd
        for key, beyond in (
            ("low", self.low > self.mu + spread),
            ("high", self.high < self.mu - spread),
        ):
            require(
                not beyond,
                key,
                f"truncates the normal more than {REACH_SD:g} sd from its mean "
                f"{fmt(self.mu)} (sd {fmt(self.sd)}), where it has no probability",
            )

    @property
    def truncated(self) -> bool:
        return math.isfinite(self.low) or math.isfinite(self.high)

    def _scipy(self):
        from scipy import stats  # only for a truncated normal: slow to import

        a, b = (self.low - self.mu) / self.sd, (self.high - self.mu) / self.sd
        return stats.truncnorm(a, b, loc=self.mu, scale=self.sd)

    def sample(self, rng, size):
        if not self.truncated:
            return rng.normal(self.mu, self.sd, size)
        return self.ppf(rng.random(size))

    def ppf(self, u):
        if not self.truncated:
            return self.mu + self.sd * special.ndtri(u)
        return self._scipy().ppf(u)

    def mean(self):
        return float(self._scipy().mean()) if self.truncated else self.mu

    def var(self):
        return float(self._scipy().var()) if self.truncated else self.sd**2

    def support(self):
        return (self.low, self.high)

    def reach(self):
        spread = REACH_SD * self.sd
        return (max(self.low, self.mu - spread), min(self.high, self.mu + spread))

    def describe(self):
        text = f"Normal({fmt(self.mu)}, sd {fmt(self.sd)})"
        if self.truncated:
            text += f" truncated to [{fmt(self.low)}, {fmt(self.high)}]"
        return text


@dataclass(frozen=True)
class LogNormal(Distribution):
    """Lognormal: ``log X`` is Normal(``mu``, ``sigma``)."""

    mu: float
    sigma: float
    family: ClassVar[str] = "lognormal"

    def __post_init__(self):
        require(self.sigma > 0, "sigma", "must be positive")

    def sample(self, rng, size):
        return rng.lognormal(self.mu, self.sigma, size)

    def ppf(self, u):
        return np.exp(self.mu + self.sigma * special.ndtri(u))

    def mean(self):
        return finite_exp(self.mu + 0.5 * self.sigma**2)

    def var(self):
        growth = self.sigma**2
        return (
            (finite_exp(growth) - 1.0) * finite_exp(2 * self.mu + growth)
            if growth < 709.0
            else math.inf
        )

    def support(self):
        return (0.0, math.inf)

    def reach(self):
        return (0.0, finite_exp(self.mu + REACH_SD * self.sigma))

    def describe(self):
        cv = math.sqrt(finite_exp(self.sigma**2) - 1.0)
        return f"LogNormal(mean {fmt(self.mean())}, cv {fmt(cv)})"


@dataclass(frozen=True)
class Gamma(Distribution):
    """Gamma with ``shape`` k and ``scale`` θ: mean kθ, coefficient of variation 1/√k."""

    shape: float
    scale: float
    family: ClassVar[str] = "gamma"

    def __post_init__(self):
        check_concentration(self.shape, "shape")
        require(self.scale > 0, "scale", "must be positive")

    def sample(self, rng, size):
        return rng.gamma(self.shape, self.scale, size)

    def ppf(self, u):
        return self.scale * special.gammaincinv(self.shape, u)

    def mean(self):
        return self.shape * self.scale

    def var(self):
        return self.shape * self.scale**2

    def support(self):
        return (0.0, math.inf)

    def reach(self):
        return (0.0, self.scale * float(special.gammainccinv(self.shape, REACH_TAIL)))

    def describe(self):
        return f"Gamma(mean {fmt(self.mean())}, cv {fmt(1 / math.sqrt(self.shape))})"


@dataclass(frozen=True)
class Beta(Distribution):
    """Beta(``a``, ``b``) on [0, 1]."""

    a: float
    b: float
    family: ClassVar[str] = "beta"

    def __post_init__(self):
        check_concentration(self.a, "a")
        check_concentration(self.b, "b")

    def sample(self, rng, size):
        return rng.beta(self.a, self.b, size)

    def ppf(self, u):
        return special.betaincinv(self.a, self.b, u)

    def mean(self):
        return self.a / (self.a + self.b)

    def var(self):
        s = self.a + self.b
        return self.a * self.b / (s * s * (s + 1))

    def support(self):
        return (0.0, 1.0)

    def describe(self):
        return f"Beta({fmt(self.a)}, {fmt(self.b)})"
