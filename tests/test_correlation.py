"""Correlated inputs (:mod:`mkba_mc.correlation`): the Gaussian copula gives the target
rank correlations, keeps every marginal, stays block-invariant, and is validated."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from scipy import stats

from mkba_mc.cli import main
from mkba_mc.config import ConfigError, load_study
from mkba_mc.designs import sample_block
from mkba_mc.evsi import evsi
from mkba_mc.sampling import BLOCK_SIZE, sample_parameters
from mkba_mc.sensitivity import sobol
from mkba_mc.simulation import simulate

SEED = 8
PAIRS = (
    'correlations.pairs=[["escalation", "eviction_share", 0.6], '
    '["intake_cost.KR", "settlement_cost", -0.4], ["escalation", "settlement_cost", 0.3]]'
)
TARGETS = {
    ("escalation", "eviction_share"): 0.6,
    ("intake_cost.KR", "settlement_cost"): -0.4,
    ("escalation", "settlement_cost"): 0.3,
    ("escalation", "intake_cost.KR"): 0.0,
    ("eviction_share", "intake_cost.KR"): 0.0,
}
DRAWS = 100_000


@pytest.fixture(scope="module")
def study():
    return load_study(overrides=[PAIRS])


def _draws(study, draws=DRAWS):
    blocks = [sample_block(study, SEED, b) for b in range(-(-draws // BLOCK_SIZE))]
    values = {k: np.concatenate([b[k] for b in blocks])[:draws] for k in blocks[0]}
    return {
        "escalation": values["escalation"],
        "eviction_share": values["eviction_share"],
        "settlement_cost": values["settlement_cost"],
        "intake_cost.KR": values["intake_cost"][:, study.arm_names.index("KR")],
        "intake_cost.FIG": values["intake_cost"][:, study.arm_names.index("FIG")],
        "exit_share": values["exit_share"],
    }


@pytest.mark.parametrize(
    "method",
    [
        "random",
        pytest.param("lhs", marks=pytest.mark.slow),
        pytest.param("sobol", marks=pytest.mark.slow),
    ],
)
def test_sample_spearman_correlations_hit_the_targets(study, method):
    x = _draws(dataclasses.replace(study, sampling=method))
    for (a, b), target in TARGETS.items():
        assert stats.spearmanr(x[a], x[b])[0] == pytest.approx(target, abs=0.01), (a, b)


def test_the_marginals_are_unchanged(study):
    x = _draws(study)
    plain = _draws(load_study())
    for name in ("escalation", "settlement_cost", "intake_cost.KR"):
        param, _, arm = name.partition(".")
        dist = study.parameters[param].for_arm(arm)
        if dist.family == "beta":
            cdf = stats.beta(dist.a, dist.b).cdf
        else:
            cdf = stats.gamma(dist.shape, scale=dist.scale).cdf
        assert stats.kstest(x[name], cdf).pvalue > 0.01, name
        assert stats.ks_2samp(x[name], plain[name]).pvalue > 0.01, name
    # Inputs outside the correlations keep their own streams: the very same draws.
    np.testing.assert_array_equal(x["exit_share"], plain["exit_share"])
    np.testing.assert_array_equal(x["intake_cost.FIG"], plain["intake_cost.FIG"])


def test_block_invariant_and_bit_identical(study):
    draws = BLOCK_SIZE + 11
    a = simulate(study, draws=draws, seed=SEED, cohort="expected", chunk_draws=BLOCK_SIZE)
    b = simulate(
        study, draws=draws, seed=SEED, cohort="expected", chunk_draws=2 * BLOCK_SIZE, workers=2
    )
    for name in ("balance", "param_escalation", "param_intake_cost"):
        np.testing.assert_array_equal(a[name].values, b[name].values)
    first = sample_block(study, SEED, 1)
    np.testing.assert_array_equal(
        a["param_escalation"].values[BLOCK_SIZE:], first["escalation"][:11]
    )
    assert not np.array_equal(first["escalation"], sample_parameters(study, SEED, 1)["escalation"])


def test_a_matrix_works_like_pairs():
    matrix = load_study(
        overrides=[
            'correlations.names=["escalation", "eviction_share"]',
            "correlations.matrix=[[1, 0.6], [0.6, 1]]",
        ]
    )
    pairs = load_study(overrides=['correlations.pairs=[["escalation", "eviction_share", 0.6]]'])
    assert matrix.correlations == pairs.correlations
    a, b = sample_block(matrix, SEED, 0), sample_block(pairs, SEED, 0)
    np.testing.assert_array_equal(a["eviction_share"], b["eviction_share"])


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            'correlations.pairs=[["escalation", "nope", 0.5]]',
            "correlations.pairs[0][1]: 'nope' is not a parameter",
        ),
        (
            'correlations.pairs=[["escalation", "eviction_share", 1.0]]',
            "correlations: the pair escalation, eviction_share has rank correlation 1",
        ),
        (
            'correlations.pairs=[["escalation", "outcome_shares.KR", 0.2]]',
            "correlations.pairs[0][1]: 'outcome_shares' is a vector of shares",
        ),
        (
            'correlations.pairs=[["escalation", "months_earlier_exit", 0.2]]',
            "correlations.pairs[0][1]: 'months_earlier_exit' is fixed",
        ),
        (
            'correlations.pairs=[["intake_cost", "escalation", 0.2]]',
            "correlations.pairs[0][0]: name the arm of 'intake_cost'",
        ),
        (
            'correlations.pairs=[["escalation", "eviction_share", 0.9], '
            '["escalation", "shelter_share", 0.9], ["eviction_share", "shelter_share", -0.9]]',
            "correlations: the correlations are not positive definite",
        ),
        (
            'correlations.pairs=[["escalation", "eviction_share", 0.2], '
            '["eviction_share", "escalation", 0.3]]',
            "correlations.pairs[1]: gives the correlation of this pair a second time",
        ),
    ],
)
def test_bad_correlations_are_named(override, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_study(overrides=[override])


def test_a_non_positive_definite_matrix_names_a_pair():
    with pytest.raises(ConfigError) as info:
        load_study(
            overrides=[
                'correlations.pairs=[["escalation", "eviction_share", 0.9], '
                '["escalation", "shelter_share", 0.9], ["eviction_share", "shelter_share", -0.9]]'
            ]
        )
    assert re.search(
        r"look at the pair (escalation|eviction_share|shelter_share), \w+", str(info.value)
    )


def test_methods_that_need_independent_inputs_refuse(study, capsys):
    with pytest.raises(ValueError, match="Sobol' indices need independent inputs"):
        sobol(study, n=8)
    with pytest.raises(ValueError, match="inputs are correlated"):
        evsi(study)
    code = main(["sensitivity", "--method", "sobol", "--set", PAIRS.replace(" ", "")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err and "correlations: sobol assumes independent" in err
    code = main(["sensitivity", "--method", "threshold", "--set", PAIRS])
    assert code == 0
