"""Property-based test (issue 7, item 6): any mutant of a valid config either runs, exit 0
with finite results, or is refused, exit 2 with one line, no traceback and nothing written.

Mutants change types, signs and magnitudes across ±1e308, drop and add keys and rename
references. Hypothesis runs derandomized with a fixed number of examples, so CI sees the
same mutants every time and the test stays well within a minute.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mkba_mc.cli import main
from mkba_mc.config import embedded_config
from mkba_mc.results import open_run

BASES = {
    name: tomllib.loads(embedded_config(name))
    for name in ("regioplan2020.toml", "regioplan2020_discounted.toml")
}
# a third arm relative to another (odds ratio), written as a difference (extends)
BASES["aftercare.toml"] = tomllib.loads(
    (Path(__file__).parent / "data" / "aftercare.toml").read_text(encoding="utf-8")
)
MAGNITUDES = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e-308, -1e-308, 1e12, -1e12, 1e15, 1e100]
MAGNITUDES += [1e308, -1e308, 1.7976931348623157e308, math.inf, -math.inf, math.nan]
INTEGERS = [0, -1, 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**64), 10**30]
NUMBER = st.one_of(
    st.sampled_from(MAGNITUDES),
    st.sampled_from(INTEGERS),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-2.0, max_value=2.0),
)
OTHER_VALUE = st.one_of(
    st.text(max_size=12),
    st.booleans(),
    st.builds(list),  # a new empty array each time: a later mutation may fill it
    st.builds(dict),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.sampled_from(["a", "mean", "dist"]), st.integers(0, 3), max_size=2),
)
FORMS = [
    ("fixed", ("value",)),
    ("uniform", ("low", "high")),
    ("triangular", ("low", "mode", "high")),
    ("pert", ("low", "mode", "high", "shape")),
    ("normal", ("mean", "sd", "low", "high")),
    ("normal", ("mean", "cv")),
    ("lognormal", ("mu", "sigma")),
    ("lognormal", ("mean", "cv")),
    ("gamma", ("shape", "scale")),
    ("gamma", ("mean", "cv")),
    ("beta", ("a", "b")),
    ("beta", ("mean", "n")),
]
NEW_KEY = st.sampled_from(["extra", "mean", "cv", "dist", "low", "high", "factor", "label"])

Path_ = tuple[Any, ...]


def _leaves(node: Any, path: Path_ = ()) -> list[Path_]:
    """Every path in the parsed config, tables and arrays included."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _leaves(child, (*path, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            found += _leaves(child, (*path, i))
    return found


def _names(node: Any) -> list[str]:
    """Every string in the config that is a valid name: candidates for renamed references."""
    if isinstance(node, dict):
        return [n for v in node.values() for n in _names(v)]
    if isinstance(node, list):
        return [n for v in node for n in _names(v)]
    return [node] if isinstance(node, str) and re.fullmatch(r"[A-Za-z]\w*(\.\w+)?", node) else []


def _parent(doc: Any, path: Path_):
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node


@st.composite
def mutants(draw) -> dict:
    """A base config with one to three mutations."""
    doc = json.loads(json.dumps(BASES[draw(st.sampled_from(sorted(BASES)))]))
    for _ in range(draw(st.integers(1, 3))):
        paths = _leaves(doc)
        path = paths[draw(st.integers(0, len(paths) - 1))]
        parent, key = _parent(doc, path), path[-1]
        kind = draw(
            st.sampled_from(["number", "sign", "type", "drop", "add", "rename", "distribution"])
        )
        value = parent[key]
        if kind == "number":
            parent[key] = draw(NUMBER)
        elif kind == "sign" and isinstance(value, int | float) and not isinstance(value, bool):
            parent[key] = -value
        elif kind == "type":
            parent[key] = draw(OTHER_VALUE)
        elif kind == "drop":
            del parent[key]
        elif kind == "add" and isinstance(value, dict):
            value[draw(NEW_KEY)] = draw(st.one_of(NUMBER, OTHER_VALUE))
        elif kind == "rename" and isinstance(value, str):
            names = _names(doc)
            parent[key] = draw(st.sampled_from([*names, value + "x", value[:-1] or "y"]))
        elif kind == "distribution" and isinstance(doc.get("parameters"), dict):
            # a shared parameter gets another family and numbers
            shared = [b for b in doc["parameters"].values() if isinstance(b, dict) and "dist" in b]
            if not shared:
                continue
            body = draw(st.sampled_from(shared))
            for dist_key in [k for k in body if k not in ("unit", "source", "label", "group")]:
                del body[dist_key]
            family, keys = draw(st.sampled_from(FORMS))
            body["dist"] = family
            for dist_key in keys:
                body[dist_key] = draw(NUMBER)
    return doc


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            repr(value)
            if math.isfinite(value)
            else {"inf": "inf", "-inf": "-inf"}.get(repr(value), "nan")
        )
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return (
        "{ " + ", ".join(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    )


def _toml_string(text: str) -> str:
    escaped = json.dumps(text, ensure_ascii=False)
    escaped = escaped.replace("\x7f", "\\u007f")
    return re.sub(  # TOML has no surrogates: lone ones become the replacement character
        r"[\ud800-\udfff]", "\ufffd", escaped
    )


def to_toml(doc: dict) -> str:
    """The document as TOML: every top-level key as one line, tables inline."""
    return "\n".join(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in doc.items()) + "\n"


def test_the_toml_writer_round_trips_the_base_configs():
    for doc in BASES.values():
        assert tomllib.loads(to_toml(doc)) == doc


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.slow
@given(mutants())
def test_a_mutant_runs_finite_or_is_refused_in_one_line(doc):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = folder / "mutant.toml"
        config.write_text(to_toml(doc), encoding="utf-8")
        out_dir = folder / "results"
        stdout, stderr = io.StringIO(), io.StringIO()
        args = ["run", str(config), "--draws", "300", "--seed", "1", "--quiet"]
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main([*args, "--out", str(out_dir)])
        out, err = stdout.getvalue(), stderr.getvalue()
        assert "Traceback" not in err
        assert code in (0, 2), err
        event(f"exit {code}")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(["validate", str(config)]) == code, "validate answers as run does"
        if code == 2:
            errors = [line for line in err.splitlines() if not line.startswith("mkba-mc: warning:")]
            assert len(errors) == 1 and errors[0].startswith("mkba-mc: error: "), err
            assert out == ""
            assert sorted(p.name for p in folder.iterdir()) == ["mutant.toml"], "nothing written"
        else:
            for line in out.splitlines():  # n/a only for a ratio without costs
                assert not re.search(r"\b(nan|inf)\b", line, flags=re.IGNORECASE), line
                assert "n/a" not in line or "benefit-cost ratio" in line, line
            with open_run(out_dir) as ds:
                for name in ("investment", "total_benefit", "balance", "benefit_by_stakeholder"):
                    assert np.isfinite(ds[name].values).all(), name
