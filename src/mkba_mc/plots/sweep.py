"""The figure of a sweep (:func:`mkba_mc.sweep.sweep`): P(arm beats baseline) over the grid."""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.figure import Figure

from ._style import OKABE_ITO, new_figure, style

__all__ = ["sweep_figure"]


def _tick(value) -> str:
    if isinstance(value, float | np.floating):
        return f"{value:g}"
    return str(value)


def sweep_figure(ds: xr.Dataset, arm: str | None = None) -> Figure:
    """P(arm beats the baseline) over a one- or two-key sweep.

    One key: a line per non-baseline arm with its 95% Monte Carlo interval. Two keys: a
    heatmap for ``arm`` (default: the first non-baseline arm), each cell annotated with
    the probability and the mean difference in balance (euros per client). Extra keys
    must be selected away first (``ds.isel(key=0)``).
    """
    keys = [d for d in ds["p_beats"].dims if d != "arm"]
    if not 1 <= len(keys) <= 2:
        raise ValueError(f"a sweep figure shows one or two keys, got {len(keys)}: {keys}")
    baseline = ds.attrs["baseline"]
    labels = dict(zip(ds["arm"].values.tolist(), ds["arm_label"].values.tolist(), strict=True))
    others = [a for a in labels if a != baseline]
    with style():
        if len(keys) == 1:
            fig, ax = new_figure(6.4, 4.0)
            x = np.arange(ds.sizes[keys[0]])
            for colour, name in zip(OKABE_ITO, others, strict=False):
                p = ds["p_beats"].sel(arm=name).values
                se = ds["p_beats_se"].sel(arm=name).values
                ax.errorbar(
                    x,
                    100 * p,
                    yerr=196 * se,
                    marker="o",
                    capsize=3,
                    color=colour,
                    label=f"{labels[name]} beats {labels[baseline]}",
                )
            ax.set_xticks(x, [_tick(v) for v in ds[keys[0]].values])
            ax.set_xlabel(keys[0])
            ax.set_ylabel("probability (%)")
            ax.set_ylim(0, 100)
            ax.axhline(50, color="grey", linewidth=0.8, linestyle=":")
            ax.legend(loc="best", fontsize=8)
            ax.set_title(f"P(arm beats {labels[baseline]}) per value of the sweep")
            return fig
        arm = others[0] if arm is None else arm
        if arm not in others:
            raise ValueError(f"arm must be one of {others}, got {arm!r}")
        rows, columns = keys
        p = ds["p_beats"].sel(arm=arm).transpose(rows, columns).values
        delta = ds["mean_delta"].sel(arm=arm).transpose(rows, columns).values
        fig, ax = new_figure(1.6 + 1.1 * p.shape[1], 1.4 + 0.45 * p.shape[0])
        ax.grid(False)
        image = ax.imshow(100 * p, cmap="RdBu", vmin=0, vmax=100, aspect="auto", origin="lower")
        for i in range(p.shape[0]):
            for j in range(p.shape[1]):
                text = f"{100 * p[i, j]:.0f}%\n€{delta[i, j]:,.0f}".replace("€-", "€−")
                dark = abs(p[i, j] - 0.5) > 0.3
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "black",
                )
        ax.set_xticks(np.arange(p.shape[1]), [_tick(v) for v in ds[columns].values])
        ax.set_yticks(np.arange(p.shape[0]), [_tick(v) for v in ds[rows].values])
        ax.set_xlabel(columns)
        ax.set_ylabel(rows)
        fig.colorbar(image, ax=ax, label=f"P({labels[arm]} beats {labels[baseline]}) (%)")
        ax.set_title(
            f"P({labels[arm]} beats {labels[baseline]})\n"
            "and the mean difference in balance per client",
            fontsize=9,
        )
    return fig
