"""EVSI and ENBS of a new dossier study (:mod:`mkba_mc.evsi`) and the ``[research]`` table."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from mkba_mc.cli import main
from mkba_mc.config import ConfigError, embedded_config, load_study, parse_study
from mkba_mc.evsi import evsi as evsi_of
from mkba_mc.evsi import (
    net_benefit_differences,
    posterior_means,
    preposterior,
)
from mkba_mc.sampling import BLOCK_SIZE, central_values, sample_parameters
from mkba_mc.simulation import simulate
from mkba_mc.voi import evppi_conditional_means

SEED = 5
DRAWS = BLOCK_SIZE
SIZES = (10, 30, 100, 300, 1000)

# Only the outcome categories are observed, and settlement success is moved out of the
# "dossier outcomes" group, so that group is exactly what the study observes.
OUTCOMES_ONLY = (
    'parameters.settlement_success.group="literature shares"',
    'research.parameters=["outcome_shares"]',
    "research.among={}",
)


@pytest.fixture(scope="module")
def study():
    return load_study()


@pytest.fixture(scope="module")
def result(study):
    return evsi_of(study, sizes=SIZES, draws=DRAWS, seed=SEED)


def _per(table, column="per_client"):
    """``wtp`` -> values in the order of the sizes."""
    return {lam: rows[column].to_numpy() for lam, rows in table.groupby("wtp")}


# --------------------------------------------------------------------------- the contract


def test_evsi_never_exceeds_the_evppi_of_what_the_study_observes(result):
    limit = result.limit.set_index("wtp")
    for lam, values in _per(result.table).items():
        # Same draws: the study's data are less than knowing the drawn values.
        assert (values <= limit.loc[lam, "per_client"] + 1e-9).all(), lam


def test_evsi_does_not_decrease_with_more_dossiers(result):
    for lam, values in _per(result.table).items():
        se = _per(result.table, "se")[lam]
        # Nested data (the first 10 of the 30 dossiers, ...) keep the curve smooth.
        assert (np.diff(values) >= -0.25 * se[1:]).all(), (lam, values)
    zero = _per(result.table)[0.0]
    assert zero[-1] > 3 * zero[0] > 0  # at λ = 0 more dossiers are clearly worth more


def test_evsi_tends_to_the_evppi_as_the_study_grows(study, result):
    big = evsi_of(study, sizes=(100_000,), draws=DRAWS, seed=SEED)
    limit = result.limit.set_index("wtp")["per_client"]
    for lam, value in zip(big.table["wtp"], big.table["per_client"], strict=True):
        assert value <= limit[lam] + 1e-9
        assert value == pytest.approx(limit[lam], rel=0.01, abs=0.05)
    # and the values at 1,000 dossiers are already within 5% at λ = 0
    assert _per(result.table)[0.0][-1] > 0.95 * limit[0.0]


def test_the_limit_is_the_groups_evppi_from_an_independent_run():
    study = load_study(overrides=OUTCOMES_ONLY)
    result = evsi_of(study, sizes=(1000,), draws=2 * BLOCK_SIZE, seed=SEED)
    ds = simulate(study, draws=2 * BLOCK_SIZE, seed=SEED + 1, cohort="expected")
    exact = evppi_conditional_means(study, ds, groups=["dossier outcomes"])
    for lam, theirs in zip(exact["wtp"], exact["per_client"], strict=True):
        ours = result.limit.set_index("wtp").loc[lam]
        # Two independent estimates, each with about the same Monte Carlo error.
        assert abs(ours["per_client"] - theirs) <= 4 * math.sqrt(2) * ours["se"] + 0.05, lam
        evsi = result.table.set_index("wtp").loc[lam, "per_client"]
        assert evsi <= theirs + 4 * math.sqrt(2) * ours["se"] + 0.05


def test_agrees_with_a_brute_force_nested_simulation(study):
    """Outer: the same prior draws and simulated data; inner: draws from the Beta/Dirichlet
    posteriors and every other input from its prior, through the full model."""
    outer, inner, n = 200, 2_000, 30
    research = study.research
    pre = preposterior(study, research, (n,), outer, SEED)
    shares = {
        key: posterior_means(pre.posterior[key][0]) if key in pre.posterior else value
        for key, value in pre.truth.items()
    }
    conjugate = _differences_at(study, shares, outer)

    rng = np.random.default_rng(99)
    blocks = -(-outer * inner // BLOCK_SIZE)
    prior = [sample_parameters(study, SEED + 7, b) for b in range(blocks)]
    values = {k: np.concatenate([p[k] for p in prior])[: outer * inner] for k in prior[0]}
    for (name, source), conc in pre.posterior.items():
        gamma = rng.gamma(np.repeat(conc[0], inner, axis=0))  # Dirichlet by normalised Gammas
        draw = gamma / gamma.sum(axis=-1, keepdims=True)
        draw = draw if study.parameters[name].components is not None else draw[:, 0]
        values[name][:, study.arm_names.index(source)] = draw
    d_bal, d_succ = net_benefit_differences(study, values)
    pair = np.column_stack([d_bal[:, 0], d_succ[:, 0]]).reshape(outer, inner, 2)
    nested_mean = pair.mean(axis=1)
    nested_se = pair.std(axis=1, ddof=1) / math.sqrt(inner)
    # E(INB | data) per outer draw: the conjugate value within the inner Monte Carlo error.
    z = (nested_mean - conjugate) / nested_se
    assert np.mean(z**2, axis=0) == pytest.approx([1.0, 1.0], abs=0.35)
    assert np.abs(z).max() < 4.5
    # EVSI on these outer draws, at λ = 0 and 2,500.
    for lam in (0.0, 2500.0):
        a = conjugate[:, 0] + lam * conjugate[:, 1]
        b = nested_mean[:, 0] + lam * nested_mean[:, 1]
        value_a = np.maximum(a, 0).mean() - max(a.mean(), 0)
        value_b = np.maximum(b, 0).mean() - max(b.mean(), 0)
        se = np.sqrt(np.mean((nested_se[:, 0] + lam * nested_se[:, 1]) ** 2) / outer)
        assert abs(value_a - value_b) <= 4 * se, lam


def _differences_at(study, shares, n):
    """KR − FIG balance and success share with the shares given, other inputs at means."""
    values = central_values(study, n)
    for (name, source), value in shares.items():
        arm = study.arm_names.index(source)
        values[name][:, arm] = value if study.parameters[name].components else value[:, 0]
    d_bal, d_succ = net_benefit_differences(study, values)
    return np.column_stack([d_bal[:, 0], d_succ[:, 0]])


# --------------------------------------------------------------------------- ENBS


def test_enbs_is_the_value_over_the_horizon_less_the_study_cost(study, result):
    r = study.research
    table = result.table
    cost = r.fixed_cost + r.cost_per_dossier * table["dossiers"] * len(study.arms)
    np.testing.assert_allclose(table["study_cost"], cost)
    value = table["per_client"] * r.intakes_per_year * r.horizon_years
    np.testing.assert_allclose(table["enbs"], value - cost)
    np.testing.assert_allclose(table["per_year"], table["per_client"] * r.intakes_per_year)
    for _, best in result.optimum.iterrows():
        rows = table[table["wtp"] == best["wtp"]]
        assert best["enbs"] == rows["enbs"].max()
        assert best["dossiers"] == rows.loc[rows["enbs"].idxmax(), "dossiers"]
        assert best["worthwhile"] == (best["enbs"] > 0)


def test_reproducible_and_block_invariant(study):
    a = preposterior(study, study.research, SIZES, 1000, SEED)
    b = preposterior(study, study.research, SIZES, BLOCK_SIZE + 10, SEED)
    for key in a.truth:
        np.testing.assert_array_equal(a.truth[key], b.truth[key][:1000])
    for key in a.posterior:
        np.testing.assert_array_equal(a.posterior[key], b.posterior[key][:, :1000])
    # Nested data: a larger study contains the smaller one's dossiers.
    for key, conc in a.posterior.items():
        assert (np.diff(conc, axis=0) >= 0).all(), key
    # Every dossier is counted once: n per arm on each outcome share.
    conc = a.posterior[("outcome_shares", "KR")]
    prior = np.asarray(study.parameters["outcome_shares"].per_arm["KR"].alpha)
    counted = conc.sum(axis=-1) - prior.sum()
    np.testing.assert_allclose(counted, np.broadcast_to(np.array(SIZES)[:, None], counted.shape))
    # The variant is seen only among the dossiers in budget management.
    variant = a.posterior[("budget_management_variant", "FIG")]
    budget = a.posterior[("share_budget_management", "FIG")]
    prior_v = sum(study.parameters["budget_management_variant"].per_arm["FIG"].alpha)
    prior_b = study.parameters["share_budget_management"].per_arm["FIG"].a
    np.testing.assert_allclose(variant.sum(axis=-1) - prior_v, budget[..., 0] - prior_b)


def test_pooled_shares_learn_from_both_routes():
    study = parse_study(embedded_config("regioplan2020_pooled.toml"), origin="pooled")
    pre = preposterior(study, study.research, (50,), 1000, SEED)
    conc = pre.posterior[("share_pw", "*")]
    prior = study.parameters["share_pw"].distribution
    np.testing.assert_allclose(conc.sum(axis=-1) - prior.a - prior.b, 100)
    result = evsi_of(study, sizes=(50, 500), draws=1000, seed=SEED)
    assert np.isfinite(result.table["per_client"]).all()


# --------------------------------------------------------------------------- bad input


def test_a_study_without_research_is_refused():
    study = parse_study(embedded_config("regioplan2020_point.toml"), origin="point.toml")
    with pytest.raises(ValueError, match=r"point.toml: research: no \[research\] table"):
        evsi_of(study)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("research.fixed_cost=-1", "research.fixed_cost: must be at least 0"),
        ("research.horizon_years=0", "research.horizon_years: must be positive"),
        ('research.parameters=["nope"]', "research.parameters[0]: 'nope' is not a parameter"),
        (
            'research.parameters=["pw_cost_per_year"]',
            "research.parameters[0]: 'pw_cost_per_year' must have a Beta or Dirichlet",
        ),
        (
            'research.among={share_pw="outcome_shares"}',
            "research.among.share_pw: 'outcome_shares' must be a share",
        ),
        ("research.colour=1", "research.colour: unknown key"),
    ],
)
def test_bad_research_tables_name_the_key(override, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_study(overrides=[override])


def test_cli_evsi_and_its_bad_input(capsys, tmp_path):
    out_dir = tmp_path / "out"
    code = main(["sensitivity", "--method", "evsi", "--draws", "2048", "--out", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "best: " in out and "ENBS" in out
    assert {p.name for p in out_dir.iterdir()} >= {"evsi.csv", "evsi_optimum.csv", "enbs.png"}
    text = embedded_config("regioplan2020.toml")
    start = text.index("[research]")
    end = text.index("\n# ---", start)
    plain = tmp_path / "plain.toml"
    plain.write_text(text[:start] + text[end:], encoding="utf-8")
    code = main(["sensitivity", str(plain), "--method", "evsi"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip().count("\n") == 0 and f"{plain}: research: no [research] table" in err
