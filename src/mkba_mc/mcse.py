"""Monte Carlo standard errors and bootstrap resampling, for every analysis of a run.

Standard errors (MCSE), for ``n`` independent draws:

* of a mean: ``sd / sqrt(n)`` (:func:`mean_se`);
* of a probability: ``sqrt(p (1 - p) / n)`` (:func:`prob_se`), or with ties shared between
  arms the sample variance of the per-draw weights (:func:`weighted_prob_se`);
* of a quantile: half the width of its distribution-free 95% interval, from the order
  statistics at ``n q ± 1.96 sqrt(n q (1 - q))``, over 1.96 (:func:`quantile_se`);
* of a ratio of means: the delta method (:func:`ratio_se`).

Bootstrap resamples are drawn as counts (how often each draw appears in a resample,
:func:`resample_counts`), so a whole batch of resamples is one matrix product, and
summarised by :func:`bootstrap_summary`.

Randomness: every function that draws takes ``rng`` (:data:`Rng`); ``None`` means the
seed of the study or run being analysed (:func:`generator`), so the same study and seed
give the same result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = [
    "Rng",
    "bootstrap_summary",
    "describe",
    "generator",
    "mean_se",
    "prob_se",
    "quantile_label",
    "quantile_se",
    "ratio_se",
    "resample_counts",
    "weighted_prob_se",
]

Rng = np.random.Generator | int | np.random.SeedSequence | None
"""A random generator, or a seed for one; ``None`` takes the study's (or run's) seed."""

_Z95 = 1.959963984540054


def generator(rng: Rng, seed: int) -> np.random.Generator:
    """The generator ``rng`` stands for: itself, one seeded by it, or with ``None`` one
    seeded by ``seed`` (the study's or run's seed)."""
    return np.random.default_rng(seed if rng is None else rng)


def mean_se(x: np.ndarray, axis: int | None = None) -> float | np.ndarray:
    """MCSE of the mean of independent draws (NaN with fewer than two draws).

    With ``axis=None`` ``x`` is one sample and the result a float; otherwise the means are
    taken along ``axis`` and the result is an array.
    """
    x = np.asarray(x, dtype=float)
    if axis is None:
        if x.size < 2:
            return math.nan
        return float(np.std(x, ddof=1) / math.sqrt(x.size))
    n = x.shape[axis]
    if n < 2:
        return np.full(np.delete(x.shape, axis), np.nan)
    return np.std(x, axis=axis, ddof=1) / math.sqrt(n)


def ratio_se(x: np.ndarray, y: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """Delta-method MCSE of ``mean(x) / mean(y)`` along axis 0 (``ratio`` broadcast)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return mean_se(x - ratio * y, axis=0) / np.abs(y.mean(axis=0))


def prob_se(p: float, n: int) -> float:
    """MCSE of a probability estimated from ``n`` independent draws."""
    return math.sqrt(p * (1.0 - p) / n) if n > 1 else math.nan


def weighted_prob_se(weights_mean: np.ndarray, squares_mean: np.ndarray, n: int) -> np.ndarray:
    """MCSE of a probability from the mean of per-draw weights and of their squares
    (weights below one share a tie between arms)."""
    if n < 2:
        return np.full(np.shape(weights_mean), np.nan)
    return np.sqrt(np.maximum(squares_mean - weights_mean**2, 0.0) / n)


def quantile_se(sorted_x: np.ndarray, q: float) -> float:
    """MCSE of the ``q`` quantile of sorted independent draws.

    Uses the order statistics at ``n q ± 1.96 sqrt(n q (1 - q))`` (a distribution-free 95%
    interval for the quantile) and returns half its width divided by 1.96.
    """
    n = sorted_x.size
    if n < 2:
        return math.nan
    half = _Z95 * math.sqrt(n * q * (1.0 - q))
    lo = min(max(math.floor(n * q - half), 0), n - 1)
    hi = min(max(math.ceil(n * q + half), 0), n - 1)
    return float((sorted_x[hi] - sorted_x[lo]) / (2 * _Z95))


def quantile_label(q: float) -> str:
    """The column of a quantile in every table: ``median`` for 0.5, else ``q05``, ``q95``..."""
    return "median" if q == 0.5 else f"q{100 * q:02g}"


def describe(x: np.ndarray, quantiles: Sequence[float]) -> dict[str, np.ndarray]:
    """Per column of draws ``(draw, k)``: the mean, its MCSE (``mean_se``) and each
    quantile with its MCSE (``q05``, ``q05_se``, ..., :func:`quantile_label`).

    The draws must be finite; a caller with undefined draws (a cost-benefit ratio
    without costs) leaves them out first.
    """
    x = np.asarray(x, dtype=float)
    ordered = np.sort(x, axis=0)
    out = {"mean": x.mean(axis=0), "mean_se": mean_se(x, axis=0)}
    for q in quantiles:
        label = quantile_label(q)
        out[label] = np.quantile(ordered, q, axis=0)
        out[f"{label}_se"] = np.array([quantile_se(ordered[:, j], q) for j in range(x.shape[1])])
    return out


def resample_counts(rng: np.random.Generator, resamples: int, n: int) -> np.ndarray:
    """How often each of ``n`` draws appears in each bootstrap resample: ``(resamples, n)``."""
    picks = rng.integers(0, n, size=(resamples, n))
    flat = (picks + n * np.arange(resamples)[:, None]).ravel()
    return np.bincount(flat, minlength=resamples * n).reshape(resamples, n)


def bootstrap_summary(
    point: np.ndarray, boot: np.ndarray, confidence_level: float
) -> dict[str, np.ndarray]:
    """An estimate with its bootstrap standard error and percentile interval.

    Parameters
    ----------
    point
        The estimate on the sample itself.
    boot
        The estimate on each resample, resamples along axis 0.
    confidence_level
        Of the percentile interval.

    Returns
    -------
    dict
        ``value``, ``se`` (standard deviation of the resampled estimates), ``low`` and
        ``high`` (their ``(1 ± level) / 2`` quantiles).
    """
    alpha = (1 - confidence_level) / 2
    low, high = np.quantile(boot, [alpha, 1 - alpha], axis=0)
    return {"value": point, "se": boot.std(axis=0, ddof=1), "low": low, "high": high}
