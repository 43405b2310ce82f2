"""The investment-risk view of a run in one object: business cases, downside risk,
risk profile and payback (:func:`investment_risk`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import xarray as xr

from ..decision import INTAKES_PER_YEAR
from ..simulation import RunSettings
from ..spec import Study
from .cases import Per
from .stream import RiskOptions, reduce_dataset, risk_view

__all__ = ["InvestmentRisk", "investment_risk"]


@dataclass(frozen=True)
class InvestmentRisk:
    """The investment-risk view of a run, as ``mkba-mc run`` prints it and the report
    shows it (:func:`investment_risk`).

    ``per_client`` and ``per_year`` are :func:`business_case` per client and per year of
    ``intakes``; ``downside_client`` and ``downside_year`` :func:`downside_risk` (with
    the loss limits per year or per client, as ``loss_per``); ``profile`` the
    :func:`risk_profile` of the municipality's yearly balance (or the societal one where
    the study has no municipality); ``payback`` :func:`payback`, ``None`` without a time
    profile. ``draws`` is the number of the run's draws used: all of them.
    """

    per_client: xr.Dataset
    per_year: xr.Dataset
    downside_client: xr.Dataset
    downside_year: xr.Dataset
    profile: xr.Dataset
    payback: xr.Dataset | None
    intakes: int
    draws: int
    loss_per: Per

    def tables(self) -> dict[str, pd.DataFrame]:
        """The view as flat tables (one row per arm and case, and per level, limit, year
        or payback horizon), named for an Excel sheet or a CSV file: ``business_case``
        (per client and per year, column ``per``), ``downside`` (VaR and ES, column
        ``per``), ``loss_limits``, and with a time profile ``cash_flow`` (per year after
        the intake) and ``payback`` (P(paid back within), and P(never) on every row)."""
        per = {"client": self.per_client, "year": self.per_year}
        out = {
            "business_case": pd.concat(
                [_flat(ds).assign(per=key) for key, ds in per.items()], ignore_index=True
            ),
            "downside": pd.concat(
                [
                    _flat(ds[[v for v in ds.data_vars if "level" in ds[v].dims]]).assign(per=key)
                    for key, ds in (("client", self.downside_client), ("year", self.downside_year))
                ],
                ignore_index=True,
            ),
        }
        limits = self.downside_year if self.loss_per == "year" else self.downside_client
        if limits.sizes["limit"]:
            names = [v for v in limits.data_vars if "limit" in limits[v].dims]
            out["loss_limits"] = _flat(limits[names]).assign(per=self.loss_per)
        if self.payback is not None:
            pay = self.payback
            flows = [v for v in pay.data_vars if pay[v].dims == ("year", "arm", "case")]
            flows = [v for v in flows if "p_payback_year" not in v]
            out["cash_flow"] = _flat(pay[flows])
            within = [v for v in pay.data_vars if "within" in pay[v].dims]
            out["payback"] = _flat(pay[[*within, "p_never", "delta_p_never"]])
        return out


def _flat(ds: xr.Dataset) -> pd.DataFrame:
    """A Dataset of aligned variables as one table, its dims as the leading columns."""
    return ds.to_dataframe().reset_index()


def investment_risk(
    study: Study,
    ds: xr.Dataset,
    intakes: int = INTAKES_PER_YEAR,
    loss_limits: Sequence[float] = (),
    loss_per: Per = "year",
) -> InvestmentRisk:
    """Everything the investment-risk view shows, from one run and its study.

    The run is reduced a block at a time, over all its draws, by the reduction
    ``mkba-mc run`` applies to its blocks as they stream (:mod:`mkba_mc.risk.stream`,
    whose notes state its error against :func:`business_case`, :func:`downside_risk`,
    :func:`risk_profile` and :func:`payback`): per client from the run itself; per year
    from the run's parameter draws with ``intakes`` clients sampled per arm (as
    :func:`year_of_intakes` with the same seed); payback from the run's draws, where the
    study has a time profile. Memory is bounded by a block.

    Parameters
    ----------
    study
        The run's study.
    ds
        The run (:func:`mkba_mc.simulate`, or a results folder opened from disk), all
        its draws from the first.
    intakes
        Intakes a year per arm (default 3,000).
    loss_limits
        Losses in euros whose chance of being exceeded is reported (``loss_per``:
        per year of intakes, the default, or per client).
    """
    options = RiskOptions(int(intakes), tuple(loss_limits), loss_per)
    cohort = str(ds.attrs.get("cohort", "expected"))
    settings = RunSettings(
        draws=int(ds.sizes["draw"]),
        seed=int(ds.attrs["seed"]),
        cohort=cohort if cohort == "expected" else int(cohort),
        risk=options,
    )
    reduction, n = reduce_dataset(study, ds, settings)
    return risk_view(study, reduction, n, settings.seed, cohort)
