"""One sensitivity plan: the CLI, the report and experiments/ run the same analyses with
the same seeds and sizes (:class:`mkba_mc.sensitivity.plan.SensitivityPlan`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mkba_mc import sensitivity as sa
from mkba_mc import voi
from mkba_mc.config import load_study
from mkba_mc.evsi import evsi
from mkba_mc.report import SensitivityAnalyses
from mkba_mc.sensitivity.plan import SensitivityPlan
from mkba_mc.simulation import simulate

SEED = 5
DRAWS = 600  # Sobol' base sample 512; the EVSI takes its minimum of 1,000 prior draws


@pytest.fixture(scope="module")
def study():
    return load_study()


@pytest.fixture(scope="module")
def plan():
    return SensitivityPlan.for_draws(SEED, DRAWS)


def _streams():
    """The documented convention: tornado, Sobol' and EVPPI streams spawned from the seed."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(SEED).spawn(3)]


def test_sizes_follow_the_draws_asked_for():
    assert SensitivityPlan.for_draws(1, 2**15).sobol_n == 2**15
    assert SensitivityPlan.for_draws(1, 5000).sobol_n == 4096
    assert SensitivityPlan.for_draws(1, 5000, sobol_n=256).sobol_n == 256
    with pytest.raises(ValueError, match="draws must be at least 100"):
        SensitivityPlan.for_draws(1, 99)
    with pytest.raises(ValueError, match="sobol_n must be a power of two"):
        SensitivityPlan.for_draws(1, 5000, sobol_n=1000)


def test_the_plan_runs_each_analysis_on_its_own_spawned_stream(study, plan):
    tornado_rng, sobol_rng, evppi_rng = _streams()
    by_input, by_group = plan.tornadoes(study)
    pd.testing.assert_frame_equal(by_input.table, sa.tornado(study, rng=tornado_rng).table)
    pd.testing.assert_frame_equal(
        by_group.table, sa.tornado(study, by="group", rng=tornado_rng).table
    )
    pd.testing.assert_frame_equal(
        plan.sobol(study).table, sa.sobol(study, 512, rng=sobol_rng).table
    )
    sample = plan.sample(study)
    expected_sample = simulate(study, draws=DRAWS, seed=SEED, cohort="expected")
    np.testing.assert_array_equal(sample["balance"].values, expected_sample["balance"].values)
    result = voi.evppi(
        expected_sample,
        plan.wtp,
        curve=np.linspace(0.0, max(plan.wtp), 81),
        rng=evppi_rng,
    )
    pd.testing.assert_frame_equal(plan.voi(sample).table, result.table)
    pd.testing.assert_frame_equal(
        plan.evsi(study).table, evsi(study, plan.wtp, draws=1000, seed=SEED).table
    )


def test_the_report_runs_the_plan_of_its_run(study, plan):
    ds = simulate(study, draws=400, seed=SEED, cohort=23)  # a cohort run: the sample is new
    analyses = SensitivityAnalyses(ds, voi_draws=DRAWS)
    assert analyses.plan == plan
    pd.testing.assert_frame_equal(analyses.tornado.table, plan.tornadoes(study)[0].table)
    pd.testing.assert_frame_equal(analyses.sobol.table, plan.sobol(study).table)
    pd.testing.assert_frame_equal(analyses.voi.table, plan.voi(plan.sample(study)).table)
