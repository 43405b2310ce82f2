"""Distributions from config tables: each family's parameterisations (``beta`` by
``a, b``, by ``mean, n`` or by ``k, n``; ``gamma`` by ``shape, scale`` or by ``mean, cv``;
...), picked by the keys present, with every argument checked."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..limits import MAX_MAGNITUDE, MIN_CONCENTRATION, MIN_CV
from .base import Distribution, DistributionError, fmt, require
from .scalar import Beta, Fixed, Gamma, LogNormal, Normal, Pert, Triangular, Uniform
from .vector import Dirichlet, FixedShares

__all__ = ["CATALOGUE", "from_config", "observed_value"]

Number = float


def _beta_by_mean(mean: Number, n: Number) -> Beta:
    require(0 < mean < 1, "mean", f"must lie strictly between 0 and 1, got {fmt(mean)}")
    require(n > 0, "n", "pseudo-sample size must be positive")
    smallest = min(mean, 1 - mean) * n
    require(
        smallest >= MIN_CONCENTRATION,
        "n",
        f"gives a concentration n·min(mean, 1 − mean) of {fmt(smallest)}; it must be at "
        f"least {MIN_CONCENTRATION:g} (the limit)",
    )
    return Beta(mean * n, (1 - mean) * n)


def _beta_by_counts(k: Number, n: Number) -> Beta:
    require(n > 0, "n", f"must be positive, got {fmt(n)}")
    require(0 <= k <= n, "k", f"must lie in [0, n] = [0, {fmt(n)}], got {fmt(k)}")
    return Beta(k + 0.5, n - k + 0.5)


def _cv(cv: Number) -> None:
    require(cv > 0, "cv", f"coefficient of variation must be positive, got {fmt(cv)}")
    require(
        cv >= MIN_CV,
        "cv",
        f"coefficient of variation must be at least {MIN_CV:g} (the limit; use "
        f'dist = "fixed" for a known value), got {fmt(cv)}',
    )


def _gamma_by_mean(mean: Number, cv: Number) -> Gamma:
    require(mean > 0, "mean", f"must be positive, got {fmt(mean)}")
    _cv(cv)
    largest = 1 / math.sqrt(MIN_CONCENTRATION)
    require(
        cv <= largest,
        "cv",
        f"must be at most {largest:g} (the limit: the shape 1/cv² at least "
        f"{MIN_CONCENTRATION:g}), got {fmt(cv)}",
    )
    return Gamma(1.0 / cv**2, mean * cv**2)


def _lognormal_by_mean(mean: Number, cv: Number) -> LogNormal:
    require(mean > 0, "mean", f"must be positive, got {fmt(mean)}")
    _cv(cv)
    sigma2 = math.log1p(cv**2)
    return LogNormal(math.log(mean) - 0.5 * sigma2, math.sqrt(sigma2))


def _normal(mean: Number, sd: Number, low: Number = -math.inf, high: Number = math.inf):
    return Normal(mean, sd, low, high)


def _normal_by_cv(mean: Number, cv: Number, low: Number = -math.inf, high: Number = math.inf):
    _cv(cv)
    require(mean != 0, "mean", "must not be zero when given with a cv")
    return Normal(mean, abs(mean) * cv, low, high)


def _components(table: Mapping[str, Any], key: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    require(isinstance(table, Mapping), key, "must be a table of component = number")
    values = []
    for name, value in table.items():
        require(_is_number(value), f"{key}.{name}", f"must be a number, got {value!r}")
        require(math.isfinite(value), f"{key}.{name}", f"must be a finite number, got {value!r}")
        require(abs(value) <= MAX_MAGNITUDE, f"{key}.{name}", _too_large(value))
        values.append(float(value))
    return tuple(table), tuple(values)


def _dirichlet_by_alpha(alpha: Mapping[str, Any]) -> Dirichlet:
    names, values = _components(alpha, "alpha")
    return Dirichlet(values, names)


def _dirichlet_by_counts(counts: Mapping[str, Any], prior: Number = 0.5) -> Dirichlet:
    names, values = _components(counts, "counts")
    require(all(v >= 0 for v in values), "counts", "counts must not be negative")
    require(prior >= 0, "prior", "must not be negative")
    require(
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
        require(_is_number(value), key, f"must be a number, got {value!r}")
        require(math.isfinite(value), key, f"must be a finite number, got {value!r}")
        require(abs(value) <= MAX_MAGNITUDE, key, _too_large(value))
    return form.build(**{k: (v if k in form.tables else float(v)) for k, v in arguments.items()})
