"""Summaries of a run reduced block by block: memory bounded by a block, not by the draws.

Each block of draws is reduced to a small :class:`BlockSummary` (where it was computed: in
this process, a local worker or a dask worker); the summaries are merged in block order
into a :class:`RunSummary`, which answers what ``mkba-mc run`` prints: the table of
:func:`mkba_mc.summarize`, :func:`mkba_mc.analysis.prob_best`,
:func:`mkba_mc.analysis.pairwise`, :func:`mkba_mc.decision.decision_summary`, the
simulated end of :func:`mkba_mc.bridge.bridge` and, where the run's settings ask for it,
the investment-risk view (:mod:`mkba_mc.risk.stream`). The merge order is fixed, so the
result is bit-identical whatever executed the blocks.

Means, standard errors and probabilities are exact: counts, means and co-moment matrices
combined with the pairwise update of Chan, Golub and LeVeque (1979). Their values can differ
from a one-pass ``numpy.mean`` over all draws in the last bits only.

Quantiles come from a :class:`QuantileSketch`, a histogram on a logarithmic grid
(as DDSketch, Masson, Rim and Lee 2019): every draw is counted in the bucket
``γ^(k-1) < |x| ≤ γ^k`` and the bucket is represented by ``2 γ^k / (γ + 1)``, so every
order statistic it returns lies within a *relative* error :data:`RELATIVE_ERROR` (0.01%)
of the exact one; values with ``|x| ≤`` :data:`ZERO` count as 0. A quantile (linear
interpolation between two order statistics, as :func:`numpy.quantile`) inherits that
bound, and its standard error (the width between two order statistics, see
:func:`mkba_mc.analysis.quantile_se`) is within ``RELATIVE_ERROR · |x| / 1.96``. Counts
are integers, so the sketch does not depend on the order of merging.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from .analysis import HEADLINE
from .mcse import prob_se
from .mcse import quantile_label as _qlabel
from .spec import Study

if TYPE_CHECKING:  # the risk view builds on this module
    from .risk import InvestmentRisk
    from .risk.stream import RiskReduction
    from .simulation import RunSettings

__all__ = [
    "RELATIVE_ERROR",
    "ZERO",
    "BlockSummary",
    "GroupSummary",
    "Moments",
    "QuantileSketch",
    "RunSummary",
    "reduce_block",
]

RELATIVE_ERROR = 1e-4
"""Bound on the relative error of every order statistic a :class:`QuantileSketch` returns."""

ZERO = 1e-9
"""Values of at most this magnitude are counted as 0 by a :class:`QuantileSketch`."""

_GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR)
_LOG_GAMMA = math.log(_GAMMA)
_Z95 = 1.959963984540054
_SUMMARY_QUANTILES = (0.05, 0.5, 0.95)
_PAIR_QUANTILES = (0.05, 0.95)


# --------------------------------------------------------------------------- moments


@dataclass
class Moments:
    """Count, mean and co-moment matrix of the columns of ``(draw, k)`` draws.

    ``comoment[i, j]`` is ``Σ (x_i - mean_i)(x_j - mean_j)``, so the sample covariance is
    ``comoment / (n - 1)``; any linear combination ``w @ x`` has variance
    ``w @ comoment @ w / (n - 1)``.
    """

    n: int
    mean: np.ndarray
    comoment: np.ndarray

    @classmethod
    def of(cls, x: np.ndarray) -> Moments:
        """The moments of the rows of ``x`` (shape ``(draw, k)``)."""
        n, k = x.shape
        if n == 0:
            return cls(0, np.zeros(k), np.zeros((k, k)))
        mean = x.mean(axis=0)
        centred = x - mean
        # numpy's own sums, not BLAS: a BLAS product's rounding can depend on the memory
        # alignment of its operands, which differs between processes.
        comoment = np.empty((k, k))
        for i in range(k):
            for j in range(i, k):
                comoment[i, j] = comoment[j, i] = np.sum(centred[:, i] * centred[:, j])
        return cls(n, mean, comoment)

    def merge(self, other: Moments) -> None:
        """Add ``other``'s draws (Chan, Golub and LeVeque's pairwise update)."""
        n = self.n + other.n
        if other.n == 0:
            return
        delta = other.mean - self.mean
        self.comoment = (
            self.comoment + other.comoment + np.outer(delta, delta) * (self.n * other.n / n)
        )
        self.mean = self.mean + delta * (other.n / n)
        self.n = n

    def se(self, weights: np.ndarray) -> np.ndarray:
        """MCSE of the mean of each combination ``weights[c] @ x`` (rows of ``weights``)."""
        if self.n < 2:
            return np.full(len(weights), np.nan)
        var = (weights[:, :, None] * self.comoment * weights[:, None, :]).sum(axis=(1, 2))
        var = var / (self.n - 1)
        return np.sqrt(np.maximum(var, 0.0) / self.n)


# --------------------------------------------------------------------------- quantiles


_MERGED = np.int32
"""The type of merged bucket counts (see :class:`_Counts`)."""


class _Counts:
    """Integer counts over a growing range of bucket keys.

    A block's counts (at most :data:`~mkba_mc.sampling.BLOCK_SIZE` = 16 384) are kept as
    uint16, a quarter of the bytes to send from a worker; merged counts as int32 (a run
    has at most :data:`~mkba_mc.limits.MAX_DRAWS` = 10^8 < 2^31 draws), half the memory
    of int64 for the many sketches of a run's summary and risk view.
    """

    def __init__(self, first: int = 0, counts: np.ndarray | None = None) -> None:
        self.first = first
        self.counts = np.zeros(0, dtype=_MERGED) if counts is None else counts

    def add(self, other: _Counts) -> None:
        """Add ``other``'s counts, growing the range of keys to cover them."""
        if other.counts.size == 0:
            return
        if self.counts.dtype != _MERGED:  # a block's counts become a running total
            self.counts = self.counts.astype(_MERGED)
        lo, hi = other.first, other.first + other.counts.size - 1
        if self.counts.size == 0:
            self.first, self.counts = lo, np.zeros(hi - lo + 1, dtype=_MERGED)
        else:
            first = min(self.first, lo)
            last = max(self.first + self.counts.size - 1, hi)
            if first != self.first or last != self.first + self.counts.size - 1:
                grown = np.zeros(last - first + 1, dtype=_MERGED)
                grown[self.first - first : self.first - first + self.counts.size] = self.counts
                self.first, self.counts = first, grown
        self.counts[lo - self.first : hi + 1 - self.first] += other.counts

    def keys(self) -> np.ndarray:
        return np.arange(self.first, self.first + self.counts.size)


def _bucket(magnitude: np.ndarray) -> _Counts:
    """The counts of positive magnitudes (at most 65 535 of them) per bucket."""
    if magnitude.size == 0:
        return _Counts()
    keys = np.ceil(np.log(magnitude) / _LOG_GAMMA).astype(np.int64)
    low = int(keys.min())
    return _Counts(low, np.bincount(keys - low).astype(np.uint16))


@dataclass
class QuantileSketch:
    """Order statistics of many draws within a relative error :data:`RELATIVE_ERROR`.

    Memory grows with the range of the values' magnitudes (at most about 200 000 buckets
    a sign from :data:`ZERO` to 10^8), never with the number of draws.
    """

    n: int = 0
    zero: int = 0
    positive: _Counts = field(default_factory=_Counts)
    negative: _Counts = field(default_factory=_Counts)
    _sorted: tuple[np.ndarray, np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def of(cls, x: np.ndarray) -> QuantileSketch:
        """The sketch of the finite values of ``x`` (one dimension)."""
        x = x[np.isfinite(x)]
        if x.size > np.iinfo(np.uint16).max:
            raise ValueError(f"a block holds at most 65535 draws, got {x.size}")
        small = np.abs(x) <= ZERO
        return cls(
            n=x.size,
            zero=int(small.sum()),
            positive=_bucket(x[(x > 0) & ~small]),
            negative=_bucket(-x[(x < 0) & ~small]),
        )

    def merge(self, other: QuantileSketch) -> None:
        """Add ``other``'s counts."""
        self.n += other.n
        self.zero += other.zero
        self.positive.add(other.positive)
        self.negative.add(other.negative)
        self._sorted = None

    def _buckets(self) -> tuple[np.ndarray, np.ndarray]:
        """Every bucket's representative value, ascending, and the cumulative counts
        (kept until the next merge)."""
        if self._sorted is None:
            values, counts = self._representatives()
            self._sorted = values, np.cumsum(counts, dtype=np.int64)
        return self._sorted

    def _representatives(self) -> tuple[np.ndarray, np.ndarray]:
        """Every bucket's representative value, ascending, and its count."""
        rep = 2.0 / (_GAMMA + 1.0)
        values = np.concatenate(
            [
                -rep * np.exp(self.negative.keys()[::-1] * _LOG_GAMMA),
                [0.0],
                rep * np.exp(self.positive.keys() * _LOG_GAMMA),
            ]
        )
        counts = np.concatenate([self.negative.counts[::-1], [self.zero], self.positive.counts])
        return values, counts

    def order_statistics(self, ranks: np.ndarray) -> np.ndarray:
        """The values at 0-based ``ranks`` of the sorted draws (within the stated error)."""
        values, cumulative = self._buckets()
        return values[np.searchsorted(cumulative, np.asarray(ranks), side="right")]

    def lowest(self, k: int) -> tuple[float, float]:
        """Mean and sample variance (``ddof=1``) of the ``k`` smallest draws.

        Every draw counts at its bucket's value, which lies within :data:`RELATIVE_ERROR`
        of the draw and keeps the draws' order; so the mean is within ``RELATIVE_ERROR``
        times the mean magnitude of those draws (plus :data:`ZERO`) of the exact one.
        """
        values, cumulative = self._buckets()
        end = int(np.searchsorted(cumulative, k, side="left")) + 1  # buckets holding them
        values, cumulative = values[:end], cumulative[:end]
        taken = np.diff(np.minimum(cumulative, k), prepend=0).astype(float)
        mean = float(np.sum(taken * values) / k)
        if k < 2:
            return mean, math.nan
        return mean, float(np.sum(taken * (values - mean) ** 2) / (k - 1))

    def quantile(self, q: float) -> float:
        """The ``q`` quantile, interpolated as :func:`numpy.quantile` does."""
        position = q * (self.n - 1)
        below = math.floor(position)
        lo, hi = self.order_statistics(np.array([below, min(below + 1, self.n - 1)]))
        return float(lo + (position - below) * (hi - lo))

    def quantile_se(self, q: float) -> float:
        """MCSE of the ``q`` quantile, as :func:`mkba_mc.analysis.quantile_se`, but never
        below the sketch's own resolution.

        The order statistics that bound the quantile's 95% interval are read from the
        sketch to within :data:`RELATIVE_ERROR` of themselves. Beyond some 10^7 draws a
        tail quantile's interval is narrower than that, both ends read alike and the
        interval's width says 0; the error is then the sketch's, taken as spread evenly
        over ± ``RELATIVE_ERROR`` of the quantile (standard deviation that over √3).
        """
        n = self.n
        if n < 2:
            return math.nan
        half = _Z95 * math.sqrt(n * q * (1.0 - q))
        lo = min(max(math.floor(n * q - half), 0), n - 1)
        hi = min(max(math.ceil(n * q + half), 0), n - 1)
        low, high = self.order_statistics(np.array([lo, hi]))
        resolution = RELATIVE_ERROR * max(abs(low), abs(high)) / math.sqrt(3.0)
        return float(max((high - low) / (2 * _Z95), resolution))


# --------------------------------------------------------------------------- one column


@dataclass
class _Column:
    """What a summary row needs of one per-draw quantity: its finite values' moments and
    sketch, and how many of all its draws are above zero."""

    moments: Moments
    sketch: QuantileSketch
    above_zero: int

    @classmethod
    def of(cls, x: np.ndarray) -> _Column:
        finite = x[np.isfinite(x)]
        return cls(Moments.of(finite[:, None]), QuantileSketch.of(finite), int((x > 0).sum()))

    def merge(self, other: _Column) -> None:
        self.moments.merge(other.moments)
        self.sketch.merge(other.sketch)
        self.above_zero += other.above_zero

    def describe(self, quantiles) -> dict[str, float]:
        m = self.moments
        if m.n == 0:  # undefined in every draw: a cost-benefit ratio without costs
            labels = [_qlabel(q) for q in quantiles]
            return dict.fromkeys(["mean", "mean_se", *labels, *(f"{q}_se" for q in labels)], np.nan)
        row = {"mean": float(m.mean[0]), "mean_se": float(m.se(np.ones((1, 1)))[0])}
        for q in quantiles:
            label = _qlabel(q)
            row[label] = self.sketch.quantile(q)
            row[f"{label}_se"] = self.sketch.quantile_se(q)
        return row


# --------------------------------------------------------------------------- one block


def _targets(study: Study) -> tuple[list[str], int, list[int], list[tuple[int, int]]]:
    arms = list(study.arm_names)
    base = arms.index(study.baseline)
    others = [i for i in range(len(arms)) if i != base]
    pairs = [(i, j) for j in range(len(arms)) for i in range(j + 1, len(arms))]
    return arms, base, others, pairs


def _municipal_streams(study: Study) -> np.ndarray | None:
    """Which streams touch the municipality (the "partly" reading), or None without one."""
    from .simulation import stream_stakeholders

    holders = list(study.stakeholders)
    if study.payer not in holders:
        return None
    return stream_stakeholders(study)[:, holders.index(study.payer)].astype(bool)


# The columns of the decision moments, per arm, in this order.
_DECISION = ("balance", "share_successful", "total_benefit", "partly", "strict")


@dataclass
class BlockSummary:
    """The reductions of some whole blocks; :meth:`merge` adds later blocks."""

    columns: dict[tuple[str, str, str], _Column]
    decision: Moments
    best: np.ndarray
    best_squares: np.ndarray
    risk: RiskReduction | None = None
    """The investment-risk view's reduction, where the run asks for one."""

    def merge(self, other: BlockSummary) -> None:
        """Add the draws of ``other`` (of the blocks that follow)."""
        for key, column in self.columns.items():
            column.merge(other.columns[key])
        self.decision.merge(other.decision)
        self.best = self.best + other.best
        self.best_squares = self.best_squares + other.best_squares
        if self.risk is not None:
            self.risk.merge(other.risk)

    def sketched(self) -> dict[tuple, _Column]:
        """Every column with a quantile sketch: the summary's and the risk view's (keys
        prefixed ``"risk"``)."""
        risk = {} if self.risk is None else self.risk.columns
        return self.columns | {("risk", *key): column for key, column in risk.items()}

    def merge_sketches(self, sketches: dict[tuple, QuantileSketch]) -> None:
        """Add the quantile sketches of blocks whose moments were merged without them."""
        columns = self.sketched()
        for key, sketch in sketches.items():
            columns[key].sketch.merge(sketch)


@dataclass
class GroupSummary:
    """Consecutive blocks reduced where they were computed, ready to send in one piece.

    ``parts`` are the blocks' summaries without their quantile sketches (means and
    co-moments: the receiver merges them in block order, which fixes their rounding);
    ``sketches`` are the sketches of all the blocks, merged here (integer counts, the same
    in any grouping). A run's result therefore does not depend on how blocks are grouped.
    """

    parts: list[BlockSummary] = field(default_factory=list)
    sketches: dict[tuple, QuantileSketch] = field(default_factory=dict)

    def add(self, part: BlockSummary) -> None:
        """Append the next block's summary, moving its sketches into ``sketches``."""
        for key, column in part.sketched().items():
            if key in self.sketches:
                self.sketches[key].merge(column.sketch)
            else:
                self.sketches[key] = column.sketch
            column.sketch = QuantileSketch()
        self.parts.append(part)


def reduce_block(
    study: Study,
    variables: dict[str, np.ndarray],
    settings: RunSettings | None = None,
    block: int = 0,
) -> BlockSummary:
    """Reduce one block's variables (those of :func:`mkba_mc.simulate`, cut to the draws
    asked for) to what a summary needs; with ``settings`` whose ``risk`` is set, block
    number ``block`` of that run is also reduced to its investment-risk view
    (:func:`mkba_mc.risk.stream.reduce_risk`)."""
    arms, base, others, pairs = _targets(study)
    columns: dict[tuple[str, str, str], _Column] = {}
    for a, arm in enumerate(arms):
        for measure in HEADLINE:
            columns[arm, "", measure] = _Column.of(variables[measure][:, a])
    for measure in HEADLINE[:3]:
        for a in others:
            diff = variables[measure][:, a] - variables[measure][:, base]
            columns[arms[a], arms[base], measure] = _Column.of(diff)
    if len(arms) > 2:
        balance = variables["balance"]
        for a, v in pairs:
            columns[arms[a], arms[v], "pair"] = _Column.of(balance[:, a] - balance[:, v])
    streams = _municipal_streams(study)
    n = variables["balance"].shape[0]
    if streams is None:
        partly = strict = np.zeros((n, len(arms)))
    else:
        partly = variables["benefit"][:, :, streams].sum(axis=2)
        holder = list(study.stakeholders).index(study.payer)
        strict = variables["benefit_by_stakeholder"][:, :, holder]
    decision = np.stack(
        [
            variables["balance"],
            variables["share_successful"],
            variables["total_benefit"],
            partly,
            strict,
        ],
        axis=2,
    ).reshape(n, -1)
    balance = variables["balance"]
    top = balance == balance.max(axis=1, keepdims=True)
    weights = top / top.sum(axis=1, keepdims=True)
    risk = None
    if settings is not None and settings.risk is not None:
        from .risk.stream import reduce_risk

        risk = reduce_risk(study, settings, block, variables)
    return BlockSummary(
        columns,
        Moments.of(np.asarray(decision, dtype=float)),
        weights.sum(axis=0),
        (weights**2).sum(axis=0),
        risk,
    )


# --------------------------------------------------------------------------- the run


class RunSummary:
    """What a run prints, from the merged :class:`BlockSummary` of all its blocks.

    Parameters
    ----------
    study
        The study that was run.
    merged
        The block summaries of every draw, merged in block order.
    attrs
        The run's attributes (:func:`mkba_mc.simulation.run_attributes`).
    """

    def __init__(self, study: Study, merged: BlockSummary, attrs: dict) -> None:
        self.study = study
        self.merged = merged
        self.attrs = attrs
        self.arms, self.base, self.others, self.pairs = _targets(study)
        self.n = merged.decision.n

    def investment_risk(self) -> InvestmentRisk:
        """The investment-risk view over all the run's draws, reduced with its blocks
        (:mod:`mkba_mc.risk.stream`).

        Raises
        ------
        ValueError
            When the run's settings asked for no risk view.
        """
        if self.merged.risk is None:
            raise ValueError("the run reduced no risk view: give its settings risk options")
        from .risk.stream import risk_view

        return risk_view(
            self.study, self.merged.risk, self.n, int(self.attrs["seed"]), str(self.attrs["cohort"])
        )

    # -- the decision moments, by arm and column

    def _index(self, arm: int, name: str) -> int:
        return arm * len(_DECISION) + _DECISION.index(name)

    def _weights(self, terms: list[tuple[int, str, float]]) -> np.ndarray:
        w = np.zeros(len(self.arms) * len(_DECISION))
        for arm, name, factor in terms:
            w[self._index(arm, name)] += factor
        return w

    def _mean(self, arm: int, name: str) -> float:
        return float(self.merged.decision.mean[self._index(arm, name)])

    # -- the tables

    def summary(self) -> pd.DataFrame:
        """The table of :func:`mkba_mc.summarize` (quantiles from the sketch)."""
        n = self.n
        rows = []
        for key, column in self.merged.columns.items():
            arm, versus, measure = key
            if measure == "pair":
                continue
            row = {
                "arm": arm,
                "versus": versus,
                "measure": measure,
                **column.describe(_SUMMARY_QUANTILES),
            }
            if measure == "balance":
                p = column.above_zero / n
                row.update(p_positive=p, p_positive_se=prob_se(p, n))
            rows.append(row)
        return pd.DataFrame(rows)

    def pairwise(self) -> pd.DataFrame:
        """The table of :func:`mkba_mc.analysis.pairwise`."""
        rows = []
        for (arm, versus, measure), column in self.merged.columns.items():
            if measure != "pair":
                continue
            p = column.above_zero / self.n
            rows.append(
                {
                    "arm": arm,
                    "versus": versus,
                    **column.describe(_PAIR_QUANTILES),
                    "p_beats": p,
                    "p_beats_se": prob_se(p, self.n),
                }
            )
        return pd.DataFrame(rows)

    def prob_best(self) -> pd.DataFrame:
        """The table of :func:`mkba_mc.analysis.prob_best`."""
        n = self.n
        p = self.merged.best / n
        se = (
            np.sqrt(np.maximum(self.merged.best_squares / n - p**2, 0.0) / (n - 1))
            if n > 1
            else p * np.nan
        )
        return pd.DataFrame({"arm": self.arms, "p_best": p, "p_best_se": se})

    def bridge_inputs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mean balance per arm, its MCSE, and that of each arm minus the baseline."""
        arms = range(len(self.arms))
        mean = np.array([self._mean(a, "balance") for a in arms])
        se = self.merged.decision.se(np.stack([self._weights([(a, "balance", 1)]) for a in arms]))
        delta = np.stack(
            [self._weights([(a, "balance", 1), (self.base, "balance", -1)]) for a in arms]
        )
        delta_se = self.merged.decision.se(delta)
        delta_se[self.base] = 0.0 if self.n > 1 else np.nan
        return mean, se, delta_se

    def prob_beats(self, arm: str) -> tuple[float, float]:
        """P(``arm``'s balance > the baseline's) and its MCSE."""
        column = self.merged.columns[arm, self.arms[self.base], "balance"]
        p = column.above_zero / self.n
        return p, prob_se(p, self.n)

    def delta_balance(self, arm: str) -> tuple[float, float]:
        """Mean balance of ``arm`` minus the baseline's (euros per client) and its MCSE."""
        m = self.merged.columns[arm, self.arms[self.base], "balance"].moments
        return float(m.mean[0]), float(m.se(np.ones((1, 1)))[0])

    def decision_summary(self) -> xr.Dataset:
        """The Dataset of :func:`mkba_mc.decision.decision_summary`."""
        arms = self.arms
        k = len(arms)
        moments = self.merged.decision
        out = {}
        if self.study.payer in self.study.stakeholders:
            for reading in ("partly", "strict"):
                share = np.empty(k)
                se = np.empty(k)
                for a in range(k):
                    total = self._mean(a, "total_benefit")
                    with np.errstate(divide="ignore", invalid="ignore"):
                        share[a] = np.float64(self._mean(a, reading)) / total
                        w = self._weights([(a, reading, 1), (a, "total_benefit", -share[a])])
                        se[a] = moments.se(w[None])[0] / abs(total)
                out[f"payer_{reading}"] = ("arm", share, {"units": "1"})
                out[f"payer_{reading}_se"] = ("arm", se, {"units": "1"})
        units = {"units": "EUR per successful client"}
        for name, against in (("break_even", "baseline"), ("pays_for_itself", "nothing")):
            value = np.full(k, np.nan)
            value_se = np.full(k, np.nan)
            status = np.full(k, "", dtype=object)
            compared = self.others if against == "baseline" else range(k)
            for a in compared:
                b_terms = [(a, "balance", 1.0)]
                s_terms = [(a, "share_successful", 1.0)]
                if against == "baseline":
                    b_terms.append((self.base, "balance", -1.0))
                    s_terms.append((self.base, "share_successful", -1.0))
                w_b, w_s = self._weights(b_terms), self._weights(s_terms)
                mean_b = float(w_b @ moments.mean)
                mean_s = float(w_s @ moments.mean)
                with np.errstate(divide="ignore", invalid="ignore"):
                    crossing = np.float64(-mean_b) / mean_s
                    se = moments.se((w_b + crossing * w_s)[None])[0] / abs(mean_s)
                if mean_b >= 0 and mean_s >= 0 and (mean_b > 0 or mean_s > 0):
                    status[a], value[a] = "always", 0.0
                elif mean_b <= 0 and mean_s <= 0:
                    status[a] = "never"
                else:
                    status[a] = "above" if mean_s > 0 else "below"
                    value[a], value_se[a] = crossing, se
            out[name] = ("arm", value, units)
            out[f"{name}_se"] = ("arm", value_se, units)
            out[f"{name}_status"] = ("arm", status.astype(str), {})
        return xr.Dataset(out, coords={"arm": arms}, attrs={"baseline": self.study.baseline})
