"""The report's sections on the distributions (investment, benefits and balance per arm and
against the baseline, every pair with three or more arms) and the decision quantities
(who gains, what unmonetised gains must be worth, a year of intakes, convergence), from
:func:`mkba_mc.summarize` and :mod:`mkba_mc.decision`."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from .. import decision as dq
from .. import plots as figures
from ..analysis import pairwise
from ..plots._labels import (
    Lang,
    money,
    number,
    percent,
    probability,
    stakeholder_label,
)
from ..plots._labels import term as label_term
from .common import MAX_COLUMNS, RunContext, fitted, format_mean, format_probability
from .document import Paragraph, Section, Table
from .text import join, t

__all__ = ["decision_section", "distributions_section"]

THRESHOLDS = (0.8, 0.9)
"""Levels of P(arm preferred) whose λ the report states."""


def _summary_table(run: RunContext) -> Table:
    lang = run.lang
    rows = []

    def fmt(x: float, ratio: bool) -> str:
        return number(x, lang, 2) if ratio else money(x, lang)

    for arm in run.arms:
        for measure in ("investment", "total_benefit", "balance", "bcr"):
            r = run.row(arm, measure)
            ratio = measure == "bcr"
            rows.append(
                (
                    run.label(arm),
                    label_term(measure, lang),
                    fmt(r["mean"], ratio),
                    number(r["mean_se"], lang, 3 if ratio else 1),
                    fmt(r["median"], ratio),
                    fmt(r["q05"], ratio),
                    fmt(r["q95"], ratio),
                )
            )
    for arm in run.others:
        for measure in ("investment", "total_benefit", "balance"):
            r = run.row(arm, measure, versus=True)
            rows.append(
                (
                    f"{run.label(arm)} − {run.label(run.baseline)}",
                    f"Δ {label_term(measure, lang)}",
                    money(r["mean"], lang),
                    number(r["mean_se"], lang, 1),
                    money(r["median"], lang),
                    money(r["q05"], lang),
                    money(r["q95"], lang),
                )
            )
    header = (
        t("route", lang),
        t("measure", lang),
        t("mean", lang),
        "±",
        t("median", lang),
        "5%",
        "95%",
    )
    return Table("summary", header, tuple(rows), "llrrrrr", t("summary_caption", lang))


def _pairs_table(run: RunContext) -> Table:
    """With three or more arms, every pair side by side (SPEC 4)."""
    lang = run.lang
    rows = [
        (
            f"{run.label(r.arm)} − {run.label(r.versus)}",
            money(r.mean, lang),
            number(r.mean_se, lang, 1),
            money(r.q05, lang),
            money(r.q95, lang),
            probability(r.p_beats, math.nan, lang),
        )
        for r in pairwise(run.ds).itertuples()
    ]
    header = (t("pair", lang), t("mean", lang), "±", "5%", "95%", t("p_beats_column", lang))
    return Table("pairs", header, tuple(rows), "lrrrrr", t("pairs_caption", lang))


def distributions_section(run: RunContext) -> Section:
    lang, base = run.lang, run.label(run.baseline)
    arms = "" if len(run.others) == 1 else "_arms"
    return Section(
        "distributions",
        t("distributions", lang),
        (
            Paragraph(t("distributions_intro", lang, baseline=base)),
            _summary_table(run),
            *([_pairs_table(run)] if len(run.arms) > 2 else []),
            run.image(
                "balance",
                figures.balance_distributions(run.ds, lang),
                t(f"fig_balance{arms}", lang, baseline=base, others=run.others_label),
            ),
            run.image(
                "plane",
                figures.incremental_plane(run.ds, lang),
                t(f"fig_plane{arms}", lang, baseline=base, others=run.others_label),
            ),
            run.image("streams", figures.benefits_by_stream(run.ds, lang), t("fig_streams", lang)),
        ),
    )


def _thresholds(run: RunContext, curve: xr.Dataset, arm: str) -> str:
    """When P(arm preferred) reaches each of :data:`THRESHOLDS` on the curve's λ grid."""
    lang = run.lang
    grid = curve["wtp"].values
    p = curve["p_preferred"].sel(arm=arm).values
    parts = []
    for level in THRESHOLDS:
        reached = np.flatnonzero(p >= level)
        text = percent(level, lang, 0)
        if reached.size == 0:
            # staying below this level says it of every higher level too
            parts.append(t("threshold_never", lang, level=text, value=money(grid[-1], lang)))
            break
        if reached[0] == 0:
            parts.append(t("threshold_at_zero", lang, level=text))
        else:
            parts.append(
                t("threshold_reached", lang, level=text, value=money(grid[reached[0]], lang))
            )
    return t("thresholds", lang, arm=run.label(arm), parts=join(parts, lang))


def _break_even_text(run: RunContext, break_even: xr.DataArray, arm: str) -> str:
    lang = run.lang
    status = str(break_even["status"].sel(arm=arm).item())
    value = float(break_even.sel(arm=arm))
    se = float(break_even["mc_se"].sel(arm=arm))
    success = run.ds["share_successful"]
    return t(
        f"break_even_{status}",
        lang,
        arm=run.label(arm),
        value=money(value, lang),
        se=number(se, lang, 0),
        s_arm=percent(float(success.sel(arm=arm).mean()), lang),
        s_base=percent(float(success.sel(arm=run.baseline).mean()), lang),
    )


def _points(points: float, lang: Lang) -> str:
    """``1 percentage point``, ``2 percentage points``, ``0.5 percentage points``."""
    decimals = 0 if float(points).is_integer() else 1
    return t("points_one" if points == 1 else "points", lang, n=number(points, lang, decimals))


def _lambda_cell(values: xr.DataArray, arm: str, kind: str, lang: Lang) -> str:
    """A break-even value λ (:func:`mkba_mc.decision.break_even_wtp`) as a table cell."""
    status = str(values["status"].sel(arm=arm).item())
    if status in ("above", "below"):
        value = money(float(values.sel(arm=arm)), lang)
        se = number(float(values["mc_se"].sel(arm=arm)), lang, 0)
        cell = f"{value} ± {se}"
        # "below": the arm is preferred (pays for itself) only up to the value
        return t(f"{kind}_cell_below", lang, cell=cell, value=value) if status == "below" else cell
    return t(f"{kind}_cell_{status}", lang, value=money(0.0, lang))


def decision_section(run: RunContext) -> Section:
    lang, ds, base = run.lang, run.ds, run.label(run.baseline)
    holders = dq.stakeholder_benefits(ds)
    shares = {reading: dq.municipality_share(ds, reading) for reading in ("partly", "strict")}
    curve = dq.acceptability_curve(ds)
    break_even = dq.break_even_wtp(ds)
    pays = dq.break_even_wtp(ds, against="nothing")
    yearly = dq.scale_up(ds, dq.yearly_intakes(run.study))
    conv = dq.convergence(ds)

    rows = []
    for arm in run.others:
        diff = run.row(arm, "balance", versus=True)
        rows.append(
            (
                t("q_beats", lang, arm=run.label(arm), baseline=base),
                format_probability(diff["p_positive"], diff["p_positive_se"], lang),
            )
        )
        rows.append(
            (
                t("q_mean_difference", lang, arm=run.label(arm), baseline=base),
                format_mean(diff["mean"], diff["mean_se"], lang),
            )
        )
    for arm in run.arms:
        bal = run.row(arm, "balance")
        rows.append(
            (
                t("q_pays", lang, arm=run.label(arm)),
                format_probability(bal["p_positive"], bal["p_positive_se"], lang),
            )
        )
        rows.append(
            (
                t("q_mean_balance", lang, arm=run.label(arm)),
                format_mean(bal["mean"], bal["mean_se"], lang),
            )
        )
    success = ds["share_successful"]
    for arm in run.arms:
        x = np.asarray(success.sel(arm=arm).values, dtype=float)
        se = float(np.std(x, ddof=1) / math.sqrt(x.size)) if x.size > 1 else math.nan
        rows.append(
            (
                t("q_successful", lang, arm=run.label(arm)),
                format_probability(float(x.mean()), se, lang),
            )
        )
    for reading in ("partly", "strict"):
        for arm in run.arms:
            share = shares[reading]
            rows.append(
                (
                    t(
                        "q_payer_share",
                        lang,
                        payer=run.payer_text,
                        arm=run.label(arm),
                        reading=t(f"reading_{reading}", lang),
                    ),
                    format_probability(
                        float(share["share"].sel(arm=arm)), float(share["mc_se"].sel(arm=arm)), lang
                    ),
                )
            )
    for arm in run.others:
        rows.append(
            (
                t("q_break_even", lang, arm=run.label(arm), baseline=base),
                _lambda_cell(break_even, arm, "break_even", lang),
            )
        )
    for arm in run.arms:
        rows.append(
            (t("q_pays_lambda", lang, arm=run.label(arm)), _lambda_cell(pays, arm, "pays", lang))
        )
    decision_table = Table(
        "decision",
        (t("quantity", lang), t("value", lang)),
        tuple(rows),
        "lr",
        t("decision_caption", lang),
    )

    def shares_text(reading: str) -> str:
        share = shares[reading]
        return join(
            [
                t(
                    "for_arm",
                    lang,
                    value=percent(float(share["share"].sel(arm=a)), lang),
                    arm=run.label(a),
                )
                for a in run.arms
            ],
            lang,
        )

    holder_rows = []
    for holder in [str(h) for h in holders["stakeholder"].values]:
        row = [stakeholder_label(ds, holder, lang)]
        for arm in run.arms:
            row += [
                format_mean(
                    float(holders["mean"].sel(arm=arm, stakeholder=holder)),
                    float(holders["mc_se"].sel(arm=arm, stakeholder=holder)),
                    lang,
                ),
                percent(float(holders["share"].sel(arm=arm, stakeholder=holder)), lang),
            ]
        holder_rows.append(tuple(row))
    holder_header = [t("stakeholder", lang)]
    for arm in run.arms:
        holder_header += [
            t("mean_column", lang, arm=run.label(arm)),
            t("share_column", lang, arm=run.label(arm)),
        ]
    values, per = 2 * len(run.arms), 2 * (MAX_COLUMNS // 2)  # per part: whole arms
    holder_table = Table(
        "stakeholders",
        tuple(holder_header),
        tuple(holder_rows),
        "l" + "r" * (len(holder_header) - 1),
        t("stakeholders_caption", lang),
    )

    wtp_text = [t("unmonetised", lang)]
    for arm in run.others:
        wtp_text += [_break_even_text(run, break_even, arm), _thresholds(run, curve, arm)]

    yearly_rows = []
    for arm in run.arms:
        for measure in ("investment", "total_benefit", "balance"):
            cell = yearly.sel(arm=arm, measure=measure)
            yearly_rows.append(
                (
                    run.label(arm),
                    label_term(measure, lang),
                    money(float(cell["mean"]), lang),
                    money(float(cell["q05"]), lang),
                    money(float(cell["q95"]), lang),
                )
            )
    for arm in run.others:
        for measure in ("investment", "total_benefit", "balance"):
            cell = yearly.sel(arm=arm, measure=measure)
            yearly_rows.append(
                (
                    f"{run.label(arm)} − {base}",
                    f"Δ {label_term(measure, lang)}",
                    money(float(cell["delta_mean"]), lang),
                    money(float(cell["delta_q05"]), lang),
                    money(float(cell["delta_q95"]), lang),
                )
            )
    intakes = number(dq.yearly_intakes(run.study), lang)
    yearly_table = Table(
        "scale_up",
        (t("route", lang), t("measure", lang), t("mean", lang), "5%", "95%"),
        tuple(yearly_rows),
        "llrrr",
        t("scale_up_caption", lang, intakes=intakes),
    )
    scale_up_text = t("scale_up", lang, intakes=intakes)
    if run.study.intakes_per_year is None:
        scale_up_text += " " + t("intakes_default", lang, intakes=intakes)
    yearly_blocks = [Paragraph(scale_up_text), yearly_table]
    if yearly.attrs.get("note"):
        yearly_blocks.append(
            Paragraph(t("scale_up_note", lang, cohort=yearly.attrs["cohort"], intakes=intakes))
        )

    p_parts = []
    for arm in run.others:
        stable = float(conv["p_stable_after"].sel(arm=arm))
        key = "converged_p" if stable < run.n else "unconverged_p"
        p_parts.append(
            t(
                key,
                lang,
                arm=run.label(arm),
                baseline=base,
                n=number(stable, lang),
                draws=number(run.n, lang),
                tol=_points(100 * conv.attrs["tolerance"], lang),
            )
        )
    balance_parts = []
    for arm in run.arms:
        stable = float(conv["balance_stable_after"].sel(arm=arm))
        balance_parts.append(
            t("converged_balance_arm", lang, n=number(stable, lang), arm=run.label(arm))
            if stable < run.n
            else t("not_converged", lang, arm=run.label(arm))
        )
    conv_text = t(
        "convergence",
        lang,
        p_part=" ".join(p_parts),
        balance_part=t(
            "converged_balance",
            lang,
            tol=money(conv.attrs["balance_tolerance"], lang),
            parts=join(balance_parts, lang),
        ),
    )

    return Section(
        "decision",
        t("decision", lang),
        (
            decision_table,
            Paragraph(
                t(
                    "who_gains",
                    lang,
                    partly=t(
                        "who_partly", lang, payer=run.payer_text, shares=shares_text("partly")
                    ),
                    strict=t(
                        "who_strict", lang, payer=run.payer_text, shares=shares_text("strict")
                    ),
                )
            ),
            *fitted(holder_table, [range(k, min(k + per, values)) for k in range(0, values, per)]),
            run.image(
                "stakeholders",
                figures.benefits_by_stakeholder(ds, lang),
                t("fig_stakeholders", lang),
            ),
            Paragraph(" ".join(wtp_text)),
            run.image(
                "acceptability",
                figures.acceptability_curve(ds, lang, result=curve),
                t("fig_acceptability", lang),
            ),
            *yearly_blocks,
            Paragraph(conv_text),
            run.image(
                "convergence",
                figures.convergence(ds, lang, result=conv),
                t("fig_convergence", lang),
            ),
        ),
    )
