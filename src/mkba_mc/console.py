"""Plain-text renderings for the terminal: a run's summary, a replication, a study.

Functions return strings; the CLI prints them.
"""

from __future__ import annotations

import math

import pandas as pd
import xarray as xr

from .replication import Replication
from .spec import ALL_CLIENTS, OUTCOME_SHARES, Study

__all__ = [
    "format_arms",
    "format_bridge",
    "format_comparison",
    "format_decisions",
    "format_replication",
    "format_risk",
    "format_study",
    "format_summary",
    "money",
    "text_table",
]

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
    return f"€{abs(x):,.0f}" if round(x) >= 0 else f"€−{-x:,.0f}"


def _se(x: float, ratio: bool) -> str:
    if not math.isfinite(x):
        return ""
    return f"± {x:.3f}" if ratio else f"± {x:,.1f}"


def _value(x: float, ratio: bool) -> str:
    if ratio and not math.isfinite(x):
        return "n/a"  # a benefit-cost ratio without costs
    return f"{x:.2f}" if ratio else money(x)


def _percent(p: float, se: float) -> str:
    """``63.3% ± 0.2%``: the error to one significant digit, at least one decimal
    (``85.5% ± 0.02%``, never ``± 0.0%``)."""
    text = f"{100 * p:.1f}%"
    if not math.isfinite(se):
        return text
    digits = 1 if se <= 0 else min(4, max(1, -math.floor(math.log10(100 * se))))
    return text + f" ± {100 * se:.{digits}f}%"


def text_table(rows: list[list[str]], align: str) -> list[str]:
    """Aligned text rows: ``align`` has one ``l`` or ``r`` per column."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            c.ljust(w) if a == "l" else c.rjust(w)
            for c, w, a in zip(row, widths, align, strict=True)
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def format_summary(
    summary: pd.DataFrame, attrs: dict, labels: dict[str, str], decisions: xr.Dataset | None = None
) -> str:
    """The answer of a run: per arm, then each arm against the baseline.

    Parameters
    ----------
    summary
        :func:`mkba_mc.summarize` of the run.
    attrs
        The run's attributes (title, draws, seed, cohort, baseline, config_origin, ...).
    labels
        Arm name -> label.
    decisions
        :func:`mkba_mc.decision.decision_summary` of the run, printed after the answer
        (:func:`format_decisions`); ``None`` leaves it out.
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
    overrides = str(attrs.get("config_overrides", ""))
    if overrides:
        lines.insert(2, "with " + " ".join(f"--set {o}" for o in overrides.split("\n")))
    header = ["", "mean", "", "median", "5%", "95%"]

    def block(rows: pd.DataFrame, prefix: str) -> list[str]:
        table = [header]
        for _, r in rows.iterrows():
            ratio = r["measure"] == "bcr"
            table.append(
                [
                    prefix + _MEASURES[r["measure"]],
                    _value(r["mean"], ratio),
                    _se(r["mean_se"], ratio),
                    _value(r["median"], ratio),
                    _value(r["q05"], ratio),
                    _value(r["q95"], ratio),
                ]
            )
        return text_table(table, "lrlrrr")

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
    if decisions is not None:
        lines += ["", format_decisions(decisions, labels)]
    return "\n".join(lines)


def format_arms(best: pd.DataFrame, pairs: pd.DataFrame, labels: dict[str, str]) -> str:
    """With three or more arms: the chance that each arm is best, and every pair side by
    side (:func:`mkba_mc.analysis.prob_best`, :func:`mkba_mc.analysis.pairwise`)."""
    chances = ", ".join(
        f"{labels.get(r.arm, r.arm)} {_percent(r.p_best, r.p_best_se)}" for r in best.itertuples()
    )
    rows = [["", "mean Δ balance", "", "5%", "95%", "P(beats)"]]
    for r in pairs.itertuples():
        rows.append(
            [
                f"{labels.get(r.arm, r.arm)} − {labels.get(r.versus, r.versus)}",
                money(r.mean),
                _se(r.mean_se, False),
                money(r.q05),
                money(r.q95),
                _percent(r.p_beats, r.p_beats_se),
            ]
        )
    return "\n".join(
        [
            "Every route against every other (euros per client)",
            f"  P(route has the highest balance): {chances}",
            *text_table(rows, "lrlrrr"),
        ]
    )


def format_bridge(table: pd.DataFrame, study: Study) -> str:
    """The bridge (:func:`mkba_mc.bridge.bridge`) as a text table: one row per step, one
    column per arm and per arm against the baseline; the effect of each step, the levels
    where the bridge starts and ends."""
    from .plots._labels import bridge_rows

    labels = {a.name: a.label for a in study.arms}
    parameters = {name: p.label for name, p in study.parameters.items()}
    rate = None if study.discounting is None else study.discounting.rate
    header, steps = bridge_rows(table, "en", parameters, str, rate)
    rows = [header] + [[("" if ends else "  ") + cells[0], *cells[1:]] for ends, cells in steps]
    names = ", ".join(f"{code} = {label}" for code, label in labels.items())
    lines = [
        "From the study's balance to the simulation's mean (euros per client; " + names + ")",
        *text_table(rows, "l" + "r" * (len(header) - 1)),
    ]
    return "\n".join(lines)


def _per_success(value: float, se: float) -> str:
    return money(value) + (f" ± {se:,.0f}" if math.isfinite(se) else "")


def format_decisions(decisions: xr.Dataset, labels: dict[str, str]) -> str:
    """Who gains and what a successful client must be worth, from
    :func:`mkba_mc.decision.decision_summary`."""
    baseline = decisions.attrs["baseline"]
    base = labels.get(baseline, baseline)
    arms = [str(a) for a in decisions["arm"].values]
    lines = [
        "Who gains, and what a successful client must be worth",
        "(λ: the euros a council puts on a successful client's unmonetised gains, such as less "
        "stress and better health)",
    ]
    if "municipality_partly" in decisions:
        for reading, text in (
            ("partly", "streams that reach it at least partly"),
            ("strict", "only the terms allocated to it"),
        ):
            shares = ", ".join(
                f"{labels.get(a, a)} "
                + _percent(
                    float(decisions[f"municipality_{reading}"].sel(arm=a)),
                    float(decisions[f"municipality_{reading}_se"].sel(arm=a)),
                )
                for a in arms
            )
            lines.append(f"  Share of benefits with the municipality ({text}): {shares}")
    for a in arms:
        name = labels.get(a, a)
        status = decisions["pays_for_itself_status"].sel(arm=a).item()
        value = float(decisions["pays_for_itself"].sel(arm=a))
        se = float(decisions["pays_for_itself_se"].sel(arm=a))
        text = {
            "above": f"pays for itself in expectation once λ ≥ {_per_success(value, se)} "
            "per successful client",
            "below": f"pays for itself in expectation while λ ≤ {_per_success(value, se)} "
            "per successful client",
            "always": "pays for itself in expectation at any λ, even €0",
            "never": "pays for itself in expectation at no λ",
        }[status]
        lines.append(f"  {name} {text}.")
        if a == baseline:
            continue
        status = decisions["break_even_status"].sel(arm=a).item()
        value = float(decisions["break_even"].sel(arm=a))
        se = float(decisions["break_even_se"].sel(arm=a))
        text = {
            "above": f"once λ ≥ {_per_success(value, se)} per extra successful client",
            "below": f"while λ ≤ {_per_success(value, se)} per successful client (it has fewer)",
            "always": "at any λ, even €0 (break-even λ = €0)",
            "never": "at no λ",
        }[status]
        lines.append(f"  {name} is preferred over {base} in expectation {text}.")
    return "\n".join(lines)


def format_comparison(table: pd.DataFrame, labels: dict[str, str]) -> str:
    """Assumption sets side by side: per set the mean balance per arm with its interval and
    P(balance > 0), and each arm against the baseline with P(arm beats baseline).

    Parameters
    ----------
    table
        :func:`mkba_mc.compare.compare`.
    labels
        Arm name -> label.
    """
    balance = table[table["measure"] == "balance"]
    first = balance.iloc[0]
    cohort = (
        "expected values per client"
        if first["cohort"] == "expected"
        else f"cohort of {first['cohort']} clients per arm"
    )
    lines = [
        f"{_count(table['set'].nunique(), 'assumption set')} · "
        f"{_count(int(first['draws']), 'draw')} per set · "
        f"seed {first['seed']} "
        f"· {cohort} · common random numbers",
        "Balance in euros per client: mean ± Monte Carlo standard error; 5–95% interval. P(> 0) is",
        "P(balance > 0) for an arm and P(arm beats baseline) for a difference.",
        "",
    ]
    rows = [["set", "arm", "mean balance", "", "5%", "95%", "P(> 0)"]]
    for name in balance["set"].unique():
        part = balance[balance["set"] == name]
        shown = name
        for _, r in part.iterrows():
            arm = labels.get(r["arm"], r["arm"])
            if r["versus"]:
                arm = f"{r['arm']} − {r['versus']}"
            rows.append(
                [
                    shown,
                    arm,
                    money(r["mean"]),
                    _se(r["mean_se"], False),
                    money(r["q05"]),
                    money(r["q95"]),
                    _percent(r["p_positive"], r["p_positive_se"]),
                ]
            )
            shown = ""
    lines += text_table(rows, "llrlrrr")
    titles = balance.drop_duplicates("set")
    lines += ["", "Sets:"] + [
        f"  {r['set']}: {r['title']} ({r['config']})" for _, r in titles.iterrows()
    ]
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    """``1 draw``, ``2,000 draws``."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _missing(x) -> bool:
    return x is None or pd.isna(x)


def _figure(x) -> str:
    return "" if _missing(x) else f"{x:,.2f}"


def _euros(x) -> str:
    return "" if _missing(x) else money(x)


def _difference(x) -> str:
    return "" if _missing(x) else f"{round(x, 2) + 0.0:+,.2f}"  # + 0.0: no "-0.00"


def format_replication(rep: Replication, study: Study) -> str:
    """The replicated tables next to the published figures, and the erratum."""
    lines = [study.title, f"Replication of {study.published.source}"]
    if rep.at_means:
        lines.append("Note: this config has uncertain inputs; it is evaluated at their means.")
    clients = study.published.clients
    titles = {
        "outcomes": "Outcomes after resolution (dossiers)",
        "costs": "Costs (table 3.3): totals over each arm's dossiers",
        "benefits": f"Benefits (tables 3.6–3.12): totals for {clients} clients and per client",
        "totals": f"Investment, benefits and balance (table 3.13): {clients} clients, per client",
    }
    labels = {a.name: a.label for a in study.arms}
    table = rep.table
    for key, title in titles.items():
        part = table[table["table"] == key]
        header = ["arm", "item", "model", "published", "diff"]
        header += ["model/client", "published/client", "diff", ""]
        rows = [header]
        value = _figure if key == "outcomes" else _euros
        for _, r in part.iterrows():
            match = r["match"]
            mark = "" if _missing(match) else ("ok" if match else "DIFFERS")
            rows.append(
                [
                    r["arm"],
                    str(r["item"]),
                    value(r["model_total"]),
                    value(r["published_total"]),
                    _difference(r["difference_total"]),
                    value(r["model_per_client"]),
                    value(r["published_per_client"]),
                    _difference(r["difference_per_client"]),
                    mark,
                ]
            )
        lines += ["", title] + text_table(rows, "llrrrrrrl")
    compared = table["match"].dropna()
    n_ok = int(compared.astype(bool).sum())
    lines += [
        "",
        f"{n_ok} of {len(compared)} published figures reproduced to the euro "
        f"(arms: {', '.join(f'{k} = {v}' for k, v in labels.items())}).",
    ]
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
        "arms: "
        + ", ".join(
            f"{a.name} ({a.label}, {a.n_dossiers} dossiers"
            f"{', baseline' if a.name == study.baseline else ''})"
            for a in study.arms
        ),
        f"outcome categories: {', '.join(o.categories)}; shares {o.shares}"
        + (f" (prior {o.prior:g})" if o.shares == "dirichlet" else ""),
    ]
    for r in o.resolutions:
        lines.append(
            f"  {r.category} resolves to {r.success} with probability {r.probability}, "
            f"otherwise to {r.failure}"
            + (" (rounded to whole dossiers)" if r.round_to_dossiers else "")
        )
    for g, members in o.groups.items():
        lines.append(f"  group {g} = {' + '.join(members)}")
    for c in o.final_categories:
        if c in o.delay or c in o.benefit_weight:
            delay = o.delay.get(c, 0)
            lines.append(
                f"  benefits of {c} clients start {delay:g} year{'' if delay == 1 else 's'} "
                f"later and count × {o.benefit_weight.get(c, 1):g}"
            )
    cohort = study.cohort if study.cohort == "expected" else f"{study.cohort} clients per arm"
    lines.append(f"run defaults: {study.draws:,} draws, seed {study.seed}, cohort {cohort}")
    lines += ["", f"parameters ({len(study.parameters) - 1} plus the outcome shares):"]
    rows = [["name", "unit", "distribution", "scope", "group"]]
    for p in study.parameters.values():
        if p.name == OUTCOME_SHARES:
            continue
        scope = ("shared" if p.shared else "per arm") + (
            ", client attribute" if p.client_attribute else ""
        )
        rows.append([p.name, p.unit, p.describe(), scope, p.group])
    lines += text_table(rows, "lllll")
    for title, items in (("cost components", study.costs), ("benefit streams", study.benefits)):
        lines += ["", f"{title}:"]
        for item in items:
            when = (
                ""
                if item.timing is None
                else (
                    f", accrues over years {item.timing.start:g}–"
                    f"{item.timing.start + item.timing.years:g}"
                    if item.timing.years
                    else f", at year {item.timing.start:g}"
                )
            )
            lines.append(f"  {item.name} ({item.label}{when})")
            lines += [f"    {_term_text(study, t)}" for t in item.terms]
    lines += ["", "stakeholders: " + ", ".join(f"{k} ({v})" for k, v in study.stakeholders.items())]
    if study.discounting is not None:
        lines.append(
            f"discounting: {100 * study.discounting.rate:g}% a year to present values at "
            f"the intake ({study.discounting.source})"
        )
    if study.published is not None:
        lines.append(f"published figures to replicate: {study.published.source}")
    return "\n".join(lines)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _signed(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    return "€0" if round(x) == 0 else ("+" if x > 0 else "") + money(x)


def format_diff(result) -> str:
    """Two assumption sets' differences: inputs, other settings and their effects.

    Parameters
    ----------
    result
        :func:`mkba_mc.diff.diff_studies` (a :class:`~mkba_mc.diff.StudyDiff`).
    """
    lines = [
        f"{side}: {study.title} ({study.origin}"
        + "".join(f" --set {o}" for o in study.overrides)
        + ")"
        for side, study in (("A", result.a), ("B", result.b))
    ]
    if result.identical:
        return "\n".join([*lines, "", "A and B define the same study."])

    def side(dist: str, mean: float, low: float, high: float) -> str:
        if not dist:
            return "—"
        interval = "" if low == high else f" [{low:.4g}, {high:.4g}]"
        return f"{dist}: mean {mean:.4g}{interval}"

    if not result.inputs.empty:
        lines += ["", "Inputs that differ (distribution: mean [90% interval]):"]
        rows = [["input", "arm", "A", "B"]]
        for _, r in result.inputs.iterrows():
            name = r["input"] + (f".{r['component']}" if r["component"] else "")
            rows.append(
                [
                    name,
                    r["arm"],
                    side(r["dist_a"], r["mean_a"], r["low_a"], r["high_a"]),
                    side(r["dist_b"], r["mean_b"], r["low_b"], r["high_b"]),
                ]
            )
        lines += text_table(rows, "llll")
    if not result.settings.empty:
        lines += ["", "Other settings that differ:"]
        rows = [["key", "A", "B"]]
        rows += [
            [r["key"], _short(r["a"]) or "—", _short(r["b"]) or "—"]
            for _, r in result.settings.iterrows()
        ]
        lines += text_table(rows, "lll")
    effects = result.effects.assign(
        measure=[
            f"{r.arm} − {r.versus}" if r.versus else r.arm for r in result.effects.itertuples()
        ]
    )
    measures = list(dict.fromkeys(effects["measure"]))
    lines += [
        "",
        "What each difference moves: Δ mean balance in euros per client, B's value put into",
        "A with everything at its mean ('all': B against A; 'interactions': what the",
        "one-at-a-time changes leave out of it):",
    ]
    rows = [["difference", *measures]]
    for difference, part in effects.groupby("difference", sort=False):
        values = dict(zip(part["measure"], part["delta_balance"], strict=True))
        rows.append([difference, *(_signed(values[m]) for m in measures)])
    lines += text_table(rows, "l" + "r" * len(measures))
    return "\n".join(lines)


def format_sweep(ds: xr.Dataset) -> str:
    """A sweep's grid as a table: per point, each arm against the baseline (P(beats) and
    mean difference) and each arm's P(balance > 0).

    Parameters
    ----------
    ds
        :func:`mkba_mc.sweep.sweep`.
    """
    keys = [d for d in ds["p_beats"].dims if d != "arm"]
    baseline = ds.attrs["baseline"]
    arms = [str(a) for a in ds["arm"].values]
    others = [a for a in arms if a != baseline]
    overrides = str(ds.attrs.get("config_overrides", ""))
    lines = [
        str(ds.attrs["title"]),
        f"config {ds.attrs['config_origin']}"
        + ("".join(f" --set {o}" for o in overrides.split("\n")) if overrides else "")
        + f" · {int(ds.attrs['draws']):,} draws per point · seed {ds.attrs['seed']} · "
        "common random numbers",
        "P(beats): P(arm beats baseline) ± Monte Carlo standard error; Δ: mean difference in",
        "balance, euros per client; P(> 0): P(balance > 0).",
        "",
    ]
    header = [".".join(k.split(".")[-2:]) for k in keys]
    header += [h for a in others for h in (f"P({a} beats {baseline})", f"Δ {a} − {baseline}")]
    header += [f"P({a} > 0)" for a in arms]
    rows = [header]
    table = ds.to_dataframe().reset_index()
    for _, part in table.groupby(keys, sort=False):
        by_arm = part.set_index("arm")
        first = by_arm.iloc[0]
        row = [f"{first[k]:g}" if isinstance(first[k], float) else str(first[k]) for k in keys]
        for a in others:
            r = by_arm.loc[a]
            row += [_percent(r["p_beats"], r["p_beats_se"]), money(r["mean_delta"])]
        row += [f"{100 * by_arm.loc[a]['p_positive']:.1f}%" for a in arms]
        rows.append(row)
    lines += text_table(rows, "l" * len(keys) + "r" * (len(header) - len(keys)))
    return "\n".join(lines)


def format_evsi(result) -> str:
    """EVSI and ENBS of a proposed dossier study (:func:`mkba_mc.evsi.evsi`) as text."""
    research = result.research
    lines = [
        f"Value of sample information: n new dossiers per route "
        f"({result.method}; {result.draws:,} draws, ± Monte Carlo standard error)",
        f"Study cost {money(research.fixed_cost)} + {money(research.cost_per_dossier)} per "
        f"dossier; {research.intakes_per_year:,.0f} intakes a year over "
        f"{research.horizon_years:g} years ({research.source})",
    ]
    for lam in sorted(set(result.table["wtp"])):
        rows = result.table[result.table["wtp"] == lam]
        limit = result.limit[result.limit["wtp"] == lam].iloc[0]
        best = result.optimum[result.optimum["wtp"] == lam].iloc[0]
        lines.append(
            f"λ = {money(lam)} per extra successful client: EVPPI of what the dossiers show "
            f"{money(limit['per_client'])} ± {limit['se']:.1f} per client "
            f"(choose {limit['best']} now)"
        )
        out = [["n per route", "EVSI/client", "± se", "per year", "study cost", "ENBS", "± se"]]
        out += [
            [
                f"{int(r['dossiers']):,}",
                money(r["per_client"]),
                f"{r['se']:.1f}",
                money(r["per_year"]),
                money(r["study_cost"]),
                money(r["enbs"]),
                f"{r['enbs_se']:,.0f}",
            ]
            for _, r in rows.iterrows()
        ]
        lines += text_table(out, "r" * len(out[0]))
        lines.append(
            f"  best: {int(best['dossiers']):,} dossiers per route, ENBS {money(best['enbs'])}"
            if best["worthwhile"]
            else "  no study size pays for itself: ENBS ≤ 0 at every size"
        )
    return "\n".join(lines)


def _mean_se_text(mean: float, se: float) -> str:
    return money(mean) + (f" ± {se:,.0f}" if math.isfinite(se) else "")


def format_risk(view, labels: dict[str, str]) -> str:
    """The "risk for the municipality" block of ``mkba-mc run``, from
    :func:`mkba_mc.risk.investment_risk`: the municipal business case beside the
    societal one, its chance of recovering the investment, the downside of a year of
    intakes, and payback."""
    client, year, down = view.per_client, view.per_year, view.downside_year
    cases = [str(c) for c in client["case"].values]
    focus = "municipality" if "municipality" in cases else "societal"
    who = "the municipality" if focus == "municipality" else "society"
    baseline = client.attrs["baseline"]
    arms = [str(a) for a in client["arm"].values]
    others = [a for a in arms if a != baseline]
    columns = [labels.get(a, a) for a in arms] + [
        f"{labels.get(a, a)} − {labels.get(baseline, baseline)}" for a in others
    ]
    cells = [(a, "") for a in arms] + [(a, "delta_") for a in others]
    drawn = f"{view.draws:,} draws"
    lines = [
        f"Risk for {who} (gemeentelijke business case; {drawn})",
        "Balance = benefits that land with it − costs it pays; euros.",
    ]
    rows = [[""] + columns]
    names = {
        "municipality": "municipal balance per client",
        "municipality_partly": "  reading: streams touching it count whole",
        "societal": "societal balance per client",
    }
    for case in [c for c in (focus, "municipality_partly", "societal") if c in cases]:
        row = [names[case]]
        for arm, prefix in cells:
            cell = client.sel(arm=arm, case=case)
            row.append(_mean_se_text(float(cell[prefix + "mean"]), float(cell[prefix + "mc_se"])))
        rows.append(row)
    row = [f"P({who} recovers its investment)"]
    for arm, prefix in cells:
        cell = client.sel(arm=arm, case=focus)
        row.append(
            _percent(float(cell[prefix + "p_recover"]), float(cell[prefix + "p_recover_se"]))
        )
    rows.append(row)
    lines += text_table(rows, "l" + "r" * len(columns))
    lines += ["", f"A year of {view.intakes:,} intakes per route (that year's clients sampled):"]
    rows = [[""] + columns]
    mean_row, interval_row = ["balance per year"], ["  5–95% interval"]
    for arm, prefix in cells:
        cell = year.sel(arm=arm, case=focus)
        mean_row.append(_mean_se_text(float(cell[prefix + "mean"]), float(cell[prefix + "mc_se"])))
        interval_row.append(
            f"{money(float(cell[prefix + 'q05']))} to {money(float(cell[prefix + 'q95']))}"
        )
    rows += [mean_row, interval_row]
    for level in down["level"].values:
        for key, name in (("var", "value-at-risk"), ("es", "expected shortfall")):
            row = [f"{100 * level:g}% {name} (loss)"]
            for arm, prefix in cells:
                cell = down.sel(arm=arm, case=focus, level=level)
                row.append(
                    _mean_se_text(float(cell[prefix + key]), float(cell[prefix + key + "_se"]))
                )
            rows.append(row)
    limits_down = down if view.loss_per == "year" else view.downside_client
    per = "a year" if view.loss_per == "year" else "per client"
    for limit in limits_down["limit"].values:
        row = [f"P(loss worse than {money(float(limit))} {per})"]
        for arm, prefix in cells:
            cell = limits_down.sel(arm=arm, case=focus, limit=limit)
            row.append(_percent(float(cell[prefix + "p_loss"]), float(cell[prefix + "p_loss_se"])))
        rows.append(row)
    lines += text_table(rows, "l" + "r" * len(columns))
    if view.payback is None:
        lines += [
            "",
            "Payback: needs a time profile (a timing per cost and benefit in the config; "
            "see configs/README.md).",
        ]
        return "\n".join(lines)
    pay = view.payback
    rate = float(pay.attrs["discount_rate"])
    lines += [
        "",
        f"Payback of {who} (cumulative net cash flow, discounted at {100 * rate:g}%):",
    ]
    within = [int(w) for w in pay["within"].values]
    rows = [[""] + [f"≤ {w} yr" for w in within] + ["never"]]
    for arm, prefix in cells:
        cell = pay.sel(arm=arm, case=focus)
        name = (
            labels.get(arm, arm)
            if not prefix
            else f"{labels.get(arm, arm)} − {labels.get(baseline, baseline)}"
        )
        row = [f"P(paid back) {name}"]
        row += [
            _percent(float(cell[prefix + "p_paid_back"].sel(within=w)), math.nan) for w in within
        ]
        row.append(_percent(float(cell[prefix + "p_never"]), math.nan))
        rows.append(row)
    lines += text_table(rows, "l" + "r" * (len(within) + 1))
    return "\n".join(lines)
