"""The shipped assumption sets and the config keys they need: timing, discounting,
per-category delays and benefit weights.

Each set differs from the default in one documented way; with the same seed every
parameter they share draws the same values (common random numbers), so the difference a
set makes can be checked draw by draw against its closed form.
"""

from __future__ import annotations

import math
from importlib import resources

import numpy as np
import pytest
from scipy import integrate

import mkba_mc as mm
from mkba_mc.bridge import study_values
from mkba_mc.cli import main
from mkba_mc.config import POINT_STUDY, ConfigError, embedded_config, parse_study
from mkba_mc.model import present_value_factor
from mkba_mc.spec import Timing

SETS = ["literature", "optimistic", "pooled", "noshows", "discounted"]
DRAWS = 20_000
SEED = 31


def shipped(name: str) -> str:
    return embedded_config(f"regioplan2020_{name}.toml")


def run(name: str | None, cohort="expected", draws=DRAWS):
    study = mm.load_study() if name is None else parse_study(shipped(name), origin=name)
    return mm.simulate(study, draws=draws, seed=SEED, cohort=cohort)


@pytest.fixture(scope="module")
def default():
    return run(None)


# --------------------------------------------------------------------------- every set


def test_every_shipped_config_is_in_the_package_and_the_configs_folder():
    packaged = {p.name for p in resources.files("mkba_mc").joinpath("configs").iterdir()}
    for name in SETS:
        assert f"regioplan2020_{name}.toml" in packaged


@pytest.mark.parametrize("name", SETS)
def test_set_has_a_header_saying_what_and_why(name):
    header = shipped(name).split("[study]")[0]
    assert header.startswith("# Regioplan (2020)")
    assert "What it assumes" in header and "Why" in header


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("cohort", ["expected", 23])
def test_set_runs_and_adds_up(name, cohort):
    ds = run(name, cohort=cohort, draws=2000)
    for var in ("investment", "total_benefit", "balance"):
        assert np.isfinite(ds[var]).all(), var
    np.testing.assert_allclose(
        ds["benefit_by_stakeholder"].sum("stakeholder"), ds["total_benefit"], rtol=1e-12
    )
    np.testing.assert_allclose(ds["cost"].sum("component"), ds["investment"], rtol=1e-12)


@pytest.mark.parametrize("name", SETS)
def test_cli_validates_each_set(name, capsys, tmp_path):
    path = tmp_path / f"{name}.toml"
    path.write_text(shipped(name), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: valid")


# --------------------------------------------------------------------------- months


def test_default_keeps_the_studys_4_months():
    """SPEC 3: the default is centred on the study, which takes 4 months."""
    np.testing.assert_array_equal(run(None)["param_months_earlier_exit"], 4.0)


def test_literature_months_are_pert_and_change_nothing_else(default):
    ds = run("literature")
    months = ds["param_months_earlier_exit"].values
    assert months.min() >= 4 and months.max() <= 12
    # PERT(4, 4, 12) is 4 + 8 Beta(1, 5): mean 16/3, variance 64 * 5 / (36 * 7)
    sd = math.sqrt(64 * 5 / (36 * 7))
    assert abs(months.mean() - 16 / 3) < 4 * sd / math.sqrt(DRAWS)
    ratio = ds["benefit"].sel(stream="shorter_pw") / default["benefit"].sel(stream="shorter_pw")
    np.testing.assert_allclose(
        ratio, (ds["param_months_earlier_exit"] / 4.0).broadcast_like(ratio), rtol=1e-12
    )
    others = [s for s in ds["stream"].values if s != "shorter_pw"]
    np.testing.assert_array_equal(
        ds["benefit"].sel(stream=others), default["benefit"].sel(stream=others)
    )
    np.testing.assert_array_equal(ds["investment"], default["investment"])


def test_optimistic_months_are_uniform_4_to_12(default):
    ds = run("optimistic")
    months = ds["param_months_earlier_exit"].values
    assert months.min() >= 4 and months.max() <= 12
    # Uniform(4, 12): mean 8, sd 8 / sqrt(12)
    assert abs(months.mean() - 8) < 4 * (8 / math.sqrt(12)) / math.sqrt(DRAWS)
    ratio = ds["benefit"].sel(stream="shorter_pw") / default["benefit"].sel(stream="shorter_pw")
    expected = ds["param_months_earlier_exit"] / default["param_months_earlier_exit"]
    np.testing.assert_allclose(ratio, expected.broadcast_like(ratio), rtol=1e-12)


# --------------------------------------------------------------------------- pooled


def test_pooled_shares_are_one_draw_for_both_arms():
    ds = run("pooled")
    for name in ("share_pw", "share_work", "share_budget_management", "budget_management_variant"):
        assert "arm" not in ds[f"param_{name}"].dims, name
    # With the client mix shared, the PW stream per successful client is the same per arm.
    per_success = ds["benefit"].sel(stream="shorter_pw") / ds["share_successful"]
    np.testing.assert_allclose(per_success.sel(arm="FIG"), per_success.sel(arm="KR"), rtol=1e-12)
    # Closed form of the pooled budget management cost, the same for both arms:
    # E[share] E[mix] · prices, share Beta(24.5, 28.5), mix Dirichlet(13.5, 7.5, 4.5).
    mix = np.array([13.5, 7.5, 4.5]) / 25.5
    expected = 24.5 / 53 * float(mix @ np.array([311, 343, 405]))
    cost = ds["cost"].sel(component="budget_management")
    for arm in ("FIG", "KR"):
        x = cost.sel(arm=arm).values
        assert abs(x.mean() - expected) < 4 * x.std(ddof=1) / math.sqrt(DRAWS), arm


# --------------------------------------------------------------------------- no-shows


def test_noshows_add_their_closed_form_cost_and_nothing_else(default):
    ds = run("noshows")
    extra = ds["cost"].sel(component="noshow_contacts")
    for arm, per_client in (("FIG", 0.3333), ("KR", 0.1111)):
        x = extra.sel(arm=arm).values
        expected = per_client * 1.5 * 75  # independent inputs: product of the means
        assert abs(x.mean() - expected) < 4 * x.std(ddof=1) / math.sqrt(DRAWS), arm
    np.testing.assert_allclose(ds["investment"] - extra, default["investment"], rtol=1e-12)
    np.testing.assert_array_equal(ds["total_benefit"], default["total_benefit"])


# --------------------------------------------------------------------------- discounting


def test_present_value_factor_closed_forms():
    r = 0.0225
    assert present_value_factor(0.0, Timing(3, 5), delay=2) == 1.0
    assert present_value_factor(r, None) == 1.0
    assert present_value_factor(r, Timing(2, 0)) == pytest.approx(1.0225**-2, rel=1e-15)
    assert present_value_factor(r, None, delay=1.5) == pytest.approx(1.0225**-1.5, rel=1e-15)
    for start, years in ((0, 1), (0.5, 3), (1, 2)):
        mean, _ = integrate.quad(lambda t: (1 + r) ** -t, start, start + years)
        assert present_value_factor(r, Timing(start, years)) == pytest.approx(
            mean / years, rel=1e-12
        )
    # a very short flow tends to the lump sum
    assert present_value_factor(r, Timing(2, 1e-6)) == pytest.approx(1.0225**-2, rel=1e-6)


POINT = embedded_config(POINT_STUDY)
DISCOUNTING = '\n[discounting]\nrate = 0.0225\nsource = "test"\n'
# The point config extends the default; a test appends the tables it changes (merged key
# by key into the resolved config).
EVICTION = "\n[benefits.eviction]\n"
DEBT = "\n[costs.debt_arrangement]\n"


def point(text: str = POINT):
    return mm.simulate(parse_study(text, origin="point"), draws=1, seed=0).isel(draw=0)


@pytest.fixture(scope="module")
def undiscounted():
    return point()


def test_stream_timing_and_a_delay_for_stabilised_clients(undiscounted):
    """Point study: KR has 7 solved and 7 stabilised of 23 clients, FIG 8 solved and none
    stabilised; eviction accrues over years 1-3, and every benefit of a stabilised client
    a year later (the other streams at once, so a year later is (1.0225)^-1)."""
    text = POINT + EVICTION + "timing = { start = 1, years = 2 }\n"
    text = text + "\n[outcomes.delay]\nstabilised = 1\n\n" + DISCOUNTING
    ds = point(text)
    early = present_value_factor(0.0225, Timing(1, 2))
    late = present_value_factor(0.0225, Timing(1, 2), delay=1)
    factor = {"FIG": (early, 1.0), "KR": ((7 * early + 7 * late) / 14, (7 + 7 / 1.0225) / 14)}
    others = [s for s in ds["stream"].values if s != "eviction"]
    for arm, (f_eviction, f_others) in factor.items():
        assert float(ds["benefit"].sel(arm=arm, stream="eviction")) == pytest.approx(
            f_eviction * float(undiscounted["benefit"].sel(arm=arm, stream="eviction")), rel=1e-12
        )
        np.testing.assert_allclose(
            ds["benefit"].sel(arm=arm, stream=others),
            f_others * undiscounted["benefit"].sel(arm=arm, stream=others),
            rtol=1e-12,
        )
    np.testing.assert_array_equal(ds["investment"], undiscounted["investment"])
    assert ds.attrs["discount_rate"] == 0.0225


def test_cost_timing_discounts_the_cost(undiscounted):
    text = POINT + DEBT + "timing = { start = 0.5, years = 3 }\n" + DISCOUNTING
    ds = point(text)
    f = present_value_factor(0.0225, Timing(0.5, 3))
    np.testing.assert_allclose(
        ds["cost"].sel(component="debt_arrangement"),
        f * undiscounted["cost"].sel(component="debt_arrangement"),
        rtol=1e-12,
    )


def test_benefit_weight_of_stabilised_clients(undiscounted):
    """Stabilised clients at half weight: KR benefits × (7 + 0.5 × 7) / 14; FIG unchanged."""
    text = POINT + "\n[outcomes.benefit_weight]\nstabilised = 0.5\n\n"
    ds = point(text)
    np.testing.assert_allclose(
        ds["benefit"].sel(arm="KR"), 0.75 * undiscounted["benefit"].sel(arm="KR"), rtol=1e-12
    )
    np.testing.assert_array_equal(
        ds["benefit"].sel(arm="FIG"), undiscounted["benefit"].sel(arm="FIG")
    )
    np.testing.assert_array_equal(ds["investment"], undiscounted["investment"])


def test_point_config_is_the_default_at_the_studys_values():
    """The point config is a short difference of the default: every input it shares with
    the default is fixed at the default's study value (its ``study_value``, the data's
    ``k / n``, else its mean), and the three amounts it adds are the default's yearly
    amounts times months, as the study rounded them."""
    point, default = parse_study(POINT), mm.load_study()
    assert POINT.count("\n") < 80 and 'extends = "regioplan2020.toml"' in POINT
    assert all(p.is_fixed for p in point.parameters.values())
    ours, theirs = study_values(point), study_values(default)
    for name in set(ours) & set(theirs):
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-12, err_msg=name)
    pw, ww = float(theirs["pw_cost_per_year"][0]), float(theirs["ww_cost_per_year"][0])
    months = {n: float(theirs[n][0]) for n in theirs if "months" in n}
    expected = {
        "pw_saving_per_exit": round(pw * months["months_earlier_exit"] / 12),
        "ww_cost_per_inflow": round(ww * months["ww_months"] / 12),
        "pw_cost_per_inflow": round(pw * months["pw_months_after_job_loss"] / 12),
    }
    assert {n: float(ours[n][0]) for n in set(ours) - set(theirs)} == expected
    assert (point.arms, point.costs, point.published) == (
        default.arms,
        default.costs,
        default.published,
    )


def test_rate_zero_keeps_amounts_and_replication_is_untouched(undiscounted):
    text = POINT + EVICTION + "timing = { start = 1, years = 2 }\n"
    ds = point(text + '\n[discounting]\nrate = 0\nsource = "none"\n')
    np.testing.assert_array_equal(ds["benefit"], undiscounted["benefit"])
    assert mm.replicate(parse_study(POINT)).all_match


def test_discounted_set_lowers_benefits_and_cohort_means_agree(default):
    ds = run("discounted")
    # every stream starts at year 0 or later: present values are lower, draw by draw
    assert (ds["total_benefit"] < default["total_benefit"]).all()
    assert (ds["investment"] <= default["investment"]).all()
    # a cohort splits a thinned count by its categories' counts: unbiased for the mean
    cohort = run("discounted", cohort=23)
    diff = (cohort["total_benefit"] - ds["total_benefit"]).values
    se = diff.std(axis=0, ddof=1) / math.sqrt(DRAWS)
    assert np.all(np.abs(diff.mean(axis=0)) < 4 * se)


# --------------------------------------------------------------------------- validation


BAD = [
    (
        "unknown timing key",
        POINT + EVICTION + "timing = { begin = 1 }\n" + DISCOUNTING,
        "benefits.eviction.timing.begin: unknown key",
    ),
    (
        "negative start",
        POINT + EVICTION + "timing = { start = -1 }\n" + DISCOUNTING,
        "benefits.eviction.timing.start: must not be negative",
    ),
    (
        "NaN years",
        POINT + EVICTION + "timing = { years = nan }\n" + DISCOUNTING,
        "benefits.eviction.timing.years: must be a finite number",
    ),
    (
        "timing not a table",
        POINT + EVICTION + "timing = 2\n" + DISCOUNTING,
        "benefits.eviction.timing: must be a table",
    ),
    (
        "timing without discounting",
        POINT + DEBT + "timing = { years = 3 }\n",
        "costs.debt_arrangement.timing: has no effect without a [discounting] section",
    ),
    (
        "delay without discounting",
        POINT + "\n[outcomes.delay]\nstabilised = 1\n\n",
        "outcomes.delay: has no effect without a [discounting] section",
    ),
    (
        "delay of a pending category",
        POINT + "\n[outcomes.delay]\nin_settlement = 1\n\n" + DISCOUNTING,
        "outcomes.delay.in_settlement: is not a final outcome category",
    ),
    (
        "delay of an unknown category",
        POINT + "\n[outcomes.delay]\nstable = 1\n\n" + DISCOUNTING,
        "outcomes.delay.stable: is not a final outcome category",
    ),
    (
        "negative delay",
        POINT + "\n[outcomes.delay]\nstabilised = -1\n\n" + DISCOUNTING,
        "outcomes.delay.stabilised: a delay in years must not be negative",
    ),
    (
        "negative weight",
        POINT + "\n[outcomes.benefit_weight]\nstabilised = -0.5\n\n",
        "outcomes.benefit_weight.stabilised: a weight must not be negative",
    ),
    (
        "weight as text",
        POINT + '\n[outcomes.benefit_weight]\nstabilised = "half"\n\n',
        "outcomes.benefit_weight.stabilised: must be a number, got a string",
    ),
    (
        "rate as text",
        POINT + '\n[discounting]\nrate = "2.25%"\nsource = "x"\n',
        "discounting.rate: must be a number, got a string",
    ),
    (
        "rate in percent",
        POINT + '\n[discounting]\nrate = 2.25\nsource = "x"\n',
        "discounting.rate: must be a yearly rate between -1 and 1",
    ),
    (
        "infinite rate",
        POINT + '\n[discounting]\nrate = inf\nsource = "x"\n',
        "discounting.rate: must be a finite number",
    ),
    (
        "rate without source",
        POINT + "\n[discounting]\nrate = 0.0225\n",
        "discounting.source: is required but missing",
    ),
    (
        "unknown discounting key",
        POINT + '\n[discounting]\nrate = 0.0225\nsource = "x"\nbase_year = 2020\n',
        "discounting.base_year: unknown key",
    ),
]


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_new_keys_fail_in_one_line(text, message):
    with pytest.raises(ConfigError) as info:
        parse_study(text, origin="study.toml")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(f"study.toml: {message}")


def test_cli_reports_a_bad_new_key_with_exit_2(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(BAD[1][1], encoding="utf-8")
    assert main(["run", str(path), "--draws", "10", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert (
        err.count("\n") == 1 and "benefits.eviction.timing.start" in err and "Traceback" not in err
    )
