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
    mm.stream_run(study, draws=10**8).summary()  # the same table block by block, no draws kept
"""

__version__ = "0.1.0"

from .analysis import prob_beats_baseline, summarize, versus_baseline  # noqa: E402
from .config import ConfigError, load_study, parse_study  # noqa: E402
from .decision import (  # noqa: E402
    acceptability_curve,
    break_even_wtp,
    convergence,
    municipality_share,
    scale_up,
    stakeholder_benefits,
)
from .diff import diff_studies  # noqa: E402
from .engine import stream_run  # noqa: E402
from .io import open_run, write_run  # noqa: E402
from .replication import replicate  # noqa: E402
from .sensitivity import rank_indices, sobol, thresholds, tornado  # noqa: E402
from .simulation import simulate, simulate_to_netcdf  # noqa: E402
from .sweep import sweep  # noqa: E402
from .voi import evpi, evppi  # noqa: E402

__all__ = [
    "ConfigError",
    "acceptability_curve",
    "break_even_wtp",
    "convergence",
    "diff_studies",
    "evpi",
    "evppi",
    "load_study",
    "open_run",
    "municipality_share",
    "parse_study",
    "prob_beats_baseline",
    "rank_indices",
    "replicate",
    "scale_up",
    "simulate",
    "simulate_to_netcdf",
    "sobol",
    "stream_run",
    "stakeholder_benefits",
    "summarize",
    "sweep",
    "thresholds",
    "tornado",
    "versus_baseline",
    "write_run",
]
