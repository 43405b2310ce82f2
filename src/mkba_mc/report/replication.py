"""The report's section "Replication of the study": the study's published tables
recomputed with every input at the study's value (:func:`mkba_mc.replicate`), where the
config states published figures."""

from __future__ import annotations

import pandas as pd

from ..plots._labels import (
    money,
)
from ..plots._labels import term as label_term
from ..replication import replicate
from .common import RunContext
from .document import Paragraph, Section, Table
from .text import join, t

__all__ = ["replication_section"]


def replication_section(run: RunContext) -> Section:
    """The study's tables recomputed at its own values; only for a config that states the
    published figures (SPEC 8)."""
    lang = run.lang
    study = run.study
    rep = replicate(study)
    table = rep.table
    arms = [a for a in study.arm_names if a in study.published.arms]
    labels = {a.name: a.label for a in study.arms}
    compared = table["match"].dropna()

    def cell(part: str, arm: str, item: str, column: str) -> str:
        rows = table[(table["table"] == part) & (table["arm"] == arm) & (table["item"] == item)]
        value = rows[column].iloc[0] if len(rows) else None
        return "" if value is None or pd.isna(value) else money(float(value), lang)

    items = [("totals", "investment", label_term("investment", lang))]
    items += [("benefits", b.name, run.stream_text(b.name, b.label)) for b in study.benefits]
    items += [
        ("totals", "total benefits, as published", t("total_as_published", lang)),
        ("totals", "balance, as published", t("balance_as_published", lang)),
        ("totals", "total benefits, corrected", t("total_corrected", lang)),
        ("totals", "balance, corrected", t("balance_corrected", lang)),
    ]
    header = [""]
    for arm in arms:
        header += [
            t("model_column", lang, arm=labels[arm]),
            t("published_column", lang, arm=labels[arm]),
        ]
    rows = []
    for part, item, text in items:
        row = [text]
        for arm in arms:
            row += [
                cell(part, arm, item, "model_per_client"),
                cell(part, arm, item, "published_per_client"),
            ]
        rows.append(tuple(row))
    blocks = [
        Paragraph(
            t(
                "replication_intro",
                lang,
                config=study.origin,
                ok=int(compared.astype(bool).sum()),
                n=len(compared),
            )
        ),
        Table(
            "replication",
            tuple(header),
            tuple(rows),
            "l" + "r" * (len(header) - 1),
            t("replication_caption", lang),
        ),
    ]
    if study.published.omitted_from_total:
        streams = join(
            [f"“{run.stream_text(s, s)}”" for s in study.published.omitted_from_total], lang
        )

        def per_arm(item: str) -> str:
            return join(
                [
                    t(
                        "for_arm",
                        lang,
                        value=cell("totals", a, item, "published_per_client"),
                        arm=labels[a],
                    )
                    for a in arms
                ],
                lang,
            )

        blocks.append(
            Paragraph(
                t(
                    "erratum",
                    lang,
                    streams=streams,
                    totals=per_arm("total benefits, corrected"),
                    balances=per_arm("balance, corrected"),
                    published=per_arm("balance, as published"),
                )
            )
        )
    return Section("replication", t("replication", lang), tuple(blocks))
