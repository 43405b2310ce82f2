"""The investment-risk view reduced block by block (mkba_mc.risk.stream) against the exact
statistics of the same draws held in memory, and the same bits on every execution path.

Both sides use the same draws, so the Monte Carlo error cancels: what is left is the
method's stated error (sums and counts exact up to rounding; order statistics within
RELATIVE_ERROR of their magnitude; expected shortfall within RELATIVE_ERROR of the mean
magnitude of its tail).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from mkba_mc import load_study, simulate
from mkba_mc.cli import main
from mkba_mc.engine import Execution, accumulate, stream_run, summary_task
from mkba_mc.risk import (
    RiskOptions,
    business_case,
    downside_risk,
    has_time_profile,
    investment_risk,
    payback,
    risk_profile,
    year_of_intakes,
)
from mkba_mc.risk.cases import _cases
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.simulation import RunSettings
from mkba_mc.streaming import RELATIVE_ERROR, ZERO

CONFIGS = Path(__file__).parent / "configs"
DISCOUNTED = Path(__file__).parents[1] / "configs" / "regioplan2020_discounted.toml"
DRAWS = 3 * BLOCK_SIZE + 1234  # three whole blocks and a cut one
LIMITS = (500_000.0, 2_000_000.0)
Z95 = 1.959963984540054
VIEWS = ("per_client", "per_year", "downside_client", "downside_year", "profile", "payback")


@pytest.fixture(
    scope="module",
    params=[
        ("default", None, "expected"),
        ("three_arms", CONFIGS / "three_arms.toml", 17),
        ("four_arms", CONFIGS / "four_arms.toml", "expected"),
        ("discounted", DISCOUNTED, 11),
    ],
    ids=lambda p: p[0],
)
def runs(request):
    _, config, cohort = request.param
    study = load_study(config)
    options = RiskOptions(intakes=400, loss_limits=LIMITS)
    streamed = stream_run(study, DRAWS, 5, cohort, risk=options).investment_risk()
    ds = simulate(study, draws=DRAWS, seed=5, cohort=cohort)
    year = year_of_intakes(study, 400, draws=DRAWS, seed=5)
    return study, ds, year, streamed


def _columns(ds: xr.Dataset, scale: float = 1.0):
    """Each arm's and case's draws, and each arm's minus the baseline's, sorted."""
    values = _cases(ds).values * scale
    base = list(ds["arm"].values).index(ds.attrs["baseline"])
    for prefix, x in (("", values), ("delta_", values - values[:, base : base + 1])):
        for a, arm in enumerate(ds["arm"].values):
            if not (prefix and a == base):
                for c, case in enumerate(_cases(ds)["case"].values):
                    yield prefix, str(arm), str(case), np.sort(x[:, a, c])


def _bound(ordered: np.ndarray, ranks) -> float:
    """The stated error of a statistic read from the order statistics at ``ranks``."""
    return RELATIVE_ERROR * float(np.abs(ordered[list(ranks)]).max()) + ZERO


def _quantile_ranks(n: int, q: float) -> tuple[int, int]:
    below = math.floor(q * (n - 1))
    return below, min(below + 1, n - 1)


def _se_ranks(n: int, q: float) -> tuple[int, int]:
    half = Z95 * math.sqrt(n * q * (1 - q))
    return max(math.floor(n * q - half), 0), min(math.ceil(n * q + half), n - 1)


@pytest.mark.parametrize("view, per", [("per_client", "client"), ("per_year", "year")])
def test_business_cases_are_exact_means_and_counts_and_bounded_quantiles(runs, view, per):
    study, ds, year, streamed = runs
    run = ds if per == "client" else year
    ours, exact = getattr(streamed, view), business_case(run, per=per)
    assert ours.attrs == exact.attrs
    n = DRAWS
    for prefix, arm, case, ordered in _columns(run, exact.attrs["scale"]):
        cell, want = ours.sel(arm=arm, case=case), exact.sel(arm=arm, case=case)
        spread = float(np.abs(ordered).max())
        assert float(cell[prefix + "mean"]) == pytest.approx(
            float(want[prefix + "mean"]), rel=1e-9, abs=1e-12 * spread
        )
        assert float(cell[prefix + "mc_se"]) == pytest.approx(
            float(want[prefix + "mc_se"]), rel=1e-6
        )
        for key in ("p_recover", "p_recover_se"):
            np.testing.assert_allclose(float(cell[prefix + key]), float(want[prefix + key]), 1e-14)
        for q in (0.05, 0.95):
            label = f"{prefix}q{100 * q:02.0f}"
            got, wanted = float(cell[label]), float(want[label])
            assert abs(got - wanted) <= _bound(ordered, _quantile_ranks(n, q))
            got, wanted = float(cell[label + "_se"]), float(want[label + "_se"])
            assert abs(got - wanted) <= 2 * _bound(ordered, _se_ranks(n, q)) / (2 * Z95)


@pytest.mark.parametrize("view, per", [("downside_client", "client"), ("downside_year", "year")])
def test_var_es_and_loss_limits_within_the_stated_error(runs, view, per):
    study, ds, year, streamed = runs
    run = ds if per == "client" else year
    limits = LIMITS if per == "year" else ()
    ours, exact = getattr(streamed, view), downside_risk(run, loss_limits=limits, per=per)
    assert ours.attrs == exact.attrs
    assert list(ours["limit"].values) == list(limits)
    n = DRAWS
    for prefix, arm, case, ordered in _columns(run, exact.attrs["scale"]):
        cell, want = ours.sel(arm=arm, case=case), exact.sel(arm=arm, case=case)
        for level in ours["level"].values:
            got, wanted = cell.sel(level=level), want.sel(level=level)
            k = math.ceil(level * n) - 1  # the draw of VaR (inverted_cdf)
            assert abs(float(got[prefix + "var"]) - float(wanted[prefix + "var"])) <= _bound(
                ordered, [k]
            )
            se_error = abs(float(got[prefix + "var_se"]) - float(wanted[prefix + "var_se"]))
            assert se_error <= 2 * _bound(ordered, _se_ranks(n, level)) / (2 * Z95)
            tail = np.abs(ordered[: math.floor(level * n) + 1]).mean()
            es_error = abs(float(got[prefix + "es"]) - float(wanted[prefix + "es"]))
            assert es_error <= RELATIVE_ERROR * tail + ZERO
            assert float(got[prefix + "es_se"]) == pytest.approx(
                float(wanted[prefix + "es_se"]), rel=1e-3
            )
        np.testing.assert_allclose(cell[prefix + "p_loss"], want[prefix + "p_loss"], 1e-14)
        np.testing.assert_allclose(cell[prefix + "p_loss_se"], want[prefix + "p_loss_se"], 1e-12)


def test_risk_profile_within_the_stated_error(runs):
    study, ds, year, streamed = runs
    ours = streamed.profile
    exact = risk_profile(year, ours.attrs["case"], per="year")
    assert ours.attrs == exact.attrs
    n = DRAWS
    ranks = np.clip(np.ceil(n * exact["probability"].values) - 1, 0, n - 1).astype(int)
    for prefix, arm, case, ordered in _columns(year, 400.0):
        if case != ours.attrs["case"]:
            continue
        got = ours["delta" if prefix else "balance"].sel(arm=arm).values
        wanted = exact["delta" if prefix else "balance"].sel(arm=arm).values
        np.testing.assert_array_less(
            np.abs(got - wanted), RELATIVE_ERROR * np.abs(ordered[ranks]) * 1.000001 + ZERO
        )


def test_payback_probabilities_exact_and_flows_within_the_stated_error(runs):
    study, ds, _, streamed = runs
    if streamed.payback is None:
        assert not has_time_profile(study)
        return
    ours = streamed.payback
    exact = payback(study, draws=DRAWS, seed=5, cohort=int(ds.attrs["cohort"]))
    assert ours.attrs == exact.attrs
    for key in ("p_paid_back", "p_paid_back_se", "p_payback_year", "p_never"):
        for prefix in ("", "delta_"):
            np.testing.assert_allclose(ours[prefix + key], exact[prefix + key], 1e-12)
    for prefix in ("", "delta_"):
        np.testing.assert_allclose(ours[prefix + "mean"], exact[prefix + "mean"], 1e-9, 1e-6)
        for q in ("q05", "q95"):
            got, wanted = ours[prefix + q].values, exact[prefix + q].values
            bound = RELATIVE_ERROR * np.abs(wanted) * 1.01 + 1e-6
            np.testing.assert_array_less(np.abs(got - wanted), bound, err_msg=prefix + q)


# --------------------------------------------------------------------------- same bits


def _identical(one, other) -> None:
    assert one.draws == other.draws and one.intakes == other.intakes
    for name in VIEWS:
        a, b = getattr(one, name), getattr(other, name)
        if a is None:
            assert b is None
        else:
            xr.testing.assert_identical(a, b)


@pytest.mark.slow
def test_the_same_bits_serially_on_workers_grouped_and_from_a_dataset():
    study = load_study(CONFIGS / "four_arms.toml")
    options = RiskOptions(intakes=250, loss_limits=(1e5,), loss_per="client")
    serial = stream_run(study, DRAWS, 3, 9, risk=options).investment_risk()
    workers = stream_run(
        study, DRAWS, 3, 9, risk=options, execution=Execution(workers=2)
    ).investment_risk()
    _identical(serial, workers)
    settings = RunSettings.resolve(study, DRAWS, 3, 9, options)
    groups = [range(0, 3), range(3, 4)]  # three blocks in one task, then the cut one
    merged, _ = accumulate(study, settings, ((g, summary_task(study, settings, g)) for g in groups))
    from mkba_mc.risk.stream import risk_view

    _identical(serial, risk_view(study, merged.risk, DRAWS, 3, "9"))
    ds = simulate(study, draws=DRAWS, seed=3, cohort=9)
    _identical(serial, investment_risk(study, ds, 250, (1e5,), "client"))


# --------------------------------------------------------------------------- command line


@pytest.mark.parametrize("lang, words", [("en", "20,000 draws"), ("nl", "20.000 trekkingen")])
def test_run_prints_the_view_of_all_its_draws(capsys, lang, words):
    config = CONFIGS / "four_arms.toml"
    code = main(["run", str(config), "--draws", "20000", "--seed", "2", "--lang", lang])
    out, err = capsys.readouterr()
    assert code == 0, err
    title = next(line for line in out.splitlines() if "Risk" in line or "Risico" in line)
    assert title.endswith(f"{words})")
    view = investment_risk(load_study(config), simulate(load_study(config), draws=20000, seed=2))
    assert view.draws == 20000
