"""How the study is sampled and what more research would cost: ``[sampling]``,
``[correlations]`` (rank correlations between uncertain inputs) and ``[research]``
(a proposed study of more dossiers, for the expected value of sample information)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..spec import Correlations, Parameter, Research, frozen_mapping
from .reader import Reader

__all__ = ["read_correlations", "read_research", "read_sampling"]

_SAMPLING_METHODS = ("random", "lhs", "sobol")


def read_sampling(r: Reader, data: Mapping[str, Any]) -> str:
    """``[sampling] method``: random (the default), lhs or sobol."""
    sampling = r.table(data.get("sampling", {}), "sampling")
    r.keys(sampling, "sampling", optional=("method",))
    method = r.string(sampling.get("method", "random"), "sampling.method")
    if method not in _SAMPLING_METHODS:
        r.fail("sampling.method", f"must be random, lhs or sobol, got {method!r}")
    return method


def read_correlations(r: Reader, value: Any, parameters, arms) -> Correlations:
    """``[correlations]``: ``pairs = [["a", "b", rho], ...]`` or ``names`` and
    ``matrix``; each name a scalar uncertain input, ``name`` or ``name.ARM``."""
    from ..correlation import check_matrix  # the copula's own checks

    table = r.table(value, "correlations")
    r.keys(table, "correlations", optional=("pairs", "names", "matrix"))
    if ("pairs" in table) == ("names" in table or "matrix" in table):
        r.fail("correlations", "give either pairs, or names and matrix")
    arm_names = [a.name for a in arms]
    if "pairs" in table:
        inputs, matrix = _pairs(r, table["pairs"], parameters, arm_names)
    else:
        inputs, matrix = _matrix(r, table, parameters, arm_names)
    labels = [name if arm is None else f"{name}.{arm}" for name, arm in inputs]
    problem = check_matrix(matrix, labels)
    if problem is not None:
        r.fail("correlations", problem)
    return Correlations(tuple(inputs), tuple(tuple(row) for row in matrix))


def _scalar_input(
    r: Reader, ref: Any, path: str, parameters, arm_names: list[str]
) -> tuple[str, str | None]:
    """A correlated input: an uncertain scalar parameter and, when per arm, its arm."""
    ref = r.string(ref, path)
    name, _, arm = ref.partition(".")
    param = parameters.get(name)
    if param is None:
        r.fail(path, f"{name!r} is not a parameter of the study")
    if param.components is not None:
        r.fail(path, f"{name!r} is a vector of shares, not a scalar input")
    if param.shared and arm:
        r.fail(path, f"{name!r} is shared by all arms; name it without an arm")
    if not param.shared:
        if arm not in arm_names or arm not in param.per_arm or arm in param.same_draw:
            r.fail(path, f"name the arm of {name!r} with its own draw: {name}.ARM")
    if param.for_arm(arm).is_fixed:
        r.fail(path, f"{ref!r} is fixed; only uncertain inputs can be correlated")
    return (name, arm or None)


def _pairs(r: Reader, pairs: Any, parameters, arm_names) -> tuple[list, list[list[float]]]:
    """``correlations.pairs``: the inputs in order of appearance and their matrix."""
    if not isinstance(pairs, list) or not pairs:
        r.fail("correlations.pairs", "must be a non-empty array of [a, b, rho]")
    inputs: list[tuple[str, str | None]] = []
    entries = []
    for i, pair in enumerate(pairs):
        path = f"correlations.pairs[{i}]"
        if not isinstance(pair, list) or len(pair) != 3:
            r.fail(path, 'must be ["input a", "input b", rank correlation]')
        a = _scalar_input(r, pair[0], f"{path}[0]", parameters, arm_names)
        b = _scalar_input(r, pair[1], f"{path}[1]", parameters, arm_names)
        if a == b:
            r.fail(path, "correlates an input with itself")
        rho = r.number(pair[2], f"{path}[2]")
        for x in (a, b):
            if x not in inputs:
                inputs.append(x)
        entries.append((inputs.index(a), inputs.index(b), rho, path))
    matrix = [[float(i == j) for j in range(len(inputs))] for i in range(len(inputs))]
    for i, j, rho, path in entries:
        if matrix[i][j] != 0.0:
            r.fail(path, "gives the correlation of this pair a second time")
        matrix[i][j] = matrix[j][i] = rho
    return inputs, matrix


def _matrix(r: Reader, table, parameters, arm_names) -> tuple[list, list[list[float]]]:
    """``correlations.names`` and ``correlations.matrix``."""
    names = table.get("names")
    if not isinstance(names, list) or len(names) < 2:
        r.fail("correlations.names", "must list at least two inputs")
    inputs = [
        _scalar_input(r, n, f"correlations.names[{i}]", parameters, arm_names)
        for i, n in enumerate(names)
    ]
    if len(set(inputs)) != len(inputs):
        r.fail("correlations.names", "names an input twice")
    matrix = table.get("matrix")
    k = len(inputs)
    if (
        not isinstance(matrix, list)
        or len(matrix) != k
        or not all(isinstance(row, list) and len(row) == k for row in matrix)
    ):
        r.fail("correlations.matrix", f"must be a {k} x {k} array of numbers")
    return inputs, [
        [r.number(x, f"correlations.matrix[{i}][{j}]") for j, x in enumerate(row)]
        for i, row in enumerate(matrix)
    ]


def read_research(r: Reader, value: Any, parameters: Mapping[str, Parameter]) -> Research:
    """The ``[research]`` table: a proposed study of more dossiers and its cost."""
    table = r.table(value, "research")
    r.keys(
        table,
        "research",
        required=(
            "fixed_cost",
            "cost_per_dossier",
            "horizon_years",
            "intakes_per_year",
            "parameters",
            "source",
        ),
        optional=("among",),
    )
    amounts = {}
    for key in ("fixed_cost", "cost_per_dossier", "horizon_years", "intakes_per_year"):
        amounts[key] = r.number(table[key], f"research.{key}")
        positive = key in ("horizon_years", "intakes_per_year")
        if amounts[key] < 0 or (positive and amounts[key] == 0):
            r.fail(f"research.{key}", f"must be {'positive' if positive else 'at least 0'}")
    observed = r.names(table["parameters"], "research.parameters")
    families = {}
    for i, name in enumerate(observed):
        path = f"research.parameters[{i}]"
        if name not in parameters:
            r.fail(path, f"{name!r} is not a parameter of the study")
        found = {d.family for d in parameters[name].distributions()} - {"fixed"}
        if len(found) > 1 or not found <= {"beta", "dirichlet"}:
            r.fail(
                path,
                f"{name!r} must have a Beta or Dirichlet distribution (or be fixed) to be "
                "observed in new dossiers",
            )
        families[name] = found.pop() if found else "fixed"
    return Research(
        **amounts,
        parameters=observed,
        among=_among(r, table, observed, families, parameters),
        source=r.string(table["source"], "research.source"),
    )


def _among(r: Reader, table, observed, families, parameters) -> Mapping[str, str]:
    """``research.among``: a share observed only among the clients of another share."""
    among_table = r.table(table.get("among", {}), "research.among")
    among = {}
    for name, parent in among_table.items():
        path = f"research.among.{name}"
        if name not in observed:
            r.fail(path, f"{name!r} is not one of research.parameters")
        parent = r.name(parent, path)
        scalar = parent in observed and parameters[parent].components is None
        if not scalar or families[parent] == "dirichlet" or parent in among_table:
            r.fail(
                path,
                f"{parent!r} must be a share (Beta or fixed) of research.parameters "
                "observed in every dossier",
            )
        among[name] = parent
    return frozen_mapping(among)
