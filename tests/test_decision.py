"""Decision quantities against cases with a known answer.

Hand-built runs with analytic results (normal draws, exact sample means, step sequences),
and the default and point studies against closed forms of SPEC 2 and 3. Tolerances are
multiples of the Monte Carlo standard errors the functions report.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr
from scipy import stats

import mkba_mc as mm
from mkba_mc.config import POINT_STUDY, embedded_config, parse_study
from mkba_mc.decision import (
    WTP_GRID,
    acceptability_curve,
    break_even_wtp,
    convergence,
    municipality_share,
    scale_up,
    stakeholder_benefits,
)


def hand_run(balance, success, by_stakeholder=None, benefit=None, touches=None, cohort="expected"):
    """A minimal run: ``balance`` and ``success`` are ``(draw, arm)``; arms A (baseline), B."""
    balance = np.asarray(balance, dtype=float)
    n, n_arms = balance.shape
    arms = ["A", "B", "C"][:n_arms]
    if by_stakeholder is None:
        by_stakeholder = np.stack([np.maximum(balance, 0), np.zeros_like(balance)], axis=-1)
    if benefit is None:
        benefit = by_stakeholder
    if touches is None:
        touches = np.eye(benefit.shape[-1], by_stakeholder.shape[-1], dtype=np.int8)
    holders = ["municipality", "other", "third"][: by_stakeholder.shape[-1]]
    streams = [f"s{i}" for i in range(benefit.shape[-1])]
    return xr.Dataset(
        {
            "balance": (("draw", "arm"), balance),
            "share_successful": (("draw", "arm"), np.asarray(success, dtype=float)),
            "benefit_by_stakeholder": (("draw", "arm", "stakeholder"), by_stakeholder),
            "benefit": (("draw", "arm", "stream"), benefit),
            "total_benefit": (("draw", "arm"), benefit.sum(axis=-1)),
            "stream_stakeholder": (("stream", "stakeholder"), touches),
        },
        coords={"draw": np.arange(n), "arm": arms, "stakeholder": holders, "stream": streams},
        attrs={"baseline": "A", "cohort": str(cohort)},
    )


@pytest.fixture(scope="module")
def default_run():
    return mm.simulate(mm.load_study(), draws=40_000, seed=2024, cohort="expected")


@pytest.fixture(scope="module")
def point_run():
    study = parse_study(embedded_config(POINT_STUDY), origin=POINT_STUDY)
    return mm.simulate(study, draws=1, seed=0)


# --------------------------------------------------------------------------- stakeholders


def test_stakeholder_means_and_shares_of_independent_normals():
    rng = np.random.default_rng(1)
    n = 50_000
    mu = np.array([[300.0, 100.0], [600.0, 400.0]])  # (arm, stakeholder)
    x = rng.normal(mu, 50.0, size=(n, 2, 2))
    out = stakeholder_benefits(hand_run(np.zeros((n, 2)), np.zeros((n, 2)), by_stakeholder=x))
    assert np.all(np.abs(out["mean"] - mu) < 4 * out["mc_se"])
    np.testing.assert_allclose(out["mc_se"], 50 / math.sqrt(n), rtol=0.03)
    share = mu / mu.sum(axis=1, keepdims=True)
    assert np.all(np.abs(out["share"] - share) < 4 * out["share_se"])
    np.testing.assert_allclose(out["share"].sum("stakeholder"), 1.0, rtol=1e-12)
    z = stats.norm.ppf(0.95)
    np.testing.assert_allclose(out["q95"], mu + 50 * z, rtol=0.01)
    delta = out["delta_mean"].sel(arm="B")
    assert np.all(np.abs(delta - (mu[1] - mu[0])) < 4 * out["delta_mc_se"].sel(arm="B"))
    assert out["delta_mean"].sel(arm="A").isnull().all()


def test_share_se_matches_the_spread_over_replicate_runs():
    """The delta-method MCSE of a share equals the sd of the share over independent runs."""
    rng = np.random.default_rng(7)
    n, reps = 400, 300
    x = rng.gamma(2.0, 100.0, size=(reps, n, 2, 2))
    shares, ses = [], []
    for r in range(reps):
        out = stakeholder_benefits(
            hand_run(np.zeros((n, 2)), np.zeros((n, 2)), by_stakeholder=x[r])
        )
        shares.append(out["share"].values)
        ses.append(out["share_se"].values)
    np.testing.assert_allclose(np.mean(ses, axis=0), np.std(shares, axis=0, ddof=1), rtol=0.15)


def test_municipality_closed_form_on_the_default_study(default_run):
    """E[benefit to the municipality] = sum of products of means of its terms (SPEC 2.3, 2.5)."""
    out = stakeholder_benefits(default_run)
    alpha = {"FIG": (1.5, 0.5, 18.5, 2.5, 8.5), "KR": (3.5, 7.5, 7.5, 1.5, 5.5)}
    share_pw = {"FIG": 11.5 / 30, "KR": 10.5 / 24}
    share_work = {"FIG": 7.5 / 30, "KR": 4.5 / 24}
    months = 4  # fixed, as the study chose (SPEC 3)
    for arm, (solved, stab, _, _, pending) in alpha.items():
        s = (solved + stab + 0.85 * pending) / sum(alpha[arm])
        expected = s * (
            share_pw[arm] * 0.80 * 14_000 * months / 12  # shorter PW duration
            + share_work[arm] * 0.5 * 0.05 * 14_000 * 21 / 12  # PW after job loss
            + share_work[arm] * 0.5 * 0.05 * 0.70 * 4_700  # PW re-integration
            + 0.13 * 0.59 * 0.18 * 15_000  # shelter
            + 0.24 * 325  # social support
        )
        got = out.sel(arm=arm, stakeholder="municipality")
        assert abs(float(got["mean"]) - expected) < 4 * float(got["mc_se"]), arm


def _point_streams_kr() -> dict[str, float]:
    """KR stream totals for 23 clients from the study's rounded inputs (SPEC 2.3, 2.4)."""
    s = 14  # successful KR clients
    work = s * 0.174 * 0.5
    return {
        "shorter_pw": s * 0.435 * 0.8 * 4_667,
        "job_retention_ww": work * 0.45 * 13_733,
        "job_retention_pw": work * 0.05 * 24_500,
        "reintegration_ww": work * 0.45 * 0.12 * 4_700,
        "reintegration_pw": work * 0.05 * 0.70 * 4_700,
        "eviction": s * 0.13 * 0.59 * 5_865,
        "shelter": s * 0.13 * 0.59 * 0.18 * 15_000,
        "care_safety": s * 0.13 * 0.59 * 0.18 * 43_140,
        "disconnection": s * 0.44 * 0.59 * 790,
        "support": s * 0.24 * 325,
        "ggz": s * 0.09 * 1_000,
    }


def test_municipality_share_readings_on_the_point_study(point_run):
    """The study's 84% (partly) and the strict reading, from the study's inputs by hand."""
    t = _point_streams_kr()
    total = sum(t.values())
    partly = sum(
        t[k]
        for k in (
            "shorter_pw",
            "job_retention_ww",
            "job_retention_pw",
            "reintegration_ww",
            "reintegration_pw",
            "shelter",
            "care_safety",
            "support",
            "ggz",
        )
    )
    strict = sum(
        t[k] for k in ("shorter_pw", "job_retention_pw", "reintegration_pw", "shelter", "support")
    )
    got_partly = municipality_share(point_run, "partly").sel(arm="KR")
    got_strict = municipality_share(point_run, "strict").sel(arm="KR")
    assert float(got_partly["share"]) == pytest.approx(partly / total, rel=1e-9)
    assert float(got_strict["share"]) == pytest.approx(strict / total, rel=1e-9)
    # the study's figure: the same streams over its published total (which omits stream 3)
    published_total = 54_515 / 23
    assert float(got_partly["benefit"]) / published_total == pytest.approx(0.84, abs=0.005)
    assert (
        "reintegration" in got_partly.attrs["streams"]
        and "eviction" not in got_partly.attrs["streams"]
    )


def test_municipality_share_rejects_an_unknown_reading(point_run):
    with pytest.raises(ValueError, match="reading"):
        municipality_share(point_run, "loosely")


# --------------------------------------------------------------------------- acceptability


def test_acceptability_curve_of_normal_increments():
    """B against A: Δnet = Δb + λ Δs with Δb ~ N(-1000, 500), Δs ~ N(0.5, 0.1) independent,
    so P(B beats A) = Φ((-1000 + 0.5 λ) / sqrt(500² + 0.01 λ²))."""
    rng = np.random.default_rng(3)
    n = 40_000
    balance = np.column_stack([np.zeros(n), rng.normal(-1000, 500, n)])
    success = np.column_stack([np.zeros(n), rng.normal(0.5, 0.1, n)])
    wtp = np.array([0.0, 1000, 2000, 3000, 5000, 20_000])
    curve = acceptability_curve(hand_run(balance, success), wtp)
    exact = stats.norm.cdf((-1000 + 0.5 * wtp) / np.sqrt(500**2 + 0.01 * wtp**2))
    p = curve["p_beats_baseline"].sel(arm="B")
    assert np.all(np.abs(p - exact) < 4 * curve["p_beats_baseline_se"].sel(arm="B") + 1e-12)
    # two arms, no ties: B is preferred exactly when it beats A
    np.testing.assert_array_equal(curve["p_preferred"].sel(arm="B"), p)
    np.testing.assert_allclose(curve["p_preferred"].sum("arm"), 1.0)
    # expected net benefit and its MCSE: mean -1000 + 0.5 λ, sd sqrt(500² + 0.01 λ²)
    enb = curve["expected_net_benefit"].sel(arm="B")
    se = curve["expected_net_benefit_se"].sel(arm="B")
    assert np.all(np.abs(enb - (-1000 + 0.5 * wtp)) < 4 * se)
    np.testing.assert_allclose(se, np.sqrt(500**2 + 0.01 * wtp**2) / math.sqrt(n), rtol=0.03)
    assert list(curve["best_arm"].values) == ["A", "A", "B", "B", "B", "B"]
    assert curve["p_beats_baseline"].sel(arm="A").isnull().all()


def test_ties_share_a_draw_and_never_beat():
    n = 1000
    rng = np.random.default_rng(0)
    b = rng.normal(0, 1, n)
    curve = acceptability_curve(hand_run(np.column_stack([b, b]), np.full((n, 2), 0.5)), [0, 10])
    np.testing.assert_array_equal(curve["p_preferred"], 0.5)
    np.testing.assert_array_equal(curve["p_preferred_se"], 0.0)
    np.testing.assert_array_equal(curve["p_beats_baseline"].sel(arm="B"), 0.0)


def test_curve_at_zero_is_p_beats_baseline_and_grows_with_value(default_run):
    curve = acceptability_curve(default_run)
    np.testing.assert_array_equal(curve["wtp"], WTP_GRID)
    at_zero = curve["p_beats_baseline"].sel(wtp=0.0, arm="KR")
    assert float(at_zero) == float(mm.prob_beats_baseline(default_run)["probability"].sel(arm="KR"))
    p_pos = curve["p_positive"].sel(wtp=0.0)
    expected = (default_run["balance"] > 0).mean("draw")
    np.testing.assert_array_equal(p_pos, expected)
    # the expected net benefit is linear in λ with slope E[share successful]
    slope = curve["expected_net_benefit"].diff("wtp") / 500.0
    np.testing.assert_allclose(
        slope, default_run["share_successful"].mean("draw").broadcast_like(slope), rtol=1e-6
    )


@pytest.mark.parametrize("bad", [[-1.0], [np.nan], [], [[1.0, 2.0]]])
def test_acceptability_rejects_bad_values(bad):
    n = 10
    with pytest.raises(ValueError, match="wtp"):
        acceptability_curve(hand_run(np.zeros((n, 2)), np.zeros((n, 2))), bad)


# --------------------------------------------------------------------------- break-even


def _symmetric(center: float, spread: float, n: int, rng) -> np.ndarray:
    """Draws whose sample mean is exactly ``center`` (± pairs)."""
    half = rng.normal(0, spread, n // 2)
    return center + np.concatenate([half, -half])


@pytest.mark.parametrize(
    ("d_balance", "d_success", "status", "value"),
    [
        (-1000.0, 0.25, "above", 4000.0),
        (500.0, -0.125, "below", 4000.0),
        (200.0, 0.1, "always", 0.0),
        (0.0, 0.1, "always", 0.0),
        (-200.0, -0.1, "never", math.nan),
        (-200.0, 0.0, "never", math.nan),
    ],
)
def test_break_even_cases(d_balance, d_success, status, value):
    rng = np.random.default_rng(11)
    n = 2000
    balance = np.column_stack([_symmetric(-300, 100, n, rng), np.zeros(n)])
    success = np.column_stack([_symmetric(0.3, 0.05, n, rng), np.zeros(n)])
    balance[:, 1] = balance[:, 0] + _symmetric(d_balance, 200, n, rng)
    success[:, 1] = success[:, 0] + (_symmetric(d_success, 0.02, n, rng) if d_success else 0.0)
    be = break_even_wtp(hand_run(balance, success))
    assert be["status"].item() == status
    np.testing.assert_allclose(be.sel(arm="B").item(), value, rtol=1e-9, equal_nan=True)
    assert np.isfinite(be["mc_se"].item()) == (status in ("above", "below"))


def test_break_even_is_where_the_expected_net_benefits_cross():
    rng = np.random.default_rng(5)
    n = 5000
    balance = np.column_stack([rng.normal(-400, 300, n), rng.normal(-900, 400, n)])
    success = np.column_stack([rng.beta(8, 21, n), rng.beta(14, 9, n)])
    run = hand_run(balance, success)
    lam = break_even_wtp(run).sel(arm="B").item()
    enb = acceptability_curve(run, [lam])["expected_net_benefit"].isel(wtp=0)
    assert float(enb.sel(arm="B")) == pytest.approx(float(enb.sel(arm="A")), abs=1e-6)


def test_break_even_se_matches_the_spread_over_replicate_runs():
    rng = np.random.default_rng(9)
    n, reps = 1000, 300
    values, ses = [], []
    for _ in range(reps):
        balance = np.column_stack([np.zeros(n), rng.normal(-1000, 800, n)])
        success = np.column_stack([np.zeros(n), rng.normal(0.25, 0.2, n)])
        be = break_even_wtp(hand_run(balance, success))
        values.append(be.item())
        ses.append(be["mc_se"].item())
    assert np.mean(values) == pytest.approx(4000, rel=0.01)
    assert np.mean(ses) == pytest.approx(np.std(values, ddof=1), rel=0.15)


def test_break_even_on_the_point_study(point_run):
    """The Klantreis already beats the FIG-route at λ = 0 (balances €-209 vs €-440); against
    no help it pays for itself at the per-client deficit over the share successful:
    KR (59,829 - 55,025) / 14 clients; FIG (35,400 - 25,273) / 23 × 29 / 8."""
    assert break_even_wtp(point_run)["status"].item() == "always"
    alone = break_even_wtp(point_run, against="nothing")
    assert list(alone["status"].values) == ["above", "above"]
    assert alone.sel(arm="KR").item() == pytest.approx((59_829 - 55_025) / 14, rel=2e-4)
    assert alone.sel(arm="FIG").item() == pytest.approx((35_400 - 25_273) / 23 * 29 / 8, rel=2e-4)


# --------------------------------------------------------------------------- scale-up


def test_scale_up_of_normal_balances():
    rng = np.random.default_rng(4)
    n, intakes = 40_000, 3000
    investment = np.column_stack([rng.normal(1500, 150, n), rng.normal(2600, 300, n)])
    benefit = np.column_stack([rng.normal(1100, 400, n), rng.normal(2400, 800, n)])
    run = hand_run(benefit - investment, np.zeros((n, 2)))
    run["investment"] = (("draw", "arm"), investment)
    run["total_benefit"] = (("draw", "arm"), benefit)
    out = scale_up(run, intakes)
    z = stats.norm.ppf(0.95)
    mean = {"investment": [1500, 2600], "total_benefit": [1100, 2400], "balance": [-400, -200]}
    sd = {
        "investment": [150, 300],
        "total_benefit": [400, 800],
        "balance": [math.hypot(150, 400), math.hypot(300, 800)],
    }
    for m in mean:
        mu, s = np.array(mean[m]) * intakes, np.array(sd[m]) * intakes
        got = out.sel(measure=m)
        assert np.all(np.abs(got["mean"] - mu) < 4 * got["mc_se"]), m
        assert np.all(np.abs(got["q05"] - (mu - z * s)) < 4 * got["q05_se"]), m
        assert np.all(np.abs(got["q95"] - (mu + z * s)) < 4 * got["q95_se"]), m
    d = out.sel(measure="balance", arm="B")
    d_sd = math.hypot(math.hypot(150, 400), math.hypot(300, 800)) * intakes
    assert abs(float(d["delta_mean"]) - 200 * intakes) < 4 * float(d["delta_mc_se"])
    assert abs(float(d["delta_q95"]) - (200 * intakes + z * d_sd)) < 4 * float(d["delta_q95_se"])
    assert out["delta_mean"].sel(arm="A").isnull().all()
    assert out.attrs["note"] == ""
    assert "overstates" in scale_up(run.assign_attrs(cohort="23"), intakes).attrs["note"]


def test_scale_up_means_are_the_summary_times_intakes(default_run):
    out = scale_up(default_run, 2500)
    summary = mm.summarize(default_run).set_index(["arm", "versus", "measure"])
    for arm in ("FIG", "KR"):
        for m in ("investment", "total_benefit", "balance"):
            assert float(out["mean"].sel(arm=arm, measure=m)) == pytest.approx(
                2500 * summary.loc[(arm, "", m), "mean"], rel=1e-12
            )
    assert float(out["delta_mean"].sel(arm="KR", measure="balance")) == pytest.approx(
        2500 * summary.loc[("KR", "FIG", "balance"), "mean"], rel=1e-9
    )


def test_a_small_cohort_overstates_the_yearly_spread():
    """The docstring's claim: per-client spread of 23 clients ≫ that of 3,000; a cohort of
    3,000 is close to expected values (client chance averages out)."""
    study = mm.load_study()
    sd = {
        c: float(
            scale_up(mm.simulate(study, draws=8000, seed=8, cohort=c), 3000)["mc_se"].sel(
                measure="balance", arm="KR"
            )
        )
        for c in ("expected", 3000, 23)
    }
    assert sd[23] > 1.2 * sd["expected"]
    assert sd[3000] == pytest.approx(sd["expected"], rel=0.05)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_scale_up_rejects_bad_intakes(bad, point_run):
    with pytest.raises(ValueError, match="intakes_per_year"):
        scale_up(point_run, bad)


# --------------------------------------------------------------------------- convergence


def test_convergence_of_a_step_sequence():
    """B beats A and has balance 1000 in the first 5 of 1000 draws, 0 after: the running
    estimate is 5/m (probability) and 5000/m (euros) for m ≥ 5, and the final 0.005 / €5.
    Within 0.01 from m ≥ 5 / 0.015 = 333.3, so from 334; within €10 from the same 334;
    within €4 from 5000 / 9 = 555.6, so from 556."""
    n = 1000
    balance = np.zeros((n, 2))
    balance[:5, 1] = 1000.0
    run = hand_run(balance, np.zeros((n, 2)))
    out = convergence(run, tolerance=0.01, balance_tolerance=10.0)
    assert out["p_stable_after"].sel(arm="B").item() == 334
    assert out["balance_stable_after"].sel(arm="B").item() == 334
    assert out["balance_stable_after"].sel(arm="A").item() == 1
    assert np.isnan(out["p_stable_after"].sel(arm="A").item())
    assert (
        convergence(run, balance_tolerance=4.0)["balance_stable_after"].sel(arm="B").item() == 556
    )


def test_running_estimates_equal_prefix_estimates():
    rng = np.random.default_rng(12)
    n = 30_000
    balance = np.column_stack([rng.normal(-400, 700, n), rng.normal(-200, 900, n)])
    out = convergence(hand_run(balance, np.zeros((n, 2))), points=60)
    counts = out["n_draws"].values
    assert counts[0] == 1 and counts[-1] == n and 50 <= counts.size <= 61
    for m in counts[[1, 20, 40, -1]]:
        prefix = balance[:m]
        np.testing.assert_allclose(
            out["mean_balance"].sel(n_draws=m), prefix.mean(axis=0), rtol=1e-9
        )
        np.testing.assert_allclose(
            out["mean_balance_se"].sel(n_draws=m),
            prefix.std(axis=0, ddof=1) / math.sqrt(m),
            rtol=1e-6,
        )
        p = np.mean(prefix[:, 1] > prefix[:, 0])
        assert out["p_beats_baseline"].sel(n_draws=m, arm="B").item() == pytest.approx(p, abs=1e-12)
        assert out["p_beats_baseline_se"].sel(n_draws=m, arm="B").item() == pytest.approx(
            math.sqrt(p * (1 - p) / m), abs=1e-12
        )


def test_convergence_of_a_million_draws_returns_a_thin_curve():
    rng = np.random.default_rng(1)
    n = 1_000_000
    balance = np.column_stack([rng.normal(0, 1000, n), rng.normal(50, 1000, n)])
    out = convergence(hand_run(balance, np.zeros((n, 2))))
    assert out.sizes["n_draws"] <= 401
    # the stable count follows the MCSE: the running mean's error sd 1000/sqrt(m) reaches
    # the tolerance €10 around m = 10^4; it must have settled well before the end.
    assert 1_000 < out["balance_stable_after"].max() < 500_000


@pytest.mark.parametrize(
    "kwargs", [{"tolerance": 0}, {"balance_tolerance": -1}, {"points": 1}, {"tolerance": math.nan}]
)
def test_convergence_rejects_bad_settings(kwargs, point_run):
    with pytest.raises(ValueError):
        convergence(point_run, **kwargs)
