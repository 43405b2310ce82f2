"""Figures of the investment-risk view: the risk profile and exceedance curve of a year
of intakes, and the cumulative net cash flow after the intake (payback).

Every function takes an analysis result of :mod:`mkba_mc.risk` and a language (``"en"``
or ``"nl"``) and returns a :class:`matplotlib.figure.Figure`; saving it is the caller's
choice. Colours and line styles per arm follow :mod:`mkba_mc.plots.decision`.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ._axes import GREY, LINESTYLES, euro_axis, percent_axis
from ._labels import Lang, check_lang, number, percent, term
from ._style import arm_colours, new_figure, style

__all__ = ["payback_curve", "risk_profile"]


def risk_profile(
    profile: xr.Dataset,
    labels: dict[str, str],
    who: str,
    lang: Lang = "en",
    level: float = 0.05,
) -> Figure:
    """The risk profile (left) and the exceedance curve of the loss (right).

    Parameters
    ----------
    profile
        :func:`mkba_mc.risk.risk_profile` of a year of intakes (``per="year"``).
    labels
        Arm name -> label.
    who
        Whose balance it is, in the reader's language as a sentence names it after "the" /
        "de" (``"municipality"``, ``"gemeente Zwolle"``: :func:`~mkba_mc.plots._labels.in_prose`).
    lang
        ``"en"`` or ``"nl"``.
    level
        The value-at-risk level marked on both panels (default 5%).

    Notes
    -----
    Left: P(balance ≤ x) against x, per arm and for each arm against the baseline
    (grey). Right: P(loss > x) against x, the same curve mirrored: read off it the
    chance of losing more than a budget limit in a year.
    """
    lang = check_lang(lang)
    arms = [str(a) for a in profile["arm"].values]
    baseline = str(profile.attrs["baseline"])
    colours = arm_colours(arms)
    p = profile["probability"].values
    curves = [
        (labels.get(a, a), profile["balance"].sel(arm=a).values, colours[a], LINESTYLES[i % 4])
        for i, a in enumerate(arms)
    ]
    curves += [
        (
            term(
                "versus_label", lang, arm=labels.get(a, a), baseline=labels.get(baseline, baseline)
            ),
            profile["delta"].sel(arm=a).values,
            GREY,
            LINESTYLES[(i + 1) % 4],
        )
        for i, a in enumerate(a for a in arms if a != baseline)
    ]
    n = float(profile.attrs["scale"])
    with style():
        fig, (left, right) = new_figure(9.6, 4.0, ncols=2)
        for label, x, colour, line in curves:
            left.step(x, p, where="post", color=colour, linestyle=line, linewidth=2, label=label)
            right.step(-x[::-1], p[::-1], where="pre", color=colour, linestyle=line, linewidth=2)
        for ax in (left, right):
            ax.axhline(
                level,
                color=GREY,
                linewidth=0.8,
                linestyle="--",
                label=term("var_marker", lang, p=percent(level, lang, 0)),
            )
            ax.set_ylim(0, 1)
            percent_axis(ax.yaxis, lang)
            euro_axis(ax.xaxis, lang)
            ax.xaxis.set_major_locator(MaxNLocator(4))
        left.axvline(0, color=GREY, linewidth=0.8)
        right.axvline(0, color=GREY, linewidth=0.8)
        left.set_xlabel(term("yearly_balance_axis", lang))
        left.set_ylabel(term("risk_cdf_axis", lang))
        right.set_xlabel(term("yearly_loss_axis", lang))
        right.set_ylabel(term("exceedance_axis", lang))
        handles, names = left.get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncol=2, fontsize=8)
        fig.suptitle(term("risk_profile_title", lang, who=who, n=number(n, lang)))
    return fig


def payback_curve(
    payback: xr.Dataset, labels: dict[str, str], who: str, case: str, lang: Lang = "en"
) -> Figure:
    """Cumulative (discounted) net cash flow per year after the intake, per arm, with its
    5–95% band, from :func:`mkba_mc.risk.payback`.

    Parameters
    ----------
    payback
        :func:`mkba_mc.risk.payback`.
    labels
        Arm name -> label.
    who
        Whose cash flow it is, as for :func:`risk_profile`.
    case
        The case of ``payback`` to draw (``"municipality"``, ``"societal"``, ...).
    lang
        ``"en"`` or ``"nl"``.
    """
    lang = check_lang(lang)
    arms = [str(a) for a in payback["arm"].values]
    colours = arm_colours(arms)
    years = payback["year"].values
    with style():
        fig, ax = new_figure(6.4, 4.0)
        for i, arm in enumerate(arms):
            cell = payback.sel(arm=arm, case=case)
            ax.fill_between(
                years,
                cell["q05"].values,
                cell["q95"].values,
                color=colours[arm],
                alpha=0.2,
                linewidth=0,
            )
            ax.plot(
                years,
                cell["mean"].values,
                color=colours[arm],
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                marker="o",
                linewidth=2,
                label=labels.get(arm, arm),
            )
        ax.axhline(0, color=GREY, linewidth=0.8)
        ax.set_xticks(np.asarray(years))
        euro_axis(ax.yaxis, lang)
        ax.set_xlabel(term("payback_axis", lang))
        ax.set_ylabel(term("cumulative_axis", lang))
        ax.set_title(term("payback_title", lang, who=who))
        ax.legend(loc="best", fontsize=9)
    return fig
