"""The study as a whole: its head (``[study]``), the arms, the run defaults (``[run]``,
``[cohort]``) and the order in which the sections are read into a
:class:`~mkba_mc.spec.Study`."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from typing import Any

from ..bounds import OutOfBounds, check_bounds
from ..limits import MAX_DRAWS, MAX_SEED
from ..spec import (
    LANGUAGES,
    OUTCOME_SHARES,
    SUCCESS_GROUP,
    Arm,
    Outcomes,
    RelativeEffect,
    Study,
    frozen_mapping,
)
from .items import (
    default_payer,
    needs_discounting,
    read_discounting,
    read_items,
    read_stakeholders,
)
from .outcomes import outcome_parameter, read_outcomes
from .parameters import assign_groups, read_parameters
from .published import read_published
from .reader import Reader, UnusedParameterWarning, type_name
from .research import read_correlations, read_research, read_sampling

__all__ = ["read_arms", "read_study"]

_SECTIONS = ("study", "arms", "outcomes", "parameters", "costs", "benefits", "stakeholders")
_OPTIONAL_SECTIONS = (
    "run",
    "cohort",
    "published",
    "discounting",
    "research",
    "sampling",
    "correlations",
)


def read_study(r: Reader, data: Mapping[str, Any], text: str) -> Study:
    """The study of a parsed (and resolved) config, section by section.

    The order matters: the arms need the outcome categories, the outcomes need the
    parameters (a resolution's probability), costs and benefits need all three.
    """
    r.keys(data, "", required=_SECTIONS, optional=_OPTIONAL_SECTIONS)
    head_table = r.table(data["study"], "study")
    head = _head(r, head_table)
    outcomes_table = r.table(data["outcomes"], "outcomes")
    categories = r.names(outcomes_table.get("categories"), "outcomes.categories")
    arms = read_arms(r, data["arms"], categories)
    baseline = r.name(head_table["baseline"], "study.baseline")
    if baseline not in {a.name for a in arms}:
        r.fail("study.baseline", f"{baseline!r} is not one of the arms ({_list(arms)})")

    stakeholders = read_stakeholders(r, data["stakeholders"])
    parameters = read_parameters(r, data["parameters"], arms)
    outcomes = read_outcomes(r, outcomes_table, categories, parameters, arms)
    arms = _relative_effects(r, data["arms"], arms, outcomes, parameters)
    parameters = {**parameters, OUTCOME_SHARES: outcome_parameter(outcomes, arms)}

    payer = default_payer(r, head_table, stakeholders)
    costs = read_items(r, data["costs"], "costs", parameters, outcomes, None, (payer, stakeholders))
    benefits = read_items(r, data["benefits"], "benefits", parameters, outcomes, stakeholders)
    parameters = assign_groups(r, parameters, outcomes, costs, arms)
    draws, seed, cohort = _run_defaults(r, data)

    optional = _optional_sections(r, data, arms, parameters, outcomes, costs, benefits)
    if head["intakes_per_year"] is None and optional.get("research") is not None:
        head["intakes_per_year"] = max(1, round(optional["research"].intakes_per_year))
    study = Study(
        **head,
        baseline=baseline,
        arms=arms,
        outcomes=outcomes,
        parameters=frozen_mapping(parameters),
        costs=costs,
        benefits=benefits,
        stakeholders=stakeholders,
        cohort=cohort,
        draws=draws,
        seed=seed,
        text=text,
        origin=r.origin,
        language=r.language,
        payer=payer,
        translations=frozen_mapping(
            {lang: frozen_mapping(texts) for lang, texts in r.translations.items()}
        ),
        **optional,
    )
    try:
        check_bounds(study)
    except OutOfBounds as exc:
        r.fail(exc.path, str(exc))
    _warn_unused(r, study)
    return study


def _optional_sections(
    r: Reader, data: Mapping[str, Any], arms, parameters, outcomes: Outcomes, costs, benefits
) -> dict[str, Any]:
    """``[published]``, ``[discounting]``, ``[research]``, ``[correlations]`` (each
    ``None`` when absent) and ``[sampling]``, as :class:`Study` fields."""
    out: dict[str, Any] = {}
    out["published"] = (
        read_published(r, data["published"], arms, outcomes, costs, benefits)
        if "published" in data
        else None
    )
    if "discounting" in data:
        out["discounting"] = read_discounting(r, data["discounting"])
    else:
        needs_discounting(r, outcomes, costs, benefits)
        out["discounting"] = None
    out["research"] = read_research(r, data["research"], parameters) if "research" in data else None
    out["correlations"] = (
        read_correlations(r, data["correlations"], parameters, arms)
        if "correlations" in data
        else None
    )
    out["sampling"] = read_sampling(r, data)
    return out


def _head(r: Reader, head: Mapping[str, Any]) -> dict[str, Any]:
    """``[study]`` but its baseline (read once the arms are known); sets the language."""
    r.keys(
        head,
        "study",
        required=("title", "source", "baseline"),
        optional=(
            "currency",
            "language",
            "description",
            "limits",
            "alternatives",
            "payer",
            "intakes_per_year",
        ),
    )
    r.language = head.get("language", LANGUAGES[0])
    if r.language not in LANGUAGES:
        r.fail("study.language", f"must be one of {', '.join(LANGUAGES)}, got {r.language!r}")
    title = r.text(head["title"], "study.title")
    source = r.text(head["source"], "study.source")
    description = r.optional_text(head, "description", "study")
    limits = head.get("limits", [])
    if not isinstance(limits, list):
        r.fail("study.limits", f"must be an array of texts, got {type_name(limits)}")
    limits = tuple(r.text(item, f"study.limits[{i}]") for i, item in enumerate(limits))
    alternatives = head.get("alternatives", [])
    if not isinstance(alternatives, list):
        r.fail(
            "study.alternatives",
            f"must be an array of config names, got {type_name(alternatives)}",
        )
    alternatives = tuple(
        r.string(name, f"study.alternatives[{i}]") for i, name in enumerate(alternatives)
    )
    return {
        "title": title,
        "source": source,
        "description": description,
        "limits": limits,
        "alternatives": alternatives,
        "currency": r.string(head.get("currency", "EUR"), "study.currency"),
        "intakes_per_year": (
            r.integer(head["intakes_per_year"], "study.intakes_per_year", 1)
            if "intakes_per_year" in head
            else None
        ),
    }


def _run_defaults(r: Reader, data: Mapping[str, Any]) -> tuple[int, int, int | str]:
    """``[run]`` draws and seed and ``[cohort]`` clients (``"expected"`` by default)."""
    run = r.table(data.get("run", {}), "run")
    r.keys(run, "run", optional=("draws", "seed"))
    draws = r.integer(run.get("draws", 100_000), "run.draws", 1, MAX_DRAWS)
    seed = r.integer(run.get("seed", 20200101), "run.seed", 0, MAX_SEED)
    cohort_table = r.table(data.get("cohort", {}), "cohort")
    r.keys(cohort_table, "cohort", optional=("clients",))
    value = cohort_table.get("clients", "expected")
    if value == "expected":
        return draws, seed, "expected"
    if isinstance(value, str):
        r.fail("cohort.clients", f'must be a number of clients or "expected", got {value!r}')
    return draws, seed, r.integer(value, "cohort.clients", 1)


def read_arms(r: Reader, value: Any, categories: tuple[str, ...]) -> tuple[Arm, ...]:
    """``[arms]``: each with its dossier counts per outcome category, or ``relative_to``
    another arm (then it takes that arm's dossiers; its effect is read later)."""
    table = r.table(value, "arms")
    if len(table) < 2:
        r.fail("arms", f"needs at least two arms to compare, got {len(table)}")
    arms = []
    for name, body in table.items():
        path = f"arms.{name}"
        r.name(name, path)
        body = r.table(body, path)
        r.keys(body, path, optional=("dossiers", "label", "relative_to", "effect"))  # either form
        if "relative_to" in body:
            r.keys(body, path, required=("relative_to", "effect"), optional=("label",))
            reference = r.name(body["relative_to"], f"{path}.relative_to")
            label = r.text(body.get("label", name), f"{path}.label")
            arms.append(Arm(name=name, label=label, dossiers={}, relative_to=reference))
            continue
        r.keys(body, path, required=("dossiers",), optional=("label",))
        label = r.text(body.get("label", name), f"{path}.label")
        counts = _dossiers(r, body["dossiers"], f"{path}.dossiers", categories)
        for other in arms:
            if other.label == label:
                r.fail(
                    f"{path}.label",
                    f"{label!r} is already the label of arm {other.name}; "
                    "every arm needs its own label",
                )
        arms.append(Arm(name=name, label=label, dossiers=frozen_mapping(counts)))
    by_name = {a.name: a for a in arms}
    for i, arm in enumerate(arms):
        if arm.relative_to:
            reference = by_name.get(arm.relative_to)
            if reference is None or reference.relative_to:
                r.fail(
                    f"arms.{arm.name}.relative_to",
                    f"{arm.relative_to!r} is not an arm with dossiers "
                    f"({', '.join(a.name for a in arms if not a.relative_to)})",
                )
            arms[i] = dataclasses.replace(arm, dossiers=reference.dossiers)
    return tuple(arms)


def _dossiers(r: Reader, value: Any, path: str, categories: tuple[str, ...]) -> dict[str, int]:
    """An arm's dossier count per outcome category (``arms.NAME.dossiers``)."""
    dossiers = r.table(value, path)
    for key in dossiers:
        if key not in categories:
            r.fail(f"{path}.{key}", f"is not an outcome category ({', '.join(categories)})")
    counts = {}
    for category in categories:
        if category not in dossiers:
            r.fail(f"{path}.{category}", "is required but missing")
        counts[category] = r.integer(dossiers[category], f"{path}.{category}", 0)
    if sum(counts.values()) == 0:
        r.fail(path, "holds no dossiers at all")
    return counts


def _relative_effects(r: Reader, value: Any, arms, outcomes: Outcomes, parameters) -> tuple:
    """The arms with their validated ``effect`` (for arms ``relative_to`` another)."""
    out = []
    for arm in arms:
        if arm.relative_to:
            path = f"arms.{arm.name}.effect"
            body = r.table(value[arm.name]["effect"], path)
            r.keys(body, path, optional=("group", "odds_ratio", "risk_ratio"))
            group = r.name(body.get("group", SUCCESS_GROUP), f"{path}.group")
            if group not in outcomes.groups and group not in outcomes.final_categories:
                r.fail(f"{path}.group", f"{group!r} is not a group or final category")
            measures = [m for m in ("odds_ratio", "risk_ratio") if m in body]
            if len(measures) != 1:
                r.fail(path, "needs exactly one of odds_ratio and risk_ratio")
            ratio = r.name(body[measures[0]], f"{path}.{measures[0]}")
            param = parameters.get(ratio)
            if param is None or not param.shared or param.components is not None:
                r.fail(f"{path}.{measures[0]}", f"{ratio!r} is not a shared scalar parameter")
            if param.distribution.support()[0] < 0:
                r.fail(f"{path}.{measures[0]}", f"{ratio!r} can be negative; a ratio cannot")
            arm = dataclasses.replace(arm, effect=RelativeEffect(group, measures[0], ratio))
        out.append(arm)
    return tuple(out)


def _warn_unused(r: Reader, study: Study) -> None:
    """Warn about each parameter that no term, resolution or relative effect uses: a
    typo in a reference, or an input the model silently ignores."""
    used = {res.probability for res in study.outcomes.resolutions} | {OUTCOME_SHARES}
    used.update(arm.effect.parameter for arm in study.arms if arm.effect is not None)
    for item in (*study.costs, *study.benefits):
        used.update(ref.partition(".")[0] for term in item.terms for ref in term.params)
    for name in study.parameters:
        if name not in used:
            warnings.warn(
                UnusedParameterWarning(
                    f"{r.origin}: parameters.{name}: is defined but no cost, benefit, "
                    "resolution or relative effect uses it"
                ),
                stacklevel=2,
            )


def _list(arms) -> str:
    return ", ".join(a.name for a in arms)
