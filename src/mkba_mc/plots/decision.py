"""Figures of a run's answer: distributions, the incremental plane, the acceptability curve,
benefits per stream and per stakeholder, and convergence (assumption sets compared:
:mod:`.sets`; the bridge: :mod:`.bridge`).

Every function takes a run's :class:`xarray.Dataset` (:func:`mkba_mc.simulate`, or one
opened from ``results.nc``) or an analysis result, and a language (``"en"`` or ``"nl"``),
and returns a :class:`matplotlib.figure.Figure`; saving it is the caller's choice. Money is
in euros per client of the arm. Colours come from the Okabe & Ito palette and every arm
also has its own line style, so the figures read in greyscale print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import decision as dq
from ._axes import GREY, LINESTYLES, euro_axis, percent_axis, run_arms, wrap
from ._labels import (
    Lang,
    arm_label,
    check_lang,
    money,
    number,
    percent,
    stakeholder_label,
    stream_label,
    term,
)
from ._style import arm_colours, new_figure, panel_grid, style

__all__ = [
    "acceptability_curve",
    "balance_distributions",
    "benefits_by_stakeholder",
    "benefits_by_stream",
    "convergence",
    "incremental_plane",
]

MAX_POINTS = 3000
"""Draws drawn as points in the incremental plane (all draws count in its probabilities)."""

_TITLE_WRAP = 48
"""Characters per line of a panel's title, so that titles of neighbouring panels stay apart."""

_AXIS_WRAP = 52
"""Characters per line of an axis label of a panel."""

_YLABEL_WRAP = 40
"""Characters per line of a y-axis label of one of two stacked panels."""

_LEGEND_WRAP = 34
"""Characters per line of a legend entry beside the axes."""


# --------------------------------------------------------------------------- helpers


def _nice_width(span: float, bins: int) -> float:
    """A bin width of 1, 2 or 5 times a power of ten giving about ``bins`` bins."""
    raw = max(span, 1e-9) / bins
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _edges(values: Sequence[np.ndarray], bins: int = 50) -> np.ndarray:
    """Common histogram edges over the central 99% of all ``values``, with 0 as an edge."""
    lows = [np.quantile(v, 0.005) for v in values]
    highs = [np.quantile(v, 0.995) for v in values]
    lo, hi = min(lows), max(highs)
    width = _nice_width(hi - lo, bins)
    return width * np.arange(math.floor(lo / width), math.ceil(hi / width) + 1)


def _limits(x: np.ndarray) -> tuple[float, float]:
    """Axis limits over the central 99.8% of ``x``, always including 0, with a margin."""
    lo = min(float(np.quantile(x, 0.001)), 0.0)
    hi = max(float(np.quantile(x, 0.999)), 0.0)
    pad = 0.05 * (hi - lo) or 1.0
    return lo - pad, hi + pad


def _shares(x: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Share of all draws (not only those shown) falling in each bin."""
    counts, _ = np.histogram(x, bins=edges)
    return counts / x.size


# --------------------------------------------------------------------------- distributions


def balance_distributions(ds: xr.Dataset, lang: Lang = "en") -> Figure:
    """The balance per client of each arm, and of each arm minus the baseline, as small
    multiples: one panel per arm (top row, a common scale) and one per arm against the
    baseline (bottom row, a common scale), so that no two histograms overlap.

    Each top panel shows the balance (benefits − investment, euros per client) with its
    mean and the break-even line at 0; each bottom panel the difference in balance against
    the baseline, the bins where the arm beats the baseline filled, and P(arm beats
    baseline) in its title. Histograms show the central 99% of draws; their heights are
    shares of all draws.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    lang
        ``"en"`` or ``"nl"``.
    """
    lang = check_lang(lang)
    baseline, arms, others = run_arms(ds)
    colours = arm_colours(arms)
    balance = {a: np.asarray(ds["balance"].sel(arm=a).values, dtype=float) for a in arms}
    diffs = {a: balance[a] - balance[baseline] for a in others}
    columns = len(arms)
    base_label = arm_label(ds, baseline, lang)
    with style():
        fig, axes = new_figure(3.4 * columns + 0.6, 6.2, nrows=2, ncols=columns, squeeze=False)
        edges = _edges(list(balance.values()))
        width = edges[1] - edges[0]
        top = axes[0]
        for i, arm in enumerate(arms):
            ax = top[i]
            shares = _shares(balance[arm], edges)
            ax.stairs(shares, edges, fill=True, color=colours[arm], alpha=0.35, linewidth=0)
            ax.stairs(shares, edges, color=colours[arm], linewidth=1.4)
            mean = balance[arm].mean()
            ax.axvline(mean, color=colours[arm], linestyle="--", linewidth=1.2)
            ax.axvline(0, color="black", linewidth=1.2)
            positive = percent(float((balance[arm] > 0).mean()), lang)
            ax.set_title(
                f"{arm_label(ds, arm, lang)}\n{term('mean', lang)} {money(mean, lang)} · "
                f"{term('p_positive_short', lang, p=positive)}",
                fontsize=9,
            )
            ax.set_xlabel(term("balance_axis", lang), fontsize=8)
            ax.set_xlim(edges[0], edges[-1])
        top[0].set_ylabel(term("share_of_draws", lang, width=number(width, lang)), fontsize=8)
        edges = _edges(list(diffs.values())) if diffs else edges
        width = edges[1] - edges[0]
        bottom = [ax for j, ax in enumerate(axes[1]) if arms[j] != baseline]
        for j, arm in enumerate(arms):
            if arm == baseline:
                axes[1][j].set_visible(False)
        for ax, arm in zip(bottom, others, strict=False):
            shares = _shares(diffs[arm], edges)
            wins = edges[:-1] >= 0
            ax.stairs(
                np.where(wins, shares, 0), edges, fill=True, color=colours[arm], alpha=0.5, lw=0
            )
            ax.stairs(np.where(wins, 0, shares), edges, fill=True, color=GREY, alpha=0.3, lw=0)
            ax.stairs(shares, edges, color=colours[arm], linewidth=1.4)
            ax.axvline(0, color="black", linewidth=1.2)
            p = float((diffs[arm] > 0).mean())
            title = term(
                "difference_title", lang, arm=arm_label(ds, arm, lang), baseline=base_label
            )
            ax.set_title(
                wrap(title, 44) + "\n" + term("p_beats_tiny", lang, p=percent(p, lang)),
                fontsize=9,
            )
            ax.set_xlabel(term("difference_axis_short", lang), fontsize=8)
            ax.set_xlim(edges[0], edges[-1])
            ax.set_ylabel(term("share_of_draws", lang, width=number(width, lang)), fontsize=8)
        for ax in [*top, *bottom]:
            euro_axis(ax.xaxis, lang)
            ax.xaxis.set_major_locator(MaxNLocator(4))
            percent_axis(ax.yaxis, lang)
            ax.set_ylim(bottom=0)
            ax.tick_params(labelsize=8)
    return fig


# --------------------------------------------------------------------------- incremental plane


def incremental_plane(ds: xr.Dataset, lang: Lang = "en", max_points: int = MAX_POINTS) -> Figure:
    """Δ investment (x) against Δ benefits (y) of each arm against the baseline.

    One panel per non-baseline arm, wrapped into rows (:func:`panel_grid`: two by two for
    three or four, rows of three beyond) so that the figure stays as wide as a page
    whatever the number of arms. Each point is a draw (the first ``max_points``; draws
    are independent, so these are a random sample); the diagonal is the break-even line
    Δ benefits = Δ investment, above which the arm has the higher balance. The share of
    all draws in each quadrant and above the line is written in the panel.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    lang
        ``"en"`` or ``"nl"``.
    max_points
        How many draws to draw as points.
    """
    lang = check_lang(lang)
    if max_points < 1:
        raise ValueError(f"max_points must be positive, got {max_points}")
    baseline, arms, others = run_arms(ds)
    colours = arm_colours(arms)
    base_label = arm_label(ds, baseline, lang)
    with style():
        rows, columns = panel_grid(len(others))
        fig, axes = new_figure(5.6 * columns, 6.0 * rows, nrows=rows, ncols=columns, squeeze=False)
        for ax in axes.flat[len(others) :]:  # an odd panel out leaves its cell empty
            ax.remove()
        for ax, arm in zip(axes.flat, others, strict=False):
            dx = np.asarray(
                (ds["investment"].sel(arm=arm) - ds["investment"].sel(arm=baseline)).values
            )
            dy = np.asarray(
                (ds["total_benefit"].sel(arm=arm) - ds["total_benefit"].sel(arm=baseline)).values
            )
            name = arm_label(ds, arm, lang)
            _plane_panel(ax, dx, dy, name, base_label, colours[arm], max_points, lang)
    return fig


def _plane_panel(
    ax,
    dx: np.ndarray,
    dy: np.ndarray,
    name: str,
    base_label: str,
    colour: str,
    max_points: int,
    lang: Lang,
) -> None:
    """One arm's plane: the first ``max_points`` draws, the break-even line and the share of
    all draws above it, and the share in each quadrant."""
    shown = min(max_points, dx.size)
    ax.scatter(
        dx[:shown],
        dy[:shown],
        s=6,
        alpha=0.45,
        color=colour,
        linewidths=0,
        rasterized=True,
    )
    xlim = _limits(dx)
    ylim = _limits(dy)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(0, color="black", linewidth=0.8)
    p_above = float((dy > dx).mean())
    ax.axline(
        (0, 0),
        slope=1,
        color="black",
        linestyle="--",
        linewidth=1.4,
        label=term("break_even_line", lang),
    )
    line = np.linspace(*xlim, 200)
    ax.fill_between(
        line,
        np.clip(line, *ylim),
        ylim[1],
        color=colour,
        alpha=0.08,
        linewidth=0,
        label=wrap(
            term("above_line", lang, arm=name, baseline=base_label, p=percent(p_above, lang)),
            _AXIS_WRAP,
        ),
    )
    _quadrants(ax, dx, dy, lang)
    d_investment = term("d_investment_axis", lang, arm=name, baseline=base_label)
    ax.set_xlabel(wrap(d_investment, _AXIS_WRAP))
    d_benefit = term("d_benefit_axis", lang, arm=name, baseline=base_label)
    ax.set_ylabel(wrap(d_benefit, _YLABEL_WRAP))
    title = term("plane_title", lang, arm=name, baseline=base_label)
    ax.set_title(wrap(title, _TITLE_WRAP))
    euro_axis(ax.xaxis, lang)
    euro_axis(ax.yaxis, lang)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(6))
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(0.0, -0.17),
        fontsize=9,
        title=term("draws_shown", lang, shown=number(shown, lang), total=number(dx.size, lang)),
        title_fontsize=8,
    )


def _quadrants(ax, dx: np.ndarray, dy: np.ndarray, lang: Lang) -> None:
    """The share of all draws in each quadrant of the plane, in its corner."""
    quadrants = (
        ((dx > 0) & (dy > 0), "q_more_cost_more_benefit", (0.98, 0.98), "right", "top"),
        ((dx <= 0) & (dy > 0), "q_less_cost_more_benefit", (0.02, 0.98), "left", "top"),
        ((dx > 0) & (dy <= 0), "q_more_cost_less_benefit", (0.98, 0.02), "right", "bottom"),
        ((dx <= 0) & (dy <= 0), "q_less_cost_less_benefit", (0.02, 0.02), "left", "bottom"),
    )
    for mask, key, (x, y), ha, va in quadrants:
        ax.text(
            x,
            y,
            f"{term(key, lang)}\n{percent(float(mask.mean()), lang)}",
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.6},
        )


# --------------------------------------------------------------------------- acceptability


def acceptability_curve(
    ds: xr.Dataset, lang: Lang = "en", wtp=None, result: xr.Dataset | None = None
) -> Figure:
    """P(each arm is preferred) against the value λ of a successful client.

    Net benefit = balance + λ × share of successful clients
    (:func:`mkba_mc.decision.acceptability_curve`); the band is ± 1.96 Monte Carlo
    standard errors, the dashed vertical line the break-even λ of the expected values
    (:func:`mkba_mc.decision.break_even_wtp`) where the arms' expected net benefits
    cross inside the range (not when an arm is ahead at every λ).

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    lang
        ``"en"`` or ``"nl"``.
    wtp
        Values λ (euros per extra successful client); default
        :data:`mkba_mc.decision.DEFAULT_WTP`.
    result
        A precomputed :func:`mkba_mc.decision.acceptability_curve` of ``ds`` (then ``wtp``
        is not used).
    """
    lang = check_lang(lang)
    baseline, arms, others = run_arms(ds)
    colours = arm_colours(arms)
    curve = dq.acceptability_curve(ds, wtp) if result is None else result
    break_even = dq.break_even_wtp(ds)
    grid = curve["wtp"].values
    with style():
        fig, ax = new_figure(9.0, 4.2)
        for i, arm in enumerate(arms):
            p = curve["p_preferred"].sel(arm=arm).values
            se = curve["p_preferred_se"].sel(arm=arm).values
            ax.fill_between(
                grid,
                np.clip(p - 1.96 * se, 0, 1),
                np.clip(p + 1.96 * se, 0, 1),
                color=colours[arm],
                alpha=0.2,
                linewidth=0,
            )
            ax.plot(
                grid,
                p,
                color=colours[arm],
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                linewidth=2,
                label=wrap(arm_label(ds, arm, lang), _LEGEND_WRAP),
            )
        for arm in others:
            value = float(break_even.sel(arm=arm))
            crosses = str(break_even["status"].sel(arm=arm).item()) in ("above", "below")
            if crosses and grid[0] <= value <= grid[-1]:
                ax.axvline(
                    value,
                    color=colours[arm],
                    linestyle="--",
                    linewidth=1,
                    label=term("break_even_wtp", lang, value=money(value, lang)),
                )
        ax.axhline(0.5, color=GREY, linewidth=0.8)
        ax.set_ylim(0, 1)
        ax.set_xlim(grid[0], grid[-1])
        percent_axis(ax.yaxis, lang)
        euro_axis(ax.xaxis, lang)
        ax.set_xlabel(wrap(term("wtp_axis", lang), _AXIS_WRAP))
        ax.set_ylabel(term("p_preferred_axis", lang))
        ax.set_title(term("acceptability_title", lang))
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9)
    return fig


# --------------------------------------------------------------------------- benefits


def _interval_bars(
    ax,
    items: list[str],
    labels: list[str],
    arms: list[str],
    ds: xr.Dataset,
    stats: dict[str, dict[str, np.ndarray]],
    lang: Lang,
) -> None:
    """Horizontal bars of the mean per item and arm, with 5–95% whiskers."""
    colours = arm_colours(arms)
    height = 0.8 / len(arms)
    y = np.arange(len(items))
    for i, arm in enumerate(arms):
        s = stats[arm]
        offset = y - 0.4 + height * (i + 0.5)
        errors = np.vstack(
            [np.maximum(s["mean"] - s["q05"], 0), np.maximum(s["q95"] - s["mean"], 0)]
        )
        ax.barh(
            offset,
            s["mean"],
            height=height,
            color=colours[arm],
            alpha=0.85,
            hatch=("", "//", "..", "xx")[i % 4],
            edgecolor="white",
            label=wrap(arm_label(ds, arm, lang), _LEGEND_WRAP),
        )
        ax.errorbar(
            s["mean"], offset, xerr=errors, fmt="none", ecolor="black", elinewidth=1, capsize=2.5
        )
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    euro_axis(ax.xaxis, lang)
    ax.set_xlabel(term("benefit_axis", lang))
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize=9,
    )
    ax.grid(axis="y", visible=False)


def benefits_by_stream(ds: xr.Dataset, lang: Lang = "en") -> Figure:
    """Mean benefits per stream and arm (euros per client) with their 5–95% intervals.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    lang
        ``"en"`` or ``"nl"``.
    """
    lang = check_lang(lang)
    _, arms, _ = run_arms(ds)
    streams = [str(s) for s in ds["stream"].values]
    benefit = ds["benefit"].transpose("draw", "arm", "stream")
    stats = {}
    for arm in arms:
        x = np.asarray(benefit.sel(arm=arm).values, dtype=float)
        stats[arm] = {
            "mean": x.mean(axis=0),
            "q05": np.quantile(x, 0.05, axis=0),
            "q95": np.quantile(x, 0.95, axis=0),
        }
    with style():
        fig, ax = new_figure(9.6, 1.0 + 0.55 * len(streams) * max(len(arms), 2) / 2)
        _interval_bars(
            ax, streams, [stream_label(ds, s, lang) for s in streams], arms, ds, stats, lang
        )
        ax.set_title(term("streams_title", lang))
    return fig


def benefits_by_stakeholder(ds: xr.Dataset, lang: Lang = "en") -> Figure:
    """Mean benefits per stakeholder and arm (euros per client) with their 5–95% intervals,
    from :func:`mkba_mc.decision.stakeholder_benefits`; the share of each arm's total is
    printed beside its bar.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    lang
        ``"en"`` or ``"nl"``.
    """
    lang = check_lang(lang)
    _, arms, _ = run_arms(ds)
    holders = dq.stakeholder_benefits(ds)
    names = [str(h) for h in holders["stakeholder"].values]
    stats = {
        arm: {
            k: np.asarray(holders[k].sel(arm=arm).values, dtype=float)
            for k in ("mean", "q05", "q95")
        }
        for arm in arms
    }
    with style():
        fig, ax = new_figure(9.6, 1.0 + 0.55 * len(names) * max(len(arms), 2) / 2)
        _interval_bars(
            ax, names, [stakeholder_label(ds, h, lang) for h in names], arms, ds, stats, lang
        )
        height = 0.8 / len(arms)
        for i, arm in enumerate(arms):
            for j, holder in enumerate(names):
                share = float(holders["share"].sel(arm=arm, stakeholder=holder))
                x = float(holders["q95"].sel(arm=arm, stakeholder=holder))
                ax.text(
                    x,
                    j - 0.4 + height * (i + 0.5),
                    f"  {percent(share, lang, 0)}",
                    va="center",
                    ha="left",
                    fontsize=8,
                )
        ax.set_xlim(right=ax.get_xlim()[1] * 1.08)
        ax.set_xlabel(f"{term('benefit_axis', lang)}; {term('share_note', lang)}")
        ax.set_title(term("stakeholders_title", lang))
    return fig


# --------------------------------------------------------------------------- convergence


def convergence(ds: xr.Dataset, lang: Lang = "en", result: xr.Dataset | None = None) -> Figure:
    """Running estimates of P(arm beats baseline) and of each arm's mean balance.

    Bands are ± 1.96 Monte Carlo standard errors; a vertical line marks the number of
    draws after which each estimate stays within its tolerance of the final one
    (:func:`mkba_mc.decision.convergence`).

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    lang
        ``"en"`` or ``"nl"``.
    result
        A precomputed :func:`mkba_mc.decision.convergence` of ``ds`` (computed if omitted).
    """
    lang = check_lang(lang)
    baseline, arms, others = run_arms(ds)
    colours = arm_colours(arms)
    conv = dq.convergence(ds) if result is None else result
    m = conv["n_draws"].values
    n = int(m[-1])
    base_label = arm_label(ds, baseline, lang)
    start = max(1, n // 1000)
    shown = m >= start
    with style():
        fig, (top, bottom) = new_figure(9.6, 6.4, nrows=2, sharex=True)
        panels = (
            (top, others, "p_beats_baseline", "p_stable_after"),
            (bottom, arms, "mean_balance", "balance_stable_after"),
        )
        for ax, which, var, stable_var in panels:
            for arm in which:
                i = arms.index(arm)
                y = conv[var].sel(arm=arm).values[shown]
                se = conv[f"{var}_se"].sel(arm=arm).values[shown]
                colour = colours[arm]
                ax.fill_between(
                    m[shown], y - 1.96 * se, y + 1.96 * se, color=colour, alpha=0.2, linewidth=0
                )
                ax.plot(
                    m[shown],
                    y,
                    color=colour,
                    linestyle=LINESTYLES[i % len(LINESTYLES)],
                    linewidth=1.6,
                    label=wrap(arm_label(ds, arm, lang), _LEGEND_WRAP),
                )
                stable = float(conv[stable_var].sel(arm=arm))
                text = (
                    term("stable_after", lang, n=number(stable, lang))
                    if stable < n
                    else term("not_stable", lang)
                )
                ax.axvline(
                    max(stable, start),
                    color=colour,
                    linestyle=":",
                    linewidth=1.2,
                    label=f"{wrap(arm_label(ds, arm, lang) + ':', _LEGEND_WRAP)}\n{text}",
                )
            ax.set_xscale("log")
            ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        finals = conv["p_beats_baseline"].sel(arm=others).values[-1]
        late = m >= max(start, n // 100)
        spread = np.nanmax(np.abs(conv["p_beats_baseline"].sel(arm=others).values[late] - finals))
        half = max(
            4 * float(np.nanmax(conv["p_beats_baseline_se"].sel(arm=others).values[late])),
            spread,
            0.02,
        )
        top.set_ylim(max(0, np.nanmin(finals) - 1.3 * half), min(1, np.nanmax(finals) + 1.3 * half))
        balances = conv["mean_balance"].values[late]
        ses = conv["mean_balance_se"].values[late]
        bottom.set_ylim(np.nanmin(balances - 2.5 * ses), np.nanmax(balances + 2.5 * ses))
        percent_axis(top.yaxis, lang, 1)
        euro_axis(bottom.yaxis, lang)
        # several routes: the legend names each, the axis says what is drawn
        running_p = (
            term("running_p_axis", lang, arm=arm_label(ds, others[0], lang), baseline=base_label)
            if len(others) == 1
            else term("running_p_axis_arms", lang, baseline=base_label)
        )
        top.set_ylabel(wrap(running_p, _YLABEL_WRAP), fontsize=9)
        bottom.set_ylabel(wrap(term("running_mean_axis", lang), _YLABEL_WRAP), fontsize=9)
        fig.align_ylabels((top, bottom))
        bottom.set_xlabel(term("draws_axis", lang))
        top.set_title(f"{term('convergence_title', lang)} ({term('band', lang)})")
    return fig
