"""Figures of sensitivity and value of information: tornado, Sobol' indices, EVPPI.

Each function takes a result of :mod:`mkba_mc.sensitivity` or :mod:`mkba_mc.voi` and
returns a :class:`matplotlib.figure.Figure`; saving is the caller's choice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from ..sensitivity import SobolIndices, Tornado
from ..voi import EVPI_GROUP, ValueOfInformation
from ._style import OKABE_ITO, new_figure, style

__all__ = ["evppi_figure", "evppi_lambda_figure", "sobol_figure", "tornado_figure"]

_LOW, _HIGH, _JOINT = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]
_LINES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))


def _euros(x: float, _pos=None) -> str:
    return f"€{x:,.0f}" if round(x) >= 0 else f"€−{-x:,.0f}"


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


def _short_euros(x: float, _pos=None) -> str:
    """Euros for an axis of large amounts: €350k, €1.2M."""
    if abs(x) >= 1e6:
        return f"€{x / 1e6:,.1f}M"
    return f"€{x / 1e3:,.0f}k" if abs(x) >= 1e3 else _euros(x)


def _height(rows: int) -> float:
    return 1.6 + 0.32 * rows


def tornado_figure(result: Tornado, arm: str | None = None, top: int = 15) -> Figure:
    """Tornado of the difference in balance of ``arm`` against the baseline.

    Bars run from the base value (every input at its mean, marked by a solid line) to
    the difference with one input at its low (blue) or high (orange) percentile; a
    vector input or group (green) spans the difference's own percentiles as it varies
    alone. The widest ``top`` bars, widest at the top; the dashed line is no difference.
    """
    rows = _difference_rows(result.table, arm).head(top).iloc[::-1]
    measure = rows["measure"].iloc[0]
    base = float(rows["base"].iloc[0])
    low, high = (f"{100 * p:g}th" for p in result.percentiles)
    y = np.arange(len(rows))
    with style():
        fig, ax = new_figure(7.0, _height(len(rows)) + 0.8)
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
        ax.set_yticks(y, rows["input"])
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_formatter(FuncFormatter(_euros))
        ax.set_xlabel(f"Difference in balance, {measure} (€ per client)")
        ax.set_title(f"One-way sensitivity: {measure}")
        handles = [
            Patch(color=_LOW, label=f"input at its {low} percentile"),
            Patch(color=_HIGH, label=f"input at its {high} percentile"),
            Patch(
                facecolor=_JOINT,
                hatch="//",
                edgecolor="white",
                label=f"vector or group: {low}–{high} percentile of the difference",
            ),
            Line2D([], [], color="black", label=f"base, inputs at their means ({_euros(base)})"),
            Line2D([], [], color="0.4", linestyle="--", label="no difference"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=8)
    return fig


def sobol_figure(
    result: SobolIndices, arm: str | None = None, kind: str = "input", top: int = 15
) -> Figure:
    """First and total order Sobol' indices of the difference in balance, with intervals.

    ``kind`` is ``"input"`` (the ``top`` inputs by total index) or ``"group"``.
    """
    rows = _difference_rows(result.table, arm)
    rows = rows[rows["kind"] == kind].head(top).iloc[::-1]
    if rows.empty:
        raise ValueError(f"the result holds no indices of kind {kind!r}")
    measure = rows["measure"].iloc[0]
    y = np.arange(len(rows))
    level = f"{100 * result.confidence_level:g}%"
    with style():
        fig, ax = new_figure(7.0, _height(len(rows)))
        for offset, order, colour, name in (
            (0.2, "first", _LOW, "first order"),
            (-0.2, "total", _HIGH, "total order"),
        ):
            err = _errors(rows, order, f"{order}_low", f"{order}_high")
            ax.barh(
                y + offset,
                rows[order].to_numpy(),
                height=0.4,
                color=colour,
                xerr=err,
                error_kw={"ecolor": "black", "elinewidth": 0.8, "capsize": 2},
                label=f"{name} ({level} bootstrap interval)",
            )
        ax.set_yticks(y, rows["input"])
        ax.grid(axis="y", visible=False)
        ax.set_xlim(left=min(0.0, ax.get_xlim()[0]))
        ax.set_xlabel("Sobol' index: share of the variance of the difference in balance")
        what = "input groups" if kind == "group" else "inputs"
        ax.set_title(f"Global sensitivity of {measure}\nby {what}; base sample n = {result.n:,}")
        ax.legend(loc="lower right", fontsize=8)
    return fig


def evppi_figure(result: ValueOfInformation) -> Figure:
    """EVPPI per input group (and the EVPI), per client, at each λ of the result's table,
    with bootstrap intervals; the top axis gives euros a year for the result's intakes."""
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
                label=f"λ = {_euros(lam)}",
            )
        ax.set_yticks(y, groups)
        ax.grid(axis="y", visible=False)
        ax.set_xlim(left=0)
        ax.xaxis.set_major_formatter(FuncFormatter(_euros))
        ax.set_xlabel("Expected value of (partial) perfect information (€ per client)")
        top = ax.secondary_xaxis(
            "top", functions=(lambda x: x * result.intakes, lambda x: x / result.intakes)
        )
        top.xaxis.set_major_formatter(FuncFormatter(_short_euros))
        top.set_xlabel(f"€ per year ({result.intakes:,.0f} intakes)")
        ax.legend(title="λ per extra successful client", loc="lower right", fontsize=8)
        ax.set_title("What perfect knowledge of each input group is worth")
    return fig


def evppi_lambda_figure(result: ValueOfInformation) -> Figure:
    """EVPI and EVPPI per input group against λ (euros per extra successful client);
    the right axis gives euros a year. Uses the result's ``curve`` (or its table)."""
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
                label=group,
            )
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_formatter(FuncFormatter(_euros))
        ax.yaxis.set_major_formatter(FuncFormatter(_euros))
        ax.set_xlabel("λ: value of each extra successful client's unmonetised gains (€)")
        ax.set_ylabel("EVPI / EVPPI (€ per client)")
        right = ax.secondary_yaxis(
            "right", functions=(lambda v: v * result.intakes, lambda v: v / result.intakes)
        )
        right.yaxis.set_major_formatter(FuncFormatter(_short_euros))
        right.set_ylabel(f"€ per year ({result.intakes:,.0f} intakes)")
        ax.legend(fontsize=8, loc="upper right")
        ax.set_title("Value of information against λ")
    return fig
