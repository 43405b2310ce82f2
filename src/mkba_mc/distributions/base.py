"""The contract every input distribution fulfils, its error, and the checks and helpers
the families share."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
from scipy import special

from ..limits import MIN_CONCENTRATION, REACH_SD

__all__ = [
    "REACH_TAIL",
    "Distribution",
    "DistributionError",
    "check_concentration",
    "finite_exp",
    "fmt",
    "require",
]


class DistributionError(ValueError):
    """A distribution's arguments are invalid; ``key`` names the offending argument."""

    def __init__(self, key: str | None, message: str):
        super().__init__(message)
        self.key = key


def require(condition: bool, key: str, message: str) -> None:
    """Raise :class:`DistributionError` naming ``key`` unless ``condition`` holds."""
    if not condition:
        raise DistributionError(key, message)


def fmt(x: float) -> str:
    """A number in a message or a description: six significant digits."""
    return f"{x:.6g}"


def check_concentration(value: float, key: str) -> None:
    """A shape or concentration must be positive and at least the limit."""
    require(value > 0, key, "must be positive")
    require(
        value >= MIN_CONCENTRATION,
        key,
        f"must be at least {MIN_CONCENTRATION:g} (the limit), got {fmt(value)}",
    )


REACH_TAIL = float(special.ndtr(-REACH_SD))
"""Tail probability of the quantiles :meth:`Distribution.reach` returns (7.6e-24)."""


def finite_exp(x: float) -> float:
    """``exp(x)``, infinite instead of an OverflowError."""
    return math.exp(x) if x < 709.0 else math.inf


class Distribution:
    """Base class: the contract every input distribution fulfils."""

    family: ClassVar[str]
    components: tuple[str, ...] | None = None

    @property
    def is_fixed(self) -> bool:
        return False

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        raise NotImplementedError

    def ppf(self, u: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def mean(self) -> float | np.ndarray:
        raise NotImplementedError

    def var(self) -> float | np.ndarray:
        raise NotImplementedError

    def support(self) -> tuple[float, float]:
        raise NotImplementedError

    def reach(self) -> tuple[float, float]:
        """The lowest and highest values a run's draws can reach (``support()`` by
        default, which every bounded distribution keeps)."""
        return self.support()

    def describe(self) -> str:
        raise NotImplementedError
