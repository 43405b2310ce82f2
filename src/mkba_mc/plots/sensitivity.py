"""Figures of sensitivity and value of information: tornado, Sobol' indices, EVPPI.

Each function takes a result of :mod:`mkba_mc.sensitivity` or :mod:`mkba_mc.voi` and a
language (``lang="en"`` or ``"nl"``, keyword only) and returns a
:class:`matplotlib.figure.Figure`; saving is the caller's choice. Inputs keep the names of
the result (``share_pw [KR]``); input groups and the words around them follow the language.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..evsi import SampleInformation
from ..sensitivity import SobolIndices, Tornado
from ..voi import EVPI_GROUP, ValueOfInformation
from ._axes import wrap
from ._labels import Lang, check_lang, group_label, money, number, ordinal, percent, term
from ._style import OKABE_ITO, new_figure, style

__all__ = ["enbs_figure", "evppi_figure", "evppi_lambda_figure", "sobol_figure", "tornado_figure"]

_LOW, _HIGH, _JOINT = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]
_LINES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))
_YEAR_TICKS = 5
_WRAP = 60
"""Characters per line of a title or an axis label of a 7-inch figure; centred on axes that
long input names push right, they wrap further to the room the figure leaves them."""


def _euro_formatter(lang: Lang) -> FuncFormatter:
    return FuncFormatter(lambda x, _pos: money(x, lang))


def _short_euros(x: float, lang: Lang) -> str:
    """Euros for an axis of large amounts: €350k and €1.2M in English; € 350.000 and
    € 1,2 mln in Dutch."""
    if lang == "nl":
        return f"€ {number(x / 1e6, lang, 1)} mln" if abs(x) >= 1e6 else money(x, lang)
    if abs(x) >= 1e6:
        return f"€{number(x / 1e6, lang, 1)}M"
    return f"€{number(x / 1e3, lang)}k" if abs(x) >= 1e3 else money(x, lang)


def _group_text(group: str, lang: Lang) -> str:
    return term("evpi_group", lang) if group == EVPI_GROUP else group_label(group, lang)


def _measure(rows: pd.DataFrame, labels: Mapping[str, str] | None) -> str:
    """The difference the rows describe, in words: ``labels`` (arm code -> label, in the
    reader's language) where given, else the label the result was made with."""
    if labels is None:
        return str(rows["measure"].iloc[0])
    return f"{labels[rows['arm'].iloc[0]]} − {labels[rows['versus'].iloc[0]]}"


def _difference_rows(table: pd.DataFrame, arm: str | None) -> pd.DataFrame:
    """The rows of one arm against the baseline (the first such arm by default)."""
    rows = table[table["versus"] != ""]
    if rows.empty:
        raise ValueError("the result holds no difference against a baseline")
    arm = rows["arm"].iloc[0] if arm is None else arm
    rows = rows[rows["arm"] == arm]
    if rows.empty:
        raise ValueError(f"the result holds no difference for arm {arm!r}")
    return rows


def _errors(rows: pd.DataFrame, value: str, low: str, high: str) -> np.ndarray:
    """Error bar lengths below and above ``value`` for an interval [``low``, ``high``]."""
    v = rows[value].to_numpy()
    return np.clip([v - rows[low].to_numpy(), rows[high].to_numpy() - v], 0, None)


def _height(rows: int) -> float:
    return 1.6 + 0.32 * rows


def tornado_figure(
    result: Tornado,
    arm: str | None = None,
    top: int = 15,
    *,
    lang: Lang = "en",
    names: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Tornado of the difference in balance of ``arm`` against the baseline.

    Bars run from the base value (every input at its mean, marked by a solid line) to
    the difference with one input at its low (blue) or high (orange) percentile; a
    vector input or group (green) spans the difference's own percentiles as it varies
    alone. The widest ``top`` bars, widest at the top; the dashed line is no difference.
    ``names`` maps an input (``share_pw [KR]``) to the words shown for it, such as its
    label in the reader's language (default: the input as named); long names wrap.
    ``labels`` maps an arm code to its label in ``lang`` for the title and the axis
    (default: the labels the result was made with, in the study's language).
    """
    lang = check_lang(lang)
    rows = _difference_rows(result.table, arm)
    moves = (rows["at_low"] != rows["base"]) | (rows["at_high"] != rows["base"])
    rows = rows[moves].head(top).iloc[::-1]  # inputs that do not move it have no bar
    names = names or {}
    shown = [wrap(names.get(x, x), 40) for x in rows["input"]]
    lines = sum(text.count("\n") for text in shown)
    measure = _measure(rows, labels)
    base = float(rows["base"].iloc[0])
    low, high = (ordinal(p, lang) for p in result.percentiles)
    y = np.arange(len(rows))
    with style():
        fig, ax = new_figure(7.0, _height(len(rows)) + 0.8 + 0.18 * lines)
        scalar = (rows["kind"] == "scalar").to_numpy()
        at_low, at_high = rows["at_low"].to_numpy(), rows["at_high"].to_numpy()
        ax.barh(y[scalar], at_low[scalar] - base, left=base, color=_LOW, height=0.7)
        ax.barh(y[scalar], at_high[scalar] - base, left=base, color=_HIGH, height=0.7)
        lo, hi = np.minimum(at_low, at_high), np.maximum(at_low, at_high)
        ax.barh(
            y[~scalar],
            (hi - lo)[~scalar],
            left=lo[~scalar],
            color=_JOINT,
            height=0.7,
            hatch="//",
            edgecolor="white",
        )
        ax.axvline(base, color="black", linewidth=1.2)
        ax.axvline(0.0, color="0.4", linewidth=1.0, linestyle="--")
        ax.set_yticks(y, shown)
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.xaxis.set_major_formatter(_euro_formatter(lang))
        ax.set_xlabel(wrap(term("tornado_axis", lang, measure=measure), _WRAP), wrap=True)
        ax.set_title(term("tornado_title", lang, measure=measure), wrap=True)
        handles = [
            Patch(color=_LOW, label=term("tornado_end", lang, p=low)),
            Patch(color=_HIGH, label=term("tornado_end", lang, p=high)),
            Patch(
                facecolor=_JOINT,
                hatch="//",
                edgecolor="white",
                label=term("tornado_joint", lang, low=low, high=high),
            ),
            Line2D(
                [], [], color="black", label=term("tornado_base", lang, value=money(base, lang))
            ),
            Line2D([], [], color="0.4", linestyle="--", label=term("no_difference", lang)),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=8)
    return fig


def sobol_figure(
    result: SobolIndices,
    arm: str | None = None,
    kind: str = "input",
    top: int = 15,
    *,
    lang: Lang = "en",
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> Figure:
    """First and total order Sobol' indices of the difference in balance, with intervals.

    ``kind`` is ``"input"`` (the ``top`` inputs by total index) or ``"group"``; ``labels``
    as in :func:`tornado_figure`; ``names`` maps an input to the words shown for it, as for
    :func:`tornado_figure`.
    """
    lang = check_lang(lang)
    rows = _difference_rows(result.table, arm)
    rows = rows[rows["kind"] == kind].head(top).iloc[::-1]
    if rows.empty:
        raise ValueError(f"the result holds no indices of kind {kind!r}")
    measure = _measure(rows, labels)
    y = np.arange(len(rows))
    level = percent(
        result.confidence_level, lang, 0 if (100 * result.confidence_level).is_integer() else 1
    )
    with style():
        fig, ax = new_figure(7.0, _height(len(rows)))
        for offset, order, colour in ((0.2, "first", _LOW), (-0.2, "total", _HIGH)):
            err = _errors(rows, order, f"{order}_low", f"{order}_high")
            ax.barh(
                y + offset,
                rows[order].to_numpy(),
                height=0.4,
                color=colour,
                xerr=err,
                error_kw={"ecolor": "black", "elinewidth": 0.8, "capsize": 2},
                label=term(f"sobol_{order}", lang, level=level),
            )
        shown = (
            [wrap((names or {}).get(x, x), 40) for x in rows["input"]]
            if kind == "input"
            else [group_label(g, lang) for g in rows["input"]]
        )
        ax.set_yticks(y, shown)
        ax.grid(axis="y", visible=False)
        ax.set_xlim(left=min(0.0, ax.get_xlim()[0]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: number(x, lang, 2)))
        ax.set_xlabel(wrap(term("sobol_axis", lang), _WRAP), wrap=True)
        title = term(f"sobol_title_{kind}", lang, measure=measure, n=number(result.n, lang))
        ax.set_title(title, wrap=True)
        fig.legend(loc="outside lower center", ncol=2, fontsize=8)
    return fig


def evppi_figure(result: ValueOfInformation, *, lang: Lang = "en") -> Figure:
    """EVPPI per input group (and the EVPI), per client, at each λ of the result's table,
    with bootstrap intervals; the top axis gives euros a year for the result's intakes."""
    lang = check_lang(lang)
    table = result.table
    groups = list(dict.fromkeys(table["group"]))
    lambdas = sorted(set(table["wtp"]))
    y = np.arange(len(groups))[::-1]
    width = 0.8 / len(lambdas)
    with style():
        fig, ax = new_figure(7.0, 1.8 + 0.3 * len(groups) * max(1, len(lambdas)) ** 0.5)
        for k, lam in enumerate(lambdas):
            rows = table[np.isclose(table["wtp"], lam)].set_index("group").loc[groups]
            err = _errors(rows, "per_client", "low", "high")
            ax.barh(
                y + 0.4 - width * (k + 0.5),
                rows["per_client"].to_numpy(),
                height=width,
                color=OKABE_ITO[k % len(OKABE_ITO)],
                xerr=err,
                error_kw={"ecolor": "black", "elinewidth": 0.8, "capsize": 2},
                label=f"λ = {money(lam, lang)}",
            )
        ax.set_yticks(y, [_group_text(g, lang) for g in groups])
        ax.grid(axis="y", visible=False)
        ax.set_xlim(left=0)
        ax.xaxis.set_major_formatter(_euro_formatter(lang))
        ax.set_xlabel(term("evppi_axis", lang))
        top = ax.secondary_xaxis(
            "top", functions=(lambda x: x * result.intakes, lambda x: x / result.intakes)
        )
        top.xaxis.set_major_locator(MaxNLocator(_YEAR_TICKS, steps=[1, 2, 5, 10]))  # wide labels
        top.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _short_euros(x, lang)))
        top.set_xlabel(term("per_year_intakes", lang, intakes=number(result.intakes, lang)))
        ax.legend(title=term("wtp_legend", lang), loc="lower right", fontsize=8)
        ax.set_title(term("evppi_title", lang))
    return fig


def evppi_lambda_figure(result: ValueOfInformation, *, lang: Lang = "en") -> Figure:
    """EVPI and EVPPI per input group against λ (euros per extra successful client);
    the right axis gives euros a year. Uses the result's ``curve`` (or its table)."""
    lang = check_lang(lang)
    data = result.curve if not result.curve.empty else result.table
    groups = list(dict.fromkeys(data["group"]))
    with style():
        fig, ax = new_figure(7.0, 4.2)
        for k, group in enumerate(groups):
            rows = data[data["group"] == group].sort_values("wtp")
            evpi = group == EVPI_GROUP
            ax.plot(
                rows["wtp"],
                rows["per_client"],
                color="black" if evpi else OKABE_ITO[k % len(OKABE_ITO)],
                linestyle="-" if evpi else _LINES[k % len(_LINES)],
                linewidth=2.0 if evpi else 1.5,
                label=_group_text(group, lang),
            )
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_formatter(_euro_formatter(lang))
        ax.yaxis.set_major_formatter(_euro_formatter(lang))
        ax.set_xlabel(term("evppi_wtp_axis", lang))
        ax.set_ylabel(term("evppi_value_axis", lang))
        right = ax.secondary_yaxis(
            "right", functions=(lambda v: v * result.intakes, lambda v: v / result.intakes)
        )
        right.yaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _short_euros(x, lang)))
        right.set_ylabel(term("per_year_intakes", lang, intakes=number(result.intakes, lang)))
        fig.legend(loc="outside lower center", ncol=2, fontsize=8)
        ax.set_title(wrap(term("evppi_lambda_title", lang), _WRAP))
    return fig


def enbs_figure(result: SampleInformation, *, lang: Lang = "en") -> Figure:
    """ENBS (euros over the horizon) against the dossiers read per route, one line per λ,
    with a band of ± 2 Monte Carlo standard errors and the best size marked (where it pays)."""
    lang = check_lang(lang)
    table = result.table
    with style():
        fig, ax = new_figure(7.0, 4.2)
        for k, lam in enumerate(sorted(set(table["wtp"]))):
            rows = table[np.isclose(table["wtp"], lam)].sort_values("dossiers")
            color = OKABE_ITO[k % len(OKABE_ITO)]
            n, enbs, se = rows["dossiers"], rows["enbs"], rows["enbs_se"]
            ax.plot(n, enbs, color=color, marker="o", markersize=3, label=f"λ = {money(lam, lang)}")
            ax.fill_between(n, enbs - 2 * se, enbs + 2 * se, color=color, alpha=0.2, linewidth=0)
            best = rows.loc[rows["enbs"].idxmax()]
            if best["enbs"] > 0:  # the size worth paying for, where any is
                ax.plot([best["dossiers"]], [best["enbs"]], marker="*", markersize=11, color=color)
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: number(x, lang)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _short_euros(x, lang)))
        ax.set_xlabel(term("dossiers_axis", lang))
        years = number(result.research.horizon_years, lang)
        ax.set_ylabel(term("enbs_axis", lang, years=years))
        ax.legend(title=term("wtp_legend", lang), fontsize=8, loc="best")
        ax.set_title(term("enbs_title", lang))
    return fig
