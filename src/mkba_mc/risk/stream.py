"""The investment-risk view reduced block by block, over all of a run's draws.

Each block of a run is reduced, where it was computed, to a :class:`RiskReduction`: per
arm and case (and against the baseline) the business case's count, mean and co-moment,
a quantile sketch (:class:`mkba_mc.streaming.QuantileSketch`), the draws above zero and
below each loss limit; per client from the run's own balances, per year from the block's
parameters evaluated again for a cohort of ``intakes`` clients per arm (the year of
intakes of :func:`mkba_mc.risk.year_of_intakes`: the same parameter draws, that year's
clients drawn from the block's own streams); and with a time profile, the cumulative
flow of every year after the intake (:func:`mkba_mc.risk.payback.block_flows`) and a
count of the draws paid back in each year. Reductions merge in block order, so the view
is bit-identical whatever executed the blocks. Memory is bounded by a block and the
sketches, whose size grows with the range of the values, not with the draws (about 50
MB for the 192 sketches of ``regioplan2020_discounted.toml`` at 200,000 draws, growing
slowly as rarer values widen the range).

Accuracy against the exact statistics of the same draws (:func:`business_case`,
:func:`downside_risk`, :func:`risk_profile`, :func:`payback`):

* means, their standard errors and every probability (recovering the investment, a loss
  beyond a limit, paid back within a year) are exact: sums and counts (means can differ
  in the last bits of a float);
* quantiles, value-at-risk and the risk profile come from the sketch: every order
  statistic within a relative error :data:`mkba_mc.streaming.RELATIVE_ERROR` (0.01%) of
  the exact one;
* expected shortfall counts every draw of the tail at its sketch bucket's value, which
  keeps the draws' order: within ``RELATIVE_ERROR`` times the mean magnitude of the tail
  of the exact one; its standard error within the same relative order.

The Monte Carlo error shrinks with the draws, the sketch's does not: for the default
study's yearly 5% value-at-risk of about €4 million, the sketch's bound is €400 and the
Monte Carlo standard error €4,300 at 10^5 draws, so the two are alike from about 10^7
draws on (then lower :data:`~mkba_mc.streaming.RELATIVE_ERROR`, or read the tail exactly
in a second pass over the regenerated blocks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from ..decision import INTAKES_PER_YEAR
from ..designs import sample_block
from ..limits import whole_number
from ..mcse import prob_se
from ..model import evaluate
from ..sampling import BLOCK_SIZE, block_stream
from ..simulation import RunSettings, cost_payers, stream_stakeholders
from ..spec import Study
from ..streaming import _Column
from .cases import SOCIETAL, Per
from .payback import (
    PAYBACK_YEARS,
    block_flows,
    case_invests,
    case_names,
    has_time_profile,
    payback_probabilities,
)
from .payback import payback_years as _payback_years
from .tails import LEVELS, _check_level, downside_variables

__all__ = ["RiskOptions", "RiskReduction", "reduce_dataset", "reduce_risk", "risk_view"]

_PREFIXES = ("", "delta_")
_PROFILE_POINTS = 201


@dataclass(frozen=True)
class RiskOptions:
    """What the investment-risk view of a run shows besides its draws.

    Attributes
    ----------
    intakes
        Intakes a year per arm for the yearly figures (default 3,000, The Hague).
    loss_limits
        Losses in euros whose chance of being exceeded is reported.
    loss_per
        ``"year"`` (default): the limits are per year of intakes; ``"client"``: per client.
    """

    intakes: int = INTAKES_PER_YEAR
    loss_limits: tuple[float, ...] = ()
    loss_per: Per = "year"

    def __post_init__(self) -> None:
        whole_number(self.intakes, "intakes", 1)
        if self.loss_per not in ("year", "client"):
            raise ValueError(f"loss_per must be 'year' or 'client', got {self.loss_per!r}")
        for limit in self.loss_limits:
            if not (isinstance(limit, int | float) and math.isfinite(limit)):
                raise ValueError(f"a loss limit must be a finite amount in euros, got {limit!r}")
        object.__setattr__(self, "loss_limits", tuple(float(x) for x in self.loss_limits))


@dataclass
class RiskReduction:
    """The risk view's reduction of some whole blocks; :meth:`merge` adds later blocks.

    ``columns`` are keyed ``(view, prefix, arm, case)`` with view ``"client"`` or
    ``"year"``, and ``("pay", year, prefix, arm, case)`` (indices) for the cumulative
    flow; ``losses`` counts the draws below each loss limit ``(prefix, arm, case,
    limit)``; ``paid_back`` the draws whose payback year is each year, the last being
    never, ``(prefix, year, arm, case)`` (``None`` without a time profile).
    """

    options: RiskOptions
    columns: dict[tuple, _Column]
    losses: np.ndarray
    paid_back: np.ndarray | None = field(default=None)

    def merge(self, other: RiskReduction) -> None:
        """Add the draws of ``other`` (of the blocks that follow)."""
        for key, column in self.columns.items():
            column.merge(other.columns[key])
        self.losses = self.losses + other.losses
        if self.paid_back is not None:
            self.paid_back = self.paid_back + other.paid_back


# --------------------------------------------------------------------------- one block


def _case_balances(
    study: Study,
    cost: np.ndarray,
    benefit: np.ndarray,
    by_stakeholder: np.ndarray,
    balance: np.ndarray,
) -> np.ndarray:
    """The balance of every case (:func:`case_names`) per draw: ``(draw, arm, case)``.

    Sums in a fixed order (no BLAS), so that a block gives the same bits in any process.
    """
    payers = cost_payers(study)
    paid = np.zeros(by_stakeholder.shape)
    for k, h in zip(*np.nonzero(payers), strict=True):  # the costs each holder pays a share of
        paid[..., h] += cost[..., k] * payers[k, h]
    parts = [balance[..., None], by_stakeholder - paid]
    holders = list(study.stakeholders)
    if study.payer in holders:
        m = holders.index(study.payer)
        touches = stream_stakeholders(study)[:, m].astype(bool)
        parts.append((benefit[..., touches].sum(axis=-1) - paid[..., m])[..., None])
    return np.concatenate(parts, axis=-1)


def _block_values(
    study: Study, settings: RunSettings, block: int, variables: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The block's parameters for all ``BLOCK_SIZE`` draws: those of ``variables``, and
    for a short last block the draws the run made after it (a sampled cohort's clients
    are drawn for the whole block at once, so its first draws depend on the rest)."""
    values = {name: variables[f"param_{name}"] for name in study.parameters}
    n = variables["balance"].shape[0]
    if n < BLOCK_SIZE:
        after = sample_block(study, settings.seed, block)
        values = {name: np.concatenate([v, after[name][n:]]) for name, v in values.items()}
    return values


def _year_balances(
    study: Study, settings: RunSettings, block: int, values: dict[str, np.ndarray], intakes: int
) -> np.ndarray:
    """The cases' balances per client of a year of ``intakes`` clients per arm: the run's
    parameters, that year's clients drawn from the block's streams (as
    :func:`mkba_mc.risk.year_of_intakes`)."""
    out = evaluate(
        study, values, intakes, lambda arm: block_stream(settings.seed, block, "cohort", arm)
    )
    balance = out.total_benefit - out.investment
    return _case_balances(study, out.cost, out.benefit, out.benefit_by_stakeholder, balance)


def _add_columns(columns: dict, key: tuple, x: np.ndarray, base: int) -> None:
    """Reduce each arm's and case's column of ``x`` (``(draw, arm, case)``), and each arm
    minus the baseline."""
    arms, cases = x.shape[1:]
    for a in range(arms):
        for c in range(cases):
            columns[(*key, "", a, c)] = _Column.of(x[:, a, c])
            if a != base:
                columns[(*key, "delta_", a, c)] = _Column.of(x[:, a, c] - x[:, base, c])


def _differences(x: np.ndarray, base: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``x`` minus the baseline along the arm ``axis``."""
    return x, x - np.take(x, [base], axis=axis)


def reduce_risk(
    study: Study, settings: RunSettings, block: int, variables: dict[str, np.ndarray]
) -> RiskReduction:
    """Reduce one block's variables (those of :func:`mkba_mc.simulate`, cut to the draws
    asked for) to what the risk view of ``settings.risk`` needs."""
    options = settings.risk
    base = study.arm_names.index(study.baseline)
    n = variables["balance"].shape[0]
    client = _case_balances(
        study,
        variables["cost"],
        variables["benefit"],
        variables["benefit_by_stakeholder"],
        variables["balance"],
    )
    values = None
    if settings.cohort == options.intakes:  # the run is a year of intakes itself
        year = client * options.intakes
    else:
        values = _block_values(study, settings, block, variables)
        year = _year_balances(study, settings, block, values, options.intakes)[:n]
        year *= options.intakes
    columns: dict[tuple, _Column] = {}
    _add_columns(columns, ("client",), client, base)
    _add_columns(columns, ("year",), year, base)
    limits = np.array(options.loss_limits)
    losses = np.stack(
        [
            (x[..., None] < -limits).sum(axis=0)
            for x in _differences(year if options.loss_per == "year" else client, base, 1)
        ]
    )
    paid_back = None
    if has_time_profile(study):
        if values is None:
            values = _block_values(study, settings, block, variables)
        years = _payback_years(study)
        flows = block_flows(study, settings, block, values, years)[:n]
        for y in range(len(years)):
            _add_columns(columns, ("pay", y), flows[:, y], base)
        counts = []
        for x in _differences(flows, base, 2):
            stays = np.logical_and.accumulate((x >= 0)[:, ::-1], axis=1)[:, ::-1]
            first = np.where(stays.any(axis=1), np.argmax(stays, axis=1), len(years))
            counts.append(np.stack([(first == y).sum(axis=0) for y in range(len(years) + 1)]))
        paid_back = np.stack(counts)
    return RiskReduction(options, columns, losses, paid_back)


def reduce_dataset(
    study: Study, ds: xr.Dataset, settings: RunSettings
) -> tuple[RiskReduction, int]:
    """Reduce a run held as a Dataset (in memory or opened from a store), a block at a
    time: the same reduction as the blocks of :func:`mkba_mc.engine.stream_run`.

    Returns the merged reduction and the number of draws.
    """
    names = ["cost", "benefit", "benefit_by_stakeholder", "balance"]
    names += [f"param_{name}" for name in study.parameters]
    n = int(ds.sizes["draw"])
    merged: RiskReduction | None = None
    for block in range(math.ceil(n / BLOCK_SIZE)):
        part = ds[names].isel(draw=slice(block * BLOCK_SIZE, (block + 1) * BLOCK_SIZE))
        variables = {name: np.asarray(part[name].values, dtype=float) for name in names}
        reduced = reduce_risk(study, settings, block, variables)
        if merged is None:
            merged = reduced
        else:
            merged.merge(reduced)
    return merged, n


# --------------------------------------------------------------------------- the view


def _inverted_cdf_ranks(n: int, q: np.ndarray) -> np.ndarray:
    """0-based ranks of :func:`numpy.quantile`'s ``inverted_cdf`` for ``n`` draws."""
    virtual = n * np.asarray(q, dtype=float) - 1
    below = np.floor(virtual)
    return np.clip(below + (virtual - below > 0), 0, n - 1).astype(np.int64)


class _View:
    """Builds the view's Datasets from a merged reduction."""

    def __init__(self, study: Study, reduction: RiskReduction, n: int) -> None:
        self.study = study
        self.columns = reduction.columns
        self.reduction = reduction
        self.n = n
        self.arms = list(study.arm_names)
        self.base = self.arms.index(study.baseline)
        self.cases = case_names(study)
        self.invests = case_invests(study)

    def cells(self, prefix: str):
        """``(arm, case)`` indices of the cells a prefix has (no baseline for deltas)."""
        for a in range(len(self.arms)):
            if not (prefix and a == self.base):
                for c in range(len(self.cases)):
                    yield a, c

    def business_case(self, view: str, per: Per, scale: float) -> xr.Dataset:
        n, shape = self.n, (len(self.arms), len(self.cases))
        out: dict[str, tuple] = {}
        for prefix in _PREFIXES:
            keys = ("mean", "mc_se", "q05", "q05_se", "q95", "q95_se", "p_recover", "p_recover_se")
            stats = {key: np.full(shape, np.nan) for key in keys}
            for a, c in self.cells(prefix):
                column = self.columns[view, prefix, a, c]
                stats["mean"][a, c] = column.moments.mean[0]
                stats["mc_se"][a, c] = column.moments.se(np.ones((1, 1)))[0]
                for q in (0.05, 0.95):
                    label = f"q{100 * q:02.0f}"
                    stats[label][a, c] = column.sketch.quantile(q)
                    stats[f"{label}_se"][a, c] = column.sketch.quantile_se(q)
                if self.invests[c]:
                    p = column.above_zero / n
                    stats["p_recover"][a, c] = p
                    stats["p_recover_se"][a, c] = math.sqrt(p * (1 - p) / n)
            for key, value in stats.items():
                units = "1" if key.startswith("p_") else f"EUR per {per}"
                out[prefix + key] = (("arm", "case"), value, {"units": units})
        return xr.Dataset(
            out,
            coords={"arm": self.arms, "case": self.cases},
            attrs={"baseline": self.study.baseline, "draws": n, "per": per, "scale": scale},
        )

    def downside(self, view: str, per: Per, scale: float, limits: tuple[float, ...]) -> xr.Dataset:
        n, shape = self.n, (len(self.arms), len(self.cases))
        levels = [_check_level(level) for level in LEVELS]
        out: dict[str, tuple] = {}
        for p, prefix in enumerate(_PREFIXES):
            risk = np.full((4, *shape, len(levels)), np.nan)
            loss = np.full((2, *shape, len(limits)), np.nan)
            for a, c in self.cells(prefix):
                sketch = self.columns[view, prefix, a, c].sketch
                for j, level in enumerate(levels):
                    risk[:, a, c, j] = _tail(sketch, level)
                for j in range(len(limits)):
                    share = float(self.reduction.losses[p, a, c, j]) / n
                    loss[:, a, c, j] = share, prob_se(share, n)
            out.update(downside_variables(prefix, risk, loss, per))
        return xr.Dataset(
            out,
            coords={"arm": self.arms, "case": self.cases, "level": levels, "limit": list(limits)},
            attrs={"baseline": self.study.baseline, "draws": n, "per": per, "scale": scale},
        )

    def profile(self, case: str, scale: float) -> xr.Dataset:
        grid = np.linspace(0.0, 1.0, _PROFILE_POINTS)
        ranks = _inverted_cdf_ranks(self.n, grid)
        c = self.cases.index(case)
        curves = {prefix: np.full((grid.size, len(self.arms)), np.nan) for prefix in _PREFIXES}
        for prefix, curve in curves.items():
            for a in range(len(self.arms)):
                if not (prefix and a == self.base):
                    curve[:, a] = self.columns["year", prefix, a, c].sketch.order_statistics(ranks)
        units = {"units": "EUR per year"}
        return xr.Dataset(
            {
                "balance": (("probability", "arm"), curves[""], units),
                "delta": (("probability", "arm"), curves["delta_"], units),
            },
            coords={"probability": grid, "arm": self.arms},
            attrs={"case": case, "per": "year", "scale": scale, "baseline": self.study.baseline},
        )

    def payback(self, seed: int, cohort: str) -> xr.Dataset:
        n, study = self.n, self.study
        years = _payback_years(study)
        within = list(PAYBACK_YEARS)
        shape = (len(years), len(self.arms), len(self.cases))
        result: dict[str, tuple] = {}
        for p, prefix in enumerate(_PREFIXES):
            stats = {key: np.full(shape, np.nan) for key in ("mean", "q05", "q95")}
            for a, c in self.cells(prefix):
                for y in range(len(years)):
                    column = self.columns["pay", y, prefix, a, c]
                    stats["mean"][y, a, c] = column.moments.mean[0]
                    stats["q05"][y, a, c] = column.sketch.quantile(0.05)
                    stats["q95"][y, a, c] = column.sketch.quantile(0.95)
            counts = self.reduction.paid_back[p] / n
            by_year = counts[: len(years)]
            cumulative = np.cumsum(by_year, axis=0)
            p_within = np.stack([cumulative[years.searchsorted(w)] for w in within])
            never = counts[len(years)]
            probs = payback_probabilities(p_within, by_year, never, self.invests, n)
            for key, value in stats.items():
                result[prefix + key] = (("year", "arm", "case"), value, {"units": "EUR per client"})
            for key, (dims, value) in probs.items():
                value = value.copy()
                if prefix:
                    value[..., self.base, :] = np.nan
                result[prefix + key] = (dims, value, {"units": "1"})
        return xr.Dataset(
            result,
            coords={"year": years, "within": within, "arm": self.arms, "case": self.cases},
            attrs={
                "baseline": study.baseline,
                "draws": n,
                "seed": int(seed),
                "cohort": str(cohort),
                "discount_rate": 0.0 if study.discounting is None else study.discounting.rate,
            },
        )


def _tail(sketch, level: float) -> tuple[float, float, float, float]:
    """``(VaR, its MCSE, ES, its MCSE)`` at ``level`` from a sketch, by the formulas of
    :func:`mkba_mc.risk.value_at_risk` and :func:`mkba_mc.risk.expected_shortfall`."""
    n = sketch.n
    q = float(sketch.order_statistics(_inverted_cdf_ranks(n, [level]))[0])
    tail = level * n
    k = min(int(math.floor(tail)), n - 1)
    worst_mean, worst_var = sketch.lowest(max(k, 1))
    following = float(sketch.order_statistics(np.array([k]))[0])
    tail_mean = ((k * worst_mean if k else 0.0) + (tail - k) * following) / tail
    if n < 2 or k < 2:
        es_se = math.nan
    else:
        es_se = math.sqrt((worst_var + (1 - level) * (q - tail_mean) ** 2) / tail)
    return -q, sketch.quantile_se(level), -tail_mean, es_se


def risk_view(study: Study, reduction: RiskReduction, n: int, seed: int, cohort: str):
    """The :class:`mkba_mc.risk.InvestmentRisk` of a run of ``n`` draws (seed and cohort
    as its attributes) from its merged reduction."""
    from .view import InvestmentRisk

    options = reduction.options
    view = _View(study, reduction, n)
    limits = {"client": (), "year": ()} | {options.loss_per: options.loss_limits}
    scale = float(options.intakes)
    focus = study.payer if study.payer in study.stakeholders else SOCIETAL
    return InvestmentRisk(
        per_client=view.business_case("client", "client", 1.0),
        per_year=view.business_case("year", "year", scale),
        downside_client=view.downside("client", "client", 1.0, limits["client"]),
        downside_year=view.downside("year", "year", scale, limits["year"]),
        profile=view.profile(focus, scale),
        payback=view.payback(seed, cohort) if reduction.paid_back is not None else None,
        intakes=options.intakes,
        draws=n,
        loss_per=options.loss_per,
    )
