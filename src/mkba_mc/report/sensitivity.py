"""The analyses behind the report's sensitivity and value of information, and the
report's appendix that shows their statistics.

:class:`SensitivityAnalyses` computes them once per run; the council reads them in plain
words in :mod:`mkba_mc.report.drivers` (what drives the answer, what to find out next),
and the appendix (:func:`sensitivity_section`, the report's last section) gives, per arm
against the baseline,

- the one-way sensitivity (:func:`mkba_mc.sensitivity.tornado`): a sentence naming the
  inputs with the widest bars of the figure in the council's section;
- threshold values (:func:`mkba_mc.sensitivity.thresholds`): the scalar inputs whose
  sign-change value lies inside their 90% interval;
- global sensitivity (:func:`mkba_mc.sensitivity.sobol`): first and total order Sobol'
  indices per input group with bootstrap intervals;

and for the decision as a whole the value of information (:func:`mkba_mc.voi.evppi`):
EVPI and EVPPI per input group, per client and per year of intakes, at each λ, with
bootstrap standard errors, the regression's fit and a figure; and, when the config has a
``[research]`` table, what a new study of more dossiers would be worth against its cost
(:func:`mkba_mc.evsi.evsi`): EVSI, ENBS and the study size that maximises it.

All of it concerns parameter uncertainty with per-client expected values. The tornado,
thresholds and Sobol' indices evaluate the model directly. The value of information
needs a sample of expected values: the run's first draws (at most :data:`VOI_DRAWS`) when
it has the ``expected`` cohort, otherwise a simulation of the same study with the
``expected`` cohort and the run's seed. Seeds and sizes come from one
:class:`mkba_mc.sensitivity.plan.SensitivityPlan`, the one ``mkba-mc sensitivity`` runs,
so with the same seed and ``--draws`` equal to the sample's draws that command gives the
same tornado, thresholds, Sobol' indices and value of information.
"""

from __future__ import annotations

import math

import numpy as np

from .. import sensitivity as sa
from ..evsi import SampleInformation
from ..plots import sensitivity as figures
from ..plots._labels import Lang, group_label, money, number, ordinal, parameter_label, percent
from ..voi import EVPI_GROUP, ValueOfInformation
from .analyses import VOI_DRAWS, SensitivityAnalyses
from .common import RunContext, format_mean
from .document import Block, Paragraph, Section, Table
from .text import join, t

__all__ = [
    "NEGLIGIBLE",
    "TOP",
    "TORNADO_BARS",
    "VOI_DRAWS",
    "SensitivityAnalyses",
    "sensitivity_section",
]

TOP = 3
"""Inputs named in the text for the widest tornado bars and the largest Sobol' indices."""

TORNADO_BARS = 15
"""Bars in the tornado figure."""

NEGLIGIBLE = 0.01
"""Input groups whose EVPPI is below this share of the EVPI are named as not worth
researching; the others as where the value of information lies."""


# --------------------------------------------------------------------------- formatting


def _quoted(text: str) -> str:
    return f"“{text}”"


def _input_text(run: RunContext, item: sa.Input) -> str:
    """An input in words: its parameter's label, quoted, and for which arm."""
    name = _quoted(parameter_label(run.ds, item.parameter, run.lang))
    return (
        name
        if item.arm is None
        else t("input_of_arm", run.lang, name=name, arm=run.label(item.arm))
    )


def _value(x: float, unit: str, lang: Lang) -> str:
    """An input's value in its own unit: euros, months, a percentage, or a number."""
    if unit.startswith("EUR"):
        return money(x, lang)
    if unit == "months":
        return t("months", lang, n=number(x, lang, 1))
    if unit.startswith(("share", "probability")):
        return percent(x, lang)
    digits = 0 if x == 0 or not math.isfinite(x) else max(0, 2 - math.floor(math.log10(abs(x))))
    return number(x, lang, digits)


def _range(a: float, b: float, lang: Lang) -> str:
    low, high = sorted((a, b))
    return t("between", lang, low=money(low, lang), high=money(high, lang))


def _interval(low: float, high: float, lang: Lang) -> str:
    return f"{percent(low, lang)} – {percent(high, lang)}"


def _difference(run: RunContext, arm: str) -> dict[str, str]:
    return {"arm": run.label(arm), "baseline": run.label(run.baseline)}


# --------------------------------------------------------------------------- blocks


def _intro(run: RunContext, analyses: SensitivityAnalyses) -> Paragraph:
    lang = run.lang
    fields = {"draws": number(analyses.voi_draws, lang), "seed": analyses.seed}
    if analyses.voi_from_run:
        sample = t("voi_sample_run", lang, **fields)
    elif analyses.cohort != "expected":
        sample = t("voi_sample_cohort", lang, cohort=analyses.cohort, **fields)
    else:
        sample = t("voi_sample_short", lang, n=number(run.n, lang), **fields)
    text = t(
        "sensitivity_intro",
        lang,
        baseline=run.label(run.baseline),
        sample=sample,
        drivers=t("drivers", lang),
    )
    return Paragraph(text)


def _one_way(run: RunContext, analyses: SensitivityAnalyses, arm: str) -> list[Block]:
    lang = run.lang
    result = analyses.tornado
    rows = result.table[(result.table["arm"] == arm) & (result.table["versus"] == run.baseline)]
    items = {item.label: item for item in analyses.inputs}
    base = float(rows["base"].iloc[0])
    low, high = (ordinal(p, lang) for p in result.percentiles)
    top = [
        t(
            "tornado_item",
            lang,
            name=_input_text(run, items[r["input"]]),
            range=_range(r["at_low"], r["at_high"], lang),
        )
        for _, r in rows.head(TOP).iterrows()
    ]
    ends = np.sign(rows[["at_low", "at_high"]].to_numpy())
    flips = int((ends != np.sign(base)).any(axis=1).sum())
    sign_key = {0: "tornado_no_flips", 1: "tornado_flips_one"}.get(flips, "tornado_flips")
    sign = t(sign_key, lang, k=flips, n=len(rows))
    text = t(
        "one_way",
        lang,
        base=money(base, lang),
        low=low,
        high=high,
        top=join(top, lang),
        sign=sign,
        **_difference(run, arm),
    )
    return [Paragraph(text)]


def _by_count(key: str, count: int, lang: Lang) -> str:
    """The text ``key`` for ``count`` inputs: ``key_none`` for none, ``key_one`` for one,
    ``key`` itself (the plural) for more."""
    suffix = {0: "_none", 1: "_one"}.get(count, "")
    return t(key + suffix, lang, outside=count)


def _thresholds(run: RunContext, analyses: SensitivityAnalyses, arm: str) -> list[Block]:
    lang = run.lang
    result = analyses.thresholds
    table = result.table
    rows = table[(table["arm"] == arm) & (table["versus"] == run.baseline)]
    found = rows[np.isfinite(rows["threshold"])]
    inside = found[found["inside"]]
    inside = inside.iloc[np.argsort(np.abs(inside["quantile"].to_numpy() - 0.5), kind="stable")]
    low, high = result.interval
    width = percent(high - low, lang, 0)
    counts = {
        "n": len(rows),
        "k": len(inside),
        "outside": len(found) - len(inside),
        "width": width,
        **_difference(run, arm),
    }
    if inside.empty:
        beyond = _by_count("thresholds_none_beyond", counts["outside"], lang)
        return [Paragraph(t("thresholds_none", lang, beyond=beyond, **counts))]
    items = {item.label: item for item in analyses.inputs}
    cells = []
    for _, r in inside.iterrows():
        item = items[r["input"]]
        unit = str(run.ds[f"param_{item.parameter}"].attrs.get("units", ""))
        cells.append(
            (
                _input_text(run, item),
                _value(r["mean"], unit, lang),
                _value(r["threshold"], unit, lang),
                percent(r["quantile"], lang),
                t("above" if r["positive_above"] else "below", lang),
            )
        )
    header = (
        t("input", lang),
        t("mean", lang),
        t("threshold", lang),
        t("threshold_level", lang),
        t("better_when", lang, arm=run.label(arm)),
    )
    return [
        Paragraph(
            t(
                "thresholds_found_one" if counts["k"] == 1 else "thresholds_found",
                lang,
                beyond=_by_count("thresholds_beyond", counts["outside"], lang),
                **counts,
            )
        ),
        Table(
            f"thresholds-{arm}",
            header,
            tuple(cells),
            "lrrrl",
            t("thresholds_caption", lang, **counts),
        ),
    ]


def _global(run: RunContext, analyses: SensitivityAnalyses, arm: str) -> list[Block]:
    lang = run.lang
    result = analyses.sobol
    table = result.table
    rows = table[(table["arm"] == arm) & (table["versus"] == run.baseline)]
    groups = rows[rows["kind"] == "group"]
    inputs = rows[rows["kind"] == "input"]
    items = {item.label: item for item in analyses.inputs}
    level = percent(result.confidence_level, lang, 0)
    first = groups.iloc[0]
    added = float(groups["first"].sum())
    top = [
        t(
            "sobol_item",
            lang,
            name=_input_text(run, items[r["input"]]),
            total=percent(r["total"], lang),
        )
        for _, r in inputs.head(TOP).iterrows()
    ]
    text = t(
        "global",
        lang,
        n=number(result.n, lang),
        evaluations=number(result.evaluations, lang),
        level=level,
        group=_quoted(group_label(first["group"], lang)),
        first=percent(first["first"], lang),
        total=percent(first["total"], lang),
        sum=percent(added, lang),
        rest=percent(max(0.0, 1.0 - added), lang),
        top=join(top, lang),
        **_difference(run, arm),
    )
    cells = tuple(
        (
            group_label(r["group"], lang),
            percent(r["first"], lang),
            _interval(r["first_low"], r["first_high"], lang),
            percent(r["total"], lang),
            _interval(r["total_low"], r["total_high"], lang),
        )
        for _, r in groups.iterrows()
    )
    header = (
        t("group", lang),
        t("first_order", lang),
        t("interval_column", lang, level=level),
        t("total_order", lang),
        t("interval_column", lang, level=level),
    )
    return [
        Paragraph(text),
        Table(
            f"sobol-{arm}",
            header,
            cells,
            "lrrrr",
            t("sobol_caption", lang, **_difference(run, arm)),
        ),
    ]


def _group_text(group: str, lang: Lang) -> str:
    return t("evpi_row", lang) if group == EVPI_GROUP else group_label(group, lang)


def _voi_table(run: RunContext, result: ValueOfInformation) -> Table:
    lang = run.lang
    cells = []
    for lam in sorted(set(result.table["wtp"])):
        rows = result.table[np.isclose(result.table["wtp"], lam)]
        for i, (_, r) in enumerate(rows.iterrows()):
            share = r["share_of_evpi"]
            cells.append(
                (
                    f"λ = {money(lam, lang)}" if i == 0 else "",
                    _group_text(r["group"], lang),
                    format_mean(r["per_client"], r["se"], lang),
                    f"{money(r['per_year'], lang)} ± {number(r['per_year_se'], lang)}",
                    percent(share, lang, 0) if math.isfinite(share) else "",
                )
            )
    header = (
        "λ",
        t("group", lang),
        t("per_client", lang),
        t("per_year", lang),
        t("share_of_evpi", lang),
    )
    intakes = number(result.intakes, lang)
    return Table("voi", header, tuple(cells), "llrrr", t("voi_caption", lang, intakes=intakes))


def _best_text(run: RunContext, result: ValueOfInformation) -> str:
    lang = run.lang
    best = result.table.drop_duplicates("wtp")[["wtp", "best"]]
    if best["best"].nunique() == 1:
        return t("voi_best_all", lang, arm=run.label(best["best"].iloc[0]))
    parts = [
        t("voi_best_at", lang, arm=run.label(r["best"]), wtp=money(r["wtp"], lang))
        for _, r in best.iterrows()
    ]
    return t("voi_best_some", lang, parts=join(parts, lang))


def _fit_table(run: RunContext, result: ValueOfInformation) -> Table:
    lang = run.lang
    fits = result.fits[result.fits["target"].str.startswith("balance ")]
    several = len(run.others) > 1
    cells = []
    for _, r in fits.iterrows():
        row = [group_label(r["group"], lang)]
        if several:
            row.append(f"{run.label(r['arm'])} − {run.label(r['versus'])}")
        row += [
            t(f"basis_{r['basis']}", lang),
            number(r["terms"], lang),
            number(r["r2"], lang, 3),
            number(r["cv_r2"], lang, 3),
        ]
        cells.append(tuple(row))
    header = [t("group", lang)]
    if several:
        header.append(t("difference", lang))
    header += [t("basis", lang), t("terms", lang), "R²", t("loo_r2", lang)]
    align = "l" * (2 + several) + "rrr"
    return Table("voi-fit", tuple(header), tuple(cells), align, t("fit_caption", lang))


def _value_of_information(run: RunContext, analyses: SensitivityAnalyses) -> list[Block]:
    lang = run.lang
    result = analyses.voi
    intakes = number(result.intakes, lang)
    text = t(
        "voi",
        lang,
        intakes=intakes,
        draws=number(result.draws, lang),
        best=_best_text(run, result),
    )
    return [
        Paragraph(text),
        _voi_table(run, result),
        run.image(
            "evppi",
            figures.evppi_figure(result, lang=lang),
            t("fig_evppi", lang, intakes=intakes),
        ),
        Paragraph(t("voi_fit", lang)),
        _fit_table(run, result),
    ]


def _about(x: float) -> float:
    """``x`` to three significant figures, for amounts the text calls "about"."""
    return float(f"{x:.3g}") if x else 0.0


def research_fields(run: RunContext, result: SampleInformation) -> dict[str, str]:
    """The words of a dossier study's sentences: the dossiers read per arm, the sizes
    valued, the horizon, the intakes a year and the costs, in the report's language."""
    lang, research = run.lang, result.research
    dossiers = join(
        [
            t("evsi_arm_dossiers", lang, n=number(arm.n_dossiers, lang), arm=run.label(arm.name))
            for arm in run.study.arms
        ],
        lang,
    )
    sizes = result.table["dossiers"]
    return {
        "dossiers": dossiers,
        "low": number(sizes.min(), lang),
        "high": number(sizes.max(), lang),
        "years": number(research.horizon_years, lang),
        "intakes": number(research.intakes_per_year, lang),
        "fixed": money(research.fixed_cost, lang),
        "per_dossier": money(research.cost_per_dossier, lang),
    }


def _sample_information(run: RunContext, result: SampleInformation) -> list[Block]:
    """What more dossiers would be worth: a paragraph in plain words, a table per λ and
    the ENBS figure."""
    lang = run.lang
    research = result.research
    optimum = result.optimum.sort_values("wtp")
    fields = research_fields(run, result)
    parts = []
    for i, (_, best) in enumerate(optimum.iterrows()):
        at = {"wtp": money(best["wtp"], lang), **fields}
        if not best["worthwhile"]:
            parts.append(t("evsi_none" if i == 0 else "evsi_none_at", lang, **at))
            continue
        row = result.table[
            (result.table["wtp"] == best["wtp"]) & (result.table["dossiers"] == best["dossiers"])
        ].iloc[0]
        at.update(
            n=number(best["dossiers"], lang),
            per_year=money(_about(row["per_year"]), lang),
            over=money(_about(row["over_horizon"]), lang),
            cost=money(row["study_cost"], lang),
            enbs=money(_about(row["enbs"]), lang),
        )
        parts.append(t("evsi_best" if i == 0 else "evsi_best_at", lang, **at))
    parts.append(t("evsi_method", lang, source=run.study.translate(research.source, lang)))
    cells = []
    for _, best in optimum.iterrows():
        limit = result.limit[result.limit["wtp"] == best["wtp"]].iloc[0]
        worthwhile = bool(best["worthwhile"])
        cells.append(
            (
                f"λ = {money(best['wtp'], lang)}",
                money(limit["per_year"], lang),
                number(best["dossiers"], lang) if worthwhile else t("evsi_no_study", lang),
                money(best["per_year"], lang) if worthwhile else "",
                money(best["study_cost"], lang) if worthwhile else "",
                f"{money(best['enbs'], lang)} ± {number(best['enbs_se'], lang)}"
                if worthwhile
                else money(0, lang),
            )
        )
    header = tuple(
        t(k, lang)
        for k in (
            "evsi_h_wtp",
            "evsi_h_limit",
            "evsi_h_n",
            "evsi_h_year",
            "evsi_h_cost",
            "evsi_h_enbs",
        )
    )
    caption = t("evsi_caption", lang, years=fields["years"], intakes=fields["intakes"])
    return [
        Paragraph(" ".join(parts)),
        Table("evsi", header, tuple(cells), "lrrrrr", caption),
        run.image(
            "enbs",
            figures.enbs_figure(result, lang=lang),
            t("fig_enbs", lang, years=fields["years"]),
        ),
    ]


# --------------------------------------------------------------------------- the section


def sensitivity_section(run: RunContext, analyses: SensitivityAnalyses) -> Section:
    """The appendix "Sensitivity and value of information, the statistics" of a run's
    report.

    Parameters
    ----------
    run
        The run in the report's language.
    analyses
        Its analyses (:class:`SensitivityAnalyses`).

    Returns
    -------
    Section
        Key ``"sensitivity"``, the appendix: per non-baseline arm the one-way sentence, a
        table of threshold values (``thresholds-<arm>``, when an input has one inside its
        interval) and of Sobol' indices per input group (``sobol-<arm>``); then the value
        of information (table ``voi``, figure ``evppi``, fit table ``voi-fit``) and, with a
        ``[research]`` table, the value of more dossiers (table ``evsi``, figure ``enbs``).
    """
    lang = run.lang
    title = t("sensitivity", lang)
    if not analyses.inputs:
        return Section("sensitivity", title, (Paragraph(t("sensitivity_none", lang)),))
    blocks: list[Block] = [_intro(run, analyses)]
    for arm in run.others:
        blocks += _one_way(run, analyses, arm)
        blocks += _thresholds(run, analyses, arm)
        if run.study.correlations is None:
            blocks += _global(run, analyses, arm)
        elif arm == run.others[0]:
            blocks.append(Paragraph(t("sobol_dependent", lang)))
    blocks += _value_of_information(run, analyses)
    if analyses.evsi is not None:
        blocks += _sample_information(run, analyses.evsi)
    elif analyses.evsi_obstacle not in (None, "no_research"):  # asked for, but not possible
        blocks.append(Paragraph(t(f"evsi_left_out_{analyses.evsi_obstacle}", lang)))
    return Section("sensitivity", title, tuple(blocks))
