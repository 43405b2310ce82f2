"""``[outcomes]``: the outcome categories at observation, how their shares are drawn, how
pending categories resolve, the named groups, and delays and weights per final category;
and the parameter of the outcome shares that the arms' dossier counts make."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..distributions import FixedShares, from_config
from ..spec import (
    ALL_CLIENTS,
    INPUT_GROUPS,
    OUTCOME_SHARES,
    SUCCESS_GROUP,
    Outcomes,
    Parameter,
    Resolution,
    frozen_mapping,
)
from .reader import Reader

__all__ = ["outcome_parameter", "read_outcomes"]

_RESERVED = {ALL_CLIENTS}


def read_outcomes(r: Reader, table, categories, parameters, arms) -> Outcomes:
    """The ``[outcomes]`` table, its categories already read (the arms need them)."""
    path = "outcomes"
    r.keys(
        table,
        path,
        required=("categories", "groups", "source"),
        optional=("shares", "prior", "resolve", "delay", "benefit_weight"),
    )
    for category in categories:
        if category in _RESERVED:
            r.fail(f"{path}.categories", f"{category!r} is reserved for every client")
    shares, prior = _shares_and_prior(r, table, arms)
    resolve = r.table(table.get("resolve", {}), f"{path}.resolve")
    resolutions = tuple(
        _resolution(r, category, body, resolve, categories, parameters, shares)
        for category, body in resolve.items()
    )
    pending = {res.category for res in resolutions}
    finals = tuple(c for c in categories if c not in pending)
    return Outcomes(
        categories=categories,
        shares=shares,
        prior=prior,
        resolutions=resolutions,
        groups=_groups(r, table["groups"], categories, pending),
        source=r.text(table["source"], f"{path}.source"),
        delay=_per_category(r, table.get("delay", {}), f"{path}.delay", finals, "a delay in years"),
        benefit_weight=_per_category(
            r, table.get("benefit_weight", {}), f"{path}.benefit_weight", finals, "a weight"
        ),
    )


def _shares_and_prior(r: Reader, table, arms) -> tuple[str, float]:
    """``outcomes.shares`` (``"dirichlet"`` or ``"fixed"``) and the Dirichlet ``prior``."""
    shares = table.get("shares", "dirichlet")
    if shares not in ("dirichlet", "fixed"):
        r.fail("outcomes.shares", f'must be "dirichlet" or "fixed", got {shares!r}')
    if shares == "fixed" and "prior" in table:
        r.fail("outcomes.prior", 'only applies to shares = "dirichlet"')
    prior = r.number(table.get("prior", 0.5), "outcomes.prior")
    if prior < 0:
        r.fail("outcomes.prior", f"must not be negative, got {prior:g}")
    if shares == "dirichlet" and prior == 0:
        for arm in arms:
            if any(v == 0 for v in arm.dossiers.values()):
                r.fail("outcomes.prior", f"must be positive: arm {arm.name} has a zero count")
    return shares, prior


def _resolution(
    r: Reader, category: str, body: Any, resolve, categories, parameters, shares: str
) -> Resolution:
    """``outcomes.resolve.CATEGORY``: a pending category, its probability of success and
    the two categories it resolves to."""
    rpath = f"outcomes.resolve.{category}"
    if category not in categories:
        r.fail(rpath, f"{category!r} is not an outcome category")
    body = r.table(body, rpath)
    r.keys(body, rpath, required=("probability", "success", "failure"), optional=("round",))
    probability = r.name(body["probability"], f"{rpath}.probability")
    if probability not in parameters:
        r.fail(f"{rpath}.probability", f"{probability!r} is not a defined parameter")
    param = parameters[probability]
    if param.components is not None:
        r.fail(
            f"{rpath}.probability", f"{probability!r} is a vector of shares, not one probability"
        )
    for d in param.distributions():
        low, high = d.support()
        if low < 0 or high > 1:
            r.fail(
                f"{rpath}.probability",
                f"parameter {probability!r} can take values outside [0, 1] ({d.describe()})",
            )
    ends = []
    for key in ("success", "failure"):
        target = r.name(body[key], f"{rpath}.{key}")
        if target not in categories:
            r.fail(f"{rpath}.{key}", f"{target!r} is not an outcome category")
        if target == category or target in resolve:
            r.fail(f"{rpath}.{key}", f"{target!r} is itself pending resolution")
        ends.append(target)
    if ends[0] == ends[1]:
        r.fail(f"{rpath}.failure", "must differ from success")
    # The study rounded to whole dossiers: its point values do; draws do only when
    # nothing about the resolution is uncertain (a point replication).
    rounding = r.boolean(body.get("round", False), f"{rpath}.round")
    every_draw = rounding and shares == "fixed" and param.is_fixed
    return Resolution(category, probability, ends[0], ends[1], every_draw, rounding)


def _groups(r: Reader, value: Any, categories, pending: set[str]) -> Mapping[str, tuple]:
    """``outcomes.groups``: named sets of final categories; ``successful`` is required."""
    table = r.table(value, "outcomes.groups")
    groups = {}
    for group, members in table.items():
        gpath = f"outcomes.groups.{group}"
        r.name(group, gpath)
        if group in categories or group in _RESERVED:
            r.fail(gpath, f"{group!r} is already a category name")
        members = r.names(members, gpath)
        for i, member in enumerate(members):
            if member not in categories:
                r.fail(f"{gpath}[{i}]", f"{member!r} is not an outcome category")
            if member in pending:
                r.fail(f"{gpath}[{i}]", f"{member!r} is resolved away and holds no clients")
        groups[group] = members
    if SUCCESS_GROUP not in groups:
        r.fail(
            f"outcomes.groups.{SUCCESS_GROUP}", "is required: the categories of successful clients"
        )
    return frozen_mapping(groups)


def _per_category(
    r: Reader, value: Any, path: str, finals: tuple[str, ...], what: str
) -> Mapping[str, float]:
    """A table of final outcome category = non-negative number (``what`` names the unit)."""
    table = r.table(value, path)
    out = {}
    for category, number in table.items():
        if category not in finals:
            r.fail(f"{path}.{category}", f"is not a final outcome category ({', '.join(finals)})")
        out[category] = r.number(number, f"{path}.{category}")
        if out[category] < 0:
            r.fail(f"{path}.{category}", f"{what} must not be negative, got {out[category]:g}")
    return frozen_mapping(out)


def outcome_parameter(outcomes: Outcomes, arms) -> Parameter:
    """The outcome shares per arm as a parameter (:data:`~mkba_mc.spec.OUTCOME_SHARES`):
    Dirichlet(counts + prior), or the dossier shares as they are; an arm ``relative_to``
    another takes that arm's draw."""
    per_arm, observed = {}, {}
    for arm in arms:
        if arm.relative_to:
            continue
        counts = tuple(float(arm.dossiers[c]) for c in outcomes.categories)
        observed[arm.name] = tuple(c / sum(counts) for c in counts)
        if outcomes.shares == "fixed":
            per_arm[arm.name] = FixedShares(counts, outcomes.categories)
        else:
            alpha = tuple(c + outcomes.prior for c in counts)
            per_arm[arm.name] = from_config(
                "dirichlet", {"alpha": dict(zip(outcomes.categories, alpha, strict=True))}
            )
    same_draw = {a.name: a.relative_to for a in arms if a.relative_to}
    per_arm.update({arm: per_arm[reference] for arm, reference in same_draw.items()})
    observed.update({arm: observed[reference] for arm, reference in same_draw.items()})
    return Parameter(
        name=OUTCOME_SHARES,
        group=INPUT_GROUPS[0],
        unit="share of clients",
        source=outcomes.source,
        label="outcome category shares at observation",
        per_arm=frozen_mapping({a.name: per_arm[a.name] for a in arms}),
        study_values=frozen_mapping(observed),
        observed_values=frozen_mapping(observed),
        same_draw=frozen_mapping(same_draw),
    )
