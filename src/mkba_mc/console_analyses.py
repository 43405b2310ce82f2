"""Text of the sensitivity and value-of-information analyses, for the console, in English or Dutch.

The analyses (:mod:`mkba_mc.sensitivity`, :mod:`mkba_mc.voi`, :mod:`mkba_mc.evsi`) return
data; this module writes them as text tables. Numbers follow the language as the report
writes them (``€1,234`` / ``€ 1.234``, ``63.3%`` / ``63,3%``, :mod:`mkba_mc.plots._labels`);
input groups and the EVPI row take the shared vocabulary (``TERMS``, ``GROUPS``); arm
labels come from the caller, in the language asked for (``labels``: arm code → label,
e.g. from :meth:`mkba_mc.spec.Study.translate`), and so do the inputs' names (``names``:
input code such as ``share_pw [KR]`` → its label and its arm's); without them a table
shows the code names of the CSV tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .console import text_table
from .evsi import METHOD, SampleInformation
from .plots._labels import Lang, check_lang, group_label, money, number, percent, term
from .sensitivity import RankIndices, SobolIndices, Thresholds, Tornado
from .voi import EVPI_GROUP, ValueOfInformation

__all__ = [
    "TEXT",
    "format_evsi",
    "format_heading",
    "format_rank",
    "format_sobol",
    "format_thresholds",
    "format_tornado",
    "format_voi",
]

TEXT: dict[str, tuple[str, str]] = {
    "heading": (
        "{title}\nSensitivity of the balance (euros per client) with per-client expected "
        "values (parameter uncertainty only); seed {seed}",
        "{title}\nGevoeligheid van het saldo (euro per cliënt) met verwachte waarden per "
        "cliënt (alleen onzekerheid over de parameters); startwaarde {seed}",
    ),
    "correlated": (
        "\nCorrelated inputs ([correlations]): Sobol' indices and EVSI, which assume "
        "independent inputs, are left out; rank indices and EVPPI use the joint sample",
        "\nGecorreleerde invoer ([correlations]): Sobol'-indices en EVSI, die onafhankelijke "
        "invoer veronderstellen, vervallen; rangindices en EVPPI gebruiken de gezamenlijke "
        "steekproef",
    ),
    "tornado_head": (
        "One-way sensitivity (tornado): {measure}, euros per client; "
        "base (all inputs at their means) {base}",
        "Eenzijdige gevoeligheid (tornado): {measure}, euro per cliënt; "
        "basis (alle invoer op het gemiddelde) {base}",
    ),
    "input": ("input", "invoer"),
    "group": ("group", "groep"),
    "input group": ("input group", "invoergroep"),
    "at": ("at {p}", "bij {p}"),
    "swing": ("swing", "uitslag"),
    "more": ("  ... and {n} more (all in {file})", "  ... en nog {n} (alle in {file})"),
    "tornado_note": (
        "  Vectors and groups: the measure's own percentiles as they vary alone.",
        "  Vectoren en groepen: de eigen percentielen van de maatstaf als alleen zij variëren.",
    ),
    "threshold_head": (
        "Threshold values: {measure} changes sign (others at their means)",
        "Drempelwaarden: {measure} wisselt van teken (overige invoer op het gemiddelde)",
    ),
    "no_threshold": (
        "  no single input can change its sign on its own",
        "  geen enkele invoer kan op zichzelf het teken doen wisselen",
    ),
    "mean": ("mean", "gemiddelde"),
    "threshold": ("threshold", "drempel"),
    "quantile": ("quantile", "kwantiel"),
    "in_interval": ("in {width} interval", "in {width}-interval"),
    "positive": ("positive", "positief"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    "above": ("above", "boven"),
    "below": ("below", "onder"),
    "threshold_rest": (
        "  The other {rest} of {total} scalar inputs cannot change the sign anywhere in "
        "their support.",
        "  De overige {rest} van {total} scalaire invoergrootheden kunnen het teken nergens "
        "in hun bereik doen wisselen.",
    ),
    "sobol_head": (
        "Global sensitivity (Sobol'): {measure}; n = {n} ({runs} model runs), "
        "{level} bootstrap intervals",
        "Globale gevoeligheid (Sobol'): {measure}; n = {n} ({runs} modelruns), "
        "{level}-bootstrapintervallen",
    ),
    "first order": ("first order", "eerste orde"),
    "total order": ("total order", "totale orde"),
    "rank_head": (
        "Rank-based indices: {measure}; {draws} draws, rank regression R² = {r2}",
        "Rangindices: {measure}; {draws} trekkingen, R² van de rangregressie = {r2}",
    ),
    "rank R²": ("rank R²", "rang-R²"),
    "voi_head": (
        "Value of information: euros per client and per year ({intakes} intakes); "
        "± bootstrap standard error, {draws} draws",
        "Waarde van informatie: euro per cliënt en per jaar ({intakes} intakes); "
        "± bootstrap-standaardfout, {draws} trekkingen",
    ),
    "voi_lambda": (
        "λ = {wtp} per extra successful client (choose {best} on current information)",
        "λ = {wtp} per extra succesvolle cliënt (kies {best} op de huidige informatie)",
    ),
    "per client": ("per client", "per cliënt"),
    "per year": ("per year", "per jaar"),
    "± se": ("± se", "± sf"),
    "of EVPI": ("of EVPI", "van EVPI"),
    "fit_head": (
        "Regression fit (E[net benefit | group]): R² and leave-one-out R²",
        "Fit van de regressie (E[nettobaat | groep]): R² en leave-one-out-R²",
    ),
    "fit_row": (
        "  {group}: {basis} basis, {terms} terms; {target}: R² {r2}, LOO R² {cv}",
        "  {group}: {basis} basis, {terms} termen; {target}: R² {r2}, LOO-R² {cv}",
    ),
    "balance": ("balance", "saldo"),
    "basis_linear": ("linear", "lineaire"),
    "basis_quadratic": ("quadratic", "kwadratische"),
    "basis_spline": ("natural cubic spline", "natuurlijke kubische spline"),
    "evsi_head": (
        "Value of sample information: n new dossiers per route "
        "({method}; {draws} draws, ± Monte Carlo standard error)",
        "Waarde van steekproefinformatie: n nieuwe dossiers per route "
        "({method}; {draws} trekkingen, ± Monte Carlo-standaardfout)",
    ),
    "evsi_cost": (
        "Study cost {fixed} + {per} per dossier; {intakes} intakes a year over "
        "{years} years ({source})",
        "Kosten van het onderzoek {fixed} + {per} per dossier; {intakes} intakes per jaar "
        "over {years} jaar ({source})",
    ),
    "evsi_lambda": (
        "λ = {wtp} per extra successful client: EVPPI of what the dossiers show "
        "{value} ± {se} per client (choose {best} now)",
        "λ = {wtp} per extra succesvolle cliënt: EVPPI van wat de dossiers laten zien "
        "{value} ± {se} per cliënt (kies nu {best})",
    ),
    "evsi_conjugate": (
        "conjugate preposterior: Beta and Dirichlet posteriors, E(net benefit | data) exact "
        "for the multilinear model",
        "geconjugeerde preposterior: Beta- en Dirichlet-posteriors, E(nettobaat | data) exact "
        "voor het multilineaire model",
    ),
    "n per route": ("n per route", "n per route"),
    "EVSI/client": ("EVSI/client", "EVSI/cliënt"),
    "study cost": ("study cost", "onderzoekskosten"),
    "evsi_best": (
        "  best: {n} dossiers per route, ENBS {enbs}",
        "  beste: {n} dossiers per route, ENBS {enbs}",
    ),
    "evsi_none": (
        "  no study size pays for itself: ENBS ≤ 0 at every size",
        "  geen omvang van het onderzoek verdient zichzelf terug: ENBS ≤ 0 bij elke omvang",
    ),
}
"""The words of the console's sensitivity text, key → (English, Dutch)."""


def _t(key: str, lang: Lang, **fields) -> str:
    text = TEXT[key][0 if check_lang(lang) == "en" else 1]
    return text.format(**fields) if fields else text


def format_heading(title: str, seed: int, correlated: bool, lang: Lang = "en") -> str:
    """The heading of ``mkba-mc sensitivity``: the study, what is analysed, the seed."""
    text = _t("heading", lang, title=title, seed=seed)
    return text + (_t("correlated", lang) if correlated else "")


def _significant(x: float, lang: Lang) -> str:
    """Whole numbers from 100 up, else three significant digits, in the language's marks."""
    if abs(x) >= 100 or not np.isfinite(x):
        return number(x, lang)
    text = f"{x:.3g}"
    return text.replace(".", ",") if lang == "nl" else text


def _signed(x: float, lang: Lang, decimals: int) -> str:
    """``+0.123`` / ``−0.123`` (``+0,123`` in Dutch); empty for NaN."""
    if not np.isfinite(x):
        return ""
    return ("+" if round(x, decimals) >= 0 else "") + number(x, lang, decimals)


def _named(code: str, names: Mapping[str, str] | None) -> str:
    """An input as the reader should see it: its name in ``names``, else its code."""
    return names.get(code, code) if names else code


def _differences(table: pd.DataFrame, labels: Mapping[str, str] | None):
    """The rows of each difference in balance, grouped by measure, with the measure's label
    (``labels``: arm code → label; ``None`` keeps the table's own)."""
    rows = table[table["versus"] != ""]
    for (arm, versus), part in rows.groupby(["arm", "versus"], sort=False):
        label = part["measure"].iloc[0] if labels is None else f"{labels[arm]} − {labels[versus]}"
        yield label, part


def format_tornado(
    result: Tornado,
    top: int = 12,
    *,
    lang: Lang = "en",
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """The widest bars of each difference in balance, as a text table."""
    low, high = (f"{100 * p:g}%" for p in result.percentiles)
    lines = []
    for measure, rows in _differences(result.table, labels):
        lines.append(
            _t("tornado_head", lang, measure=measure, base=money(rows["base"].iloc[0], lang))
        )
        table = [
            [_t("input", lang), _t("group", lang), _t("at", lang, p=low), _t("at", lang, p=high)]
            + [_t("swing", lang)]
        ]
        for _, r in rows.head(top).iterrows():
            table.append(
                [_named(r["input"], names), group_label(r["group"], lang)]
                + [money(r[k], lang) for k in ("at_low", "at_high", "swing")]
            )
        lines += text_table(table, "llrrr")
        if len(rows) > top:
            lines.append(_t("more", lang, n=len(rows) - top, file="tornado.csv"))
        lines.append(_t("tornado_note", lang))
    return "\n".join(lines)


def format_thresholds(
    result: Thresholds,
    *,
    lang: Lang = "en",
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """Scalar inputs that can change the sign of a difference in balance on their own."""
    low, high = result.interval
    width = f"{100 * (high - low):g}%"
    lines = []
    for measure, rows in _differences(result.table, labels):
        found = rows[np.isfinite(rows["threshold"])]
        found = found.iloc[np.argsort(np.abs(found["quantile"].to_numpy() - 0.5), kind="stable")]
        lines.append(_t("threshold_head", lang, measure=measure))
        if found.empty:
            lines.append(_t("no_threshold", lang))
        else:
            heads = ("input", "mean", "threshold", "quantile")
            table = [[_t(k, lang) for k in heads]]
            table[0] += [_t("in_interval", lang, width=width), _t("positive", lang)]
            for _, r in found.iterrows():
                table.append(
                    [
                        _named(r["input"], names),
                        _significant(r["mean"], lang),
                        _significant(r["threshold"], lang),
                        percent(r["quantile"], lang, 1),
                        _t("yes" if r["inside"] else "no", lang),
                        _t("above" if r["positive_above"] else "below", lang),
                    ]
                )
            lines += text_table(table, "lrrrll")
        rest = len(rows) - len(found)
        lines.append(_t("threshold_rest", lang, rest=rest, total=len(rows)))
    return "\n".join(lines)


def format_sobol(
    result: SobolIndices,
    top: int = 12,
    *,
    lang: Lang = "en",
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """First and total order indices of each difference in balance, as a text table."""
    level = percent(result.confidence_level, lang, 0)
    lines = []
    for measure, rows in _differences(result.table, labels):
        lines.append(
            _t(
                "sobol_head",
                lang,
                measure=measure,
                n=number(result.n, lang),
                runs=number(result.evaluations, lang),
                level=level,
            )
        )
        for kind, title in (("group", "input group"), ("input", "input")):
            part = rows[rows["kind"] == kind]
            if part.empty:
                continue
            table = [[_t(title, lang), _t("first order", lang), level, _t("total order", lang)]]
            table[0].append(level)
            for _, r in part.head(top).iterrows():
                cells = [
                    group_label(r["input"], lang) if kind == "group" else _named(r["input"], names)
                ]
                for order in ("first", "total"):
                    low, high = (number(r[f"{order}_{e}"], lang, 3) for e in ("low", "high"))
                    sep = "; " if lang == "nl" else ", "
                    cells += [number(r[order], lang, 3), f"[{low}{sep}{high}]"]
                table.append(cells)
            lines += text_table(table, "lrrrr")
            if len(part) > top:
                lines.append(_t("more", lang, n=len(part) - top, file="sobol.csv"))
    return "\n".join(lines)


def format_rank(
    result: RankIndices,
    top: int = 12,
    *,
    lang: Lang = "en",
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """Spearman and SRRC of each difference in balance, as a text table."""
    lines = []
    for measure, rows in _differences(result.table, labels):
        own = rows["measure"].iloc[0]
        r2 = result.fit.loc[result.fit["measure"] == own, "r2"].iloc[0]
        lines.append(
            _t(
                "rank_head",
                lang,
                measure=measure,
                draws=number(result.draws, lang),
                r2=number(r2, lang, 3),
            )
        )
        groups = result.groups[result.groups["measure"] == own]
        table = [[_t("input group", lang), _t("rank R²", lang)]]
        table += [
            [group_label(g["group"], lang), number(g["rank_r2"], lang, 3)]
            for _, g in groups.iterrows()
        ]
        lines += text_table(table, "lr")
        table = [[_t("input", lang), "Spearman", "SRRC", _t("rank R²", lang)]]
        for _, r in rows.head(top).iterrows():
            table.append(
                [_named(r["input"], names), _signed(r["spearman"], lang, 3)]
                + [_signed(r["srrc"], lang, 3)]
                + [number(r["rank_r2"], lang, 3)]
            )
        lines += text_table(table, "lrrr")
        if len(rows) > top:
            lines.append(_t("more", lang, n=len(rows) - top, file="rank.csv"))
    return "\n".join(lines)


def _group_text(group: str, lang: Lang) -> str:
    return term("evpi_group", lang) if group == EVPI_GROUP else group_label(group, lang)


def _voi_lines(result: ValueOfInformation, lam: float, lang: Lang, labels) -> list[str]:
    """The table of one λ: EVPI and each group's EVPPI, per client and per year."""
    table = result.table
    rows = table[np.isclose(table["wtp"], lam)]
    best = rows["best"].iloc[0]
    lines = [
        _t(
            "voi_lambda",
            lang,
            wtp=money(lam, lang),
            best=labels.get(best, best) if labels else best,
        )
    ]
    se = _t("± se", lang)
    out = [["", _t("per client", lang), se, _t("per year", lang), se, _t("of EVPI", lang)]]
    for _, r in rows.iterrows():
        share = r["share_of_evpi"]
        out.append(
            [
                _group_text(r["group"], lang),
                money(r["per_client"], lang),
                number(r["se"], lang, 1),
                money(r["per_year"], lang),
                number(r["per_year_se"], lang),
                percent(share, lang, 0) if np.isfinite(share) else "",
            ]
        )
    return lines + text_table(out, "lrrrrr")


def format_voi(
    result: ValueOfInformation,
    wtp: Sequence[float] | None = None,
    *,
    lang: Lang = "en",
    labels: Mapping[str, str] | None = None,
) -> str:
    """EVPI and EVPPI per group at the given λ (default: all of the result's), as text."""
    chosen = sorted(set(result.table["wtp"])) if wtp is None else list(wtp)
    lines = [
        _t(
            "voi_head",
            lang,
            intakes=number(result.intakes, lang),
            draws=number(result.draws, lang),
        )
    ]
    for lam in chosen:
        lines += _voi_lines(result, lam, lang, labels)
    fits = result.fits
    if not fits.empty:
        lines.append(_t("fit_head", lang))
        for _, r in fits[fits["target"].str.startswith("balance")].iterrows():
            difference = (
                r["target"].removeprefix("balance ")
                if labels is None
                else f"{labels[r['arm']]} − {labels[r['versus']]}"
            )
            target = f"{_t('balance', lang)} {difference}"
            lines.append(
                _t(
                    "fit_row",
                    lang,
                    group=group_label(r["group"], lang),
                    basis=_t(f"basis_{r['basis']}", lang),
                    terms=r["terms"],
                    target=target,
                    r2=number(r["r2"], lang, 3),
                    cv=number(r["cv_r2"], lang, 3),
                )
            )
    return "\n".join(lines)


def _evsi_method(method: str, lang: Lang) -> str:
    """The EVSI method in ``lang``: :data:`mkba_mc.evsi.METHOD` in words, another as given."""
    return _t("evsi_conjugate", lang) if method == METHOD else method


def format_evsi(
    result: SampleInformation, *, lang: Lang = "en", labels: Mapping[str, str] | None = None
) -> str:
    """EVSI and ENBS of a proposed dossier study (:func:`mkba_mc.evsi.evsi`) as text."""
    research = result.research
    lines = [
        _t(
            "evsi_head",
            lang,
            method=_evsi_method(result.method, lang),
            draws=number(result.draws, lang),
        ),
        _t(
            "evsi_cost",
            lang,
            fixed=money(research.fixed_cost, lang),
            per=money(research.cost_per_dossier, lang),
            intakes=number(research.intakes_per_year, lang),
            years=f"{research.horizon_years:g}".replace(".", "," if lang == "nl" else "."),
            source=research.source,
        ),
    ]
    for lam in sorted(set(result.table["wtp"])):
        rows = result.table[result.table["wtp"] == lam]
        limit = result.limit[result.limit["wtp"] == lam].iloc[0]
        best = result.optimum[result.optimum["wtp"] == lam].iloc[0]
        lines.append(
            _t(
                "evsi_lambda",
                lang,
                wtp=money(lam, lang),
                value=money(limit["per_client"], lang),
                se=number(limit["se"], lang, 1),
                best=labels.get(limit["best"], limit["best"]) if labels else limit["best"],
            )
        )
        heads = ("n per route", "EVSI/client", "± se", "per year", "study cost")
        out = [[_t(k, lang) for k in heads] + ["ENBS", _t("± se", lang)]]
        out += [
            [
                number(r["dossiers"], lang),
                money(r["per_client"], lang),
                number(r["se"], lang, 1),
                money(r["per_year"], lang),
                money(r["study_cost"], lang),
                money(r["enbs"], lang),
                number(r["enbs_se"], lang),
            ]
            for _, r in rows.iterrows()
        ]
        lines += text_table(out, "r" * len(out[0]))
        enbs = money(best["enbs"], lang)
        n = number(best["dossiers"], lang)
        lines.append(
            _t("evsi_best", lang, n=n, enbs=enbs) if best["worthwhile"] else _t("evsi_none", lang)
        )
    return "\n".join(lines)
