"""Assumption sets as differences: ``extends``, ``remove`` and ``--set`` overrides.

The shipped alternative sets are short differences from the default; each must resolve to
exactly what its full copy (kept in tests/data/full_sets/, as shipped before the rewrite)
defines, and simulate bit-identically.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mkba_mc as mm
from mkba_mc.assumptions import merge, parse_override, resolve
from mkba_mc.cli import main
from mkba_mc.config import ConfigError, config_hash, embedded_config, load_study, parse_study
from mkba_mc.diff import diff_studies
from mkba_mc.results import open_run

FULL = Path(__file__).parent / "data" / "full_sets"
SETS = ["literature", "optimistic", "pooled", "noshows", "discounted"]


# Texts for readers that the shipped sets gained after the full copies were frozen: the
# study's description and limits, and translations of labels into Dutch.
READER_TEXTS = ("description", "limits", "translations")


def _same_study(a, b) -> None:
    """Every field but the text, origin, the order of cost components and the texts for
    readers is equal."""
    for field in dataclasses.fields(a):
        if field.name in ("text", "origin", "costs", *READER_TEXTS):
            continue
        assert getattr(a, field.name) == getattr(b, field.name), field.name
    assert {c.name: c for c in a.costs} == {c.name: c for c in b.costs}


@pytest.fixture
def folder(tmp_path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --------------------------------------------------------------------------- shipped sets


def _short_against_frozen_default(name: str, folder: Path):
    """The shipped short set, resolved against the default as it was when the full copies
    were made (tests/data/full_sets/regioplan2020.toml, found next to it first)."""
    (folder / "regioplan2020.toml").write_text(
        (FULL / "regioplan2020.toml").read_text("utf-8"), encoding="utf-8"
    )
    path = folder / f"regioplan2020_{name}.toml"
    path.write_text(embedded_config(f"regioplan2020_{name}.toml"), encoding="utf-8")
    return load_study(path)


def _full(name: str):
    return parse_study((FULL / f"regioplan2020_{name}.toml").read_text("utf-8"), origin=name)


@pytest.mark.parametrize("name", SETS)
def test_shipped_set_is_short_and_resolves_to_its_full_copy(name, tmp_path):
    text = embedded_config(f"regioplan2020_{name}.toml")
    assert len(text.splitlines()) < 40
    assert 'extends = "regioplan2020.toml"' in text
    _same_study(_short_against_frozen_default(name, tmp_path), _full(name))


@pytest.mark.parametrize("name", SETS)
def test_shipped_set_changes_todays_default_as_its_full_copy_changed_the_old(name):
    """A set is a difference: against today's default it changes the same inputs and
    settings to the same values as its full copy changed the old default (A's side may
    differ where the default itself has changed since)."""
    old = diff_studies(parse_study((FULL / "regioplan2020.toml").read_text("utf-8")), _full(name))
    new = diff_studies(mm.load_study(), parse_study(embedded_config(f"regioplan2020_{name}.toml")))
    columns = ["input", "arm", "component", "dist_b", "mean_b", "low_b", "high_b"]
    pd.testing.assert_frame_equal(old.inputs[columns], new.inputs[columns])
    pd.testing.assert_frame_equal(
        old.settings[["key", "b"]].sort_values("key", ignore_index=True),
        new.settings[["key", "b"]].sort_values("key", ignore_index=True),
    )


@pytest.mark.parametrize("name", ["literature", "pooled", "noshows"])
def test_shipped_set_draws_bit_identically_to_its_full_copy(name, tmp_path):
    short, full = _short_against_frozen_default(name, tmp_path), _full(name)
    a = mm.simulate(short, draws=3000, seed=5)
    b = mm.simulate(full, draws=3000, seed=5)
    reordered = list(a["component"].values) != list(b["component"].values)
    b = b.sel(component=a["component"].values)
    inputs = [v for v in a.data_vars if v.startswith("param_")]
    assert set(inputs) == {v for v in b.data_vars if v.startswith("param_")}
    for var in ("benefit", "cost", *inputs):
        np.testing.assert_array_equal(a[var].values, b[var].values, err_msg=var)
    for var in ("balance", "investment", "total_benefit"):
        if reordered:  # the no-show cost now comes last: the same terms, summed in another order
            np.testing.assert_allclose(a[var].values, b[var].values, rtol=1e-12, atol=1e-9)
        else:
            np.testing.assert_array_equal(a[var].values, b[var].values, err_msg=var)


def test_shipped_set_on_disk_extends_its_neighbour():
    configs = Path(__file__).parents[1] / "configs"
    study = load_study(configs / "regioplan2020_literature.toml")
    assert "extends regioplan2020.toml" in study.text
    assert "extends" not in parse_study(study.text).text.split("\n\n", 1)[1]


# --------------------------------------------------------------------------- merge rules


def test_tables_merge_key_by_key_and_values_replace():
    parent = {"a": {"x": 1, "y": [1, 2], "t": {"p": 1, "q": 2}}, "b": 3}
    child = {"a": {"y": [9], "t": {"q": 5}, "z": True}}
    merged = merge(parent, child)
    assert merged == {"a": {"x": 1, "y": [9], "t": {"p": 1, "q": 5}, "z": True}, "b": 3}
    assert parent["a"]["t"] == {"p": 1, "q": 2}  # the parent is not changed


def test_a_new_distribution_replaces_the_parents_and_keeps_descriptive_keys():
    parent = {
        "parameters": {
            "p": {"unit": "months", "label": "L", "source": "old", "dist": "fixed", "value": 4},
            "q": {"unit": "share", "source": "s", "arms": {"A": {"dist": "fixed", "value": 1}}},
        }
    }
    child = {
        "parameters": {
            "p": {"source": "new", "dist": "uniform", "low": 4, "high": 12},
            "q": {"label": "Q"},
        }
    }
    merged = merge(parent, child)["parameters"]
    assert merged["p"] == {
        "unit": "months",
        "label": "L",
        "source": "new",
        "dist": "uniform",
        "low": 4,
        "high": 12,
    }
    assert merged["q"]["label"] == "Q" and merged["q"]["arms"] == parent["parameters"]["q"]["arms"]
    with pytest.raises(ConfigError, match=r"child: parameters.p.source: a new distribution"):
        merge(parent, {"parameters": {"p": {"dist": "fixed", "value": 6}}}, origin="child")


def test_an_amended_fixed_value_and_a_timing_need_no_repetition(folder):
    path = folder(
        "six.toml",
        'extends = "regioplan2020.toml"\n'
        "[parameters.months_earlier_exit]\nvalue = 6\n"
        '[discounting]\nrate = 0.0\nsource = "none"\n'
        "[costs.settlement]\ntiming = { start = 1, years = 0 }\n",
    )
    study = load_study(path)
    default = mm.load_study()
    assert study.parameters["months_earlier_exit"].distribution.value == 6
    assert study.parameters["months_earlier_exit"].source == (
        default.parameters["months_earlier_exit"].source
    )
    settlement = next(c for c in study.costs if c.name == "settlement")
    assert settlement.timing.start == 1
    assert settlement.terms == next(c for c in default.costs if c.name == "settlement").terms


def test_chains_remove_and_the_resolved_text_reproduce_without_parents(folder):
    folder(
        "a.toml",
        'extends = "regioplan2020_noshows.toml"\n[study]\ntitle = "A"\n'
        "[parameters.staff_cost_per_hour]\nvalue = 1\n"
        'source = "ASSUMPTION: a fixed euro"\ndist = "fixed"\n',
    )
    b = folder(
        "b.toml",
        '# My set B.\nextends = "a.toml"\nremove = ["costs.noshow_contacts",'
        ' "parameters.noshows_per_client", "parameters.contact_hours_per_noshow",'
        ' "parameters.staff_cost_per_hour"]\n[study]\ntitle = "B"\n',
    )
    study = load_study(b)
    assert study.title == "B"
    assert "noshow_contacts" not in {c.name for c in study.costs}
    assert "staff_cost_per_hour" not in study.parameters
    assert study.text.startswith("# My set B.\n")
    assert "extends a.toml; extends regioplan2020_noshows.toml; extends regioplan2020.toml" in (
        study.text
    )
    # the resolved text needs no parent: moved elsewhere it defines the same study
    copy = parse_study(study.text, origin="copy")
    _same_study(copy, study)
    assert copy.text == study.text
    default = mm.load_study()
    _same_study(dataclasses.replace(study, title=default.title), default)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.toml": 'extends = "b.toml"\n', "b.toml": 'extends = "a.toml"\n'}, "a cycle"),
        ({"a.toml": 'extends = "a.toml"\n'}, "a cycle"),
        ({"a.toml": 'extends = "nowhere.toml"\n'}, "no config 'nowhere.toml' next to it"),
        ({"a.toml": "extends = 3\n"}, "extends: must be the name of a config file"),
        (
            {"a.toml": 'extends = "regioplan2020.toml"\nremove = ["costs.nothing"]\n'},
            "remove: 'costs.nothing' is not in regioplan2020.toml",
        ),
        ({"a.toml": 'remove = ["costs.intake"]\n'}, "remove: needs extends"),
        (
            {"a.toml": 'extends = "regioplan2020.toml"\n[parameters.nope]\nvalue = 1\n'},
            "parameters.nope",
        ),
    ],
)
def test_bad_extends_exit_2_in_one_line(files, message, tmp_path, capsys):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_study(tmp_path / "a.toml")
    assert main(["validate", str(tmp_path / "a.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


# --------------------------------------------------------------------------- --set


def test_overrides_parse_toml_values_only():
    assert parse_override("a.b=6").value == 6
    assert parse_override('a.b="six"').value == "six"
    assert parse_override("a.b={ low = 4, high = 12 }").value == {"low": 4, "high": 12}
    for bad in ("a.b", "=6", "a..b=1", "a.b=six", "a.b=__import__('os')"):
        with pytest.raises(ConfigError, match=r"^--set "):
            parse_override(bad)


def test_overrides_change_the_study_and_are_recorded():
    study = load_study(None, ["parameters.months_earlier_exit.value=6", "run.seed=7"])
    assert study.parameters["months_earlier_exit"].distribution.value == 6
    assert study.seed == 7
    assert study.overrides == ("parameters.months_earlier_exit.value=6", "run.seed=7")
    assert "# Resolved by mkba-mc: --set parameters.months_earlier_exit.value=6" in study.text
    ds = mm.simulate(study, draws=500)
    assert ds.attrs["config_overrides"] == "parameters.months_earlier_exit.value=6\nrun.seed=7"
    assert ds.attrs["config_hash"] == config_hash(study.text)
    base = mm.simulate(mm.load_study(), draws=500, seed=7)
    shorter = ds["benefit"].sel(stream="shorter_pw") / base["benefit"].sel(stream="shorter_pw")
    np.testing.assert_allclose(shorter, 6 / 4, rtol=1e-12)
    np.testing.assert_array_equal(ds["investment"], base["investment"])


def test_without_extends_or_overrides_the_text_is_kept():
    text = embedded_config()
    data, resolved = resolve({"study": {}}, text, "x")
    assert resolved == text and data == {"study": {}}
    assert mm.load_study().text == text


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("parameters.exit_share.a=-1", "--set parameters.exit_share.a: "),
        (
            'parameters.exit_share.dist="uniform"',
            "--set parameters.exit_share.dist: parameters.exit_share.a: unknown key",
        ),
        ("parameters.months_earlier_exit.valu=6", "--set parameters.months_earlier_exit.valu: "),
        ("parameters.months_earlier_exit.value.x=6", "parameters.months_earlier_exit.value is a"),
        ("run.draws=0", "--set run.draws: must be at least 1"),
        ("study.title=six", "is not a TOML value"),
    ],
)
def test_bad_override_exits_2_naming_set(override, message, capsys, tmp_path):
    out = tmp_path / "out"
    assert main(["run", "--draws", "200", "--out", str(out), "--set", override]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not out.exists()


def test_cli_set_on_run_compare_and_report(tmp_path, capsys):
    out = tmp_path / "run"
    months = "parameters.months_earlier_exit.value=8"
    assert main(["run", "--draws", "400", "--out", str(out), "--set", months, "--quiet"]) == 0
    assert f"with --set {months}" in capsys.readouterr().out
    metadata = json.loads((out / "metadata.json").read_text("utf-8"))
    assert metadata["config_overrides"] == months
    stored = (out / "config.toml").read_text("utf-8")
    assert parse_study(stored).parameters["months_earlier_exit"].distribution.value == 8
    with open_run(out) as ds:
        assert ds.attrs["config"] == stored
    lit = Path(__file__).parents[1] / "configs" / "regioplan2020_literature.toml"
    assert main(["compare", str(lit), "--draws", "400", "--set", "run.seed=3", "--quiet"]) == 0
    assert main(["report", str(out), "--set", months]) == 2
    assert "--set apply when the report runs a config" in capsys.readouterr().err


def test_cli_set_on_sensitivity_is_recorded(tmp_path, capsys):
    out = tmp_path / "sens"
    months = "parameters.months_earlier_exit.value=6"
    args = ["sensitivity", "--method", "threshold", "--draws", "1024", "--quiet"]
    assert main([*args, "--set", months, "--out", str(out)]) == 0
    metadata = json.loads((out / "metadata.json").read_text("utf-8"))
    assert metadata["config_overrides"] == [months]
    assert metadata["config_hash"] == config_hash(load_study(None, [months]).text)
    capsys.readouterr()
