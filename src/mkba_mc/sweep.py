"""Sweep a grid of ``--set`` overrides with common random numbers.

``sweep(config, {"parameters.months_earlier_exit.value": [4, 6, 8],
"discounting.rate": [0, 0.0225, 0.04]})`` resolves the config once per grid point with
those overrides (:mod:`mkba_mc.assumptions`), runs each point with the same seed, and
returns an :class:`xarray.Dataset` with one dimension per swept key (named by its key
path, with the grid values as coordinates) and ``arm``:

``mean_balance``, ``mean_balance_se``
    Mean balance per arm (euros per client) and its Monte Carlo standard error.
``p_positive``, ``p_positive_se``
    P(balance > 0) per arm.
``mean_delta``, ``mean_delta_se``
    Mean balance of each arm minus the baseline's (NaN for the baseline itself).
``p_beats``, ``p_beats_se``
    P(arm beats the baseline) (NaN for the baseline).

With the same seed every parameter the grid points share draws the same values (common
random numbers), so differences along the grid are the overrides' effect, not Monte
Carlo noise. Every point's blocks run as tasks on one executor, as ``mkba-mc run``'s do
(:mod:`mkba_mc.engine`: here, on local worker processes or on a dask cluster), and are
reduced block by block (:mod:`mkba_mc.streaming`), so memory is bounded by a block and
the numbers are the same wherever the blocks ran.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from .assumptions import as_option, parse_override, toml_value
from .config import ConfigError, config_hash, load_study
from .engine import Execution, connect, stream_runs
from .simulation import RunSettings
from .spec import Study

__all__ = ["SWEEP_DRAWS", "grid_values", "key_attributes", "sweep"]

SWEEP_DRAWS = 10_000
"""Default draws per grid point: P(arm beats baseline) then has a Monte Carlo standard
error of at most 0.5 percentage points, and the differences between points much less
(common random numbers)."""

_RANGE = re.compile(
    r"^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*(?::\s*(\d+(?:\.\d+)?)\s*)?$"
)
MAX_POINTS = 10_000
"""The largest grid a sweep accepts (each point is a whole run)."""


def grid_values(text: str) -> tuple[str, list[Any]]:
    """Parse ``KEY.PATH=VALUES`` of ``--grid``: a key path and its grid values.

    ``VALUES`` is a comma-separated list of TOML values (``0, 0.0225, 0.04``; text in
    quotes) or a range ``LOW..HIGH[:STEP]`` including both ends (step 1 by default):
    ``4..12`` is 4, 5, ..., 12.

    Raises
    ------
    ConfigError
        Naming ``--grid`` and what is wrong with it.
    """
    key, sep, values = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"--grid {text}: must be KEY.PATH=VALUES")
    try:
        parse_override(f"{key}=0")  # the key path's syntax
    except ConfigError as exc:
        raise as_option(exc, [key], "--grid") from None
    match = _RANGE.match(values)
    if match:
        low, high, step = match.group(1), match.group(2), match.group(3) or "1"
        numbers = [float(low), float(high), float(step)]
        if numbers[2] <= 0 or numbers[1] < numbers[0]:
            raise ConfigError(f"--grid {key}: {values.strip()} needs LOW <= HIGH and STEP > 0")
        count = int(np.floor((numbers[1] - numbers[0]) / numbers[2] + 1e-9)) + 1
        if count > MAX_POINTS:
            raise ConfigError(f"--grid {key}: {count} values; at most {MAX_POINTS}")
        grid = [numbers[0] + i * numbers[2] for i in range(count)]
        if all("." not in part for part in (low, high, step)):
            grid = [round(v) for v in grid]
        return key, grid
    try:
        grid = tomllib.loads(f"v = [{values}]")["v"]
    except tomllib.TOMLDecodeError:
        raise ConfigError(
            f"--grid {key}: {values.strip()!r} is not a list of TOML values or a range "
            "LOW..HIGH[:STEP] (text needs quotes)"
        ) from None
    if not grid:
        raise ConfigError(f"--grid {key}: needs at least one value")
    if len({toml_value(v) for v in grid}) < len(grid):
        raise ConfigError(f"--grid {key}: a value is given twice")
    return key, grid


def sweep(
    config: str | Path | None,
    grid: Mapping[str, Sequence[Any]],
    *,
    overrides: Sequence[str] = (),
    draws: int | None = None,
    seed: int | None = None,
    cohort=None,
    execution: Execution | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """Run ``config`` at every point of ``grid`` with common random numbers.

    Parameters
    ----------
    config
        A config file, or ``None`` for the embedded default study.
    grid
        Key path -> its values (TOML-compatible: numbers, strings, booleans, arrays,
        tables), e.g. ``{"parameters.months_earlier_exit.value": range(4, 13)}``.
    overrides
        ``--set`` overrides applied at every point, before the grid's.
    draws, seed, cohort
        As for :func:`mkba_mc.simulate`; ``draws`` defaults to :data:`SWEEP_DRAWS`,
        ``seed`` and ``cohort`` to the config's (one seed for every point).
    execution
        Where the points' blocks run (:class:`mkba_mc.engine.Execution`: here, on local
        worker processes or on a dask cluster; default here); one executor serves
        every point, and the results do not depend on it.
    progress
        Called as ``progress(points_done, points)`` after each point.

    Returns
    -------
    xarray.Dataset
        See the module docstring. Its attributes record the config, the overrides, the
        seed, draws and cohort, and the study's language and translations (as a run's);
        each point's config hash is in ``config_hash``; each swept key's coordinate has
        the config's label and unit of what it sets (:func:`key_attributes`).

    Raises
    ------
    ConfigError
        For a bad grid, or a point whose resolved config is invalid (naming the override).
    """
    keys = list(grid)
    if not keys:
        raise ConfigError("--grid: a sweep needs at least one key")
    values = [list(grid[k]) for k in keys]
    for key, vals in zip(keys, values, strict=True):
        try:
            parse_override(f"{key}=0")
        except ConfigError as exc:
            raise as_option(exc, [key], "--grid") from None
        if not vals:
            raise ConfigError(f"--grid {key}: needs at least one value")
    _check_discounting(config, overrides, keys)
    shape = tuple(len(v) for v in values)
    if int(np.prod(shape)) > MAX_POINTS:
        raise ConfigError(f"--grid: {int(np.prod(shape))} points; at most {MAX_POINTS}")
    points = list(itertools.product(*(range(n) for n in shape)))
    studies = []
    for index in points:  # every point is validated before any work
        point = [
            f"{k}={toml_value(vals[i])}" for k, vals, i in zip(keys, values, index, strict=True)
        ]
        try:
            studies.append(load_study(config, [*overrides, *point]))
        except ConfigError as exc:
            raise as_option(exc, point, "--grid", value=True) from None
    first = studies[0]
    arms = list(first.arm_names)
    if any(list(s.arm_names) != arms or s.baseline != first.baseline for s in studies):
        raise ConfigError("--grid: every point must have the same arms and baseline")
    settings = RunSettings.resolve(first, SWEEP_DRAWS if draws is None else draws, seed, cohort)
    names = ("mean_balance", "p_positive", "mean_delta", "p_beats")
    out = {f"{n}{s}": np.full((*shape, len(arms)), np.nan) for n in names for s in ("", "_se")}
    hashes = np.empty(shape, dtype=object)
    with connect(execution or Execution()) as bound:
        summaries = stream_runs([(study, settings) for study in studies], bound)
        for done, (index, summary) in enumerate(zip(points, summaries, strict=True), start=1):
            table = summary.summary().set_index(["arm", "versus", "measure"])
            for a, arm in enumerate(arms):
                own = table.loc[arm, "", "balance"]
                out["mean_balance"][(*index, a)] = own["mean"]
                out["mean_balance_se"][(*index, a)] = own["mean_se"]
                out["p_positive"][(*index, a)] = own["p_positive"]
                out["p_positive_se"][(*index, a)] = own["p_positive_se"]
                if arm != first.baseline:
                    delta = table.loc[arm, first.baseline, "balance"]
                    out["mean_delta"][(*index, a)] = delta["mean"]
                    out["mean_delta_se"][(*index, a)] = delta["mean_se"]
                    out["p_beats"][(*index, a)] = delta["p_positive"]
                    out["p_beats_se"][(*index, a)] = delta["p_positive_se"]
            hashes[index] = config_hash(summary.study.text)
            if progress is not None:
                progress(done, len(points))
    dims = (*keys, "arm")
    long_names = {
        "mean_balance": "mean balance: benefits - investment",
        "p_positive": "P(balance > 0)",
        "mean_delta": "mean balance minus the baseline's",
        "p_beats": "P(arm beats baseline)",
    }
    variables = {}
    for name, array in out.items():
        base = name.removesuffix("_se")
        units = "1" if base.startswith("p_") else "EUR per client"
        label = long_names[base] + (" (Monte Carlo standard error)" if name != base else "")
        variables[name] = (dims, array, {"units": units, "long_name": label})
    variables["config_hash"] = (keys, hashes.astype(str), {"long_name": "sha256 of the config"})
    coords = {
        k: (k, _coordinate(v), key_attributes(first, k)) for k, v in zip(keys, values, strict=True)
    }
    coords["arm"] = ("arm", arms)
    coords["arm_label"] = ("arm", [a.label for a in first.arms])
    attrs = {
        "title": first.title,
        "baseline": first.baseline,
        "config_origin": first.origin,
        "config_overrides": "\n".join(overrides),
        "grid": "\n".join(keys),
        "seed": int(settings.seed),
        "draws": int(settings.draws),
        "cohort": str(settings.cohort),
        "language": first.language,
        "translations": json.dumps(
            {lang: dict(texts) for lang, texts in first.translations.items()}, ensure_ascii=False
        ),
    }
    return xr.Dataset(variables, coords=coords, attrs=attrs)


def _check_discounting(
    config: str | Path | None, overrides: Sequence[str], keys: Sequence[str]
) -> None:
    """Refuse to sweep ``discounting.*`` over a study without ``[discounting]`` (in its
    config or its ``--set`` overrides): such a study times no cost or benefit (a timing
    needs discounting), so every point would be the same.

    Raises
    ------
    ConfigError
        Naming the key and what to sweep instead.
    """
    swept = [k for k in keys if k.split(".", 1)[0] == "discounting"]
    if not swept or any(o.startswith("discounting.") for o in overrides):
        return
    try:
        study = load_study(config, overrides)
    except ConfigError:
        return  # each grid point reports what is wrong with the config
    if study.discounting is None:
        raise ConfigError(
            f"{study.origin}: --grid {swept[0]}: the study has no [discounting], so every "
            "cost and benefit falls at the intake and no rate would change the answer; sweep "
            "a config that times them and discounts, such as "
            "configs/regioplan2020_discounted.toml (see configs/README.md)"
        )


def key_attributes(study: Study, key: str) -> dict[str, str]:
    """What the config says a swept key is, for the coordinate's attributes.

    A parameter's key (``parameters.NAME.FIELD``) gets the parameter's ``long_name``
    (its label) and ``units``, and ``field`` when the key is not the value itself (a
    ``cv``, a ``low``, an arm's entry); a cost component's or benefit stream's key gets
    its label and ``field``. Other keys (``discounting.rate``) are the tool's own, with
    no study words: an empty dict. Texts are in the study's language.
    """
    table, _, rest = key.partition(".")
    name, _, field = rest.partition(".")
    if table == "parameters" and name in study.parameters:
        parameter = study.parameters[name]
        attrs = {"long_name": parameter.label, "units": parameter.unit}
    else:
        items = {"costs": study.costs, "benefits": study.benefits}.get(table, ())
        item = next((i for i in items if i.name == name), None)
        if item is None:
            return {}
        attrs = {"long_name": item.label}
    if field not in ("", "value"):
        attrs["field"] = field
    return attrs


def _coordinate(values: list[Any]) -> np.ndarray:
    """Grid values as a coordinate: numbers stay numbers, anything else its TOML text."""
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=float)
    return np.asarray([v if isinstance(v, str) else toml_value(v) for v in values], dtype=str)
