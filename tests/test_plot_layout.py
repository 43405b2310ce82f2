"""Figures of a four-arm study read on the page: every text inside the saved figure, no
title, axis label or tick label on another, and legends beside the curves they name."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from figure_layout import legends_inside_axes, overlapping_labels, texts_outside  # noqa: E402

from mkba_mc import plots, voi  # noqa: E402
from mkba_mc.config import load_study  # noqa: E402
from mkba_mc.decision import payer  # noqa: E402
from mkba_mc.plots import sensitivity as figures  # noqa: E402
from mkba_mc.plots._axes import wrap  # noqa: E402
from mkba_mc.plots._style import panel_grid  # noqa: E402
from mkba_mc.plots.risk import risk_profile as risk_figure  # noqa: E402
from mkba_mc.plots.sweep import sweep_figure  # noqa: E402
from mkba_mc.risk import risk_profile, year_of_intakes  # noqa: E402
from mkba_mc.sensitivity import sobol, tornado  # noqa: E402
from mkba_mc.simulation import simulate  # noqa: E402
from mkba_mc.sweep import sweep  # noqa: E402

FOUR_ARMS = Path(__file__).parent / "configs" / "four_arms.toml"

RUN_FIGURES = (
    plots.balance_distributions,
    plots.incremental_plane,
    plots.acceptability_curve,
    plots.benefits_by_stream,
    plots.benefits_by_stakeholder,
    plots.convergence,
)


@pytest.fixture(scope="module")
def study():
    return load_study(FOUR_ARMS)


@pytest.fixture(scope="module")
def ds(study):
    return simulate(study, draws=1500, seed=5)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("make", RUN_FIGURES, ids=lambda f: f.__name__)
def test_four_arm_figures_keep_their_text_inside_and_apart(ds, make, lang):
    fig = make(ds, lang)
    assert texts_outside(fig) == []
    assert overlapping_labels(fig) == []


@pytest.mark.parametrize(
    "make",
    (
        plots.acceptability_curve,
        plots.benefits_by_stream,
        plots.benefits_by_stakeholder,
        plots.convergence,
    ),
)
def test_legends_sit_beside_the_bars_and_curves(ds, make):
    assert legends_inside_axes(make(ds, "nl")) == []


def test_risk_profile_legend_and_marker_leave_the_curves_free(study, ds):
    year = year_of_intakes(study, 300, draws=300, seed=9)
    profile = risk_profile(year, payer(ds), per="year")
    arms, names = ds["arm"].values, ds["arm_label"].values
    labels = {str(a): str(label) for a, label in zip(arms, names, strict=True)}
    fig = risk_figure(profile, labels, "gemeente Zwolle", "nl")
    assert texts_outside(fig) == []
    assert overlapping_labels(fig) == []
    assert legends_inside_axes(fig) == []


def test_sensitivity_figures_of_a_long_arm_label_fit(study, ds):
    """``mkba-mc sensitivity --out`` figures: the wrapped titles and axis labels of the arm
    with the longest label stay inside; the EVPPI legend sits below the curves."""
    arm = "coach"  # "Vroegsignalering met wijkcoach"
    drawn = [
        figures.tornado_figure(tornado(study, draws=500, rng=1), arm, lang="nl"),
        figures.sobol_figure(sobol(study, n=64, n_resamples=50, rng=2), arm, lang="nl"),
        figures.evppi_lambda_figure(voi.evppi(ds, (0, 5000, 10000), rng=3), lang="nl"),
    ]
    for fig in drawn:
        assert texts_outside(fig) == []
        assert overlapping_labels(fig) == []
        assert legends_inside_axes(fig) == []


def test_a_tornado_title_wraps_to_the_width_beside_long_input_names(study):
    """Long input names push the axes right; the title above them wraps to the room the
    figure leaves it instead of running past the figure's edge."""
    bars = tornado(study, draws=500, rng=1)
    names = {
        x: f"{x}: een lange naam van een invoer (Vroegsignalering)" for x in bars.table["input"]
    }
    labels = {"coach": "Outreach plus budget coach", "regular": "Regular debt assistance"}
    fig = figures.tornado_figure(bars, "coach", lang="nl", names=names, labels=labels)
    assert texts_outside(fig) == []
    assert overlapping_labels(fig) == []


def test_labels_break_between_words_only():
    """A word longer than the line stays whole (not ``Outre`` / ``ach``)."""
    label = "Lopende kans Vroegsignaleringsbudgetcoachingstraject beter dan Regulier"
    lines = wrap(label, 12).splitlines()
    assert "Vroegsignaleringsbudgetcoachingstraject" in lines
    assert " ".join(lines) == label
    assert wrap("Saldo per route (€ per cliënt)", 12).splitlines()[-1] == "(€ per cliënt)"


def _rows_and_columns(panels) -> tuple[int, int]:
    """How many rows and columns the panels stand in on the figure."""
    boxes = [ax.get_position() for ax in panels]
    return len({round(b.y0, 3) for b in boxes}), len({round(b.x0, 3) for b in boxes})


def test_panels_of_several_arms_wrap_into_rows():
    """One panel per arm against the baseline: a row of one or two, two by two for three
    or four, then rows of three; never a row wider than three."""
    grids = {n: panel_grid(n) for n in range(1, 11)}
    assert [grids[n] for n in (1, 2, 3, 4, 5, 7, 10)] == [
        (1, 1),
        (1, 2),
        (2, 2),
        (2, 2),
        (2, 3),
        (3, 3),
        (4, 3),
    ]
    for n, (rows, columns) in grids.items():
        assert columns <= 3 and (rows - 1) * columns < n <= rows * columns
    with pytest.raises(ValueError, match="at least one panel"):
        panel_grid(0)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_planes_of_four_arms_stand_two_by_two(ds, lang):
    fig = plots.incremental_plane(ds, lang)
    panels = fig.axes
    assert len(panels) == 3  # early, coach and online against regular; the fourth cell empty
    assert _rows_and_columns(panels) == (2, 2)
    assert fig.get_figwidth() <= 2 * 5.6  # as wide as two planes, not three
    assert texts_outside(fig) == []
    assert overlapping_labels(fig) == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_convergence_axis_of_several_routes_names_none_of_them(ds, lang):
    """Three routes against the baseline: the legend names each; the axis label says what
    is drawn in a few lines instead of listing them all."""
    top = plots.convergence(ds, lang).axes[0]
    ylabel = top.get_ylabel()
    assert len(ylabel.splitlines()) <= 2
    base = {"en": "Regular counselling", "nl": "Reguliere schuldhulp"}[lang]
    assert base in " ".join(ylabel.split()) and "Vroegsignalering" not in ylabel
    assert "Early signalling" not in ylabel


def test_a_sweep_over_a_later_arms_input_shows_every_arm():
    """Two keys over a four-arm study: a heatmap per non-baseline arm, each its own arm's
    probabilities; the online route's counselling cost moves only the online panel."""
    online_cost = "parameters.counselling_cost.arms.online.mean"
    early_cost = "parameters.counselling_cost.arms.early.mean"
    grid = {online_cost: [200, 800], early_cost: [300, 900]}
    swept = sweep(FOUR_ARMS, grid, draws=400)
    for lang in ("en", "nl"):
        fig = sweep_figure(swept, lang=lang)
        panels = [ax for ax in fig.axes if ax.get_images() and ax.get_xticks().size]
        assert len(panels) == 3
        assert _rows_and_columns(panels) == (2, 2)
        for ax, arm in zip(panels, ("early", "coach", "online"), strict=True):
            p = swept["p_beats"].sel(arm=arm).transpose(online_cost, early_cost).values
            np.testing.assert_array_equal(ax.get_images()[0].get_array(), 100 * p)
        assert texts_outside(fig) == []
        assert overlapping_labels(fig) == []
    online = swept["p_beats"].sel(arm="online")
    assert (online.sel({online_cost: 200}) > online.sel({online_cost: 800})).all()
    np.testing.assert_array_equal(online.sel({early_cost: 300}), online.sel({early_cost: 900}))
