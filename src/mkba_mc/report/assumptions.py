"""The report's sections on the assumptions (every input with its distribution and source)
and on what the model leaves out."""

from __future__ import annotations

from ..plots._distribution_text import distribution_text
from ..plots._labels import group_label, unit_label
from ..spec import INPUT_GROUPS, OUTCOME_SHARES
from .common import RunContext
from .document import Bullets, Paragraph, Section, Table
from .text import join, t

__all__ = ["assumptions_section", "limits_section"]


def assumptions_section(run: RunContext) -> Section:
    lang, ds = run.lang, run.ds
    order = list(INPUT_GROUPS)
    params = [str(v) for v in ds.data_vars if ds[v].attrs.get("role") == "parameter"]

    def rank(v: str) -> int:
        group = ds[v].attrs.get("group")
        return order.index(group) if group in order else len(order)

    rows = []
    previous = None
    for v in sorted(params, key=rank):  # stable: config order within a group
        attrs = ds[v].attrs
        group = str(attrs.get("group", ""))
        group_text = group_label(group, lang)
        group_text, previous = ("" if group == previous else group_text), group
        name = v.removeprefix("param_")
        rows.append(
            (
                group_text,
                run.parameter_text(name),
                unit_label(ds, str(attrs.get("units", "")), lang),
                _distribution_cell(run, name, str(attrs.get("distribution", ""))),
                run.study.translate(str(attrs.get("source", "")), lang),
            )
        )
    header = (
        t("group", lang),
        t("input", lang),
        t("unit", lang),
        t("distribution", lang),
        t("source", lang),
    )
    intro = t("assumptions_intro", lang, origin=ds.attrs.get("config_origin", ""))
    if run.study.published is not None:  # only then is there a study's value to widen
        intro += " " + t("assumptions_published", lang)
    return Section(
        "assumptions",
        t("assumptions", lang),
        (
            Paragraph(intro),
            Table("assumptions", header, tuple(rows), "lllll", t("assumptions_caption", lang)),
        ),
    )


def _distribution_cell(run: RunContext, name: str, description: str) -> str:
    """An input's distribution in the report's language, each arm by its label; an arm
    defined relative to another has no outcome shares of its own and is described by its
    effect (as ``mkba-mc validate`` does), not by the other arm's Dirichlet it starts from."""
    lang = run.lang
    arms = {a: run.label(a) for a in run.arms}
    parameter = run.study.parameters[name]
    if name != OUTCOME_SHARES or not any(run.study.arm(a).relative_to for a in parameter.per_arm):
        return distribution_text(description, lang, arms)
    parts = []
    for a, distribution in parameter.per_arm.items():
        arm = run.study.arm(a)
        if not arm.relative_to:
            parts.append(distribution_text(f"{a}: {distribution.describe()}", lang, arms))
            continue
        effect = arm.effect
        text = t(
            "relative_shares",
            lang,
            reference=arms[arm.relative_to],
            effect=t(
                effect.measure,
                lang,
                group=effect.group,
                parameter=run.parameter_text(effect.parameter),
            ),
        )
        parts.append(f"{arms[a]}: {text}")
    return "; ".join(parts)


def limits_section(run: RunContext) -> Section:
    lang = run.lang
    dossiers = join(
        [
            t("dossiers", lang, n=run.study.arm(a).n_dossiers, label=run.label(a))
            for a in run.arms
            if not run.study.arm(a).relative_to
        ],
        lang,
    )
    items = (
        t("limit_unmonetised", lang),
        t("limit_dossiers", lang, dossiers=dossiers),
        t("limit_transfer", lang),
        *(run.study.translate(text, lang) for text in run.study.limits),
        t("limit_mc", lang),
    )
    return Section(
        "limits", t("limits", lang), (Paragraph(t("limits_intro", lang)), Bullets(items))
    )
