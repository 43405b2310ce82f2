"""Words and numbers in English and Dutch, shared by the figures and the report.

The terms are those of the field: *investering* (investment), *baten* (benefits),
*saldo* (balance), *baten-kostenverhouding* (benefit-cost ratio), *gemeente*
(municipality). Names that come from a config (arms, streams, stakeholders, cost
components) keep the config's label, except that the labels of the shipped Regioplan
2020 configs have a Dutch translation here; a researcher's own labels are shown as written.

Numbers follow the language: ``€1,234`` and ``63.3%`` in English, ``€ 1.234`` and
``63,3%`` in Dutch, with a true minus sign (``€−454``).
"""

from __future__ import annotations

import math
from typing import Literal

import xarray as xr

__all__ = [
    "LANGS",
    "Lang",
    "arm_label",
    "check_lang",
    "component_label",
    "money",
    "number",
    "percent",
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
    "running_mean_axis": (
        "Running mean balance (€ per client)",
        "Lopend gemiddeld saldo (€ per cliënt)",
    ),
    "band": ("± 1.96 Monte Carlo standard errors", "± 1,96 Monte Carlo-standaardfouten"),
    "stable_after": ("stable after {n} draws", "stabiel na {n} trekkingen"),
    "not_stable": ("not yet stable", "nog niet stabiel"),
    "convergence_title": ("Convergence", "Convergentie"),
    "assumption_set": ("Assumption set", "Set aannames"),
    "mean_balance_axis": (
        "Mean balance (€ per client) and 5–95% interval",
        "Gemiddeld saldo (€ per cliënt) en 5–95%-interval",
    ),
    "p_beats_axis": (
        "P(route beats {baseline})",
        "Kans dat de route beter uitpakt dan de {baseline}",
    ),
    "compare_title": ("Assumption sets compared", "Sets aannames vergeleken"),
}
"""Key -> (English, Dutch). Some take ``str.format`` fields."""

_NAMES: dict[str, str] = {
    # benefit streams of the shipped configs
    "shorter social assistance (PW) duration": "kortere bijstandsduur (PW)",
    "benefits avoided through job retention": "voorkomen uitkeringen door behoud van werk",
    "re-integration avoided": "voorkomen re-integratie",
    "eviction avoided": "voorkomen huisuitzetting",
    "homelessness avoided": "voorkomen dakloosheid",
    "disconnection of gas, water or electricity avoided": (
        "voorkomen afsluiting van gas, water of elektriciteit"
    ),
    "social support and mental health care (GGZ) avoided": "voorkomen maatschappelijk werk en GGZ",
    # stakeholders
    "Municipality (gemeente)": "Gemeente",
    "UWV (unemployment insurance)": "UWV",
    "Housing corporations (woningcorporaties)": "Woningcorporaties",
    "Police and justice (politie)": "Politie en justitie",
    "Health insurers (zorgverzekeraars)": "Zorgverzekeraars",
    "Energy and water companies": "Energie- en waterbedrijven",
    # cost components
    "intake up to settlement": "traject tot de schuldregeling",
    "settlement phase": "schuldregelingsfase",
    "debt arrangement (3 years)": "schuldregeling (3 jaar)",
    "budget management": "budgetbeheer",
}
"""English labels of the shipped configs -> Dutch."""


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language; raise ``ValueError`` otherwise."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang  # type: ignore[return-value]


def term(key: str, lang: Lang, **fields) -> str:
    """The word or phrase ``key`` in ``lang``, with ``fields`` filled in."""
    text = TERMS[key][LANGS.index(check_lang(lang))]
    return text.format(**fields) if fields else text


def _translated(label: str, lang: Lang) -> str:
    return _NAMES.get(label, label) if check_lang(lang) == "nl" else label


def arm_label(ds: xr.Dataset, arm: str) -> str:
    """The label of an arm (``"Klantreis"``), the same in both languages."""
    return str(ds["arm_label"].sel(arm=arm).item())


def stream_label(ds: xr.Dataset, stream: str, lang: Lang) -> str:
    """The label of a benefit stream in ``lang`` (the config's label if untranslated)."""
    return _translated(str(ds["stream_label"].sel(stream=stream).item()), lang)


def stakeholder_label(ds: xr.Dataset, stakeholder: str, lang: Lang) -> str:
    """The label of a stakeholder in ``lang`` (the config's label if untranslated)."""
    return _translated(str(ds["stakeholder_label"].sel(stakeholder=stakeholder).item()), lang)


def component_label(ds: xr.Dataset, component: str, lang: Lang) -> str:
    """The label of a cost component in ``lang`` (the config's label if untranslated)."""
    return _translated(str(ds["component_label"].sel(component=component).item()), lang)


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
