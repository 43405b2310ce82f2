"""Checks that a saved figure reads: every text inside the figure, no two labels on each other."""

from __future__ import annotations

import io
import itertools

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox


def _drawn_ticks(axis) -> list[Text]:
    """The tick labels an axis draws: those of ticks inside its view interval."""
    low, high = sorted(axis.get_view_interval())
    return [
        tick.label1
        for tick in axis.get_major_ticks()
        if low <= tick.get_loc() <= high and tick.label1.get_visible() and tick.label1.get_text()
    ]


def _texts(fig: Figure) -> list[Text]:
    """Every visible, non-empty text the figure draws."""
    axes = [axis for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)]
    ticks = {id(t) for axis in axes for t in axis.get_ticklabels()}
    drawn = [t for axis in axes for t in _drawn_ticks(axis)]
    others = [
        t
        for t in fig.findobj(Text)
        if id(t) not in ticks and t.get_visible() and t.get_text().strip()
    ]
    return drawn + others


def _render(fig: Figure):
    """Save the figure as a PNG (which lays it out) and return the renderer that drew it."""
    canvas = FigureCanvasAgg(fig)
    fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi, bbox_inches=None)
    return canvas.get_renderer()


def texts_outside(fig: Figure, tolerance: float = 1.0) -> list[str]:
    """The texts whose window extent leaves the figure."""
    renderer = _render(fig)
    box = fig.bbox
    out = []
    for text in _texts(fig):
        e = text.get_window_extent(renderer)
        if (
            e.x0 < box.x0 - tolerance
            or e.y0 < box.y0 - tolerance
            or e.x1 > box.x1 + tolerance
            or e.y1 > box.y1 + tolerance
        ):
            out.append(text.get_text())
    return out


def _labels(ax) -> list[Text]:
    """An axes' title, axis labels and drawn tick labels."""
    own = [ax.title, ax.xaxis.label, ax.yaxis.label]
    ticks = _drawn_ticks(ax.xaxis) + _drawn_ticks(ax.yaxis)
    return [t for t in own if t.get_visible() and t.get_text().strip()] + ticks


def overlapping_labels(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of titles, axis labels and tick labels (of one axes or of two) that overlap."""
    renderer = _render(fig)
    texts = [t for ax in fig.axes for t in _labels(ax)]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    return [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if _overlap(box_a, box_b)
    ]


def _overlap(a: Bbox, b: Bbox) -> bool:
    """Whether two boxes share more than a pixel."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1


def legends_inside_axes(fig: Figure) -> list[str]:
    """Legends that sit on an axes' plotting area (where they can cover data)."""
    renderer = _render(fig)
    found = []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None and _overlap(legend.get_window_extent(renderer), ax.bbox):
            found.append(ax.get_title() or ax.get_xlabel())
    return found
