"""Payback: the cumulative (discounted) net cash flow per year after the intake, and the
distribution of the payback year, for a study with a time profile."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import xarray as xr

from ..model import evaluate
from ..sampling import BLOCK_SIZE, block_stream, sample_parameters
from ..simulation import RunSettings, cost_payers
from ..spec import Cohort, Study
from .cases import PARTLY, SOCIETAL

__all__ = [
    "PAYBACK_YEARS",
    "block_flows",
    "case_invests",
    "case_names",
    "has_time_profile",
    "payback",
    "payback_years",
]

PAYBACK_YEARS = (1, 2, 3, 5)
"""Years after the intake for which :func:`payback` gives P(paid back within)."""


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
    years = payback_years(study, within)
    flow, names, invests = _cash_flows(study, settings, years)
    base = study.arm_names.index(study.baseline)
    result = _summaries(flow, years, within, invests, base)
    return xr.Dataset(
        result,
        coords={"year": years, "within": within, "arm": list(study.arm_names), "case": names},
        attrs={
            "baseline": study.baseline,
            "draws": settings.draws,
            "seed": int(settings.seed),
            "cohort": str(settings.cohort),
            "discount_rate": 0.0 if study.discounting is None else study.discounting.rate,
        },
    )


def payback_years(study: Study, within: Sequence[int] = PAYBACK_YEARS) -> np.ndarray:
    """Whole years after the intake at which :func:`payback` takes the cumulative flow: 0,
    1, ... up to the year by which everything has accrued, at least ``max(within)``."""
    return np.arange(0, max(math.ceil(_last_year(study)), max(within)) + 1)


def case_names(study: Study) -> list[str]:
    """The cases of a run, in order: societal, each stakeholder, and the payer's "partly"
    case where the payer is a stakeholder."""
    holders = list(study.stakeholders)
    return [SOCIETAL, *holders, *([PARTLY] if study.payer in holders else [])]


def case_invests(study: Study) -> np.ndarray:
    """Per case (:func:`case_names`): whether it pays any cost."""
    holders = list(study.stakeholders)
    payers = cost_payers(study)
    invests = np.array([True, *(payers[:, h].sum() > 0 for h in range(len(holders)))])
    if study.payer in holders:
        invests = np.append(invests, invests[1 + holders.index(study.payer)])
    return invests


def block_flows(
    study: Study,
    settings: RunSettings,
    block: int,
    values: dict[str, np.ndarray],
    years: np.ndarray,
) -> np.ndarray:
    """The cumulative balance of every case by each year, for one whole block of the
    run's parameter ``values`` (``BLOCK_SIZE`` draws; a sampled cohort draws its clients
    from the block's own streams, as in the run): ``(draw, year, arm, case)``."""
    holders = list(study.stakeholders)
    payers = cost_payers(study)
    partly = study.payer in holders
    if partly:
        touches = np.zeros(len(study.benefits))
        for s, item in enumerate(study.benefits):
            touches[s] = any(t.stakeholders.get(study.payer, 0) > 0 for t in item.terms)
    flows = []
    for year in years:
        out = evaluate(
            study,
            values,
            settings.cohort,
            lambda arm: block_stream(settings.seed, block, "cohort", arm),
            horizon=float(year),
        )
        paid = out.cost @ payers
        parts = [(out.total_benefit - out.investment)[..., None], out.benefit_by_stakeholder - paid]
        if partly:
            m = holders.index(study.payer)
            parts.append((out.benefit @ touches - paid[..., m])[..., None])
        flows.append(np.concatenate(parts, axis=-1))
    return np.stack(flows, axis=1)


def _cash_flows(
    study: Study, settings: RunSettings, years: np.ndarray
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """The cumulative balance of every case by each year: ``(draw, year, arm, case)``,
    evaluated block by block on the run's own draws; with the cases' names and whether
    each pays any cost."""
    names = case_names(study)
    n = settings.draws
    flow = np.empty((n, len(years), len(study.arms), len(names)))
    for block in range(math.ceil(n / BLOCK_SIZE)):
        start = block * BLOCK_SIZE
        stop = min(start + BLOCK_SIZE, n)
        values = sample_parameters(study, settings.seed, block)
        flow[start:stop] = block_flows(study, settings, block, values, years)[: stop - start]
    return flow, names, case_invests(study)


def payback_probabilities(
    p_within: np.ndarray, by_year: np.ndarray, never: np.ndarray, invests: np.ndarray, n: int
) -> dict[str, tuple]:
    """The probability variables of :func:`payback` (dims and values), NaN for a case
    that invests nothing: P(paid back within each horizon) with its MCSE, P(paid back in
    each year) and P(never) (``n`` draws)."""
    mask = np.where(invests, 1.0, np.nan)
    return {
        "p_paid_back": (("within", "arm", "case"), p_within * mask),
        "p_paid_back_se": (
            ("within", "arm", "case"),
            np.sqrt(p_within * (1 - p_within) / n) * mask,
        ),
        "p_payback_year": (("year", "arm", "case"), by_year * mask),
        "p_never": (("arm", "case"), never * mask),
    }


def _summaries(
    flow: np.ndarray, years: np.ndarray, within: list[int], invests: np.ndarray, base: int
) -> dict[str, tuple]:
    """The variables of :func:`payback` from the cash flows, for each arm and against the
    baseline (``delta_``; missing for the baseline itself)."""
    n = flow.shape[0]
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
        probs = payback_probabilities(p_within, by_year, never, invests, n)
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
    return result
