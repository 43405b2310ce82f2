"""What differs between two assumption sets, and what each difference moves.

:func:`diff_studies` compares two resolved studies (``extends`` and ``--set`` applied):

* **inputs**: every parameter whose distribution differs, per arm and per component, with
  each side's distribution, mean and 90% interval (5% and 95% quantiles; for a Dirichlet
  component its Beta marginal);
* **settings**: every other value of the resolved configs that differs (cost components,
  benefit streams, timing, discounting, outcomes, titles and sources), by key path;
* **effects**: the change in each arm's balance (benefits − investment, euros per client)
  when that one difference of B is put into A, everything at its mean, and beside it the
  change in each arm's difference against A's baseline. The row ``all`` is B against A
  as a whole; ``interactions`` is what the one-at-a-time changes leave out of it. The
  model is a sum of products of independent inputs, so the balance at the means is the
  mean balance (``expected`` cohort).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .assumptions import toml_value
from .distributions import Dirichlet, Distribution
from .model import evaluate
from .sampling import central_values
from .spec import LANGUAGES, Item, Study

__all__ = ["StudyDiff", "diff_studies"]

INTERVAL = (0.05, 0.95)
"""The quantiles of the interval shown for each input (a 90% interval)."""

_DESCRIPTIVE = ("unit", "label", "source", "group", "client_attribute")
_ABSENT = object()


@dataclass(frozen=True)
class StudyDiff:
    """What differs between two studies; see the module docstring.

    Attributes
    ----------
    a, b
        The studies compared (B against A).
    inputs
        One row per differing input and component: ``input``, ``arm`` ("" when shared by
        all arms), ``component`` ("" for a scalar), and per side (``a``, ``b``) the
        distribution, ``mean``, ``low`` and ``high`` (the 90% interval). A side without
        the input has empty cells.
    settings
        One row per other differing value: ``key`` (its path in the resolved config),
        ``a`` and ``b`` (its TOML text, "" where absent).
    effects
        One row per difference and measure: ``difference`` (an input, ``costs.NAME``,
        ``benefits.NAME``, ``outcomes``, ``discounting``, ``interactions`` or ``all``),
        ``arm``, ``versus`` (A's baseline for a difference against it, else "") and
        ``delta_balance`` in euros per client at the means.
    """

    a: Study
    b: Study
    inputs: pd.DataFrame
    settings: pd.DataFrame
    effects: pd.DataFrame

    @property
    def identical(self) -> bool:
        """True when the two studies define the same model and text."""
        return self.inputs.empty and self.settings.empty

    @property
    def sides(self) -> pd.DataFrame:
        """What was compared: per side (``A``, ``B``) its ``title``, ``config`` (origin),
        ``overrides`` (its ``--set`` values, one per line) and ``config_hash`` (SHA-256 of
        the resolved config)."""
        from .config import config_hash

        return pd.DataFrame(
            [
                {
                    "side": name,
                    "title": study.title,
                    "config": study.origin,
                    "overrides": "\n".join(study.overrides),
                    "config_hash": config_hash(study.text),
                }
                for name, study in (("A", self.a), ("B", self.b))
            ]
        )


def diff_studies(a: Study, b: Study) -> StudyDiff:
    """Compare study ``b`` with study ``a``: inputs, other settings, and effects at the means.

    Parameters
    ----------
    a, b
        Validated studies, e.g. from :func:`mkba_mc.load_study`.

    Returns
    -------
    StudyDiff
        The three tables; effects need the same arms in both (otherwise only ``all`` is
        given, for the arms they share).
    """
    inputs = _inputs(a, b)
    settings = _settings(a, b)
    return StudyDiff(a, b, inputs, settings, _effects(a, b, inputs, settings))


# --------------------------------------------------------------------------- inputs


def _interval(dist: Distribution) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(dist, Dirichlet):
        alpha = np.asarray(dist.alpha)
        from scipy import stats  # slow to import: only for a diff of Dirichlet shares

        marginal = stats.beta(alpha, alpha.sum() - alpha)
        return marginal.ppf(INTERVAL[0]), marginal.ppf(INTERVAL[1])
    if dist.is_fixed:
        mean = np.asarray(dist.mean(), dtype=float)
        return mean, mean
    low, high = dist.ppf(np.asarray(INTERVAL))
    return np.asarray(low), np.asarray(high)


def _side(dist: Distribution | None, components) -> Iterator[dict[str, Any]]:
    """Per component: the distribution's text, mean and interval (empty when absent)."""
    if dist is None:
        for _ in components:
            yield {"dist": "", "mean": np.nan, "low": np.nan, "high": np.nan}
        return
    mean = np.atleast_1d(np.asarray(dist.mean(), dtype=float))
    low, high = (np.atleast_1d(x) for x in _interval(dist))
    for k, _ in enumerate(components):
        yield {"dist": dist.describe(), "mean": mean[k], "low": low[k], "high": high[k]}


def _inputs(a: Study, b: Study) -> pd.DataFrame:
    rows = []
    names = [*a.parameters, *(n for n in b.parameters if n not in a.parameters)]
    for name in names:
        pa, pb = a.parameters.get(name), b.parameters.get(name)
        arms = [None] if all(p is None or p.shared for p in (pa, pb)) else list(_arms(a, b))
        for arm in arms:
            da = None if pa is None else (pa.distribution if arm is None else _for(pa, arm))
            db = None if pb is None else (pb.distribution if arm is None else _for(pb, arm))
            if da == db:
                continue
            components = (da or db).components or ("",)
            for component, sa, sb in zip(
                components, _side(da, components), _side(db, components), strict=True
            ):
                rows.append(
                    {
                        "input": name,
                        "arm": arm or "",
                        "component": component,
                        **{f"{k}_a": v for k, v in sa.items()},
                        **{f"{k}_b": v for k, v in sb.items()},
                    }
                )
    columns = ["input", "arm", "component"] + [
        f"{k}_{side}" for side in "ab" for k in ("dist", "mean", "low", "high")
    ]
    return pd.DataFrame(rows, columns=columns)


def _arms(a: Study, b: Study) -> list[str]:
    return [*a.arm_names, *(n for n in b.arm_names if n not in a.arm_names)]


def _for(param, arm: str) -> Distribution | None:
    return param.distribution if param.shared else param.per_arm.get(arm)


# --------------------------------------------------------------------------- settings


def _leaves(
    data: Mapping[str, Any], language: str, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        here = (*path, key)
        if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
            value = value.get(language, next(iter(value.values())))  # one text, as it reads
        if isinstance(value, dict) and value:
            yield from _leaves(value, language, here)
        elif len(here) < 3 or here[0] != "parameters" or here[2] in _DESCRIPTIVE:
            yield ".".join(here), value  # parameters' distributions are the inputs table


def _toml(value: Any) -> str:
    return "" if value is _ABSENT else toml_value(value)


def _settings(a: Study, b: Study) -> pd.DataFrame:
    leaves_a = dict(_leaves(tomllib.loads(a.text), a.language))
    leaves_b = dict(_leaves(tomllib.loads(b.text), b.language))
    rows = []
    for key in [*leaves_a, *(k for k in leaves_b if k not in leaves_a)]:
        va, vb = leaves_a.get(key, _ABSENT), leaves_b.get(key, _ABSENT)
        parts = key.split(".")
        if parts[0] == "parameters" and not (parts[1] in a.parameters and parts[1] in b.parameters):
            continue  # a parameter on one side only: the inputs table shows it
        if va != vb:
            rows.append({"key": key, "a": _toml(va), "b": _toml(vb)})
    return pd.DataFrame(rows, columns=["key", "a", "b"])


# --------------------------------------------------------------------------- effects


def _balance(study: Study) -> dict[str, float]:
    out = evaluate(study, central_values(study, 1), "expected")
    balance = (out.total_benefit - out.investment)[0]
    return dict(zip(study.arm_names, balance.tolist(), strict=True))


def _with_items(study: Study, field: str, other: Study, name: str) -> Study:
    """``study`` with item ``name`` of ``field`` as in ``other`` (added, replaced or
    removed), and the parameters it needs from ``other``."""
    theirs = {i.name: i for i in getattr(other, field)}
    mine = list(getattr(study, field))
    names = [i.name for i in mine]
    if name not in theirs:
        mine = [i for i in mine if i.name != name]
    elif name in names:
        mine[names.index(name)] = theirs[name]
    else:
        mine.append(theirs[name])
    parameters = dict(study.parameters)
    for param in _references(theirs.get(name)):
        parameters.setdefault(param, other.parameters[param])
    return dataclasses.replace(study, **{field: tuple(mine), "parameters": parameters})


def _references(item: Item | None) -> set[str]:
    if item is None:
        return set()
    return {ref.split(".")[0] for term in item.terms for ref in term.params}


def _hybrids(a: Study, b: Study, inputs: pd.DataFrame, settings: pd.DataFrame):
    """``(difference, study)``: A with that one difference of B.

    Timing and delays mean nothing undiscounted, so when only B discounts, the settings
    other than the rate are put into A with B's discounting (which alone moves nothing
    at the intake: A has no timing)."""
    if a.discounting is None and b.discounting is not None:
        a = dataclasses.replace(a, discounting=b.discounting)
    for name in dict.fromkeys(inputs["input"]):
        if name in a.parameters and name in b.parameters:
            yield (
                name,
                dataclasses.replace(a, parameters={**a.parameters, name: b.parameters[name]}),
            )
    units = dict.fromkeys(_unit(key) for key in settings["key"])
    for unit in filter(None, units):
        section, _, name = unit.partition(".")
        if section in ("costs", "benefits"):
            yield unit, _with_items(a, section, b, name)
        elif section == "discounting":
            yield unit, dataclasses.replace(a, discounting=b.discounting)
        elif a.outcomes.categories == b.outcomes.categories:
            yield unit, dataclasses.replace(a, outcomes=b.outcomes)


def _unit(key: str) -> str | None:
    """The difference a setting belongs to, if it can move the balance at the means:
    ``costs.NAME``, ``benefits.NAME``, ``discounting`` or ``outcomes``."""
    parts = key.split(".")
    if parts[0] in ("costs", "benefits") and len(parts) > 2 and parts[2] != "label":
        return ".".join(parts[:2])
    if parts[0] == "discounting" and parts[-1] != "source":
        return "discounting"
    if parts[0] == "outcomes" and parts[1] not in ("source", "categories"):
        return "outcomes"
    return None


def _effects(a: Study, b: Study, inputs: pd.DataFrame, settings: pd.DataFrame) -> pd.DataFrame:
    base = _balance(a)
    total = _balance(b)
    arms = [arm for arm in a.arm_names if arm in b.arm_names]
    rows = []

    def add(difference: str, balance: Mapping[str, float]) -> dict[str, float]:
        delta = {arm: balance[arm] - base[arm] for arm in arms}
        for arm in arms:
            rows.append((difference, arm, "", delta[arm]))
        if a.baseline in delta:
            for arm in arms:
                if arm != a.baseline:
                    rows.append((difference, arm, a.baseline, delta[arm] - delta[a.baseline]))
        return delta

    moved = {arm: 0.0 for arm in arms}
    if a.arm_names == b.arm_names:
        for difference, hybrid in _hybrids(a, b, inputs, settings):
            delta = add(difference, _balance(hybrid))
            moved = {arm: moved[arm] + delta[arm] for arm in arms}
        whole = {arm: total[arm] - base[arm] for arm in arms}
        add("interactions", {arm: base[arm] + whole[arm] - moved[arm] for arm in arms})
    add("all", total)
    return pd.DataFrame(rows, columns=["difference", "arm", "versus", "delta_balance"])
