"""Correlated inputs: rank correlations induced by a Gaussian copula.

A config's ``[correlations]`` gives target Spearman rank correlations between scalar
uncertain inputs (:class:`mkba_mc.spec.Correlations`). Each block's uniforms of those
inputs (independent draws, or a design's columns) go to standard normals, are mixed by
the Cholesky factor of the matching Pearson matrix, and go back to uniforms, which each
distribution's inverse CDF maps to values. The marginals stay exactly as configured.

Why a Gaussian copula and not Iman–Conover: the copula acts on each draw alone, so a
block's values do not depend on the other draws of its block, any design (random, LHS,
Sobol') passes through the same transform, and runs stay block-invariant and bit-identical
for any chunking or workers. Iman–Conover reorders a whole sample to hit the rank
correlations exactly within it, which ties the values to the sample (and to the block
size) and breaks a Latin hypercube's or Sobol' net's structure no less. For normal
scores, Spearman's ρ_S = (6/π) arcsin(r/2), so the copula uses r = 2 sin(π ρ_S / 6);
the sample Spearman correlations then match the targets up to Monte Carlo error.

Under dependence: Sobol' indices (:func:`mkba_mc.sensitivity.sobol`) assume independent
inputs and are refused; regression EVPPI (:func:`mkba_mc.voi.evppi`) and rank indices stay
valid (they use the joint sample as drawn); the exact EVPPI by conditional means and the
conjugate EVSI assume independence and are refused.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import special

from .sampling import BLOCK_SIZE, block_stream, unit_columns
from .spec import Study

__all__ = ["check_matrix", "correlate_unit", "correlated_values", "pearson_for_spearman"]

_EDGE = 2.0**-53


def pearson_for_spearman(spearman: np.ndarray) -> np.ndarray:
    """The normal-scores (Pearson) correlation that gives each Spearman rank correlation."""
    return 2.0 * np.sin(np.pi * np.asarray(spearman, dtype=float) / 6.0)


def check_matrix(matrix: Sequence[Sequence[float]], labels: Sequence[str]) -> str | None:
    """Why ``matrix`` cannot be a rank correlation matrix of ``labels``, or ``None``.

    Checks: symmetric, ones on the diagonal, every other entry strictly between −1 and 1,
    and positive definite (also after the Spearman-to-Pearson map). A problem names the
    pair it concerns: for a matrix that is not positive definite, the pair with the
    largest weights in the eigenvector of its smallest eigenvalue.
    """
    m = np.asarray(matrix, dtype=float)
    k = len(labels)
    for i in range(k):
        if m[i, i] != 1.0:
            return f"the correlation of {labels[i]} with itself must be 1, got {m[i, i]:g}"
        for j in range(i + 1, k):
            if m[i, j] != m[j, i]:
                return f"the matrix is not symmetric at the pair {labels[i]}, {labels[j]}"
            if not -1.0 < m[i, j] < 1.0:
                return (
                    f"the pair {labels[i]}, {labels[j]} has rank correlation {m[i, j]:g}; "
                    "it must lie strictly between -1 and 1"
                )
    for candidate in (m, pearson_for_spearman(m)):
        values, vectors = np.linalg.eigh(candidate)
        if values[0] <= 1e-10:
            i, j = sorted(np.argsort(-np.abs(vectors[:, 0]))[:2])
            return (
                "the correlations are not positive definite (not a possible set of "
                f"correlations); look at the pair {labels[i]}, {labels[j]}"
            )
    return None


def _columns(study: Study) -> list[int]:
    """The unit-cube column (:func:`mkba_mc.sampling.unit_columns`) of each correlated input."""
    layout = [(c.parameter, c.arm) for c in unit_columns(study)]
    return [layout.index(x) for x in study.correlations.inputs]


def correlate_unit(study: Study, unit: np.ndarray) -> np.ndarray:
    """Give the correlated inputs' columns of a unit-cube block their rank correlations.

    Parameters
    ----------
    study
        A study with ``correlations``.
    unit
        Independent uniforms laid out as :func:`mkba_mc.sampling.unit_columns`,
        ``(n, columns)``.

    Returns
    -------
    numpy.ndarray
        A copy with the correlated columns replaced; each column stays uniform.
    """
    cols = _columns(study)
    chol = np.linalg.cholesky(pearson_for_spearman(np.array(study.correlations.spearman)))
    z = special.ndtri(unit[:, cols]) @ chol.T
    out = np.array(unit, dtype=float)
    out[:, cols] = np.clip(special.ndtr(z), _EDGE, 1.0 - _EDGE)
    return out


def correlated_values(study: Study, values: dict, seed: int, block: int) -> dict:
    """Random draws of one block with the correlated inputs redrawn through the copula.

    The uncorrelated inputs keep their own named streams; the correlated ones are drawn
    from the block's ``"copula"`` stream and mapped through their inverse CDFs.
    """
    k = len(study.correlations.inputs)
    chol = np.linalg.cholesky(pearson_for_spearman(np.array(study.correlations.spearman)))
    z = block_stream(seed, block, "copula").standard_normal((BLOCK_SIZE, k)) @ chol.T
    u = np.clip(special.ndtr(z), _EDGE, 1.0 - _EDGE)
    out = dict(values)
    for j, (name, arm) in enumerate(study.correlations.inputs):
        param = study.parameters[name]
        if arm is None:
            out[name] = param.distribution.ppf(u[:, j])
        else:
            column = out[name].copy()
            index = study.arm_names.index(arm)
            column[:, index] = param.per_arm[arm].ppf(u[:, j])
            for other, source in param.same_draw.items():  # arms that read this arm's draw
                if source == arm:
                    column[:, study.arm_names.index(other)] = column[:, index]
            out[name] = column
    return out
