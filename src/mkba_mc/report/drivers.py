"""The report's section for the council on sensitivity and value of information: what
drives the answer, and what to find out next and what that would be worth.

Short sentences in plain words, from the analyses the appendix shows in full
(:mod:`mkba_mc.report.sensitivity`): per arm against the baseline, the inputs that move
the difference in balance most and whether one of them alone can turn the answer around
(:func:`mkba_mc.sensitivity.tornado`), with the values at which it turns
(:func:`mkba_mc.sensitivity.thresholds`) and the one-way figure; then what knowing the
inputs better would be worth a year for the municipality's intakes, which research would
be worth most, and, with a ``[research]`` table, whether reading more dossiers pays for
itself (:func:`mkba_mc.voi.evppi`, :func:`mkba_mc.evsi.evsi`). No statistical term of art:
those are in the appendix.
"""

from __future__ import annotations

import numpy as np

from ..evsi import SampleInformation
from ..plots import sensitivity as figures
from ..plots._labels import group_label, money, number, parameter_label
from ..voi import EVPI_GROUP, ValueOfInformation
from .common import RunContext
from .document import Block, Paragraph, Section
from .sensitivity import (
    NEGLIGIBLE,
    TOP,
    TORNADO_BARS,
    SensitivityAnalyses,
    _about,
    _difference,
    _input_text,
    _quoted,
    _range,
    _value,
    research_fields,
)
from .text import TEXT, join, t

__all__ = ["drivers_section"]


def _what_drives(run: RunContext, analyses: SensitivityAnalyses, arm: str) -> list[Block]:
    """What moves the difference, arm − baseline, most; whether one input can turn it; at
    which values; and the one-way figure."""
    lang = run.lang
    result = analyses.tornado
    rows = result.table[(result.table["arm"] == arm) & (result.table["versus"] == run.baseline)]
    items = {item.label: item for item in analyses.inputs}
    base = float(rows["base"].iloc[0])
    names = _difference(run, arm)
    better = round(base) >= 0
    parts = [
        t(
            "drivers_base_better" if better else "drivers_base_worse",
            lang,
            base=money(abs(base), lang),
            **names,
        )
    ]
    top = [
        t(
            "drivers_item",
            lang,
            name=_input_text(run, items[r["input"]]),
            range=_range(r["at_low"], r["at_high"], lang),
        )
        for _, r in rows.head(TOP).iterrows()
    ]
    parts.append(t("drivers_top", lang, top=join(top, lang)))
    ends = np.sign(rows[["at_low", "at_high"]].to_numpy())
    flips = int((ends != np.sign(base)).any(axis=1).sum())
    if flips == 0:
        parts.append(t("drivers_no_flips", lang))
    else:
        key = "drivers_flips_one" if flips == 1 else "drivers_flips"
        parts.append(t(key, lang, k=number(flips, lang), n=number(len(rows), lang)))
    parts += _turning_points(run, analyses, arm, better)
    moving = int(((rows["at_low"] != base) | (rows["at_high"] != base)).sum())
    caption = t("fig_drivers", lang, shown=min(TORNADO_BARS, moving), **names)
    shown = {item.label: _input_name(run, item) for item in analyses.inputs}
    labels = {a: run.label(a) for a in (arm, run.baseline)}
    fig = figures.tornado_figure(result, arm, TORNADO_BARS, lang=lang, names=shown, labels=labels)
    return [Paragraph(" ".join(parts)), run.image(f"tornado-{arm}", fig, caption)]


def _input_name(run: RunContext, item) -> str:
    """An input as a figure names it: its label, and the arm it belongs to."""
    name = parameter_label(run.ds, item.parameter, run.lang)
    return name if item.arm is None else f"{name} ({run.label(item.arm)})"


def _turning_points(
    run: RunContext, analyses: SensitivityAnalyses, arm: str, better: bool
) -> list[str]:
    """Up to :data:`TOP` inputs whose value, inside their plausible range, turns the answer:
    where the arm stops doing better (or would start to), nearest the middle first."""
    lang = run.lang
    table = analyses.thresholds.table
    rows = table[(table["arm"] == arm) & (table["versus"] == run.baseline)]
    inside = rows[np.isfinite(rows["threshold"]) & rows["inside"]]
    inside = inside.iloc[np.argsort(np.abs(inside["quantile"].to_numpy() - 0.5), kind="stable")]
    items = {item.label: item for item in analyses.inputs}
    sentences = []
    for _, r in inside.head(TOP).iterrows():
        item = items[r["input"]]
        unit = str(run.ds[f"param_{item.parameter}"].attrs.get("units", ""))
        # doing better above the threshold: it stops below it, or would start above it
        above = bool(r["positive_above"]) != better
        sentences.append(
            t(
                "turns_stops" if better else "turns_starts",
                lang,
                arm=run.label(arm),
                name=_input_text(run, item),
                side=t("side_above" if above else "side_below", lang),
                threshold=_value(r["threshold"], unit, lang),
                mean=_value(r["mean"], unit, lang),
            )
        )
    return sentences


def _counting(wtp: float, lang: str, capital: bool = False) -> str:
    """Which gains count: money only (λ = 0), or also a value per extra successful client."""
    suffix = "_cap" if capital else ""
    if wtp == 0:
        return t("counting_money" + suffix, lang)
    return t("counting_lambda" + suffix, lang, wtp=money(wtp, lang))


def _research(run: RunContext, result: ValueOfInformation) -> str:
    """What knowing the inputs would be worth a year, where most is to be gained, and
    what cannot pay, at the lowest λ; and what knowing everything is worth at the highest."""
    lang = run.lang
    table = result.table
    lowest, highest = float(table["wtp"].min()), float(table["wtp"].max())
    rows = table[np.isclose(table["wtp"], lowest)]
    evpi = rows[rows["group"] == EVPI_GROUP].iloc[0]
    parts = [
        t("research_question", lang),
        t(
            "research_all",
            lang,
            year=money(evpi["per_year"], lang),
            intakes=number(result.intakes, lang),
            client=money(evpi["per_client"], lang),
            counting=_counting(lowest, lang),
        ),
    ]
    if round(evpi["per_client"]) <= 0:
        return " ".join([*parts, t("research_nothing", lang)])
    groups = rows[rows["group"] != EVPI_GROUP].sort_values("per_year", ascending=False)
    worth = groups[groups["share_of_evpi"] >= NEGLIGIBLE]
    idle = groups[groups["share_of_evpi"] < NEGLIGIBLE]
    if not worth.empty:
        items = []
        for _, r in worth.iterrows():
            hint = f"research_{r['group'].replace(' ', '_')}"
            fields = {
                "group": _quoted(group_label(r["group"], lang)),
                "value": money(r["per_year"], lang),
            }
            items.append(
                t("research_up_to_hint", lang, hint=t(hint, lang), **fields)
                if hint in TEXT
                else t("research_up_to", lang, **fields)
            )
        parts += [t("research_most", lang, items=join(items, lang)), t("research_cost", lang)]
    if not idle.empty:
        names = [_quoted(group_label(g, lang)) for g in idle["group"]]
        value = money(idle["per_year"].max(), lang)
        parts.append(t("research_little", lang, groups=join(names, lang), value=value))
    if highest > lowest:
        top = table[np.isclose(table["wtp"], highest) & (table["group"] == EVPI_GROUP)].iloc[0]
        value = money(top["per_year"], lang)
        parts.append(t("research_higher", lang, wtp=money(highest, lang), value=value))
    return " ".join(parts)


def _more_dossiers(run: RunContext, result: SampleInformation) -> str:
    """Whether reading more dossiers pays for itself, at the lowest λ, in plain words."""
    lang = run.lang
    fields = research_fields(run, result)
    best = result.optimum.sort_values("wtp").iloc[0]
    counting = _counting(float(best["wtp"]), lang, capital=True)
    if not best["worthwhile"]:
        verdict = t("evsi_net_none", lang, counting_cap=counting, **fields)
    else:
        table = result.table
        row = table[(table["wtp"] == best["wtp"]) & (table["dossiers"] == best["dossiers"])]
        row = row.iloc[0]
        verdict = t(
            "evsi_net",
            lang,
            counting_cap=counting,
            n=number(best["dossiers"], lang),
            per_year=money(_about(row["per_year"]), lang),
            over=money(_about(row["over_horizon"]), lang),
            cost=money(row["study_cost"], lang),
            enbs=money(_about(row["enbs"]), lang),
            **fields,
        )
    return t("evsi_intro", lang, **fields) + " " + verdict


def drivers_section(run: RunContext, analyses: SensitivityAnalyses) -> Section:
    """The section "What drives the answer, and what to find out next" of a run's report.

    Parameters
    ----------
    run
        The run in the report's language.
    analyses
        Its analyses (:class:`~mkba_mc.report.sensitivity.SensitivityAnalyses`), which
        the appendix (:func:`~mkba_mc.report.sensitivity.sensitivity_section`) shows.

    Returns
    -------
    Section
        Key ``"drivers"``: an introduction, per non-baseline arm a paragraph and its
        one-way figure (``tornado-<arm>``), the value of knowing more, and with a
        ``[research]`` table whether reading more dossiers pays.
    """
    lang = run.lang
    title = t("drivers", lang)
    if not analyses.inputs:
        return Section("drivers", title, (Paragraph(t("sensitivity_none", lang)),))
    key = "drivers_intro" if len(run.others) == 1 else "drivers_intro_many"
    intro = t(key, lang, arms=run.others_label, baseline=run.label(run.baseline))
    blocks: list[Block] = [Paragraph(intro)]
    for arm in run.others:
        blocks += _what_drives(run, analyses, arm)
    blocks.append(Paragraph(_research(run, analyses.voi)))
    if analyses.evsi is not None:
        blocks.append(Paragraph(_more_dossiers(run, analyses.evsi)))
    blocks.append(Paragraph(t("drivers_appendix", lang)))
    return Section("drivers", title, tuple(blocks))
