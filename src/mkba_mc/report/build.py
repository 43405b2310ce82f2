"""Build a :class:`~mkba_mc.report.document.Report` from a run's Dataset.

Every number in the report comes from the run (:func:`mkba_mc.summarize` and
:mod:`mkba_mc.decision`), from the replication of the study's published tables
(:func:`mkba_mc.replicate`), or from the sensitivity and value-of-information analyses of
the run's study (:mod:`mkba_mc.report.sensitivity`), formatted by
:mod:`mkba_mc.plots._labels` in the report's language. Figures come from
:mod:`mkba_mc.plots`.

Sections, in order, each from its module: the question, the answer in two sentences and
the bridge from the study's number (here); the other assumption sets
(:mod:`~mkba_mc.report.sets`); the replication of the study
(:mod:`~mkba_mc.report.replication`); the distributions and the decision quantities
(:mod:`~mkba_mc.report.decision`); what drives the answer and what to find out next
(:mod:`~mkba_mc.report.drivers`); the risk for the municipality
(:mod:`~mkba_mc.report.risk`); the assumptions with their sources and what the model
leaves out (:mod:`~mkba_mc.report.assumptions`); and last the appendix with the
statistics of sensitivity and value of information (:mod:`~mkba_mc.report.sensitivity`).
The sentences are in :mod:`~mkba_mc.report.text` and the modules it gathers.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import xarray as xr

from .. import plots as figures
from .._version import __version__
from ..analysis import prob_best
from ..bridge import bridge
from ..plots._labels import (
    Lang,
    bridge_rows,
    check_lang,
    money,
    number,
    probability,
)
from ..spec import RelativeEffect
from .assumptions import assumptions_section, limits_section
from .common import RunContext, fitted
from .decision import decision_section, distributions_section
from .document import Paragraph, Report, Section, Table
from .drivers import drivers_section
from .replication import replication_section
from .risk import risk_sections
from .sensitivity import SensitivityAnalyses, sensitivity_section
from .sets import sets_section
from .text import join, t

__all__ = ["MIN_DRAWS", "build_report"]

MIN_DRAWS = 2
"""The fewest draws a report can describe (a spread and a standard error need two)."""

# --------------------------------------------------------------------------- sections


def _question(run: RunContext) -> Section:
    lang = run.lang
    observed = [a for a in run.arms if not run.study.arm(a).relative_to]
    arms = join(
        [
            t("arm_baseline" if a == run.baseline else "arm_item", lang, label=run.label(a), name=a)
            for a in observed
        ],
        lang,
    )
    dossiers = join(
        [t("dossiers", lang, n=run.study.arm(a).n_dossiers, label=run.label(a)) for a in observed],
        lang,
    )
    study = [
        t(
            "question_study",
            lang,
            source=run.study.translate(run.study.source, lang),
            arms=arms,
            dossiers=dossiers,
        )
    ]
    for a in run.arms:
        arm = run.study.arm(a)
        if arm.relative_to:
            study.append(
                t(
                    "question_relative",
                    lang,
                    label=run.label(a),
                    name=a,
                    reference=run.label(arm.relative_to),
                    effect=_effect_text(run, arm.effect),
                )
            )
    if run.study.published is not None:
        study.append(t("question_published", lang))
    base = run.label(run.baseline)
    draws = number(run.n, lang)
    if len(run.others) == 1:
        council = t("question_council", lang, arm=run.others_label, baseline=base, draws=draws)
    else:
        council = t(
            "question_council_arms", lang, arms=run.others_label, baseline=base, draws=draws
        )
    return Section(
        "question",
        t("question", lang),
        (
            Paragraph(" ".join(study)),
            *(
                [Paragraph(run.study.translate(run.study.description, lang))]
                if run.study.description
                else []
            ),
            Paragraph(council),
        ),
    )


def _effect_text(run: RunContext, effect: RelativeEffect | None) -> str:
    """The assumed effect of an arm relative to another: the label of its parameter."""
    if effect is None:
        return ""
    return run.parameter_text(effect.parameter)


def _answer(run: RunContext) -> Section:
    lang = run.lang
    base = run.label(run.baseline)
    sentences = []
    if len(run.arms) > 2:
        best = prob_best(run.ds)
        chances = join(
            [
                t(
                    "for_arm",
                    lang,
                    value=probability(r.p_best, math.nan, lang),
                    arm=run.label(r.arm),
                )
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
                p=probability(diff["p_positive"], math.nan, lang),
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
            t("for_arm", lang, value=probability(r["p_positive"], math.nan, lang), arm=run.label(a))
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
    if run.study.published is None:
        title, intro, caption = (
            t("bridge_model", lang),
            t("bridge_intro_model", lang),
            t("bridge_caption_model", lang),
        )
    else:
        start = (
            "bridge_start_published"
            if table["kind"].iloc[0] == "published"
            else "bridge_start_study"
        )
        title, intro, caption = (
            t("bridge", lang),
            t("bridge_intro", lang, start=t(start, lang)),
            t("bridge_caption", lang),
        )
    versus = list(table.drop_duplicates("target")["versus"])  # per column: "" or the baseline
    return Section(
        "bridge",
        title,
        (
            Paragraph(intro),
            *fitted(
                Table(
                    "bridge",
                    tuple(header),
                    tuple(rows),
                    "l" + "r" * (len(header) - 1),
                    caption,
                ),
                [[i for i, v in enumerate(versus) if v == p] for p in ("", run.baseline)],
            ),
            run.image(
                "bridge",
                figures.bridge_waterfall(table, run.ds, lang, parameters, rate),
                t("fig_bridge", lang, baseline=run.label(run.baseline)),
            ),
        ),
    )


# --------------------------------------------------------------------------- the report


def report_title(run: RunContext) -> str:
    """The report's title: "A or B?" for two routes, "Which route is best: A, B and C
    against D?" for more, then what the report is about."""
    key = "title" if len(run.others) == 1 else "title_arms"
    return t(key, run.lang, others=run.others_label, baseline=run.label(run.baseline))


def build_report(
    ds: xr.Dataset,
    lang: Lang = "en",
    *,
    analyses: SensitivityAnalyses | None = None,
    sets: pd.DataFrame | None = None,
    progress: Callable[[int, int], None] | None = None,
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
    progress
        Called as ``progress(sections done, sections)`` after each section (the one on
        sensitivity and value of information takes most of the time).

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
    steps = [
        lambda: [_question(run)],
        lambda: [_answer(run)],
        lambda: [_bridge(run)],
        *(
            [lambda: [sets_section(run, sets)]]
            if sets is not None and sets["set"].nunique() > 1
            else []
        ),
        *([lambda: [replication_section(run)]] if run.study.published is not None else []),
        lambda: [distributions_section(run)],
        lambda: [decision_section(run)],
        lambda: [drivers_section(run, analyses)],
        lambda: risk_sections(run),
        lambda: [assumptions_section(run)],
        lambda: [limits_section(run)],
        *([lambda: [sensitivity_section(run, analyses)]] if analyses.inputs else []),
    ]
    sections = []
    for done, step in enumerate(steps, start=1):
        sections += step()
        if progress is not None:
            progress(done, len(steps))
    return Report(
        title=report_title(run),
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
