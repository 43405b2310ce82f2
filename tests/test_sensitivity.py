"""Sensitivity analyses against answers known in closed form.

Sobol' indices: the Ishigami function's analytic indices, and a linear model of
independent normal inputs (S_i = a_i² σ_i² / Σ a_j² σ_j², first = total order). On a
small study whose balance difference is linear in its inputs, the tornado, threshold
and Sobol' results follow from the inputs' distributions by hand. Rank indices: for
jointly normal (X, Y), Spearman's ρ_s = (6/π) arcsin(ρ/2). Statistical assertions use
tolerances of four standard errors (bootstrap, or the analytic Spearman SE) with fixed
seeds, and check that those errors are small enough to make the test sharp.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr
from scipy import special, stats

from mkba_mc.analysis import quantile_se
from mkba_mc.config import POINT_STUDY, embedded_config, load_study, parse_study
from mkba_mc.model import evaluate
from mkba_mc.sampling import (
    central_values,
    join_columns,
    parameters_from_columns,
    parameters_from_unit,
    split_columns,
    unit_columns,
)
from mkba_mc.sensitivity import (
    decision_measures,
    rank_indices,
    saltelli_bootstrap,
    sobol,
    sobol_from_unit,
    study_inputs,
    thresholds,
    tornado,
)

K = 4.0  # standard errors allowed between an estimate and its closed form

LINEAR_STUDY = """
[study]
title = "A linear test study"
source = "constructed for the tests"
baseline = "A"

[arms.A]
label = "route A"
dossiers = { good = 1, bad = 3 }

[arms.B]
label = "route B"
dossiers = { good = 3, bad = 1 }

[outcomes]
categories = ["good", "bad"]
shares = "fixed"
source = "constructed"

[outcomes.groups]
successful = ["good"]

[stakeholders]
society = "Society"

[parameters.value]
unit = "EUR per client"
source = "constructed: Gamma(shape 4, scale 250)"
dist = "gamma"
mean = 1000
cv = 0.5

[parameters.cost]
unit = "EUR per client"
source = "constructed"
arms.A = { dist = "gamma", mean = 100, cv = 0.3 }
arms.B = { dist = "gamma", mean = 300, cv = 0.5 }

[costs.programme]
terms = [{ clients = "all", params = ["cost"] }]

[benefits.gain]
terms = [{ clients = "successful", params = ["value"], stakeholder = "society" }]
"""
# Balance difference B − A = (0.75 − 0.25) value − cost_B + cost_A: linear and independent.
VALUE = stats.gamma(4, scale=250)
COST_A = stats.gamma(1 / 0.3**2, scale=100 * 0.3**2)
COST_B = stats.gamma(4, scale=75)
SLOPE = 0.5


@pytest.fixture(scope="module")
def linear_study():
    return parse_study(LINEAR_STUDY, origin="linear.toml")


@pytest.fixture(scope="module")
def default_study():
    return load_study()


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1):
    """Analytic first and total order indices (Ishigami and Homma 1990)."""
    v1 = 0.5 * (1 + b * np.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = 8 * b**2 * np.pi**8 / 225
    var = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / var, np.array([v1 + v13, v2, v13]) / var


# --------------------------------------------------------------------------- Sobol'


def test_sobol_recovers_the_ishigami_indices():
    first, total = ishigami_indices()
    res = sobol_from_unit(
        ishigami,
        3,
        [[0], [1], [2]],
        2**13,
        transform=lambda u: np.pi * (2 * u - 1),
        n_resamples=300,
        rng=7,
    )
    assert res.evaluations == 2**13 * 5
    assert np.all(res.first_se < 0.03) and np.all(res.total_se < 0.03)
    assert np.all(np.abs(res.first[0] - first) <= K * res.first_se[0])
    assert np.all(np.abs(res.total[0] - total) <= K * res.total_se[0])
    low, high = res.first_interval
    assert np.all(low[0] <= res.first[0]) and np.all(res.first[0] <= high[0])


def test_sobol_over_independent_scramblings_is_tight_and_the_bootstrap_conservative():
    """Independent scramblings give independent estimates: their mean must lie within
    K standard errors (their spread / √R) of the analytic indices. The bootstrap, which
    treats the Sobol' points as independent, overstates that spread."""
    first, total = ishigami_indices()
    runs = [
        sobol_from_unit(
            ishigami,
            3,
            [[0], [1], [2]],
            2**12,
            transform=lambda u: np.pi * (2 * u - 1),
            n_resamples=100,
            rng=seed,
        )
        for seed in range(8)
    ]
    for name, truth in (("first", first), ("total", total)):
        est = np.array([getattr(r, name)[0] for r in runs])
        se = est.std(axis=0, ddof=1) / math.sqrt(len(runs))
        assert np.all(np.abs(est.mean(axis=0) - truth) <= K * se)
        boot = np.mean([getattr(r, f"{name}_se")[0] for r in runs], axis=0)
        assert np.all(est.std(axis=0, ddof=1) < boot)


def test_sobol_of_a_linear_model_with_groups():
    """Y = Σ a_i X_i, X_i ~ N(μ_i, σ_i): S_i = S_Ti = a_i² σ_i² / V; a group adds up."""
    a = np.array([1.0, -2.0, 0.5, 3.0])
    mu = np.array([10.0, 0.0, -5.0, 2.0])
    sd = np.array([1.0, 0.5, 2.0, 0.2])
    share = a**2 * sd**2 / np.sum(a**2 * sd**2)
    factors = [[0], [1], [2], [3], [0, 1], [2, 3]]
    expected = np.concatenate([share, [share[0] + share[1], share[2] + share[3]]])
    res = sobol_from_unit(
        lambda x: x @ a,
        4,
        factors,
        2**12,
        transform=lambda u: mu + sd * special.ndtri(u),
        n_resamples=300,
        rng=3,
    )
    for got, se in ((res.first[0], res.first_se[0]), (res.total[0], res.total_se[0])):
        assert np.all(se < 0.03)
        assert np.all(np.abs(got - expected) <= K * se + 1e-12)


def test_saltelli_bootstrap_reproduces_scipys_estimator():
    rng = np.random.default_rng(0)
    f_a, f_b = rng.normal(size=(2, 64)), rng.normal(size=(2, 64))
    f_ab = f_a[None] + rng.normal(size=(3, 2, 64))
    res = stats.sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=64)
    first, total = saltelli_bootstrap(f_a, f_b, f_ab, np.ones((1, 64)))
    np.testing.assert_allclose(first[0], res.first_order, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(total[0], res.total_order, rtol=1e-12, atol=1e-14)
    # A resample is the same estimator on the repeated rows.
    counts = np.bincount(rng.integers(0, 64, 64), minlength=64)
    rows = np.repeat(np.arange(64), counts)
    resampled = {"f_A": f_a[:, rows], "f_B": f_b[:, rows], "f_AB": f_ab[..., rows]}
    again = stats.sobol_indices(func=resampled, n=64)
    first, total = saltelli_bootstrap(f_a, f_b, f_ab, counts[None])
    np.testing.assert_allclose(first[0], again.first_order, rtol=1e-10)
    np.testing.assert_allclose(total[0], again.total_order, rtol=1e-10)


def test_sobol_of_a_linear_study_matches_its_closed_form(linear_study):
    var = {"value": SLOPE**2 * VALUE.var(), "cost [A]": COST_A.var(), "cost [B]": COST_B.var()}
    total = sum(var.values())
    res = sobol(linear_study, n=2**12, n_resamples=300, rng=11)
    rows = res.table[(res.table["versus"] == "A") & (res.table["arm"] == "B")].set_index("input")
    expected = {name: v / total for name, v in var.items()}
    expected["unit costs and durations"] = expected["value"]
    expected["programme costs"] = expected["cost [A]"] + expected["cost [B]"]
    for name, share in expected.items():
        for order in ("first", "total"):
            got, se = rows.loc[name, order], rows.loc[name, f"{order}_se"]
            assert se < 0.03
            assert abs(got - share) <= K * se, (name, order, got, share, se)
    assert rows.loc["value", "sd"] == pytest.approx(math.sqrt(total), rel=0.03)
    # Arm B's own balance does not depend on arm A's cost.
    own = res.table[(res.table["versus"] == "") & (res.table["arm"] == "B")].set_index("input")
    assert abs(own.loc["cost [A]", "total"]) <= K * own.loc["cost [A]", "total_se"] + 1e-12
    assert res.evaluations == 2**12 * (2 + 3 + 2)


def test_sobol_is_reproducible_and_checks_its_arguments(linear_study):
    one = sobol(linear_study, n=256, n_resamples=50, rng=5).table
    two = sobol(linear_study, n=256, n_resamples=50, rng=5).table
    assert one.equals(two)
    with pytest.raises(ValueError, match="power of two"):
        sobol(linear_study, n=1000)
    with pytest.raises(ValueError, match="confidence_level"):
        sobol(linear_study, n=256, confidence_level=1.5)
    point = parse_study(embedded_config(POINT_STUDY), origin="point.toml")
    with pytest.raises(ValueError, match="every input is fixed"):
        sobol(point, n=256)


# --------------------------------------------------------------------------- tornado, thresholds


def test_tornado_of_the_linear_study_is_exact(linear_study):
    res = tornado(linear_study)
    rows = res.table[res.table["versus"] == "A"].set_index("input")
    base = SLOPE * VALUE.mean() - COST_B.mean() + COST_A.mean()
    assert rows["base"].to_numpy() == pytest.approx(np.full(3, base), rel=1e-12)
    effects = (("value", VALUE, SLOPE), ("cost [A]", COST_A, 1.0), ("cost [B]", COST_B, -1.0))
    for name, dist, effect in effects:
        low, high = dist.ppf([0.05, 0.95])
        row = rows.loc[name]
        assert row["input_low"] == pytest.approx(low, rel=1e-9)
        assert row["at_low"] == pytest.approx(base + effect * (low - dist.mean()), rel=1e-9)
        assert row["at_high"] == pytest.approx(base + effect * (high - dist.mean()), rel=1e-9)
    assert list(rows.index) == ["value", "cost [B]", "cost [A]"]  # widest swing first
    groups = tornado(linear_study, by="group").table
    assert set(groups["kind"]) == {"group"} and set(groups["input"]) == {
        "unit costs and durations",
        "programme costs",
    }


def test_tornado_of_a_vector_input_spans_the_measures_percentiles(default_study):
    """Varying KR's outcome shares alone, the difference's 5% and 95% percentiles."""
    res = tornado(default_study, draws=20_000, rng=1)
    table = res.table
    row = table[(table["versus"] == "FIG") & (table["input"] == "outcome_shares [KR]")].iloc[0]
    assert row["kind"] == "vector" and math.isnan(row["input_low"])
    # An independent check: draw the shares directly, with another seed.
    n = 20_000
    values = central_values(default_study, n)
    kr = default_study.arm_names.index("KR")
    shares = default_study.parameters["outcome_shares"].per_arm["KR"]
    values["outcome_shares"][:, kr] = shares.sample(np.random.default_rng(99), n)
    out = evaluate(default_study, values, "expected")
    diff = np.sort((out.total_benefit - out.investment) @ np.array([-1.0, 1.0]))
    for q, column in ((0.05, "at_low"), (0.95, "at_high")):
        se = quantile_se(diff, q)
        assert abs(row[column] - np.quantile(diff, q)) <= K * math.sqrt(2) * se


def test_tornado_scalars_match_a_direct_evaluation(default_study):
    res = tornado(default_study).table
    row = res[(res["versus"] == "FIG") & (res["input"] == "share_pw [KR]")].iloc[0]
    values = central_values(default_study, 1)
    kr = default_study.arm_names.index("KR")
    share_pw = default_study.parameters["share_pw"].per_arm["KR"]
    values["share_pw"][0, kr] = share_pw.ppf(np.array(0.95))
    out = evaluate(default_study, values, "expected")
    balance = (out.total_benefit - out.investment)[0]
    assert row["at_high"] == pytest.approx(balance[kr] - balance[1 - kr], rel=1e-12)


def test_thresholds_of_the_linear_study(linear_study):
    res = thresholds(linear_study).table
    rows = res[res["versus"] == "A"].set_index("input")
    # 0.5 value − 300 + 100 = 0 at value = 400, inside Gamma(4, 250)'s 90% interval.
    assert rows.loc["value", "threshold"] == pytest.approx(400, rel=1e-9)
    assert rows.loc["value", "quantile"] == pytest.approx(VALUE.cdf(400), rel=1e-6)
    assert rows.loc["value", "inside"] and rows.loc["value", "positive_above"]
    # 500 − cost_B + 100 = 0 at cost_B = 600, beyond its 95th percentile.
    assert rows.loc["cost [B]", "threshold"] == pytest.approx(600, rel=1e-9)
    assert rows.loc["cost [B]", "quantile"] == pytest.approx(COST_B.cdf(600), rel=1e-6)
    assert not rows.loc["cost [B]", "inside"] and not rows.loc["cost [B]", "positive_above"]
    # 500 − 300 + cost_A = 0 needs a negative cost: no threshold in the support.
    assert math.isnan(rows.loc["cost [A]", "threshold"]) and rows.loc["cost [A]", "roots"] == 0


def test_thresholds_of_the_default_study_change_the_sign(default_study):
    res = thresholds(default_study).table
    found = res[np.isfinite(res["threshold"]) & (res["versus"] == "FIG")]
    assert "share_pw [KR]" in set(found["input"])
    for _, row in found.iterrows():
        param, _, arm = row["input"].partition(" [")
        for offset, sign in ((-1e-6, -1), (1e-6, 1)):
            values = central_values(default_study, 1)
            x = row["threshold"] * (1 + offset)
            if arm:
                values[param][:, default_study.arm_names.index(arm.rstrip("]"))] = x
            else:
                values[param][:] = x
            out = evaluate(default_study, values, "expected")
            d = float((out.total_benefit - out.investment)[0] @ np.array([-1.0, 1.0]))
            assert (d > 0) == (row["positive_above"] == (sign > 0))


# --------------------------------------------------------------------------- rank indices


def synthetic_run(n: int, seed: int, mix_weight: float = 0.0) -> xr.Dataset:
    """A run whose balance difference is linear in three normal inputs (and, with
    ``mix_weight``, in the first component of a Dirichlet vector input)."""
    rng = np.random.default_rng(seed)
    x = rng.normal([0.0, 5.0, -1.0], [1.0, 2.0, 0.5], size=(n, 3))
    mix = rng.dirichlet([4.0, 3.0, 2.0], size=n)
    diff = 3.0 * x[:, 0] - 1.0 * x[:, 1] + 2.0 * x[:, 2] + mix_weight * mix[:, 0]
    balance = np.stack([np.zeros(n), diff], axis=1)
    return xr.Dataset(
        {
            "balance": (("draw", "arm"), balance),
            "share_successful": (("draw", "arm"), np.full((n, 2), 0.5)),
            **{f"param_x{i}": ("draw", x[:, i], {"group": f"g{i}"}) for i in range(3)},
            "param_mix": (("draw", "mix_component"), mix, {"group": "g0"}),
        },
        coords={
            "draw": np.arange(n),
            "arm": ["A", "B"],
            "arm_label": ("arm", ["route A", "route B"]),
        },
        attrs={"baseline": "A", "seed": seed},
    )


def test_spearman_of_jointly_normal_inputs_has_its_closed_form():
    n = 20_000
    res = rank_indices(synthetic_run(n, seed=4))
    rows = res.table[res.table["versus"] == "A"].set_index("input")
    a, sd = np.array([3.0, -1.0, 2.0]), np.array([1.0, 2.0, 0.5])
    for i in range(3):
        rho = a[i] * sd[i] / math.sqrt(np.sum(a**2 * sd**2))
        row = rows.loc[f"x{i}"]
        assert row["spearman_se"] < 0.01
        assert abs(row["spearman"] - 6 / np.pi * np.arcsin(rho / 2)) <= K * row["spearman_se"]
        assert row["rank_r2"] == pytest.approx(row["spearman"] ** 2)
    # The vector does not enter: its R² is chi-squared(2) / n, below 20 / n but for 5e-5.
    assert math.isnan(rows.loc["mix", "spearman"]) and rows.loc["mix", "rank_r2"] < 20 / n
    groups = res.groups[res.groups["versus"] == "A"].set_index("group")
    assert set(groups.index) == {"g0", "g1", "g2"}
    assert res.fit.set_index("measure").loc["route B − route A", "r2"] >= groups["rank_r2"].max()


def test_a_vector_input_that_matters_is_ranked():
    res = rank_indices(synthetic_run(5_000, seed=2, mix_weight=40.0))
    rows = res.table[res.table["versus"] == "A"].set_index("input")
    assert rows.loc["mix", "rank_r2"] > 0.2
    assert rows.index[0] in {"mix", "x0"}


def test_srrc_with_a_single_input_is_spearman():
    ds = synthetic_run(2_000, seed=1)[["balance", "share_successful", "param_x0"]]
    ds.attrs = {"baseline": "A", "seed": 1}
    row = rank_indices(ds).table.iloc[0]
    assert row["srrc"] == pytest.approx(row["spearman"], rel=1e-10)


# --------------------------------------------------------------------------- layout


def test_unit_columns_lay_out_one_column_per_scalar_uniform(default_study):
    columns = unit_columns(default_study)
    per_arm = sum(not p.shared for p in default_study.parameters.values())
    assert len(columns) == sum(
        (1 if p.shared else 2) * (1 if p.components is None else len(p.components))
        for p in default_study.parameters.values()
    )
    assert sum(c.component is None and c.arm == "KR" for c in columns) == per_arm - 2  # 2 vectors
    u = np.random.default_rng(0).random((5, len(columns)))
    values = parameters_from_columns(default_study, u)
    direct = parameters_from_unit(default_study, split_columns(default_study, u))
    for name in values:
        np.testing.assert_array_equal(values[name], direct[name])
    again = split_columns(default_study, join_columns(default_study, values))
    np.testing.assert_array_equal(again["share_pw"], values["share_pw"])
    with pytest.raises(ValueError, match="shape"):
        parameters_from_columns(default_study, u[:, :-1])


def test_inputs_and_measures_of_the_default_study(default_study):
    labels = [i.label for i in study_inputs(default_study)]
    assert "share_pw [KR]" in labels and "share_pw [FIG]" in labels and "exit_share" in labels
    assert "outcome_shares [KR]" in labels
    measures = decision_measures(default_study)
    assert [(m.arm, m.versus) for m in measures] == [("KR", "FIG"), ("FIG", ""), ("KR", "")]
    assert measures[0].label == "Klantreis − FIG-route"
