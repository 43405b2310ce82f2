"""The business cases of a run: society's balance and each stakeholder's own, and the
chance that each recovers its investment (*maatschappelijke* beside *gemeentelijke
business case*)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import xarray as xr

from ..arms import arms_of
from ..decision import payer
from ..mcse import quantile_se

__all__ = ["PARTLY", "SOCIETAL", "Per", "business_case", "stakeholder_balances"]

SOCIETAL = "societal"
"""The case of all benefits against all costs (*maatschappelijke business case*)."""

PARTLY = "payer_partly"
"""The payer's case with every stream that touches the payer counted whole."""

Per = Literal["client", "year"]
"""Per client, or per year of a cohort of intakes."""


def _payers(ds: xr.Dataset) -> xr.DataArray:
    if "cost_payer" not in ds:
        raise ValueError(
            "the run has no cost_payer (who pays which cost); rerun it with this version"
        )
    return ds["cost_payer"].astype(float)


def stakeholder_balances(
    ds: xr.Dataset, reading: Literal["strict", "partly"] = "strict"
) -> xr.DataArray:
    """Each stakeholder's own balance per draw: its benefits minus the costs it pays.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    reading
        ``"strict"``: the benefits allocated to the stakeholder (a term split between
        stakeholders counts at its share); the balances then add up to the societal
        balance. ``"partly"``: every benefit stream that touches the stakeholder in any
        of its terms counts whole (an upper bound; the balances overlap).

    Returns
    -------
    xarray.DataArray
        Dims ``draw``, ``arm``, ``stakeholder``; euros per client.
    """
    if reading not in ("strict", "partly"):
        raise ValueError(f"reading must be 'strict' or 'partly', got {reading!r}")
    paid = xr.dot(ds["cost"], _payers(ds), dim="component")
    if reading == "strict":
        benefit = ds["benefit_by_stakeholder"]
    else:
        benefit = xr.dot(ds["benefit"], ds["stream_stakeholder"].astype(float), dim="stream")
    out = (benefit - paid).transpose("draw", "arm", "stakeholder")
    out.attrs = {"units": "EUR per client", "long_name": f"stakeholder's balance ({reading})"}
    return out.rename("stakeholder_balance")


def _cases(ds: xr.Dataset) -> xr.DataArray:
    """The balance of every case per draw: dims ``draw``, ``arm``, ``case``."""
    holders = stakeholder_balances(ds).rename(stakeholder="case")
    parts = [ds["balance"].expand_dims(case=[SOCIETAL], axis=-1), holders]
    who = payer(ds)
    if who is not None:
        partly = stakeholder_balances(ds, "partly").sel(stakeholder=who, drop=True)
        parts.append(partly.expand_dims(case=[PARTLY], axis=-1))
    drop = [c for c in ("stakeholder_label",) if c in holders.coords]
    cases = xr.concat([p.drop_vars(drop, errors="ignore") for p in parts], dim="case")
    return cases.transpose("draw", "arm", "case")


def _invests(ds: xr.Dataset, cases: Sequence[str]) -> np.ndarray:
    """Per case: whether it pays any cost (only then "recovering its investment" and
    "payback" mean something)."""
    pays = _payers(ds).sum("component")
    return np.array(
        [
            True
            if c == SOCIETAL
            else bool(pays.sel(stakeholder=payer(ds) if c == PARTLY else c) > 0)
            for c in cases
        ]
    )


def _scale(ds: xr.Dataset, per: Per) -> float:
    """Euros per client (1) or per year of the run's cohort of intakes."""
    if per == "client":
        return 1.0
    if per != "year":
        raise ValueError(f"per must be 'client' or 'year', got {per!r}")
    cohort = str(ds.attrs.get("cohort", "expected"))
    if not cohort.isdigit():
        raise ValueError(
            "per='year' needs a run of one year's clients (a finite cohort): "
            "use year_of_intakes(study, intakes)"
        )
    return float(cohort)


def business_case(ds: xr.Dataset, per: Per = "client") -> xr.Dataset:
    """The balance of society and of each stakeholder, per arm and against the baseline.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`), or a year of intakes (:func:`year_of_intakes`)
        with ``per="year"``.
    per
        ``"client"``: euros per client; ``"year"``: euros per year of the run's cohort of
        intakes (needs a finite cohort).

    Returns
    -------
    xarray.Dataset
        Over ``arm`` and ``case`` (``"societal"``, each stakeholder, and
        ``"payer_partly"``; see the module notes): ``mean`` with ``mc_se``,
        ``q05`` and ``q95`` with ``_se``, ``p_recover`` with ``p_recover_se``
        (P(balance > 0): the chance that the case recovers its investment; missing for a
        stakeholder that pays no cost), and the same with the prefix ``delta_`` for each
        arm minus the baseline (missing for the baseline itself).
    """
    scale = _scale(ds, per)
    cases = _cases(ds)
    names = [str(c) for c in cases["case"].values]
    invests = _invests(ds, names)
    values = cases.values * scale
    n = values.shape[0]
    base = arms_of(ds).baseline_index
    out: dict[str, tuple] = {}
    for prefix, x in (("", values), ("delta_", values - values[:, base : base + 1])):
        ordered = np.sort(x, axis=0)
        stats = {
            "mean": x.mean(axis=0),
            "mc_se": x.std(axis=0, ddof=1) / math.sqrt(n)
            if n > 1
            else np.full(x.shape[1:], np.nan),
        }
        for q in (0.05, 0.95):
            label = f"q{100 * q:02.0f}"
            stats[label] = np.quantile(ordered, q, axis=0)
            stats[f"{label}_se"] = np.apply_along_axis(
                lambda col, q=q: quantile_se(col, q), 0, ordered
            )
        p = (x > 0).mean(axis=0)
        stats["p_recover"] = np.where(invests, p, np.nan)
        stats["p_recover_se"] = np.where(invests, np.sqrt(p * (1 - p) / n), np.nan)
        for key, value in stats.items():
            value = np.array(value, dtype=float)
            if prefix:
                value[base] = np.nan
            units = "1" if key.startswith("p_") else f"EUR per {per}"
            out[prefix + key] = (("arm", "case"), value, {"units": units})
    return xr.Dataset(
        out,
        coords={"arm": ds["arm"].values, "case": names},
        attrs={"baseline": str(ds.attrs["baseline"]), "draws": n, "per": per, "scale": scale},
    )
