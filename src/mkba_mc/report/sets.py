"""The report's section "How much rests on the study's own choices": the answer under each
other assumption set, run with the same draws and seed (:func:`mkba_mc.compare.compare`)."""

from __future__ import annotations

import math
import os

import pandas as pd

from .. import plots as figures
from ..plots._labels import (
    Lang,
    money,
    number,
    probability,
)
from .common import RunContext
from .document import Paragraph, Section, Table
from .text import t

__all__ = ["sets_section"]


def _set_title(sets: pd.DataFrame, name: str, lang: Lang, study) -> str:
    """A set's title in ``lang``, less what every set's title shares (``"literature
    months: PERT(4, 4, 12)"`` rather than the study's name again)."""
    column = f"title_{lang}"
    if column not in sets:  # a table without the titles per language
        sets = sets.assign(**{column: [study.translate(str(x), lang) for x in sets["title"]]})
    titles = [str(x) for x in dict.fromkeys(sets[column])]
    title = str(sets.loc[sets["set"] == name, column].iloc[0])
    common = os.path.commonprefix(titles) if len(titles) > 1 else ""
    common = common[: common.rfind("(") + 1] if "(" in common else ""
    short = title[len(common) :].strip()
    if common and short.endswith(")"):
        short = short[:-1]
    return short or title


def sets_section(run: RunContext, sets: pd.DataFrame) -> Section:
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
                probability(value(name, arm, "balance", "p_positive", True), math.nan, lang),
                money(value(name, arm, "balance", "mean", True), lang),
            ]
        row += [
            probability(value(name, a, "balance", "p_positive", False), math.nan, lang)
            for a in run.arms
        ]
        rows.append(tuple(row))
    blocks = [Paragraph(t("sets_intro", lang, draws=number(int(sets["draws"].iloc[0]), lang)))]
    for arm in run.others:
        chances = {n: value(n, arm, "balance", "p_positive", True) for n in names[1:]}
        if not chances:
            continue
        low, high = min(chances, key=chances.get), max(chances, key=chances.get)
        own_chance = probability(value(own, arm, "balance", "p_positive", True), math.nan, lang)
        fields = {"arm": run.label(arm), "baseline": base, "own": own_chance}
        if len(chances) == 1:  # one other set: its chance, not a range from it to itself
            text = t(
                "sets_one",
                lang,
                **fields,
                chance=probability(chances[low], math.nan, lang),
                set=_set_title(sets, low, lang, run.study),
            )
        else:
            text = t(
                "sets_range",
                lang,
                **fields,
                low=probability(chances[low], math.nan, lang),
                low_set=_set_title(sets, low, lang, run.study),
                high=probability(chances[high], math.nan, lang),
                high_set=_set_title(sets, high, lang, run.study),
            )
        blocks.append(Paragraph(text))
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
