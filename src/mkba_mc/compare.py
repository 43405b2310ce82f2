"""Compare assumption sets: several study configs run with common random numbers.

Every set is run with the same seed, draws and cohort; the draws default to the largest of
the sets' ``[run] draws``, so that no uncertain set runs with a point config's single draw.
Random streams are keyed by the parameter's name (:mod:`mkba_mc.sampling`), so a
parameter that two sets define alike draws the same values in both: the difference
between their answers is the difference between their assumptions, not Monte Carlo noise.
Every set's blocks run as tasks on one executor, as ``mkba-mc run``'s do
(:mod:`mkba_mc.engine`: here, on local worker processes or on a dask cluster), and are
reduced block by block (:mod:`mkba_mc.streaming`): memory is bounded by a block, nothing
is written to disk, and the table is the same wherever the blocks ran.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from .config import config_hash
from .engine import Execution, session, stream_runs
from .simulation import RunSettings
from .spec import Cohort, Study

__all__ = [
    "alternative_sets",
    "SET_COLUMNS",
    "PointSetError",
    "compare",
    "compare_draws",
    "is_point",
    "set_name",
]

SET_COLUMNS = ("set", "title", "config", "config_hash", "draws", "seed", "cohort")
"""Columns that identify the assumption set of a row of :func:`compare`."""


class PointSetError(ValueError):
    """A point config (every input fixed) among uncertain assumption sets."""


def is_point(study: Study) -> bool:
    """Whether every input of a study is fixed: a point config, with no parameter
    uncertainty (its draws differ only by client outcomes, in a finite cohort)."""
    return all(p.is_fixed for p in study.parameters.values())


def compare_draws(studies: Sequence[Study], draws: int | None = None) -> int:
    """The draws every set runs with: ``draws``, else the largest of the sets' own."""
    return max(s.draws for s in studies) if draws is None else draws


def set_name(study: Study) -> str:
    """A short name for a study: its config file's name without ``.toml``."""
    return Path(study.origin.rpartition(":")[2]).stem or "study"


def _names(studies: Sequence[Study]) -> list[str]:
    names = []
    for study in studies:
        name = set_name(study)
        candidate, k = name, 2
        while candidate in names:
            candidate, k = f"{name}#{k}", k + 1
        names.append(candidate)
    return names


def compare(
    studies: Sequence[Study],
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    *,
    execution: Execution | None = None,
    progress: Callable[[int, int], None] | None = None,
    allow_point: bool = False,
) -> pd.DataFrame:
    """Run several assumption sets with common random numbers and summarise each.

    Parameters
    ----------
    studies
        The assumption sets (:func:`mkba_mc.load_study`), at least one.
    draws
        The same for every set; default :func:`compare_draws`, the largest of the sets'
        ``[run] draws``.
    seed, cohort
        The same for every set; each defaults to the *first* study's ``[run]`` and
        ``[cohort]`` values (common random numbers need one seed for all).
    execution
        Where the sets' blocks run (:class:`mkba_mc.engine.Execution`: here, on local
        worker processes or on a dask cluster; default here); one executor serves every
        set, and the results do not depend on it.
    progress
        Called with ``(draws done, draws in all)`` counted over all sets.
    allow_point
        Run a point config (:func:`is_point`) among uncertain sets; refused otherwise,
        since its intervals and probabilities are not comparable with theirs.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`mkba_mc.summarize` of each set's run (per arm: investment,
        total benefits, balance and benefit-cost ratio; per non-baseline arm the
        differences with the baseline, with P(arm beats baseline) in ``p_positive``),
        reduced block by block as ``mkba-mc run`` prints them
        (:meth:`mkba_mc.streaming.RunSummary.summary`: quantiles within a relative
        error of 0.01%),
        preceded by the columns :data:`SET_COLUMNS`: ``set`` (the config's file name,
        made unique), ``title``, ``config`` (its origin), ``config_hash`` (SHA-256 of its
        text), ``draws``, ``seed`` and ``cohort``. Euros per client.

    Raises
    ------
    PointSetError
        If a point config is among uncertain sets and ``allow_point`` is false (checked
        before any set runs).
    """
    studies = list(studies)
    if not studies:
        raise ValueError("compare needs at least one study")
    points = [s for s in studies if is_point(s)]
    if points and len(points) < len(studies) and not allow_point:
        raise PointSetError(
            f"{points[0].origin}: every input is fixed (a point config) while other sets are "
            "uncertain, so its intervals and probabilities mean nothing beside theirs; "
            "leave it out or allow point sets"
        )
    first = RunSettings.resolve(studies[0], compare_draws(studies, draws), seed, cohort)
    frames = []
    with session(execution or Execution()) as client:
        summaries = stream_runs([(study, first) for study in studies], client, progress)
        for name, summary in zip(_names(studies), summaries, strict=True):
            study, table = summary.study, summary.summary()
            identity = {
                "set": name,
                "title": study.title,
                "config": study.origin,
                "config_hash": config_hash(study.text),
                "draws": first.draws,
                "seed": first.seed,
                "cohort": str(first.cohort),
            }
            frames.append(table.assign(**identity)[[*SET_COLUMNS, *table.columns]])
    return pd.concat(frames, ignore_index=True)


def alternative_sets(study: Study, names: Sequence[str] | None = None) -> list[Study]:
    """The assumption sets to show beside ``study``'s answer.

    Parameters
    ----------
    study
        The study that was run.
    names
        Config files or names; default ``study.alternatives`` (its ``[study] alternatives``).
        A name that is not a file is looked for next to the study's config, then among the
        shipped sets.

    Raises
    ------
    ConfigError
        When a set cannot be found or is invalid.
    """
    from pathlib import Path

    from .assumptions import locate
    from .config import load_study, parse_study

    sets = []
    for name in study.alternatives if names is None else names:
        if Path(name).is_file():
            sets.append(load_study(name))
        else:
            origin, text = locate(name, study.origin)
            sets.append(parse_study(text, origin=origin))
    return sets
