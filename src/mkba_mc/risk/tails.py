"""Downside risk of the business cases: value-at-risk, expected shortfall, the chance of
a loss beyond a limit, and the risk profile, per client or per year of intakes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import xarray as xr

from ..arms import arms_of
from ..decision import INTAKES_PER_YEAR, payer
from ..limits import whole_number
from ..mcse import prob_se, quantile_se
from ..simulation import simulate
from ..spec import Study
from .cases import SOCIETAL, Per, _cases, _scale

__all__ = [
    "LEVELS",
    "downside_risk",
    "expected_shortfall",
    "loss_probability",
    "risk_profile",
    "value_at_risk",
    "year_of_intakes",
]

LEVELS = (0.05, 0.10)
"""Default levels α of value-at-risk and expected shortfall: the worst 5% and 10%."""


def _check_level(level: float) -> float:
    if not (isinstance(level, int | float) and 0 < level < 1):
        raise ValueError(f"a risk level must lie strictly between 0 and 1, got {level!r}")
    return float(level)


def _sorted(x: np.ndarray) -> np.ndarray:
    """The draws in ascending order; draws already sorted (as :func:`downside_risk` passes
    them, once for every level) are not sorted again."""
    values = np.asarray(x, dtype=float).ravel()
    return values if bool(np.all(values[1:] >= values[:-1])) else np.sort(values)


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
    ordered = _sorted(x)
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
    ordered = _sorted(x)
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


def downside_variables(prefix: str, risk: np.ndarray, loss: np.ndarray, per: str) -> dict:
    """The variables of :func:`downside_risk` from its stacked arrays: ``risk`` (VaR,
    its MCSE, ES, its MCSE; by arm, case and level) and ``loss`` (P(loss beyond the
    limit) and its MCSE; by arm, case and limit), named with ``prefix``."""
    out = {}
    money = {"units": f"EUR per {per}"}
    for i, key in enumerate(("var", "var_se", "es", "es_se")):
        out[prefix + key] = (("arm", "case", "level"), risk[i], money)
    for i, key in enumerate(("p_loss", "p_loss_se")):
        out[prefix + key] = (("arm", "case", "limit"), loss[i], {"units": "1"})
    return out


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
                column = np.sort(x[:, a, c])  # once for every level
                for j, level in enumerate(levels):
                    risk[0:2, a, c, j] = value_at_risk(column, level)
                    risk[2:4, a, c, j] = expected_shortfall(column, level)
                for j, limit in enumerate(limits):
                    loss[:, a, c, j] = loss_probability(x[:, a, c], limit)
        out.update(downside_variables(prefix, risk, loss, per))
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
    ds: xr.Dataset, case: str | None = None, per: Per = "client", points: int = 201
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
        ``"societal"``, a stakeholder, or ``"payer_partly"``; ``None``: the
        payer's own business case (:func:`mkba_mc.decision.payer`), else the societal one.
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
    whole_number(points, "points", 2)
    cases = _cases(ds)
    names = [str(c) for c in cases["case"].values]
    if case is None:
        case = payer(ds) or SOCIETAL
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
    whole_number(intakes, "intakes", 1)
    return simulate(study, draws=draws, seed=seed, cohort=int(intakes), workers=workers)
