"""The bridge from the study's balance to the simulation's mean (SPEC 4)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from test_simulation import closed_form_means

import mkba_mc as mm
from mkba_mc.bridge import STEP_KINDS, bridge
from mkba_mc.cli import main
from mkba_mc.config import embedded_config, parse_study
from mkba_mc.plots._labels import bridge_rows

THREE_ARMS = Path(__file__).parent / "configs" / "three_arms.toml"
FOUR_ARMS = Path(__file__).parent / "configs" / "four_arms.toml"
DRAWS, SEED = 20_000, 3


@pytest.fixture(scope="module")
def default():
    study = mm.load_study()
    return study, bridge(study, mm.simulate(study, draws=DRAWS, seed=SEED))


def levels(table, kind):
    rows = table[table["kind"] == kind]
    return dict(zip(rows["target"], rows["level"], strict=True))


def effects(table, kind):
    rows = table[table["kind"] == kind]
    return dict(zip(rows["target"], rows["effect"], strict=True))


def test_steps_add_up_to_the_simulation_mean(default):
    study, table = default
    ds = mm.simulate(study, draws=DRAWS, seed=SEED)
    mean = ds["balance"].mean("draw")
    for target, rows in table.groupby("target"):
        rows = rows.sort_values("step")
        assert list(rows["kind"]) == sorted(rows["kind"], key=STEP_KINDS.index)
        total = rows["level"].iloc[0] + rows["effect"].iloc[1:-1].sum()
        np.testing.assert_allclose(total, rows["level"].iloc[-1], rtol=0, atol=1e-9)
        arm, _, versus = target.partition("-")
        expected = float(mean.sel(arm=arm)) - (float(mean.sel(arm=versus)) if versus else 0.0)
        np.testing.assert_allclose(rows["level"].iloc[-1], expected, rtol=1e-12)


def test_starts_from_the_published_and_corrected_balances(default):
    """SPEC 2.4: published €−454 / €−231, corrected (all rows) €−440 / €−209 per client."""
    _, table = default
    published, corrected = levels(table, "published"), levels(table, "erratum")
    assert published == {"FIG": -454, "KR": -231, "KR-FIG": 223}
    np.testing.assert_allclose(corrected["FIG"], (25_273 - 35_400) / 23)
    np.testing.assert_allclose(corrected["KR"], (55_025 - 59_829) / 23)
    # The model at the study's values reproduces the corrected balance within a euro.
    study_level = levels(table, "study")
    for target in ("FIG", "KR", "KR-FIG"):
        assert abs(study_level[target] - corrected[target]) < 1.0


def test_the_default_moves_the_mean_only_by_rounding_and_the_prior(default):
    """SPEC 3: no input of the default set has a mean other than the study's value."""
    study, table = default
    assert set(table["kind"]) == {
        "published",
        "erratum",
        "study",
        "rounding",
        "prior",
        "remainder",
        "simulation",
    }
    # After the prior every input is at its mean: the closed-form expected balance.
    at_means = levels(table, "prior")
    for arm in ("FIG", "KR"):
        m = closed_form_means(arm)
        streams = sum(v for k, v in m.items() if k not in ("investment", "share_successful"))
        np.testing.assert_allclose(at_means[arm], streams - m["investment"], rtol=1e-9)
    # What is left is Monte Carlo error: within 4 standard errors of zero.
    remainder = table[table["kind"] == "remainder"]
    assert (remainder["effect"].abs() < 4 * remainder["mc_se"]).all()


def test_rounding_step_is_the_studys_rounding_of_counts_and_percentages():
    """FIG: 8 solved (1 + round(0.85 x 8)) instead of 1 + 6.8, 37.9% instead of 11/29."""
    study = mm.load_study()
    table = bridge(study, mm.simulate(study, draws=2, seed=1))
    before, after = levels(table, "study"), levels(table, "rounding")
    # Only the solved count and the printed shares differ, so the step is the difference
    # of two evaluations of the point config with those inputs changed by hand.
    point_text = parse_study(embedded_config("regioplan2020_point.toml")).text  # resolved
    exact_text = (
        point_text.replace("round = true\n", "")
        .replace("value = 0.379", f"value = {11 / 29!r}")
        .replace("value = 0.435", f"value = {10 / 23!r}")
        .replace("value = 0.241", f"value = {7 / 29!r}")
        .replace("value = 0.174", f"value = {4 / 23!r}")
    )
    point, exact = (mm.replicate(parse_study(t)).table for t in (point_text, exact_text))

    def balance(rep, arm):
        rows = rep[(rep["arm"] == arm) & (rep["item"] == "balance, corrected")]
        return float(rows["model_per_client"].iloc[0])

    for arm in ("FIG", "KR"):
        change = balance(exact, arm) - balance(point, arm)
        # the point config rounds €4,667 and €13,733; the default computes them exactly
        assert abs((after[arm] - before[arm]) - change) < 0.5, arm


def test_an_input_away_from_the_studys_value_is_its_own_step():
    """Months PERT(4, 4, 12) against the study's 4: the step is the closed-form change of
    the shorter-PW stream, successful x share_pw x 0.8 x 14,000 x (16/3 - 4) / 12."""
    text = embedded_config("regioplan2020.toml").replace(
        'dist = "fixed"\nvalue = 4\n',
        'dist = "pert"\nlow = 4\nmode = 4\nhigh = 12\nstudy_value = 4\n',
    )
    study = parse_study(text)
    table = bridge(study, mm.simulate(study, draws=2000, seed=2))
    step = table[table["kind"] == "input"]
    assert set(step["parameter"]) == {"months_earlier_exit"}
    for arm in ("FIG", "KR"):
        m = closed_form_means(arm)
        share_pw = {"FIG": 11.5 / 30, "KR": 10.5 / 24}[arm]
        expected = m["share_successful"] * share_pw * 0.8 * 14_000 * (16 / 3 - 4) / 12
        row = step[step["target"] == arm].iloc[0]
        np.testing.assert_allclose(row["effect"], expected, rtol=1e-9)
        assert row["study_value"] == 4 and math.isclose(row["mean"], 16 / 3)


def test_any_study_with_three_arms():
    study = mm.load_study(THREE_ARMS)
    table = bridge(study, mm.simulate(study, draws=4000, seed=5))
    assert set(table["target"]) == {"REG", "COACH", "AFTER", "COACH-REG", "AFTER-REG"}
    # No published figures: the bridge starts at the study's point estimate.
    assert table["kind"].iloc[0] == "study" and "published" not in set(table["kind"])
    months = table[(table["kind"] == "input") & (table["target"] == "REG")].iloc[0]
    assert months["parameter"] == "months_earlier"
    assert months["study_value"] == 3 and math.isclose(months["mean"], 4.0)
    for arm in ("COACH", "AFTER"):
        diff = table[table["target"] == f"{arm}-REG"].set_index("step")["effect"]
        own = table[table["target"] == arm].set_index("step")["effect"]
        base = table[table["target"] == "REG"].set_index("step")["effect"]
        np.testing.assert_allclose(diff.dropna(), (own - base).dropna(), rtol=1e-12)


def test_cli_prints_the_bridge(capsys):
    assert main(["bridge", str(THREE_ARMS), "--draws", "2000"]) == 0
    out = capsys.readouterr().out
    # No published figures: the bridge starts from the model at the study's values.
    assert "From the model at the study's values" in out and "study's balance" not in out
    assert "months earlier off social assistance: 3 → mean 4" in out
    assert "COACH − REG" in out and "AFTER − REG" in out
    assert "Regioplan" not in out


@pytest.mark.parametrize(
    ("name", "steps"),
    [
        ("literature", {("input", "months_earlier_exit")}),
        ("optimistic", {("input", "months_earlier_exit")}),
        ("noshows", {("input", "noshows_per_client")}),
        ("discounted", {("discounting", "")}),
    ],
)
def test_each_shipped_set_bridges_by_what_it_assumes(name, steps):
    """A set that relaxes one of the study's choices shows that choice as its own step."""
    study = parse_study(embedded_config(f"regioplan2020_{name}.toml"))
    table = bridge(study, mm.simulate(study, draws=200, seed=1))
    extra = table[table["kind"].isin(["input", "discounting"])]
    assert set(zip(extra["kind"], extra["parameter"], strict=True)) == steps
    # and it starts where the default starts: the study's published balance
    assert levels(table, "published") == {"FIG": -454, "KR": -231, "KR-FIG": 223}


def _euros(cell: str) -> int:
    """The whole euros a bridge cell shows (``+€−31 ± 2.0`` -> -31), in either language."""
    shown = cell.split(" ± ")[0].replace("€", "").replace(" ", "").lstrip("+")
    return int(shown.replace("−", "-").replace(",", "").replace(".", ""))


@pytest.mark.parametrize("config", [None, FOUR_ARMS], ids=["default", "four_arms"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_shown_steps_add_up_to_the_shown_totals(config, lang):
    """Each column of the bridge as the console and the report show it: its first level
    plus its shown steps is exactly its shown last level, to the euro."""
    study = mm.load_study(config)
    table = bridge(study, mm.simulate(study, draws=2000, seed=7))
    header, rows = bridge_rows(table, lang, {}, str)
    assert rows[0][0] and rows[-1][0] and not any(ends for ends, _ in rows[1:-1])
    for column in range(1, len(header)):
        shown = [_euros(cells[column]) for _, cells in rows]
        assert shown[0] + sum(shown[1:-1]) == shown[-1], header[column]
        # and each shown level is its level rounded to the euro
        target = table[table["step"] == table["step"].max()].iloc[column - 1]
        assert shown[-1] == round(target["level"])
