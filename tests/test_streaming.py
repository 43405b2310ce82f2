"""Block-wise summaries against the exact ones computed from all draws in memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mkba_mc import load_study, simulate, summarize
from mkba_mc.analysis import pairwise, prob_best
from mkba_mc.bridge import _simulated, bridge
from mkba_mc.decision import decision_summary
from mkba_mc.engine import StopRule, stream_run
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.streaming import RELATIVE_ERROR, ZERO, QuantileSketch

THREE_ARMS = Path(__file__).parent / "configs" / "three_arms.toml"
DRAWS = 3 * BLOCK_SIZE + 1234  # three whole blocks and a cut one
EXACT = ["mean", "mean_se", "p_positive", "p_positive_se"]
QUANTILES = ["q05", "median", "q95"]


@pytest.fixture(scope="module", params=["default", "three_arms"])
def runs(request):
    study = load_study(None if request.param == "default" else THREE_ARMS)
    ds = simulate(study, draws=DRAWS, seed=5, cohort=17)
    return study, ds, stream_run(study, DRAWS, 5, 17)


def test_means_errors_and_probabilities_are_exact(runs):
    _, ds, streamed = runs
    exact, ours = summarize(ds), streamed.summary()
    assert list(ours.columns) == list(exact.columns)
    assert ours[["arm", "versus", "measure"]].equals(exact[["arm", "versus", "measure"]])
    np.testing.assert_allclose(ours[EXACT], exact[EXACT], rtol=1e-11, atol=1e-12)


def test_quantiles_within_the_stated_relative_error(runs):
    _, ds, streamed = runs
    exact, ours = summarize(ds), streamed.summary()
    bound = RELATIVE_ERROR * exact[QUANTILES].abs().to_numpy() + ZERO
    assert (np.abs(ours[QUANTILES].to_numpy() - exact[QUANTILES].to_numpy()) <= bound).all()


def test_arms_decisions_and_bridge_inputs(runs):
    study, ds, streamed = runs
    exact = decision_summary(ds)
    ours = streamed.decision_summary()
    for name, values in exact.data_vars.items():
        if values.dtype.kind in "US":
            assert list(ours[name].values) == list(values.values), name
        else:
            np.testing.assert_allclose(ours[name], values, rtol=1e-9, err_msg=name)
    for a, b in zip(_simulated(ds), streamed.bridge_inputs(), strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12)
    pd.testing.assert_frame_equal(
        bridge(study, streamed).drop(columns="mc_se"), bridge(study, ds).drop(columns="mc_se")
    )
    best = prob_best(ds)
    np.testing.assert_allclose(streamed.prob_best()[["p_best", "p_best_se"]], best.iloc[:, 1:])
    if len(study.arms) > 2:
        pairs, ours = pairwise(ds), streamed.pairwise()
        np.testing.assert_allclose(
            ours[["mean", "p_beats", "p_beats_se"]],
            pairs[["mean", "p_beats", "p_beats_se"]],
            rtol=1e-10,
        )
        bound = RELATIVE_ERROR * pairs[["q05", "q95"]].abs().to_numpy()
        assert (
            np.abs(ours[["q05", "q95"]].to_numpy() - pairs[["q05", "q95"]].to_numpy()) <= bound
        ).all()


def test_sketch_order_statistics_bound_and_merge_order():
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.lognormal(5, 2, 5000), -rng.exponential(40, 3000), np.zeros(7)])
    rng.shuffle(x)
    whole = QuantileSketch.of(x)
    parts = [QuantileSketch.of(p) for p in np.array_split(x, 5)]
    forward, backward = QuantileSketch.of(x[:0]), QuantileSketch.of(x[:0])
    for p in parts:
        forward.merge(p)
    for p in reversed(parts):
        backward.merge(p)
    ranks = np.arange(x.size)
    exact = np.sort(x)
    for sketch in (whole, forward, backward):
        got = sketch.order_statistics(ranks)
        assert (np.abs(got - exact) <= RELATIVE_ERROR * np.abs(exact) + ZERO).all()
    assert np.array_equal(forward.order_statistics(ranks), backward.order_statistics(ranks))
    for q in (0.01, 0.05, 0.5, 0.95, 0.99):
        assert abs(whole.quantile(q) - np.quantile(x, q)) <= RELATIVE_ERROR * np.abs(x).max()


def test_non_finite_values_are_left_out_as_in_summarize():
    sketch = QuantileSketch.of(np.array([1.0, np.inf, np.nan, 3.0, 2.0]))
    assert sketch.n == 3
    assert sketch.quantile(0.5) == pytest.approx(2.0, rel=RELATIVE_ERROR)


def test_target_se_stops_at_the_first_block_where_it_is_met():
    study = load_study()
    ceiling = 8 * BLOCK_SIZE
    full = simulate(study, draws=ceiling, seed=2)
    diff = (full["balance"].sel(arm="KR") - full["balance"].sel(arm="FIG")).values
    # The first block boundary where the MCSE of the mean difference is at most the target.
    target = 0.5 * (diff[:BLOCK_SIZE].std(ddof=1) / np.sqrt(BLOCK_SIZE))
    expected = next(
        n
        for n in range(BLOCK_SIZE, ceiling + 1, BLOCK_SIZE)
        if diff[:n].std(ddof=1) / np.sqrt(n) <= target
    )
    run = stream_run(study, ceiling, 2, stop=StopRule(delta_eur=target))
    assert run.n == expected < ceiling
    assert run.attrs["draws"] == expected
    assert run.attrs["stopped"] == "reached the target standard errors"
    again = stream_run(study, ceiling, 2, stop=StopRule(delta_eur=target))
    pd.testing.assert_frame_equal(again.summary(), run.summary(), check_exact=True)
    # P(beats): its MCSE sqrt(p (1 - p) / n) in percentage points.
    beats = 100 * np.sqrt(0.25 / (2 * BLOCK_SIZE))  # met by n = 2 blocks whatever p
    run = stream_run(study, ceiling, 2, stop=StopRule(beats_pp=beats))
    assert run.n <= 2 * BLOCK_SIZE
    never = stream_run(study, 2 * BLOCK_SIZE, 2, stop=StopRule(beats_pp=1e-6))
    assert never.n == 2 * BLOCK_SIZE and never.attrs["stopped"] == "reached --draws"


def test_a_quantiles_se_is_never_below_the_sketchs_resolution():
    """A tail of many draws whose 95% interval is narrower than the sketch reads it: the
    standard error is the sketch's (RELATIVE_ERROR of the quantile, spread evenly),
    not 0; where the Monte Carlo error is the larger, it is that."""
    import math

    from mkba_mc.streaming import RELATIVE_ERROR, QuantileSketch

    def sketch(x):  # block by block, as a run reduces them
        merged = QuantileSketch.of(x[:50_000])
        for start in range(50_000, x.size, 50_000):
            merged.merge(QuantileSketch.of(x[start : start + 50_000]))
        return merged

    rng = np.random.default_rng(5)
    narrow = sketch(4e6 + rng.normal(0.0, 1.0, 200_000))  # interval ~€0.01 wide
    assert narrow.quantile_se(0.05) == pytest.approx(RELATIVE_ERROR * 4e6 / math.sqrt(3), rel=1e-3)
    wide = np.sort(rng.normal(0.0, 1000.0, 200_000))
    from mkba_mc.mcse import quantile_se

    exact = quantile_se(wide, 0.05)
    assert exact > RELATIVE_ERROR * 2000  # the Monte Carlo error dominates here
    assert sketch(wide).quantile_se(0.05) == pytest.approx(exact, rel=0.01)
