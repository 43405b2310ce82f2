"""The report's sections on the assumptions (every input with its distribution and source)
and on what the model leaves out."""

from __future__ import annotations

from ..plots._distribution_text import distribution_text
from ..plots._labels import group_label, unit_label
from ..spec import INPUT_GROUPS
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

    arms = {a: run.label(a) for a in run.arms}
    rows = []
    previous = None
    for v in sorted(params, key=rank):  # stable: config order within a group
        attrs = ds[v].attrs
        group = str(attrs.get("group", ""))
        group_text = group_label(group, lang)
        group_text, previous = ("" if group == previous else group_text), group
        name = v.removeprefix("param_")
        distribution = str(attrs.get("distribution", ""))
        rows.append(
            (
                group_text,
                run.parameter_text(name),
                unit_label(ds, str(attrs.get("units", "")), lang),
                distribution_text(distribution, lang, arms),
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
    return Section(
        "assumptions",
        t("assumptions", lang),
        (
            Paragraph(t("assumptions_intro", lang, origin=ds.attrs.get("config_origin", ""))),
            Table("assumptions", header, tuple(rows), "lllll", t("assumptions_caption", lang)),
        ),
    )


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
