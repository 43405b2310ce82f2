"""Value of information: what perfect knowledge would be worth, per client and per year.

A council chooses the arm (route) with the highest expected net benefit. The net benefit
of an arm, in euros per client, is its balance (benefits − investment) plus λ times its
share of successful clients, where λ (``wtp``, euros) is the value the council puts on
each extra successful client's unmonetised gains (less stress, better health; the
study's chapter 4)::

    NB_arm(λ) = balance_arm + λ × share_successful_arm

EVPI
    The expected value of perfect information, ``E[max_arm NB] − max_arm E[NB]``: what
    the council would at most gain, per client, by learning every input before choosing.
EVPPI
    The expected value of partial perfect information about one input group (dossier
    outcomes, dossier client shares, literature shares, unit costs and durations,
    programme costs; ``Parameter.group``): ``E_G[max_arm E(NB | G)] − max_arm E[NB]``.
    The inner expectation ``E(NB | G)`` is estimated by regression on the run's own
    sample (Strong, Oakley and Brennan 2014, *Medical Decision Making* 34: 311-326): the
    incremental net benefit of each arm over the baseline is regressed on the group's
    inputs, with a basis chosen by leave-one-out cross-validation (:data:`BASES`).

Per year
    Per-client values times the intakes a year (:data:`INTAKES_PER_YEAR` by default):
    what perfect knowledge would be worth for one year's decisions, undiscounted.

Standard errors are bootstrap standard errors over the run's draws: each resample
re-weights the draws, re-estimates the regression by one Newton step (for least squares
the exact linear response of the fit to the weights, the estimating-function bootstrap
of Hu and Kalbfleisch 2000) and recomputes the value. Use a run with the ``expected``
cohort: the chance variation of a small cohort's outcomes is not something research could
resolve, and it would count as decision uncertainty in the EVPI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr

from .arms import arms_of
from .decision import DEFAULT_WTP, INTAKES_PER_YEAR
from .mcse import Rng, bootstrap_summary, generator, resample_counts
from .model import evaluate, success_share
from .regression import BASES, regress
from .sampling import central_values
from .sensitivity.inputs import run_inputs
from .spec import Study

__all__ = [
    "BASES",
    "DEFAULT_WTP",
    "EVPI_GROUP",
    "INTAKES_PER_YEAR",
    "ValueOfInformation",
    "evpi",
    "evppi",
    "evppi_conditional_means",
    "net_benefit_differences",
]

EVPI_GROUP = "all inputs (EVPI)"
"""The ``group`` label of the EVPI rows in :class:`ValueOfInformation` tables."""

_WORK_ELEMENTS = 1 << 22
"""Elements (32 MB of float64) of draws × resamples × 4 in one batch of bootstrap resamples."""

# --------------------------------------------------------------------------- net benefit


def net_benefit_differences(ds: xr.Dataset) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per draw, each non-baseline arm minus the baseline: balance and share successful.

    Returns
    -------
    balance, success, arms
        Arrays ``(draw, arm)`` of the difference in balance (euros per client) and in the
        share of successful clients, and the non-baseline arms in that order. The
        incremental net benefit at λ is ``balance + λ × success``.
    """
    run = arms_of(ds)
    return run.differences("balance"), run.differences("share_successful"), run.others


def _value(g_balance: np.ndarray, g_success: np.ndarray, wtp: float, weights=None) -> np.ndarray:
    """``E[max(0, max_arm INB)] − max(0, max_arm E[INB])`` over draws (axis 0).

    ``g_*`` are ``(n, ..., arms)`` (the incremental net benefit is ``g_balance + wtp ×
    g_success``); ``weights`` ``(n, ...)`` re-weight the draws (bootstrap counts). The
    result has the shape of the middle axes.
    """
    inb = g_balance + wtp * g_success
    best = np.maximum(inb.max(axis=-1), 0.0)
    if weights is None:
        return best.mean(axis=0) - np.maximum(inb.mean(axis=0).max(axis=-1), 0.0)
    n = inb.shape[0]
    mean_best = np.einsum("n...,n...->...", weights, best) / n
    mean_inb = np.einsum("n...,n...a->...a", weights, inb) / n
    return mean_best - np.maximum(mean_inb.max(axis=-1), 0.0)


def _check_wtp(wtp: Sequence[float]) -> np.ndarray:
    values = np.atleast_1d(np.asarray(wtp, dtype=float))
    if values.ndim != 1 or values.size == 0 or not np.isfinite(values).all():
        raise ValueError(f"wtp must be one or more finite values in euros, got {wtp!r}")
    return values


def _check_common(ds: xr.Dataset, intakes: float, n_resamples: int, confidence_level: float) -> int:
    cohort = str(ds.attrs.get("cohort", "expected"))
    if cohort != "expected":
        raise ValueError(
            f"value of information needs a run with the expected cohort, got a cohort of "
            f"{cohort} clients per arm: its chance outcomes would count as decision "
            "uncertainty (run the same study with cohort='expected')"
        )
    n = ds.sizes["draw"]
    if n < 100:
        raise ValueError(f"value of information needs at least 100 draws, got {n}")
    if not intakes > 0:
        raise ValueError(f"intakes must be a positive number a year, got {intakes!r}")
    if n_resamples < 2:
        raise ValueError(f"n_resamples must be at least 2, got {n_resamples}")
    if not 0 < confidence_level < 1:
        raise ValueError(
            f"confidence_level must lie strictly between 0 and 1, got {confidence_level}"
        )
    return n


# --------------------------------------------------------------------------- bootstrap


def _counts_batches(rng: np.random.Generator, resamples: int, n: int):
    """Bootstrap counts (:func:`mkba_mc.mcse.resample_counts`) as ``(n, batch)`` floats,
    batch by batch to bound memory."""
    batch = max(1, _WORK_ELEMENTS // (4 * n))
    for start in range(0, resamples, batch):
        yield resample_counts(rng, min(batch, resamples - start), n).T.astype(float)


def _rows(
    group: str, wtp: np.ndarray, stats: dict, intakes: float, best: list[str], share: np.ndarray
) -> list[dict]:
    return [
        {
            "wtp": float(lam),
            "group": group,
            "per_client": float(stats["value"][i]),
            "se": float(stats["se"][i]),
            "low": float(stats["low"][i]),
            "high": float(stats["high"][i]),
            "per_year": float(stats["value"][i] * intakes),
            "per_year_se": float(stats["se"][i] * intakes),
            "best": best[i],
            "share_of_evpi": float(share[i]),
        }
        for i, lam in enumerate(wtp)
    ]


def _best_arms(
    ds: xr.Dataset, wtp: np.ndarray, balance: np.ndarray, success: np.ndarray, others: list[str]
) -> list[str]:
    baseline = arms_of(ds).baseline
    best = []
    for lam in wtp:
        mean = (balance + lam * success).mean(axis=0)
        best.append(others[int(mean.argmax())] if mean.max() > 0 else baseline)
    return best


# --------------------------------------------------------------------------- EVPI, EVPPI


@dataclass(frozen=True)
class ValueOfInformation:
    """EVPI and EVPPI of a run (:func:`evppi`).

    Attributes
    ----------
    table
        One row per (λ, group), the EVPI first (group :data:`EVPI_GROUP`): ``wtp`` (λ,
        euros per extra successful client), ``group``, ``per_client`` (euros per client)
        with its bootstrap ``se`` and interval ``low``, ``high``, ``per_year`` and
        ``per_year_se`` (euros a year for ``intakes`` intakes), ``best`` (the arm chosen
        on current information) and ``share_of_evpi`` (EVPPI / EVPI).
    fits
        One row per (group, target): ``group``, ``columns`` (inputs' columns), ``basis``,
        ``terms``, ``target`` (``"balance KR − FIG"``, ``"share successful KR − FIG"``),
        ``arm`` and ``versus`` (the codes of that difference),
        ``r2`` and ``cv_r2`` (leave-one-out). ``r2`` of the balance estimates the group's
        first-order Sobol' index; ``cv_r2`` well below ``r2`` warns of overfitting.
    curve
        Point estimates at the ``curve`` values of λ: ``wtp``, ``group``, ``per_client``,
        ``per_year`` (empty without ``curve``).
    intakes
        Intakes a year used for ``per_year``.
    draws, n_resamples
        Draws of the run, bootstrap resamples.
    """

    table: pd.DataFrame
    fits: pd.DataFrame
    curve: pd.DataFrame
    intakes: float
    draws: int
    n_resamples: int


def evpi(
    ds: xr.Dataset,
    wtp: Sequence[float] = DEFAULT_WTP,
    *,
    intakes: float = INTAKES_PER_YEAR,
    n_resamples: int = 200,
    confidence_level: float = 0.95,
    rng: Rng = None,
) -> pd.DataFrame:
    """Expected value of perfect information, per client and per year.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`) with the ``expected`` cohort.
    wtp
        Values of λ, euros per extra successful client.
    intakes
        Intakes a year (clients entering a route), to scale to euros a year.
    n_resamples, confidence_level
        Of the bootstrap standard error and interval.
    rng
        Generator or seed of the bootstrap; ``None`` uses the run's seed.

    Returns
    -------
    pandas.DataFrame
        The EVPI rows of :class:`ValueOfInformation` ``.table``.
    """
    return evppi(
        ds,
        wtp,
        groups=(),
        intakes=intakes,
        n_resamples=n_resamples,
        confidence_level=confidence_level,
        rng=rng,
    ).table


def evppi(
    ds: xr.Dataset,
    wtp: Sequence[float] = DEFAULT_WTP,
    *,
    groups: Sequence[str] | None = None,
    intakes: float = INTAKES_PER_YEAR,
    basis: Literal["auto", "linear", "quadratic", "spline"] = "auto",
    curve: Sequence[float] | None = None,
    n_resamples: int = 200,
    confidence_level: float = 0.95,
    rng: Rng = None,
) -> ValueOfInformation:
    """EVPI and the EVPPI of each input group, by regression on the run's sample.

    For each group, the differences against the baseline in balance and in the share of
    successful clients are regressed on the group's inputs (every ``param_<name>`` whose
    ``group`` attribute names it; per arm and per component) in the chosen basis. The
    incremental net benefit is linear in λ, so one fit serves every λ.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`) with ``balance``, ``share_successful`` and
        ``param_<name>`` variables, with the ``expected`` cohort.
    wtp
        Values of λ, euros per extra successful client.
    groups
        Input groups to value; ``None`` takes every group of the run's parameters.
    intakes
        Intakes a year (default :data:`INTAKES_PER_YEAR`), for values per year.
    basis
        A key of :data:`BASES`, or ``"auto"`` to choose per group by leave-one-out error.
    curve
        Further values of λ at which to give point estimates only (``.curve``), e.g. a
        fine grid for a figure of EVPPI against λ; the fits are shared, so it is cheap.
    n_resamples, confidence_level
        Of the bootstrap standard errors and intervals.
    rng
        Generator or seed of the bootstrap; ``None`` uses the run's seed.

    Returns
    -------
    ValueOfInformation
        EVPI and EVPPI per λ and group, with standard errors, intervals and fit checks.

    Raises
    ------
    ValueError
        For a run that sampled a finite cohort (its ``cohort`` attribute is a number of
        clients): the cohort's chance outcomes are not uncertainty research could resolve.

    Notes
    -----
    With correlated inputs (``[correlations]``) the regression stays valid: it estimates
    ``E(NB | group)`` from the joint sample as drawn, so the EVPPI of a group includes what
    learning it would reveal about the inputs it is correlated with.
    Noise in the fitted values biases a regression EVPPI upwards in small samples: on
    the default study by about €5 per client at 2,048 draws and under €1 at 32,768
    (benchmarks/bench_sensitivity.py), so use some 30,000 draws or more. The bootstrap
    keeps the chosen basis fixed, so its standard error leaves out the choice itself.
    Memory: each group keeps an orthonormal basis of draws × terms floats.
    """
    n = _check_common(ds, intakes, n_resamples, confidence_level)
    wtp = _check_wtp(wtp)
    if basis != "auto" and basis not in BASES:
        raise ValueError(f"basis must be 'auto' or one of {', '.join(BASES)}, got {basis!r}")
    balance, success, others = net_benefit_differences(ds)
    columns = run_inputs(ds)
    available = list(dict.fromkeys(item.group for item, _ in columns))
    groups = available if groups is None else list(groups)
    for group in groups:
        if group not in available:
            raise ValueError(
                f"no uncertain input of the run is in group {group!r} "
                f"(groups: {', '.join(available)})"
            )
    curve = None if curve is None else _check_wtp(curve)
    stream = generator(rng, int(ds.attrs.get("seed", 0)))
    a = len(others)
    y = np.concatenate([balance, success], axis=1)
    fits = {}
    for group in groups:
        x = np.concatenate([values for item, values in columns if item.group == group], axis=1)
        fits[group] = (x.shape[1], regress(x, y, basis))

    # Point estimates: the EVPI from the net benefits, each EVPPI from the fitted values.
    estimands = {EVPI_GROUP: (balance, success)}
    estimands.update({g: (f.fitted[:, :a], f.fitted[:, a:]) for g, (_, f) in fits.items()})
    points = {key: np.array([_value(*pair, lam) for lam in wtp]) for key, pair in estimands.items()}
    boots = _bootstrap(estimands, fits, wtp, stream, n_resamples)

    best = _best_arms(ds, wtp, balance, success, others)
    evpi_value = points[EVPI_GROUP]
    rows = []
    for key in estimands:
        stats = bootstrap_summary(points[key], boots[key], confidence_level)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(evpi_value > 0, stats["value"] / evpi_value, np.nan)
        rows += _rows(key, wtp, stats, intakes, best, share)

    curve_rows = []
    for lam in [] if curve is None else curve:
        for key, pair in estimands.items():
            value = float(_value(*pair, lam))
            curve_rows.append(
                {"wtp": float(lam), "group": key, "per_client": value, "per_year": value * intakes}
            )

    fit_rows = _fit_rows(ds, fits, others)
    return ValueOfInformation(
        table=pd.DataFrame(rows),
        fits=pd.DataFrame(fit_rows),
        curve=pd.DataFrame(curve_rows),
        intakes=float(intakes),
        draws=n,
        n_resamples=n_resamples,
    )


def _bootstrap(estimands: dict, fits: dict, wtp: np.ndarray, rng, n_resamples: int) -> dict:
    """Each estimand's value at each λ on every bootstrap resample: ``(resamples, λ)``.

    A resample re-weights the draws; the EVPI is recomputed with the weights, each EVPPI
    after one Newton step of its re-weighted fit, ``fitted + Q Qᵀ ((w − 1) ∘ residual)``
    (exact for least squares).
    """
    balance, success = estimands[EVPI_GROUP]
    n, a = balance.shape
    boots: dict[str, list[np.ndarray]] = {key: [] for key in estimands}
    for counts in _counts_batches(rng, n_resamples, n):
        boots[EVPI_GROUP].append(
            np.stack(
                [_value(balance[:, None], success[:, None], lam, counts) for lam in wtp], axis=1
            )
        )
        shifted = (counts - 1.0)[:, :, None]
        for group, (_, fit) in fits.items():
            weighted = (shifted * fit.residual[:, None, :]).reshape(n, -1)
            g = (fit.q @ (fit.q.T @ weighted)).reshape(n, counts.shape[1], 2 * a)
            g += fit.fitted[:, None, :]
            boots[group].append(
                np.stack([_value(g[..., :a], g[..., a:], lam, counts) for lam in wtp], axis=1)
            )
    return {key: np.concatenate(values) for key, values in boots.items()}


def _fit_rows(ds: xr.Dataset, fits: dict, others: list[str]) -> list[dict]:
    """One row per (group, target) on how well each group's regression fits."""
    labels = arms_of(ds).labels
    base_label = labels[arms_of(ds).baseline]
    targets = [("balance", o) for o in others] + [("share successful", o) for o in others]
    return [
        {
            "group": group,
            "columns": width,
            "basis": fit.basis,
            "terms": fit.terms,
            "target": f"{kind} {labels[arm]} − {base_label}",
            "arm": arm,
            "versus": arms_of(ds).baseline,
            "r2": float(fit.r2[t]),
            "cv_r2": float(fit.cv_r2[t]),
        }
        for group, (width, fit) in fits.items()
        for t, (kind, arm) in enumerate(targets)
    ]


# --------------------------------------------------------------------------- exact check


def _multilinear(study: Study) -> str | None:
    """Why ``E(NB | group)`` may differ from the model at the other inputs' means, or None.

    With per-client expected values every term is a product of distinct, independent
    inputs (a resolution probability times a category share in the client basis), so
    the net benefit is multilinear and the conditional mean is the model at the means.
    Rounding to whole dossiers, or a term that multiplies a resolution probability by
    itself, breaks that.
    """
    if study.correlations is not None:
        return "its inputs are correlated, so a product's mean is not the product of means"
    probabilities = {r.probability for r in study.outcomes.resolutions}
    if any(r.round_to_dossiers for r in study.outcomes.resolutions):
        return "its resolution rounds to whole dossiers"
    for item in (*study.costs, *study.benefits):
        for term in item.terms:
            used = {ref.partition(".")[0] for ref in term.params}
            if used & probabilities:
                return (
                    f"{item.name} multiplies a resolution probability by the client basis it shapes"
                )
    return None


def evppi_conditional_means(
    study: Study,
    ds: xr.Dataset,
    wtp: Sequence[float] = DEFAULT_WTP,
    *,
    groups: Sequence[str] | None = None,
    intakes: float = INTAKES_PER_YEAR,
) -> pd.DataFrame:
    """EVPPI per input group without regression, exact for a multilinear model.

    When the net benefit is a sum of products of independent inputs (as mkba-mc's model
    with per-client expected values is, unless a resolution rounds to whole dossiers),
    ``E(NB | group)`` is the model evaluated at the group's values with every other input
    at its mean (Brennan et al. 2007, *Medical Decision Making* 27: 448-470). This
    evaluates that for each of the run's draws: a check on the regression of
    :func:`evppi`, on the same draws.

    Parameters
    ----------
    study
        The study the run ``ds`` was simulated from.
    ds
        The run.
    wtp, groups, intakes
        As for :func:`evppi`.

    Returns
    -------
    pandas.DataFrame
        ``wtp``, ``group``, ``per_client`` and ``per_year`` (euros).

    Raises
    ------
    ValueError
        When the study is not multilinear, or the run does not belong to it.
    """
    reason = _multilinear(study)
    if reason is not None:
        raise ValueError(
            f"{study.origin}: the conditional mean is not the model at the means: {reason}"
        )
    if [str(a) for a in ds["arm"].values] != list(study.arm_names):
        raise ValueError("the run's arms differ from the study's: simulate the run from this study")
    wtp = _check_wtp(wtp)
    n = ds.sizes["draw"]
    all_groups = list(dict.fromkeys(p.group for p in study.parameters.values() if not p.is_fixed))
    groups = all_groups if groups is None else list(groups)
    baseline = study.arm_names.index(study.baseline)
    others = [i for i in range(len(study.arms)) if i != baseline]
    rows = []
    for group in groups:
        values = central_values(study, n)
        for name, param in study.parameters.items():
            if param.group == group:
                da = ds[f"param_{name}"]
                extra = [d for d in da.dims if d not in ("draw", "arm")]
                order = ("draw", "arm", *extra) if "arm" in da.dims else ("draw", *extra)
                values[name] = np.asarray(da.transpose(*order).values, dtype=float)
        out = evaluate(study, values, "expected")
        balance = out.total_benefit - out.investment
        success = success_share(study, out)
        d_bal = balance[:, others] - balance[:, [baseline]]
        d_succ = success[:, others] - success[:, [baseline]]
        for lam in wtp:
            value = float(_value(d_bal, d_succ, lam))
            rows.append(
                {
                    "wtp": float(lam),
                    "group": group,
                    "per_client": value,
                    "per_year": value * intakes,
                }
            )
    return pd.DataFrame(rows)
