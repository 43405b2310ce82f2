"""Summaries of a run: means, quantiles, probabilities, each with its Monte Carlo error.

All functions take the :class:`xarray.Dataset` of :func:`mkba_mc.simulate` (or one opened
from its netCDF file) and return new objects; nothing is stored on the run.

Monte Carlo standard errors (MCSE): of a mean, ``sd / sqrt(n)``; of a probability,
``sqrt(p (1 - p) / n)``; of a quantile, from the order statistics that bound its 95%
binomial interval (half that interval's width over 1.96). Draws are independent, so no
correction for autocorrelation is needed. A run with a Latin hypercube or Sobol' design
(attribute ``sampling``) has dependent draws: :func:`summarize` then gives the errors of
its means and probabilities from the spread between blocks, each an independent
randomisation (:func:`mkba_mc.designs.randomised_se`); quantile errors keep the
order-statistic bound, which for these designs is conservative.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import xarray as xr

from .arms import arms_of
from .designs import randomised_se
from .mcse import describe, mean_se, prob_se, quantile_label, quantile_se

__all__ = [
    "HEADLINE",
    "mean_se",
    "pairwise",
    "prob_best",
    "prob_beats_baseline",
    "prob_positive",
    "quantile_se",
    "summarize",
    "versus_baseline",
]

HEADLINE = ("investment", "total_benefit", "balance", "bcr")
"""The per-arm measures a summary reports (euros per client; bcr is a ratio)."""


def versus_baseline(ds: xr.Dataset, variable: str = "balance") -> xr.DataArray:
    """Each non-baseline arm minus the baseline, per draw (dims ``draw``, ``arm``):
    ``ds.mkba.versus(variable)`` (:class:`mkba_mc.arms.RunArms`)."""
    return arms_of(ds).versus(variable)


def prob_positive(values: xr.DataArray) -> xr.Dataset:
    """P(value > 0) over draws, with its Monte Carlo standard error."""
    n = values.sizes["draw"]
    p = (values > 0).mean("draw")
    se = np.sqrt(p * (1 - p) / n) if n > 1 else xr.full_like(p, math.nan)
    return xr.Dataset({"probability": p, "mc_se": se})


def prob_beats_baseline(ds: xr.Dataset) -> xr.Dataset:
    """P(balance of each arm > balance of the baseline), with its MCSE.

    For the default study this is P(Klantreis beats FIG-route): the share of draws in
    which the Klantreis' balance per client exceeds the FIG-route's.
    """
    return prob_positive(versus_baseline(ds, "balance"))


def _describe(x: np.ndarray, quantiles: Sequence[float]) -> dict[str, float]:
    """:func:`mkba_mc.mcse.describe` of one sample's finite draws (NaN when none is)."""
    x = np.asarray(x, dtype=float)
    finite = x[np.isfinite(x)]
    if finite.size == 0:  # undefined in every draw: a cost-benefit ratio without costs
        labels = [quantile_label(q) for q in quantiles]
        return dict.fromkeys(["mean", "mean_se", *labels, *(f"{q}_se" for q in labels)], np.nan)
    return {key: float(value[0]) for key, value in describe(finite[:, None], quantiles).items()}


def summarize(ds: xr.Dataset, quantiles: Sequence[float] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
    """The answer of a run per arm and for each arm against the baseline.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    quantiles
        Quantiles to report besides the mean (the median is labelled ``median``).

    Returns
    -------
    pandas.DataFrame
        One row per (arm, measure), with ``versus`` empty for an arm's own figures and
        naming the baseline for differences (arm minus baseline). Columns: ``mean``,
        ``mean_se``, each quantile and its ``_se``, and ``p_positive`` with
        ``p_positive_se``: P(balance > 0) for an arm, P(arm beats baseline) for the
        balance difference. Euros per client; ``bcr`` is the benefit-cost ratio.
    """
    for q in quantiles:
        if not 0 < q < 1:
            raise ValueError(f"quantiles must lie strictly between 0 and 1, got {q}")
    n = ds.sizes["draw"]
    run = arms_of(ds)
    baseline, others = run.baseline, run.others
    design = ds.attrs.get("sampling", "random") != "random"

    def randomised(row: dict, x: np.ndarray) -> dict:
        """The row with the errors of a design run from its independent randomisations."""
        if design:
            row["mean_se"] = randomised_se(np.where(np.isfinite(x), x, np.nan))
            if "p_positive" in row:
                row["p_positive_se"] = randomised_se((x > 0).astype(float))
        return row

    rows = []
    for arm in ds["arm"].values:
        for measure in HEADLINE:
            x = ds[measure].sel(arm=arm).values
            row = {"arm": str(arm), "versus": "", "measure": measure, **_describe(x, quantiles)}
            if measure == "balance":
                p = float((x > 0).mean())
                row.update(p_positive=p, p_positive_se=prob_se(p, n))
            rows.append(randomised(row, x))
    for measure in HEADLINE[:3]:
        diff = versus_baseline(ds, measure)
        for arm in others:
            x = diff.sel(arm=arm).values
            row = {"arm": arm, "versus": baseline, "measure": measure, **_describe(x, quantiles)}
            if measure == "balance":
                p = float((x > 0).mean())
                row.update(p_positive=p, p_positive_se=prob_se(p, n))
            rows.append(randomised(row, x))
    return pd.DataFrame(rows)


def pairwise(ds: xr.Dataset, quantiles: Sequence[float] = (0.05, 0.95)) -> pd.DataFrame:
    """Every pair of arms side by side: the later arm (in the config's order) minus the
    earlier one, for the balance per client.

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``arm``, ``versus``, ``mean`` and ``mean_se`` of the difference in
        balance (euros per client), its quantiles, and ``p_beats`` with ``p_beats_se``:
        P(balance of ``arm`` > balance of ``versus``).
    """
    arms = [str(a) for a in ds["arm"].values]
    n = ds.sizes["draw"]
    balance = ds["balance"]
    rows = []
    for i, versus in enumerate(arms):
        for arm in arms[i + 1 :]:
            x = (balance.sel(arm=arm) - balance.sel(arm=versus)).values
            p = float((x > 0).mean())
            rows.append(
                {
                    "arm": arm,
                    "versus": versus,
                    **_describe(x, quantiles),
                    "p_beats": p,
                    "p_beats_se": prob_se(p, n),
                }
            )
    return pd.DataFrame(rows)


def prob_best(ds: xr.Dataset) -> pd.DataFrame:
    """P(each arm has the highest balance of all arms), with its Monte Carlo standard error.

    Draws in which arms tie share the draw equally, so the probabilities add up to 1.

    Returns
    -------
    pandas.DataFrame
        One row per arm: ``arm``, ``p_best``, ``p_best_se``.
    """
    balance = ds["balance"].transpose("draw", "arm").values
    n = balance.shape[0]
    top = balance == balance.max(axis=1, keepdims=True)
    weights = top / top.sum(axis=1, keepdims=True)
    p = weights.mean(axis=0)
    se = (
        np.sqrt(np.maximum((weights**2).mean(axis=0) - p**2, 0.0) / (n - 1))
        if n > 1
        else p * np.nan
    )
    return pd.DataFrame({"arm": [str(a) for a in ds["arm"].values], "p_best": p, "p_best_se": se})
