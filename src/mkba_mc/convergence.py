"""Convergence of a run: running Monte Carlo estimates along the draws, and when they settle."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from .arms import arms_of
from .limits import whole_number

__all__ = ["convergence"]


def _checkpoints(n: int, points: int) -> np.ndarray:
    """About ``points`` draw counts from 1 to ``n``, evenly spaced on a log scale."""
    counts = np.unique(np.round(np.geomspace(1, n, max(points, 2))).astype(np.int64))
    return counts if counts[-1] == n else np.append(counts, n)


def _stable_after(running: np.ndarray, tolerance: float) -> np.ndarray:
    """Per column: the smallest draw count from which on every running estimate stays
    within ``tolerance`` of the final one (1 if it always does)."""
    off = np.abs(running - running[-1]) > tolerance
    last_off = running.shape[0] - 1 - np.argmax(off[::-1], axis=0)  # 0-based index
    return np.where(off.any(axis=0), last_off + 2, 1)


def convergence(
    ds: xr.Dataset,
    tolerance: float = 0.01,
    balance_tolerance: float = 10.0,
    points: int = 400,
) -> xr.Dataset:
    """Running Monte Carlo estimates along the draws, and when they settle.

    The running estimate after ``m`` draws uses draws ``0 .. m-1`` of the run (draws are
    independent, so their order is as good as any other).

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    tolerance
        For P(arm beats baseline): an absolute difference in probability (default 0.01,
        one percentage point).
    balance_tolerance
        For the mean balance of each arm: euros per client (default €10).
    points
        About how many draw counts the returned running curves hold (log-spaced, always
        including 1 and the full run). The stable counts are computed on every draw.

    Returns
    -------
    xarray.Dataset
        Over ``n_draws`` (the thinned draw counts) and ``arm``:
        ``p_beats_baseline`` with ``p_beats_baseline_se`` (``sqrt(p (1 - p) / m)``; missing
        for the baseline) and ``mean_balance`` with ``mean_balance_se`` (running
        ``sd / sqrt(m)``; NaN at one draw), euros per client. Over ``arm``:
        ``p_stable_after`` and ``balance_stable_after``: the smallest number of draws
        ``m*`` such that for every ``m ≥ m*`` the running estimate lies within the
        tolerance of the estimate from all draws. A value close to the run's draws
        means the estimate has not settled: run more draws.

    Notes
    -----
    Memory is a few arrays of ``draws × arms`` floats (16 MB each for 10^6 draws and two
    arms); only the thinned curves are returned.
    """
    for name, value in (("tolerance", tolerance), ("balance_tolerance", balance_tolerance)):
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive number, got {value!r}")
    whole_number(points, "points", 2)
    run = arms_of(ds)
    n = run.draws
    base = run.baseline_index
    balance = run.matrix("balance")
    m = np.arange(1, n + 1, dtype=float)[:, None]

    final = balance.mean(axis=0)
    centred = balance - final  # centring keeps the running variance accurate
    s1 = np.cumsum(centred, axis=0)
    running_mean = final + s1 / m
    with np.errstate(divide="ignore", invalid="ignore"):
        running_var = (np.cumsum(centred**2, axis=0) - s1**2 / m) / (m - 1)
        mean_se = np.sqrt(np.maximum(running_var, 0.0) / m)
    mean_se[0] = np.nan
    del centred, s1, running_var

    wins = np.cumsum(balance > balance[:, base : base + 1], axis=0)
    running_p = wins / m
    del wins
    p_se = np.sqrt(running_p * (1 - running_p) / m)

    p_stable = _stable_after(running_p, tolerance).astype(float)
    balance_stable = _stable_after(running_mean, balance_tolerance)
    p_stable[base] = np.nan

    keep = _checkpoints(n, points) - 1
    running_p, p_se = running_p[keep], p_se[keep]
    running_p[:, base] = np.nan
    p_se[:, base] = np.nan
    dims = ("n_draws", "arm")
    return xr.Dataset(
        {
            "p_beats_baseline": (dims, running_p, {"units": "1"}),
            "p_beats_baseline_se": (dims, p_se, {"units": "1"}),
            "mean_balance": (dims, running_mean[keep], {"units": "EUR per client"}),
            "mean_balance_se": (dims, mean_se[keep], {"units": "EUR per client"}),
            "p_stable_after": ("arm", p_stable, {"units": "draws", "tolerance": tolerance}),
            "balance_stable_after": (
                "arm",
                balance_stable,
                {"units": "draws", "tolerance": balance_tolerance},
            ),
        },
        coords={"n_draws": keep + 1, "arm": ds["arm"].values},
        attrs={
            "baseline": ds.attrs["baseline"],
            "draws": n,
            "tolerance": tolerance,
            "balance_tolerance": balance_tolerance,
        },
    )
