"""``[parameters]``: each uncertain input with its unit, source and distribution, shared
by all arms or given per arm; the study's value of each; the default input groups."""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Mapping
from typing import Any

from ..distributions import DistributionError, Fixed, from_config, observed_value
from ..spec import INPUT_GROUPS, OUTCOME_SHARES, Arm, Outcomes, Parameter, frozen_mapping
from .reader import Reader

__all__ = ["assign_groups", "read_parameters"]

_META = ("unit", "source", "label", "client_attribute", "group")
"""The keys of a parameter table that are not its distribution's."""


def read_parameters(r: Reader, value: Any, arms) -> dict[str, Parameter]:
    """Every parameter of ``[parameters]``, by name, in the config's order."""
    table = r.table(value, "parameters")
    arm_names = [a.name for a in arms]
    out = {}
    for name, body in table.items():
        path = f"parameters.{name}"
        r.name(name, path)
        if name == OUTCOME_SHARES:
            r.fail(path, f"{OUTCOME_SHARES!r} is reserved for the dossier outcome shares")
        out[name] = _parameter(r, name, r.table(body, path), path, arm_names)
        _check_unit(r, out[name], path)
    return out


def _parameter(r: Reader, name: str, body, path: str, arm_names: list[str]) -> Parameter:
    """One parameter table: its metadata and one distribution, or one per arm (``arms``)."""
    if "unit" not in body:
        r.fail(f"{path}.unit", "is required but missing")
    unit = r.text(body["unit"], f"{path}.unit")
    label = r.text(body.get("label", name.replace("_", " ")), f"{path}.label")
    attribute = r.boolean(body.get("client_attribute", False), f"{path}.client_attribute")
    source = r.text(body["source"], f"{path}.source") if "source" in body else None
    group = r.string(body["group"], f"{path}.group") if "group" in body else ""
    if "arms" in body:
        r.keys(body, path, required=("arms",), optional=_META)
        per_arm, sources, points, observed, same = _per_arm(
            r, body["arms"], f"{path}.arms", arm_names
        )
        if source is not None:
            sources.insert(0, ("", source))
        if not sources:
            r.fail(f"{path}.source", "is required but missing")
        return Parameter(
            name,
            unit,
            _joined_sources(r, sources),
            label,
            per_arm=frozen_mapping(per_arm),
            client_attribute=attribute,
            group=group,
            study_values=frozen_mapping(points),
            observed_values=frozen_mapping(observed),
            same_draw=frozen_mapping(same),
        )
    if source is None:
        r.fail(f"{path}.source", "is required but missing")
    dist, point, observed = _distribution(
        r, {k: v for k, v in body.items() if k not in _META}, path
    )
    return Parameter(
        name,
        unit,
        source,
        label,
        distribution=dist,
        client_attribute=attribute,
        group=group,
        study_values=frozen_mapping({} if point is None else {"": point}),
        observed_values=frozen_mapping({} if observed is None else {"": observed}),
    )


def _per_arm(r: Reader, value, path, arm_names) -> tuple[dict, list, dict, dict, dict]:
    """``parameters.NAME.arms``: the distribution per arm (or ``same_as`` another arm's
    draw), with the sources, study values and observed values per arm."""
    table = r.table(value, path)
    per_arm, sources, study_values, observed, same = {}, [], {}, {}, {}
    for arm, body in table.items():
        apath = f"{path}.{arm}"
        if arm not in arm_names:
            r.fail(apath, f"{arm!r} is not an arm ({', '.join(arm_names)})")
        body = r.table(body, apath)
        if "same_as" in body:
            r.keys(body, apath, required=("same_as",))
            same[arm] = r.name(body["same_as"], f"{apath}.same_as")
            continue
        if "source" in body:
            sources.append((f"{arm}: ", r.text(body["source"], f"{apath}.source")))
        per_arm[arm], point, seen = _distribution(
            r, {k: v for k, v in body.items() if k != "source"}, apath
        )
        if point is not None:
            study_values[arm] = point
        if seen is not None:
            observed[arm] = seen
    for arm, reference in same.items():
        if reference not in per_arm:
            r.fail(
                f"{path}.{arm}.same_as",
                f"{reference!r} is not an arm with its own distribution here",
            )
        per_arm[arm] = per_arm[reference]
        for values in (study_values, observed):
            if reference in values:
                values[arm] = values[reference]
    for arm in arm_names:
        if arm not in per_arm:
            r.fail(f"{path}.{arm}", "is required but missing (one entry per arm)")
    if len({d.components for d in per_arm.values()}) > 1:
        r.fail(path, "every arm must have the same components")
    return {arm: per_arm[arm] for arm in arm_names}, sources, study_values, observed, same


def _distribution(r: Reader, body: Mapping[str, Any], path: str):
    """The distribution of a parameter table, with the study's value (stated as
    ``study_value`` or observed from counts) and the observed value (or ``None``)."""
    if "dist" not in body:
        typo = difflib.get_close_matches("dist", [str(k) for k in body], n=1, cutoff=0.5)
        hint = f" ({typo[0]!r} is not a key here: a typo of dist?)" if typo else ""
        r.fail(f"{path}.dist", f"is required but missing{hint}")
    family = r.string(body["dist"], f"{path}.dist")
    arguments = {k: v for k, v in body.items() if k not in ("dist", "study_value")}
    try:
        dist = from_config(family, arguments)
    except DistributionError as exc:
        r.fail(path if exc.key is None else f"{path}.{exc.key}", str(exc))
    observed = observed_value(family, arguments)
    point = observed
    if "study_value" in body:
        if dist.components is not None:
            r.fail(f"{path}.study_value", "applies to a single value, not to shares")
        point = r.number(body["study_value"], f"{path}.study_value")
        low, high = dist.support()
        if not low <= point <= high:
            r.fail(
                f"{path}.study_value",
                f"{point:g} lies outside what {dist.describe()} can take [{low:g}, {high:g}]",
            )
    return dist, point, observed


def _joined_sources(r: Reader, sources: list[tuple[str, str]]) -> str:
    """Sources of a parameter (a shared one, then ``ARM: `` per arm) as one text, with
    its translation into every language the config gives."""
    joined = "; ".join(prefix + text for prefix, text in sources)
    for texts in r.translations.values():
        if any(text in texts for _, text in sources):
            texts[joined] = "; ".join(prefix + texts.get(text, text) for prefix, text in sources)
    return joined


def _check_unit(r: Reader, param: Parameter, path: str) -> None:
    """A share or probability stays in [0, 1], a cost in euros is never negative."""
    unit = r.translated(param.unit, "en").lower()  # units are checked in English
    bounded = unit.startswith(("share", "probability")) or param.client_attribute
    for arm, dist in [(None, param.distribution)] if param.shared else list(param.per_arm.items()):
        where = path if arm is None else f"{path}.arms.{arm}"
        low, high = dist.support()
        if bounded and (low < 0 or high > 1):
            r.fail(
                where,
                f"a share or probability must lie in [0, 1], but {dist.describe()} "
                f"can reach [{low:g}, {high:g}]",
            )
        if unit.startswith("eur") and low < 0:
            hint = " (truncate it with low = 0)" if dist.family == "normal" else ""
            r.fail(
                where, f"a cost in euros must not be negative, but {dist.describe()} can be{hint}"
            )
        if isinstance(dist, Fixed) and not math.isfinite(dist.value):
            r.fail(where, "must be finite")


def assign_groups(
    r: Reader, parameters, outcomes: Outcomes, costs, arms: tuple[Arm, ...]
) -> dict[str, Parameter]:
    """Give each parameter without a ``group`` its default input group (spec.INPUT_GROUPS),
    judged first by its role, then by its unit in English (so the groups do not depend on
    the study's language): what decides the outcome shares (a resolution probability, the
    ratio of an arm's relative ``effect``, whatever its unit) goes with the dossier
    outcomes."""
    decide_outcomes = {res.probability for res in outcomes.resolutions} | {
        arm.effect.parameter for arm in arms if arm.effect is not None
    }
    in_costs = {ref.partition(".")[0] for item in costs for t in item.terms for ref in t.params}
    out = {}
    for name, param in parameters.items():
        if not param.group:
            if name in decide_outcomes:
                group = INPUT_GROUPS[0]
            elif param.client_attribute:
                group = INPUT_GROUPS[1]
            elif name in in_costs:
                group = INPUT_GROUPS[4]
            elif r.translated(param.unit, "en").lower().startswith(("share", "probability")):
                group = INPUT_GROUPS[2]
            else:
                group = INPUT_GROUPS[3]
            param = dataclasses.replace(param, group=group)
        out[name] = param
    return out
