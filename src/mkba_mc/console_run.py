"""What ``mkba-mc run`` prints, in English or Dutch: the answer per arm and against the
baseline, every pair of three or more arms, who gains and the value λ, the bridge from
the study's balance, and the risk for the municipality.

Functions return strings; the CLI prints them. ``labels`` map arm names to their labels
in the reader's language (:func:`mkba_mc.console_words.arm_labels`); in Dutch no arm code
is shown, in English the codes stay beside the labels, as before.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import xarray as xr

from .console import text_table
from .console_words import w
from .plots._labels import Lang, bridge_rows, money, number, percent, probability, term, translate
from .risk import PARTLY, SOCIETAL
from .spec import Study

__all__ = ["format_arms", "format_bridge", "format_decisions", "format_risk", "format_summary"]

_MEASURES = ("investment", "total_benefit", "balance", "bcr")


def _se(x: float, ratio: bool, lang: Lang) -> str:
    if not math.isfinite(x):
        return ""
    return f"± {number(x, lang, 3 if ratio else 1)}"


def _value(x: float, ratio: bool, lang: Lang) -> str:
    return number(x, lang, 2) if ratio else money(x, lang)


def _mean_se(mean: float, se: float, lang: Lang) -> str:
    return money(mean, lang) + (f" ± {number(se, lang)}" if math.isfinite(se) else "")


def _share(x: float, lang: Lang) -> str:
    """A rate or level as written in a config: ``2.25%``, ``5%`` / ``2,25%``."""
    text = f"{100 * x:g}"
    return (text if lang == "en" else text.replace(".", ",")) + "%"


def format_summary(
    summary: pd.DataFrame,
    attrs: Mapping,
    labels: Mapping[str, str],
    decisions: xr.Dataset | None = None,
    lang: Lang = "en",
    payer: str = "",
) -> str:
    """The answer of a run: per arm, then each arm against the baseline.

    Parameters
    ----------
    summary
        :func:`mkba_mc.summarize` of the run.
    attrs
        The run's attributes (title, draws, seed, cohort, baseline, config_origin, ...;
        ``translations`` for the title in ``lang``).
    labels
        Arm name -> label, in ``lang``.
    decisions
        :func:`mkba_mc.decision.decision_summary` of the run, printed after the answer
        (:func:`format_decisions`); ``None`` leaves it out.
    lang
        The reader's language.
    payer
        The study's payer as a sentence names it (:func:`mkba_mc.console_words.the_payer`),
        for the share of the benefits that lands with it.
    """
    baseline = attrs["baseline"]
    cohort = attrs["cohort"]
    cohort_text = (
        w("cohort_expected", lang)
        if cohort == "expected"
        else w("cohort_finite", lang, n=number(int(cohort), lang))
    )
    lines = [
        translate(attrs, str(attrs["title"]), lang),
        w(
            "meta",
            lang,
            origin=attrs["config_origin"],
            hash=str(attrs["config_hash"])[:12],
            draws=number(int(attrs["draws"]), lang),
            seed=attrs["seed"],
            cohort=cohort_text,
        ),
        w("summary_units", lang),
    ]
    overrides = str(attrs.get("config_overrides", ""))
    if overrides:
        sets = " ".join(f"--set {o}" for o in overrides.split("\n"))
        lines.insert(2, w("overrides", lang, sets=sets))
    header = ["", w("mean", lang), "", w("median", lang), "5%", "95%"]

    def block(rows: pd.DataFrame, prefix: str) -> list[str]:
        table = [header]
        for _, r in rows.iterrows():
            ratio = r["measure"] == "bcr"
            table.append(
                [
                    prefix + term(r["measure"], lang),
                    _value(r["mean"], ratio, lang),
                    _se(r["mean_se"], ratio, lang),
                    _value(r["median"], ratio, lang),
                    _value(r["q05"], ratio, lang),
                    _value(r["q95"], ratio, lang),
                ]
            )
        return text_table(table, "lrlrrr")

    own = summary[summary["versus"] == ""]
    for arm in own["arm"].unique():
        rows = own[own["arm"] == arm]
        heading = "baseline_heading" if arm == baseline else "arm_heading"
        lines += ["", w(heading, lang, label=labels.get(arm, arm), arm=arm)]
        lines += block(rows, "")
        bal = rows[rows["measure"] == "balance"].iloc[0]
        p = probability(bal["p_positive"], bal["p_positive_se"], lang)
        lines.append("  " + term("p_positive_short", lang, p=p))
    versus = summary[summary["versus"] != ""]
    answers = []
    for arm in versus["arm"].unique():
        rows = versus[versus["arm"] == arm]
        name, base = labels.get(arm, arm), labels.get(baseline, baseline)
        lines += ["", w("versus_heading", lang, label=name, base=base, arm=arm, baseline=baseline)]
        lines += block(rows, "Δ ")
        bal = rows[rows["measure"] == "balance"].iloc[0]
        p = probability(bal["p_positive"], bal["p_positive_se"], lang)
        lines.append("  " + term("p_beats_short", lang, arm=name, baseline=base, p=p))
        answers.append(
            w(
                "in_draws",
                lang,
                p=percent(bal["p_positive"], lang, 0),
                label=name,
                base=base,
                diff=money(bal["mean"], lang),
            )
        )
    lines += [""] + answers
    if decisions is not None:
        lines += ["", format_decisions(decisions, labels, lang, payer)]
    return "\n".join(lines)


def format_arms(
    best: pd.DataFrame, pairs: pd.DataFrame, labels: Mapping[str, str], lang: Lang = "en"
) -> str:
    """With three or more arms: the chance that each arm is best, and every pair side by
    side (:func:`mkba_mc.analysis.prob_best`, :func:`mkba_mc.analysis.pairwise`)."""
    chances = ", ".join(
        f"{labels.get(r.arm, r.arm)} {probability(r.p_best, r.p_best_se, lang)}"
        for r in best.itertuples()
    )
    rows = [["", w("mean_delta", lang), "", "5%", "95%", w("p_beats_column", lang)]]
    for r in pairs.itertuples():
        rows.append(
            [
                f"{labels.get(r.arm, r.arm)} − {labels.get(r.versus, r.versus)}",
                money(r.mean, lang),
                _se(r.mean_se, False, lang),
                money(r.q05, lang),
                money(r.q95, lang),
                probability(r.p_beats, r.p_beats_se, lang),
            ]
        )
    return "\n".join(
        [
            w("arms_title", lang),
            "  " + w("p_best", lang, chances=chances),
            *text_table(rows, "lrlrrr"),
        ]
    )


def format_bridge(table: pd.DataFrame, study: Study, lang: Lang = "en") -> str:
    """The bridge (:func:`mkba_mc.bridge.bridge`) as a text table: one row per step, one
    column per arm and per arm against the baseline; the effect of each step, the levels
    where the bridge starts and ends. English columns show the arm codes (named in the
    title), Dutch ones the labels."""
    labels = {a.name: study.translate(a.label, lang) for a in study.arms}
    parameters = {name: study.translate(p.label, lang) for name, p in study.parameters.items()}
    rate = None if study.discounting is None else study.discounting.rate
    column = str if lang == "en" else labels.__getitem__
    header, steps = bridge_rows(table, lang, parameters, column, rate)
    rows = [header] + [[("" if ends else "  ") + cells[0], *cells[1:]] for ends, cells in steps]
    names = ", ".join(f"{code} = {label}" for code, label in labels.items())
    title = "bridge_title" if study.published is not None else "bridge_title_model"
    return "\n".join(
        [
            w(title, lang, names=names),
            *text_table(rows, "l" + "r" * (len(header) - 1)),
        ]
    )


def format_decisions(
    decisions: xr.Dataset, labels: Mapping[str, str], lang: Lang, payer: str
) -> str:
    """Who gains and what a successful client must be worth, from
    :func:`mkba_mc.decision.decision_summary`; ``payer``: the study's payer as a sentence
    names it (:func:`mkba_mc.console_words.the_payer`)."""
    baseline = decisions.attrs["baseline"]
    base = labels.get(baseline, baseline)
    arms = [str(a) for a in decisions["arm"].values]
    zero = money(0.0, lang)
    lines = [w("decisions_title", lang), w("lambda_note", lang)]
    if "payer_partly" in decisions:
        for reading in ("partly", "strict"):
            shares = ", ".join(
                f"{labels.get(a, a)} "
                + probability(
                    float(decisions[f"payer_{reading}"].sel(arm=a)),
                    float(decisions[f"payer_{reading}_se"].sel(arm=a)),
                    lang,
                )
                for a in arms
            )
            reading_text = w(f"reading_{reading}", lang)
            line = w("payer_share", lang, who=payer, reading=reading_text, shares=shares)
            lines.append("  " + line)
    for a in arms:
        name = labels.get(a, a)
        status = decisions["pays_for_itself_status"].sel(arm=a).item()
        value = _mean_se(
            float(decisions["pays_for_itself"].sel(arm=a)),
            float(decisions["pays_for_itself_se"].sel(arm=a)),
            lang,
        )
        lines.append("  " + w(f"pays_{status}", lang, label=name, value=value, zero=zero))
        if a == baseline:
            continue
        status = decisions["break_even_status"].sel(arm=a).item()
        value = _mean_se(
            float(decisions["break_even"].sel(arm=a)),
            float(decisions["break_even_se"].sel(arm=a)),
            lang,
        )
        lines.append(
            "  " + w(f"preferred_{status}", lang, label=name, base=base, value=value, zero=zero)
        )
    return "\n".join(lines)


def format_risk(view, labels: Mapping[str, str], lang: Lang, payer: str) -> str:
    """The "risk for the payer" block of ``mkba-mc run``, from
    :func:`mkba_mc.risk.investment_risk`: the payer's own business case beside the
    societal one, its chance of recovering the investment (in the difference columns: the
    extra investment, as the line under the table says), the downside of a year of intakes,
    and payback; ``payer``: the study's payer as a sentence names it
    (:func:`mkba_mc.console_words.the_payer`)."""
    client, year, down = view.per_client, view.per_year, view.downside_year
    cases = [str(c) for c in client["case"].values]
    focus = str(view.profile.attrs["case"])  # the payer's own case, else the societal one
    payer_case = focus != SOCIETAL
    who = payer if payer_case else w("society", lang)
    baseline = client.attrs["baseline"]
    arms = [str(a) for a in client["arm"].values]
    others = [a for a in arms if a != baseline]
    base = labels.get(baseline, baseline)
    columns = [labels.get(a, a) for a in arms] + [f"{labels.get(a, a)} − {base}" for a in others]
    cells = [(a, "") for a in arms] + [(a, "delta_") for a in others]
    lines = [
        w(
            "risk_title" if payer_case else "risk_title_societal",
            lang,
            who=who,
            draws=number(view.draws, lang),
        ),
        w("risk_units", lang),
    ]
    rows = [[""] + columns]
    names = {
        focus: w("payer_balance", lang, who=who),
        PARTLY: w("partly_balance", lang),
        SOCIETAL: w("societal_balance", lang),
    }
    shown = dict.fromkeys((focus, PARTLY, SOCIETAL))
    for case in [c for c in shown if c in cases]:
        row = [names[case]]
        for arm, prefix in cells:
            cell = client.sel(arm=arm, case=case)
            row.append(_mean_se(float(cell[prefix + "mean"]), float(cell[prefix + "mc_se"]), lang))
        rows.append(row)
    row = [w("p_recover", lang, who=who)]
    for arm, prefix in cells:
        cell = client.sel(arm=arm, case=focus)
        row.append(
            probability(
                float(cell[prefix + "p_recover"]), float(cell[prefix + "p_recover_se"]), lang
            )
        )
    rows.append(row)
    lines += text_table(rows, "l" + "r" * len(columns))
    lines.append(w("p_recover_extra", lang, who=who))
    lines += ["", w("year_of_intakes", lang, n=number(view.intakes, lang))]
    rows = [[""] + columns]
    mean_row, interval_row = [w("balance_per_year", lang)], [w("interval_row", lang)]
    for arm, prefix in cells:
        cell = year.sel(arm=arm, case=focus)
        mean_row.append(_mean_se(float(cell[prefix + "mean"]), float(cell[prefix + "mc_se"]), lang))
        interval_row.append(
            w(
                "from_to",
                lang,
                low=money(float(cell[prefix + "q05"]), lang),
                high=money(float(cell[prefix + "q95"]), lang),
            )
        )
    rows += [mean_row, interval_row]
    for level in down["level"].values:
        for key in ("var", "es"):
            row = [w(f"{key}_row", lang, level=_share(float(level), lang))]
            for arm, prefix in cells:
                cell = down.sel(arm=arm, case=focus, level=level)
                row.append(
                    _mean_se(float(cell[prefix + key]), float(cell[prefix + key + "_se"]), lang)
                )
            rows.append(row)
    limits_down = down if view.loss_per == "year" else view.downside_client
    per = w("a_year" if view.loss_per == "year" else "per_client", lang)
    for limit in limits_down["limit"].values:
        row = [w("p_loss", lang, limit=money(float(limit), lang), per=per)]
        for arm, prefix in cells:
            cell = limits_down.sel(arm=arm, case=focus, limit=limit)
            row.append(
                probability(float(cell[prefix + "p_loss"]), float(cell[prefix + "p_loss_se"]), lang)
            )
        rows.append(row)
    lines += text_table(rows, "l" + "r" * len(columns))
    if view.payback is None:
        return "\n".join([*lines, "", w("payback_missing", lang)])
    pay = view.payback
    rate = _share(float(pay.attrs["discount_rate"]), lang)
    lines += ["", w("payback_title", lang, who=who, rate=rate)]
    within = [int(w_) for w_ in pay["within"].values]
    rows = [[""] + [w("within_years", lang, n=n) for n in within] + [w("never", lang)]]
    for arm, prefix in cells:
        cell = pay.sel(arm=arm, case=focus)
        name = labels.get(arm, arm) + ("" if not prefix else f" − {base}")
        row = [w("p_paid_back", lang, label=name)]
        row += [
            probability(float(cell[prefix + "p_paid_back"].sel(within=n)), math.nan, lang)
            for n in within
        ]
        row.append(probability(float(cell[prefix + "p_never"]), math.nan, lang))
        rows.append(row)
    lines += text_table(rows, "l" + "r" * (len(within) + 1))
    return "\n".join(lines)
