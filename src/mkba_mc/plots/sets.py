"""Assumption sets compared (:func:`mkba_mc.compare.compare`): each set's mean balance per
arm and P(arm beats baseline), side by side; returns a :class:`matplotlib.figure.Figure`."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ._axes import GREY, euro_axis, percent_axis, wrap
from ._labels import Lang, check_lang, percent, term
from ._style import arm_colours, new_figure, style

__all__ = ["assumption_sets"]

_COLUMNS = ("set", "arm", "versus", "measure", "mean", "q05", "q95", "p_positive", "p_positive_se")
"""The columns of :func:`mkba_mc.compare.compare` the figure reads."""
_MARKERS = ("o", "s", "D", "^")


def assumption_sets(
    table: pd.DataFrame, lang: Lang = "en", labels: Mapping[str, str] | None = None
) -> Figure:
    """Assumption sets side by side: mean balance per arm and P(arm beats baseline).

    Left: per set (one row each, in the table's order), the mean balance of each arm with
    its 5–95% interval (euros per client). Right: P(arm beats baseline) per set with
    ± 1.96 Monte Carlo standard errors.

    Parameters
    ----------
    table
        :func:`mkba_mc.compare.compare` of the sets (columns ``set``, ``arm``, ``versus``,
        ``measure``, ``mean``, ``q05``, ``q95``, ``p_positive``, ``p_positive_se``).
    lang
        ``"en"`` or ``"nl"``.
    labels
        Arm name -> label (e.g. ``{"KR": "Klantreis"}``); default the arm names.
    """
    lang = check_lang(lang)
    missing = set(_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"table lacks the columns of compare(): {', '.join(sorted(missing))}")
    labels = dict(labels or {})
    sets = list(dict.fromkeys(table["set"]))
    balance = table[(table["measure"] == "balance") & (table["versus"] == "")]
    versus = table[(table["measure"] == "balance") & (table["versus"] != "")]
    arms = list(dict.fromkeys(balance["arm"]))
    colours = arm_colours(arms)
    with style():
        fig, (left, right) = new_figure(
            10.5, 1.6 + 0.5 * len(sets), ncols=2, sharey=True, width_ratios=(3, 2)
        )
        _means_panel(left, balance, sets, arms, colours, labels, lang)
        _beats_panel(right, versus, sets, arms, colours, labels, lang)
        fig.suptitle(term("compare_title", lang))
    return fig


def _means_panel(ax, balance: pd.DataFrame, sets, arms, colours, labels, lang: Lang) -> None:
    """Mean balance of each arm per set, with its 5–95% interval."""
    y = np.arange(len(sets))
    step = 0.6 / max(len(arms), 1)
    for i, arm in enumerate(arms):
        rows = balance[balance["arm"] == arm].set_index("set").reindex(sets)
        mean, q05, q95 = (rows[c].to_numpy(dtype=float) for c in ("mean", "q05", "q95"))
        offset = y - 0.3 + step * (i + 0.5)
        errors = np.vstack([np.maximum(mean - q05, 0), np.maximum(q95 - mean, 0)])
        ax.errorbar(
            mean,
            offset,
            xerr=errors,
            fmt=_MARKERS[i % len(_MARKERS)],
            color=colours[arm],
            ecolor=colours[arm],
            elinewidth=1.5,
            capsize=3,
            markersize=6,
            label=labels.get(arm, arm),
        )
    ax.axvline(0, color="black", linewidth=1.0)
    ax.set_yticks(y, [wrap(str(name), 44) for name in sets])
    ax.invert_yaxis()
    ax.set_xlabel(wrap(term("mean_balance_axis", lang), 44))
    ax.set_ylabel(term("assumption_set", lang))
    euro_axis(ax.xaxis, lang)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.legend(fontsize=9, loc="best")
    ax.grid(axis="y", visible=False)


def _beats_panel(ax, versus: pd.DataFrame, sets, arms, colours, labels, lang: Lang) -> None:
    """P(arm beats baseline) per set with ± 1.96 Monte Carlo standard errors."""
    y = np.arange(len(sets))
    others = list(dict.fromkeys(versus["arm"]))
    step = 0.6 / max(len(others), 1)
    for i, arm in enumerate(others):
        rows = versus[versus["arm"] == arm].set_index("set").reindex(sets)
        p, se = (
            rows["p_positive"].to_numpy(dtype=float),
            rows["p_positive_se"].to_numpy(dtype=float),
        )
        offset = y - 0.3 + step * (i + 0.5)
        ax.errorbar(
            p,
            offset,
            xerr=1.96 * se,
            fmt=_MARKERS[(arms.index(arm)) % len(_MARKERS)],
            color=colours[arm],
            elinewidth=1.5,
            capsize=3,
            markersize=6,
            label=labels.get(arm, arm),
        )
        for value, at in zip(p, offset, strict=True):
            ax.annotate(
                percent(float(value), lang),
                (float(value), at),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=8,
            )
    ax.axvline(0.5, color=GREY, linewidth=1.0)
    ax.set_xlim(0, 1)
    percent_axis(ax.xaxis, lang)
    baseline = " / ".join(labels.get(b, b) for b in dict.fromkeys(versus["versus"]))
    ax.set_xlabel(wrap(term("p_beats_axis", lang, baseline=baseline), 34))
    ax.grid(axis="y", visible=False)
