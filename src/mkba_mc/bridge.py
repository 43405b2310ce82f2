"""The bridge from the study's own balance to the simulation's mean (SPEC 4).

A simulation's mean balance differs from the number a study printed, and a council must
not have to guess why. The bridge starts from the published balance per arm, corrects
the publication's errata, and then changes one thing at a time, each a step with its
effect in euros per client:

1. ``published``: the balance the study printed (where the config states ``[published]``);
2. ``erratum``: the same with every printed benefit row counted (the corrected balance);
3. ``study``: the model at the study's own values (``study_value``, or the observed data
   for inputs built from counts), rounded as the study rounded: what is left is the
   rounding of the printed tables;
4. ``rounding``: the study's rounded counts and printed percentages replaced by the exact
   observed values;
5. ``prior``: inputs estimated from dossier counts at their posterior means (the Jeffreys
   prior adds half a dossier to each count);
6. ``input``: one step for each other input whose distribution's mean differs from the
   value the study used (e.g. months of earlier exit PERT(4, 4, 12) against the study's 4);
7. ``discounting``: timing and discounting, where the config discounts and the study did not;
8. ``remainder``: the simulation's mean less the model at the inputs' means: the
   non-linearity of the model in its inputs and the Monte Carlo error, with that error;
9. ``simulation``: the simulation's mean balance, with its Monte Carlo standard error.

The steps add up exactly. Every number is per client of the arm; each arm against the
baseline is the difference of the two arms' steps.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from .model import evaluate
from .spec import Study

if TYPE_CHECKING:
    from .streaming import RunSummary

__all__ = ["STEP_KINDS", "bridge", "study_point", "study_values"]

STEP_KINDS = (
    "published",
    "erratum",
    "study",
    "rounding",
    "prior",
    "input",
    "discounting",
    "remainder",
    "simulation",
)
"""The kinds of step of a bridge, in the order they appear."""

_TOLERANCE = 1e-9
"""Relative difference under which a value counts as unchanged (no step is shown)."""


def study_point(study: Study) -> Study:
    """The study as its authors computed it: pending clients rounded to whole dossiers
    where they rounded (``round = true``), nothing discounted."""
    resolutions = tuple(
        dataclasses.replace(r, round_to_dossiers=r.study_rounded)
        for r in study.outcomes.resolutions
    )
    outcomes = dataclasses.replace(study.outcomes, resolutions=resolutions)
    return dataclasses.replace(study, outcomes=outcomes, discounting=None)


def study_values(study: Study, exact: bool = False) -> dict[str, np.ndarray]:
    """Every parameter at the value the study used, laid out for one model evaluation.

    Parameters
    ----------
    study
        The study.
    exact
        Use the observed data values (``k / n``) instead of the printed, rounded ones.
    """
    values = {}
    for name, param in study.parameters.items():
        value = param.exact_value if exact else param.study_value
        if param.shared:
            point = np.asarray(value(), dtype=float)
        else:
            point = np.stack([np.asarray(value(arm), dtype=float) for arm in study.arm_names])
        values[name] = point[np.newaxis, ...].copy()
    return values


def _at_mean(study: Study, values: dict[str, np.ndarray], name: str) -> None:
    param = study.parameters[name]
    if param.shared:
        mean = np.asarray(param.distribution.mean(), dtype=float)
    else:
        mean = np.stack(
            [np.asarray(param.per_arm[arm].mean(), dtype=float) for arm in study.arm_names]
        )
    values[name] = mean[np.newaxis, ...].copy()


def _balance(study: Study, values: dict[str, np.ndarray]) -> np.ndarray:
    out = evaluate(study, values, "expected")
    return (out.total_benefit - out.investment)[0]


def _differs(a: np.ndarray, b: np.ndarray) -> bool:
    return not np.allclose(a, b, rtol=_TOLERANCE, atol=0.0)


def _published(study: Study) -> tuple[np.ndarray, np.ndarray] | None:
    """The printed balance per client and the corrected one (all printed benefit rows
    against the printed investment), per arm; ``None`` unless printed for every arm."""
    pub = study.published
    if pub is None:
        return None
    printed, corrected = [], []
    for arm in study.arm_names:
        figures = pub.arms.get(arm)
        if figures is None or figures.balance is None or figures.investment is None:
            return None
        printed.append(figures.balance[1])
        if len(figures.benefits) == len(study.benefits):
            rows = sum(total for total, _ in figures.benefits.values())
            corrected.append((rows - figures.investment[0]) / pub.clients)
        else:
            corrected.append(figures.balance[1])
    return np.array(printed), np.array(corrected)


def _simulated(ds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean balance per arm, its Monte Carlo standard error, and that of each arm's
    difference from the baseline; from the draws of a Dataset, or from a streamed run's
    :meth:`~mkba_mc.streaming.RunSummary.bridge_inputs`."""
    if not isinstance(ds, xr.Dataset):
        return ds.bridge_inputs()
    balance = ds["balance"].transpose("draw", "arm").values
    n = balance.shape[0]
    base = list(ds["arm"].values).index(ds.attrs["baseline"])
    delta = balance - balance[:, [base]]
    root = np.sqrt(n)
    se = balance.std(axis=0, ddof=1) / root if n > 1 else np.full(balance.shape[1], np.nan)
    delta_se = delta.std(axis=0, ddof=1) / root if n > 1 else np.full(balance.shape[1], np.nan)
    return balance.mean(axis=0), se, delta_se


def bridge(study: Study, ds: xr.Dataset | RunSummary) -> pd.DataFrame:
    """The steps from the study's balance to the simulation's mean balance.

    Parameters
    ----------
    study
        The study that was run.
    ds
        Its run (:func:`mkba_mc.simulate`), any cohort, or its streamed summary
        (:func:`mkba_mc.engine.stream_run`).

    Returns
    -------
    pandas.DataFrame
        One row per step and target, in order: ``step`` (its position), ``kind`` (one of
        :data:`STEP_KINDS`), ``parameter`` (the input of an ``input`` step, else empty),
        ``study_value`` and ``mean`` (of that input, for an arm or shared; else NaN),
        ``target`` (an arm, or ``ARM-BASELINE`` for an arm against the baseline), ``arm``,
        ``versus`` (the baseline, or empty), ``effect`` (euros per client this step adds),
        ``level`` (euros per client after the step) and ``mc_se`` (the Monte Carlo
        standard error of the ``remainder`` and ``simulation`` rows, else NaN). The
        effects of all rows of a target after its first add up to its last level.
    """
    arms = list(study.arm_names)
    base = arms.index(study.baseline)
    nothing = np.full(len(arms), np.nan)
    steps: list[tuple[str, str, np.ndarray, np.ndarray, np.ndarray]] = []
    # (kind, parameter, its study value per arm, its mean per arm, balance per arm after)

    published = _published(study)
    if published is not None:
        printed, corrected = published
        steps.append(("published", "", nothing, nothing, printed))
        if _differs(printed, corrected):
            steps.append(("erratum", "", nothing, nothing, corrected))
    steps.append(("study", "", nothing, nothing, _balance(study_point(study), study_values(study))))

    # From here on the model rounds only where every draw does, and does not discount.
    undiscounted = dataclasses.replace(study, discounting=None)
    values = study_values(study, exact=True)
    rounding = _balance(undiscounted, values)
    if _differs(steps[-1][4], rounding):
        steps.append(("rounding", "", nothing, nothing, rounding))

    prior = [name for name, p in study.parameters.items() if p.observed_values]
    for name in prior:
        _at_mean(study, values, name)
    if prior:
        steps.append(("prior", "", nothing, nothing, _balance(undiscounted, values)))

    for name, param in study.parameters.items():
        if name in prior:
            continue
        before = values[name]
        _at_mean(study, values, name)
        if not _differs(before, values[name]):
            continue
        was, now = nothing, nothing
        if param.components is None:
            was = np.broadcast_to(before[0], (len(arms),)).astype(float)
            now = np.broadcast_to(values[name][0], (len(arms),)).astype(float)
        steps.append(("input", name, was, now, _balance(undiscounted, values)))

    if study.discounting is not None:
        steps.append(("discounting", "", nothing, nothing, _balance(study, values)))

    mean, se, delta_se = _simulated(ds)
    steps.append(("remainder", "", nothing, nothing, mean))

    rows = []
    for order, (kind, name, was, now, level) in enumerate(steps):
        effect = level - steps[order - 1][4] if order else nothing
        _rows(rows, order, kind, name, was, now, level, effect, se, delta_se, arms, base)
    _rows(
        rows,
        len(steps),
        "simulation",
        "",
        nothing,
        nothing,
        mean,
        nothing,
        se,
        delta_se,
        arms,
        base,
    )
    return pd.DataFrame(rows)


def _rows(rows, order, kind, name, was, now, level, effect, se, delta_se, arms, base) -> None:
    """Append one step's rows: one per arm, and one per arm against the baseline."""
    with_error = kind in ("remainder", "simulation")
    for a, arm in enumerate(arms):
        targets = [(arm, "", level[a], effect[a], se[a])]
        if a != base:
            targets.append(
                (
                    arms[base],
                    arms[base],
                    level[a] - level[base],
                    effect[a] - effect[base],
                    delta_se[a],
                )
            )
        for versus_label, versus, lvl, eff, err in targets:
            rows.append(
                {
                    "step": order,
                    "kind": kind,
                    "parameter": name,
                    "study_value": was[a],
                    "mean": now[a],
                    "target": f"{arm}-{versus_label}" if versus else arm,
                    "arm": arm,
                    "versus": versus,
                    "effect": eff,
                    "level": lvl,
                    "mc_se": err if with_error else np.nan,
                }
            )
