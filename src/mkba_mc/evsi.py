"""Expected value of sample information: what reading more dossiers would be worth.

A council could read ``n`` more dossiers per route before choosing. Each new dossier shows
one observation of every parameter the study's ``[research]`` table lists (its outcome
category; whether the client is on PW, in work, in budget management; the variant of
budget management, seen only in the dossiers of clients in budget management). The
expected value of that sample information (EVSI), per client, is

    EVSI(n) = E_data[max_arm E(NB | data)] − max_arm E[NB],

with the net benefit NB as in :mod:`mkba_mc.voi` (``balance + λ × share successful``).

Method: conjugate preposterior analysis, not regression. The dossier inputs are Beta and
Dirichlet, so after ``n`` binomial or multinomial observations their posterior is Beta or
Dirichlet with the counts added to the concentrations. With per-client expected values
the net benefit is multilinear in independent inputs (:func:`mkba_mc.voi._multilinear`
says when not), so ``E(NB | data)`` is the model evaluated at the posterior means of the
observed inputs and every other input at its prior mean: exact, with no inner simulation
and no regression. The outer expectation is a Monte Carlo average over ``draws`` prior
draws of the observed inputs, each with a simulated study. The data of the sizes are
nested (the first 10 of the 20 dossiers, and so on), so the curve against ``n`` carries
little noise between sizes.

As ``n`` grows the posterior mean tends to the drawn value, so EVSI tends to the EVPPI
of the observed parameters, which this module computes on the same draws (``limit``).

The expected net benefit of sampling over the decision's horizon is

    ENBS(n) = EVSI(n) × intakes a year × horizon − (fixed cost + cost per dossier × dossiers),

undiscounted; the study reads ``n`` dossiers in every arm. Its Monte Carlo standard
error is the standard error of the mean of the per-draw gains
``max(0, max_arm INB | data) − INB of the arm chosen now | data``, whose mean is EVSI.

Randomness: draws come in blocks of :data:`mkba_mc.sampling.BLOCK_SIZE`, each with its
own streams spawned by name from the seed (:func:`mkba_mc.sampling.block_stream`), so the
result does not depend on how the blocks are computed.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .mcse import mean_se
from .model import evaluate, success_share
from .sampling import BLOCK_SIZE, SHARED, block_stream, central_values
from .spec import Research, Study
from .voi import DEFAULT_WTP, _multilinear

__all__ = [
    "DEFAULT_SIZES",
    "EVSI_DRAWS",
    "Preposterior",
    "SampleInformation",
    "evsi",
    "evsi_obstacle",
    "net_benefit_differences",
    "posterior_means",
    "preposterior",
]

DEFAULT_SIZES = (10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000)
"""Dossiers per arm at which EVSI and ENBS are computed by default."""

EVSI_DRAWS = 1 << 15
"""Default prior draws (two blocks). On the default study the EVSI's Monte Carlo standard
error is then about €1 per client at λ = 0."""


# --------------------------------------------------------------------------- preposterior


@dataclass(frozen=True)
class _Source:
    """One distribution the study informs: a parameter's draw shared by some arms."""

    name: str
    source: str  # the arm whose draw it is, or SHARED
    arms: tuple[int, ...]  # indices of the arms whose dossiers inform it
    prior: np.ndarray | None  # concentrations (a Beta as (a, b)); None when fixed
    fixed: np.ndarray | None  # the known value of a fixed parameter


def _sources(study: Study, research: Research) -> list[_Source]:
    """The observed distributions, parents (``among``) before the shares seen among them."""
    order = sorted(research.parameters, key=lambda name: name in research.among)
    out = []
    for name in order:
        param = study.parameters[name]
        if param.shared:
            groups = {SHARED: tuple(range(len(study.arms)))}
        else:
            groups = {}
            for i, arm in enumerate(study.arm_names):
                if arm in param.per_arm or arm in param.same_draw:
                    source = param.same_draw.get(arm, arm)
                    groups[source] = (*groups.get(source, ()), i)
        for source, arms in groups.items():
            dist = param.distribution if param.shared else param.per_arm[source]
            if dist.family == "dirichlet":
                prior, fixed = np.asarray(dist.alpha, dtype=float), None
            elif dist.family == "beta":
                prior, fixed = np.array([dist.a, dist.b]), None
            else:
                prior, fixed = None, np.atleast_1d(np.asarray(dist.mean(), dtype=float))
                if param.components is None:
                    fixed = np.array([fixed[0], 1.0 - fixed[0]])
            out.append(_Source(name, source, arms, prior, fixed))
    return out


@dataclass(frozen=True)
class Preposterior:
    """Prior draws of the observed inputs and their posteriors after simulated studies.

    Attributes
    ----------
    sizes
        Dossiers per arm, ascending.
    truth
        ``(name, source)`` -> the drawn value, ``(draws, k)`` (a share as ``(p, 1 − p)``).
    posterior
        ``(name, source)`` -> posterior concentrations after each size, ``(sizes, draws,
        k)``; absent for fixed parameters, which a study cannot change.
    """

    sizes: tuple[int, ...]
    truth: dict[tuple[str, str], np.ndarray]
    posterior: dict[tuple[str, str], np.ndarray]


def preposterior(
    study: Study, research: Research, sizes: Sequence[int], draws: int, seed: int
) -> Preposterior:
    """Draw the observed inputs from their priors and simulate a study of each size.

    Parameters
    ----------
    study, research
        The study and the proposed dossier study (``study.research`` by default elsewhere).
    sizes
        Dossiers per arm, ascending positive integers.
    draws
        Prior draws (computed in whole blocks of ``BLOCK_SIZE`` and cut).
    seed
        The seed; each block and each named quantity has its own spawned stream.

    Returns
    -------
    Preposterior
        Truths and posterior concentrations; the data of a larger size extend those of
        a smaller one (the first ``n`` dossiers of the same study).
    """
    sizes = tuple(int(n) for n in sizes)
    steps = np.diff((0, *sizes))
    sources = _sources(study, research)
    truth: dict[tuple[str, str], list] = {(s.name, s.source): [] for s in sources}
    posterior: dict[tuple[str, str], list] = {
        (s.name, s.source): [] for s in sources if s.prior is not None
    }
    for block in range(-(-draws // BLOCK_SIZE)):
        # positives[(name, arm index)]: (sizes, BLOCK_SIZE) dossiers with the share's trait
        positives: dict[tuple[str, int], np.ndarray] = {}
        for s in sources:
            if s.prior is None:
                theta = np.broadcast_to(s.fixed, (BLOCK_SIZE, len(s.fixed)))
            else:
                theta = block_stream(seed, block, "evsi", s.name, s.source).dirichlet(
                    s.prior, BLOCK_SIZE
                )
            truth[(s.name, s.source)].append(theta)
            counts = np.zeros((len(sizes), BLOCK_SIZE, theta.shape[1]))
            parent = research.among.get(s.name)
            for arm in s.arms:
                rng = block_stream(seed, block, "evsi", s.name, "data", study.arm_names[arm])
                if parent is None:
                    seen = np.broadcast_to(steps[:, None], (len(sizes), BLOCK_SIZE))
                else:
                    seen = np.diff(positives[(parent, arm)], axis=0, prepend=0)
                # Nested data: each size adds the dossiers read since the previous one.
                added = np.stack([rng.multinomial(seen[j], theta) for j in range(len(sizes))])
                arm_counts = np.cumsum(added, axis=0)
                positives[(s.name, arm)] = arm_counts[..., 0]
                counts += arm_counts
            if s.prior is not None:
                posterior[(s.name, s.source)].append(s.prior + counts)
    return Preposterior(
        sizes=sizes,
        truth={k: np.concatenate(v)[:draws] for k, v in truth.items()},
        posterior={k: np.concatenate(v, axis=1)[:, :draws] for k, v in posterior.items()},
    )


def posterior_means(concentrations: np.ndarray) -> np.ndarray:
    """Means of Dirichlet (or Beta as two-component) posteriors along the last axis."""
    return concentrations / concentrations.sum(axis=-1, keepdims=True)


def _model_values(study: Study, shares: dict[tuple[str, str], np.ndarray], n: int) -> dict:
    """Model inputs: each observed input at the given shares, every other at its mean."""
    values = central_values(study, n)
    for (name, source), value in shares.items():
        param = study.parameters[name]
        value = value if param.components is not None else value[:, 0]
        if param.shared:
            values[name] = value
        else:
            for i, arm in enumerate(study.arm_names):
                if param.same_draw.get(arm, arm) == source:
                    values[name][:, i] = value
    return values


def net_benefit_differences(study: Study, values: dict) -> tuple[np.ndarray, np.ndarray]:
    """Each non-baseline arm minus the baseline, per draw: balance (euros per client) and
    share of successful clients, with per-client expected values."""
    out = evaluate(study, values, "expected")
    balance = out.total_benefit - out.investment
    success = success_share(study, out)
    base = study.arm_names.index(study.baseline)
    others = [i for i in range(len(study.arms)) if i != base]
    return balance[:, others] - balance[:, [base]], success[:, others] - success[:, [base]]


def _gains(d_balance: np.ndarray, d_success: np.ndarray, wtp: float) -> tuple[np.ndarray, int]:
    """Per draw: the best arm's incremental net benefit minus that of the arm chosen now.

    Returns the gains (their mean is the value of the information behind the inputs) and
    the arm chosen now (``-1`` for the baseline, else an index of the other arms).
    """
    inb = d_balance + wtp * d_success
    mean = inb.mean(axis=0)
    chosen = int(mean.argmax()) if mean.max() > 0 else -1
    current = inb[:, chosen] if chosen >= 0 else 0.0
    return np.maximum(inb.max(axis=-1), 0.0) - current, chosen


# --------------------------------------------------------------------------- EVSI, ENBS


@dataclass(frozen=True)
class SampleInformation:
    """EVSI and ENBS of a proposed dossier study (:func:`evsi`).

    Attributes
    ----------
    table
        One row per (λ, dossiers per arm): ``wtp`` (euros per extra successful client),
        ``dossiers`` (per arm), ``per_client`` (EVSI, euros per client) with its Monte
        Carlo ``se``, ``per_year`` (euros a year of intakes), ``over_horizon`` (euros over
        the horizon), ``study_cost`` (euros), ``enbs`` (euros) and ``enbs_se``.
    limit
        One row per λ: the EVPPI of the observed inputs on the same draws (n → ∞):
        ``wtp``, ``per_client``, ``se``, ``per_year``, ``best`` (the arm chosen now).
    optimum
        One row per λ: ``dossiers`` (per arm) with the largest ENBS, ``enbs``,
        ``per_year``, ``study_cost`` and ``enbs_se`` there, and ``worthwhile`` (ENBS > 0).
    research
        The study design and its costs.
    draws, seed
        Prior draws and the seed.
    method
        How EVSI was computed, in words.
    """

    table: pd.DataFrame
    limit: pd.DataFrame
    optimum: pd.DataFrame
    research: Research
    draws: int
    seed: int
    method: str


METHOD = (
    "conjugate preposterior (Beta/Dirichlet posteriors; E(net benefit | data) exact "
    "for the multilinear model)"
)


def evsi_obstacle(study: Study) -> tuple[str, str] | None:
    """Why :func:`evsi` cannot value a dossier study of ``study``, or ``None`` when it can.

    Returns
    -------
    tuple of str or None
        A key (``"no_research"``, ``"correlations"``, ``"not_multilinear"`` or
        ``"effect_arms"``), for the reader's words, and the reason in English.
    """
    if study.research is None:
        return (
            "no_research",
            "research: no [research] table; it gives the cost of a new dossier study, its "
            "horizon and what it observes",
        )
    reason = _multilinear(study)
    if reason is not None:
        key = "correlations" if study.correlations is not None else "not_multilinear"
        return key, f"EVSI by conjugate updating needs a multilinear model: {reason}"
    if any(arm.effect is not None for arm in study.arms):
        return (
            "effect_arms",
            "EVSI does not yet value studies of arms given as an effect on another arm",
        )
    return None


def _checked(study: Study, research: Research | None, sizes, draws: int, wtp):
    """The research, sizes and λ of :func:`evsi`, checked."""
    if research is not None:
        study = dataclasses.replace(study, research=research)
    obstacle = evsi_obstacle(study)
    if obstacle is not None:
        raise ValueError(f"{study.origin}: {obstacle[1]}")
    research = study.research
    sizes = sorted({int(n) for n in sizes})
    if not sizes or sizes[0] < 1:
        raise ValueError(f"sizes must be positive numbers of dossiers, got {sizes}")
    if draws < 1000:
        raise ValueError(f"EVSI needs at least 1,000 draws, got {draws}")
    wtp = [float(x) for x in np.atleast_1d(wtp)]
    if not wtp or not all(math.isfinite(x) for x in wtp):
        raise ValueError(f"wtp must be finite amounts in euros, got {wtp}")
    return research, sizes, wtp


def _rows(study: Study, research: Research, sizes, wtp, truth, posterior):
    """The rows of the EVSI table, of the EVPPI of what the dossiers show (the limit of
    an infinite study) and of the best study size, per λ."""
    others = [a for a in study.arm_names if a != study.baseline]
    per_year = research.intakes_per_year
    horizon = per_year * research.horizon_years
    n_arms = len(study.arms)
    rows, limit_rows, best_rows = [], [], []
    for lam in wtp:
        gains, chosen = _gains(*truth, lam)
        value, se = float(gains.mean()), mean_se(gains)
        limit_rows.append(
            {
                "wtp": lam,
                "per_client": value,
                "se": se,
                "per_year": value * per_year,
                "best": others[chosen] if chosen >= 0 else study.baseline,
            }
        )
        for n, pair in zip(sizes, posterior, strict=True):
            gains, _ = _gains(*pair, lam)
            value, se = float(gains.mean()), mean_se(gains)
            cost = research.fixed_cost + research.cost_per_dossier * n * n_arms
            rows.append(
                {
                    "wtp": lam,
                    "dossiers": n,
                    "per_client": value,
                    "se": se,
                    "per_year": value * per_year,
                    "over_horizon": value * horizon,
                    "study_cost": cost,
                    "enbs": value * horizon - cost,
                    "enbs_se": se * horizon,
                }
            )
        at = max((r for r in rows if r["wtp"] == lam), key=lambda r: r["enbs"])
        best_rows.append(
            {
                "wtp": lam,
                "dossiers": at["dossiers"],
                "enbs": at["enbs"],
                "per_year": at["per_year"],
                "study_cost": at["study_cost"],
                "enbs_se": at["enbs_se"],
                "worthwhile": at["enbs"] > 0,
            }
        )
    return rows, limit_rows, best_rows


def evsi(
    study: Study,
    wtp: Sequence[float] = DEFAULT_WTP,
    *,
    sizes: Sequence[int] = DEFAULT_SIZES,
    draws: int = EVSI_DRAWS,
    seed: int | None = None,
    research: Research | None = None,
) -> SampleInformation:
    """EVSI per client and per year, and ENBS, for studies of ``sizes`` dossiers per arm.

    Parameters
    ----------
    study
        The study; its per-client expected values are used (parameter uncertainty only).
    wtp
        Values of λ, euros per extra successful client.
    sizes
        Dossiers per arm to read, positive whole numbers.
    draws
        Prior draws of the observed inputs (at least 1,000).
    seed
        Seed; ``None`` takes the study's.
    research
        The proposed study and its costs; ``None`` takes ``study.research``.

    Returns
    -------
    SampleInformation
        EVSI, ENBS and their Monte Carlo standard errors per λ and size, the EVPPI of
        the observed inputs and the size that maximises ENBS.

    Raises
    ------
    ValueError
        When the study has no ``[research]`` table, its net benefit is not multilinear
        (the conjugate shortcut would be wrong), or an argument is out of range.
    """
    research, sizes, wtp = _checked(study, research, sizes, draws, wtp)
    seed = study.seed if seed is None else int(seed)

    pre = preposterior(study, research, sizes, draws, seed)
    truth = net_benefit_differences(study, _model_values(study, pre.truth, draws))
    posterior = [
        net_benefit_differences(
            study,
            _model_values(
                study,
                {
                    k: posterior_means(pre.posterior[k][j]) if k in pre.posterior else v
                    for k, v in pre.truth.items()
                },
                draws,
            ),
        )
        for j in range(len(sizes))
    ]
    rows, limit_rows, best_rows = _rows(study, research, sizes, wtp, truth, posterior)
    return SampleInformation(
        table=pd.DataFrame(rows),
        limit=pd.DataFrame(limit_rows),
        optimum=pd.DataFrame(best_rows),
        research=research,
        draws=int(draws),
        seed=seed,
        method=METHOD,
    )
