"""Value of information against closed forms.

With independent normal inputs and a net benefit linear in them, the incremental net
benefit of two arms given a group G of inputs is normal, and the EVPPI is the unit
normal loss integral (Raiffa and Schlaifer 1961)::

    EVPPI_G = s_G φ(m / s_G) + m Φ(m / s_G) − max(0, m),

with m the mean incremental net benefit and s_G² the variance the group explains; with
G = every input it is the EVPI. Estimates must lie within four bootstrap standard errors
(fixed seeds), and those errors must be small enough for the check to be sharp.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr
from scipy import stats

from mkba_mc.config import POINT_STUDY, embedded_config, load_study, parse_study
from mkba_mc.console_analyses import format_voi
from mkba_mc.simulation import simulate
from mkba_mc.voi import EVPI_GROUP, evpi, evppi, evppi_conditional_means

K = 4.0
N = 2**14

# Incremental net benefit of B over A: Δbalance + λ Δsuccess, both linear in x ~ N(μ, σ).
MU = np.array([0.0, 1.0, -2.0, 0.5])
SD = np.array([1.0, 0.5, 2.0, 1.0])
B_BALANCE = np.array([300.0, -400.0, 75.0, 100.0])
C_BALANCE = 100.0 - B_BALANCE @ MU  # mean Δbalance = €100 per client
B_SUCCESS = np.array([0.0, 0.0, 0.02, 0.01])
C_SUCCESS = 0.02 - B_SUCCESS @ MU  # mean Δ share successful = 0.02
GROUPS = {"first two": [0, 1], "third": [2], "fourth": [3]}


def normal_loss(m: float, s: float) -> float:
    """E[max(0, Y)] − max(0, m) for Y ~ N(m, s²)."""
    if s == 0:
        return 0.0
    return s * stats.norm.pdf(m / s) + m * stats.norm.cdf(m / s) - max(0.0, m)


def closed_form(wtp: float, members: list[int]) -> float:
    b = B_BALANCE + wtp * B_SUCCESS
    m = 100.0 + wtp * 0.02
    return normal_loss(m, math.sqrt(np.sum((b[members] * SD[members]) ** 2)))


def linear_run(n: int, seed: int) -> xr.Dataset:
    rng = np.random.default_rng(seed)
    x = rng.normal(MU, SD, size=(n, 4))
    balance = np.stack([np.zeros(n), C_BALANCE + x @ B_BALANCE], axis=1)
    success = np.stack([np.full(n, 0.3), 0.3 + C_SUCCESS + x @ B_SUCCESS], axis=1)
    group_of = {i: g for g, members in GROUPS.items() for i in members}
    return xr.Dataset(
        {
            "balance": (("draw", "arm"), balance, {"units": "EUR per client"}),
            "share_successful": (("draw", "arm"), success),
            **{f"param_x{i}": ("draw", x[:, i], {"group": group_of[i]}) for i in range(4)},
        },
        coords={
            "draw": np.arange(n),
            "arm": ["A", "B"],
            "arm_label": ("arm", ["route A", "route B"]),
        },
        attrs={"baseline": "A", "seed": seed},
    )


@pytest.fixture(scope="module")
def run():
    return linear_run(N, seed=2024)


@pytest.fixture(scope="module")
def result(run):
    return evppi(run, wtp=(0.0, 5_000.0), intakes=3_000, n_resamples=300, rng=9)


@pytest.mark.parametrize("wtp", [0.0, 5_000.0])
def test_evpi_and_evppi_match_the_normal_loss_integral(result, wtp):
    table = result.table[result.table["wtp"] == wtp].set_index("group")
    expected = {EVPI_GROUP: closed_form(wtp, [0, 1, 2, 3])}
    expected.update({g: closed_form(wtp, members) for g, members in GROUPS.items()})
    for group, value in expected.items():
        row = table.loc[group]
        assert row["se"] < 0.06 * expected[EVPI_GROUP], group  # sharp enough to mean something
        assert abs(row["per_client"] - value) <= K * row["se"], (group, row["per_client"], value)
        assert row["low"] <= row["per_client"] <= row["high"]
        assert row["per_year"] == pytest.approx(3_000 * row["per_client"])
        assert row["per_year_se"] == pytest.approx(3_000 * row["se"])
    assert table.loc[EVPI_GROUP, "best"] == "B"


def test_the_regression_fit_is_reported(result):
    fits = result.fits.set_index(["group", "target"])
    # Var(E[Δbalance | group]) / Var(Δbalance): the group's share of the variance.
    variance = (B_BALANCE * SD) ** 2
    for group, members in GROUPS.items():
        row = fits.loc[(group, "balance route B − route A")]
        share = variance[members].sum() / variance.sum()
        se = 2 * math.sqrt(share) * (1 - share) / math.sqrt(N)  # of R² for jointly normal data
        assert abs(row["r2"] - share) <= K * se
        assert row["cv_r2"] <= row["r2"]
    assert set(result.fits["basis"]) <= {"linear", "quadratic", "spline"}


def test_every_input_in_one_group_gives_the_evpi_exactly():
    """With three arms and a group of every input, the linear fit is exact: EVPPI = EVPI."""
    n = 4_000
    rng = np.random.default_rng(5)
    x = rng.normal(size=(n, 3))
    balance = np.stack(
        [np.zeros(n), 50 + x @ [100.0, -50.0, 20.0], 20 + x @ [-30.0, 80.0, 10.0]], axis=1
    )
    success = np.stack([np.full(n, 0.3), 0.4 + 0.01 * x[:, 0], 0.35 + 0.02 * x[:, 1]], axis=1)
    ds = xr.Dataset(
        {
            "balance": (("draw", "arm"), balance),
            "share_successful": (("draw", "arm"), success),
            **{f"param_x{i}": ("draw", x[:, i], {"group": "all"}) for i in range(3)},
        },
        coords={"draw": np.arange(n), "arm": ["A", "B", "C"]},
        attrs={"baseline": "A", "seed": 1},
    )
    table = evppi(ds, wtp=(0.0, 2_000.0), basis="linear", n_resamples=20, rng=1).table
    for wtp in (0.0, 2_000.0):
        rows = table[table["wtp"] == wtp].set_index("group")
        value = rows["per_client"]
        assert value["all"] == pytest.approx(value[EVPI_GROUP], rel=1e-9)
        # The EVPI itself, directly: E[max NB] − max E[NB].
        nb = balance + wtp * success
        assert value[EVPI_GROUP] == pytest.approx(nb.max(1).mean() - nb.mean(0).max(), rel=1e-12)


def test_regression_agrees_with_the_exact_conditional_means_on_the_default_study():
    """The default study is multilinear in its independent inputs, so E(NB | group) is
    the model at the other inputs' means: the regression must agree on the same draws."""
    study = load_study()
    ds = simulate(study, draws=2**13, seed=3, cohort="expected")
    wtp = (0.0, 2_500.0)
    reg = evppi(ds, wtp=wtp, n_resamples=200, rng=4).table.set_index(["wtp", "group"])
    exact = evppi_conditional_means(study, ds, wtp=wtp).set_index(["wtp", "group"])
    for key, row in exact.iterrows():
        got = reg.loc[key]
        # Both use the same draws, so the outer Monte Carlo error is shared: the bootstrap
        # standard error (which includes it) bounds the regression's error generously.
        # Groups worth nothing at this λ have a zero standard error: allow 5 cents.
        assert abs(got["per_client"] - row["per_client"]) <= K * got["se"] + 0.05, key
    assert exact.loc[(0.0, "dossier outcomes"), "per_client"] > 10  # a case with something at stake


def test_evpi_alone_and_reproducibility(run):
    alone = evpi(run, wtp=(0.0,), n_resamples=100, rng=3)
    assert list(alone["group"]) == [EVPI_GROUP]
    again = evpi(run, wtp=(0.0,), n_resamples=100, rng=3)
    assert alone.equals(again)
    other = evpi(run, wtp=(0.0,), n_resamples=100, rng=4)
    # The point estimate has no randomness; the bootstrap has.
    assert other["per_client"].iloc[0] == alone["per_client"].iloc[0]
    assert other["se"].iloc[0] != alone["se"].iloc[0]


def test_curve_and_text(run, result):
    res = evppi(run, wtp=(0.0,), curve=np.linspace(0, 5_000, 11), n_resamples=20, rng=1)
    curve = res.curve.set_index(["wtp", "group"])
    assert len(res.curve) == 11 * 4
    table = result.table.set_index(["wtp", "group"])
    assert curve.loc[(5_000.0, "third"), "per_client"] == pytest.approx(
        table.loc[(5_000.0, "third"), "per_client"], rel=1e-12
    )
    text = format_voi(result)
    assert "λ = €5,000" in text and "all inputs (EVPI)" in text and "R²" in text


def test_bad_arguments_are_refused(run):
    with pytest.raises(ValueError, match="group 'nope'"):
        evppi(run, groups=["nope"])
    with pytest.raises(ValueError, match="basis"):
        evppi(run, basis="cubic")
    with pytest.raises(ValueError, match="wtp"):
        evppi(run, wtp=[float("nan")])
    with pytest.raises(ValueError, match="intakes"):
        evppi(run, intakes=0)
    with pytest.raises(ValueError, match="at least 100 draws"):
        evppi(run.isel(draw=slice(0, 50)))
    point = parse_study(embedded_config(POINT_STUDY), origin="point.toml")
    with pytest.raises(ValueError, match="rounds to whole dossiers"):
        evppi_conditional_means(point, run)


def test_the_fit_is_least_squares_and_drops_directions_the_draws_do_not_determine():
    from mkba_mc.regression import fit_basis

    rng = np.random.default_rng(4)
    x = rng.normal(size=(500, 3))
    design = np.column_stack([np.ones(500), x, 2.0 * x[:, 0]])  # the last column repeats one
    y = np.column_stack([x @ [1.0, -2.0, 0.5] + rng.normal(size=500), rng.normal(size=500)])
    fit = fit_basis(design, y, "linear")
    assert fit.q.shape == (500, 4)  # rank 4 of 5 columns
    np.testing.assert_allclose(fit.q.T @ fit.q, np.eye(4), atol=1e-12)
    coef, *_ = np.linalg.lstsq(design[:, :4], y, rcond=None)
    np.testing.assert_allclose(fit.fitted, design[:, :4] @ coef, rtol=1e-10, atol=1e-10)
    hat = design[:, :4] @ np.linalg.pinv(design[:, :4])
    loo = (y - fit.fitted) / (1 - np.diag(hat))[:, None]
    centred = y - y.mean(axis=0)
    np.testing.assert_allclose(fit.cv_r2, 1 - (loo**2).sum(axis=0) / (centred**2).sum(axis=0))
