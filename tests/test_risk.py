"""The investment-risk view against closed forms and hand computations.

Stakeholders' balances add up to the societal balance; a cost split between payers is
paid at those shares. Value-at-risk and expected shortfall: exact on a known discrete
sample, and against the normal formulas (VaR = −(μ + σ z_α), ES = −μ + σ φ(z_α) / α)
within four Monte Carlo standard errors. Payback: a study with one fixed cost at the
intake and one benefit stream that accrues evenly over four years, discounted at 2.25%,
whose cumulative flow and payback probabilities follow by hand.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from mkba_mc import load_study, parse_study, simulate
from mkba_mc.cli import main
from mkba_mc.plots._labels import probability
from mkba_mc.risk import (
    PARTLY,
    SOCIETAL,
    business_case,
    downside_risk,
    expected_shortfall,
    investment_risk,
    loss_probability,
    payback,
    risk_profile,
    stakeholder_balances,
    value_at_risk,
    year_of_intakes,
)

DISCOUNTED = Path(__file__).parents[1] / "configs" / "regioplan2020_discounted.toml"
K = 4.0  # standard errors allowed between an estimate and its closed form


@pytest.fixture(scope="module")
def default_run():
    return simulate(load_study(), draws=4000, seed=5)


# --------------------------------------------------------------------------- who pays


def test_stakeholder_balances_add_up_to_the_societal_balance(default_run):
    holders = stakeholder_balances(default_run)
    np.testing.assert_allclose(
        holders.sum("stakeholder").values,
        default_run["balance"].transpose("draw", "arm").values,
        rtol=1e-12,
        atol=1e-9,
    )
    # The municipality pays every cost of the shipped study.
    municipal = holders.sel(stakeholder="municipality")
    expected = default_run["benefit_by_stakeholder"].sel(stakeholder="municipality")
    np.testing.assert_allclose(
        municipal.values, (expected - default_run["investment"]).transpose("draw", "arm").values
    )


def test_a_cost_split_between_payers_is_paid_at_their_shares():
    study = load_study(overrides=["costs.intake.payer={municipality = 0.7, uwv = 0.3}"])
    ds = simulate(study, draws=500, seed=3)
    holders = stakeholder_balances(ds)
    intake = ds["cost"].sel(component="intake")
    np.testing.assert_allclose(
        (
            holders.sel(stakeholder="uwv") - ds["benefit_by_stakeholder"].sel(stakeholder="uwv")
        ).values,
        (-0.3 * intake).transpose("draw", "arm").values,
    )
    np.testing.assert_allclose(
        holders.sum("stakeholder").values, ds["balance"].transpose("draw", "arm").values
    )


def test_an_unknown_payer_is_a_config_error():
    from mkba_mc import ConfigError

    with pytest.raises(ConfigError, match=r"costs\.intake\.payer: 'council' is not a stakeholder"):
        load_study(overrides=['costs.intake.payer="council"'])


def test_business_case_per_client_and_probability_of_recovering(default_run):
    case = business_case(default_run)
    n = default_run.sizes["draw"]
    balance = stakeholder_balances(default_run).sel(stakeholder="municipality")
    for arm in ("FIG", "KR"):
        x = balance.sel(arm=arm).values
        row = case.sel(arm=arm, case="municipality")
        assert float(row["mean"]) == pytest.approx(x.mean(), rel=1e-12)
        assert float(row["mc_se"]) == pytest.approx(x.std(ddof=1) / math.sqrt(n), rel=1e-12)
        p = (x > 0).mean()
        assert float(row["p_recover"]) == p
        assert float(row["p_recover_se"]) == pytest.approx(math.sqrt(p * (1 - p) / n))
        society = case.sel(arm=arm, case=SOCIETAL)
        assert float(society["mean"]) == pytest.approx(
            float(default_run["balance"].sel(arm=arm).mean())
        )
    # The "partly" reading counts whole every stream touching the municipality: at least
    # the strict municipal balance, at most the societal one.
    partly = case["mean"].sel(case=PARTLY)
    assert (partly >= case["mean"].sel(case="municipality")).all()
    assert (partly <= case["mean"].sel(case=SOCIETAL)).all()
    # A stakeholder that pays nothing has no investment to recover.
    assert np.isnan(case["p_recover"].sel(case="uwv")).all()
    # Against the baseline: the difference of the balances, missing for the baseline.
    diff = balance.sel(arm="KR").values - balance.sel(arm="FIG").values
    assert float(case["delta_mean"].sel(arm="KR", case="municipality")) == pytest.approx(
        diff.mean()
    )
    assert np.isnan(case["delta_mean"].sel(arm="FIG")).all()


def test_per_year_needs_a_year_of_clients(default_run):
    with pytest.raises(ValueError, match="year_of_intakes"):
        business_case(default_run, per="year")


def test_a_year_of_intakes_samples_that_years_clients_reproducibly():
    study = load_study()
    year = year_of_intakes(study, 300, draws=400, seed=9)
    again = year_of_intakes(study, 300, draws=400, seed=9)
    assert year.attrs["cohort"] == "300"
    assert year["balance"].equals(again["balance"])
    # Same parameter draws as the population-level run; only the clients are sampled.
    population = simulate(study, draws=400, seed=9)
    assert year["param_pw_cost_per_year"].equals(population["param_pw_cost_per_year"])
    yearly = business_case(year, per="year")
    assert float(yearly["mean"].sel(arm="KR", case=SOCIETAL)) == pytest.approx(
        300 * float(year["balance"].sel(arm="KR").mean())
    )
    risk = downside_risk(year, per="year", loss_limits=[1e5])
    x = 300 * year["balance"].sel(arm="KR").values
    assert float(risk["var"].sel(arm="KR", case=SOCIETAL, level=0.05)) == pytest.approx(
        -np.quantile(x, 0.05, method="inverted_cdf")
    )
    assert float(risk["p_loss"].sel(arm="KR", case=SOCIETAL, limit=1e5)) == (x < -1e5).mean()


# --------------------------------------------------------------------------- downside risk


def test_var_and_es_of_a_known_discrete_sample_are_exact():
    x = np.random.default_rng(1).permutation(np.arange(1.0, 101.0))  # 1..100, each 1/100
    assert value_at_risk(x, 0.05)[0] == -5.0
    assert expected_shortfall(x, 0.05)[0] == pytest.approx(-3.0)  # mean of 1..5
    # α n = 2.5: the two worst count whole, the third at half weight.
    assert value_at_risk(x, 0.025)[0] == -3.0
    assert expected_shortfall(x, 0.025)[0] == pytest.approx(-(1 + 2 + 0.5 * 3) / 2.5)
    losses = np.array([-100.0, -40.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0])
    assert expected_shortfall(losses, 0.10)[0] == 100.0
    assert expected_shortfall(losses, 0.20)[0] == 70.0
    assert loss_probability(losses, 50.0)[0] == 0.1
    assert loss_probability(losses, 0.0)[0] == 0.2


@pytest.mark.parametrize("level", [0.05, 0.10])
def test_var_and_es_of_a_normal_sample_match_the_normal_formulas(level):
    mu, sigma, n = -200.0, 1000.0, 200_000
    x = np.random.default_rng(7).normal(mu, sigma, n)
    z = stats.norm.ppf(level)
    var, var_se = value_at_risk(x, level)
    es, es_se = expected_shortfall(x, level)
    exact_es = -mu + sigma * stats.norm.pdf(z) / level
    assert var == pytest.approx(-(mu + sigma * z), abs=K * var_se)
    assert es == pytest.approx(exact_es, abs=K * es_se)
    assert 0 < es_se < 0.02 * sigma and 0 < var_se < 0.02 * sigma  # sharp enough to mean it
    # The MCSE of ES is the spread of ES over repeated samples (20 samples of 20,000).
    small = [
        expected_shortfall(r.normal(mu, sigma, 20_000), level)[0]
        for r in np.random.default_rng(3).spawn(20)
    ]
    se_20k = expected_shortfall(np.random.default_rng(4).normal(mu, sigma, 20_000), level)[1]
    assert np.std(small, ddof=1) == pytest.approx(se_20k, rel=0.5)


def test_risk_levels_and_limits_are_checked():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        value_at_risk(np.arange(10.0), 0.0)
    with pytest.raises(ValueError, match="finite amount"):
        loss_probability(np.arange(10.0), math.inf)


def test_risk_profile_is_the_distribution_and_its_exceedance(default_run):
    profile = risk_profile(default_run, "municipality", points=101)
    x = stakeholder_balances(default_run).sel(stakeholder="municipality", arm="KR").values
    curve = profile["balance"].sel(arm="KR").values
    assert np.all(np.diff(curve) >= 0)
    # P(balance ≤ curve at p) ≥ p, the lower quantile.
    for p, value in zip(profile["probability"].values[1:], curve[1:], strict=True):
        assert (x <= value).mean() >= p - 1e-12
    assert np.isnan(profile["delta"].sel(arm="FIG")).all()
    with pytest.raises(ValueError, match="case must be one of"):
        risk_profile(default_run, "council")


# --------------------------------------------------------------------------- payback

RATE = 0.0225
COST = 1000.0
VALUE = stats.gamma(1 / 0.25**2, scale=4000 * 0.25**2)  # mean €4,000, CV 25%
SHARE = {"A": 0.5, "B": 0.75}  # successful share per arm (fixed dossier shares)

PAYBACK_STUDY = """
[study]
title = "A payback test study"
source = "constructed for the tests"
baseline = "A"

[arms.A]
label = "route A"
dossiers = {{ good = 1, bad = 1 }}

[arms.B]
label = "route B"
dossiers = {{ good = 3, bad = 1 }}

[outcomes]
categories = ["good", "bad"]
shares = "fixed"
source = "constructed"

[outcomes.groups]
successful = ["good"]

[stakeholders]
municipality = "Municipality"
other = "Others"

[parameters.value]
unit = "EUR per client"
source = "constructed"
{value}

[parameters.cost]
unit = "EUR per client"
source = "constructed"
dist = "fixed"
value = 1000

[costs.programme]
terms = [{{ clients = "all", params = ["cost"] }}]

[benefits.gain]
timing = {{ start = 0, years = 4 }}

[[benefits.gain.terms]]
clients = "successful"
params = ["value"]
stakeholder = {{ municipality = 0.5, other = 0.5 }}

[discounting]
rate = 0.0225
source = "constructed"
"""


def accrued(year: float) -> float:
    """Present value of the part of one euro accruing evenly over years 0-4 that has
    accrued by ``year``."""
    log = math.log1p(RATE)
    end = min(year, 4.0)
    return (1 - math.exp(-log * end)) / (4 * log)


def test_payback_of_a_fixed_benefit_by_hand():
    study = parse_study(PAYBACK_STUDY.format(value='dist = "fixed"\nvalue = 4000'))
    result = payback(study, draws=50, seed=1)
    assert list(result["year"].values) == [0, 1, 2, 3, 4, 5]
    for arm, share in SHARE.items():
        for year in range(6):
            society = share * 4000 * accrued(year) - COST
            municipal = 0.5 * share * 4000 * accrued(year) - COST
            cell = result.sel(arm=arm, year=year)
            assert float(cell["mean"].sel(case=SOCIETAL)) == pytest.approx(society)
            assert float(cell["mean"].sel(case="municipality")) == pytest.approx(municipal)
            assert float(cell["mean"].sel(case="other")) == pytest.approx(
                0.5 * share * 4000 * accrued(year)
            )
    # Society in B: 3000 a(k) ≥ 1000 first at k = 2 (a(1) = 0.247, a(2) = 0.492).
    within = result["p_paid_back"].sel(arm="B", case=SOCIETAL)
    assert list(within.values) == [0.0, 1.0, 1.0, 1.0]
    # The municipality in B: 1500 a(k) ≥ 1000 needs a(k) ≥ 2/3, first at k = 3.
    assert list(result["p_paid_back"].sel(arm="B", case="municipality").values) == [0, 0, 1, 1]
    assert float(result["p_payback_year"].sel(arm="B", case="municipality", year=3)) == 1.0
    # The municipality in A never: 1000 a(4) < 1000.
    assert float(result["p_never"].sel(arm="A", case="municipality")) == 1.0
    # A stakeholder that pays nothing has nothing to pay back.
    assert np.isnan(result["p_paid_back"].sel(case="other")).all()
    # B against A: an extra 1000 a(k) from year 0, no extra cost: paid back at once.
    assert list(result["delta_p_paid_back"].sel(arm="B", case=SOCIETAL).values) == [1, 1, 1, 1]


def test_payback_probabilities_of_an_uncertain_benefit_match_the_gamma_distribution():
    study = parse_study(PAYBACK_STUDY.format(value='dist = "gamma"\nmean = 4000\ncv = 0.25'))
    n = 20_000
    result = payback(study, draws=n, seed=2)
    for arm, share in SHARE.items():
        for case, part in ((SOCIETAL, 1.0), ("municipality", 0.5)):
            for within in (1, 2, 3, 5):
                exact = float(VALUE.sf(COST / (part * share * accrued(within))))
                got = float(result["p_paid_back"].sel(arm=arm, case=case, within=within))
                se = max(math.sqrt(exact * (1 - exact) / n), 1 / n)
                assert got == pytest.approx(exact, abs=K * se)
    # The whole flow has accrued by the last year: it is the run's balance, draw by draw.
    ds = simulate(study, draws=n, seed=2)
    assert float(result["mean"].sel(year=5, case=SOCIETAL, arm="B")) == pytest.approx(
        float(ds["balance"].sel(arm="B").mean()), rel=1e-12
    )


def test_payback_needs_a_time_profile():
    with pytest.raises(ValueError, match="payback needs a time profile"):
        payback(load_study(), draws=10)


def test_payback_of_the_discounted_set_reproduces_the_run():
    study = load_study(DISCOUNTED)
    result = payback(study, draws=600, seed=4)
    again = payback(study, draws=600, seed=4)
    assert result.equals(again)
    ds = simulate(study, draws=600, seed=4)
    holders = stakeholder_balances(ds).mean("draw")
    last = result.isel(year=-1)
    np.testing.assert_allclose(
        last["mean"].sel(case="municipality").values,
        holders.sel(stakeholder="municipality").values,
        rtol=1e-12,
    )
    probabilities = result["p_payback_year"].sum("year") + result["p_never"]
    np.testing.assert_allclose(probabilities.sel(case=SOCIETAL).values, 1.0)


# --------------------------------------------------------------------------- command line


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_prints_the_risk_for_the_municipality(capsys):
    code, out, err = run_cli(
        capsys, "run", "--draws", 2000, "--seed", 8, "--quiet", "--loss-limit", "1_000_000"
    )
    assert code == 0, err
    block = out[out.index("Risk for the municipality") :]
    study = load_study()
    view = investment_risk(study, simulate(study, draws=2000, seed=8), loss_limits=[1e6])
    mean = float(view.per_client["mean"].sel(arm="KR", case="municipality"))
    assert f"€−{-mean:,.0f}" in block.splitlines()[3]
    assert "A year of 3,000 intakes per route" in block
    es = float(view.downside_year["es"].sel(arm="KR", case="municipality", level=0.05))
    assert f"€{es:,.0f}" in block
    p = float(view.downside_year["p_loss"].sel(arm="KR", case="municipality", limit=1e6))
    row = next(
        line for line in block.splitlines() if "P(loss worse than €1,000,000 a year)" in line
    )
    assert f"{100 * p:.1f}%" in row
    assert "Payback: needs a time profile" in block


def test_run_of_the_discounted_set_prints_the_payback_distribution(capsys):
    code, out, err = run_cli(capsys, "run", DISCOUNTED, "--draws", 1000, "--seed", 3)
    assert code == 0, err
    assert "Payback of the municipality (cumulative net cash flow, discounted at 2.25%)" in out
    view = payback(load_study(DISCOUNTED), draws=1000, seed=3)
    cell = view.sel(arm="KR", case="municipality")
    # a share that rounds to 0.0% is shown as the bound "< 0.1%"
    expected = [probability(float(p), math.nan, "en") for p in cell["delta_p_paid_back"].values]
    expected.append(probability(float(cell["delta_p_never"]), math.nan, "en"))
    assert expected[0] == "< 0.1%"
    row = next(line for line in out.splitlines() if "P(paid back) Klantreis − FIG-route" in line)
    assert re.split(r"\s{2,}", row.strip())[-5:] == expected


@pytest.mark.parametrize("limit", ["lots", "inf", "nan"])
def test_a_loss_limit_that_is_not_a_finite_amount_is_bad_input(capsys, limit):
    code, out, err = run_cli(capsys, "run", "--draws", 10, "--loss-limit", limit)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--loss-limit" in err and "finite amount" in err


# --------------------------------------------------------------------------- report


@pytest.mark.parametrize(
    "lang, title, row",
    [
        ("en", "Risk for the municipality: its own business case", "value-at-risk at 5%"),
        ("nl", "Risico voor de gemeente: de eigen business case", "value-at-risk bij 5%"),
    ],
)
def test_the_report_shows_the_municipal_business_case_and_risk_profile(
    default_run, lang, title, row
):
    from mkba_mc.report.common import RunContext, format_mean
    from mkba_mc.report.risk import risk_sections

    (section,) = risk_sections(RunContext(default_run, lang))
    assert section.key == "risk" and section.title == title
    images = {b.key: b for b in section.blocks if hasattr(b, "png")}
    tables = {b.key: b for b in section.blocks if hasattr(b, "rows")}
    assert set(images) == {"risk-profile"} and images["risk-profile"].png[:4] == b"\x89PNG"
    assert set(tables) == {"business-case", "downside", "who-pays"}
    view = investment_risk(load_study(), default_run)
    cell = view.per_client.sel(arm="KR", case="municipality")
    municipal = tables["business-case"].rows[1]
    assert municipal[2] == format_mean(float(cell["mean"]), float(cell["mc_se"]), lang)
    es = view.downside_year.sel(arm="KR", case="municipality", level=0.05)
    var_row = next(r for r in tables["downside"].rows if r[0] == row)
    assert var_row[2] == format_mean(float(es["var"]), float(es["var_se"]), lang)
    texts = " ".join(b.text for b in section.blocks if hasattr(b, "text"))
    assert ("time profile" if lang == "en" else "tijdprofiel") in texts


def test_the_report_of_the_discounted_set_shows_payback():
    from mkba_mc.report.common import RunContext
    from mkba_mc.report.risk import risk_sections

    study = load_study(DISCOUNTED)
    ds = simulate(study, draws=800, seed=6)
    (section,) = risk_sections(RunContext(ds, "en"))
    tables = {b.key: b for b in section.blocks if hasattr(b, "rows")}
    view = payback(study, draws=800, seed=6)
    row = tables["payback"].rows[1]
    assert row[0] == "Klantreis"
    cell = view.sel(arm="KR", case="municipality")
    assert list(row[1:]) == [
        *(probability(float(p), math.nan, "en") for p in cell["p_paid_back"].values),
        probability(float(cell["p_never"]), math.nan, "en"),
    ]
    assert "payback" in {b.key for b in section.blocks if hasattr(b, "png")}


def test_the_view_as_tables_carries_the_same_numbers():
    study = load_study(DISCOUNTED)
    ds = simulate(study, draws=500, seed=2)
    view = investment_risk(study, ds, loss_limits=[2e6])
    tables = view.tables()
    assert set(tables) == {"business_case", "downside", "loss_limits", "cash_flow", "payback"}
    case = tables["business_case"].set_index(["per", "arm", "case"])
    assert case.loc[("year", "KR", "municipality"), "mean"] == float(
        view.per_year["mean"].sel(arm="KR", case="municipality")
    )
    pay = tables["payback"].set_index(["within", "arm", "case"])
    assert pay.loc[(3, "KR", SOCIETAL), "p_paid_back"] == float(
        view.payback["p_paid_back"].sel(within=3, arm="KR", case=SOCIETAL)
    )
    limits = tables["loss_limits"]
    assert set(limits["limit"]) == {2e6} and set(limits["per"]) == {"year"}


def test_a_loss_limit_per_client(capsys):
    code, out, err = run_cli(
        capsys, "run", "--draws", 600, "--seed", 4, "--quiet", "--loss-limit", 1000,
        "--loss-per", "client", "--intakes", 200,
    )  # fmt: skip
    assert code == 0, err
    assert "A year of 200 intakes per route" in out
    study = load_study()
    balance = stakeholder_balances(simulate(study, draws=600, seed=4))
    p = float((balance.sel(stakeholder="municipality", arm="FIG") < -1000).mean())
    row = next(line for line in out.splitlines() if "P(loss worse than €1,000 per client)" in line)
    fig = re.findall(r"(\d+\.\d)% ± \d+\.\d%", row)[0]  # FIG, KR, KR − FIG
    assert fig == f"{100 * p:.1f}"


def test_the_workbook_carries_the_risk_tables(tmp_path):
    """SPEC 4 / issue 12: the Excel workbook holds the investment-risk tables, number for
    number as the API gives them."""
    import openpyxl

    from mkba_mc.report import write_workbook
    from mkba_mc.risk import investment_risk
    from mkba_mc.workbook_risk import RISK_SHEETS, risk_frame

    study = load_study()
    ds = simulate(study, draws=3000, seed=5)
    risk = investment_risk(study, ds)
    (path,) = write_workbook(ds, tmp_path / "t.xlsx", risk=risk)
    book = openpyxl.load_workbook(path)
    for name, table in risk.tables().items():
        table = risk_frame(ds, table, "en")  # the same table, in words
        sheet = book[RISK_SHEETS[name][0]]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == list(table.columns)
        assert len(rows) - 1 == len(table)
        first = table.iloc[0]
        for column, value in zip(table.columns, rows[1], strict=True):
            expected = first[column]
            if isinstance(expected, float) and not np.isfinite(expected):
                assert value is None
            elif isinstance(expected, str):
                assert value == expected
            else:  # an xlsx cell keeps 15 significant digits
                assert value == pytest.approx(float(expected), rel=1e-13)
