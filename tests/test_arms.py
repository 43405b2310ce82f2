"""Any number of arms: the chance that each arm is best, and every pair side by side."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import mkba_mc as mm
from mkba_mc.analysis import pairwise, prob_best
from mkba_mc.cli import main

THREE_ARMS = Path(__file__).parent / "configs" / "three_arms.toml"


@pytest.fixture(scope="module")
def ds():
    return mm.simulate(mm.load_study(THREE_ARMS), draws=6000, seed=11)


def test_prob_best_adds_up_and_counts_the_draws(ds):
    best = prob_best(ds)
    np.testing.assert_allclose(best["p_best"].sum(), 1.0)
    balance = ds["balance"].transpose("draw", "arm").values
    winner = balance.argmax(axis=1)
    for i, row in enumerate(best.itertuples()):
        p = (winner == i).mean()
        assert row.p_best == pytest.approx(p)
        assert row.p_best_se == pytest.approx(math.sqrt(p * (1 - p) / (len(winner) - 1)))


def test_prob_best_of_two_arms_is_p_beats_baseline():
    ds = mm.simulate(mm.load_study(), draws=4000, seed=2)
    best = prob_best(ds).set_index("arm")["p_best"]
    p = float(mm.prob_beats_baseline(ds)["probability"].sel(arm="KR"))
    assert best["KR"] == pytest.approx(p) and best["FIG"] == pytest.approx(1 - p)


def test_ties_share_the_draw():
    ds = mm.simulate(mm.load_study(THREE_ARMS), draws=10, seed=1)
    ds["balance"][:] = 0.0
    np.testing.assert_allclose(prob_best(ds)["p_best"], 1 / 3)


def test_every_pair_once_and_consistent_with_the_baseline(ds):
    pairs = pairwise(ds)
    assert list(zip(pairs["arm"], pairs["versus"], strict=True)) == [
        ("COACH", "REG"),
        ("AFTER", "REG"),
        ("AFTER", "COACH"),
    ]
    row = pairs.set_index(["arm", "versus"])
    np.testing.assert_allclose(
        row.loc[("AFTER", "COACH"), "mean"],
        row.loc[("AFTER", "REG"), "mean"] - row.loc[("COACH", "REG"), "mean"],
        rtol=1e-9,
    )
    x = (ds["balance"].sel(arm="AFTER") - ds["balance"].sel(arm="COACH")).values
    assert row.loc[("AFTER", "COACH"), "p_beats"] == pytest.approx((x > 0).mean())


def test_run_prints_every_route_against_every_other(capsys):
    assert main(["run", str(THREE_ARMS), "--draws", "3000"]) == 0
    out = capsys.readouterr().out
    assert "P(route has the highest balance): Regular route" in out
    assert "Coach with aftercare − Budget coach" in out
    assert "regioplan" not in out.lower()  # nothing of another study in its answer
