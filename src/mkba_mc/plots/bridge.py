"""The bridge from the study's own balance to the simulation's mean
(:func:`mkba_mc.bridge.bridge`) as waterfalls; returns a :class:`matplotlib.figure.Figure`."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ._axes import GREY, euro_axis, run_arms, wrap
from ._labels import Lang, arm_label, bridge_step_text, check_lang, money, term
from ._style import arm_colours, new_figure, style

__all__ = ["bridge_waterfall"]


def bridge_waterfall(
    table: pd.DataFrame,
    ds: xr.Dataset,
    lang: Lang = "en",
    parameter_labels: Mapping[str, str] | None = None,
    rate: float | None = None,
) -> Figure:
    """The bridge (:func:`mkba_mc.bridge.bridge`) as waterfalls: one small panel per arm and
    per arm against the baseline, steps from top to bottom, the first and last level as
    whole bars and every step as the change it makes (euros per client).

    Parameters
    ----------
    table
        The bridge table.
    ds
        The run (for the arms' labels).
    lang
        ``"en"`` or ``"nl"``.
    parameter_labels
        Parameter name -> label in ``lang`` (default: the parameter names).
    rate
        The discount rate, for a discounting step.
    """
    lang = check_lang(lang)
    baseline, arms, _ = run_arms(ds)
    colours = arm_colours(arms)
    targets = list(dict.fromkeys(table["target"]))
    steps = sorted(set(table["step"]))
    first_rows = table.drop_duplicates("step").set_index("step", drop=False)
    names = [
        wrap(bridge_step_text(first_rows.loc[s], lang, dict(parameter_labels or {}), rate), 34)
        for s in steps
    ]
    columns = min(3, len(targets))
    rows = math.ceil(len(targets) / columns)
    lines = max(name.count("\n") + 1 for name in names)
    per_step = max(0.45, 0.15 * lines + 0.16)  # room for the longest wrapped step
    with style():
        fig, axes = new_figure(
            3.0 * columns + 2.4,
            per_step * len(steps) * rows + 1.2,
            nrows=rows,
            ncols=columns,
            sharey=True,
            squeeze=False,
        )
        for i, target in enumerate(targets):
            ax = axes[i // columns][i % columns]
            data = table[table["target"] == target].set_index("step", drop=False).loc[steps]
            arm, _, versus = target.partition("-")
            colour = colours[arm] if not versus else GREY
            _waterfall(ax, data, colour, lang)
            ax.axvline(0, color="black", lw=0.8)
            ax.margins(x=0.25)
            title = arm_label(ds, arm, lang)
            if versus:
                title = term(
                    "difference_title", lang, arm=title, baseline=arm_label(ds, baseline, lang)
                )
            ax.set_title(wrap(title, 32))
            euro_axis(ax.xaxis, lang)
            ax.xaxis.set_major_locator(MaxNLocator(4))
            ax.set_xlabel(term("bridge_axis", lang))
            if i % columns:
                ax.tick_params(labelleft=False)
        axes[0][0].set_yticks(np.arange(len(steps)), names)
        axes[0][0].invert_yaxis()
        for k in range(len(targets), rows * columns):
            axes[k // columns][k % columns].set_visible(False)
        published = table["kind"].iloc[0] == "published"
        fig.suptitle(term("bridge_title" if published else "bridge_title_model", lang))
    return fig


def _waterfall(ax, data: pd.DataFrame, colour: str, lang: Lang) -> None:
    """One panel's bars: the first and the simulation's level whole, every other step as
    the change it makes (dark up, light down), each with its amount."""
    y = np.arange(len(data))
    for j, (_, row) in enumerate(data.iterrows()):
        whole = j == 0 or row["kind"] == "simulation"
        start = 0.0 if whole else row["level"] - row["effect"]
        width = row["level"] - start
        shade = colour if whole else ("#4d4d4d" if width >= 0 else "#bbbbbb")
        ax.barh(y[j], width, left=start, height=0.6, color=shade, edgecolor="black", lw=0.5)
        if not whole and j + 1 < len(data):
            ax.plot([row["level"]] * 2, [y[j] + 0.3, y[j] + 0.7], color=GREY, lw=0.6)
        value = row["level"] if whole else row["effect"]
        text = money(value, lang)
        if not whole and round(value) > 0:
            text = "+" + text
        ax.annotate(
            text,
            (max(start, row["level"]), y[j]),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
