"""Relative-effect arms and per-arm inputs that take another arm's draw.

A three-arm config (FIG, KR and a hypothetical KRplus stated relative to KR) is built
from the default with ``extends``; the expectations are closed forms of the renormalised
odds-ratio and risk-ratio shares.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import mkba_mc as mm
from mkba_mc.config import ConfigError, load_study
from mkba_mc.model import relative_shares
from mkba_mc.sensitivity import run_inputs, study_inputs

AFTERCARE = Path(__file__).parent / "data" / "aftercare.toml"
DRAWS = 20_000

#: fixed KR outcome shares: the dossier shares, settlement success 0.85, not rounded
FIXED = """
remove = ["outcomes.prior"]
[outcomes]
shares = "fixed"
resolve.in_settlement.round = false
[parameters.settlement_success]
source = "fixed for a closed form"
dist = "fixed"
value = 0.85
"""


def study_with(tmp_path: Path, extra: str = "", effect: str = "") -> mm.spec.Study:
    text = AFTERCARE.read_text("utf-8")
    if effect:
        text = text.replace(
            'effect = { group = "successful", odds_ratio = "aftercare_odds_ratio" }', effect
        )
    path = tmp_path / "three.toml"
    path.write_text(text.replace("[arms.KRplus]", extra + "\n[arms.KRplus]", 1), "utf-8")
    (tmp_path / "aftercare.toml").write_text(text, "utf-8")
    return load_study(path)


def test_relative_shares_closed_forms():
    shares = {"a": np.array([0.2, 0.5]), "b": np.array([0.3, 0.0]), "c": np.array([0.5, 0.5])}
    odds = relative_shares(shares, ("a", "b"), np.array([2.0, 3.0]), "odds_ratio")
    # p = 0.5 -> 2 * 0.5 / (0.5 + 1) = 2/3; p = 0.5 -> 3 * 0.5 / (0.5 + 1.5) = 3/4
    np.testing.assert_allclose(odds["a"] + odds["b"], [2 / 3, 3 / 4])
    assert odds["a"][0] / odds["b"][0] == pytest.approx(0.2 / 0.3)  # the group keeps its mix
    np.testing.assert_allclose(sum(odds.values()), 1.0)
    risk = relative_shares(shares, ("a",), np.array([2.0, 3.0]), "risk_ratio")
    np.testing.assert_allclose(risk["a"], [0.4, 1.0])  # 3 x 0.5 is capped at 1
    np.testing.assert_allclose(sum(risk.values()), 1.0)
    assert risk["b"][0] / risk["c"][0] == pytest.approx(0.3 / 0.5)  # others keep their mix
    assert risk["b"][1] == risk["c"][1] == 0  # and vanish when the group takes every client


def test_three_arm_odds_ratio_draw_by_draw():
    study = load_study(AFTERCARE)
    assert study.arm_names == ("FIG", "KR", "KRplus")
    assert study.arm("KRplus").dossiers == study.arm("KR").dossiers
    ds = mm.simulate(study, draws=DRAWS, seed=2)
    p = ds["share_successful"].sel(arm="KR").values
    r = ds["param_aftercare_odds_ratio"].values
    np.testing.assert_allclose(
        ds["share_successful"].sel(arm="KRplus").values, r * p / (1 - p + r * p), rtol=1e-12
    )
    # the same clients: every per-arm input is KR's draw ...
    for name in ("share_pw", "share_work", "intake_cost", "outcome_shares"):
        values = ds[f"param_{name}"]
        np.testing.assert_array_equal(values.sel(arm="KRplus"), values.sel(arm="KR"))
    # ... so a stream on successful clients moves by exactly the ratio of success shares
    stream = ds["benefit"].sel(stream="shorter_pw")
    np.testing.assert_allclose(
        stream.sel(arm="KRplus") / stream.sel(arm="KR"),
        ds["share_successful"].sel(arm="KRplus") / ds["share_successful"].sel(arm="KR"),
        rtol=1e-12,
    )
    intake = ds["cost"].sel(component="intake")
    # all clients: the renormalised shares add up to 1 (to the last bit or so)
    np.testing.assert_allclose(intake.sel(arm="KRplus"), intake.sel(arm="KR"), rtol=1e-14)
    inputs = {i.label for i in study_inputs(study)}
    assert "share_pw [KR]" in inputs and "share_pw [KRplus]" not in inputs
    ranked = {i.label for i, _ in run_inputs(ds)}
    assert "share_pw [KR]" in ranked and "share_pw [KRplus]" not in ranked
    assert "outcome_shares [KRplus]" not in ranked and "aftercare_odds_ratio" in ranked


@pytest.mark.parametrize("cohort", ["expected", 40])
# the risk ratio replaces the odds ratio, which the extended set still defines (issue 7)
@pytest.mark.filterwarnings("ignore::mkba_mc.config.UnusedParameterWarning")
def test_three_arm_risk_ratio_mean_is_closed_form(tmp_path, cohort):
    effect = 'effect = { group = "successful", risk_ratio = "aftercare_risk_ratio" }'
    extra = (
        FIXED
        + '[parameters.aftercare_risk_ratio]\nunit = "risk ratio"\nsource = "test"\n'
        + 'dist = "uniform"\nlow = 1.0\nhigh = 1.2\n'
    )
    study = study_with(tmp_path, extra, effect)
    ds = mm.simulate(study, draws=DRAWS, seed=3, cohort=cohort)
    # KR: 3 solved + 7 stabilised + 0.85 x 5 in settlement, of 23; E[RR] = 1.1 and
    # 1.2 p < 1, so no draw is capped: E[p'] = 1.1 p
    p = (3 + 7 + 0.85 * 5) / 23
    success = ds["share_successful"].sel(arm="KRplus").values
    se = max(success.std(ddof=1), 1e-12) / math.sqrt(DRAWS)
    assert abs(success.mean() - 1.1 * p) < 4 * se
    if cohort == "expected":
        np.testing.assert_allclose(ds["share_successful"].sel(arm="KR"), p, rtol=1e-12)
        np.testing.assert_allclose(success, ds["param_aftercare_risk_ratio"] * p, rtol=1e-12)


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        ('effect = { odds_ratio = "nope" }', "'nope' is not a shared scalar parameter"),
        ('effect = { group = "nobody", odds_ratio = "aftercare_odds_ratio" }', "is not a group"),
        ("effect = { }", "needs exactly one of odds_ratio and risk_ratio"),
    ],
)
def test_bad_effects_are_one_line_errors(tmp_path, effect, message):
    with pytest.raises(ConfigError, match=message):
        study_with(tmp_path, effect=effect)


def test_bad_references_are_one_line_errors(tmp_path):
    path = tmp_path / "bad.toml"
    text = AFTERCARE.read_text("utf-8")
    path.write_text(text.replace('relative_to = "KR"', 'relative_to = "XX"'), "utf-8")
    with pytest.raises(ConfigError, match=r"arms.KRplus.relative_to: 'XX' is not an arm"):
        load_study(path)
    path.write_text(
        text.replace(
            'share_pw.arms.KRplus = { same_as = "KR" }',
            'share_pw.arms.KRplus = { same_as = "KRplus" }',
        ),
        "utf-8",
    )
    with pytest.raises(ConfigError, match=r"share_pw.arms.KRplus.same_as: 'KRplus' is not"):
        load_study(path)
