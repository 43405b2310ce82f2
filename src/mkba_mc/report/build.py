"""Build a :class:`~mkba_mc.report.document.Report` from a run's Dataset.

Every number in the report comes from the run (:func:`mkba_mc.summarize` and
:mod:`mkba_mc.decision`), from the replication of the study's published tables
(:func:`mkba_mc.replicate`), or from the sensitivity and value-of-information analyses of
the run's study (:mod:`mkba_mc.report.sensitivity`), formatted by
:mod:`mkba_mc.plots._labels` in the report's language. Figures come from
:mod:`mkba_mc.plots`.

Sections, in order: the question, the answer in two sentences, the replication of the
study, the distributions, the decision quantities, sensitivity and value of information,
the risk for the municipality (:mod:`~mkba_mc.report.risk`), the assumptions with their
sources, and what the model leaves out.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd
import xarray as xr

from .. import decision as dq
from .. import plots as figures
from .._version import __version__
from ..analysis import pairwise, prob_best
from ..bridge import bridge
from ..decision import INTAKES_PER_YEAR
from ..plots._labels import (
    Lang,
    bridge_rows,
    check_lang,
    distribution_text,
    group_label,
    money,
    number,
    percent,
    stakeholder_label,
)
from ..plots._labels import term as label_term
from ..replication import replicate
from ..spec import INPUT_GROUPS
from .common import RunContext, format_mean, format_probability
from .document import Bullets, Paragraph, Report, Section, Table
from .risk import risk_sections
from .sensitivity import SensitivityAnalyses, sensitivity_section
from .text import join, t

__all__ = ["MIN_DRAWS", "build_report"]

MIN_DRAWS = 2
"""The fewest draws a report can describe (a spread and a standard error need two)."""

THRESHOLDS = (0.8, 0.9)
"""Levels of P(arm preferred) whose λ the report states."""

# --------------------------------------------------------------------------- helpers


# --------------------------------------------------------------------------- sections


def _question(run: RunContext) -> Section:
    lang = run.lang
    arms = join(
        [
            t("arm_baseline" if a == run.baseline else "arm_item", lang, label=run.label(a), name=a)
            for a in run.arms
        ],
        lang,
    )
    dossiers = join(
        [
            t("dossiers", lang, n=run.study.arm(a).n_dossiers, label=run.label(a))
            for a in run.arms
            if not run.study.arm(a).relative_to  # an arm relative to another has none
        ],
        lang,
    )
    return Section(
        "question",
        t("question", lang),
        (
            Paragraph(
                t(
                    "question_study",
                    lang,
                    source=run.study.translate(run.study.source, lang),
                    arms=arms,
                    dossiers=dossiers,
                )
            ),
            *(
                [Paragraph(run.study.translate(run.study.description, lang))]
                if run.study.description
                else []
            ),
            Paragraph(
                t(
                    "question_council",
                    lang,
                    arm=run.others_label,
                    baseline=run.label(run.baseline),
                    draws=number(run.n, lang),
                )
            ),
        ),
    )


def _answer(run: RunContext) -> Section:
    lang = run.lang
    base = run.label(run.baseline)
    sentences = []
    if len(run.arms) > 2:
        best = prob_best(run.ds)
        chances = join(
            [
                t("for_arm", lang, value=percent(r.p_best, lang), arm=run.label(r.arm))
                for r in best.itertuples()
            ],
            lang,
        )
        top = max(run.arms, key=lambda a: run.row(a, "balance")["mean"])
        sentences.append(t("answer_best", lang, chances=chances, best=run.label(top)))
    for arm in run.others if len(run.arms) == 2 else ():
        diff = run.row(arm, "balance", versus=True)
        sentences.append(
            t(
                "answer_beats",
                lang,
                p=percent(diff["p_positive"], lang),
                arm=run.label(arm),
                baseline=base,
                diff=money(diff["mean"], lang),
                lo=money(diff["q05"], lang),
                hi=money(diff["q95"], lang),
            )
        )
    own = [run.row(a, "balance") for a in run.arms]
    chances = join(
        [
            t("for_arm", lang, value=percent(r["p_positive"], lang), arm=run.label(a))
            for a, r in zip(run.arms, own, strict=True)
        ],
        lang,
    )
    balances = join([money(r["mean"], lang) for r in own], lang)
    sentences.append(t("answer_pays", lang, chances=chances, balances=balances))
    return Section(
        "answer",
        t("answer", lang),
        (
            Paragraph(" ".join(sentences), strong=True),
            Paragraph(t("answer_note", lang)),
        ),
    )


def _bridge(run: RunContext) -> Section:
    """From the study's balance to the simulation's mean, step by step (SPEC 4)."""
    lang = run.lang
    table = bridge(run.study, run.ds)
    parameters = {name: run.parameter_text(name) for name in run.study.parameters}
    rate = None if run.study.discounting is None else run.study.discounting.rate
    header, steps = bridge_rows(table, lang, parameters, run.label, rate)
    rows = [tuple(cells) for _, cells in steps]
    start = (
        "bridge_start_published" if table["kind"].iloc[0] == "published" else "bridge_start_study"
    )
    return Section(
        "bridge",
        t("bridge", lang),
        (
            Paragraph(t("bridge_intro", lang, start=t(start, lang))),
            Table(
                "bridge",
                tuple(header),
                tuple(rows),
                "l" + "r" * (len(header) - 1),
                t("bridge_caption", lang),
            ),
            run.image(
                "bridge",
                figures.bridge_waterfall(table, run.ds, lang, parameters, rate),
                t("fig_bridge", lang, baseline=run.label(run.baseline)),
            ),
        ),
    )


def _set_title(sets: pd.DataFrame, name: str, lang: Lang, study) -> str:
    """A set's title in ``lang``, less what every set's title shares (``"literature
    months: PERT(4, 4, 12)"`` rather than the study's name again)."""
    titles = [study.translate(str(x), lang) for x in dict.fromkeys(sets["title"])]
    title = study.translate(str(sets.loc[sets["set"] == name, "title"].iloc[0]), lang)
    common = os.path.commonprefix(titles) if len(titles) > 1 else ""
    common = common[: common.rfind("(") + 1] if "(" in common else ""
    short = title[len(common) :].strip()
    if common and short.endswith(")"):
        short = short[:-1]
    return short or title


def _sets(run: RunContext, sets: pd.DataFrame) -> Section:
    """The answer beside each alternative assumption set (SPEC 3: never folded into it)."""
    lang, base = run.lang, run.label(run.baseline)
    names = list(dict.fromkeys(sets["set"]))
    own = names[0]

    def value(name, arm, measure, column, versus):
        rows = sets[
            (sets["set"] == name)
            & (sets["arm"] == arm)
            & (sets["measure"] == measure)
            & ((sets["versus"] != "") == versus)
        ]
        return float(rows[column].iloc[0])

    header = [t("set_column", lang)]
    for arm in run.others:
        header += [
            t("p_beats_set_column", lang, arm=run.label(arm), baseline=base),
            t("mean_diff_column", lang, arm=run.label(arm)),
        ]
    header += [t("p_pays_column", lang, arm=run.label(a)) for a in run.arms]
    rows = []
    for name in names:
        title = _set_title(sets, name, lang, run.study)
        row = [t("this_answer", lang, title=title) if name == own else title]
        for arm in run.others:
            row += [
                percent(value(name, arm, "balance", "p_positive", True), lang),
                money(value(name, arm, "balance", "mean", True), lang),
            ]
        row += [percent(value(name, a, "balance", "p_positive", False), lang) for a in run.arms]
        rows.append(tuple(row))
    blocks = [Paragraph(t("sets_intro", lang, draws=number(int(sets["draws"].iloc[0]), lang)))]
    for arm in run.others:
        chances = {n: value(n, arm, "balance", "p_positive", True) for n in names[1:]}
        if not chances:
            continue
        low, high = min(chances, key=chances.get), max(chances, key=chances.get)
        blocks.append(
            Paragraph(
                t(
                    "sets_range",
                    lang,
                    arm=run.label(arm),
                    baseline=base,
                    low=percent(chances[low], lang),
                    low_set=_set_title(sets, low, lang, run.study),
                    high=percent(chances[high], lang),
                    high_set=_set_title(sets, high, lang, run.study),
                    own=percent(value(own, arm, "balance", "p_positive", True), lang),
                )
            )
        )
    blocks.append(
        Table(
            "sets",
            tuple(header),
            tuple(rows),
            "l" + "r" * (len(header) - 1),
            t("sets_caption", lang, baseline=base),
        )
    )
    labels = {a: run.label(a) for a in run.arms}
    shown = sets.assign(set=[_set_title(sets, n, lang, run.study) for n in sets["set"]])
    blocks.append(
        run.image(
            "sets",
            figures.assumption_sets(shown, lang, labels),
            t("fig_sets", lang, baseline=base),
        )
    )
    return Section("sets", t("sets", lang), tuple(blocks))


def _replication(run: RunContext) -> Section:
    """The study's tables recomputed at its own values; only for a config that states the
    published figures (SPEC 8)."""
    lang = run.lang
    study = run.study
    rep = replicate(study)
    table = rep.table
    arms = [a for a in study.arm_names if a in study.published.arms]
    labels = {a.name: a.label for a in study.arms}
    compared = table["match"].dropna()

    def cell(part: str, arm: str, item: str, column: str) -> str:
        rows = table[(table["table"] == part) & (table["arm"] == arm) & (table["item"] == item)]
        value = rows[column].iloc[0] if len(rows) else None
        return "" if value is None or pd.isna(value) else money(float(value), lang)

    items = [("totals", "investment", label_term("investment", lang))]
    items += [("benefits", b.name, run.stream_text(b.name, b.label)) for b in study.benefits]
    items += [
        ("totals", "total benefits, as published", t("total_as_published", lang)),
        ("totals", "balance, as published", t("balance_as_published", lang)),
        ("totals", "total benefits, corrected", t("total_corrected", lang)),
        ("totals", "balance, corrected", t("balance_corrected", lang)),
    ]
    header = [""]
    for arm in arms:
        header += [
            t("model_column", lang, arm=labels[arm]),
            t("published_column", lang, arm=labels[arm]),
        ]
    rows = []
    for part, item, text in items:
        row = [text]
        for arm in arms:
            row += [
                cell(part, arm, item, "model_per_client"),
                cell(part, arm, item, "published_per_client"),
            ]
        rows.append(tuple(row))
    blocks = [
        Paragraph(
            t(
                "replication_intro",
                lang,
                config=study.origin,
                ok=int(compared.astype(bool).sum()),
                n=len(compared),
            )
        ),
        Table(
            "replication",
            tuple(header),
            tuple(rows),
            "l" + "r" * (len(header) - 1),
            t("replication_caption", lang),
        ),
    ]
    if study.published.omitted_from_total:
        streams = join(
            [f"“{run.stream_text(s, s)}”" for s in study.published.omitted_from_total], lang
        )

        def per_arm(item: str) -> str:
            return join(
                [
                    t(
                        "for_arm",
                        lang,
                        value=cell("totals", a, item, "published_per_client"),
                        arm=labels[a],
                    )
                    for a in arms
                ],
                lang,
            )

        blocks.append(
            Paragraph(
                t(
                    "erratum",
                    lang,
                    streams=streams,
                    totals=per_arm("total benefits, corrected"),
                    balances=per_arm("balance, corrected"),
                    published=per_arm("balance, as published"),
                )
            )
        )
    return Section("replication", t("replication", lang), tuple(blocks))


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
            percent(r.p_beats, lang),
        )
        for r in pairwise(run.ds).itertuples()
    ]
    header = (t("pair", lang), t("mean", lang), "±", "5%", "95%", t("p_beats_column", lang))
    return Table("pairs", header, tuple(rows), "lrrrrr", t("pairs_caption", lang))


def _distributions(run: RunContext) -> Section:
    lang, base = run.lang, run.label(run.baseline)
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
                t("fig_balance", lang, baseline=base, others=run.others_label),
            ),
            run.image(
                "plane",
                figures.incremental_plane(run.ds, lang),
                t("fig_plane", lang, baseline=base, others=run.others_label),
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
            parts.append(t("threshold_never", lang, level=text, value=money(grid[-1], lang)))
        elif reached[0] == 0:
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


def _lambda_cell(values: xr.DataArray, arm: str, kind: str, lang: Lang) -> str:
    """A break-even value λ (:func:`mkba_mc.decision.break_even_wtp`) as a table cell."""
    status = str(values["status"].sel(arm=arm).item())
    if status in ("above", "below"):
        se = float(values["mc_se"].sel(arm=arm))
        return f"{money(float(values.sel(arm=arm)), lang)} ± {number(se, lang, 0)}"
    return t(f"{kind}_cell_{status}", lang, value=money(0.0, lang))


def _decision(run: RunContext) -> Section:
    lang, ds, base = run.lang, run.ds, run.label(run.baseline)
    holders = dq.stakeholder_benefits(ds)
    shares = {reading: dq.municipality_share(ds, reading) for reading in ("partly", "strict")}
    curve = dq.acceptability_curve(ds)
    break_even = dq.break_even_wtp(ds)
    pays = dq.break_even_wtp(ds, against="nothing")
    yearly = dq.scale_up(ds, INTAKES_PER_YEAR)
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
                        "q_municipality",
                        lang,
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
    intakes = number(INTAKES_PER_YEAR, lang)
    yearly_table = Table(
        "scale_up",
        (t("route", lang), t("measure", lang), t("mean", lang), "5%", "95%"),
        tuple(yearly_rows),
        "llrrr",
        t("scale_up_caption", lang, intakes=intakes),
    )
    yearly_blocks = [Paragraph(t("scale_up", lang, intakes=intakes)), yearly_table]
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
                tol=number(100 * conv.attrs["tolerance"], lang),
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
                    partly=t("who_partly", lang, shares=shares_text("partly")),
                    strict=t("who_strict", lang, shares=shares_text("strict")),
                )
            ),
            holder_table,
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


def _assumptions(run: RunContext) -> Section:
    lang, ds = run.lang, run.ds
    order = list(INPUT_GROUPS)
    params = [str(v) for v in ds.data_vars if ds[v].attrs.get("role") == "parameter"]

    def rank(v: str) -> int:
        group = ds[v].attrs.get("group")
        return order.index(group) if group in order else len(order)

    rows = []
    previous = None
    for v in sorted(params, key=rank):  # stable: config order within a group
        attrs = ds[v].attrs
        group = str(attrs.get("group", ""))
        group_text = group_label(group, lang)
        group_text, previous = ("" if group == previous else group_text), group
        name = v.removeprefix("param_")
        distribution = str(attrs.get("distribution", ""))
        rows.append(
            (
                group_text,
                run.parameter_text(name),
                run.study.translate(str(attrs.get("units", "")), lang),
                distribution_text(distribution, lang),
                run.study.translate(str(attrs.get("source", "")), lang),
            )
        )
    header = (
        t("group", lang),
        t("input", lang),
        t("unit", lang),
        t("distribution", lang),
        t("source", lang),
    )
    return Section(
        "assumptions",
        t("assumptions", lang),
        (
            Paragraph(t("assumptions_intro", lang, origin=ds.attrs.get("config_origin", ""))),
            Table("assumptions", header, tuple(rows), "lllll", t("assumptions_caption", lang)),
        ),
    )


def _limits(run: RunContext) -> Section:
    lang = run.lang
    dossiers = join(
        [
            t("dossiers", lang, n=run.study.arm(a).n_dossiers, label=run.label(a))
            for a in run.arms
            if not run.study.arm(a).relative_to
        ],
        lang,
    )
    items = (
        t("limit_unmonetised", lang),
        t("limit_dossiers", lang, dossiers=dossiers),
        t("limit_transfer", lang),
        *(run.study.translate(text, lang) for text in run.study.limits),
        t("limit_mc", lang),
    )
    return Section(
        "limits", t("limits", lang), (Paragraph(t("limits_intro", lang)), Bullets(items))
    )


# --------------------------------------------------------------------------- the report


def build_report(
    ds: xr.Dataset,
    lang: Lang = "en",
    *,
    analyses: SensitivityAnalyses | None = None,
    sets: pd.DataFrame | None = None,
) -> Report:
    """The report of a run, in English (``"en"``) or Dutch (``"nl"``).

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`, or a ``results.nc`` opened with
        :func:`xarray.open_dataset`); its config is read from its attributes.
    lang
        The language of the report.
    analyses
        The sensitivity and value-of-information analyses of this run
        (:class:`~mkba_mc.report.sensitivity.SensitivityAnalyses`); ``None`` computes them
        with their defaults (a few seconds). Pass one object to reports of the run in both
        languages to compute them once.
    sets
        :func:`mkba_mc.compare.compare` of this run's study (first) and the assumption sets
        to show beside its answer, with the run's draws and seed; ``None`` or a single set
        leaves the section out.

    Raises
    ------
    ValueError
        For an unknown language, a run of fewer than :data:`MIN_DRAWS` draws, or
        ``analyses`` of another run.

    Returns
    -------
    Report
        Text, tables and PNG figures; render with
        :func:`~mkba_mc.report.document.render_html` or
        :func:`~mkba_mc.report.document.render_markdown`.
    """
    lang = check_lang(lang)
    if ds.sizes["draw"] < MIN_DRAWS:
        draws = ds.sizes["draw"]
        raise ValueError(f"a report needs a run of at least {MIN_DRAWS} draws, got {draws}")
    if analyses is None:
        analyses = SensitivityAnalyses(ds)
    elif not analyses.describes(ds):
        raise ValueError(
            "the analyses were made for another run (config, seed, cohort or draws differ)"
        )
    run = RunContext(ds, lang)
    attrs = ds.attrs
    cohort = str(attrs.get("cohort", "expected"))
    cohort_text = (
        t("cohort_expected", lang) if cohort == "expected" else t("cohort_finite", lang, n=cohort)
    )
    config_hash = str(attrs.get("config_hash", ""))[:12]
    meta = t(
        "meta",
        lang,
        study=run.study.translate(run.study.title, lang),
        origin=attrs.get("config_origin", ""),
        hash=config_hash,
        draws=number(run.n, lang),
        seed=attrs.get("seed", ""),
        cohort=cohort_text,
    )
    sections = [
        _question(run),
        _answer(run),
        _bridge(run),
        *([_sets(run, sets)] if sets is not None and sets["set"].nunique() > 1 else []),
        *([_replication(run)] if run.study.published is not None else []),
        _distributions(run),
        _decision(run),
        sensitivity_section(run, analyses),
        *risk_sections(run),
        _assumptions(run),
        _limits(run),
    ]
    return Report(
        title=t("title", lang, others=run.others_label, baseline=run.label(run.baseline)),
        meta=meta,
        lang=lang,
        sections=tuple(sections),
        footer=t(
            "footer",
            lang,
            version=attrs.get("mkba_mc_version", __version__),
            hash=config_hash,
            seed=attrs.get("seed", ""),
            draws=number(run.n, lang),
        ),
        contents_title=t("contents", lang),
    )
