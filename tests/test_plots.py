"""Figures: each draws the run's numbers, in English and Dutch, without pyplot."""

from __future__ import annotations

import io
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mkba_mc import decision as dq  # noqa: E402
from mkba_mc import plots  # noqa: E402
from mkba_mc.config import load_study  # noqa: E402
from mkba_mc.plots._labels import money, number, percent  # noqa: E402
from mkba_mc.simulation import simulate  # noqa: E402

FIGURES = (
    plots.balance_distributions,
    plots.incremental_plane,
    plots.acceptability_curve,
    plots.benefits_by_stream,
    plots.benefits_by_stakeholder,
    plots.convergence,
)


@pytest.fixture(scope="module")
def ds():
    return simulate(load_study(), draws=3000, seed=5)


def _p_beats(ds) -> float:
    return float((ds["balance"].sel(arm="KR") > ds["balance"].sel(arm="FIG")).mean())


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("make", FIGURES, ids=lambda f: f.__name__)
def test_every_figure_has_labelled_axes_and_saves(ds, make, lang):
    fig = make(ds, lang)
    assert isinstance(fig, Figure)
    labels = [label for ax in fig.axes for label in (ax.get_xlabel(), ax.get_ylabel()) if label]
    assert any(ax.get_xlabel() for ax in fig.axes)
    assert any("€ per client" in label or "€ per cliënt" in label for label in labels), labels
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60)
    assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_labels_follow_the_language(ds):
    en = plots.balance_distributions(ds, "en")
    nl = plots.balance_distributions(ds, "nl")
    assert en.axes[0].get_xlabel() == "Balance: benefits − investment (€ per client)"
    assert nl.axes[0].get_xlabel() == "Saldo: baten − investering (€ per cliënt)"
    nl.canvas.draw()
    ticks = [t.get_text() for t in nl.axes[0].get_xticklabels() if t.get_text()]
    assert any(t.startswith("€ ") and "." in t for t in ticks), ticks  # € 1.000, Dutch style
    streams = plots.benefits_by_stream(ds, "nl")
    assert "kortere bijstandsduur (PW)" in [t.get_text() for t in streams.axes[0].get_yticklabels()]
    holders = plots.benefits_by_stakeholder(ds, "nl")
    assert "Gemeente" in [t.get_text() for t in holders.axes[0].get_yticklabels()]


def test_bad_language_is_refused(ds):
    with pytest.raises(ValueError, match="lang must be one of en, nl"):
        plots.balance_distributions(ds, "de")


def test_difference_panel_states_p_kr_beats_fig(ds):
    """Small multiples: one panel per arm (mean, P(balance > 0)), one per difference."""
    fig = plots.balance_distributions(ds, "en")
    kr, diff = fig.axes[1], fig.axes[3]
    assert diff.get_title() == (
        f"Klantreis against FIG-route\nP(beats) = {percent(_p_beats(ds), 'en')}"
    )
    balance = ds["balance"].sel(arm="KR").values
    assert kr.get_title() == (
        f"Klantreis\nmean {money(float(balance.mean()), 'en')} · "
        f"P(balance > 0) = {percent(float((balance > 0).mean()), 'en')}"
    )
    assert not fig.axes[2].get_visible()  # the baseline has no difference with itself


def test_incremental_plane_quadrants_are_the_runs_shares(ds):
    fig = plots.incremental_plane(ds, "en")
    ax = fig.axes[0]
    dx = (ds["investment"].sel(arm="KR") - ds["investment"].sel(arm="FIG")).values
    dy = (ds["total_benefit"].sel(arm="KR") - ds["total_benefit"].sel(arm="FIG")).values
    texts = {t.get_text().split("\n")[0]: t.get_text().split("\n")[1] for t in ax.texts}
    assert texts["costs more, gains more"] == percent(float(((dx > 0) & (dy > 0)).mean()), "en")
    assert texts["costs less, gains less"] == percent(float(((dx <= 0) & (dy <= 0)).mean()), "en")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # Above the break-even line is exactly P(KR beats FIG).
    assert f"above the line: Klantreis beats FIG-route ({percent(_p_beats(ds), 'en')})" in legend
    assert len(ax.collections[0].get_offsets()) == min(plots.decision.MAX_POINTS, ds.sizes["draw"])


def test_acceptability_curve_draws_the_decision_curve(ds):
    fig = plots.acceptability_curve(ds, "en", wtp=[0, 1000, 5000, 20000])
    curve = dq.acceptability_curve(ds, [0, 1000, 5000, 20000])
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    np.testing.assert_allclose(lines["Klantreis"].get_ydata(), curve["p_preferred"].sel(arm="KR"))
    np.testing.assert_allclose(lines["FIG-route"].get_xdata(), [0, 1000, 5000, 20000])


def test_break_even_line_is_drawn_when_the_curves_cross(ds):
    # Make the Klantreis' balance lower, so a positive value λ is needed to prefer it.
    shifted = ds.copy()
    shifted["balance"] = ds["balance"] - xr_offset(ds, 600.0)
    value = float(dq.break_even_wtp(shifted).sel(arm="KR"))
    assert dq.break_even_wtp(shifted)["status"].sel(arm="KR").item() == "above"
    fig = plots.acceptability_curve(shifted, "en")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert f"break-even λ = {money(value, 'en')}" in labels


def xr_offset(ds, amount: float):
    """``amount`` for the Klantreis, 0 for the FIG-route, as a DataArray over ``arm``."""
    return ds["arm"].copy(data=np.where(ds["arm"].values == "KR", amount, 0.0))


def test_benefit_bars_are_the_means_with_5_95_whiskers(ds):
    fig = plots.benefits_by_stream(ds, "en")
    bars = [c for c in fig.axes[0].containers if isinstance(c, BarContainer)]
    for container, arm in zip(bars, ["FIG", "KR"], strict=True):
        widths = [r.get_width() for r in container]
        np.testing.assert_allclose(widths, ds["benefit"].sel(arm=arm).mean("draw").values)
    holders = plots.benefits_by_stakeholder(ds, "en")
    bars = [c for c in holders.axes[0].containers if isinstance(c, BarContainer)]
    expected = dq.stakeholder_benefits(ds)["mean"].sel(arm="KR").values
    np.testing.assert_allclose([r.get_width() for r in bars[1]], expected)
    share = float(dq.stakeholder_benefits(ds)["share"].sel(arm="KR", stakeholder="municipality"))
    assert f"  {percent(share, 'en', 0)}" in [t.get_text() for t in holders.axes[0].texts]


def test_convergence_draws_the_running_estimates(ds):
    conv = dq.convergence(ds)
    fig = plots.convergence(ds, "en", result=conv)
    top, bottom = fig.axes
    line = next(li for li in top.get_lines() if li.get_label() == "Klantreis")
    shown = conv["n_draws"].values >= max(1, ds.sizes["draw"] // 1000)
    np.testing.assert_allclose(
        line.get_ydata(), conv["p_beats_baseline"].sel(arm="KR").values[shown]
    )
    stable = int(conv["p_stable_after"].sel(arm="KR"))
    labels = [li.get_label() for li in top.get_lines()]
    assert any(f"stable after {number(stable, 'en')} draws" in label for label in labels) or any(
        "not yet stable" in label for label in labels
    )


def test_assumption_sets_show_each_sets_means_and_probabilities():
    rows = []
    for name, shift in (("base", 0.0), ("optimistic", 500.0)):
        for arm, mean in (("FIG", -240.0), ("KR", 150.0)):
            rows.append(
                {
                    "set": name,
                    "arm": arm,
                    "versus": "",
                    "measure": "balance",
                    "mean": mean + shift,
                    "q05": mean + shift - 800,
                    "q95": mean + shift + 900,
                    "p_positive": 0.3,
                    "p_positive_se": 0.01,
                }
            )
        rows.append(
            {
                "set": name,
                "arm": "KR",
                "versus": "FIG",
                "measure": "balance",
                "mean": 390.0,
                "q05": -1200.0,
                "q95": 2200.0,
                "p_positive": 0.63 + shift / 5000,
                "p_positive_se": 0.005,
            }
        )
    table = pd.DataFrame(rows)
    fig = plots.assumption_sets(table, "nl", {"FIG": "FIG-route", "KR": "Klantreis"})
    left, right = fig.axes
    bars = [c for c in left.containers if isinstance(c, ErrorbarContainer)]
    np.testing.assert_allclose(bars[1].lines[0].get_xdata(), [150.0, 650.0])
    assert [t.get_text() for t in right.texts] == ["63,0%", "73,0%"]
    assert [t.get_text() for t in left.get_yticklabels()] == ["base", "optimistic"]
    assert "FIG-route" in right.get_xlabel()
    with pytest.raises(ValueError, match="lacks the columns"):
        plots.assumption_sets(table.drop(columns="q05"))


def test_a_dollar_sign_in_a_label_is_text_not_tex():
    """A config's label is shown as written: "$\\frac$" neither fails to parse nor turns
    "$\\alpha$" into a Greek letter."""
    from mkba_mc.plots._style import new_figure, style

    with style():
        fig, ax = new_figure()
        ax.set_title("huur $\\frac$ b")
        ax.set_xlabel("kosten $\\alpha$ in $")
    fig.savefig(io.BytesIO(), format="png")  # mathtext would raise on the bare \\frac
    assert ax.get_xaxis().label.get_text() == "kosten $\\alpha$ in $"
    assert not ax.title.get_parse_math()


def test_the_core_never_imports_matplotlib():
    code = (
        "import sys, mkba_mc, mkba_mc.cli; "
        "assert 'matplotlib' not in sys.modules, 'core imported matplotlib'; "
        "import mkba_mc.report; "
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
