"""The figure of a sweep (:func:`mkba_mc.sweep.sweep`): P(arm beats baseline) over the grid.

Axes name what a key sets in the config's words (a parameter's label and unit, a cost
component's or benefit stream's label), in the figure's language where the config
translates them; the tool's own keys (``discounting.rate``) in the tool's words; any other
key by its path.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.figure import Figure

from ._axes import wrap
from ._labels import Lang, check_lang, grid_value, is_rate, money, percent, term, translate
from ._style import OKABE_ITO, new_figure, panel_grid, style

__all__ = ["key_label", "sweep_figure"]

_TOOL_KEYS = {"discounting.rate": "discount_rate_axis"}
"""Keys of the config's schema (not of a study) and their words in :data:`_labels.TERMS`."""

_WRAP = 48
"""Characters per line of an axis label."""


def key_label(ds: xr.Dataset, key: str, lang: Lang = "en") -> str:
    """What a swept key sets, for an axis: ``label (unit)`` in ``lang``.

    A parameter's label and unit come from its config (:func:`mkba_mc.sweep.key_attributes`),
    translated where the config gives ``{ en = ..., nl = ... }``; a field other than the
    value is named after the label (``cv``, ``arms.KR.value``).
    """
    attrs = ds[key].attrs
    if key in _TOOL_KEYS:
        return term(_TOOL_KEYS[key], lang)
    if "long_name" not in attrs:
        return key
    text = translate(ds, str(attrs["long_name"]), lang)
    if "field" in attrs:
        text += f" ({attrs['field']})"
    elif is_rate(ds, key):
        text += " (%)"
    elif attrs.get("units"):
        text += f" ({translate(ds, str(attrs['units']), lang)})"
    return text


def _ticks(ds: xr.Dataset, key: str, lang: Lang) -> list[str]:
    """Tick labels: each number with the decimals it needs, rates as percentages."""
    return [grid_value(ds, key, v.item(), lang) for v in ds[key].values]


def sweep_figure(ds: xr.Dataset, arm: str | None = None, lang: Lang = "en") -> Figure:
    """P(arm beats the baseline) over a one- or two-key sweep.

    One key: a line per non-baseline arm with its 95% Monte Carlo interval. Two keys: one
    heatmap per non-baseline arm (only ``arm``'s when given), wrapped into rows
    (:func:`~mkba_mc.plots._style.panel_grid`), the first key on the vertical axis, each
    cell annotated with the probability and the mean difference in balance (euros per
    client), one colour scale for all. Extra keys must
    be selected away first (``ds.isel(key=0)``). Words in ``lang`` (``en`` or ``nl``).
    """
    lang = check_lang(lang)
    keys = [d for d in ds["p_beats"].dims if d != "arm"]
    if not 1 <= len(keys) <= 2:
        raise ValueError(f"a sweep figure shows one or two keys, got {len(keys)}: {keys}")
    baseline = ds.attrs["baseline"]
    raw = dict(zip(ds["arm"].values.tolist(), ds["arm_label"].values.tolist(), strict=True))
    labels = {name: translate(ds, label, lang) for name, label in raw.items()}
    others = [a for a in labels if a != baseline]
    if arm is not None and arm not in others:
        raise ValueError(f"arm must be one of {others}, got {arm!r}")
    with style():
        if len(keys) == 1:
            return _lines(ds, keys[0], others, labels, baseline, lang)
        return _heatmaps(ds, keys, others if arm is None else [arm], labels, baseline, lang)


def _lines(ds, key, others, labels, baseline, lang: Lang) -> Figure:
    fig, ax = new_figure(6.4, 4.2)
    x = np.arange(ds.sizes[key])
    for colour, name in zip(OKABE_ITO, others, strict=False):
        ax.errorbar(
            x,
            100 * ds["p_beats"].sel(arm=name).values,
            yerr=196 * ds["p_beats_se"].sel(arm=name).values,
            marker="o",
            capsize=3,
            color=colour,
            label=term("p_beats", lang, arm=labels[name], baseline=labels[baseline]),
        )
    ax.set_xticks(x, _ticks(ds, key, lang))
    ax.set_xlabel(wrap(key_label(ds, key, lang), 2 * _WRAP))
    ax.set_ylabel(term("probability_axis", lang))
    ax.set_ylim(0, 100)
    ax.axhline(50, color="grey", linewidth=0.8, linestyle=":")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.18), fontsize=8)
    title = term("sweep_line_title", lang, baseline=labels[baseline])
    ax.set_title(wrap(title, 72), fontsize=10)
    return fig


def _heatmaps(ds, keys, arms, labels, baseline, lang: Lang) -> Figure:
    """One annotated heatmap per arm, the first key on the vertical axis."""
    rows, columns = keys
    shape = (ds.sizes[rows], ds.sizes[columns])
    width = max(4.8, 2.4 + 1.0 * shape[1])
    grid = panel_grid(len(arms))
    fig, axes = new_figure(
        width * grid[1] + 1.2,
        (2.0 + 0.42 * shape[0]) * grid[0],
        nrows=grid[0],
        ncols=grid[1],
        squeeze=False,
    )
    for ax in axes.flat[len(arms) :]:  # an odd panel out leaves its cell empty
        ax.remove()
    for ax, arm in zip(axes.flat, arms, strict=False):
        image = _heatmap(ax, ds, keys, arm, lang)
        p_beats = term("p_beats", lang, arm=labels[arm], baseline=labels[baseline])
        ax.set_title(wrap(p_beats, 12 * width), fontsize=9)
        ax.set_xlabel(wrap(key_label(ds, columns, lang), _WRAP))
    for row in axes:
        row[0].set_ylabel(wrap(key_label(ds, rows, lang), _WRAP))
    bar = fig.colorbar(image, ax=list(axes.flat[: len(arms)]), shrink=0.9)
    bar.set_label(term("probability_axis", lang), fontsize=8)
    bar.ax.tick_params(labelsize=8)
    p_beats = term("p_beats", lang, arm="route", baseline=labels[baseline])
    title = term("sweep_heatmap_title", lang, p_beats=p_beats)
    fig.suptitle(wrap(title, int(14 * width * grid[1])), fontsize=10)
    return fig


def _heatmap(ax, ds, keys, arm, lang: Lang):
    """One arm's heatmap of P(beats) with each cell's probability and mean difference;
    returns the image for the colour bar."""
    rows, columns = keys
    p = ds["p_beats"].sel(arm=arm).transpose(rows, columns).values
    delta = ds["mean_delta"].sel(arm=arm).transpose(rows, columns).values
    ax.grid(False)
    image = ax.imshow(100 * p, cmap="RdBu", vmin=0, vmax=100, aspect="auto", origin="lower")
    for i in range(p.shape[0]):
        for j in range(p.shape[1]):
            dark = abs(p[i, j] - 0.5) > 0.3
            ax.text(
                j,
                i,
                f"{percent(p[i, j], lang, 0)}\n{money(delta[i, j], lang)}",
                ha="center",
                va="center",
                fontsize=7,
                linespacing=1.1,
                color="white" if dark else "black",
            )
    ax.set_xticks(np.arange(p.shape[1]), _ticks(ds, columns, lang))
    ax.set_yticks(np.arange(p.shape[0]), _ticks(ds, rows, lang))
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return image
