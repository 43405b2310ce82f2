"""The investment-risk sheets of the Excel workbook, in the reader's language.

The tables of :meth:`mkba_mc.risk.InvestmentRisk.tables` name their columns and cases in
code (``delta_mc_se``, ``p_recover``, ``payer_partly``); here each becomes words
in English or Dutch: a column's statistic, its Monte Carlo standard error (``_se``) and
its difference against the baseline (``delta_``), a case as the stakeholder's label.
"""

from __future__ import annotations

import pandas as pd
import xarray as xr

from .decision import payer
from .plots._labels import Lang, arm_label, stakeholder_label
from .risk.cases import PARTLY, SOCIETAL

__all__ = ["RISK_SHEETS", "risk_column", "risk_frame"]

RISK_SHEETS: dict[str, tuple[str, str]] = {
    "business_case": ("Risk – business cases", "Risico – business cases"),
    "downside": ("Risk – downside", "Risico – neerwaarts risico"),
    "loss_limits": ("Risk – loss limits", "Risico – verliesgrenzen"),
    "cash_flow": ("Risk – cash flow", "Risico – kasstroom"),
    "payback": ("Risk – payback", "Risico – terugverdientijd"),
}
"""Table of the risk view -> its sheet's name (at most 31 characters, Excel's limit)."""

_COLUMNS: dict[str, tuple[str, str]] = {
    "arm": ("arm", "arm"),
    "arm_label": ("arm label", "naam arm"),
    "case": ("business case", "business case"),
    "per": ("per", "per"),
    "level": ("tail level", "staartniveau"),
    "limit": ("loss limit (€)", "verliesgrens (€)"),
    "year": ("year after the intake", "jaar na de intake"),
    "within": ("paid back within (years)", "terugverdiend binnen (jaar)"),
    "mean": ("mean (€)", "gemiddelde (€)"),
    "mc_se": ("MCSE of the mean (€)", "MCSE van het gemiddelde (€)"),
    "q05": ("5% (€)", "5% (€)"),
    "q95": ("95% (€)", "95% (€)"),
    "p_recover": ("P(recovers its investment)", "kans dat de investering terugkomt"),
    "var": ("value-at-risk (€)", "value-at-risk (€)"),
    "es": ("expected shortfall (€)", "expected shortfall (€)"),
    "p_loss": ("P(loss above the limit)", "kans op verlies boven de grens"),
    "p_paid_back": ("P(paid back within)", "kans terugverdiend binnen"),
    "p_payback_year": ("P(paid back in this year)", "kans terugverdiend in dit jaar"),
    "p_never": ("P(never paid back)", "kans nooit terugverdiend"),
}
_SE = ("MCSE of {name}", "MCSE van {name}")
_DELTA = ("Δ against the baseline: {name}", "Δ ten opzichte van de basis: {name}")
_CASES: dict[str, tuple[str, str]] = {
    SOCIETAL: ("society (societal business case)", "samenleving (maatschappelijke business case)"),
    "partly": ("{who}, shared streams counted whole", "{who}, gedeelde batenposten geheel"),
}
_PER: dict[str, tuple[str, str]] = {
    "client": ("client", "cliënt"),
    "year": ("year of intakes", "jaar met intakes"),
}


def _pick(words: tuple[str, str], lang: Lang) -> str:
    return words[0 if lang == "en" else 1]


def risk_column(name: str, lang: Lang) -> str:
    """A column of a risk table in words: ``delta_mc_se`` -> ``MCSE of Δ against the
    baseline: mean (€)``; a name it does not know is shown as it is."""
    if name in _COLUMNS:
        return _pick(_COLUMNS[name], lang)
    if name.startswith("delta_"):
        return _pick(_DELTA, lang).format(name=risk_column(name.removeprefix("delta_"), lang))
    if name.endswith("_se") and name.removesuffix("_se") in _COLUMNS:
        return _pick(_SE, lang).format(name=risk_column(name.removesuffix("_se"), lang))
    return name


def _case(ds: xr.Dataset, case: str, lang: Lang) -> str:
    if case == SOCIETAL:
        return _pick(_CASES[SOCIETAL], lang)
    if case == PARTLY:  # the payer's case (decision.payer), every touching stream whole
        who = stakeholder_label(ds, payer(ds) or case, lang)
        return _pick(_CASES["partly"], lang).format(who=who)
    return stakeholder_label(ds, case, lang)


def risk_frame(ds: xr.Dataset, table: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """A risk table with the arm's label beside its code, cases and the unit ``per`` in
    words, and the column heads of :func:`risk_column`."""
    out = table.copy()
    if "arm" in out:
        labels = [arm_label(ds, str(a), lang) for a in out["arm"]]
        out.insert(list(out.columns).index("arm") + 1, "arm_label", labels)
    if "case" in out:
        out["case"] = [_case(ds, str(c), lang) for c in out["case"]]
    if "per" in out:
        out["per"] = [_pick(_PER[str(p)], lang) for p in out["per"]]
    return out.rename(columns=lambda c: risk_column(str(c), lang))
