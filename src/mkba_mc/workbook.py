"""A run's tables for spreadsheet users: the summary as CSV and an Excel workbook.

Presentation, on top of the analyses: every number comes from :func:`mkba_mc.summarize`,
:mod:`mkba_mc.decision`, :func:`mkba_mc.bridge.bridge` or :func:`mkba_mc.compare.compare`;
this module only adds the config's labels, units and formats.

``summary.csv`` is for any spreadsheet and for scripts: comma-separated with a decimal
point, UTF-8 with a byte-order mark (so Excel shows €, Δ and accents), values rounded as
a reader needs them (euros whole, probabilities to 0.1 percentage point, ratios to 0.01).
``summary-nl.csv`` holds the same table for Excel under Dutch regional settings, which
splits a CSV file at semicolons and reads a decimal comma: semicolon-separated, decimal
comma, Dutch headers, also UTF-8 with a byte-order mark. ``summary.xlsx`` holds the full
precision with Excel number formats.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from . import decision as dq
from .analysis import mean_se, pairwise, prob_best, summarize
from .bridge import bridge
from .config import parse_study
from .plots._labels import (
    Lang,
    arm_label,
    bridge_step_text,
    check_lang,
    in_prose,
    parameter_label,
    stakeholder_label,
    stream_label,
    term,
    translate,
)
from .workbook_risk import RISK_SHEETS, risk_frame

__all__ = [
    "SUMMARY_CSV",
    "SUMMARY_CSV_NL",
    "SUMMARY_XLSX",
    "summary_table",
    "workbook_bytes",
    "write_summary_csv",
]

WRITER = "mkba-mc"
"""The creator a workbook records, so that ``--force`` knows it may replace it."""

SUMMARY_CSV = "summary.csv"
SUMMARY_CSV_NL = "summary-nl.csv"
SUMMARY_XLSX = "summary.xlsx"

_WORDS: dict[str, tuple[str, str]] = {
    "arm": ("arm", "arm"),
    "arm_label": ("arm label", "naam arm"),
    "versus": ("against", "ten opzichte van"),
    "versus_label": ("against (label)", "ten opzichte van (naam)"),
    "measure": ("measure", "grootheid"),
    "unit": ("unit", "eenheid"),
    "mean": ("mean", "gemiddelde"),
    "mean_se": ("MCSE of the mean", "MCSE van het gemiddelde"),
    "median": ("median", "mediaan"),
    "q05": ("5%", "5%"),
    "q95": ("95%", "95%"),
    "p_positive": ("P(> 0) (%)", "kans > 0 (%)"),
    "p_positive_se": ("MCSE of P(> 0) (percentage points)", "MCSE van de kans (procentpunt)"),
    "ratio": ("ratio", "verhouding"),
    "difference": ("Δ {measure}", "Δ {measure}"),
    "summary": ("Summary", "Samenvatting"),
    "decision": ("Decision", "Beslissing"),
    "streams": ("Benefit streams", "Batenposten"),
    "stakeholders": ("Stakeholders", "Belanghebbenden"),
    "bridge": ("Bridge", "Brug"),
    "sets": ("Assumption sets", "Sets aannames"),
    "stream": ("benefit stream", "batenpost"),
    "stakeholder": ("stakeholder", "belanghebbende"),
    "share": ("share of the arm's benefits", "aandeel in de baten van de arm"),
    "delta": (
        "Δ against the baseline (€ per client)",
        "Δ ten opzichte van de basis (€ per cliënt)",
    ),
    "p_balance": ("P(balance > 0)", "kans saldo > 0"),
    "p_beats": ("P(beats the baseline)", "kans beter dan de basis"),
    "p_best": ("P(best of all arms)", "kans op de beste van alle armen"),
    "pairs": ("Pairs", "Paren"),
    "pair": ("arm − other arm", "arm − andere arm"),
    "mean_pair": ("mean Δ balance", "gemiddeld Δ saldo"),
    "p_pair": ("P(arm beats the other)", "kans dat de arm beter is dan de andere"),
    "mean_balance": ("mean balance (€ per client)", "gemiddeld saldo (€ per cliënt)"),
    "mean_delta": (
        "mean Δ balance against the baseline (€ per client)",
        "gemiddeld Δ saldo ten opzichte van de basis (€ per cliënt)",
    ),
    "successful": ("share of clients successful", "aandeel succesvolle cliënten"),
    "payer_partly": (
        "share of benefits with the {payer} (partly)",
        "aandeel baten bij de {payer} (deels)",
    ),
    "payer_strict": (
        "share of benefits with the {payer} (strictly)",
        "aandeel baten bij de {payer} (strikt)",
    ),
    "break_even": (
        "λ at which it beats the baseline (€ per successful client)",
        "λ waarbij beter dan de basis (€ per succesvolle cliënt)",
    ),
    "break_even_status": ("against the baseline", "ten opzichte van de basis"),
    "pays_for_itself": (
        "λ at which it pays for itself (€ per successful client)",
        "λ waarbij terugverdiend (€ per succesvolle cliënt)",
    ),
    "pays_for_itself_status": ("paying for itself", "terugverdienen"),
    # what a break-even λ means (mkba_mc.decision.BREAK_EVEN_STATUS)
    "status_above": ("when λ is above it", "als λ erboven ligt"),
    "status_below": ("while λ is below it", "zolang λ eronder ligt"),
    "status_always": ("at every λ", "bij elke λ"),
    "status_never": ("at no λ", "bij geen λ"),
    "step": ("step", "stap"),
    "what": ("what changes", "wat verandert"),
    "target": ("arm or difference", "arm of verschil"),
    "effect": ("effect (€ per client)", "effect (€ per cliënt)"),
    "level": ("balance after the step (€ per client)", "saldo na de stap (€ per cliënt)"),
    "mc_se": ("MCSE (€ per client)", "MCSE (€ per cliënt)"),
    "set": ("set", "set"),
    "title": ("title", "titel"),
    "draws": ("draws", "trekkingen"),
}


def _w(key: str, lang: Lang, **fields) -> str:
    text = _WORDS[key][0 if lang == "en" else 1]
    return text.format(**fields) if fields else text


def _unit(measure: str, lang: Lang) -> str:
    return _w("ratio", lang) if measure == "bcr" else term("per_client", lang)


def summary_table(
    ds: xr.Dataset, lang: Lang = "en", summary: pd.DataFrame | None = None
) -> pd.DataFrame:
    """:func:`mkba_mc.summarize` of a run with the config's labels and each row's unit.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    lang
        Language of the labels (``"en"`` or ``"nl"``).
    summary
        :func:`mkba_mc.summarize` of ``ds``, where the caller has it already.

    Returns
    -------
    pandas.DataFrame
        One row per arm and measure, and per non-baseline arm and measure against the
        baseline: ``arm`` and ``arm_label``, ``versus`` and ``versus_label`` (the baseline,
        or empty), ``measure`` (its label, ``Δ …`` for a difference), ``unit`` (euros per
        client, or a ratio), and the values, unrounded: ``mean``, ``mean_se``, ``median``,
        ``q05``, ``q95``, ``p_positive`` and ``p_positive_se`` (probabilities as fractions:
        P(balance > 0) for an arm, P(arm beats baseline) for its difference in balance).
    """
    lang = check_lang(lang)
    summary = summarize(ds) if summary is None else summary
    rows = []
    for _, r in summary.iterrows():
        measure = term(r["measure"], lang)
        if r["versus"]:
            measure = _w("difference", lang, measure=measure)
        rows.append(
            {
                "arm": r["arm"],
                "arm_label": arm_label(ds, r["arm"], lang),
                "versus": r["versus"],
                "versus_label": arm_label(ds, r["versus"], lang) if r["versus"] else "",
                "measure": measure[:1].upper() + measure[1:],
                "unit": _unit(r["measure"], lang),
                **{k: r[k] for k in ("mean", "mean_se", "median", "q05", "q95")},
                "p_positive": r.get("p_positive", math.nan),
                "p_positive_se": r.get("p_positive_se", math.nan),
                "_ratio": r["measure"] == "bcr",
            }
        )
    return pd.DataFrame(rows)


def _rounded(table: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """Values as text, rounded for reading: euros whole, ratios to 0.01, probabilities in
    percent to 0.1; ``decimal`` is the decimal mark; missing values are left empty."""

    def text(x: float, digits: int) -> str:
        if not math.isfinite(x):
            return ""
        value = round(x, digits) + 0.0  # + 0.0 turns −0 into 0
        return f"{value:.{digits}f}".replace(".", decimal)

    out = table.drop(columns="_ratio").copy()
    for column in ("mean", "mean_se", "median", "q05", "q95"):
        digits = np.where(table["_ratio"], 2, 0)
        out[column] = [text(x, d) for x, d in zip(table[column], digits, strict=True)]
    for column in ("p_positive", "p_positive_se"):
        out[column] = [text(100 * x, 1) for x in table[column]]
    return out


def write_summary_csv(
    ds: xr.Dataset,
    path: str | os.PathLike,
    lang: Lang = "en",
    summary: pd.DataFrame | None = None,
) -> Path:
    """Write the summary of a run as CSV, rounded for reading.

    Parameters
    ----------
    ds
        A run.
    path
        The file to write.
    lang
        ``"en"``: English headers, comma-separated, decimal point (:data:`SUMMARY_CSV`).
        ``"nl"``: Dutch headers, semicolon-separated, decimal comma, as Excel reads a CSV
        file under Dutch regional settings (:data:`SUMMARY_CSV_NL`). Both are UTF-8 with a
        byte-order mark, which tells Excel the encoding.
    summary
        :func:`mkba_mc.summarize` of ``ds``, where the caller has it already.
    """
    lang = check_lang(lang)
    table = _rounded(summary_table(ds, lang, summary), "." if lang == "en" else ",")
    table.columns = [_w(c, lang) for c in table.columns]
    path = Path(path)
    table.to_csv(path, index=False, sep="," if lang == "en" else ";", encoding="utf-8-sig")
    return path


# --------------------------------------------------------------------------- Excel

EURO = '"€" #,##0;"€" -#,##0'
EURO_SE = '"€" #,##0.0'
RATIO = "0.00"
PROBABILITY = "0.0%"
COUNT = "#,##0"


def _sheet(book, title: str, header: Sequence[str], rows: Sequence[Sequence], formats) -> None:
    """Add a sheet: a bold, frozen header row, the rows, each column's number format
    (``formats``: one per column, or a function of the row giving them) and width."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        values = [None if isinstance(v, float) and not math.isfinite(v) else v for v in row]
        sheet.append(values)
        row_formats = formats(row) if callable(formats) else formats
        for cell, fmt in zip(sheet[sheet.max_row], row_formats, strict=True):
            if fmt:
                cell.number_format = fmt
    sheet.freeze_panes = "A2"
    for k, name in enumerate(header, start=1):
        longest = max([len(str(r[k - 1])) for r in rows if isinstance(r[k - 1], str)] or [0])
        width = max(10, min(48, max(longest, min(len(name), 28)) + 2))
        sheet.column_dimensions[sheet.cell(1, k).column_letter].width = width


def _table_sheet(book, title: str, table: pd.DataFrame) -> None:
    """A table of an analysis as it is, one column each, full precision."""
    rows = [
        [v.item() if hasattr(v, "item") else v for v in row]
        for row in table.itertuples(index=False, name=None)
    ]
    _sheet(book, title[:31], [str(c) for c in table.columns], rows, [None] * table.shape[1])


def _summary_sheet(book, ds: xr.Dataset, summary: pd.DataFrame, lang: Lang) -> None:
    table = summary_table(ds, lang, summary)
    columns = [c for c in table.columns if c != "_ratio"]

    def formats(row):
        value = RATIO if row[columns.index("unit")] == _w("ratio", lang) else EURO
        spread = RATIO if value == RATIO else EURO_SE
        return [None] * 6 + [value, spread, value, value, value, PROBABILITY, PROBABILITY]

    rows = [list(r) for r in table[columns].itertuples(index=False)]
    _sheet(book, _w("summary", lang), [_w(c, lang) for c in columns], rows, formats)


def _status(status, lang: Lang) -> str:
    """A break-even status (:data:`mkba_mc.decision.BREAK_EVEN_STATUS`) in words; empty
    for the baseline against itself."""
    return _w(f"status_{status}", lang) if status else ""


def _payer_text(ds: xr.Dataset, lang: Lang) -> str:
    """The run's payer (:func:`mkba_mc.decision.payer`) as a heading names it after
    "the" / "de"."""
    return in_prose(stakeholder_label(ds, dq.payer(ds), lang))


def _decision_sheet(book, ds: xr.Dataset, summary: pd.DataFrame, lang: Lang) -> None:
    decisions = dq.decision_summary(ds)
    baseline = str(ds.attrs["baseline"])
    balance = summary[summary["measure"] == "balance"].set_index(["arm", "versus"])
    keys = [k for k in ("payer_partly", "payer_strict") if k in decisions]
    header = [
        _w("arm", lang),
        _w("arm_label", lang),
        _w("p_balance", lang),
        _w("mean_balance", lang),
        _w("p_beats", lang),
        _w("mean_delta", lang),
        _w("p_best", lang),
        _w("successful", lang),
        *(_w(k, lang, payer=_payer_text(ds, lang)) for k in keys),
        _w("break_even", lang),
        _w("break_even_status", lang),
        _w("pays_for_itself", lang),
        _w("pays_for_itself_status", lang),
    ]
    formats = [None, None, PROBABILITY, EURO, PROBABILITY, EURO, PROBABILITY, PROBABILITY]
    formats += [PROBABILITY] * len(keys) + [EURO, None, EURO, None]
    best = prob_best(ds).set_index("arm")["p_best"]
    rows = []
    for arm in (str(a) for a in ds["arm"].values):
        own = balance.loc[(arm, "")]
        delta = balance.loc[(arm, baseline)] if arm != baseline else None
        rows.append(
            [
                arm,
                arm_label(ds, arm, lang),
                own["p_positive"],
                own["mean"],
                math.nan if delta is None else delta["p_positive"],
                math.nan if delta is None else delta["mean"],
                float(best[arm]),
                float(ds["share_successful"].sel(arm=arm).mean()),
                *(float(decisions[k].sel(arm=arm)) for k in keys),
                float(decisions["break_even"].sel(arm=arm)),
                _status(decisions["break_even_status"].sel(arm=arm).item(), lang),
                float(decisions["pays_for_itself"].sel(arm=arm)),
                _status(decisions["pays_for_itself_status"].sel(arm=arm).item(), lang),
            ]
        )
    _sheet(book, _w("decision", lang), header, rows, formats)


def _pairs_sheet(book, ds: xr.Dataset, lang: Lang) -> None:
    per_client = term("per_client", lang)
    header = [
        _w("pair", lang),
        f"{_w('mean_pair', lang)} ({per_client})",
        _w("mean_se", lang),
        "5%",
        "95%",
        _w("p_pair", lang),
    ]
    rows = [
        [
            f"{arm_label(ds, r['arm'], lang)} − {arm_label(ds, r['versus'], lang)}",
            *(r[k] for k in ("mean", "mean_se", "q05", "q95", "p_beats")),
        ]
        for _, r in pairwise(ds).iterrows()
    ]
    formats = [None, EURO, EURO_SE, EURO, EURO, PROBABILITY]
    _sheet(book, _w("pairs", lang), header, rows, formats)


def _describe(x: np.ndarray) -> list[float]:
    return [float(x.mean()), mean_se(x), float(np.quantile(x, 0.05)), float(np.quantile(x, 0.95))]


def _streams_sheet(book, ds: xr.Dataset, lang: Lang) -> None:
    header = [
        _w("arm", lang),
        _w("arm_label", lang),
        _w("stream", lang),
        f"{_w('mean', lang)} ({term('per_client', lang)})",
        f"{_w('mean_se', lang)} ({term('per_client', lang)})",
        f"5% ({term('per_client', lang)})",
        f"95% ({term('per_client', lang)})",
    ]
    rows = []
    for arm in (str(a) for a in ds["arm"].values):
        for stream in (str(s) for s in ds["stream"].values):
            x = np.asarray(ds["benefit"].sel(arm=arm, stream=stream).values, dtype=float)
            label = stream_label(ds, stream, lang)
            rows.append([arm, arm_label(ds, arm, lang), label, *_describe(x)])
    formats = [None, None, None, EURO, EURO_SE, EURO, EURO]
    _sheet(book, _w("streams", lang), header, rows, formats)


def _stakeholders_sheet(book, ds: xr.Dataset, lang: Lang) -> None:
    holders = dq.stakeholder_benefits(ds)
    per_client = term("per_client", lang)
    header = [
        _w("stakeholder", lang),
        _w("arm", lang),
        _w("arm_label", lang),
        f"{_w('mean', lang)} ({per_client})",
        f"{_w('mean_se', lang)} ({per_client})",
        f"5% ({per_client})",
        f"95% ({per_client})",
        _w("share", lang),
        _w("delta", lang),
    ]
    rows = []
    for holder in (str(h) for h in holders["stakeholder"].values):
        for arm in (str(a) for a in holders["arm"].values):
            at = holders.sel(arm=arm, stakeholder=holder)
            rows.append(
                [
                    stakeholder_label(ds, holder, lang),
                    arm,
                    arm_label(ds, arm, lang),
                    *(float(at[k]) for k in ("mean", "mc_se", "q05", "q95", "share")),
                    float(at["delta_mean"]),
                ]
            )
    formats = [None, None, None, EURO, EURO_SE, EURO, EURO, PROBABILITY, EURO]
    _sheet(book, _w("stakeholders", lang), header, rows, formats)


def _bridge_sheet(book, ds: xr.Dataset, lang: Lang) -> None:
    study = parse_study(str(ds.attrs["config"]), origin=str(ds.attrs.get("config_origin", "")))
    steps = bridge(study, ds)
    labels = {
        name: parameter_label(ds, name, lang) if f"param_{name}" in ds else p.label
        for name, p in study.parameters.items()
    }
    rate = study.discounting.rate if study.discounting is not None else None
    header = [
        _w("step", lang),
        _w("target", lang),
        _w("what", lang),
        _w("effect", lang),
        _w("level", lang),
        _w("mc_se", lang),
    ]
    rows = []
    for _, r in steps.iterrows():
        target = arm_label(ds, r["arm"], lang)
        if r["versus"]:
            target = f"{target} − {arm_label(ds, r['versus'], lang)}"
        what = bridge_step_text(r, lang, labels, rate)
        rows.append([int(r["step"]), target, what, r["effect"], r["level"], r["mc_se"]])
    formats = [COUNT, None, None, EURO, EURO, EURO_SE]
    _sheet(book, _w("bridge", lang), header, rows, formats)


def _sets_sheet(book, ds: xr.Dataset, sets: pd.DataFrame, lang: Lang) -> None:
    balance = sets[sets["measure"] == "balance"]
    known = {str(a) for a in ds["arm"].values}

    def label(arm: str) -> str:
        return arm_label(ds, arm, lang) if arm in known else arm

    measure = term("balance", lang)
    header = [
        _w("set", lang),
        _w("title", lang),
        _w("draws", lang),
        _w("target", lang),
        f"{_w('mean', lang)} {measure} ({term('per_client', lang)})",
        _w("mean_se", lang),
        "5%",
        "95%",
        _w("p_positive", lang).replace(" (%)", ""),
    ]
    rows = []
    for _, r in balance.iterrows():
        target = label(r["arm"]) + (f" − {label(r['versus'])}" if r["versus"] else "")
        rows.append(
            [
                r["set"],
                r.get(f"title_{lang}", translate(ds, r["title"], lang)),
                int(r["draws"]),
                target,
                *(r[k] for k in ("mean", "mean_se", "q05", "q95", "p_positive")),
            ]
        )
    formats = [None, None, COUNT, None, EURO, EURO_SE, EURO, EURO, PROBABILITY]
    _sheet(book, _w("sets", lang), header, rows, formats)


def workbook_bytes(
    ds: xr.Dataset,
    sets: pd.DataFrame | None = None,
    lang: Lang = "en",
    summary: pd.DataFrame | None = None,
    risk=None,
) -> bytes:
    """The tables of a run as an Excel workbook (``.xlsx``).

    Sheets: the summary (:func:`summary_table`: per arm and each arm against the
    baseline, mean, MCSE, median, 5% and 95% and P(> 0)); the decision table (per arm:
    P(balance > 0), mean balance, P(beats the baseline) and mean difference, share of
    P(best of all arms), successful clients, the payer's share of the benefits,
    the values λ at which the arm beats the baseline and pays for itself); with three or
    more arms, every pair side by side (:func:`mkba_mc.analysis.pairwise`); benefit
    streams and stakeholders (mean, MCSE, 5% and 95%, share); the bridge from the
    study's balance to the simulation's mean (:func:`mkba_mc.bridge.bridge`); and, when
    ``sets`` is given, the assumption sets. Labels come from the run's config, units are
    in the headers, euros and probabilities carry Excel number formats at full
    precision, and each sheet's header row is frozen.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`, or opened from ``results.nc``).
    sets
        Assumption sets (:func:`mkba_mc.compare.compare`), or ``None``.
    lang
        Language of the headers and labels.
    summary
        :func:`mkba_mc.summarize` of ``ds``, where the caller has it already.
    risk
        The investment-risk view (:func:`mkba_mc.risk.investment_risk`), whose tables
        (:meth:`~mkba_mc.risk.InvestmentRisk.tables`: business cases, downside, loss
        limits, cash flow and payback) become one sheet each; ``None`` leaves them out.
    """
    from openpyxl import Workbook

    lang = check_lang(lang)
    summary = summarize(ds) if summary is None else summary
    book = Workbook()
    book.remove(book.active)
    _summary_sheet(book, ds, summary, lang)
    _decision_sheet(book, ds, summary, lang)
    if ds.sizes["arm"] > 2:
        _pairs_sheet(book, ds, lang)
    _streams_sheet(book, ds, lang)
    _stakeholders_sheet(book, ds, lang)
    _bridge_sheet(book, ds, lang)
    if sets is not None:
        _sets_sheet(book, ds, sets, lang)
    if risk is not None:
        for name, table in risk.tables().items():
            title = RISK_SHEETS[name][0 if lang == "en" else 1]
            _table_sheet(book, title, risk_frame(ds, table, lang))
    book.properties.title = str(ds.attrs.get("title", ""))
    book.properties.creator = WRITER  # how --force knows the file is ours
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
