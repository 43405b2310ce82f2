"""Plain-text renderings for the terminal: a run's summary, a replication, a study.

Functions return strings; the CLI prints them.
"""

from __future__ import annotations

import math

import pandas as pd

from .replication import Replication
from .spec import ALL_CLIENTS, OUTCOME_SHARES, Study

__all__ = ["format_replication", "format_study", "format_summary", "money"]

_MEASURES = {
    "investment": "investment",
    "total_benefit": "total benefits",
    "balance": "balance",
    "bcr": "benefit-cost ratio",
}


def money(x: float) -> str:
    """Euros, whole, with thousands separators and a true minus sign."""
    if not math.isfinite(x):
        return "n/a"
    return f"€{x:,.0f}" if round(x) >= 0 else f"€−{-x:,.0f}"


def _se(x: float, ratio: bool) -> str:
    if not math.isfinite(x):
        return ""
    return f"± {x:.3f}" if ratio else f"± {x:,.1f}"


def _value(x: float, ratio: bool) -> str:
    return f"{x:.2f}" if ratio else money(x)


def _percent(p: float, se: float) -> str:
    text = f"{100 * p:.1f}%"
    return text + (f" ± {100 * se:.1f}%" if math.isfinite(se) else "")


def _table(rows: list[list[str]], align: str) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align, strict=True)]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def format_summary(summary: pd.DataFrame, attrs: dict, labels: dict[str, str]) -> str:
    """The answer of a run: per arm, then each arm against the baseline.

    Parameters
    ----------
    summary
        :func:`mkba_mc.summarize` of the run.
    attrs
        The run's attributes (title, draws, seed, cohort, baseline, config_origin, ...).
    labels
        Arm name -> label.
    """
    baseline = attrs["baseline"]
    cohort = attrs["cohort"]
    cohort_text = (
        "expected values per client (parameter uncertainty only)"
        if cohort == "expected"
        else f"cohort of {cohort} clients per arm (client outcomes sampled too)"
    )
    lines = [
        str(attrs["title"]),
        f"config {attrs['config_origin']} (sha256 {str(attrs['config_hash'])[:12]}) · "
        f"{int(attrs['draws']):,} draws · seed {attrs['seed']} · {cohort_text}",
        "Euros per client. Mean ± Monte Carlo standard error; median; 5–95% interval.",
    ]
    header = ["", "mean", "", "median", "5%", "95%"]

    def block(rows: pd.DataFrame, prefix: str) -> list[str]:
        table = [header]
        for _, r in rows.iterrows():
            ratio = r["measure"] == "bcr"
            table.append([
                prefix + _MEASURES[r["measure"]],
                _value(r["mean"], ratio),
                _se(r["mean_se"], ratio),
                _value(r["median"], ratio),
                _value(r["q05"], ratio),
                _value(r["q95"], ratio),
            ])
        return _table(table, "lrlrrr")

    own = summary[summary["versus"] == ""]
    for arm in own["arm"].unique():
        rows = own[own["arm"] == arm]
        role = ", baseline" if arm == baseline else ""
        lines += ["", f"{labels.get(arm, arm)} ({arm}{role})"]
        lines += block(rows, "")
        bal = rows[rows["measure"] == "balance"].iloc[0]
        lines.append(f"  P(balance > 0) = {_percent(bal['p_positive'], bal['p_positive_se'])}")
    versus = summary[summary["versus"] != ""]
    answers = []
    for arm in versus["arm"].unique():
        rows = versus[versus["arm"] == arm]
        name, base = labels.get(arm, arm), labels.get(baseline, baseline)
        lines += ["", f"{name} against {base} ({arm} − {baseline})"]
        lines += block(rows, "Δ ")
        bal = rows[rows["measure"] == "balance"].iloc[0]
        p = _percent(bal["p_positive"], bal["p_positive_se"])
        lines.append(f"  P({name} beats {base}) = {p}")
        answers.append(
            f"In {100 * bal['p_positive']:.0f}% of draws the {name} has a higher balance per "
            f"client than the {base} (mean difference {money(bal['mean'])})."
        )
    lines += [""] + answers
    return "\n".join(lines)


def format_replication(rep: Replication, study: Study) -> str:
    """The replicated tables next to the published figures, and the erratum."""
    lines = [study.title, f"Replication of {study.published.source}"]
    if rep.at_means:
        lines.append("Note: this config has uncertain inputs; it is evaluated at their means.")
    titles = {
        "outcomes": "Outcomes after resolution (dossiers)",
        "costs": "Costs (table 3.3): totals over each arm's dossiers",
        "benefits": f"Benefits (tables 3.6–3.12): totals for {study.published.clients} clients and per client",
        "totals": f"Investment, benefits and balance (table 3.13): {study.published.clients} clients and per client",
    }
    labels = {a.name: a.label for a in study.arms}
    table = rep.table
    for key, title in titles.items():
        part = table[table["table"] == key]
        rows = [["arm", "item", "model", "published", "diff", "model/client", "published/client", "diff", ""]]
        for _, r in part.iterrows():
            count = key == "outcomes"
            fmt = (lambda x: "" if x is None or pd.isna(x) else f"{x:,.2f}") if count else (
                lambda x: "" if x is None or pd.isna(x) else money(x))
            dfmt = (lambda x: "" if x is None or pd.isna(x) else f"{x:+,.2f}")
            mark = "" if r["match"] is None or pd.isna(r["match"]) else ("ok" if r["match"] else "DIFFERS")
            rows.append([
                r["arm"], str(r["item"]), fmt(r["model_total"]), fmt(r["published_total"]),
                dfmt(r["difference_total"]), fmt(r["model_per_client"]),
                fmt(r["published_per_client"]), dfmt(r["difference_per_client"]), mark,
            ])
        lines += ["", title] + _table(rows, "llrrrrrrl")
    compared = table["match"].dropna()
    n_ok = int(compared.astype(bool).sum())
    lines += ["", f"{n_ok} of {len(compared)} published figures reproduced to the euro "
                  f"(arms: {', '.join(f'{k} = {v}' for k, v in labels.items())})."]
    if rep.erratum:
        lines += ["", "Erratum:"] + [f"  {e}" for e in rep.erratum]
    return "\n".join(lines)


def _term_text(study: Study, term) -> str:
    clients = "all clients" if term.clients == ALL_CLIENTS else f"clients {term.clients}"
    parts = [f"{term.factor:.6g}"] if term.factor != 1 else []
    parts += [clients, *term.params]
    text = " × ".join(parts)
    if term.stakeholders:
        text += " → " + ", ".join(
            k if v == 1 else f"{k} {v:.0%}" for k, v in term.stakeholders.items()
        )
    return text


def format_study(study: Study) -> str:
    """What a config defines, for ``mkba-mc validate``."""
    o = study.outcomes
    lines = [
        f"{study.origin}: valid",
        f"{study.title}",
        f"source: {study.source}",
        f"arms: " + ", ".join(
            f"{a.name} ({a.label}, {a.n_dossiers} dossiers{', baseline' if a.name == study.baseline else ''})"
            for a in study.arms
        ),
        f"outcome categories: {', '.join(o.categories)}; shares {o.shares}"
        + (f" (prior {o.prior:g})" if o.shares == "dirichlet" else ""),
    ]
    for r in o.resolutions:
        lines.append(f"  {r.category} resolves to {r.success} with probability {r.probability}, "
                     f"otherwise to {r.failure}" + (" (rounded to whole dossiers)" if r.round_to_dossiers else ""))
    for g, members in o.groups.items():
        lines.append(f"  group {g} = {' + '.join(members)}")
    cohort = study.cohort if study.cohort == "expected" else f"{study.cohort} clients per arm"
    lines.append(f"run defaults: {study.draws:,} draws, seed {study.seed}, cohort {cohort}")
    lines += ["", f"parameters ({len(study.parameters) - 1} plus the outcome shares):"]
    rows = [["name", "unit", "distribution", "scope", "group"]]
    for p in study.parameters.values():
        if p.name == OUTCOME_SHARES:
            continue
        scope = ("shared" if p.shared else "per arm") + (", client attribute" if p.client_attribute else "")
        rows.append([p.name, p.unit, p.describe(), scope, p.group])
    lines += _table(rows, "lllll")
    for title, items in (("cost components", study.costs), ("benefit streams", study.benefits)):
        lines += ["", f"{title}:"]
        for item in items:
            lines.append(f"  {item.name} ({item.label})")
            lines += [f"    {_term_text(study, t)}" for t in item.terms]
    lines += ["", "stakeholders: " + ", ".join(f"{k} ({v})" for k, v in study.stakeholders.items())]
    if study.published is not None:
        lines.append(f"published figures to replicate: {study.published.source}")
    return "\n".join(lines)
