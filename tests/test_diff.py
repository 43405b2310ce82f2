"""``mkba-mc diff`` and :func:`mkba_mc.diff.diff_studies`: what differs, and what it moves."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mkba_mc as mm
from mkba_mc.cli import main
from mkba_mc.config import embedded_config, parse_study
from mkba_mc.diff import diff_studies

CONFIGS = Path(__file__).parents[1] / "configs"


def shipped(name: str):
    return parse_study(embedded_config(f"regioplan2020_{name}.toml"), origin=name)


def effect(result, difference: str, arm: str, versus: str = "") -> float:
    table = result.effects
    row = table[
        (table["difference"] == difference) & (table["arm"] == arm) & (table["versus"] == versus)
    ]
    assert len(row) == 1, (difference, arm, versus)
    return float(row["delta_balance"].iloc[0])


def test_noshows_move_each_arm_by_its_closed_form_cost():
    result = diff_studies(mm.load_study(), shipped("noshows"))
    # no-shows per client × hours per no-show × euros per hour, at the means
    fig, kr = 0.3333 * 1.5 * 75, 0.1111 * 1.5 * 75
    assert effect(result, "costs.noshow_contacts", "FIG") == pytest.approx(-fig, rel=1e-12)
    assert effect(result, "costs.noshow_contacts", "KR") == pytest.approx(-kr, rel=1e-12)
    assert effect(result, "all", "KR", "FIG") == pytest.approx(fig - kr, rel=1e-12)
    assert set(result.inputs["input"]) == {
        "noshows_per_client",
        "contact_hours_per_noshow",
        "staff_cost_per_hour",
    }
    staff = result.inputs[result.inputs["input"] == "staff_cost_per_hour"].iloc[0]
    assert staff["dist_a"] == "" and math.isnan(staff["mean_a"])
    assert staff["mean_b"] == 75
    assert staff["low_b"] < 75 < staff["high_b"]


def test_literature_months_against_the_default_closed_form_and_monte_carlo():
    default, literature = mm.load_study(), shipped("literature")
    result = diff_studies(default, literature)
    row = result.inputs.iloc[0]
    assert (row["input"], row["dist_a"], row["dist_b"]) == (
        "months_earlier_exit",
        "fixed 4",
        "PERT(4, 4, 12)",
    )
    # PERT(4, 4, 12) = 4 + 8 Beta(1, 5): mean 16/3, 5% and 95% quantiles from Beta(1, 5)
    assert row["mean_b"] == pytest.approx(16 / 3)
    assert row["low_b"] == pytest.approx(4 + 8 * (1 - 0.95 ** (1 / 5)))
    assert row["high_b"] == pytest.approx(4 + 8 * (1 - 0.05 ** (1 / 5)))
    assert (row["mean_a"], row["low_a"], row["high_a"]) == (4, 4, 4)
    # the stream is linear in the months: the balance moves by a third of its mean
    a = mm.simulate(default, draws=20_000, seed=3)
    b = mm.simulate(literature, draws=20_000, seed=3)
    for arm in ("FIG", "KR"):
        delta = effect(result, "months_earlier_exit", arm)
        assert delta == effect(result, "all", arm)
        paired = (b["balance"] - a["balance"]).sel(arm=arm).values  # common random numbers
        se = paired.std(ddof=1) / math.sqrt(paired.size)
        assert abs(paired.mean() - delta) < 4 * se
        assert delta == pytest.approx(
            float(a["benefit"].sel(stream="shorter_pw", arm=arm).mean()) / 3, rel=0.02
        )
    assert list(result.settings["key"]) == ["study.title", "parameters.months_earlier_exit.source"]


@pytest.mark.parametrize("name", ["pooled", "discounted"])
def test_one_at_a_time_effects_and_interactions_add_up_to_the_whole(name):
    default, other = mm.load_study(), shipped(name)
    result = diff_studies(default, other)
    table = result.effects[result.effects["versus"] == ""]
    parts = table[table["difference"] != "all"].groupby("arm")["delta_balance"].sum()
    whole = table[table["difference"] == "all"].set_index("arm")["delta_balance"]
    pd.testing.assert_series_equal(parts, whole, check_names=False, rtol=1e-9)
    a = mm.simulate(default, draws=20_000, seed=4)
    b = mm.simulate(other, draws=20_000, seed=4)
    for arm in ("FIG", "KR"):
        paired = (b["balance"] - a["balance"]).sel(arm=arm).values
        se = paired.std(ddof=1) / math.sqrt(paired.size)
        assert abs(paired.mean() - whole[arm]) < 4 * se + 1e-9


def test_discounting_timing_is_attributed_to_each_item():
    result = diff_studies(mm.load_study(), shipped("discounted"))
    assert effect(result, "discounting", "KR") == 0  # no item of A has a timing
    assert effect(result, "benefits.shorter_pw", "KR") < 0  # benefits a year later count less
    assert effect(result, "costs.debt_arrangement", "KR") > 0  # later costs count less
    assert "discounting.rate" in set(result.settings["key"])


def test_identical_sets_and_the_cli(tmp_path, capsys):
    same = diff_studies(mm.load_study(), mm.load_study())
    assert same.identical and np.allclose(same.effects["delta_balance"], 0)
    a, b = CONFIGS / "regioplan2020.toml", CONFIGS / "regioplan2020_optimistic.toml"
    assert main(["diff", str(a), str(b), "--csv", str(tmp_path / "d")]) == 0
    out = capsys.readouterr().out
    assert "months_earlier_exit" in out and "Uniform(4, 12): mean 8 [4.4, 11.6]" in out
    effects = pd.read_csv(tmp_path / "d" / "diff-effects.csv", keep_default_na=False)
    assert set(effects["difference"]) == {"months_earlier_exit", "interactions", "all"}
    assert main(["diff", str(a), str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.toml: no such file" in err


MONTHS = "parameters.months_earlier_exit.value"


def test_cli_set_changes_b_and_set_a_changes_a_and_both_are_recorded(tmp_path, capsys):
    """``diff A --set K=V`` is A against A with the override; the months act linearly,
    so 4 -> 6 moves every balance by twice what 4 -> 5 moves it."""
    default = mm.load_study()
    step = diff_studies(default, mm.load_study(None, [f"{MONTHS}=5"]))
    two = diff_studies(default, mm.load_study(None, [f"{MONTHS}=6"]))
    for arm in ("FIG", "KR"):
        assert effect(two, "months_earlier_exit", arm) == pytest.approx(
            2 * effect(step, "months_earlier_exit", arm), rel=1e-12
        )
    a = CONFIGS / "regioplan2020.toml"
    out = tmp_path / "d"
    assert main(["diff", str(a), "--set", f"{MONTHS}=6", "--csv", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"B: {default.title} ({a} --set {MONTHS}=6)" in text
    assert f"A: {default.title} ({a})" in text
    sides = pd.read_csv(out / "diff-configs.csv", keep_default_na=False)
    assert list(sides["side"]) == ["A", "B"] and list(sides["overrides"]) == ["", f"{MONTHS}=6"]
    assert sides["config_hash"].nunique() == 2
    effects = pd.read_csv(out / "diff-effects.csv", keep_default_na=False)
    kr = effects[(effects["difference"] == "all") & (effects["arm"] == "KR")]
    assert float(kr["delta_balance"].iloc[0]) == pytest.approx(effect(two, "all", "KR"))
    # --set-a changes A: B at 6 against A at 5 is the step from 5 to 6
    args = ["diff", str(a), "--set-a", f"{MONTHS}=5", "--set", f"{MONTHS}=6"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert f"A: {default.title} ({a} --set {MONTHS}=5)" in text
    assert f"+€{effect(step, 'months_earlier_exit', 'KR'):,.0f}" in text


@pytest.mark.parametrize(
    ("option", "shown"), [("--set", "--set run.seed"), ("--set-a", "--set-a run.seed")]
)
def test_cli_bad_override_names_its_option(capsys, option, shown):
    assert main(["diff", str(CONFIGS / "regioplan2020.toml"), option, "run.seed=-1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{shown}: must be at least 0" in err
