"""Words and numbers in English and Dutch, shared by the figures and the report.

The terms are those of the field: *investering* (investment), *baten* (benefits),
*saldo* (balance), *baten-kostenverhouding* (benefit-cost ratio), *gemeente*
(municipality). Names that come from a config (arms, streams, stakeholders, cost
components, parameters, titles, sources) are shown in the config's words, in the report's
language where the config gives it (``label = { en = "...", nl = "..." }``, stored with the
run as its ``translations`` attribute); the library holds no study's words.

Numbers follow the language: ``€1,234`` and ``63.3%`` in English, ``€ 1.234`` and
``63,3%`` in Dutch, with a true minus sign (``€−454``).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from typing import Literal

import xarray as xr

__all__ = [
    "GROUPS",
    "LANGS",
    "Lang",
    "RATE_KEYS",
    "arm_label",
    "bridge_rows",
    "bridge_step_text",
    "check_lang",
    "translate",
    "unit_label",
    "component_label",
    "grid_value",
    "group_label",
    "in_prose",
    "is_rate",
    "money",
    "number",
    "ordinal",
    "parameter_label",
    "percent",
    "probability",
    "stakeholder_label",
    "stream_label",
    "term",
]

Lang = Literal["en", "nl"]
LANGS: tuple[str, ...] = ("en", "nl")

TERMS: dict[str, tuple[str, str]] = {
    # measures
    "investment": ("investment", "investering"),
    "total_benefit": ("total benefits", "totale baten"),
    "benefits": ("benefits", "baten"),
    "balance": ("balance", "saldo"),
    "bcr": ("benefit-cost ratio", "baten-kostenverhouding"),
    "per_client": ("€ per client", "€ per cliënt"),
    "per_year": ("€ per year", "€ per jaar"),
    # figure words
    "balance_axis": (
        "Balance: benefits − investment (€ per client)",
        "Saldo: baten − investering (€ per cliënt)",
    ),
    "difference_axis": (
        "Difference in balance, {arm} − {baseline} (€ per client)",
        "Verschil in saldo, {arm} − {baseline} (€ per cliënt)",
    ),
    "share_of_draws": (
        "Share of draws per €{width} bin",
        "Aandeel trekkingen per klasse van €{width}",
    ),
    "break_even": ("break-even (balance 0)", "break-even (saldo 0)"),
    "mean": ("mean", "gemiddelde"),
    "interval": ("5–95% interval", "5–95%-interval"),
    "balance_title": ("Balance per route", "Saldo per route"),
    "difference_title": ("{arm} against {baseline}", "{arm} tegenover {baseline}"),
    "p_beats": ("P({arm} beats {baseline})", "kans dat de {arm} beter uitpakt dan de {baseline}"),
    "p_beats_short": ("P({arm} beats {baseline}) = {p}", "kans {arm} beter dan {baseline} = {p}"),
    "p_positive_short": ("P(balance > 0) = {p}", "kans saldo > 0 = {p}"),
    "p_beats_tiny": ("P(beats) = {p}", "kans beter = {p}"),
    "difference_axis_short": (
        "Difference in balance (€ per client)",
        "Verschil in saldo (€ per cliënt)",
    ),
    "d_investment_axis": (
        "Δ investment, {arm} − {baseline} (€ per client)",
        "Δ investering, {arm} − {baseline} (€ per cliënt)",
    ),
    "d_benefit_axis": (
        "Δ benefits, {arm} − {baseline} (€ per client)",
        "Δ baten, {arm} − {baseline} (€ per cliënt)",
    ),
    "break_even_line": (
        "break-even: Δ benefits = Δ investment",
        "break-even: Δ baten = Δ investering",
    ),
    "plane_title": (
        "Incremental plane: {arm} against {baseline}",
        "Incrementeel vlak: {arm} tegenover {baseline}",
    ),
    "draws_shown": (
        "{shown} of {total} draws shown; probabilities from all draws",
        "{shown} van {total} trekkingen getoond; kansen uit alle trekkingen",
    ),
    "q_more_cost_more_benefit": ("costs more, gains more", "duurder, meer baten"),
    "q_less_cost_more_benefit": ("costs less, gains more", "goedkoper, meer baten"),
    "q_more_cost_less_benefit": ("costs more, gains less", "duurder, minder baten"),
    "q_less_cost_less_benefit": ("costs less, gains less", "goedkoper, minder baten"),
    "above_line": (
        "above the line: {arm} beats {baseline} ({p})",
        "boven de lijn: {arm} beter dan {baseline} ({p})",
    ),
    "wtp_axis": (
        "Value put on each extra successful client's unmonetised gains, λ (€ per client)",
        "Waarde van de niet-gemonetariseerde winst per extra succesvolle cliënt, λ (€ per cliënt)",
    ),
    "p_preferred_axis": (
        "Probability that the route is preferred",
        "Kans dat de route de voorkeur heeft",
    ),
    "acceptability_title": ("Acceptability curve", "Aanvaardbaarheidscurve"),
    "break_even_wtp": ("break-even λ = {value}", "break-even λ = {value}"),
    "benefit_axis": (
        "Benefits (€ per client): mean and 5–95% interval",
        "Baten (€ per cliënt): gemiddelde en 5–95%-interval",
    ),
    "share_note": (
        "% = share of the route's total benefits",
        "% = aandeel in de totale baten van de route",
    ),
    "streams_title": ("Benefits per stream", "Baten per batenpost"),
    "stakeholders_title": ("Benefits per stakeholder", "Baten per belanghebbende"),
    "draws_axis": ("Number of draws", "Aantal trekkingen"),
    "running_p_axis": (
        "Running P({arm} beats {baseline})",
        "Lopende kans {arm} beter dan {baseline}",
    ),
    "running_p_axis_arms": (
        "Running P(route beats {baseline})",
        "Lopende kans dat de route beter is dan {baseline}",
    ),
    "running_mean_axis": (
        "Running mean balance (€ per client)",
        "Lopend gemiddeld saldo (€ per cliënt)",
    ),
    "band": ("± 1.96 Monte Carlo standard errors", "± 1,96 Monte Carlo-standaardfouten"),
    "stable_after": ("stable after {n} draws", "stabiel na {n} trekkingen"),
    "not_stable": ("not yet stable", "nog niet stabiel"),
    "convergence_title": ("Convergence", "Convergentie"),
    "assumption_set": ("Assumption set", "Set aannames"),
    "outcome_shares": (
        "outcome category shares at observation",
        "verdeling van de dossiers over de uitkomsten",
    ),
    # the bridge from the study's balance to the simulation's mean (mkba_mc.bridge)
    "bridge_published": (
        "balance as the study published it",
        "saldo zoals de studie het publiceerde",
    ),
    "bridge_erratum": (
        "every printed benefit row counted (erratum)",
        "alle gedrukte batenrijen meegeteld (erratum)",
    ),
    "bridge_study": (
        "the model at the study's values as this config states them (the tables' rounding)",
        "het model met de waarden van de studie zoals deze configuratie ze noemt (afronding van de "
        "tabellen)",
    ),
    "bridge_study_first": (
        "the study's point estimate (the model at the study's values)",
        "de puntschatting van de studie (het model met de waarden van de studie)",
    ),
    "bridge_rounding": (
        "exact dossier shares and counts instead of the study's rounding",
        "exacte aandelen en aantallen uit de dossiers in plaats van de afronding van de studie",
    ),
    "bridge_prior": (
        "dossier prior: half a dossier added to each count",
        "prior op de dossiers: een half dossier bij elke telling",
    ),
    "bridge_input": ("{label}: {was} → mean {now}", "{label}: {was} → gemiddeld {now}"),
    "bridge_input_plain": (
        "{label}: its mean instead of the study's value",
        "{label}: het gemiddelde in plaats van de waarde van de studie",
    ),
    "bridge_discounting": ("discounting at {rate} a year", "disconteren tegen {rate} per jaar"),
    "bridge_remainder": (
        "non-linearity and Monte Carlo error",
        "niet-lineariteit en Monte Carlo-fout",
    ),
    "bridge_simulation": ("mean of the simulation", "gemiddelde van de simulatie"),
    "bridge_title": (
        "From the study's balance to the simulation's mean",
        "Van het saldo van de studie naar het gemiddelde van de simulatie",
    ),
    "bridge_title_model": (
        "From the model at the study's values to the simulation's mean",
        "Van het model op de waarden van de studie naar het gemiddelde van de simulatie",
    ),
    "bridge_axis": ("Balance (€ per client)", "Saldo (€ per cliënt)"),
    "bridge_step": ("step", "stap"),
    "mean_balance_axis": (
        "Mean balance (€ per client) and 5–95% interval",
        "Gemiddeld saldo (€ per cliënt) en 5–95%-interval",
    ),
    "p_beats_axis": (
        "P(route beats {baseline})",
        "Kans dat de route beter uitpakt dan de {baseline}",
    ),
    # the sweep figure (mkba_mc.plots.sweep)
    "discount_rate_axis": ("discount rate (% a year)", "discontovoet (% per jaar)"),
    "probability_axis": ("probability (%)", "kans (%)"),
    "sweep_line_title": (
        "P(route beats {baseline}) at each value (bars: 95% Monte Carlo interval)",
        "Kans dat de route beter uitpakt dan de {baseline}, per waarde (balken: 95%-Monte "
        "Carlo-interval)",
    ),
    "sweep_heatmap_title": (
        "{p_beats} (colour, top line) and the mean difference in balance per client (bottom line)",
        "{p_beats} (kleur, bovenste regel) en het gemiddelde verschil in saldo per cliënt "
        "(onderste regel)",
    ),
    "compare_title": ("Assumption sets compared", "Sets aannames vergeleken"),
    # investment risk
    "risk_profile_title": (
        "Risk profile of the {who}, a year of {n} intakes",
        "Risicoprofiel van de {who}, een jaar met {n} intakes",
    ),
    "risk_cdf_axis": ("P(balance ≤ x)", "kans saldo ≤ x"),
    "exceedance_axis": ("P(loss > x)", "kans verlies > x"),
    "yearly_balance_axis": ("Balance x (€ per year)", "Saldo x (€ per jaar)"),
    "yearly_loss_axis": ("Loss x (€ per year)", "Verlies x (€ per jaar)"),
    "var_marker": ("value-at-risk at {p}", "value-at-risk bij {p}"),
    "versus_label": ("{arm} − {baseline}", "{arm} − {baseline}"),
    "payback_title": (
        "Cumulative net cash flow of the {who}",
        "Cumulatieve netto kasstroom van de {who}",
    ),
    "payback_axis": ("Years after the intake", "Jaren na de intake"),
    "cumulative_axis": (
        "Cumulative net cash flow, discounted (€ per client)",
        "Cumulatieve netto kasstroom, contant (€ per cliënt)",
    ),
    "society": ("society", "de samenleving"),
    # sensitivity and value of information
    "tornado_title": (
        "One-way sensitivity: {measure}",
        "Gevoeligheidsanalyse per invoer: {measure}",
    ),
    "tornado_axis": (
        "Difference in balance, {measure} (€ per client)",
        "Verschil in saldo, {measure} (€ per cliënt)",
    ),
    "tornado_end": ("input at its {p} percentile", "invoer op zijn {p} percentiel"),
    "tornado_joint": (
        "vector or group: {low}–{high} percentile of the difference",
        "vector of groep: {low}–{high} percentiel van het verschil",
    ),
    "tornado_base": (
        "base, inputs at their means ({value})",
        "basis, alle invoer op het gemiddelde ({value})",
    ),
    "no_difference": ("no difference", "geen verschil"),
    "sobol_axis": (
        "Sobol' index: share of the variance of the difference in balance",
        "Sobol-index: aandeel in de variantie van het verschil in saldo",
    ),
    "sobol_first": (
        "first order ({level} bootstrap interval)",
        "eerste orde ({level}-bootstrapinterval)",
    ),
    "sobol_total": (
        "total order ({level} bootstrap interval)",
        "totale orde ({level}-bootstrapinterval)",
    ),
    "sobol_title_input": (
        "Global sensitivity of {measure}\nby inputs; base sample n = {n}",
        "Globale gevoeligheid van {measure}\nper invoer; basissteekproef n = {n}",
    ),
    "sobol_title_group": (
        "Global sensitivity of {measure}\nby input groups; base sample n = {n}",
        "Globale gevoeligheid van {measure}\nper groep invoer; basissteekproef n = {n}",
    ),
    "evpi_group": ("all inputs (EVPI)", "alle invoer (EVPI)"),
    "evppi_axis": (
        "Expected value of (partial) perfect information (€ per client)",
        "Verwachte waarde van (gedeeltelijke) perfecte informatie (€ per cliënt)",
    ),
    "per_year_intakes": ("€ per year ({intakes} intakes)", "€ per jaar ({intakes} intakes)"),
    "wtp_legend": ("λ per extra successful client", "λ per extra succesvolle cliënt"),
    "evppi_title": (
        "What perfect knowledge of each input group is worth",
        "Wat perfecte kennis van elke groep invoer waard is",
    ),
    "evppi_wtp_axis": (
        "λ: value of each extra successful client's unmonetised gains (€)",
        "λ: waarde van de niet-gemonetariseerde winst per extra succesvolle cliënt (€)",
    ),
    "evppi_value_axis": ("EVPI / EVPPI (€ per client)", "EVPI / EVPPI (€ per cliënt)"),
    "evppi_lambda_title": ("Value of information against λ", "Waarde van informatie tegen λ"),
    "enbs_axis": (
        "Expected net benefit of sampling over {years} years (€)",
        "Verwachte netto opbrengst van de steekproef over {years} jaar (€)",
    ),
    "dossiers_axis": ("New dossiers read per route", "Nieuwe dossiers gelezen per route"),
    "enbs_title": (
        "What reading more dossiers is worth, less what it costs",
        "Wat meer dossiers lezen oplevert, min wat het kost",
    ),
}
"""Key -> (English, Dutch). Some take ``str.format`` fields."""


UNITS: dict[str, tuple[str, str]] = {
    "share of clients": ("share of clients", "aandeel cliënten"),
}
"""Units the library gives an input itself (the outcome shares) -> (English, Dutch)."""


GROUPS: dict[str, tuple[str, str]] = {
    "dossier outcomes": ("dossier outcomes", "uitkomsten uit dossiers"),
    "dossier client shares": ("dossier client shares", "kenmerken van cliënten uit dossiers"),
    "literature shares": ("literature shares", "percentages uit de literatuur"),
    "unit costs and durations": ("unit costs and durations", "kostprijzen en duur"),
    "programme costs": ("programme costs", "kosten van de aanpak"),
}
"""Input groups (:data:`mkba_mc.spec.INPUT_GROUPS`) -> (English, Dutch)."""


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language; raise ``ValueError`` otherwise."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang  # type: ignore[return-value]


def term(key: str, lang: Lang, **fields) -> str:
    """The word or phrase ``key`` in ``lang``, with ``fields`` filled in."""
    text = TERMS[key][LANGS.index(check_lang(lang))]
    return text.format(**fields) if fields else text


@functools.lru_cache(maxsize=32)
def _translations(stored: str) -> dict[str, dict[str, str]]:
    return json.loads(stored) if stored else {}


def translate(ds: xr.Dataset | Mapping, text: str, lang: Lang) -> str:
    """A text of the run's study (label, title, source) in ``lang``: the translation its
    config gives (``label = { en = "...", nl = "..." }``), or the text as written.

    ``ds`` is the run, or its attributes (``language`` and ``translations``)."""
    attrs = ds.attrs if isinstance(ds, xr.Dataset) else ds
    if check_lang(lang) == attrs.get("language", LANGS[0]):
        return text
    return _translations(str(attrs.get("translations", ""))).get(lang, {}).get(text, text)


def _translated(ds: xr.Dataset, label: str, lang: Lang) -> str:
    return translate(ds, label, lang)


def arm_label(ds: xr.Dataset, arm: str, lang: Lang | None = None) -> str:
    """The label of an arm, in ``lang`` where the config translates it (default: as written)."""
    label = str(ds["arm_label"].sel(arm=arm).item())
    return label if lang is None else translate(ds, label, lang)


def stream_label(ds: xr.Dataset, stream: str, lang: Lang) -> str:
    """The label of a benefit stream in ``lang`` (the config's label if untranslated)."""
    return _translated(ds, str(ds["stream_label"].sel(stream=stream).item()), lang)


def stakeholder_label(ds: xr.Dataset, stakeholder: str, lang: Lang) -> str:
    """The label of a stakeholder in ``lang`` (the config's label if untranslated)."""
    return _translated(ds, str(ds["stakeholder_label"].sel(stakeholder=stakeholder).item()), lang)


def in_prose(label: str) -> str:
    """A stakeholder's label as a sentence names it, after "the" / "de": without the
    parenthesised gloss a table keeps, and with a capital dropped where only the first letter
    of its first word is one ("Municipality (gemeente)" -> "municipality", "Gemeente
    Zwolle" -> "gemeente Zwolle", "UWV" stays)."""
    text = re.sub(r"\s*\([^()]*\)$", "", label).strip() or label
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        text = text[0].lower() + text[1:]
    return text


def parameter_label(ds: xr.Dataset, name: str, lang: Lang) -> str:
    """The label of parameter ``name`` in ``lang`` (the config's label if untranslated)."""
    if name == "outcome_shares":  # the engine's own input, not a config's
        return term("outcome_shares", lang)
    return _translated(ds, str(ds[f"param_{name}"].attrs.get("long_name", name)), lang)


def unit_label(ds: xr.Dataset | Mapping, unit: str, lang: Lang) -> str:
    """An input's unit in ``lang``: the config's translation, else the library's own
    (:data:`UNITS`), else as written."""
    text = translate(ds, unit, lang)
    if text == unit and unit in UNITS:
        return UNITS[unit][LANGS.index(check_lang(lang))]
    return text


def group_label(group: str, lang: Lang) -> str:
    """An input group in ``lang``; a group a config names itself is shown as written."""
    return GROUPS[group][LANGS.index(check_lang(lang))] if group in GROUPS else group


def ordinal(p: float, lang: Lang) -> str:
    """A percentile level (fraction) as an ordinal: ``5th`` / ``5e``, ``2.5th`` / ``2,5e``."""
    value = round(100 * p, 9)
    text = f"{value:g}"
    if check_lang(lang) == "nl":
        return text.replace(".", ",") + "e"
    if not value.is_integer():
        return text + "th"
    n = int(value)
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return text + suffix


def component_label(ds: xr.Dataset, component: str, lang: Lang) -> str:
    """The label of a cost component in ``lang`` (the config's label if untranslated)."""
    return _translated(ds, str(ds["component_label"].sel(component=component).item()), lang)


def _group(digits: str, lang: Lang) -> str:
    """Group the thousands of a non-negative decimal string in ``lang``'s style."""
    thousands, decimal = (",", ".") if lang == "en" else (".", ",")
    head, _, tail = digits.partition(".")
    grouped = f"{int(head):,}".replace(",", thousands)
    return grouped + (decimal + tail if tail else "")


def number(x: float, lang: Lang, decimals: int = 0) -> str:
    """A number with the language's separators (``1,234.5`` / ``1.234,5``)."""
    if not math.isfinite(x):
        return "n/a" if check_lang(lang) == "en" else "n.v.t."
    text = _group(f"{abs(x):.{decimals}f}", check_lang(lang))
    return ("−" if round(x, decimals) < 0 else "") + text


def money(x: float, lang: Lang) -> str:
    """Whole euros: ``€1,234`` / ``€−454`` in English, ``€ 1.234`` / ``€ −454`` in Dutch."""
    text = number(x, lang)
    if not math.isfinite(x):
        return text
    return ("€" if lang == "en" else "€ ") + text


def percent(p: float, lang: Lang, decimals: int = 1) -> str:
    """A probability as a percentage: ``63.3%`` / ``63,3%``."""
    return number(100 * p, lang, decimals) + "%"


RATE_KEYS = frozenset({"discounting.rate"})
"""Keys of the config's schema (not of a study) whose values are rates."""


def is_rate(ds: xr.Dataset, key: str) -> bool:
    """Whether the values of a sweep's key ``key`` are fractions to show as percentages: a
    rate of the schema (:data:`RATE_KEYS`) or an input whose unit is a share or a
    probability."""
    units = str(ds[key].attrs.get("units", "")).lower()
    return key in RATE_KEYS or units.startswith(("share", "probability"))


def grid_value(ds: xr.Dataset, key: str, value, lang: Lang) -> str:
    """A value of a sweep's key as the reader reads it: a rate as a percentage (``3%``,
    ``2,25%``), another number with the decimals it needs (at most 4), text as written."""
    if not isinstance(value, float):
        return str(value)
    if is_rate(ds, key):
        return percent(value, lang, _decimals(100 * value))
    return number(value, lang, _decimals(value))


def _decimals(value: float) -> int:
    """The fewest decimals (at most 4) that show ``value`` exactly."""
    return next((d for d in range(4) if abs(value - round(value, d)) < 1e-9), 4)


def probability(p: float, se: float, lang: Lang, decimals: int = 1) -> str:
    """A probability, with its Monte Carlo standard error where ``se`` is finite, as the
    console and the report show it: ``63.3% ± 0.2%`` / ``63,3% ± 0,2%``; the error to one
    significant digit and at least ``decimals`` decimals (``85.5% ± 0.02%``, never
    ``± 0.0%``). A probability that would show as 0 or 100% says so as a bound, without
    an error: ``< 0.1%``, ``> 99.9%`` (a finite number of draws cannot show it to be 0
    or 1).
    """
    if not math.isfinite(p):
        return number(p, lang)
    smallest = 10.0**-decimals  # in percent
    if 100 * p < smallest / 2:
        return "< " + percent(smallest / 100, lang, decimals)
    if 100 * p > 100 - smallest / 2:
        return "> " + percent(1 - smallest / 100, lang, decimals)
    text = percent(p, lang, decimals)
    if not math.isfinite(se):
        return text
    digits = decimals if se <= 0 else max(decimals, -math.floor(math.log10(100 * se)))
    return f"{text} ± {percent(se, lang, min(digits, 4))}"


def _bridge_value(x: float, lang: Lang) -> str:
    return number(x, lang, 2 if abs(x) < 10 and not float(x).is_integer() else 0)


def bridge_step_text(
    row, lang: Lang, parameter_labels: dict[str, str], rate: float | None = None
) -> str:
    """What one step of :func:`mkba_mc.bridge.bridge` does, in ``lang``.

    Parameters
    ----------
    row
        A row of the bridge table (``kind``, ``parameter``, ``study_value``, ``mean``,
        ``step``).
    parameter_labels
        Parameter name -> label, in ``lang``.
    rate
        The discount rate of the study, for a ``discounting`` step.
    """
    kind = row["kind"]
    if kind == "study" and row["step"] == 0:
        return term("bridge_study_first", lang)
    if kind == "input":
        label = parameter_labels.get(row["parameter"], row["parameter"])
        if math.isfinite(row["study_value"]) and math.isfinite(row["mean"]):
            was, now = _bridge_value(row["study_value"], lang), _bridge_value(row["mean"], lang)
            return term("bridge_input", lang, label=label, was=was, now=now)
        return term("bridge_input_plain", lang, label=label)
    if kind == "discounting":
        return term("bridge_discounting", lang, rate=percent(rate or 0.0, lang, 2))
    return term(f"bridge_{kind}", lang)


def bridge_rows(
    table,
    lang: Lang,
    parameter_labels: dict[str, str],
    arm_name,
    rate: float | None = None,
) -> tuple[list[str], list[tuple[bool, list[str]]]]:
    """The bridge (:func:`mkba_mc.bridge.bridge`) as rows of text, for the console and the
    report: the first and last step as levels, every other step as the signed change it
    makes, the Monte Carlo error where there is one.

    Levels are shown in whole euros and each step as the difference of the rounded levels
    before and after it, so the shown steps of a column add up exactly to its shown end
    (rounding every step by itself can miss the total by a euro or more).

    Parameters
    ----------
    table
        The bridge table.
    parameter_labels
        Parameter name -> label, in ``lang``.
    arm_name
        Arm code -> the name a column shows (its code, or its label).
    rate
        The discount rate, for a discounting step.

    Returns
    -------
    header, rows
        The column heads (an empty one for the steps, then one per arm and per arm
        against the baseline), and per step whether it is an end (a level) and its cells.
    """
    targets = list(dict.fromkeys(table["target"]))
    header = [""]
    for target in targets:
        arm, _, versus = target.partition("-")
        header.append(f"{arm_name(arm)} − {arm_name(versus)}" if versus else arm_name(arm))
    rows = []
    shown: dict[str, float] = {}  # target -> its level so far, in whole euros
    for _, group in table.groupby("step", sort=True):
        first = group.iloc[0]
        ends = first["step"] == 0 or first["kind"] == "simulation"
        cells = [bridge_step_text(first, lang, parameter_labels, rate)]
        by_target = group.set_index("target")
        for target in targets:
            r = by_target.loc[target]
            level = float(round(r["level"]))
            value = level if ends else level - shown[target]
            shown[target] = level
            text = money(value, lang)
            if not ends and round(value) > 0:
                text = "+" + text
            if first["kind"] in ("remainder", "simulation") and math.isfinite(r["mc_se"]):
                text += f" ± {number(r['mc_se'], lang, 1)}"
            cells.append(text)
        rows.append((ends, cells))
    return header, rows
