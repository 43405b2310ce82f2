"""Plain-text renderings for the terminal: assumption sets compared, a sweep, a
replication, a study, two configs' differences, the value of a dossier study.

Functions return strings; the CLI prints them. What ``mkba-mc run`` prints is in
:mod:`mkba_mc.console_run`; the words in English and Dutch in
:mod:`mkba_mc.console_words`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import xarray as xr

from .console_words import arm_labels, count, w
from .plots._distribution_text import distribution_text
from .plots._labels import Lang, grid_value, group_label, number, percent, probability
from .plots._labels import money as labelled_money
from .replication import Replication
from .spec import ALL_CLIENTS, OUTCOME_SHARES, Study

__all__ = [
    "format_comparison",
    "format_diff",
    "format_replication",
    "format_study",
    "format_sweep",
    "money",
    "text_table",
]


def money(x: float) -> str:
    """Euros, whole, with thousands separators and a true minus sign (``€−1,234``)."""
    return labelled_money(x, "en")


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


def format_comparison(
    table: pd.DataFrame,
    labels: Mapping[str, str],
    lang: Lang = "en",
    titles: Mapping[str, str] | None = None,
) -> str:
    """Assumption sets side by side: per set the mean balance per arm with its interval and
    P(balance > 0), and each arm against the baseline with P(arm beats baseline).

    Parameters
    ----------
    table
        :func:`mkba_mc.compare.compare`.
    labels
        Arm name -> label, in ``lang``.
    lang
        The reader's language; in Dutch a difference is named by its arms' labels, in
        English by their codes.
    titles
        A set's title as ``table`` gives it -> the title in ``lang`` (default: as given).
    """
    balance = table[table["measure"] == "balance"]
    first = balance.iloc[0]
    cohort = (
        w("compare_expected", lang)
        if first["cohort"] == "expected"
        else w("compare_finite", lang, n=number(int(first["cohort"]), lang))
    )
    lines = [
        w(
            "compare_meta",
            lang,
            sets=count(table["set"].nunique(), "assumption_set", "assumption_sets", lang),
            draws=count(int(first["draws"]), "draw", "draws", lang),
            seed=first["seed"],
            cohort=cohort,
        ),
        w("compare_units", lang),
        "",
    ]
    rows = [
        [
            w("set", lang),
            w("arm", lang),
            w("mean_balance", lang),
            "",
            "5%",
            "95%",
            w("p_positive_column", lang),
        ]
    ]
    for name in balance["set"].unique():
        part = balance[balance["set"] == name]
        shown = name
        for _, r in part.iterrows():
            arm = labels.get(r["arm"], r["arm"])
            if r["versus"]:
                arm = (
                    f"{r['arm']} − {r['versus']}"
                    if lang == "en"
                    else f"{arm} − {labels.get(r['versus'], r['versus'])}"
                )
            rows.append(
                [
                    shown,
                    arm,
                    labelled_money(r["mean"], lang),
                    f"± {number(r['mean_se'], lang, 1)}" if math.isfinite(r["mean_se"]) else "",
                    labelled_money(r["q05"], lang),
                    labelled_money(r["q95"], lang),
                    probability(r["p_positive"], r["p_positive_se"], lang),
                ]
            )
            shown = ""
    lines += text_table(rows, "llrlrrr")
    titles = titles or {}
    sets = balance.drop_duplicates("set")
    lines += ["", w("sets", lang)] + [
        f"  {r['set']}: {titles.get(r['title'], r['title'])} ({r['config']})"
        for _, r in sets.iterrows()
    ]
    return "\n".join(lines)


def _missing(x) -> bool:
    return x is None or pd.isna(x)


def _separators(text: str, lang: Lang) -> str:
    """English ``1,234.56`` as Dutch ``1.234,56`` where ``lang`` asks for it."""
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def _figure(x, lang: Lang = "en") -> str:
    return "" if _missing(x) else _separators(f"{x:,.2f}", lang)


def _euros(x, lang: Lang = "en") -> str:
    return "" if _missing(x) else labelled_money(x, lang)


def _difference(x, lang: Lang = "en") -> str:
    # + 0.0: no "-0.00"
    return "" if _missing(x) else _separators(f"{round(x, 2) + 0.0:+,.2f}", lang)


_TOTALS = (
    "investment",
    "total benefits, as published",
    "balance, as published",
    "total benefits, corrected",
    "balance, corrected",
)
"""The replication's rows that are not the config's items (words of :data:`WORDS`)."""


def format_replication(rep: Replication, study: Study, lang: Lang = "en") -> str:
    """The replicated tables next to the published figures, and the erratum, in ``lang``
    (the erratum in the language :func:`mkba_mc.replicate` was asked for)."""
    source = study.translate(study.published.source, lang)
    lines = [study.translate(study.title, lang), w("replication_of", lang, source=source)]
    if rep.at_means:
        lines.append(w("at_means", lang))
    clients = number(study.published.clients, lang)
    titles = {
        "outcomes": w("rep_outcomes", lang),
        "costs": w("rep_costs", lang),
        "benefits": w("rep_benefits", lang, clients=clients),
        "totals": w("rep_totals", lang, clients=clients),
    }
    labels = arm_labels(study, lang)
    table = rep.table
    for key, title in titles.items():
        part = table[table["table"] == key]
        rows = [w("rep_header", lang).split("|")]
        value = _figure if key == "outcomes" else _euros
        for _, r in part.iterrows():
            match = r["match"]
            mark = "" if _missing(match) else w("rep_ok" if match else "rep_differs", lang)
            rows.append(
                [
                    r["arm"],
                    w(r["item"], lang) if r["item"] in _TOTALS else str(r["item"]),
                    value(r["model_total"], lang),
                    value(r["published_total"], lang),
                    _difference(r["difference_total"], lang),
                    value(r["model_per_client"], lang),
                    value(r["published_per_client"], lang),
                    _difference(r["difference_per_client"], lang),
                    mark,
                ]
            )
        lines += ["", title] + text_table(rows, "llrrrrrrl")
    compared = table["match"].dropna()
    n_ok = int(compared.astype(bool).sum())
    arms = ", ".join(f"{k} = {v}" for k, v in labels.items())
    lines += ["", w("rep_reproduced", lang, ok=n_ok, n=len(compared), arms=arms)]
    if rep.erratum:
        lines += ["", w("erratum_title", lang)] + [f"  {e}" for e in rep.erratum]
    return "\n".join(lines)


def _parameter_text(study: Study, name: str, lang: Lang) -> str:
    """An input of a term by its label in ``lang``; a vector's component (``job_loss_path.pw``)
    by the vector's label and the component's name."""
    base, _, component = name.partition(".")
    label = study.translate(study.parameters[base].label, lang)
    return f"{label} ({component})" if component else label


def _term_text(study: Study, term, lang: Lang) -> str:
    """A term of a cost or benefit as words: its clients, inputs and stakeholders by their
    labels (their keys are in the inputs table and the stakeholders line)."""
    clients = (
        w("all_clients", lang)
        if term.clients == ALL_CLIENTS
        else w("clients_of", lang, group=term.clients)
    )
    parts = [f"{term.factor:.6g}"] if term.factor != 1 else []
    parts += [clients, *(_parameter_text(study, p, lang) for p in term.params)]
    text = " × ".join(parts)
    if term.stakeholders:
        holders = {k: study.translate(study.stakeholders[k], lang) for k in term.stakeholders}
        text += " → " + ", ".join(
            holders[k] if v == 1 else f"{holders[k]} {percent(v, lang, 0)}"
            for k, v in term.stakeholders.items()
        )
    return text


def _arm_text(study: Study, arm, lang: Lang) -> str:
    """An arm for ``validate``, its label first and its key (``[arms.KEY]``) beside it: its
    dossiers, or the arm and effect it is defined by."""
    labels = arm_labels(study, lang)
    baseline = w("is_baseline", lang) if arm.name == study.baseline else ""
    if not arm.relative_to:
        return w(
            "arm_observed",
            lang,
            name=arm.name,
            label=labels[arm.name],
            n=arm.n_dossiers,
            baseline=baseline,
        )
    effect = arm.effect
    what = (
        ""
        if effect is None
        else w(
            effect.measure,
            lang,
            group=effect.group,
            parameter=study.translate(study.parameters[effect.parameter].label, lang),
        )
    )
    return w(
        "arm_relative",
        lang,
        name=arm.name,
        label=labels[arm.name],
        reference=labels[arm.relative_to],
        effect=what,
        baseline=baseline,
    )


def format_study(study: Study, lang: Lang = "en") -> str:
    """What a config defines, for ``mkba-mc validate``, in ``lang``."""
    o = study.outcomes
    tr = study.translate
    lines = [
        w("valid", lang, origin=study.origin),
        tr(study.title, lang),
        w("source_line", lang, source=tr(study.source, lang)),
        w("arms_line", lang, arms=", ".join(_arm_text(study, a, lang) for a in study.arms)),
        w("categories_line", lang, categories=", ".join(o.categories), shares=o.shares)
        + (w("prior", lang, prior=f"{o.prior:g}") if o.shares == "dirichlet" else ""),
    ]
    for r in o.resolutions:
        lines.append(
            w(
                "resolves",
                lang,
                category=r.category,
                success=r.success,
                probability=tr(study.parameters[r.probability].label, lang),
                failure=r.failure,
            )
            + (w("rounded", lang) if r.round_to_dossiers else "")
        )
    for g, members in o.groups.items():
        lines.append(w("group_line", lang, group=g, members=" + ".join(members)))
    for c in o.final_categories:
        if c in o.delay or c in o.benefit_weight:
            lines.append(
                w(
                    "delayed",
                    lang,
                    category=c,
                    delay=f"{o.delay.get(c, 0):g}",
                    weight=f"{o.benefit_weight.get(c, 1):g}",
                )
            )
    cohort = (
        study.cohort
        if study.cohort == "expected"
        else w("cohort_clients", lang, n=number(study.cohort, lang))
    )
    draws = number(study.draws, lang)
    lines.append(w("defaults_line", lang, draws=draws, seed=study.seed, cohort=cohort))
    lines += ["", w("parameters_line", lang, n=len(study.parameters) - 1)]
    rows = [w("parameters_header", lang).split("|")]
    for p in study.parameters.values():
        if p.name == OUTCOME_SHARES:
            continue
        scope = w("shared" if p.shared else "per_arm", lang) + (
            w("client_attribute", lang) if p.client_attribute else ""
        )
        rows.append(
            [
                tr(p.label, lang),
                p.name,
                tr(p.unit, lang),
                distribution_text(p.describe(), lang, arm_labels(study, lang)),
                scope,
                group_label(p.group, lang),
            ]
        )
    lines += text_table(rows, "llllll")
    for title, items in (("cost_components", study.costs), ("benefit_streams", study.benefits)):
        lines += ["", w(title, lang)]
        for item in items:
            timing = item.timing
            when = (
                ""
                if timing is None
                else (
                    w(
                        "accrues",
                        lang,
                        start=f"{timing.start:g}",
                        end=f"{timing.start + timing.years:g}",
                    )
                    if timing.years
                    else w("at_year", lang, start=f"{timing.start:g}")
                )
            )
            lines.append(f"  {tr(item.label, lang)} [{item.name}]{when}")
            lines += [f"    {_term_text(study, t, lang)}" for t in item.terms]
    names = ", ".join(f"{tr(v, lang)} [{k}]" for k, v in study.stakeholders.items())
    lines += ["", w("stakeholders_line", lang, names=names)]
    if study.discounting is not None:
        rate = f"{100 * study.discounting.rate:g}"  # as written: 2.25, not 2.2
        rate = rate.replace(".", ",") if lang == "nl" else rate
        source = tr(study.discounting.source, lang)
        lines.append(w("discounting_line", lang, rate=rate, source=source))
    if study.published is not None:
        lines.append(w("published_line", lang, source=tr(study.published.source, lang)))
    return "\n".join(lines)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _signed(x: float, lang: Lang) -> str:
    if not math.isfinite(x):
        return w("not_available", lang)
    return (
        labelled_money(0.0, lang)
        if round(x) == 0
        else ("+" if x > 0 else "") + labelled_money(x, lang)
    )


def _number(x: float, lang: Lang) -> str:
    """Four significant digits, with the language's decimal sign."""
    return _separators(f"{x:.4g}", lang)


def format_diff(result, lang: Lang = "en") -> str:
    """Two assumption sets' differences: inputs, other settings and their effects.

    Parameters
    ----------
    result
        :func:`mkba_mc.diff.diff_studies` (a :class:`~mkba_mc.diff.StudyDiff`).
    lang
        The language of the frame words; inputs and keys are the configs' names.
    """
    lines = [
        f"{side}: {study.translate(study.title, lang)} ({study.origin}"
        + "".join(f" --set {o}" for o in study.overrides)
        + ")"
        for side, study in (("A", result.a), ("B", result.b))
    ]
    if result.identical:
        return "\n".join([*lines, "", w("diff_same", lang)])

    def side(dist: str, mean: float, low: float, high: float) -> str:
        if not dist:
            return "—"
        interval = "" if low == high else f" [{_number(low, lang)}; {_number(high, lang)}]"
        if lang == "en":
            interval = interval.replace("; ", ", ")
        return w(
            "diff_mean",
            lang,
            dist=distribution_text(dist, lang),
            mean=_number(mean, lang),
            interval=interval,
        )

    if not result.inputs.empty:
        lines += ["", w("diff_inputs", lang)]
        rows = [w("diff_inputs_header", lang).split("|")]
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
        lines += ["", w("diff_settings", lang)]
        rows = [w("diff_settings_header", lang).split("|")]
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
    lines += ["", *w("diff_effects", lang).splitlines()]
    named = {"all": w("diff_all", lang), "interactions": w("diff_interactions", lang)}
    rows = [[w("diff_difference", lang), *measures]]
    for difference, part in effects.groupby("difference", sort=False):
        values = dict(zip(part["measure"], part["delta_balance"], strict=True))
        rows.append(
            [named.get(difference, difference), *(_signed(values[m], lang) for m in measures)]
        )
    lines += text_table(rows, "l" + "r" * len(measures))
    return "\n".join(lines)


def format_sweep(ds: xr.Dataset, lang: Lang = "en", study: Study | None = None) -> str:
    """A sweep's grid as a table: per point, each arm against the baseline (P(beats) and
    mean difference) and each arm's P(balance > 0).

    Parameters
    ----------
    ds
        :func:`mkba_mc.sweep.sweep`.
    lang
        The reader's language; in Dutch arms are named by their labels and a swept
        parameter by its label, in English by their codes.
    study
        The swept study, for its labels in ``lang`` (default: the codes).
    """
    keys = [d for d in ds["p_beats"].dims if d != "arm"]
    baseline = ds.attrs["baseline"]
    arms = [str(a) for a in ds["arm"].values]
    others = [a for a in arms if a != baseline]
    overrides = str(ds.attrs.get("config_overrides", ""))
    title = str(ds.attrs["title"])
    names = {a: a for a in arms}
    if lang != "en" and study is not None:
        title = study.translate(title, lang)
        names = {**names, **arm_labels(study, lang)}
    lines = [
        title,
        w(
            "sweep_meta",
            lang,
            origin=ds.attrs["config_origin"],
            sets="".join(f" --set {o}" for o in overrides.split("\n")) if overrides else "",
            draws=number(int(ds.attrs["draws"]), lang),
            seed=ds.attrs["seed"],
        ),
        w("sweep_units", lang),
        "",
    ]
    header = [_swept(key, lang, study) for key in keys]
    base = names[baseline]
    header += [
        h
        for a in others
        for h in (
            w("sweep_beats", lang, arm=names[a], baseline=base),
            w("sweep_delta", lang, arm=names[a], baseline=base),
        )
    ]
    header += [w("sweep_positive", lang, arm=names[a]) for a in arms]
    rows = [header]
    table = ds.to_dataframe().reset_index()
    for _, part in table.groupby(keys, sort=False):
        by_arm = part.set_index("arm")
        first = by_arm.iloc[0]
        row = [grid_value(ds, k, first[k], lang) for k in keys]
        for a in others:
            r = by_arm.loc[a]
            row += [
                probability(r["p_beats"], r["p_beats_se"], lang),
                labelled_money(r["mean_delta"], lang),
            ]
        row += [probability(by_arm.loc[a]["p_positive"], math.nan, lang) for a in arms]
        rows.append(row)
    lines += text_table(rows, "l" * len(keys) + "r" * (len(header) - len(keys)))
    return "\n".join(lines)


def _swept(key: str, lang: Lang, study: Study | None) -> str:
    """A swept key as a column head: ``months_earlier_exit.value`` in English, the
    parameter's label in another language where the study gives one."""
    parts = key.split(".")
    if lang != "en" and study is not None and parts[0] == "parameters" and len(parts) > 1:
        parameter = study.parameters.get(parts[1])
        if parameter is not None:
            return study.translate(parameter.label, lang)
    return ".".join(parts[-2:])
