"""The Monte Carlo engine: closed-form means, cohort sampling, reproducibility."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
import xarray as xr

import mkba_mc
from mkba_mc.config import DEFAULT_STUDY, POINT_STUDY, embedded_config, load_study, parse_study
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.simulation import simulate, simulate_to_netcdf

DRAWS = 100_000


def closed_form_means(arm: str) -> dict[str, float]:
    """Per-client means of the default study (SPEC 3), derived by hand.

    Inputs are independent, so the mean of each product is the product of the means;
    the shares of an outcome category are Dirichlet(counts + 0.5) means; a pending client
    resolves to solved with the mean settlement success 0.85.
    """
    alpha = {
        "FIG": dict(solved=1.5, stabilised=0.5, before=18.5, during=2.5, pending=8.5),
        "KR": dict(solved=3.5, stabilised=7.5, before=7.5, during=1.5, pending=5.5),
    }[arm]
    total = sum(alpha.values())
    s = 0.85
    successful = (alpha["solved"] + alpha["stabilised"] + alpha["pending"] * s) / total
    solved = (alpha["solved"] + alpha["pending"] * s) / total
    entered = (alpha["solved"] + alpha["during"] + alpha["pending"]) / total
    share_pw = {"FIG": 11.5 / 30, "KR": 10.5 / 24}[arm]
    share_work = {"FIG": 7.5 / 30, "KR": 4.5 / 24}[arm]
    share_bm = {"FIG": 13.5 / 30, "KR": 11.5 / 24}[arm]
    mix = {"FIG": np.array([7.5, 6.5, 0.5]) / 14.5, "KR": np.array([6.5, 1.5, 4.5]) / 12.5}[arm]
    intake = {"FIG": 700, "KR": 1700}[arm]
    months = 4  # fixed, as the study chose (SPEC 3)
    workers = successful * share_work * 0.50
    means = {
        "shorter_pw": successful * share_pw * 0.80 * 14_000 * months / 12,
        "job_retention": workers * (0.45 * 20_600 * 8 / 12 + 0.05 * 14_000 * 21 / 12),
        "reintegration": workers * (0.45 * 0.12 + 0.05 * 0.70) * 4_700,
        "eviction": successful * 0.13 * 0.59 * 5_865,
        "homelessness": successful * 0.13 * 0.59 * 0.18 * (15_000 + 43_140),
        "disconnection": successful * 0.44 * 0.59 * 790,
        "support_ggz": successful * (0.24 * 325 + 0.09 * 1_000),
        "investment": intake
        + 1_100 * entered
        + 1_000 * solved
        + share_bm * float(mix @ np.array([311, 343, 405])),
        "share_successful": successful,
    }
    return means


@pytest.fixture(scope="module")
def study():
    return load_study()


@pytest.fixture(scope="module", params=["expected", 23])
def run(request, study):
    return simulate(study, draws=DRAWS, seed=12345, cohort=request.param)


def _within_4_se(x: np.ndarray, expected: float) -> tuple[bool, str]:
    se = x.std(ddof=1) / np.sqrt(x.size)
    return abs(x.mean() - expected) < 4 * se, f"mean {x.mean():.3f} vs {expected:.3f} (se {se:.3f})"


@pytest.mark.parametrize("arm", ["FIG", "KR"])
def test_means_match_closed_form(run, arm):
    expected = closed_form_means(arm)
    for name, value in expected.items():
        if name in ("investment", "share_successful"):
            x = run[name].sel(arm=arm).values
        else:
            x = run["benefit"].sel(arm=arm, stream=name).values
        ok, detail = _within_4_se(x, value)
        assert ok, f"{name} [{arm}, cohort {run.attrs['cohort']}]: {detail}"


def test_totals_add_up(run):
    np.testing.assert_allclose(run["total_benefit"], run["benefit"].sum("stream"), rtol=1e-12)
    np.testing.assert_allclose(run["investment"], run["cost"].sum("component"), rtol=1e-12)
    np.testing.assert_allclose(
        run["balance"], run["total_benefit"] - run["investment"], rtol=1e-12, atol=1e-9
    )
    np.testing.assert_allclose(
        run["benefit_by_stakeholder"].sum("stakeholder"), run["total_benefit"], rtol=1e-12
    )
    np.testing.assert_allclose(run["outcome_share"].sum("outcome"), 1.0, rtol=1e-12)


def test_cohort_counts_are_whole_clients(study):
    ds = simulate(study, draws=5_000, seed=1, cohort=23)
    for name in ("share_successful", "outcome_share"):
        counts = ds[name].values * 23
        np.testing.assert_allclose(counts, np.round(counts), atol=1e-9)
    assert ds["share_successful"].std("draw").min() > 0


def test_cohort_spreads_more_than_expected_values(study):
    expected = simulate(study, draws=20_000, seed=3, cohort="expected")
    cohort = simulate(study, draws=20_000, seed=3, cohort=23)
    assert float(cohort["balance"].std()) > float(expected["balance"].std())


def test_point_cohort_is_binomial():
    """With fixed shares, a client is successful with p = (1 + 0.85 * 8) / 29 (FIG), so the
    successful count in a cohort of n is Binomial(n, p)."""
    point = parse_study(embedded_config(POINT_STUDY))
    n = 50
    ds = simulate(point, draws=DRAWS, seed=9, cohort=n)
    for arm, p in (("FIG", (1 + 0.85 * 8) / 29), ("KR", (3 + 7 + 0.85 * 5) / 23)):
        share = ds["share_successful"].sel(arm=arm).values
        ok, detail = _within_4_se(share, p)
        assert ok, detail
        var = p * (1 - p) / n
        # SE of a sample variance: sqrt((mu4 - var^2) / N) with the binomial share's mu4.
        mu4 = var**2 * (3 + (1 - 6 * p * (1 - p)) / (n * p * (1 - p)))
        assert abs(share.var(ddof=1) - var) < 4 * np.sqrt((mu4 - var**2) / DRAWS)


def test_point_config_expected_cohort_is_deterministic():
    point = parse_study(embedded_config(POINT_STUDY))
    ds = simulate(point, draws=10, cohort="expected")
    assert float(ds["balance"].std("draw").max()) == 0.0
    assert round(float(ds["balance"].sel(arm="KR")[0])) == -209  # the corrected balance


def test_dataset_layout_and_metadata(study):
    ds = simulate(study, draws=1000, seed=0, cohort="expected")
    assert ds["investment"].dims == ("draw", "arm")
    assert ds["cost"].dims == ("draw", "arm", "component")
    assert ds["benefit"].dims == ("draw", "arm", "stream")
    assert ds["benefit_by_stakeholder"].dims == ("draw", "arm", "stakeholder")
    assert ds["param_exit_share"].dims == ("draw",)
    assert ds["param_share_pw"].dims == ("draw", "arm")
    assert ds["param_job_loss_path"].dims == ("draw", "job_loss_path_component")
    assert ds["param_outcome_shares"].dims == ("draw", "arm", "category")
    assert list(ds["arm"].values) == ["FIG", "KR"]
    assert ds.attrs["seed"] == 0 and ds.attrs["draws"] == 1000 and ds.attrs["cohort"] == "expected"
    assert ds.attrs["mkba_mc_version"] == mkba_mc.__version__
    text = embedded_config(DEFAULT_STUDY)
    assert ds.attrs["config"] == text
    assert ds.attrs["config_hash"] == hashlib.sha256(text.encode()).hexdigest()
    assert ds["balance"].attrs["units"] == "EUR per client"
    assert ds["param_exit_share"].attrs["source"].startswith("Van Geuns")


def test_literature_parameters_are_shared_by_the_arms(study):
    """Common random numbers: a shared parameter has one draw per draw, used by both arms;
    with every arm-specific input equal, the arms' stream values coincide."""
    ds = simulate(study, draws=1000, seed=5, cohort="expected")
    assert "arm" not in ds["param_eviction_cost"].dims
    per_successful = ds["benefit"].sel(stream="eviction") / ds["share_successful"]
    np.testing.assert_allclose(
        per_successful.sel(arm="FIG"), per_successful.sel(arm="KR"), rtol=1e-12
    )


# --------------------------------------------------------------------------- reproducibility

N_BLOCKS_PLUS = 2 * BLOCK_SIZE + 123


@pytest.fixture(scope="module")
def reference(study):
    return simulate(study, draws=N_BLOCKS_PLUS, seed=777, cohort=23)


@pytest.mark.parametrize(
    ("chunk_draws", "workers"),
    [(1, 1), (BLOCK_SIZE, 2), (3 * BLOCK_SIZE, 1), (10 * BLOCK_SIZE, 2), (BLOCK_SIZE + 1, 3)],
)
def test_same_seed_same_bits_whatever_chunks_and_workers(study, reference, chunk_draws, workers):
    ds = simulate(
        study, draws=N_BLOCKS_PLUS, seed=777, cohort=23, chunk_draws=chunk_draws, workers=workers
    )
    xr.testing.assert_identical(ds, reference)


def test_netcdf_stream_equals_in_memory(study, reference, tmp_path):
    path = simulate_to_netcdf(
        study,
        tmp_path / "r.nc",
        draws=N_BLOCKS_PLUS,
        seed=777,
        cohort=23,
        chunk_draws=BLOCK_SIZE,
        workers=2,
    )
    with xr.open_dataset(path) as disk:
        for name, var in reference.data_vars.items():
            np.testing.assert_array_equal(disk[name].values, var.values, err_msg=name)
            assert disk[name].dims == var.dims
        for name in reference.coords:
            assert list(disk[name].values) == list(reference[name].values), name
        assert disk.attrs["config_hash"] == reference.attrs["config_hash"]
        assert int(disk.attrs["seed"]) == 777


def test_shorter_run_is_a_prefix(study, reference):
    short = simulate(study, draws=BLOCK_SIZE + 5, seed=777, cohort=23)
    xr.testing.assert_equal(
        short.drop_attrs(), reference.isel(draw=slice(0, BLOCK_SIZE + 5)).drop_attrs()
    )


def test_other_seed_other_draws_and_seed_zero_works(study):
    a = simulate(study, draws=100, seed=0)
    b = simulate(study, draws=100, seed=1)
    assert not np.array_equal(a["balance"].values, b["balance"].values)
    np.testing.assert_array_equal(
        a["balance"].values, simulate(study, draws=100, seed=0)["balance"].values
    )


def test_common_random_numbers_across_configs(study):
    """Two assumption sets that share a parameter draw the same values for it."""
    text = embedded_config(DEFAULT_STUDY)
    optimistic = parse_study(
        text.replace('dist = "fixed"\nvalue = 4\n', 'dist = "uniform"\nlow = 4\nhigh = 12\n')
    )
    a = simulate(study, draws=2000, seed=4)
    b = simulate(optimistic, draws=2000, seed=4)
    for name in ("param_exit_share", "param_share_pw", "param_outcome_shares", "investment"):
        np.testing.assert_array_equal(a[name].values, b[name].values, err_msg=name)
    assert not np.array_equal(
        a["param_months_earlier_exit"].values, b["param_months_earlier_exit"].values
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": 0}, "draws"),
        ({"seed": -1}, "seed"),
        ({"cohort": 0}, "cohort"),
        ({"cohort": "all"}, "cohort"),
    ],
)
def test_bad_run_settings(study, kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate(study, **kwargs)
