"""Rank-based sensitivity from an ordinary run: Spearman's ρ and standardised rank regression."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from .inputs import groups_of, run_inputs, run_measures, sorted_rows

__all__ = ["RankIndices", "rank_indices"]


@dataclass(frozen=True)
class RankIndices:
    """Rank-based sensitivity from an ordinary run (:func:`rank_indices`).

    Attributes
    ----------
    table
        One row per (measure, input): ``arm``, ``versus``, ``measure``, ``input``,
        ``group``, ``spearman`` (Spearman's rank correlation with the measure) and its
        ``spearman_se``, ``srrc`` (standardised rank regression coefficient in the
        regression on every input) and ``rank_r2`` (share of the measure's rank variance
        explained by the input's ranks alone; ρ² for a scalar input). Vector inputs have
        ``rank_r2`` only. Sorted by ``rank_r2`` within each measure.
    groups
        One row per (measure, input group): ``rank_r2`` of the group's inputs together.
    fit
        One row per measure: ``r2``, the share of rank variance the regression on all
        inputs explains. Rank indices describe a model well when it is near 1.
    draws
        Draws of the run.
    """

    table: pd.DataFrame
    groups: pd.DataFrame
    fit: pd.DataFrame
    draws: int


def _standard_ranks(x: np.ndarray) -> np.ndarray:
    from scipy import stats  # slow to import: only when rank indices are asked

    r = stats.rankdata(x, axis=0)
    r -= r.mean(axis=0)
    sd = r.std(axis=0)
    return np.divide(r, sd, out=np.zeros_like(r), where=sd > 0)


def _r2(x: np.ndarray, y: np.ndarray) -> float:
    """Share of the variance of centred ``y`` explained by least squares on centred ``x``."""
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    return float(1.0 - resid @ resid / (y @ y)) if y @ y > 0 else math.nan


def rank_indices(ds: xr.Dataset) -> RankIndices:
    """Spearman correlations and standardised rank regression coefficients from a run.

    Every ``param_<name>`` of the run is an input (per arm for per-arm parameters); the
    measures are each arm's balance minus the baseline's and each arm's balance. Ranks are
    standardised; Spearman's ρ is their correlation, with the standard error of Bonett and
    Wright (2000), ``(1 − ρ²) sqrt((1 + ρ²/2) / (n − 3))``; the SRRC are the
    coefficients of the least-squares regression of the measure's ranks on all inputs'
    ranks (vector inputs enter with all but their last component, which the others
    determine). No model runs: use a run with the ``expected`` cohort to see parameter
    uncertainty alone. With correlated inputs (``[correlations]``) both stay valid as
    computed from the joint sample: Spearman's ρ then includes what an input shares with
    the inputs it is correlated with, and the SRRC split that shared part between them.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).

    Returns
    -------
    RankIndices
        Per input and per input group, with the regression's R² per measure.
    """
    n = ds.sizes["draw"]
    if n < 10:
        raise ValueError(f"rank indices need at least 10 draws, got {n}")
    columns = run_inputs(ds)
    if not columns:
        raise ValueError("the run holds no uncertain parameters (param_<name> variables)")
    ranks = [_standard_ranks(values) for _, values in columns]
    design = np.concatenate(ranks, axis=1)
    spans = np.cumsum([0] + [r.shape[1] for r in ranks])
    rows, group_rows, fit_rows = [], [], []
    groups = groups_of(item for item, _ in columns)
    index = {item: i for i, (item, _) in enumerate(columns)}
    for m, y in run_measures(ds):
        z = _standard_ranks(y)
        coef, *_ = np.linalg.lstsq(design, z, rcond=None)
        fit_rows.append(
            {"arm": m.arm, "versus": m.versus, "measure": m.label, "r2": _r2(design, z)}
        )
        for i, (item, _) in enumerate(columns):
            r = ranks[i]
            if item.vector:
                rho = se = srrc = math.nan
                r2 = _r2(r, z)
            else:
                rho = float(r[:, 0] @ z / n)
                se = (1 - rho**2) * math.sqrt((1 + rho**2 / 2) / (n - 3))
                srrc, r2 = float(coef[spans[i]]), rho**2
            rows.append(
                {
                    "arm": m.arm,
                    "versus": m.versus,
                    "measure": m.label,
                    "input": item.label,
                    "group": item.group,
                    "spearman": rho,
                    "spearman_se": se,
                    "srrc": srrc,
                    "rank_r2": r2,
                }
            )
        for group, members in groups.items():
            cols = np.concatenate([ranks[index[item]] for item in members], axis=1)
            group_rows.append(
                {
                    "arm": m.arm,
                    "versus": m.versus,
                    "measure": m.label,
                    "group": group,
                    "rank_r2": _r2(cols, z),
                }
            )
    labels = [row["measure"] for row in fit_rows]
    return RankIndices(
        table=sorted_rows(pd.DataFrame(rows), labels, ["rank_r2"]),
        groups=sorted_rows(pd.DataFrame(group_rows), labels, ["rank_r2"]),
        fit=pd.DataFrame(fit_rows),
        draws=n,
    )
