"""One-way sensitivity (tornado): each input at its low and high percentile, the others
at their means."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..mcse import Rng, generator
from ..sampling import central_values
from ..spec import Study
from .inputs import (
    Input,
    decision_measures,
    distribution_of,
    groups_of,
    input_slot,
    measure_values,
    require_inputs,
    sorted_rows,
)

__all__ = ["Tornado", "tornado"]


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
    items = require_inputs(study)
    stream = generator(rng, study.seed)
    measures = decision_measures(study)
    base = measure_values(study, central_values(study, 1))[0]

    rows: list[dict] = []

    def add(label, group, kind, inputs, at_low, at_high):
        rows.extend(_rows(measures, base, (label, group, kind), inputs, at_low, at_high))

    def varied(members: Sequence[Input]) -> tuple[np.ndarray, np.ndarray]:
        return _varied(study, members, draws, (low, high), stream)

    if by == "group":
        for group, members in groups_of(items).items():
            add(group, group, "group", (math.nan, math.nan), *varied(members))
    else:
        at = _scalar_ends(study, [item for item in items if not item.vector], (low, high))
        for item in items:
            if item.vector:
                add(item.label, item.group, "vector", (math.nan, math.nan), *varied([item]))
            else:
                at_low, at_high, ends = at[item]
                add(item.label, item.group, "scalar", ends, at_low, at_high)

    table = sorted_rows(pd.DataFrame(rows), [m.label for m in measures], ["swing"])
    return Tornado(table=table, percentiles=(low, high))


def _rows(measures, base, names, inputs, at_low, at_high) -> list[dict]:
    """The rows of one bar, one per measure: ``names`` is (input, group, kind), ``inputs``
    the input's low and high values (NaN for a vector or group)."""
    label, group, kind = names
    return [
        {
            "arm": m.arm,
            "versus": m.versus,
            "measure": m.label,
            "input": label,
            "group": group,
            "kind": kind,
            "input_low": inputs[0],
            "input_high": inputs[1],
            "at_low": float(at_low[j]),
            "at_high": float(at_high[j]),
            "swing": abs(float(at_high[j] - at_low[j])),
            "base": float(base[j]),
        }
        for j, m in enumerate(measures)
    ]


def _varied(
    study: Study,
    members: Sequence[Input],
    draws: int,
    percentiles: tuple[float, float],
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """The measures' percentiles as ``members`` vary (``draws`` draws), others at means."""
    values = central_values(study, draws)
    for item in members:
        input_slot(study, values, item)[...] = distribution_of(study, item).sample(rng, draws)
    result = measure_values(study, values)
    low, high = percentiles
    return np.quantile(result, low, axis=0), np.quantile(result, high, axis=0)


def _scalar_ends(study: Study, scalars: Sequence[Input], percentiles: tuple[float, float]):
    """Per scalar input: the measures with it at its low and at its high percentile (others
    at their means), and those two input values; one batch of model runs for all."""
    values = central_values(study, 2 * len(scalars))
    ends = []
    for i, item in enumerate(scalars):
        ends.append(distribution_of(study, item).ppf(np.array(percentiles)))
        input_slot(study, values, item)[2 * i : 2 * i + 2] = ends[-1]
    if not scalars:
        return {}
    result = measure_values(study, values)
    return {
        item: (result[2 * i], result[2 * i + 1], (float(ends[i][0]), float(ends[i][1])))
        for i, item in enumerate(scalars)
    }
