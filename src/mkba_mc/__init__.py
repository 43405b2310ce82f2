"""mkba-mc: Monte Carlo uncertainty analysis for social cost-benefit analyses (MKBA)
of municipal debt assistance.

The data flow, one module per stage::

    config (TOML) -> spec.Study -> sampling -> model -> simulation (xarray.Dataset)
                  -> analysis / replication -> report, CLI

Typical use::

    import mkba_mc as mm
    study = mm.load_study()              # the embedded Regioplan 2020 default study
    ds = mm.simulate(study, draws=100_000, seed=1)
    mm.summarize(ds)                     # means, intervals, P(balance > 0)
    mm.prob_beats_baseline(ds)           # P(Klantreis beats FIG-route) with its MC error
    mm.bridge(study, ds)                 # from the study's published balance to this mean
    mm.stream_run(study, draws=10**8).summary()  # the same table block by block, no draws kept
"""

from ._version import __version__
from .analysis import (
    pairwise,
    prob_beats_baseline,
    prob_best,
    summarize,
    versus_baseline,
)
from .bridge import bridge
from .compare import alternative_sets, compare
from .config import ConfigError, load_study, parse_study
from .decision import (
    acceptability_curve,
    break_even_wtp,
    convergence,
    municipality_share,
    scale_up,
    stakeholder_benefits,
)
from .diff import diff_studies
from .engine import Execution, stream_run
from .evsi import evsi
from .replication import replicate
from .results import open_run, write_run
from .risk import (
    business_case,
    downside_risk,
    expected_shortfall,
    investment_risk,
    payback,
    risk_profile,
    stakeholder_balances,
    value_at_risk,
    year_of_intakes,
)
from .sensitivity import rank_indices, sobol, thresholds, tornado
from .simulation import simulate, simulate_to_netcdf
from .sweep import sweep
from .voi import evpi, evppi

__all__ = [
    "__version__",
    "ConfigError",
    "Execution",
    "acceptability_curve",
    "alternative_sets",
    "bridge",
    "compare",
    "pairwise",
    "prob_best",
    "break_even_wtp",
    "business_case",
    "convergence",
    "diff_studies",
    "downside_risk",
    "evpi",
    "evppi",
    "evsi",
    "expected_shortfall",
    "investment_risk",
    "load_study",
    "open_run",
    "municipality_share",
    "parse_study",
    "payback",
    "prob_beats_baseline",
    "rank_indices",
    "replicate",
    "risk_profile",
    "scale_up",
    "simulate",
    "simulate_to_netcdf",
    "sobol",
    "stakeholder_balances",
    "stream_run",
    "stakeholder_benefits",
    "summarize",
    "sweep",
    "thresholds",
    "tornado",
    "value_at_risk",
    "versus_baseline",
    "write_run",
    "year_of_intakes",
]
