"""Which inputs decide the answer: one-way (tornado), threshold, Sobol' and rank-based sensitivity.

The decision metric is the balance (benefits − investment, euros per client) of each arm
against the baseline's, e.g. Klantreis − FIG-route, and beside it each arm's own balance.
Each result table has one row per (measure, input) with the columns ``arm`` and ``versus``
as in :func:`mkba_mc.summarize`: ``versus`` names the baseline for a difference in balance
and is empty for an arm's own balance.

Inputs
    An *input* is one uncertain distribution of the study (:func:`study_inputs`): a shared
    parameter (``exit_share``), or one arm's distribution of a per-arm parameter
    (``share_pw [KR]``). A per-arm parameter is split by arm because its arms are separate
    evidence: the FIG and KR dossier shares come from different dossiers, are independent
    in the model, and move the difference in balance in opposite directions, so "both at
    their 95th percentile" would answer no question anyone asks. Vector parameters
    (Dirichlet shares) are one input each: their components only move together. Input
    *groups* (``Parameter.group``: dossier outcomes, dossier client shares, literature
    shares, unit costs and durations, programme costs) gather inputs for group-level
    indices.

Model runs
    :func:`tornado`, :func:`thresholds` and :func:`sobol` evaluate the model
    (:func:`mkba_mc.model.evaluate`) with per-client expected values (the ``expected``
    cohort): they explain the uncertainty about the parameters, not the chance variation
    of which few clients of a small cohort succeed. :func:`rank_indices` needs no model
    runs: it reads an ordinary run's Dataset.

Randomness enters through ``rng`` (a :class:`numpy.random.Generator` or a seed; ``None``
takes the study's seed), so the same seed gives the same result.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr
from scipy import optimize, stats
from scipy.stats import qmc

from .analysis import versus_baseline
from .console import money, text_table
from .distributions import Distribution
from .model import evaluate
from .sampling import (
    central_values,
    join_columns,
    parameters_from_columns,
    split_columns,
    unit_columns,
)
from .spec import Study

__all__ = [
    "DEFAULT_SOBOL_N",
    "Input",
    "Measure",
    "RankIndices",
    "SobolIndices",
    "SobolResult",
    "Thresholds",
    "Tornado",
    "decision_measures",
    "format_rank",
    "format_sobol",
    "format_thresholds",
    "format_tornado",
    "rank_indices",
    "run_inputs",
    "saltelli_bootstrap",
    "sobol",
    "sobol_from_unit",
    "study_inputs",
    "thresholds",
    "tornado",
]

DEFAULT_SOBOL_N = 2**13
"""Base sample of :func:`sobol` (a power of two): ``n (2 + inputs + groups)`` model runs,
about a second. On the default study the indices then vary by under 0.006 between seeds,
enough to rank the inputs (benchmarks/bench_sensitivity.py)."""

_OTHER_GROUP = "other inputs"
_TINY = 2.0**-53  # keeps uniforms strictly inside (0, 1) for the inverse CDFs

Rng = np.random.Generator | int | None


# --------------------------------------------------------------------------- inputs and measures


@dataclass(frozen=True)
class Input:
    """One uncertain input of a study for sensitivity analysis.

    Attributes
    ----------
    parameter
        The parameter's name.
    arm
        For a per-arm parameter, the arm whose distribution this is; ``None`` when the
        parameter is shared by all arms (common random numbers).
    group
        The parameter's input group (:data:`mkba_mc.spec.INPUT_GROUPS`).
    vector
        True for a vector parameter (Dirichlet shares), which moves as a whole.
    """

    parameter: str
    arm: str | None
    group: str
    vector: bool

    @property
    def label(self) -> str:
        """``exit_share`` for a shared parameter, ``share_pw [KR]`` for one arm's."""
        return self.parameter if self.arm is None else f"{self.parameter} [{self.arm}]"


@dataclass(frozen=True)
class Measure:
    """A decision measure: an arm's balance, or its difference against ``versus``.

    Attributes
    ----------
    arm
        The arm.
    versus
        The baseline arm for a difference in balance (arm − baseline); ``""`` for the
        arm's own balance.
    label
        For tables and figures, e.g. ``"Klantreis − FIG-route"``.
    """

    arm: str
    versus: str
    label: str


def study_inputs(study: Study) -> tuple[Input, ...]:
    """The uncertain inputs of a study, in the order of its parameters.

    A shared parameter is one input; a per-arm parameter is one input per arm, except an
    arm that takes another's draw (``same_draw``: the model reads that arm's value). Fixed
    distributions (no uncertainty) are left out.
    """
    items = []
    for name, param in study.parameters.items():
        group = param.group or _OTHER_GROUP
        vector = param.components is not None
        if param.shared:
            if not param.distribution.is_fixed:
                items.append(Input(name, None, group, vector))
        else:
            items += [
                Input(name, arm, group, vector)
                for arm in study.arm_names
                if not param.per_arm[arm].is_fixed and arm not in param.same_draw
            ]
    return tuple(items)


def decision_measures(study: Study) -> tuple[Measure, ...]:
    """Each non-baseline arm against the baseline, then each arm's own balance."""
    labels = {a.name: a.label for a in study.arms}
    base = study.baseline
    differences = [
        Measure(arm, base, f"{labels[arm]} − {labels[base]}")
        for arm in study.arm_names
        if arm != base
    ]
    own = [Measure(arm, "", labels[arm]) for arm in study.arm_names]
    return (*differences, *own)


def _groups(items: Iterable[Input]) -> dict[str, list[Input]]:
    out: dict[str, list[Input]] = {}
    for item in items:
        out.setdefault(item.group, []).append(item)
    return out


def _distribution(study: Study, item: Input) -> Distribution:
    param = study.parameters[item.parameter]
    return param.distribution if item.arm is None else param.per_arm[item.arm]


def _slot(study: Study, values: dict[str, np.ndarray], item: Input) -> np.ndarray:
    """A writable view of one input's values: ``(n,)``, or ``(n, k)`` for a vector."""
    value = values[item.parameter]
    return value if item.arm is None else value[:, study.arm_names.index(item.arm)]


def _measure_values(study: Study, values: dict[str, np.ndarray]) -> np.ndarray:
    """The decision measures for a batch of parameter values: ``(n, measures)``, euros
    per client, with per-client expected outcomes."""
    out = evaluate(study, values, "expected")
    balance = out.total_benefit - out.investment
    arms = study.arm_names
    columns = [
        balance[:, arms.index(m.arm)] - (balance[:, arms.index(m.versus)] if m.versus else 0.0)
        for m in decision_measures(study)
    ]
    return np.stack(columns, axis=1)


def _rng(rng: Rng, study_seed: int) -> np.random.Generator:
    return np.random.default_rng(study_seed if rng is None else rng)


def _require_inputs(study: Study) -> tuple[Input, ...]:
    items = study_inputs(study)
    if not items:
        raise ValueError(
            f"{study.origin}: every input is fixed; there is no uncertainty to analyse"
        )
    return items


def _sorted(table: pd.DataFrame, measures: Sequence[str], by: Sequence[str]) -> pd.DataFrame:
    """Rows in the order of ``measures`` (labels), then by the ``by`` columns, largest first."""
    order = {label: i for i, label in enumerate(measures)}
    keyed = table.assign(_measure=table["measure"].map(order))
    return (
        keyed.sort_values(["_measure", *by], ascending=[True] + [False] * len(by), kind="stable")
        .drop(columns="_measure")
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------- tornado


@dataclass(frozen=True)
class Tornado:
    """One-way sensitivity of the decision measures (:func:`tornado`).

    Attributes
    ----------
    table
        One row per (measure, input or group), widest swing first within each measure:
        ``arm``, ``versus``, ``measure`` (label), ``input``, ``group``, ``kind``
        (``"scalar"``, ``"vector"`` or ``"group"``), ``input_low`` and ``input_high`` (a
        scalar input's percentiles, in its own unit; empty otherwise), ``at_low`` and
        ``at_high`` (euros per client: the measure with a scalar input at its low and high
        percentile; for a vector or group, the measure's low and high percentiles as it
        varies alone), ``swing`` (``|at_high − at_low|``) and ``base`` (every input at its
        mean).
    percentiles
        The low and high percentiles, as fractions (0.05, 0.95).
    """

    table: pd.DataFrame
    percentiles: tuple[float, float]


def tornado(
    study: Study,
    *,
    by: Literal["input", "group"] = "input",
    percentiles: tuple[float, float] = (0.05, 0.95),
    draws: int = 20_000,
    rng: Rng = None,
) -> Tornado:
    """One-way sensitivity: each input at its low and high percentile, the others at their means.

    Parameters
    ----------
    study
        The study.
    by
        ``"input"``: one bar per input (:func:`study_inputs`); ``"group"``: one bar per
        input group, its inputs varying jointly.
    percentiles
        The low and high percentiles (fractions), by default the 5th and 95th.
    draws
        For a vector input (Dirichlet shares) or a group, which has no single 5th
        percentile: the number of draws of it (others at their means) from which the
        measure's own percentiles are taken. For a scalar input whose effect is monotone
        (every input of a sum of products is), those equal the measure at the input's
        percentiles, so both kinds of bars mean the same.
    rng
        Generator or seed for those draws; ``None`` uses the study's seed.

    Returns
    -------
    Tornado
        The swing of each measure (euros per client) per input, with the base value (all
        inputs at their means).
    """
    low, high = percentiles
    if not 0 < low < high < 1:
        raise ValueError(f"percentiles must satisfy 0 < low < high < 1, got {percentiles}")
    if by not in ("input", "group"):
        raise ValueError(f"by must be 'input' or 'group', got {by!r}")
    if draws < 2:
        raise ValueError(f"draws must be at least 2, got {draws}")
    items = _require_inputs(study)
    generator = _rng(rng, study.seed)
    measures = decision_measures(study)
    base = _measure_values(study, central_values(study, 1))[0]

    rows: list[dict] = []

    def add(label, group, kind, in_low, in_high, at_low, at_high):
        for j, m in enumerate(measures):
            rows.append(
                {
                    "arm": m.arm,
                    "versus": m.versus,
                    "measure": m.label,
                    "input": label,
                    "group": group,
                    "kind": kind,
                    "input_low": in_low,
                    "input_high": in_high,
                    "at_low": float(at_low[j]),
                    "at_high": float(at_high[j]),
                    "swing": abs(float(at_high[j] - at_low[j])),
                    "base": float(base[j]),
                }
            )

    def varied(members: Sequence[Input]) -> tuple[np.ndarray, np.ndarray]:
        values = central_values(study, draws)
        for item in members:
            _slot(study, values, item)[...] = _distribution(study, item).sample(generator, draws)
        result = _measure_values(study, values)
        return np.quantile(result, low, axis=0), np.quantile(result, high, axis=0)

    if by == "group":
        for group, members in _groups(items).items():
            add(group, group, "group", math.nan, math.nan, *varied(members))
    else:
        scalars = [item for item in items if not item.vector]
        values = central_values(study, 2 * len(scalars))
        ends = []
        for i, item in enumerate(scalars):
            ends.append(_distribution(study, item).ppf(np.array([low, high])))
            _slot(study, values, item)[2 * i : 2 * i + 2] = ends[-1]
        result = _measure_values(study, values) if scalars else np.empty((0, len(measures)))
        at = {item: (result[2 * i], result[2 * i + 1], ends[i]) for i, item in enumerate(scalars)}
        for item in items:
            if item.vector:
                add(item.label, item.group, "vector", math.nan, math.nan, *varied([item]))
            else:
                at_low, at_high, (x_low, x_high) = at[item]
                add(item.label, item.group, "scalar", float(x_low), float(x_high), at_low, at_high)

    table = _sorted(pd.DataFrame(rows), [m.label for m in measures], ["swing"])
    return Tornado(table=table, percentiles=(low, high))


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Thresholds:
    """Threshold values of scalar inputs (:func:`thresholds`).

    Attributes
    ----------
    table
        One row per (measure, scalar input): ``arm``, ``versus``, ``measure``, ``input``,
        ``group``, ``mean``, ``low`` and ``high`` (the input's interval percentiles, in its
        own unit), ``base`` (the measure at all means, euros per client), ``threshold``
        (the input value at which the measure changes sign, others at their means; NaN
        when it keeps its sign over the whole support), ``quantile`` (the threshold's
        level in the input's distribution, P(input ≤ threshold)), ``inside`` (the
        threshold lies within [low, high]), ``positive_above`` (the measure is positive
        above the threshold; without one, whether it is positive throughout) and
        ``roots`` (how many sign changes the support holds; the one nearest the mean is
        reported).
    interval
        The interval's percentiles (0.05, 0.95): a 90% interval.
    """

    table: pd.DataFrame
    interval: tuple[float, float]


def _search_grid(dist: Distribution) -> np.ndarray:
    """Input values covering a distribution's support: its quantiles from 1e-12 to
    1 − 1e-12, its finite ends, and a geometric extension towards an infinite end."""
    z = np.linspace(-27.6, 27.6, 241)  # logit of 1e-12 ... 1 - 1e-12
    grid = np.asarray(dist.ppf(1.0 / (1.0 + np.exp(-z))), dtype=float)
    low, high = dist.support()
    extra = [x for x in (low, high) if math.isfinite(x)]
    top, bottom = float(grid.max()), float(grid.min())
    if not math.isfinite(high):
        extra += list(max(abs(top), 1.0) * 2.0 ** np.arange(1, 41))
    if not math.isfinite(low):
        extra += list(-max(abs(bottom), 1.0) * 2.0 ** np.arange(1, 41))
    return np.unique(np.concatenate([grid, extra]))


def _level(dist: Distribution, x: float) -> float:
    """P(X ≤ x) for a continuous scalar distribution, by inverting its ``ppf``."""
    eps = 1e-15
    lo, hi = float(dist.ppf(np.array(eps))), float(dist.ppf(np.array(1 - eps)))
    if x <= lo:
        return 0.0
    if x >= hi:
        return 1.0
    return optimize.brentq(lambda u: float(dist.ppf(np.array(u))) - x, eps, 1 - eps, xtol=1e-14)


def thresholds(study: Study, *, interval: tuple[float, float] = (0.05, 0.95)) -> Thresholds:
    """For each scalar input, the value at which each decision measure changes sign.

    The other inputs stay at their means; the sign change is searched over the input's
    whole support (a fine grid of its quantiles, extended geometrically towards an
    infinite end) and pinned down by Brent's method (:func:`scipy.optimize.brentq`).
    Vector inputs (Dirichlet shares) have no single threshold value and are left out.

    Parameters
    ----------
    study
        The study.
    interval
        Percentiles of the interval the threshold is checked against; by default the 90%
        interval (5th to 95th percentile).

    Returns
    -------
    Thresholds
        Per measure and scalar input: the threshold (in the input's own unit), its
        quantile level and whether it lies inside the interval.
    """
    low, high = interval
    if not 0 < low < high < 1:
        raise ValueError(f"interval must satisfy 0 < low < high < 1, got {interval}")
    items = [item for item in _require_inputs(study) if not item.vector]
    measures = decision_measures(study)
    base = _measure_values(study, central_values(study, 1))[0]
    rows = []
    for item in items:
        dist = _distribution(study, item)
        grid = _search_grid(dist)
        values = central_values(study, len(grid))
        _slot(study, values, item)[...] = grid
        on_grid = _measure_values(study, values)
        x_low, x_high = (float(v) for v in dist.ppf(np.array([low, high])))
        mean = float(dist.mean())
        for j, m in enumerate(measures):

            def f(x, j=j, item=item):
                one = central_values(study, 1)
                _slot(study, one, item)[...] = x
                return float(_measure_values(study, one)[0, j])

            y = on_grid[:, j]
            roots = [float(x) for x, v in zip(grid, y, strict=True) if v == 0.0]
            change = np.flatnonzero(np.sign(y[:-1]) * np.sign(y[1:]) < 0)
            roots += [
                optimize.brentq(f, grid[i], grid[i + 1], xtol=1e-12, rtol=1e-12) for i in change
            ]
            threshold, level, above = math.nan, math.nan, bool(y[-1] > 0)
            if roots:
                threshold = min(roots, key=lambda r: abs(r - mean))
                level = _level(dist, threshold)
                above = bool(y[grid > threshold][0] > 0) if (grid > threshold).any() else False
            rows.append(
                {
                    "arm": m.arm,
                    "versus": m.versus,
                    "measure": m.label,
                    "input": item.label,
                    "group": item.group,
                    "mean": mean,
                    "low": x_low,
                    "high": x_high,
                    "base": float(base[j]),
                    "threshold": threshold,
                    "quantile": level,
                    "inside": bool(roots) and x_low <= threshold <= x_high,
                    "positive_above": above,
                    "roots": len(roots),
                }
            )
    return Thresholds(table=pd.DataFrame(rows), interval=(low, high))


# --------------------------------------------------------------------------- Sobol' indices


def saltelli_bootstrap(
    f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Saltelli (2010) first and total order indices on resampled rows, vectorised.

    Computes exactly what :func:`scipy.stats.sobol_indices` computes (its mean-centred
    ``saltelli_2010`` estimator) on each resample, from resampled means of per-row
    quantities, so that all resamples cost one matrix product.

    Parameters
    ----------
    f_A, f_B
        Model outputs at the rows of the matrices A and B, shape ``(s, n)``.
    f_AB
        Outputs at A with factor i's columns taken from B, shape ``(d, s, n)``.
    counts
        How often each row is drawn in each resample, shape ``(resamples, n)``; a row of
        ones gives the estimate on the sample itself.

    Returns
    -------
    first, total
        Arrays of shape ``(resamples, s, d)``.
    """
    d, s, n = f_AB.shape
    diff = f_AB - f_A[None]
    per_row = np.concatenate(
        [
            f_A,
            f_B,
            f_A**2,
            f_B**2,
            (f_B[None] * diff).reshape(d * s, n),
            diff.reshape(d * s, n),
            (diff**2).reshape(d * s, n),
        ]
    )
    means = np.asarray(counts, dtype=float) @ per_row.T / n
    m_a, m_b, q_a, q_b = (means[:, k * s : (k + 1) * s] for k in range(4))
    b_diff, m_diff, q_diff = (
        means[:, 4 * s + k * d * s : 4 * s + (k + 1) * d * s].reshape(-1, d, s) for k in range(3)
    )
    centre = 0.5 * (m_a + m_b)
    var = 0.5 * (q_a + q_b) - centre**2
    with np.errstate(divide="ignore", invalid="ignore"):
        first = (b_diff - centre[:, None, :] * m_diff) / var[:, None, :]
        total = 0.5 * q_diff / var[:, None, :]
    first[~np.isfinite(first)] = 0.0
    total[~np.isfinite(total)] = 0.0
    return np.swapaxes(first, 1, 2), np.swapaxes(total, 1, 2)


@dataclass(frozen=True)
class SobolResult:
    """Sobol' indices of a function on the unit cube with bootstrap intervals
    (:func:`sobol_from_unit`); arrays are ``(outputs, factors)``."""

    first: np.ndarray
    total: np.ndarray
    first_se: np.ndarray
    total_se: np.ndarray
    first_interval: tuple[np.ndarray, np.ndarray]
    total_interval: tuple[np.ndarray, np.ndarray]
    variance: np.ndarray
    evaluations: int


def _resample_counts(rng: np.random.Generator, resamples: int, n: int) -> np.ndarray:
    """How often each of ``n`` rows appears in each bootstrap resample: ``(resamples, n)``."""
    picks = rng.integers(0, n, size=(resamples, n))
    flat = (picks + n * np.arange(resamples)[:, None]).ravel()
    return np.bincount(flat, minlength=resamples * n).reshape(resamples, n)


def sobol_from_unit(
    func: Callable[[np.ndarray], np.ndarray],
    columns: int,
    factors: Sequence[Sequence[int]],
    n: int,
    *,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
    confidence_level: float = 0.95,
    n_resamples: int = 999,
    rng: Rng = None,
) -> SobolResult:
    """Sobol' first and total order indices of a model of independent inputs, per group of columns.

    A scrambled Sobol' sequence in ``2 × columns`` dimensions gives the matrices A and B
    on the unit cube (Saltelli et al. 2010, section 5, as :func:`scipy.stats.sobol_indices`
    does). ``transform`` maps them to input values once; for each factor the matrix AB
    takes that factor's columns from B. The indices come from
    :func:`scipy.stats.sobol_indices` on these evaluations. A factor may own several
    columns (a Dirichlet vector, an input group), which gives its group indices.

    Intervals are percentile bootstrap intervals over the ``n`` rows, drawn with ``rng``:
    ``SobolResult.bootstrap`` of SciPy draws from NumPy's global random state and cannot
    be made reproducible, so :func:`saltelli_bootstrap` computes the same estimator on
    resamples of rows drawn here. Treating the rows of a scrambled Sobol' sequence as
    independent overstates the error a little: the intervals are conservative.

    Parameters
    ----------
    func
        Maps input values of shape ``(m, columns)`` to outputs ``(m,)`` or ``(m, s)``.
    columns
        The number of columns (scalar uniforms).
    factors
        For each factor, the columns it owns; factors may overlap (an input and its group).
    n
        Base sample, a power of two; ``func`` runs on ``n (2 + len(factors))`` rows.
    transform
        Maps uniforms ``(m, columns)`` to input values in the same layout (inverse CDFs);
        the columns of a factor may depend on each other (Dirichlet components) but not on
        other factors' columns. ``None``: the inputs are the uniforms.
    confidence_level, n_resamples
        Of the bootstrap intervals.
    rng
        Generator or seed (``None``: fresh entropy); the design and the bootstrap get
        streams spawned from it.

    Returns
    -------
    SobolResult
        Indices, bootstrap standard errors and intervals, output variances.
    """
    if n < 2 or n & (n - 1):
        raise ValueError(f"n must be a power of two (at least 2), got {n}")
    if not 0 < confidence_level < 1:
        raise ValueError(
            f"confidence_level must lie strictly between 0 and 1, got {confidence_level}"
        )
    if n_resamples < 2:
        raise ValueError(f"n_resamples must be at least 2, got {n_resamples}")
    if not factors or not all(f and all(0 <= c < columns for c in f) for f in factors):
        raise ValueError(f"factors must be non-empty sets of column indices in [0, {columns})")
    design_rng, boot_rng = np.random.default_rng(rng).spawn(2)
    points = qmc.Sobol(d=2 * columns, scramble=True, rng=design_rng).random(n)
    points = np.clip(points, _TINY, 1 - _TINY)
    a, b = points[:, :columns], points[:, columns:]
    if transform is not None:
        a, b = np.asarray(transform(a), dtype=float), np.asarray(transform(b), dtype=float)

    def outputs(x):
        return np.asarray(func(x), dtype=float).reshape(len(x), -1).T

    f_a, f_b = outputs(a), outputs(b)
    pages = []
    for factor in factors:
        ab = a.copy()
        ab[:, list(factor)] = b[:, list(factor)]
        pages.append(outputs(ab))
    return _sobol_result(f_a, f_b, np.stack(pages), n, confidence_level, n_resamples, boot_rng)


def _sobol_result(f_a, f_b, f_ab, n, confidence_level, n_resamples, rng) -> SobolResult:
    if not (np.isfinite(f_a).all() and np.isfinite(f_b).all() and np.isfinite(f_ab).all()):
        raise ValueError("the model returned values that are not finite")
    s, d = f_a.shape[0], f_ab.shape[0]
    result = stats.sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n)
    first = np.reshape(result.first_order, (s, d))
    total = np.reshape(result.total_order, (s, d))
    alpha = (1 - confidence_level) / 2
    boot_first, boot_total = [], []
    batch = max(1, (1 << 22) // n)
    for start in range(0, n_resamples, batch):
        counts = _resample_counts(rng, min(batch, n_resamples - start), n)
        one_first, one_total = saltelli_bootstrap(f_a, f_b, f_ab, counts)
        boot_first.append(one_first)
        boot_total.append(one_total)
    boot_first, boot_total = np.concatenate(boot_first), np.concatenate(boot_total)
    variance = np.var(np.concatenate([f_a, f_b], axis=1), axis=1)
    return SobolResult(
        first=first,
        total=total,
        first_se=boot_first.std(axis=0, ddof=1),
        total_se=boot_total.std(axis=0, ddof=1),
        first_interval=tuple(np.quantile(boot_first, [alpha, 1 - alpha], axis=0)),
        total_interval=tuple(np.quantile(boot_total, [alpha, 1 - alpha], axis=0)),
        variance=variance,
        evaluations=n * (d + 2),
    )


@dataclass(frozen=True)
class SobolIndices:
    """Sobol' indices of the decision measures (:func:`sobol`).

    Attributes
    ----------
    table
        One row per (measure, input or group): ``arm``, ``versus``, ``measure``, ``kind``
        (``"input"`` or ``"group"``), ``input``, ``group``, ``first`` and ``total`` (the
        first and total order indices, shares of the measure's variance), each with
        ``_se`` (bootstrap standard error), ``_low`` and ``_high`` (bootstrap interval),
        and ``sd`` (the measure's standard deviation, euros per client). Inputs are sorted
        by total index within each measure.
    n
        The base sample.
    evaluations
        Model runs made: ``n (2 + inputs + groups)``.
    confidence_level
        Of the intervals.
    """

    table: pd.DataFrame
    n: int
    evaluations: int
    confidence_level: float


def sobol(
    study: Study,
    n: int = DEFAULT_SOBOL_N,
    *,
    groups: bool = True,
    confidence_level: float = 0.95,
    n_resamples: int = 999,
    rng: Rng = None,
) -> SobolIndices:
    """Sobol' first and total order indices of the balance difference and of each arm's balance.

    The unit cube has one column per scalar uniform of the uncertain inputs
    (:func:`mkba_mc.sampling.unit_columns`), mapped through each distribution's inverse
    CDF; a factor is an input (:func:`study_inputs`: a Dirichlet vector with all its
    components) and, with ``groups``, also each input group. See :func:`sobol_from_unit`.

    Parameters
    ----------
    study
        The study.
    n
        Base sample, a power of two; the model runs ``n (2 + inputs + groups)`` times
        (each run is one per-client expected evaluation, cheap: about 0.5 µs).
    groups
        Also compute the indices of each input group (dossier outcomes, ...).
    confidence_level, n_resamples
        Of the bootstrap intervals.
    rng
        Generator or seed; ``None`` uses the study's seed.

    Returns
    -------
    SobolIndices
        Indices with bootstrap standard errors and intervals.

    Raises
    ------
    ValueError
        When the study has ``[correlations]``: the variance decomposition behind these
        indices needs independent inputs, and the indices of dependent inputs have no
        agreed meaning; use :func:`rank_indices` or :func:`mkba_mc.voi.evppi` instead.
    """
    if study.correlations is not None:
        raise ValueError(
            f"{study.origin}: correlations: Sobol' indices need independent inputs and are "
            "not computed for correlated ones; use rank indices or EVPPI"
        )
    items = _require_inputs(study)
    layout = unit_columns(study)
    where: dict[tuple[str, str | None], list[int]] = {}
    for i, col in enumerate(layout):
        where.setdefault((col.parameter, col.arm), []).append(i)
    item_columns = [where[(item.parameter, item.arm)] for item in items]
    used = sorted(c for cols in item_columns for c in cols)
    position = {c: i for i, c in enumerate(used)}
    factors = [[position[c] for c in cols] for cols in item_columns]
    labels = [(item.label, item.group, "input") for item in items]
    if groups:
        for group, members in _groups(items).items():
            factors.append([position[c] for m in members for c in where[(m.parameter, m.arm)]])
            labels.append((group, group, "group"))

    fixed = join_columns(study, central_values(study, 1))

    def transform(u: np.ndarray) -> np.ndarray:
        full = np.full((len(u), len(layout)), 0.5)
        full[:, used] = u
        return join_columns(study, parameters_from_columns(study, full))[:, used]

    def func(x: np.ndarray) -> np.ndarray:
        full = np.repeat(fixed, len(x), axis=0)
        full[:, used] = x
        return _measure_values(study, split_columns(study, full))

    result = sobol_from_unit(
        func,
        len(used),
        factors,
        n,
        transform=transform,
        confidence_level=confidence_level,
        n_resamples=n_resamples,
        rng=_rng(rng, study.seed),
    )
    measures = decision_measures(study)
    rows = []
    for j, m in enumerate(measures):
        for k, (label, group, kind) in enumerate(labels):
            rows.append(
                {
                    "arm": m.arm,
                    "versus": m.versus,
                    "measure": m.label,
                    "kind": kind,
                    "input": label,
                    "group": group,
                    "first": result.first[j, k],
                    "first_se": result.first_se[j, k],
                    "first_low": result.first_interval[0][j, k],
                    "first_high": result.first_interval[1][j, k],
                    "total": result.total[j, k],
                    "total_se": result.total_se[j, k],
                    "total_low": result.total_interval[0][j, k],
                    "total_high": result.total_interval[1][j, k],
                    "sd": math.sqrt(result.variance[j]),
                }
            )
    table = pd.DataFrame(rows)
    table = _sorted(
        table.assign(_input=table["kind"] == "input"),
        [m.label for m in measures],
        ["_input", "total"],
    ).drop(columns="_input")
    return SobolIndices(
        table=table, n=n, evaluations=result.evaluations, confidence_level=confidence_level
    )


# --------------------------------------------------------------------------- rank-based indices


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


def run_inputs(ds: xr.Dataset) -> list[tuple[Input, np.ndarray]]:
    """Every uncertain input of a run with its draws, as columns for a regression.

    Each ``param_<name>`` of the run is an input, per arm for a per-arm parameter; its
    array is ``(n, 1)`` for a scalar and ``(n, k - 1)`` for a vector of ``k`` components
    (the last is left out: the components sum to one). Columns without variation (fixed
    inputs) are dropped, and inputs left without columns; so is an arm whose draws are
    another arm's (``same_as``: one input, the first arm's).
    """
    out = []
    for name in ds.data_vars:
        if not str(name).startswith("param_") or "draw" not in ds[name].dims:
            continue
        da = ds[name]
        parameter = str(name)[len("param_") :]
        group = da.attrs.get("group") or _OTHER_GROUP
        extra = [d for d in da.dims if d not in ("draw", "arm")]
        arms = [str(a) for a in da["arm"].values] if "arm" in da.dims else [None]
        seen: list[np.ndarray] = []
        for arm in arms:
            one = da if arm is None else da.sel(arm=arm)
            values = np.asarray(one.transpose("draw", *extra).values, dtype=float)
            vector = bool(extra)
            if vector:
                values = values.reshape(len(values), -1)[:, :-1]
            else:
                values = values[:, None]
            values = values[:, values.std(axis=0) > 0]
            if values.shape[1] and not any(np.array_equal(values, v) for v in seen):
                seen.append(values)
                out.append((Input(parameter, arm, group, vector), values))
    return out


def _run_measures(ds: xr.Dataset) -> list[tuple[Measure, np.ndarray]]:
    labels = (
        {str(a): str(lab) for a, lab in zip(ds["arm"].values, ds["arm_label"].values, strict=True)}
        if "arm_label" in ds.coords
        else {str(a): str(a) for a in ds["arm"].values}
    )
    diff = versus_baseline(ds, "balance")
    base = diff.attrs["baseline"]
    out = [
        (
            Measure(str(arm), base, f"{labels[str(arm)]} − {labels[base]}"),
            np.asarray(diff.sel(arm=arm).values, dtype=float),
        )
        for arm in diff["arm"].values
    ]
    out += [
        (
            Measure(str(arm), "", labels[str(arm)]),
            np.asarray(ds["balance"].sel(arm=arm).values, dtype=float),
        )
        for arm in ds["arm"].values
    ]
    return out


def _standard_ranks(x: np.ndarray) -> np.ndarray:
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
    groups = _groups(item for item, _ in columns)
    index = {item: i for i, (item, _) in enumerate(columns)}
    for m, y in _run_measures(ds):
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
        table=_sorted(pd.DataFrame(rows), labels, ["rank_r2"]),
        groups=_sorted(pd.DataFrame(group_rows), labels, ["rank_r2"]),
        fit=pd.DataFrame(fit_rows),
        draws=n,
    )


# --------------------------------------------------------------------------- text


def _number(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _first_measure(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["measure"].isin(table.loc[table["versus"] != "", "measure"].unique())]


def format_tornado(result: Tornado, top: int = 12) -> str:
    """The widest bars of each difference in balance, as a text table."""
    low, high = (f"{100 * p:g}%" for p in result.percentiles)
    lines = []
    for measure, rows in _first_measure(result.table).groupby("measure", sort=False):
        base = rows["base"].iloc[0]
        lines += [
            f"One-way sensitivity (tornado): {measure}, euros per client; "
            f"base (all inputs at their means) {money(base)}"
        ]
        table = [["input", "group", f"at {low}", f"at {high}", "swing"]]
        for _, r in rows.head(top).iterrows():
            table.append(
                [r["input"], r["group"], money(r["at_low"]), money(r["at_high"]), money(r["swing"])]
            )
        lines += text_table(table, "llrrr")
        if len(rows) > top:
            lines.append(f"  ... and {len(rows) - top} more (all in tornado.csv)")
        lines.append("  Vectors and groups: the measure's own percentiles as they vary alone.")
    return "\n".join(lines)


def format_thresholds(result: Thresholds) -> str:
    """Scalar inputs that can change the sign of a difference in balance on their own."""
    low, high = result.interval
    width = f"{100 * (high - low):g}%"
    lines = []
    for measure, rows in _first_measure(result.table).groupby("measure", sort=False):
        found = rows[np.isfinite(rows["threshold"])]
        found = found.iloc[np.argsort(np.abs(found["quantile"].to_numpy() - 0.5), kind="stable")]
        lines.append(f"Threshold values: {measure} changes sign (others at their means)")
        if found.empty:
            lines.append("  no single input can change its sign on its own")
        else:
            table = [["input", "mean", "threshold", "quantile", f"in {width} interval", "positive"]]
            for _, r in found.iterrows():
                table.append(
                    [
                        r["input"],
                        _number(r["mean"]),
                        _number(r["threshold"]),
                        f"{100 * r['quantile']:.1f}%",
                        "yes" if r["inside"] else "no",
                        "above" if r["positive_above"] else "below",
                    ]
                )
            lines += text_table(table, "lrrrll")
        lines.append(
            f"  The other {len(rows) - len(found)} of {len(rows)} scalar inputs cannot "
            "change the sign anywhere in their support."
        )
    return "\n".join(lines)


def format_sobol(result: SobolIndices, top: int = 12) -> str:
    """First and total order indices of each difference in balance, as a text table."""
    level = f"{100 * result.confidence_level:g}%"
    lines = []
    for measure, rows in _first_measure(result.table).groupby("measure", sort=False):
        lines.append(
            f"Global sensitivity (Sobol'): {measure}; n = {result.n:,} "
            f"({result.evaluations:,} model runs), {level} bootstrap intervals"
        )
        for kind, title in (("group", "input group"), ("input", "input")):
            part = rows[rows["kind"] == kind]
            if part.empty:
                continue
            table = [[title, "first order", level, "total order", level]]
            for _, r in part.head(top).iterrows():
                cells = [r["input"]]
                for order in ("first", "total"):
                    cells += [
                        f"{r[order]:.3f}",
                        f"[{r[f'{order}_low']:.3f}, {r[f'{order}_high']:.3f}]",
                    ]
                table.append(cells)
            lines += text_table(table, "lrrrr")
            if len(part) > top:
                lines.append(f"  ... and {len(part) - top} more (all in sobol.csv)")
    return "\n".join(lines)


def format_rank(result: RankIndices, top: int = 12) -> str:
    """Spearman and SRRC of each difference in balance, as a text table."""
    lines = []
    for measure, rows in _first_measure(result.table).groupby("measure", sort=False):
        r2 = result.fit.loc[result.fit["measure"] == measure, "r2"].iloc[0]
        lines.append(
            f"Rank-based indices: {measure}; {result.draws:,} draws, rank regression R² = {r2:.3f}"
        )
        groups = result.groups[result.groups["measure"] == measure]
        table = [["input group", "rank R²"]]
        table += [[g["group"], f"{g['rank_r2']:.3f}"] for _, g in groups.iterrows()]
        lines += text_table(table, "lr")
        table = [["input", "Spearman", "SRRC", "rank R²"]]
        for _, r in rows.head(top).iterrows():
            rho, srrc = (
                "" if not math.isfinite(r[k]) else f"{r[k]:+.3f}".replace("-", "−")
                for k in ("spearman", "srrc")
            )
            table.append([r["input"], rho, srrc, f"{r['rank_r2']:.3f}"])
        lines += text_table(table, "lrrr")
        if len(rows) > top:
            lines.append(f"  ... and {len(rows) - top} more (all in rank.csv)")
    return "\n".join(lines)
