"""Sampling designs (:mod:`mkba_mc.designs`): Latin hypercube and scrambled Sobol' blocks
keep every marginal, stay block-invariant, and report errors from randomisations."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from scipy import special, stats

from mkba_mc.analysis import summarize, versus_baseline
from mkba_mc.cli import main
from mkba_mc.config import ConfigError, load_study
from mkba_mc.designs import randomised_se, unit_design
from mkba_mc.sampling import BLOCK_SIZE, unit_columns
from mkba_mc.simulation import simulate

SEED = 3


def _study(method):
    return dataclasses.replace(load_study(), sampling=method)


@pytest.fixture(scope="module")
def runs():
    """One block of each design, expected cohort."""
    return {
        m: simulate(_study(m), draws=BLOCK_SIZE, seed=SEED, cohort="expected")
        for m in ("lhs", "sobol")
    }


def test_a_latin_hypercube_fills_every_stratum_of_every_input_once(runs):
    study = load_study()
    exit_share = study.parameters["exit_share"].distribution
    u = special.betainc(exit_share.a, exit_share.b, runs["lhs"]["param_exit_share"].values)
    assert np.array_equal(np.sort(np.floor(u * BLOCK_SIZE)), np.arange(BLOCK_SIZE))
    design = unit_design("lhs", len(unit_columns(study)), SEED, 0)
    strata = np.sort(np.floor(design * BLOCK_SIZE), axis=0)
    assert (strata == np.arange(BLOCK_SIZE)[:, None]).all()


@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_the_marginals_are_the_distributions(runs, method):
    study = load_study()
    ds = runs[method]
    pw = study.parameters["pw_cost_per_year"].distribution  # Gamma
    checks = [
        (ds["param_exit_share"].values, stats.beta(*_ab(study, "exit_share")).cdf),
        (ds["param_pw_cost_per_year"].values, stats.gamma(pw.shape, scale=pw.scale).cdf),
    ]
    alpha = np.asarray(study.parameters["outcome_shares"].per_arm["KR"].alpha)
    solved = ds["param_outcome_shares"].sel(arm="KR").values[:, 0]
    checks.append((solved, stats.beta(alpha[0], alpha.sum() - alpha[0]).cdf))
    for values, cdf in checks:
        assert stats.kstest(values, cdf).pvalue > 0.01


def _ab(study, name):
    d = study.parameters[name].distribution
    return d.a, d.b


@pytest.mark.slow
@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_block_invariant_and_reproducible(method):
    study = _study(method)
    draws = BLOCK_SIZE + 7
    a = simulate(study, draws=draws, seed=SEED, cohort="expected", chunk_draws=BLOCK_SIZE)
    b = simulate(
        study, draws=draws, seed=SEED, cohort="expected", chunk_draws=2 * BLOCK_SIZE, workers=2
    )
    short = simulate(study, draws=5, seed=SEED, cohort="expected")
    for name in ("balance", "param_outcome_shares", "param_exit_share"):
        np.testing.assert_array_equal(a[name].values, b[name].values)
        np.testing.assert_array_equal(a[name].values[:5], short[name].values)
    assert a.attrs["sampling"] == method
    other = simulate(study, draws=5, seed=SEED + 1, cohort="expected")
    assert not np.array_equal(other["balance"].values, a["balance"].values[:5])


def test_randomised_standard_errors():
    x = np.concatenate([np.full(4, v) for v in (1.0, 2.0, 4.0)] + [np.array([100.0])])
    means = np.array([1.0, 2.0, 4.0])  # the partial last block is left out
    assert randomised_se(x, 4) == pytest.approx(means.std(ddof=1) / np.sqrt(3))
    assert np.isnan(randomised_se(np.arange(7.0), 4))
    study = _study("lhs")
    ds = simulate(study, draws=4 * BLOCK_SIZE, seed=SEED, cohort="expected")
    row = summarize(ds).query("versus != '' and measure == 'balance'").iloc[0]
    diff = versus_baseline(ds, "balance").isel(arm=0).values
    assert row["mean_se"] == pytest.approx(randomised_se(diff))
    assert row["p_positive_se"] == pytest.approx(randomised_se((diff > 0).astype(float)))
    iid = diff.std(ddof=1) / np.sqrt(diff.size)
    assert row["mean_se"] < 0.5 * iid  # the hypercube's mean is far more precise
    one = simulate(study, draws=BLOCK_SIZE, seed=SEED, cohort="expected")
    assert np.isnan(summarize(one).query("measure == 'balance'")["mean_se"]).all()
    plain = simulate(load_study(), draws=BLOCK_SIZE, seed=SEED, cohort="expected")
    row = summarize(plain).query("versus != '' and measure == 'balance'").iloc[0]
    diff = versus_baseline(plain, "balance").isel(arm=0).values
    assert row["mean_se"] == pytest.approx(diff.std(ddof=1) / np.sqrt(diff.size))


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ('sampling.method="halton"', "sampling.method: must be random, lhs or sobol"),
        ("sampling.seed=1", "sampling.seed: unknown key"),
    ],
)
def test_bad_sampling_is_named(override, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_study(overrides=[override])


def test_run_takes_a_sampling_design(capsys):
    assert main(["run", "--draws", "2000", "--sampling", "lhs", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert 'sampling.method="lhs"' in out
    assert main(["run", "--sampling", "halton"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--sampling" in err and "halton" in err


@pytest.mark.slow
def test_designs_reduce_the_variance_over_seeds_and_report_it_honestly():
    seeds, draws = 12, 2 * BLOCK_SIZE
    spread, reported = {}, {}
    for method in ("random", "lhs", "sobol"):
        means, ses = [], []
        for seed in range(seeds):
            ds = simulate(_study(method), draws=draws, seed=seed, cohort="expected")
            row = summarize(ds).query("versus != '' and measure == 'balance'").iloc[0]
            means.append(row["mean"])
            ses.append(row["mean_se"])
        spread[method], reported[method] = np.std(means, ddof=1), np.sqrt(np.mean(np.square(ses)))
    assert spread["lhs"] < 0.5 * spread["random"] and spread["sobol"] < 0.5 * spread["random"]
    for method in spread:  # the reported error describes the spread over seeds
        assert 0.4 < reported[method] / spread[method] < 2.5, method
