"""The investment-risk view: who pays and who gains, downside risk, payback.

A controller asks what the municipality itself risks by funding a route, not only what
society gains. This module answers that from a run:

* :func:`stakeholder_balances` and :func:`business_case`: each stakeholder's balance,
  the benefits that land with it minus the costs it pays (the config's ``payer``; the
  municipality by default), beside the societal balance: the *gemeentelijke business
  case* beside the *maatschappelijke business case*, with the chance that each recovers
  its investment;
* :func:`downside_risk` and :func:`risk_profile`: value-at-risk (VaR), expected
  shortfall (ES) and the chance of a loss beyond a limit, per client or per year of
  intakes (:func:`year_of_intakes`: a run whose cohort is that year's clients, so the
  yearly spread includes client chance);
* :func:`payback`: the cumulative (discounted) net cash flow per year after the intake
  and the distribution of the payback year, for a study with a time profile.

Conventions. A balance is benefits − costs (euros; positive is a gain). The *cases*
(dim ``case``) are ``"societal"`` (all benefits against all costs), each stakeholder's
own balance (benefits allocated to it at its share, SPEC 2.5, minus the costs it pays),
and, where the study has a municipality, ``"municipality_partly"``: the municipal
business case under the reading in which every benefit stream that touches the
municipality counts whole (the reading of Regioplan 2020's "84%", an upper bound; see
:func:`mkba_mc.decision.municipality_share`). The stakeholders' own balances add up to
the societal balance.

Downside measures at level α (5%, 10%) of a balance X, with the loss L = −X:

* VaR_α = −q_α(X), with q_α the lower α-quantile of the draws (``inverted_cdf``: the
  ⌈α n⌉-th smallest draw): the loss exceeded with probability at most α; a negative
  VaR is a gain even in the worst α of the draws;
* ES_α = −(1/α) E[X 1{X ≤ q_α}] with the tie at q_α weighted so that exactly the worst
  α of the probability counts (Acerbi and Tasche 2002): the mean loss in the worst α of
  the draws. For ``n`` draws: ``−(sum of the k = ⌊α n⌋ smallest + (α n − k) × the next)
  / (α n)``.

Monte Carlo standard errors: of a mean, ``sd / sqrt(n)``; of a probability,
``sqrt(p (1 - p) / n)``; of VaR, :func:`mkba_mc.analysis.quantile_se`; of ES, the
asymptotic variance ``(Var(X | X ≤ q) + (1 − α)(q − E[X | X ≤ q])²) / (n α)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr

from .arms import arms_of
from .decision import INTAKES_PER_YEAR, MUNICIPALITY
from .mcse import prob_se, quantile_se
from .model import evaluate
from .sampling import BLOCK_SIZE, block_stream, sample_parameters
from .simulation import RunSettings, cost_payers, simulate
from .spec import Cohort, Study

__all__ = [
    "LEVELS",
    "PARTLY",
    "PAYBACK_YEARS",
    "RISK_DRAWS",
    "SOCIETAL",
    "InvestmentRisk",
    "business_case",
    "downside_risk",
    "expected_shortfall",
    "has_time_profile",
    "investment_risk",
    "loss_probability",
    "payback",
    "risk_profile",
    "stakeholder_balances",
    "value_at_risk",
    "year_of_intakes",
]

LEVELS = (0.05, 0.10)
"""Default levels α of value-at-risk and expected shortfall: the worst 5% and 10%."""

PAYBACK_YEARS = (1, 2, 3, 5)
"""Years after the intake for which :func:`payback` gives P(paid back within)."""

SOCIETAL = "societal"
"""The case of all benefits against all costs (*maatschappelijke business case*)."""

PARTLY = f"{MUNICIPALITY}_partly"
"""The municipal case with every stream that touches the municipality counted whole."""

RISK_DRAWS = 200_000
"""The most draws :func:`investment_risk` uses (the run's first ones): enough for the 5%
tail to within a few euros per client, and memory bounded whatever the run's size."""

Per = Literal["client", "year"]


# --------------------------------------------------------------------------- balances


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
    if MUNICIPALITY in [str(h) for h in ds["stakeholder"].values]:
        partly = stakeholder_balances(ds, "partly").sel(stakeholder=MUNICIPALITY, drop=True)
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
            else bool(pays.sel(stakeholder=MUNICIPALITY if c == PARTLY else c) > 0)
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
        ``"municipality_partly"``; see the module notes): ``mean`` with ``mc_se``,
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


# --------------------------------------------------------------------------- downside risk


def _check_level(level: float) -> float:
    if not (isinstance(level, int | float) and 0 < level < 1):
        raise ValueError(f"a risk level must lie strictly between 0 and 1, got {level!r}")
    return float(level)


def value_at_risk(x: np.ndarray, level: float = 0.05) -> tuple[float, float]:
    """Value-at-risk of a balance: the loss exceeded in at most ``level`` of the draws.

    Parameters
    ----------
    x
        Balances (euros; positive is a gain), one per independent draw.
    level
        α, e.g. 0.05 for the worst 5%.

    Returns
    -------
    tuple of float
        ``(VaR, mcse)``: ``VaR = −q_α`` with ``q_α`` the ⌈α n⌉-th smallest draw, and its
        Monte Carlo standard error (:func:`mkba_mc.analysis.quantile_se`).
    """
    level = _check_level(level)
    ordered = np.sort(np.asarray(x, dtype=float).ravel())
    if ordered.size == 0:
        raise ValueError("value-at-risk needs at least one draw")
    q = float(np.quantile(ordered, level, method="inverted_cdf"))
    return -q, quantile_se(ordered, level)


def expected_shortfall(x: np.ndarray, level: float = 0.05) -> tuple[float, float]:
    """Expected shortfall of a balance: the mean loss in the worst ``level`` of the draws.

    Parameters
    ----------
    x
        Balances (euros; positive is a gain), one per independent draw.
    level
        α, e.g. 0.05 for the worst 5%.

    Returns
    -------
    tuple of float
        ``(ES, mcse)``: ``ES = −(sum of the k = ⌊α n⌋ smallest draws + (α n − k) × the
        (k + 1)-th) / (α n)`` (exact for a sample that is the whole distribution, each
        draw weighing 1/n), and its asymptotic Monte Carlo standard error
        ``sqrt((Var(X | X ≤ q) + (1 − α)(q − ES-mean)²) / (n α))``.
    """
    level = _check_level(level)
    ordered = np.sort(np.asarray(x, dtype=float).ravel())
    n = ordered.size
    if n == 0:
        raise ValueError("expected shortfall needs at least one draw")
    tail = level * n
    k = min(int(math.floor(tail)), n - 1)
    weights = np.zeros(n)
    weights[:k] = 1.0
    weights[k] = tail - k
    tail_mean = float(weights @ ordered / tail)
    q = float(np.quantile(ordered, level, method="inverted_cdf"))
    worst = ordered[: max(k, 1)]
    if n < 2 or worst.size < 2:
        return -tail_mean, math.nan
    var = float(np.var(worst, ddof=1)) + (1 - level) * (q - tail_mean) ** 2
    return -tail_mean, math.sqrt(var / tail)


def loss_probability(x: np.ndarray, limit: float) -> tuple[float, float]:
    """P(loss worse than ``limit``) = P(balance < −limit), with its MCSE.

    Parameters
    ----------
    x
        Balances (euros), one per independent draw.
    limit
        A loss in euros (positive: a loss; 0: any loss at all).
    """
    if not (isinstance(limit, int | float) and math.isfinite(limit)):
        raise ValueError(f"a loss limit must be a finite amount in euros, got {limit!r}")
    x = np.asarray(x, dtype=float).ravel()
    p = float((x < -limit).mean())
    return p, prob_se(p, x.size)


def downside_risk(
    ds: xr.Dataset,
    levels: Sequence[float] = LEVELS,
    loss_limits: Sequence[float] = (),
    per: Per = "client",
) -> xr.Dataset:
    """VaR, expected shortfall and P(loss beyond a limit) of every case, per arm and
    against the baseline.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`), or a year of intakes (:func:`year_of_intakes`)
        with ``per="year"``.
    levels
        Risk levels α (default 5% and 10%).
    loss_limits
        Losses in euros (per client or per year, as ``per``) whose chance of being
        exceeded is reported.
    per
        ``"client"`` or ``"year"`` (euros per year of the run's cohort of intakes).

    Returns
    -------
    xarray.Dataset
        Over ``arm``, ``case`` and ``level``: ``var``, ``var_se``, ``es``, ``es_se``;
        over ``arm``, ``case`` and ``limit``: ``p_loss``, ``p_loss_se``; and each with
        the prefix ``delta_`` for the arm minus the baseline (missing for the baseline).
        Euros per client or per year (``per``); a negative VaR or ES is a gain.
    """
    levels = [_check_level(level) for level in levels]
    limits = [float(limit) for limit in loss_limits]
    for limit in limits:
        if not math.isfinite(limit):
            raise ValueError(f"a loss limit must be a finite amount in euros, got {limit!r}")
    scale = _scale(ds, per)
    cases = _cases(ds)
    values = cases.values * scale
    base = arms_of(ds).baseline_index
    n_arms, n_cases = values.shape[1:]
    out: dict[str, tuple] = {}
    for prefix, x in (("", values), ("delta_", values - values[:, base : base + 1])):
        risk = np.full((4, n_arms, n_cases, len(levels)), np.nan)
        loss = np.full((2, n_arms, n_cases, len(limits)), np.nan)
        for a in range(n_arms):
            if prefix and a == base:
                continue
            for c in range(n_cases):
                for j, level in enumerate(levels):
                    risk[0:2, a, c, j] = value_at_risk(x[:, a, c], level)
                    risk[2:4, a, c, j] = expected_shortfall(x[:, a, c], level)
                for j, limit in enumerate(limits):
                    loss[:, a, c, j] = loss_probability(x[:, a, c], limit)
        money = {"units": f"EUR per {per}"}
        for i, key in enumerate(("var", "var_se", "es", "es_se")):
            out[prefix + key] = (("arm", "case", "level"), risk[i], money)
        for i, key in enumerate(("p_loss", "p_loss_se")):
            out[prefix + key] = (("arm", "case", "limit"), loss[i], {"units": "1"})
    return xr.Dataset(
        out,
        coords={
            "arm": ds["arm"].values,
            "case": cases["case"].values,
            "level": levels,
            "limit": limits,
        },
        attrs={
            "baseline": str(ds.attrs["baseline"]),
            "draws": values.shape[0],
            "per": per,
            "scale": scale,
        },
    )


def risk_profile(
    ds: xr.Dataset, case: str = MUNICIPALITY, per: Per = "client", points: int = 201
) -> xr.Dataset:
    """The risk profile of one case: its balance at each cumulative probability.

    Read as a curve, ``(balance, probability)`` is the cumulative distribution (the
    *risk profile*: the chance that the balance is at most this); ``(−balance,
    probability)`` is the exceedance curve of the loss (the chance of losing more).

    Parameters
    ----------
    ds
        A run, or a year of intakes (:func:`year_of_intakes`) with ``per="year"``.
    case
        ``"societal"``, a stakeholder, or ``"municipality_partly"``.
    per
        ``"client"`` or ``"year"``.
    points
        Probabilities on the curve, evenly spaced from 0 to 1.

    Returns
    -------
    xarray.Dataset
        Over ``probability`` and ``arm``: ``balance`` (the lower quantile of the draws at
        that probability, ``inverted_cdf``) and ``delta`` (arm minus baseline; missing
        for the baseline). Euros per client or per year.
    """
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ValueError(f"points must be a whole number of at least 2, got {points!r}")
    cases = _cases(ds)
    names = [str(c) for c in cases["case"].values]
    if case not in names:
        raise ValueError(f"case must be one of {', '.join(names)}, got {case!r}")
    scale = _scale(ds, per)
    x = cases.sel(case=case).transpose("draw", "arm").values * scale
    base = arms_of(ds).baseline_index
    grid = np.linspace(0.0, 1.0, points)
    balance = np.quantile(x, grid, axis=0, method="inverted_cdf")
    delta = np.quantile(x - x[:, base : base + 1], grid, axis=0, method="inverted_cdf")
    delta[:, base] = np.nan
    units = {"units": f"EUR per {per}"}
    return xr.Dataset(
        {
            "balance": (("probability", "arm"), balance, units),
            "delta": (("probability", "arm"), delta, units),
        },
        coords={"probability": grid, "arm": ds["arm"].values},
        attrs={"case": case, "per": per, "scale": scale, "baseline": str(ds.attrs["baseline"])},
    )


def year_of_intakes(
    study: Study,
    intakes: int = INTAKES_PER_YEAR,
    draws: int | None = None,
    seed: int | None = None,
    *,
    workers: int = 1,
) -> xr.Dataset:
    """A run of one year's clients: ``intakes`` clients per arm sampled in every draw.

    Each draw samples the parameters (as any run with that seed: the same parameter
    draws) and then that year's clients given them, so a yearly figure's spread holds both
    parameter uncertainty and client chance. Pass the result to :func:`business_case`,
    :func:`downside_risk` or :func:`risk_profile` with ``per="year"``.

    Parameters
    ----------
    study
        The study.
    intakes
        Intakes a year per arm (default 3,000, The Hague; Regioplan 2020).
    draws, seed
        As :func:`mkba_mc.simulate` (default: the study's).
    workers
        Threads; does not change the result.
    """
    if isinstance(intakes, bool) or not isinstance(intakes, int | np.integer) or intakes < 1:
        raise ValueError(f"intakes must be a positive whole number, got {intakes!r}")
    return simulate(study, draws=draws, seed=seed, cohort=int(intakes), workers=workers)


# --------------------------------------------------------------------------- payback


def has_time_profile(study: Study) -> bool:
    """Whether the study says when its amounts fall (a ``timing`` on some item)."""
    return any(item.timing is not None for item in (*study.costs, *study.benefits))


def _last_year(study: Study) -> float:
    """Years after the intake by which every amount has accrued."""
    ends = [0.0]
    delay = max(study.outcomes.delay.values(), default=0.0)
    for items, extra in ((study.costs, 0.0), (study.benefits, delay)):
        for item in items:
            if item.timing is not None:
                ends.append(item.timing.start + item.timing.years + extra)
    return max(ends)


def payback(
    study: Study,
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    within: Sequence[int] = PAYBACK_YEARS,
) -> xr.Dataset:
    """Cumulative net cash flow per year after the intake, and when it is paid back.

    The model is evaluated on the run's own draws (same seed, same parameters and clients
    as :func:`mkba_mc.simulate`) counting only what has accrued by each whole year after
    the intake, discounted to the intake where the study discounts
    (:func:`mkba_mc.model.accrued_value_factor`). At the last year every amount has
    accrued, so the cumulative flow equals the run's balance.

    Parameters
    ----------
    study
        A study with a time profile (:func:`has_time_profile`), e.g. the set
        ``regioplan2020_discounted.toml``.
    draws, seed, cohort
        As :func:`mkba_mc.simulate` (default: the study's).
    within
        Whole years for which P(paid back within that many years) is given.

    Returns
    -------
    xarray.Dataset
        Over ``year`` (0, 1, ... up to the year by which everything has accrued, at least
        ``max(within)``), ``arm`` and ``case``: ``mean``, ``q05``, ``q95`` of the
        cumulative net cash flow (euros per client), and ``delta_mean``, ``delta_q05``,
        ``delta_q95`` for the arm minus the baseline. Over ``within``, ``arm``, ``case``:
        ``p_paid_back`` with ``_se`` and ``delta_p_paid_back`` with ``_se``. Over
        ``year``, ``arm``, ``case``: ``p_payback_year`` (and ``delta_``), the distribution
        of the payback year; ``p_never`` (and ``delta_``) over ``arm``, ``case``.

    Notes
    -----
    The payback year of a draw is the first whole year from which the cumulative net
    cash flow stays at or above zero up to the last year; a draw whose flow ends below
    zero is never paid back. Cases that pay no cost are missing from the probabilities.
    Memory: ``draws × years × arms × cases`` floats.

    Raises
    ------
    ValueError
        If the study has no time profile: payback needs one.
    """
    if not has_time_profile(study):
        raise ValueError(
            "payback needs a time profile: give the costs and benefits a timing "
            "(see configs/README.md)"
        )
    within = sorted({int(w) for w in within})
    if not within or within[0] < 0:
        raise ValueError(f"within must be non-negative whole years, got {within!r}")
    settings = RunSettings.resolve(study, draws, seed, cohort)
    years = np.arange(0, max(math.ceil(_last_year(study)), within[-1]) + 1)
    holders = list(study.stakeholders)
    payers = cost_payers(study)
    partly = MUNICIPALITY in holders
    if partly:
        touches = np.zeros(len(study.benefits))
        for s, item in enumerate(study.benefits):
            touches[s] = any(t.stakeholders.get(MUNICIPALITY, 0) > 0 for t in item.terms)
    names = [SOCIETAL, *holders, *([PARTLY] if partly else [])]
    n = settings.draws
    flow = np.empty((n, len(years), len(study.arms), len(names)))
    for block in range(math.ceil(n / BLOCK_SIZE)):
        start = block * BLOCK_SIZE
        stop = min(start + BLOCK_SIZE, n)
        values = sample_parameters(study, settings.seed, block)
        for y, year in enumerate(years):
            out = evaluate(
                study,
                values,
                settings.cohort,
                lambda arm, block=block: block_stream(settings.seed, block, "cohort", arm),
                horizon=float(year),
            )
            paid = out.cost @ payers
            parts = [
                (out.total_benefit - out.investment)[..., None],
                out.benefit_by_stakeholder - paid,
            ]
            if partly:
                m = holders.index(MUNICIPALITY)
                parts.append((out.benefit @ touches - paid[..., m])[..., None])
            flow[start:stop, y] = np.concatenate(parts, axis=-1)[: stop - start]
    invests = np.array([True, *(payers[:, h].sum() > 0 for h in range(len(holders)))])
    if partly:
        invests = np.append(invests, invests[1 + holders.index(MUNICIPALITY)])
    base = study.arm_names.index(study.baseline)
    result: dict[str, tuple] = {}
    for prefix, x in (("", flow), ("delta_", flow - flow[:, :, base : base + 1])):
        stats = {
            "mean": x.mean(axis=0),
            "q05": np.quantile(x, 0.05, axis=0),
            "q95": np.quantile(x, 0.95, axis=0),
        }
        stays = np.logical_and.accumulate((x >= 0)[:, ::-1], axis=1)[:, ::-1]
        paid_back = stays.any(axis=1)
        first = np.where(paid_back, np.argmax(stays, axis=1), len(years))
        by_year = np.stack([(first == y).mean(axis=0) for y in range(len(years))])
        p_within = np.stack([(first <= years.searchsorted(w)).mean(axis=0) for w in within])
        never = 1.0 - paid_back.mean(axis=0)
        mask = np.where(invests, 1.0, np.nan)
        probs = {
            "p_paid_back": (("within", "arm", "case"), p_within * mask),
            "p_paid_back_se": (
                ("within", "arm", "case"),
                np.sqrt(p_within * (1 - p_within) / n) * mask,
            ),
            "p_payback_year": (("year", "arm", "case"), by_year * mask),
            "p_never": (("arm", "case"), never * mask),
        }
        for key, value in stats.items():
            value = value.copy()
            if prefix:
                value[:, base] = np.nan
            result[prefix + key] = (("year", "arm", "case"), value, {"units": "EUR per client"})
        for key, (dims, value) in probs.items():
            value = value.copy()
            if prefix:
                value[..., base, :] = np.nan
            result[prefix + key] = (dims, value, {"units": "1"})
    return xr.Dataset(
        result,
        coords={"year": years, "within": within, "arm": list(study.arm_names), "case": names},
        attrs={
            "baseline": study.baseline,
            "draws": n,
            "seed": int(settings.seed),
            "cohort": str(settings.cohort),
            "discount_rate": 0.0 if study.discounting is None else study.discounting.rate,
        },
    )


# --------------------------------------------------------------------------- one plan


@dataclass(frozen=True)
class InvestmentRisk:
    """The investment-risk view of a run, as ``mkba-mc run`` prints it and the report
    shows it (:func:`investment_risk`).

    ``per_client`` and ``per_year`` are :func:`business_case` per client and per year of
    ``intakes``; ``downside_client`` and ``downside_year`` :func:`downside_risk` (with
    the loss limits per year or per client, as ``loss_per``); ``profile`` the
    :func:`risk_profile` of the municipality's yearly balance (or the societal one where
    the study has no municipality); ``payback`` :func:`payback`, ``None`` without a time
    profile. ``draws`` is the number of the run's draws used.
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
    *,
    workers: int = 1,
) -> InvestmentRisk:
    """Everything the investment-risk view shows, from one run and its study.

    Uses the run's first ``min(draws, RISK_DRAWS)`` draws: per client from the run
    itself; per year from :func:`year_of_intakes` with the same seed (the same parameter
    draws, and ``intakes`` clients sampled per arm); payback from :func:`payback` with the
    run's seed and cohort, where the study has a time profile.

    Parameters
    ----------
    study
        The run's study.
    ds
        The run (:func:`mkba_mc.simulate`, or a results file opened from disk).
    intakes
        Intakes a year per arm (default 3,000).
    loss_limits
        Losses in euros whose chance of being exceeded is reported (``loss_per``:
        per year of intakes, the default, or per client).
    workers
        Threads for the year of intakes; does not change the result.
    """
    if loss_per not in ("year", "client"):
        raise ValueError(f"loss_per must be 'year' or 'client', got {loss_per!r}")
    draws = min(int(ds.sizes["draw"]), RISK_DRAWS)
    seed = int(ds.attrs["seed"])
    cohort = str(ds.attrs.get("cohort", "expected"))
    run = ds.isel(draw=slice(0, draws)).load()
    year = year_of_intakes(study, intakes, draws=draws, seed=seed, workers=workers)
    holders = [str(h) for h in run["stakeholder"].values]
    limits = {"client": (), "year": ()} | {loss_per: tuple(loss_limits)}
    return InvestmentRisk(
        per_client=business_case(run),
        per_year=business_case(year, per="year"),
        downside_client=downside_risk(run, loss_limits=limits["client"]),
        downside_year=downside_risk(year, loss_limits=limits["year"], per="year"),
        profile=risk_profile(
            year, MUNICIPALITY if MUNICIPALITY in holders else SOCIETAL, per="year"
        ),
        payback=payback(study, draws, seed, cohort if cohort == "expected" else int(cohort))
        if has_time_profile(study)
        else None,
        intakes=int(intakes),
        draws=draws,
        loss_per=loss_per,
    )
