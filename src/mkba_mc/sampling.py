"""Random streams and parameter draws.

Randomness has one entry point: a run's ``seed``. Every random quantity of a block of
draws gets its own :class:`numpy.random.SeedSequence` child, keyed by the block number
and by *names* (the parameter and arm), never by position::

    SeedSequence(seed, spawn_key=(block, key("exit_share"), key("*")))

so that

* results do not depend on how many blocks are computed at once, or by how many workers;
* two configs that share a parameter (same name, same distribution) draw the same values
  for it: common random numbers for comparing assumption sets;
* the first ``n`` draws of a longer run equal a run of ``n`` draws (blocks are always drawn
  whole and cut afterwards).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .spec import Study

__all__ = [
    "BLOCK_SIZE",
    "SHARED",
    "UnitColumn",
    "block_stream",
    "central_values",
    "join_columns",
    "parameters_from_columns",
    "parameters_from_unit",
    "sample_parameters",
    "split_columns",
    "unit_columns",
]

BLOCK_SIZE = 16_384
"""Draws per block. Part of the definition of a run: changing it changes the draws."""

SHARED = "*"
"""Arm key of a stream shared by all arms."""


def _key(label: str) -> int:
    """A stable 64-bit integer for a name (the same on every machine and Python)."""
    return int.from_bytes(hashlib.sha256(label.encode("utf-8")).digest()[:8], "little")


def block_stream(seed: int, block: int, *labels: str) -> np.random.Generator:
    """The generator of one named random quantity within one block of draws.

    Parameters
    ----------
    seed
        The run's seed (a non-negative integer).
    block
        The block number: draws ``block * BLOCK_SIZE`` up to the next block.
    *labels
        Names that identify the quantity, e.g. ``("parameter", "exit_share", "*")``.
    """
    spawn_key = (block, *(_key(label) for label in labels))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=spawn_key))


def sample_parameters(study: Study, seed: int, block: int) -> dict[str, np.ndarray]:
    """Draw every parameter for one block of ``BLOCK_SIZE`` draws.

    Returns
    -------
    dict
        Parameter name -> array. Shared parameters have shape ``(BLOCK_SIZE,)`` (or
        ``(BLOCK_SIZE, k)`` for a vector); per-arm ones ``(BLOCK_SIZE, n_arms)`` (or
        ``(BLOCK_SIZE, n_arms, k)``) in the order of ``study.arms``.
    """
    values = {}
    for name, param in study.parameters.items():
        if param.shared:
            rng = block_stream(seed, block, "parameter", name, SHARED)
            values[name] = param.distribution.sample(rng, BLOCK_SIZE)
        else:
            values[name] = np.stack(
                [
                    param.per_arm[arm].sample(
                        block_stream(seed, block, "parameter", name, param.same_draw.get(arm, arm)),
                        BLOCK_SIZE,
                    )
                    for arm in study.arm_names
                ],
                axis=1,
            )
    return values


def parameters_from_unit(study: Study, unit: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Map uniform numbers through each parameter's inverse CDF.

    Parameters
    ----------
    study
        The study.
    unit
        Parameter name -> uniform numbers in (0, 1) with the shape :func:`sample_parameters`
        returns for that parameter (vectors take one uniform per component).

    Returns
    -------
    dict
        Parameter name -> values, shaped as the input. This is how Latin hypercube or
        Sobol designs on the unit cube become parameter values.
    """
    values = {}
    for name, param in study.parameters.items():
        u = np.asarray(unit[name], dtype=float)
        if param.shared:
            values[name] = param.distribution.ppf(u)
        else:
            column = {arm: i for i, arm in enumerate(study.arm_names)}
            values[name] = np.stack(
                [
                    param.per_arm[arm].ppf(u[:, column[param.same_draw.get(arm, arm)]])
                    for arm in study.arm_names
                ],
                axis=1,
            )
    return values


@dataclass(frozen=True)
class UnitColumn:
    """One column of the unit-cube layout of a study: the uniform number behind one scalar.

    Attributes
    ----------
    parameter
        The parameter's name.
    arm
        The arm, for a parameter with a distribution per arm; ``None`` when shared.
    component
        The component, for a vector parameter (Dirichlet shares); ``None`` for a scalar.
    """

    parameter: str
    arm: str | None
    component: str | None


def unit_columns(study: Study) -> tuple[UnitColumn, ...]:
    """The columns of a design on the unit cube, one per scalar uniform.

    A shared scalar parameter takes one column, a per-arm scalar one per arm (in the order
    of ``study.arms``), a vector parameter one per component (per arm, arm by arm). The
    order follows ``study.parameters``; fixed parameters keep their columns (their inverse
    CDF ignores the uniform), so the layout depends on the study's structure only.
    """
    columns = []
    for name, param in study.parameters.items():
        arms = (None,) if param.shared else study.arm_names
        components = (None,) if param.components is None else param.components
        columns += [UnitColumn(name, arm, component) for arm in arms for component in components]
    return tuple(columns)


def split_columns(study: Study, matrix: np.ndarray) -> dict[str, np.ndarray]:
    """Split a matrix laid out as :func:`unit_columns` into one array per parameter.

    Parameters
    ----------
    study
        The study.
    matrix
        Shape ``(n, len(unit_columns(study)))``: uniforms, or parameter values in the
        same layout.

    Returns
    -------
    dict
        Parameter name -> array shaped as :func:`sample_parameters` returns it (views of
        ``matrix`` where possible).
    """
    matrix = np.asarray(matrix, dtype=float)
    n_columns = len(unit_columns(study))
    if matrix.ndim != 2 or matrix.shape[1] != n_columns:
        raise ValueError(f"matrix must have shape (n, {n_columns}), got {matrix.shape}")
    n = matrix.shape[0]
    arrays, start = {}, 0
    for name, param in study.parameters.items():
        shape = () if param.shared else (len(study.arms),)
        if param.components is not None:
            shape = (*shape, len(param.components))
        width = int(np.prod(shape, dtype=int))
        arrays[name] = matrix[:, start : start + width].reshape((n, *shape))
        start += width
    return arrays


def join_columns(study: Study, values: Mapping[str, np.ndarray]) -> np.ndarray:
    """The inverse of :func:`split_columns`: parameter arrays to one ``(n, columns)`` matrix."""
    blocks = [np.asarray(values[name], dtype=float) for name in study.parameters]
    return np.concatenate([b.reshape(len(b), -1) for b in blocks], axis=1)


def parameters_from_columns(study: Study, unit: np.ndarray) -> dict[str, np.ndarray]:
    """Map a design on the unit cube, one column per scalar uniform, to parameter values.

    Parameters
    ----------
    study
        The study.
    unit
        Uniform numbers in (0, 1), shape ``(n, len(unit_columns(study)))`` in the order of
        :func:`unit_columns`.

    Returns
    -------
    dict
        Parameter name -> values shaped as :func:`sample_parameters` returns them, ready for
        :func:`mkba_mc.model.evaluate`.
    """
    return parameters_from_unit(study, split_columns(study, unit))


def central_values(study: Study, n: int = 1) -> dict[str, np.ndarray]:
    """Every parameter at its mean, repeated for ``n`` rows, laid out for
    :func:`mkba_mc.model.evaluate`: shared scalar ``(n,)``, per-arm scalar ``(n, arms)``,
    shared vector ``(n, k)``, per-arm vector ``(n, arms, k)``. The arrays are writable."""
    values = {}
    for name, param in study.parameters.items():
        if param.shared:
            mean = np.asarray(param.distribution.mean(), dtype=float)
        else:
            mean = np.stack(
                [np.asarray(param.per_arm[arm].mean(), dtype=float) for arm in study.arm_names]
            )
        values[name] = np.broadcast_to(mean, (n, *mean.shape)).copy()
    return values
