"""What the figures share beyond their style: the arms of a run, the grey and line styles
that go with the arm colours, and euro and percentage tick labels in the figure's
language."""

from __future__ import annotations

import re
import textwrap

import xarray as xr
from matplotlib.ticker import FuncFormatter

from ._labels import Lang, money, percent

__all__ = ["GREY", "LINESTYLES", "euro_axis", "percent_axis", "run_arms", "wrap"]

GREY = "#777777"
LINESTYLES = ("-", "--", ":", "-.")


def run_arms(ds: xr.Dataset) -> tuple[str, list[str], list[str]]:
    """The baseline, all arms and the non-baseline arms, as plain strings."""
    arms = [str(a) for a in ds["arm"].values]
    baseline = str(ds.attrs["baseline"])
    return baseline, arms, [a for a in arms if a != baseline]


def euro_axis(axis, lang: Lang) -> None:
    """Tick labels in euros with the language's thousands separator."""
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: money(x, lang)))


def percent_axis(axis, lang: Lang, decimals: int = 0) -> None:
    """Tick labels of shares (0-1) as percentages with the language's decimal mark."""
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: percent(x, lang, decimals)))


_UNIT = re.compile(r"\([^()]*\)$")
"""A label's trailing unit in brackets, ``(€ per client)``."""


def wrap(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` characters, a trailing unit kept on one line;
    each of the text's own lines is wrapped on its own. A line breaks between words (or
    after a hyphen), never inside a word: a word longer than ``width`` gets a line of its
    own."""
    return "\n".join(_wrap_line(line, width) for line in text.split("\n"))


def _wrap_line(text: str, width: int) -> str:
    unit = _UNIT.search(text)
    if unit is None:
        return textwrap.fill(text, width, break_long_words=False)
    whole = unit.group().replace(" ", "\0")
    return textwrap.fill(text[: unit.start()] + whole, width, break_long_words=False).replace(
        "\0", " "
    )
