"""What every section of the report needs: the run in one language, and how numbers and
figures are shown.

:class:`RunContext` holds a run with its study, arms and labels;
:func:`format_mean` and :func:`format_probability` format an estimate with its Monte Carlo
standard error as the report shows it; :func:`png` turns a figure into the PNG bytes the
report embeds.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence

import pandas as pd
import xarray as xr

from ..analysis import summarize
from ..arms import arms_of
from ..config import parse_study
from ..decision import payer
from ..plots._labels import (
    Lang,
    arm_label,
    in_prose,
    money,
    number,
    parameter_label,
    probability,
    stakeholder_label,
    stream_label,
)
from ..spec import Study
from .document import Image, Table
from .text import join

__all__ = [
    "DPI",
    "MAX_COLUMNS",
    "RunContext",
    "fitted",
    "format_mean",
    "format_probability",
    "png",
    "study_of",
]

DPI = 150
"""Resolution of the report's figures (dots per inch)."""


MAX_COLUMNS = 5
"""Columns of values a report table shows side by side; a table with more (a study of
four or more arms) is cut into parts that each fit a laptop's page and a narrow window."""


def fitted(table: Table, parts: Sequence[Sequence[int]]) -> tuple[Table, ...]:
    """``table`` as it fits the page: as it is with at most :data:`MAX_COLUMNS` columns of
    values; else one table per part of ``parts`` (indices of value columns, 0 the first
    after the row labels), each with the row labels and the caption. The first part keeps
    the table's key (``bridge``), the next are numbered (``bridge-2``)."""
    if len(table.header) - 1 <= MAX_COLUMNS:
        return (table,)
    out = []
    for k, part in enumerate(p for p in parts if p):
        columns = [0, *(1 + i for i in part)]
        out.append(
            dataclasses.replace(
                table,
                key=table.key if k == 0 else f"{table.key}-{k + 1}",
                header=tuple(table.header[c] for c in columns),
                rows=tuple(tuple(row[c] for c in columns) for row in table.rows),
                align="".join(table.align[c] for c in columns),
            )
        )
    return tuple(out)


def png(fig) -> bytes:
    """A matplotlib figure as PNG bytes at :data:`DPI`, without a software stamp."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


SE_DECIMAL_BELOW = 10.0
"""A Monte Carlo standard error in euros below this keeps one decimal (``€464 ± 3.7``);
from it on it is rounded to whole euros like the mean it belongs to (``€1,976,984 ±
7,732``), whose decimals say nothing."""


def format_mean(mean: float, se: float, lang: Lang) -> str:
    """``€154 ± 3.6``, ``€1,976,984 ± 7,732``: a mean in euros with its Monte Carlo
    standard error, as the report shows it (one decimal on an error below
    :data:`SE_DECIMAL_BELOW` euros, whole euros from it on)."""
    decimals = 1 if abs(se) < SE_DECIMAL_BELOW else 0
    return f"{money(mean, lang)} ± {number(se, lang, decimals)}"


def format_probability(p: float, se: float, lang: Lang) -> str:
    """``63.5% ± 0.2%``: a probability with its Monte Carlo standard error, as the report
    and the console show it (:func:`mkba_mc.plots._labels.probability`: ``85.5% ± 0.02%``,
    and ``< 0.1%`` for one that would show as 0)."""
    return probability(p, se, lang)


def study_of(ds: xr.Dataset) -> Study:
    """The study a run was made from (its config text is stored in the run)."""
    return parse_study(str(ds.attrs["config"]), origin=str(ds.attrs.get("config_origin", "<run>")))


class RunContext:
    """What every section needs: the run, its study, arms and labels, in one language."""

    def __init__(self, ds: xr.Dataset, lang: Lang):
        self.ds = ds
        self.lang = lang
        self.study = study_of(ds)
        run = arms_of(ds)
        self.arms, self.baseline, self.others = run.names, run.baseline, run.others
        self.n = int(ds.sizes["draw"])
        self.summary = summarize(ds)

    def label(self, arm: str) -> str:
        """The label of an arm (``"Klantreis"``)."""
        return arm_label(self.ds, arm, self.lang)

    @property
    def others_label(self) -> str:
        """The labels of the non-baseline arms, joined (``"Klantreis"``)."""
        return join([self.label(a) for a in self.others], self.lang)

    @property
    def payer_text(self) -> str:
        """The payer (``[study] payer``) as a sentence names it after "the" / "de"
        (``"municipality"``, ``"city of Zwolle"``); its code where the run has no such
        stakeholder."""
        name = payer(self.ds)
        if name is None:
            return str(self.ds.attrs.get("payer", ""))
        return in_prose(stakeholder_label(self.ds, name, self.lang))

    def row(self, arm: str, measure: str, versus: bool = False) -> pd.Series:
        """A row of :func:`mkba_mc.summarize`: an arm's measure, or against the baseline."""
        s = self.summary
        mask = (s["arm"] == arm) & (s["measure"] == measure) & ((s["versus"] != "") == versus)
        return s[mask].iloc[0]

    def stream_text(self, stream: str, fallback: str) -> str:
        """The label of a benefit stream of the run, or ``fallback`` if the run has none such."""
        if stream in {str(s) for s in self.ds["stream"].values}:
            return stream_label(self.ds, stream, self.lang)
        return fallback

    def parameter_text(self, name: str) -> str:
        """The label of an input in the report's language (its name for the outcome shares,
        which the run stores per category)."""
        if f"param_{name}" in self.ds:
            return parameter_label(self.ds, name, self.lang)
        return self.study.parameters[name].label

    def image(self, key: str, fig, caption: str) -> Image:
        """A figure as a report block, its caption also its alternative text."""
        return Image(key=key, png=png(fig), alt=caption, caption=caption, dpi=DPI)
