"""Sobol' first and total order indices, with bootstrap intervals, on the unit cube."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..mcse import Rng, bootstrap_summary, generator, resample_counts
from ..sampling import (
    central_values,
    join_columns,
    parameters_from_columns,
    split_columns,
    unit_columns,
)
from ..spec import Study
from .inputs import (
    Input,
    Measure,
    decision_measures,
    groups_of,
    measure_values,
    require_inputs,
    sorted_rows,
)

__all__ = [
    "DEFAULT_SOBOL_N",
    "SobolIndices",
    "SobolResult",
    "saltelli_bootstrap",
    "sobol",
    "sobol_from_unit",
]

DEFAULT_SOBOL_N = 2**13
"""Base sample of :func:`sobol` (a power of two): ``n (2 + inputs + groups)`` model runs,
about a second. On the default study the indices then vary by under 0.006 between seeds,
enough to rank the inputs (benchmarks/bench_sensitivity.py)."""

_TINY = 2.0**-53  # keeps uniforms strictly inside (0, 1) for the inverse CDFs


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


def sobol_from_unit(
    func: Callable[[np.ndarray], np.ndarray],
    columns: int,
    factors: Sequence[Sequence[int]],
    n: int,
    *,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
    confidence_level: float = 0.95,
    n_resamples: int = 999,
    rng: np.random.Generator | int | np.random.SeedSequence,
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
        Generator or seed (required: a function on the unit cube has no study seed to
        fall back on); the design and the bootstrap get streams spawned from it.

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
    if rng is None:
        raise ValueError("rng must be a Generator or a seed, got None")
    design_rng, boot_rng = np.random.default_rng(rng).spawn(2)
    from scipy.stats import qmc  # slow to import: only when Sobol' indices are asked

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
    from scipy import stats

    result = stats.sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n)
    first = np.reshape(result.first_order, (s, d))
    total = np.reshape(result.total_order, (s, d))
    firsts, totals = [], []
    batch = max(1, (1 << 22) // n)
    for start in range(0, n_resamples, batch):
        counts = resample_counts(rng, min(batch, n_resamples - start), n)
        one_first, one_total = saltelli_bootstrap(f_a, f_b, f_ab, counts)
        firsts.append(one_first)
        totals.append(one_total)
    variance = np.var(np.concatenate([f_a, f_b], axis=1), axis=1)
    boot_first = bootstrap_summary(first, np.concatenate(firsts), confidence_level)
    boot_total = bootstrap_summary(total, np.concatenate(totals), confidence_level)
    return SobolResult(
        first=first,
        total=total,
        first_se=boot_first["se"],
        total_se=boot_total["se"],
        first_interval=(boot_first["low"], boot_first["high"]),
        total_interval=(boot_total["low"], boot_total["high"]),
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
    items = require_inputs(study)
    used, factors, labels = _factors(study, items, groups)
    fixed = join_columns(study, central_values(study, 1))
    width = len(unit_columns(study))

    def transform(u: np.ndarray) -> np.ndarray:
        full = np.full((len(u), width), 0.5)
        full[:, used] = u
        return join_columns(study, parameters_from_columns(study, full))[:, used]

    def func(x: np.ndarray) -> np.ndarray:
        full = np.repeat(fixed, len(x), axis=0)
        full[:, used] = x
        return measure_values(study, split_columns(study, full))

    result = sobol_from_unit(
        func,
        len(used),
        factors,
        n,
        transform=transform,
        confidence_level=confidence_level,
        n_resamples=n_resamples,
        rng=generator(rng, study.seed),
    )
    table = _table(result, decision_measures(study), labels)
    return SobolIndices(
        table=table, n=n, evaluations=result.evaluations, confidence_level=confidence_level
    )


def _factors(
    study: Study, items: Sequence[Input], groups: bool
) -> tuple[list[int], list[list[int]], list[tuple[str, str, str]]]:
    """The unit-cube columns of the uncertain inputs (``used``, in the layout of
    :func:`mkba_mc.sampling.unit_columns`), each factor's columns among them (each input,
    then with ``groups`` each input group), and each factor's (label, group, kind)."""
    where: dict[tuple[str, str | None], list[int]] = {}
    for i, col in enumerate(unit_columns(study)):
        where.setdefault((col.parameter, col.arm), []).append(i)
    item_columns = [where[(item.parameter, item.arm)] for item in items]
    used = sorted(c for cols in item_columns for c in cols)
    position = {c: i for i, c in enumerate(used)}
    factors = [[position[c] for c in cols] for cols in item_columns]
    labels = [(item.label, item.group, "input") for item in items]
    if groups:
        for group, members in groups_of(items).items():
            factors.append([position[c] for m in members for c in where[(m.parameter, m.arm)]])
            labels.append((group, group, "group"))
    return used, factors, labels


def _table(
    result: SobolResult, measures: Sequence[Measure], labels: Sequence[tuple[str, str, str]]
) -> pd.DataFrame:
    """One row per (measure, factor), inputs by total index within each measure."""
    rows = []
    for j, m in enumerate(measures):
        for k, (label, group, kind) in enumerate(labels):
            rows.append(
                {"arm": m.arm, "versus": m.versus, "measure": m.label, "kind": kind}
                | {"input": label, "group": group}
                | {
                    f"{order}{suffix}": values[j, k]
                    for order, value, se, (low, high) in (
                        ("first", result.first, result.first_se, result.first_interval),
                        ("total", result.total, result.total_se, result.total_interval),
                    )
                    for suffix, values in (("", value), ("_se", se), ("_low", low), ("_high", high))
                }
                | {"sd": math.sqrt(result.variance[j])}
            )
    table = pd.DataFrame(rows)
    return sorted_rows(
        table.assign(_input=table["kind"] == "input"),
        [m.label for m in measures],
        ["_input", "total"],
    ).drop(columns="_input")
