"""The inputs and decision measures of sensitivity analyses, and how the model is run on them.

An *input* is one uncertain distribution of the study (:func:`study_inputs`); a *measure*
is an arm's balance or its difference against the baseline (:func:`decision_measures`).
:func:`measure_values` evaluates the measures for a batch of parameter values with
per-client expected outcomes; :func:`run_inputs` and :func:`run_measures` read the same
from an ordinary run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ..arms import arms_of
from ..distributions import Distribution
from ..model import evaluate
from ..spec import Study

__all__ = [
    "OTHER_GROUP",
    "Input",
    "Measure",
    "decision_measures",
    "distribution_of",
    "groups_of",
    "input_slot",
    "measure_values",
    "require_inputs",
    "run_inputs",
    "run_measures",
    "sorted_rows",
    "study_inputs",
]

OTHER_GROUP = "other inputs"
"""The group of a parameter that names none."""


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
        group = param.group or OTHER_GROUP
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


def groups_of(items: Iterable[Input]) -> dict[str, list[Input]]:
    out: dict[str, list[Input]] = {}
    for item in items:
        out.setdefault(item.group, []).append(item)
    return out


def distribution_of(study: Study, item: Input) -> Distribution:
    param = study.parameters[item.parameter]
    return param.distribution if item.arm is None else param.per_arm[item.arm]


def input_slot(study: Study, values: dict[str, np.ndarray], item: Input) -> np.ndarray:
    """A writable view of one input's values: ``(n,)``, or ``(n, k)`` for a vector."""
    value = values[item.parameter]
    return value if item.arm is None else value[:, study.arm_names.index(item.arm)]


def measure_values(study: Study, values: dict[str, np.ndarray]) -> np.ndarray:
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


def require_inputs(study: Study) -> tuple[Input, ...]:
    items = study_inputs(study)
    if not items:
        raise ValueError(
            f"{study.origin}: every input is fixed; there is no uncertainty to analyse"
        )
    return items


def sorted_rows(table: pd.DataFrame, measures: Sequence[str], by: Sequence[str]) -> pd.DataFrame:
    """Rows in the order of ``measures`` (labels), then by the ``by`` columns, largest first."""
    order = {label: i for i, label in enumerate(measures)}
    keyed = table.assign(_measure=table["measure"].map(order))
    return (
        keyed.sort_values(["_measure", *by], ascending=[True] + [False] * len(by), kind="stable")
        .drop(columns="_measure")
        .reset_index(drop=True)
    )


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
        group = da.attrs.get("group") or OTHER_GROUP
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


def run_measures(ds: xr.Dataset) -> list[tuple[Measure, np.ndarray]]:
    """The decision measures of a run with their draws: each arm against the baseline,
    then each arm's own balance."""
    run = arms_of(ds)
    labels = run.labels
    diff = run.versus("balance")
    base = run.baseline
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
