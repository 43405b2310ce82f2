"""Sampling designs: plain random draws, Latin hypercube, or scrambled Sobol' points.

A study's ``[sampling] method`` (or ``mkba-mc run --sampling``) picks how each block of
:data:`mkba_mc.sampling.BLOCK_SIZE` draws covers the parameters:

``random``
    Independent draws from each parameter's distribution, each parameter with its own
    named stream (:func:`mkba_mc.sampling.sample_parameters`): the default, and the only
    design under which two configs that share a parameter draw the same values for it.
``lhs``
    A Latin hypercube (:class:`scipy.stats.qmc.LatinHypercube`) on the unit cube, one
    column per scalar uniform (:func:`mkba_mc.sampling.unit_columns`), mapped through
    each distribution's inverse CDF.
``sobol``
    A scrambled Sobol' sequence (:class:`scipy.stats.qmc.Sobol`, Owen scrambling); a block
    of 2^14 points is a balanced (0, m, d)-net prefix in base 2.

Each block's design has its own generator, spawned by name from the run's seed
(:func:`mkba_mc.sampling.block_stream` with ``("design", method)``), so results stay
bit-identical whatever the chunking or the number of workers, and the blocks are
independent randomisations of the same design.

Monte Carlo standard errors: the draws of a Latin hypercube or a Sobol' net are not
independent, so ``sd / sqrt(n)`` does not describe their error (for these designs it
usually overstates it). :func:`randomised_se` estimates it honestly from the spread of the
whole blocks' means, the blocks being independent randomisations (Owen 1997; L'Ecuyer and
Lemieux 2002): ``sd(block means) / sqrt(blocks)``. It needs at least two whole blocks
(2 × 16,384 draws); with fewer it is unknown (NaN). The partial last block counts for the
estimate but not for its error, which makes the error slightly conservative.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from .correlation import correlate_unit, correlated_values
from .sampling import (
    BLOCK_SIZE,
    block_stream,
    parameters_from_columns,
    sample_parameters,
    unit_columns,
)
from .spec import Study

__all__ = ["SAMPLING_METHODS", "Sampling", "randomised_se", "sample_block", "unit_design"]

Sampling = Literal["random", "lhs", "sobol"]
SAMPLING_METHODS: tuple[str, ...] = ("random", "lhs", "sobol")
"""The sampling designs, by name."""

_EDGE = 2.0**-53
"""Uniforms are kept inside [_EDGE, 1 - _EDGE], so no inverse CDF sees exactly 0 or 1."""


def _lhs(d: int, rng: np.random.Generator) -> np.ndarray:
    from scipy.stats import qmc  # only for this design: slow to import

    return qmc.LatinHypercube(d, seed=rng).random(BLOCK_SIZE)


def _sobol(d: int, rng: np.random.Generator) -> np.ndarray:
    from scipy.stats import qmc  # only for this design: slow to import

    return qmc.Sobol(d, scramble=True, seed=rng).random(BLOCK_SIZE)


_DESIGNS = {"lhs": _lhs, "sobol": _sobol}


def unit_design(method: Sampling, d: int, seed: int, block: int) -> np.ndarray:
    """One block of a design on the unit cube, ``(BLOCK_SIZE, d)``.

    Parameters
    ----------
    method
        ``"lhs"`` or ``"sobol"``.
    d
        Columns (scalar uniforms).
    seed, block
        The run's seed and the block number; the block's own stream scrambles it.
    """
    if method not in _DESIGNS:
        raise ValueError(f"method must be one of {', '.join(_DESIGNS)}, got {method!r}")
    u = _DESIGNS[method](d, block_stream(seed, block, "design", method))
    return np.clip(u, _EDGE, 1.0 - _EDGE)


def sample_block(study: Study, seed: int, block: int) -> dict[str, np.ndarray]:
    """Every parameter for one block, by the study's sampling design.

    Returns the arrays of :func:`mkba_mc.sampling.sample_parameters`, whatever the design.
    Inputs with ``[correlations]`` get their rank correlations through a Gaussian copula
    (:mod:`mkba_mc.correlation`).
    """
    if study.sampling == "random":
        values = sample_parameters(study, seed, block)
        if study.correlations is not None:
            values = correlated_values(study, values, seed, block)
        return values
    u = unit_design(study.sampling, len(unit_columns(study)), seed, block)
    if study.correlations is not None:
        u = correlate_unit(study, u)
    return parameters_from_columns(study, u)


def randomised_se(x: np.ndarray, block_size: int = BLOCK_SIZE) -> float:
    """The Monte Carlo standard error of the mean of ``x`` from independent randomisations.

    Parameters
    ----------
    x
        One value per draw, in draw order (block after block); non-finite values are
        left out of each block's mean.
    block_size
        Draws per randomisation.

    Returns
    -------
    float
        ``sd(block means) / sqrt(blocks)`` over the whole blocks; NaN with fewer than two.
    """
    x = np.asarray(x, dtype=float)
    blocks = x.size // block_size
    if blocks < 2:
        return float("nan")
    whole = x[: blocks * block_size].reshape(blocks, block_size)
    means = np.array([row[np.isfinite(row)].mean() for row in whole])
    return float(means.std(ddof=1) / np.sqrt(blocks))
