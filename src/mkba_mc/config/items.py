"""``[costs]`` and ``[benefits]``: cost components and benefit streams as sums of terms
(a client basis times parameters times a factor), who pays and who gains
(``[stakeholders]``), and when (``timing``, ``[discounting]``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..spec import (
    ALL_CLIENTS,
    DEFAULT_PAYER,
    Discounting,
    Item,
    Outcomes,
    Term,
    Timing,
    frozen_mapping,
)
from .reader import Reader, type_name

__all__ = [
    "default_payer",
    "needs_discounting",
    "read_discounting",
    "read_items",
    "read_stakeholders",
]

_NO_DISCOUNTING = (
    "has no effect without a [discounting] section (add one; rate = 0 keeps amounts undiscounted)"
)


def read_stakeholders(r: Reader, value) -> Mapping[str, str]:
    """``[stakeholders]``: name = label, at least one."""
    table = r.table(value, "stakeholders")
    if not table:
        r.fail("stakeholders", "must name at least one stakeholder")
    out = {}
    for key, label in table.items():
        r.name(key, f"stakeholders.{key}")
        out[key] = r.text(label, f"stakeholders.{key}")
    return frozen_mapping(out)


def default_payer(r: Reader, head: Mapping[str, Any], stakeholders) -> str:
    """``study.payer``: who pays a cost that names no payer (the municipality if it is a
    stakeholder, otherwise the first stakeholder listed)."""
    if "payer" not in head:
        return DEFAULT_PAYER if DEFAULT_PAYER in stakeholders else next(iter(stakeholders))
    payer = r.name(head["payer"], "study.payer")
    if payer not in stakeholders:
        r.fail("study.payer", f"{payer!r} is not a stakeholder ({', '.join(stakeholders)})")
    return payer


def read_items(
    r: Reader,
    value,
    section: str,
    parameters,
    outcomes: Outcomes,
    stakeholders,
    payer: tuple[str, Mapping[str, str]] | None = None,
) -> tuple[Item, ...]:
    """Cost components (``payer``: the default payer and the stakeholders, each
    component may name its own ``payer``) or benefit streams (``stakeholders``)."""
    table = r.table(value, section)
    if not table:
        r.fail(section, "must define at least one entry")
    items = []
    for name, body in table.items():
        path = f"{section}.{name}"
        r.name(name, path)
        body = r.table(body, path)
        optional = ("label", "source", "timing", *(("payer",) if payer else ()))
        r.keys(body, path, required=("terms",), optional=optional)
        terms_list = body["terms"]
        if not isinstance(terms_list, list) or not terms_list:
            r.fail(f"{path}.terms", "must be a non-empty array of term tables")
        terms = tuple(
            _term(r, t, f"{path}.terms[{i}]", parameters, outcomes, stakeholders)
            for i, t in enumerate(terms_list)
        )
        items.append(
            Item(
                name=name,
                label=r.text(body.get("label", name.replace("_", " ")), f"{path}.label"),
                terms=terms,
                source=r.optional_text(body, "source", path),
                timing=_timing(r, body["timing"], f"{path}.timing") if "timing" in body else None,
                payer=frozen_mapping(
                    _stakeholder_shares(r, body.get("payer", payer[0]), f"{path}.payer", payer[1])
                )
                if payer
                else frozen_mapping({}),
            )
        )
    return tuple(items)


def _term(r: Reader, value, path, parameters, outcomes: Outcomes, stakeholders) -> Term:
    """One term: the clients it counts, the parameters it multiplies, a constant factor,
    and (for a benefit) the stakeholders who gain it."""
    body = r.table(value, path)
    is_benefit = stakeholders is not None
    required = ("clients", "stakeholder") if is_benefit else ("clients",)
    r.keys(body, path, required=required, optional=("factor", "label", "params"))
    clients = r.name(body["clients"], f"{path}.clients")
    known = {ALL_CLIENTS, *outcomes.final_categories, *outcomes.groups}
    if clients not in known:
        pending = {res.category for res in outcomes.resolutions}
        why = (
            "is resolved away and holds no clients"
            if clients in pending
            else (f"is not a category or group (one of: {', '.join(sorted(known))})")
        )
        r.fail(f"{path}.clients", f"{clients!r} {why}")
    refs = body.get("params", [])
    if not isinstance(refs, list):
        r.fail(f"{path}.params", f"must be an array of parameter names, got {type_name(refs)}")
    seen_names, seen_vectors = set(), set()
    for i, ref in enumerate(refs):
        name = _reference(r, ref, f"{path}.params[{i}]", parameters, seen_vectors)
        if name in seen_names:
            r.fail(f"{path}.params[{i}]", f"{name!r} appears twice in one product")
        seen_names.add(name)
    factor = r.factor(body.get("factor", 1.0), f"{path}.factor")
    if not is_benefit and factor < 0:
        r.fail(f"{path}.factor", f"a cost must not be negative, got {factor:g}")
    shares = {}
    if is_benefit:
        shares = _stakeholder_shares(r, body["stakeholder"], f"{path}.stakeholder", stakeholders)
    return Term(
        clients=clients,
        params=tuple(refs),
        factor=factor,
        stakeholders=frozen_mapping(shares),
        label=r.optional_text(body, "label", path),
    )


def _reference(r: Reader, ref: Any, path: str, parameters, seen_vectors: set) -> str:
    """Check a parameter reference ``name`` or ``name.component``; return the name."""
    ref = r.string(ref, path)
    name, _, component = ref.partition(".")
    if name not in parameters:
        r.fail(path, f"{name!r} is not a defined parameter")
    components = parameters[name].components
    if components is None and component:
        r.fail(path, f"{name!r} is a single value and has no component {component!r}")
    if components is not None:
        if not component:
            r.fail(
                path,
                f"{name!r} is a vector: name one of its components ({name}.{components[0]}, ...)",
            )
        if component not in components:
            r.fail(
                path,
                f"{name!r} has no component {component!r} (one of: {', '.join(components)})",
            )
        if name in seen_vectors:
            r.fail(path, f"uses two components of {name!r}; a client is in only one of them")
        seen_vectors.add(name)
    return name


def _stakeholder_shares(r: Reader, value, path, stakeholders) -> dict[str, float]:
    """A stakeholder's name (all of it), or a table of stakeholder = share adding up to 1."""
    if isinstance(value, str):
        value = {value: 1.0}
    if not isinstance(value, dict) or not value:
        r.fail(
            path,
            f"must be a stakeholder name or a table of stakeholder = share, got {type_name(value)}",
        )
    shares = {}
    for key, share in value.items():
        if key not in stakeholders:
            r.fail(
                f"{path}.{key}" if len(value) > 1 else path,
                f"{key!r} is not a stakeholder ({', '.join(stakeholders)})",
            )
        share = r.number(share, f"{path}.{key}")
        if not 0 <= share <= 1:
            r.fail(f"{path}.{key}", f"a share must lie in [0, 1], got {share:g}")
        shares[key] = share
    if abs(sum(shares.values()) - 1) > 1e-9:
        r.fail(path, f"shares must add up to 1, got {sum(shares.values()):g}")
    return shares


def _timing(r: Reader, value: Any, path: str) -> Timing:
    """An item's ``timing``: ``start`` and ``years`` after the intake, both at least 0."""
    table = r.table(value, path)
    r.keys(table, path, optional=("start", "years"))
    years = {}
    for key in ("start", "years"):
        years[key] = r.number(table.get(key, 0.0), f"{path}.{key}")
        if years[key] < 0:
            r.fail(
                f"{path}.{key}",
                f"must not be negative (years after the intake), got {years[key]:g}",
            )
    return Timing(**years)


def read_discounting(r: Reader, value: Any) -> Discounting:
    """``[discounting]``: a yearly rate and its source."""
    table = r.table(value, "discounting")
    r.keys(table, "discounting", required=("rate", "source"))
    rate = r.number(table["rate"], "discounting.rate")
    if not -1 < rate < 1:
        r.fail(
            "discounting.rate",
            f"must be a yearly rate between -1 and 1 (0.0225 is 2.25%), got {rate:g}",
        )
    return Discounting(rate=rate, source=r.text(table["source"], "discounting.source"))


def needs_discounting(r: Reader, outcomes: Outcomes, costs, benefits) -> None:
    """Timing and delays only act through discounting: without it they would be ignored."""
    for section, items in (("costs", costs), ("benefits", benefits)):
        for item in items:
            if item.timing is not None:
                r.fail(f"{section}.{item.name}.timing", _NO_DISCOUNTING)
    if outcomes.delay:
        r.fail("outcomes.delay", _NO_DISCOUNTING)
