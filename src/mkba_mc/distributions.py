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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import special, stats

from .limits import MAX_MAGNITUDE, MIN_CONCENTRATION, MIN_CV, REACH_SD

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
]


class DistributionError(ValueError):
    """A distribution's arguments are invalid; ``key`` names the offending argument."""

    def __init__(self, key: str | None, message: str):
        super().__init__(message)
        self.key = key


def _require(condition: bool, key: str, message: str) -> None:
    if not condition:
        raise DistributionError(key, message)


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _concentration(value: float, key: str) -> None:
    _require(value > 0, key, "must be positive")
    _require(
        value >= MIN_CONCENTRATION,
        key,
        f"must be at least {MIN_CONCENTRATION:g} (the limit), got {_fmt(value)}",
    )


_REACH_TAIL = float(special.ndtr(-REACH_SD))
"""Tail probability of the quantiles :meth:`Distribution.reach` returns (7.6e-24)."""


def _exp(x: float) -> float:
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


# --------------------------------------------------------------------------- scalar


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
        return f"fixed {_fmt(self.value)}"


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform on ``[low, high]``."""

    low: float
    high: float
    family: ClassVar[str] = "uniform"

    def __post_init__(self):
        _require(self.low < self.high, "high", f"must exceed low ({_fmt(self.low)})")

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
        return f"Uniform({_fmt(self.low)}, {_fmt(self.high)})"


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular with minimum ``low``, mode ``mode`` and maximum ``high``."""

    low: float
    mode: float
    high: float
    family: ClassVar[str] = "triangular"

    def __post_init__(self):
        _require(self.low < self.high, "high", f"must exceed low ({_fmt(self.low)})")
        _require(
            self.low <= self.mode <= self.high,
            "mode",
            f"must lie in [low, high] = [{_fmt(self.low)}, {_fmt(self.high)}]",
        )

    def _scipy(self):
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
        return f"Triangular({_fmt(self.low)}, {_fmt(self.mode)}, {_fmt(self.high)})"


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
        _require(self.low < self.high, "high", f"must exceed low ({_fmt(self.low)})")
        _require(
            self.low <= self.mode <= self.high,
            "mode",
            f"must lie in [low, high] = [{_fmt(self.low)}, {_fmt(self.high)}]",
        )
        _require(self.shape > 0, "shape", "must be positive")

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
        return f"PERT({_fmt(self.low)}, {_fmt(self.mode)}, {_fmt(self.high)})"


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
        _require(self.sd > 0, "sd", "must be positive")
        _require(self.low < self.high, "high", f"must exceed low ({_fmt(self.low)})")
        _require(
            self.high - self.low >= MIN_CV * self.sd,
            "high",
            f"truncates the normal to an interval narrower than {MIN_CV:g} sd "
            f"(sd {_fmt(self.sd)}; the limit): use a uniform distribution",
        )
        spread = REACH_SD * self.sd
        for key, beyond in (
            ("low", self.low > self.mu + spread),
            ("high", self.high < self.mu - spread),
        ):
            _require(
                not beyond,
                key,
                f"truncates the normal more than {REACH_SD:g} sd from its mean "
                f"{_fmt(self.mu)} (sd {_fmt(self.sd)}), where it has no probability",
            )

    @property
    def truncated(self) -> bool:
        return math.isfinite(self.low) or math.isfinite(self.high)

    def _scipy(self):
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
        text = f"Normal({_fmt(self.mu)}, sd {_fmt(self.sd)})"
        if self.truncated:
            text += f" truncated to [{_fmt(self.low)}, {_fmt(self.high)}]"
        return text


@dataclass(frozen=True)
class LogNormal(Distribution):
    """Lognormal: ``log X`` is Normal(``mu``, ``sigma``)."""

    mu: float
    sigma: float
    family: ClassVar[str] = "lognormal"

    def __post_init__(self):
        _require(self.sigma > 0, "sigma", "must be positive")

    def sample(self, rng, size):
        return rng.lognormal(self.mu, self.sigma, size)

    def ppf(self, u):
        return np.exp(self.mu + self.sigma * special.ndtri(u))

    def mean(self):
        return _exp(self.mu + 0.5 * self.sigma**2)

    def var(self):
        growth = self.sigma**2
        return (_exp(growth) - 1.0) * _exp(2 * self.mu + growth) if growth < 709.0 else math.inf

    def support(self):
        return (0.0, math.inf)

    def reach(self):
        return (0.0, _exp(self.mu + REACH_SD * self.sigma))

    def describe(self):
        return (
            f"LogNormal(mean {_fmt(self.mean())}, cv {_fmt(math.sqrt(_exp(self.sigma**2) - 1.0))})"
        )


@dataclass(frozen=True)
class Gamma(Distribution):
    """Gamma with ``shape`` k and ``scale`` θ: mean kθ, coefficient of variation 1/√k."""

    shape: float
    scale: float
    family: ClassVar[str] = "gamma"

    def __post_init__(self):
        _concentration(self.shape, "shape")
        _require(self.scale > 0, "scale", "must be positive")

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
        return (0.0, self.scale * float(special.gammainccinv(self.shape, _REACH_TAIL)))

    def describe(self):
        return f"Gamma(mean {_fmt(self.mean())}, cv {_fmt(1 / math.sqrt(self.shape))})"


@dataclass(frozen=True)
class Beta(Distribution):
    """Beta(``a``, ``b``) on [0, 1]."""

    a: float
    b: float
    family: ClassVar[str] = "beta"

    def __post_init__(self):
        _concentration(self.a, "a")
        _concentration(self.b, "b")

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
        return f"Beta({_fmt(self.a)}, {_fmt(self.b)})"


# --------------------------------------------------------------------------- vector


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
        _require(len(self.alpha) >= 2, "alpha", "needs at least two components")
        _require(len(self.alpha) == len(self.components), "alpha", "one value per component")
        _require(all(a > 0 for a in self.alpha), "alpha", "every concentration must be positive")
        _require(
            min(self.alpha) >= MIN_CONCENTRATION,
            "alpha",
            f"every concentration must be at least {MIN_CONCENTRATION:g} (the limit), "
            f"got {_fmt(min(self.alpha))}",
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
        inner = ", ".join(
            f"{c} {_fmt(a)}" for c, a in zip(self.components, self.alpha, strict=True)
        )
        return f"Dirichlet({inner})"


@dataclass(frozen=True)
class FixedShares(Distribution):
    """Known shares over named ``components`` (normalised weights): no uncertainty."""

    shares: tuple[float, ...]
    components: tuple[str, ...]
    family: ClassVar[str] = "fixed"

    def __post_init__(self):
        _require(len(self.shares) >= 2, "shares", "needs at least two components")
        _require(all(s >= 0 for s in self.shares), "shares", "weights must not be negative")
        _require(sum(self.shares) > 0, "shares", "weights must not all be zero")

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
            f"{c} {_fmt(s)}" for c, s in zip(self.components, self._vector(), strict=True)
        )
        return f"fixed shares ({inner})"


# --------------------------------------------------------------------------- from config

Number = float


def _beta_by_mean(mean: Number, n: Number) -> Beta:
    _require(0 < mean < 1, "mean", f"must lie strictly between 0 and 1, got {_fmt(mean)}")
    _require(n > 0, "n", "pseudo-sample size must be positive")
    smallest = min(mean, 1 - mean) * n
    _require(
        smallest >= MIN_CONCENTRATION,
        "n",
        f"gives a concentration n·min(mean, 1 − mean) of {_fmt(smallest)}; it must be at "
        f"least {MIN_CONCENTRATION:g} (the limit)",
    )
    return Beta(mean * n, (1 - mean) * n)


def _beta_by_counts(k: Number, n: Number) -> Beta:
    _require(n > 0, "n", f"must be positive, got {_fmt(n)}")
    _require(0 <= k <= n, "k", f"must lie in [0, n] = [0, {_fmt(n)}], got {_fmt(k)}")
    return Beta(k + 0.5, n - k + 0.5)


def _cv(cv: Number) -> None:
    _require(cv > 0, "cv", f"coefficient of variation must be positive, got {_fmt(cv)}")
    _require(
        cv >= MIN_CV,
        "cv",
        f"coefficient of variation must be at least {MIN_CV:g} (the limit; use "
        f'dist = "fixed" for a known value), got {_fmt(cv)}',
    )


def _gamma_by_mean(mean: Number, cv: Number) -> Gamma:
    _require(mean > 0, "mean", f"must be positive, got {_fmt(mean)}")
    _cv(cv)
    largest = 1 / math.sqrt(MIN_CONCENTRATION)
    _require(
        cv <= largest,
        "cv",
        f"must be at most {largest:g} (the limit: the shape 1/cv² at least "
        f"{MIN_CONCENTRATION:g}), got {_fmt(cv)}",
    )
    return Gamma(1.0 / cv**2, mean * cv**2)


def _lognormal_by_mean(mean: Number, cv: Number) -> LogNormal:
    _require(mean > 0, "mean", f"must be positive, got {_fmt(mean)}")
    _cv(cv)
    sigma2 = math.log1p(cv**2)
    return LogNormal(math.log(mean) - 0.5 * sigma2, math.sqrt(sigma2))


def _normal(mean: Number, sd: Number, low: Number = -math.inf, high: Number = math.inf):
    return Normal(mean, sd, low, high)


def _normal_by_cv(mean: Number, cv: Number, low: Number = -math.inf, high: Number = math.inf):
    _cv(cv)
    _require(mean != 0, "mean", "must not be zero when given with a cv")
    return Normal(mean, abs(mean) * cv, low, high)


def _components(table: Mapping[str, Any], key: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    _require(isinstance(table, Mapping), key, "must be a table of component = number")
    values = []
    for name, value in table.items():
        _require(_is_number(value), f"{key}.{name}", f"must be a number, got {value!r}")
        _require(math.isfinite(value), f"{key}.{name}", f"must be a finite number, got {value!r}")
        _require(abs(value) <= MAX_MAGNITUDE, f"{key}.{name}", _too_large(value))
        values.append(float(value))
    return tuple(table), tuple(values)


def _dirichlet_by_alpha(alpha: Mapping[str, Any]) -> Dirichlet:
    names, values = _components(alpha, "alpha")
    return Dirichlet(values, names)


def _dirichlet_by_counts(counts: Mapping[str, Any], prior: Number = 0.5) -> Dirichlet:
    names, values = _components(counts, "counts")
    _require(all(v >= 0 for v in values), "counts", "counts must not be negative")
    _require(prior >= 0, "prior", "must not be negative")
    _require(
        prior > 0 or all(v > 0 for v in values),
        "prior",
        "must be positive when a count is zero",
    )
    return Dirichlet(tuple(v + prior for v in values), names)


def _fixed_shares(shares: Mapping[str, Any]) -> FixedShares:
    names, values = _components(shares, "shares")
    return FixedShares(values, names)


@dataclass(frozen=True)
class _Form:
    required: frozenset[str]
    optional: frozenset[str]
    build: Callable[..., Distribution]
    tables: frozenset[str] = frozenset()


def _form(required: str, build, optional: str = "", tables: str = "") -> _Form:
    return _Form(
        frozenset(required.split()), frozenset(optional.split()), build, frozenset(tables.split())
    )


CATALOGUE: dict[str, tuple[_Form, ...]] = {
    "fixed": (_form("value", Fixed), _form("shares", _fixed_shares, tables="shares")),
    "uniform": (_form("low high", Uniform),),
    "triangular": (_form("low mode high", Triangular),),
    "pert": (_form("low mode high", Pert, optional="shape"),),
    "normal": (
        _form("mean sd", _normal, optional="low high"),
        _form("mean cv", _normal_by_cv, optional="low high"),
    ),
    "lognormal": (_form("mu sigma", LogNormal), _form("mean cv", _lognormal_by_mean)),
    "gamma": (_form("shape scale", Gamma), _form("mean cv", _gamma_by_mean)),
    "beta": (
        _form("a b", Beta),
        _form("mean n", _beta_by_mean),
        _form("k n", _beta_by_counts),
    ),
    "dirichlet": (
        _form("alpha", _dirichlet_by_alpha, tables="alpha"),
        _form("counts", _dirichlet_by_counts, optional="prior", tables="counts"),
    ),
}
"""Distribution families by config name, each with its accepted sets of keys."""


def observed_value(family: str, arguments: Mapping[str, Any]) -> float | tuple[float, ...] | None:
    """The value the data show, for a distribution built from counts; else ``None``.

    A Beta from ``k`` of ``n`` dossiers has the observed share ``k / n`` (its mean
    ``(k + 0.5) / (n + 1)`` adds the Jeffreys prior); a Dirichlet from ``counts`` has the
    observed shares ``counts / sum(counts)``. The difference is the "dossier prior" step
    of :func:`mkba_mc.bridge.bridge`. Call after :func:`from_config` has validated the
    arguments.
    """
    if family == "beta" and set(arguments) == {"k", "n"}:
        return float(arguments["k"]) / float(arguments["n"])
    if family == "dirichlet" and "counts" in arguments:
        counts = [float(v) for v in arguments["counts"].values()]
        total = sum(counts)
        return tuple(c / total for c in counts) if total > 0 else None
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _too_large(value: float) -> str:
    return f"must lie within ±{MAX_MAGNITUDE:g} (the limit), got {value:.6g}"


def _signature(form: _Form) -> str:
    text = ", ".join(sorted(form.required))
    if form.optional:
        text += " [" + ", ".join(sorted(form.optional)) + "]"
    return text


def from_config(family: str, arguments: Mapping[str, Any]) -> Distribution:
    """Build a distribution from its config name and arguments.

    Parameters
    ----------
    family
        A key of :data:`CATALOGUE`, such as ``"beta"``.
    arguments
        The keys of the config table other than ``dist``, e.g. ``{"mean": 0.8, "n": 50}``.

    Raises
    ------
    DistributionError
        With ``key`` naming the argument at fault (``None`` when the set of keys matches no
        parameterisation of the family).
    """
    if family not in CATALOGUE:
        raise DistributionError(
            "dist", f"unknown distribution {family!r} (one of: {', '.join(CATALOGUE)})"
        )
    keys = frozenset(arguments)
    options = " | ".join(_signature(f) for f in CATALOGUE[family])
    known = frozenset().union(*(f.required | f.optional for f in CATALOGUE[family]))
    for key in (k for k in arguments if k not in known):  # the first, as written
        raise DistributionError(
            key, f"unknown key for a {family} distribution (it takes {options})"
        )
    for form in CATALOGUE[family]:
        if form.required <= keys <= form.required | form.optional:
            break
    else:
        raise DistributionError(
            None,
            f"{family} takes the keys {options}; got {', '.join(sorted(keys)) or 'none'}",
        )
    for key, value in arguments.items():
        if key in form.tables:
            continue
        _require(_is_number(value), key, f"must be a number, got {value!r}")
        _require(math.isfinite(value), key, f"must be a finite number, got {value!r}")
        _require(abs(value) <= MAX_MAGNITUDE, key, _too_large(value))
    return form.build(**{k: (v if k in form.tables else float(v)) for k, v in arguments.items()})
