"""``[published]``: the figures the study printed (outcomes, costs, benefits, totals per
arm), which the replication reproduces and the bridge starts from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..spec import ALL_CLIENTS, Outcomes, Published, PublishedArm, frozen_mapping
from .reader import Reader

__all__ = ["read_published"]

_TOTALS = ("investment", "total_benefit", "balance")


def read_published(r: Reader, value, arms, outcomes: Outcomes, costs, benefits) -> Published:
    """``[published]``: its source, the number of clients, benefit streams the study left
    out of its total, and per arm the figures it printed."""
    table = r.table(value, "published")
    arm_names = [a.name for a in arms]
    r.keys(
        table,
        "published",
        required=("source", "clients"),
        optional=("omitted_from_total", *arm_names),
    )
    omitted = r.names(table.get("omitted_from_total", []), "published.omitted_from_total", 0)
    stream_names = [b.name for b in benefits]
    for i, name in enumerate(omitted):
        if name not in stream_names:
            r.fail(f"published.omitted_from_total[{i}]", f"{name!r} is not a benefit stream")
    per_arm = {
        arm: _arm(r, table[arm], f"published.{arm}", outcomes, costs, stream_names)
        for arm in arm_names
        if arm in table
    }
    return Published(
        source=r.text(table["source"], "published.source"),
        clients=r.integer(table["clients"], "published.clients", 1),
        omitted_from_total=omitted,
        arms=frozen_mapping(per_arm),
    )


def _arm(r: Reader, value, path: str, outcomes: Outcomes, costs, streams) -> PublishedArm:
    """``published.ARM``: the outcome shares, costs, benefits and totals of one arm."""
    body = r.table(value, path)
    r.keys(body, path, optional=("outcomes", "costs", "benefits", *_TOTALS))
    groups = {*outcomes.final_categories, *outcomes.groups, ALL_CLIENTS}
    shares = _figures(r, body.get("outcomes", {}), f"{path}.outcomes", groups)
    amounts = _figures(r, body.get("costs", {}), f"{path}.costs", {c.name for c in costs})
    benefits = _figures(r, body.get("benefits", {}), f"{path}.benefits", set(streams), pairs=True)
    return PublishedArm(
        outcomes=shares,
        costs=amounts,
        benefits=frozen_mapping(
            {k: _pair(r, v, f"{path}.benefits.{k}") for k, v in benefits.items()}
        ),
        **{key: _pair(r, body[key], f"{path}.{key}") if key in body else None for key in _TOTALS},
    )


def _figures(r: Reader, value, path, allowed: set[str], pairs: bool = False) -> Mapping[str, Any]:
    """A table of figures keyed by names from ``allowed``: numbers, or (``pairs``) tables
    left for :func:`_pair`."""
    table = r.table(value, path)
    out = {}
    for key, figure in table.items():
        if key not in allowed:
            r.fail(f"{path}.{key}", f"is not one of: {', '.join(sorted(allowed))}")
        out[key] = figure if pairs else r.number(figure, f"{path}.{key}")
    return frozen_mapping(out)


def _pair(r: Reader, value, path) -> tuple[float, float]:
    """A published figure as ``{ total = ..., per_client = ... }``."""
    body = r.table(value, path)
    r.keys(body, path, required=("total", "per_client"))
    return (
        r.number(body["total"], f"{path}.total"),
        r.number(body["per_client"], f"{path}.per_client"),
    )
