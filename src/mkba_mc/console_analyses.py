"""Text of the sensitivity and value-of-information analyses, for the console.

The analyses (:mod:`mkba_mc.sensitivity`, :mod:`mkba_mc.voi`) return data; this module
writes them as text tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .console import money, text_table
from .sensitivity import RankIndices, SobolIndices, Thresholds, Tornado
from .voi import ValueOfInformation

__all__ = ["format_rank", "format_sobol", "format_thresholds", "format_tornado", "format_voi"]


def _number(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _first_measure(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["measure"].isin(table.loc[table["versus"] != "", "measure"].unique())]


def format_tornado(result: Tornado, top: int = 12) -> str:
    """The widest bars of each difference in balance, as a text table."""
    low, high = (f"{100 * p:g}%" for p in result.percentiles)
    lines = []
    for measure, rows in _first_measure(result.table).groupby("measure", sort=False):
        base = rows["base"].iloc[0]
        lines += [
            f"One-way sensitivity (tornado): {measure}, euros per client; "
            f"base (all inputs at their means) {money(base)}"
        ]
        table = [["input", "group", f"at {low}", f"at {high}", "swing"]]
        for _, r in rows.head(top).iterrows():
            table.append(
                [r["input"], r["group"], money(r["at_low"]), money(r["at_high"]), money(r["swing"])]
            )
        lines += text_table(table, "llrrr")
        if len(rows) > top:
            lines.append(f"  ... and {len(rows) - top} more (all in tornado.csv)")
        lines.append("  Vectors and groups: the measure's own percentiles as they vary alone.")
    return "\n".join(lines)


def format_thresholds(result: Thresholds) -> str:
    """Scalar inputs that can change the sign of a difference in balance on their own."""
    low, high = result.interval
    width = f"{100 * (high - low):g}%"
    lines = []
    for measure, rows in _first_measure(result.table).groupby("measure", sort=False):
        found = rows[np.isfinite(rows["threshold"])]
        found = found.iloc[np.argsort(np.abs(found["quantile"].to_numpy() - 0.5), kind="stable")]
        lines.append(f"Threshold values: {measure} changes sign (others at their means)")
        if found.empty:
            lines.append("  no single input can change its sign on its own")
        else:
            table = [["input", "mean", "threshold", "quantile", f"in {width} interval", "positive"]]
            for _, r in found.iterrows():
                table.append(
                    [
                        r["input"],
                        _number(r["mean"]),
                        _number(r["threshold"]),
                        f"{100 * r['quantile']:.1f}%",
                        "yes" if r["inside"] else "no",
                        "above" if r["positive_above"] else "below",
                    ]
                )
            lines += text_table(table, "lrrrll")
        lines.append(
            f"  The other {len(rows) - len(found)} of {len(rows)} scalar inputs cannot "
            "change the sign anywhere in their support."
        )
    return "\n".join(lines)


def format_sobol(result: SobolIndices, top: int = 12) -> str:
    """First and total order indices of each difference in balance, as a text table."""
    level = f"{100 * result.confidence_level:g}%"
    lines = []
    for measure, rows in _first_measure(result.table).groupby("measure", sort=False):
        lines.append(
            f"Global sensitivity (Sobol'): {measure}; n = {result.n:,} "
            f"({result.evaluations:,} model runs), {level} bootstrap intervals"
        )
        for kind, title in (("group", "input group"), ("input", "input")):
            part = rows[rows["kind"] == kind]
            if part.empty:
                continue
            table = [[title, "first order", level, "total order", level]]
            for _, r in part.head(top).iterrows():
                cells = [r["input"]]
                for order in ("first", "total"):
                    cells += [
                        f"{r[order]:.3f}",
                        f"[{r[f'{order}_low']:.3f}, {r[f'{order}_high']:.3f}]",
                    ]
                table.append(cells)
            lines += text_table(table, "lrrrr")
            if len(part) > top:
                lines.append(f"  ... and {len(part) - top} more (all in sobol.csv)")
    return "\n".join(lines)


def format_rank(result: RankIndices, top: int = 12) -> str:
    """Spearman and SRRC of each difference in balance, as a text table."""
    lines = []
    for measure, rows in _first_measure(result.table).groupby("measure", sort=False):
        r2 = result.fit.loc[result.fit["measure"] == measure, "r2"].iloc[0]
        lines.append(
            f"Rank-based indices: {measure}; {result.draws:,} draws, rank regression R² = {r2:.3f}"
        )
        groups = result.groups[result.groups["measure"] == measure]
        table = [["input group", "rank R²"]]
        table += [[g["group"], f"{g['rank_r2']:.3f}"] for _, g in groups.iterrows()]
        lines += text_table(table, "lr")
        table = [["input", "Spearman", "SRRC", "rank R²"]]
        for _, r in rows.head(top).iterrows():
            rho, srrc = (
                "" if not math.isfinite(r[k]) else f"{r[k]:+.3f}".replace("-", "−")
                for k in ("spearman", "srrc")
            )
            table.append([r["input"], rho, srrc, f"{r['rank_r2']:.3f}"])
        lines += text_table(table, "lrrr")
        if len(rows) > top:
            lines.append(f"  ... and {len(rows) - top} more (all in rank.csv)")
    return "\n".join(lines)


def format_voi(result: ValueOfInformation, wtp: Sequence[float] | None = None) -> str:
    """EVPI and EVPPI per group at the given λ (default: all of the result's), as text."""
    table = result.table
    chosen = sorted(set(table["wtp"])) if wtp is None else list(wtp)
    lines = [
        f"Value of information: euros per client and per year "
        f"({result.intakes:,.0f} intakes); ± bootstrap standard error, {result.draws:,} draws"
    ]
    for lam in chosen:
        rows = table[np.isclose(table["wtp"], lam)]
        lines.append(
            f"λ = {money(lam)} per extra successful client "
            f"(choose {rows['best'].iloc[0]} on current information)"
        )
        out = [["", "per client", "± se", "per year", "± se", "of EVPI"]]
        for _, r in rows.iterrows():
            share = r["share_of_evpi"]
            out.append(
                [
                    r["group"],
                    money(r["per_client"]),
                    f"{r['se']:,.1f}",
                    money(r["per_year"]),
                    f"{r['per_year_se']:,.0f}",
                    f"{100 * share:.0f}%" if math.isfinite(share) else "",
                ]
            )
        widths = [max(len(row[i]) for row in out) for i in range(len(out[0]))]
        for row in out:
            cells = [
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  " + "  ".join(cells).rstrip())
    fits = result.fits
    if not fits.empty:
        lines.append("Regression fit (E[net benefit | group]): R² and leave-one-out R²")
        for _, r in fits[fits["target"].str.startswith("balance")].iterrows():
            lines.append(
                f"  {r['group']}: {r['basis']} basis, {r['terms']} terms; "
                f"{r['target']}: R² {r['r2']:.3f}, LOO R² {r['cv_r2']:.3f}"
            )
    return "\n".join(lines)
