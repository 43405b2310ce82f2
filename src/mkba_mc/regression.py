"""Regression of the net benefit on an input group, for the EVPPI (:func:`mkba_mc.voi.evppi`).

``E(incremental net benefit | group)`` is estimated by least squares on the run's own
draws (Strong, Oakley and Brennan 2014) in a basis of the group's standardised inputs
(:data:`BASES`), the basis chosen by leave-one-out error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["BASES", "Fit", "fit_basis", "regress"]


def _standardise(x: np.ndarray) -> np.ndarray:
    sd = x.std(axis=0)
    keep = sd > 0
    return (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]


def _pairs(z: np.ndarray) -> list[np.ndarray]:
    c = z.shape[1]
    return [z[:, i] * z[:, j] for i in range(c) for j in range(i + 1, c)]


def _natural_spline(x: np.ndarray, knots: int = 5) -> list[np.ndarray]:
    """The nonlinear part of a natural cubic spline basis of ``x`` (Hastie, Tibshirani and
    Friedman 2009, eq. 5.4-5.5), knots at quantiles from 5% to 95%."""
    xi = np.unique(np.quantile(x, np.linspace(0.05, 0.95, knots)))
    if len(xi) < 3:
        return []

    def d(k):
        return (np.maximum(x - xi[k], 0) ** 3 - np.maximum(x - xi[-1], 0) ** 3) / (xi[-1] - xi[k])

    last = d(len(xi) - 2)
    return [d(k) - last for k in range(len(xi) - 2)]


def _linear(z: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(len(z)), z])


def _quadratic(z: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(len(z)), z, z**2, *_pairs(z)])


def _spline(z: np.ndarray) -> np.ndarray:
    splines = [f for i in range(z.shape[1]) for f in _natural_spline(z[:, i])]
    return np.column_stack([np.ones(len(z)), z, *splines, *_pairs(z)])


BASES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": _linear,
    "quadratic": _quadratic,
    "spline": _spline,
}
"""Regression bases for ``E(incremental net benefit | group)``, on standardised inputs:
``linear``; ``quadratic`` (squares and pairwise products); ``spline`` (a natural cubic
spline of each input, GAM-like, plus pairwise products). ``basis="auto"`` picks the one
with the smallest leave-one-out prediction error."""

_MAX_TERMS = 600

_RANK_TOLERANCE = 1e-6
"""Pivots of the QR decomposition below this share of the largest mark directions of the
design that the draws do not determine (relative singular values below about 1e-6)."""


@dataclass(frozen=True)
class Fit:
    """A least-squares fit of targets ``(n, targets)`` in one basis (:func:`fit_basis`):
    the basis's name and number of terms, an orthonormal basis ``q`` of its column space
    (kept for the bootstrap's Newton step ``Q Qᵀ``), the fitted values and residuals, and
    per target the R² and the leave-one-out R²."""

    basis: str
    terms: int
    q: np.ndarray  # orthonormal basis of the design's column space, (n, rank)
    fitted: np.ndarray  # (n, targets)
    residual: np.ndarray  # (n, targets)
    r2: np.ndarray  # (targets,)
    cv_r2: np.ndarray  # (targets,)


def fit_basis(design: np.ndarray, y: np.ndarray, basis: str) -> Fit:
    """Least squares through an orthonormal basis of the design's column space, from a
    QR decomposition with column pivoting of the column-scaled design
    (:func:`scipy.linalg.qr`), dropping directions the data do not determine (a pivot
    below :data:`_RANK_TOLERANCE` of the largest); leave-one-out errors from the leverages."""
    from scipy import linalg  # slow to import: only when a regression is fitted

    scale = np.linalg.norm(design, axis=0)
    scale[scale == 0] = 1.0
    design = design / scale
    q, r, _ = linalg.qr(design, mode="economic", pivoting=True)
    pivots = np.abs(np.diag(r))
    q = q[:, pivots > pivots[0] * _RANK_TOLERANCE]
    fitted = q @ (q.T @ y)
    residual = y - fitted
    leverage = np.einsum("ij,ij->i", q, q)
    centred = y - y.mean(axis=0)
    total = np.einsum("ij,ij->j", centred, centred)
    with np.errstate(divide="ignore", invalid="ignore"):
        loo = residual / (1.0 - leverage)[:, None]
        r2 = 1.0 - np.einsum("ij,ij->j", residual, residual) / total
        cv_r2 = 1.0 - np.einsum("ij,ij->j", loo, loo) / total
    return Fit(basis, design.shape[1], q, fitted, residual, r2, cv_r2)


def regress(x: np.ndarray, y: np.ndarray, basis: str) -> Fit:
    """Fit ``y`` on a basis of the group's inputs ``x``; ``auto`` picks by leave-one-out error."""
    z = _standardise(x)
    n = len(z)
    names = list(BASES) if basis == "auto" else [basis]
    fits = []
    for name in names:
        c = z.shape[1]
        terms = {
            "linear": 1 + c,
            "quadratic": 1 + 2 * c + c * (c - 1) // 2,
            "spline": 1 + 4 * c + c * (c - 1) // 2,
        }[name]
        if basis == "auto" and name != "linear" and terms > min(_MAX_TERMS, n // 20):
            continue
        fits.append(fit_basis(BASES[name](z), y, name))
    # Targets whose variance the group leaves untouched have r2 = NaN: count them as zero.
    return max(fits, key=lambda f: float(np.nan_to_num(f.cv_r2, nan=0.0).sum()))
