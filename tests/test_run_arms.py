"""The arms of a run against its baseline, written once (``ds.mkba``)."""

from __future__ import annotations

import numpy as np
import pytest

from mkba_mc.arms import arms_of
from mkba_mc.config import load_study
from mkba_mc.simulation import simulate


@pytest.fixture(scope="module")
def ds():
    return simulate(load_study(), draws=200, seed=3)


def test_the_accessor_names_the_arms_and_subtracts_the_baseline(ds):
    run = ds.mkba
    assert arms_of(ds) is run
    assert run.names == ["FIG", "KR"] and run.baseline == "FIG" and run.others == ["KR"]
    assert run.baseline_index == 0
    assert run.labels == {"FIG": "FIG-route", "KR": "Klantreis"}
    balance = ds["balance"].transpose("draw", "arm").values
    np.testing.assert_array_equal(run.matrix("balance"), balance)
    expected = balance[:, 1] - balance[:, 0]
    np.testing.assert_array_equal(run.differences("balance")[:, 0], expected)
    diff = run.versus("balance")
    assert diff.attrs["baseline"] == "FIG" and list(diff["arm"].values) == ["KR"]
    np.testing.assert_array_equal(diff.sel(arm="KR").values, expected)


def test_a_baseline_that_is_no_arm_is_refused_in_one_line(ds):
    other = ds.assign_attrs(baseline="XX")
    with pytest.raises(ValueError, match=r"^the run's baseline 'XX' is not one of its arms"):
        other.mkba.versus("balance")
