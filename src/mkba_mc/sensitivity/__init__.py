"""Which inputs decide the answer: one-way (tornado), threshold, Sobol' and rank-based sensitivity.

The decision metric is the balance (benefits − investment, euros per client) of each arm
against the baseline's, e.g. Klantreis − FIG-route, and beside it each arm's own balance.
Each result table has one row per (measure, input) with the columns ``arm`` and ``versus``
as in :func:`mkba_mc.summarize`: ``versus`` names the baseline for a difference in balance
and is empty for an arm's own balance.

Inputs
    An *input* is one uncertain distribution of the study (:func:`study_inputs`): a shared
    parameter (``exit_share``), or one arm's distribution of a per-arm parameter
    (``share_pw [KR]``). A per-arm parameter is split by arm because its arms are separate
    evidence: the FIG and KR dossier shares come from different dossiers, are independent
    in the model, and move the difference in balance in opposite directions, so "both at
    their 95th percentile" would answer no question anyone asks. Vector parameters
    (Dirichlet shares) are one input each: their components only move together. Input
    *groups* (``Parameter.group``: dossier outcomes, dossier client shares, literature
    shares, unit costs and durations, programme costs) gather inputs for group-level
    indices.

Model runs
    :func:`tornado`, :func:`thresholds` and :func:`sobol` evaluate the model
    (:func:`mkba_mc.model.evaluate`) with per-client expected values (the ``expected``
    cohort): they explain the uncertainty about the parameters, not the chance variation
    of which few clients of a small cohort succeed. :func:`rank_indices` needs no model
    runs: it reads an ordinary run's Dataset.

Randomness enters through ``rng`` (a :class:`numpy.random.Generator` or a seed; ``None``

Modules
    :mod:`.inputs` (inputs, measures, model runs), :mod:`.tornado`, :mod:`.thresholds`,
    :mod:`.sobol`, :mod:`.rank`, and :mod:`.plan`: the one plan of seeds and sizes that
    ``mkba-mc sensitivity``, the report and experiments/ run
    (:class:`mkba_mc.sensitivity.plan.SensitivityPlan`; it sits above :mod:`mkba_mc.voi`
    and :mod:`mkba_mc.evsi`, which read a run's inputs from here, so it is imported from
    its module, not from this package). The analyses return data
    (frozen dataclasses holding pandas tables); text and figures are made from them in
    :mod:`mkba_mc.console_analyses` and :mod:`mkba_mc.plots.sensitivity`.
"""

from .inputs import Input, Measure, decision_measures, run_inputs, study_inputs
from .rank import RankIndices, rank_indices
from .sobol import (
    DEFAULT_SOBOL_N,
    SobolIndices,
    SobolResult,
    saltelli_bootstrap,
    sobol,
    sobol_from_unit,
)
from .thresholds import Thresholds, thresholds
from .tornado import Tornado, tornado

__all__ = [
    "DEFAULT_SOBOL_N",
    "Input",
    "Measure",
    "RankIndices",
    "SobolIndices",
    "SobolResult",
    "Thresholds",
    "Tornado",
    "decision_measures",
    "rank_indices",
    "run_inputs",
    "saltelli_bootstrap",
    "sobol",
    "sobol_from_unit",
    "study_inputs",
    "thresholds",
    "tornado",
]
