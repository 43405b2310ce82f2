"""The command line end to end, in temporary folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mkba_mc.analysis import summarize
from mkba_mc.cli import main
from mkba_mc.config import DEFAULT_STUDY, embedded_config, load_study
from mkba_mc.results import open_run
from mkba_mc.simulation import simulate


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_default_study_prints_the_answer(capsys):
    code, out, err = run_cli(capsys, "run", "--draws", 4000, "--seed", 11)
    assert code == 0, err
    assert "FIG-route (FIG, baseline)" in out
    assert "P(Klantreis beats FIG-route) = " in out
    assert "P(balance > 0) = " in out
    # The printed probability is the one the API computes for the same run.
    ds = simulate(load_study(), draws=4000, seed=11)
    p = float((ds["balance"].sel(arm="KR") > ds["balance"].sel(arm="FIG")).mean())
    assert f"P(Klantreis beats FIG-route) = {100 * p:.1f}%" in out


def test_run_quiet_prints_the_answer_only(capsys):
    """--quiet: the same answer, without the bridge and the risk view (their lines are
    the tail of the full output)."""
    code, full, err = run_cli(capsys, "run", "--draws", 4000, "--seed", 11)
    assert code == 0, err
    code, quiet, err = run_cli(capsys, "run", "--draws", 4000, "--seed", 11, "--quiet")
    assert code == 0, err
    assert full.startswith(quiet.rstrip("\n"))
    assert "the study's balance to the simulation's mean" in full
    assert "the study's balance to the simulation's mean" not in quiet
    assert "value-at-risk" in full and "value-at-risk" not in quiet


def test_run_writes_results_and_refuses_to_overwrite(capsys, tmp_path):
    out_dir = tmp_path / "res"
    code, out, err = run_cli(
        capsys, "run", "--draws", 3000, "--seed", 2, "--cohort", "expected", "--out", out_dir
    )
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == [
        ".mkba-mc.json",
        "config.toml",
        "metadata.json",
        "results.zarr",
        "results.zarr.sha256",
        "summary-nl.csv",
        "summary.csv",
        "summary.xlsx",
    ]
    with open_run(out_dir) as ds:
        assert ds.sizes["draw"] == 3000 and ds.attrs["cohort"] == "expected"
        table = summarize(ds)
    # summary.csv is rounded for reading (tests/test_formats.py); the full precision is in
    # summary.xlsx
    written = pd.read_csv(out_dir / "summary.csv", encoding="utf-8-sig", keep_default_na=False)
    digits = np.where(table["measure"] == "bcr", 2, 0)
    rounded = [round(x, d) for x, d in zip(table["mean"], digits, strict=True)]
    assert written["mean"].tolist() == rounded
    sheet = openpyxl.load_workbook(out_dir / "summary.xlsx")["Summary"]
    full = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    np.testing.assert_allclose(full, table["mean"], rtol=1e-12)
    metadata = json.loads((out_dir / "metadata.json").read_text())
    assert metadata["seed"] == 2 and metadata["draws"] == 3000
    assert (out_dir / "config.toml").read_text() == embedded_config(DEFAULT_STUDY)

    chunk = out_dir / "results.zarr" / "balance" / "0.0"
    before = chunk.read_bytes()
    code, out, err = run_cli(capsys, "run", "--draws", 1000, "--out", out_dir)
    assert code == 2 and "already exists" in err and "--force" in err
    assert chunk.read_bytes() == before

    code, out, err = run_cli(capsys, "run", "--draws", 1000, "--out", out_dir, "--force", "--quiet")
    assert code == 0, err
    with open_run(out_dir) as ds:
        assert ds.sizes["draw"] == 1000
    assert [p.name for p in tmp_path.iterdir()] == ["res"], "no temporary folders left behind"


def test_bad_config_exits_2_with_one_line_and_writes_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        embedded_config(DEFAULT_STUDY).replace("mean = 0.85\nn = 100", "mean = 1.5\nn = 100")
    )
    out_dir = tmp_path / "out"
    code, out, err = run_cli(capsys, "run", bad, "--out", out_dir)
    assert code == 2
    assert err.strip().count("\n") == 0
    assert f"{bad}: parameters.settlement_success.mean: must lie strictly between 0 and 1" in err
    assert not out_dir.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "--draws", "0"], "--draws: must be at least 1"),
        (["run", "--draws", "ten"], "--draws: must be a whole number"),
        (["run", "--seed", "-3"], "--seed: must not be negative"),
        (["run", "--cohort", "many"], "--cohort: must be a number of clients or 'expected'"),
        (["run", "missing.toml"], "missing.toml: no such file"),
        (["frobnicate"], "invalid choice"),
        (["validate"], "the following arguments are required: config"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, args, fragment):
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert err.strip().count("\n") == 0
    assert fragment in err


def test_replicate_matches_every_row(capsys):
    code, out, err = run_cli(capsys, "replicate")
    assert code == 0, err
    assert "DIFFERS" not in out
    assert "Erratum:" in out and "leave out re-integration avoided" in out
    assert "€22,738" in out and "€−231" in out


def test_replicate_json(capsys):
    code, out, err = run_cli(capsys, "replicate", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["all_match"] is True
    rows = {(r["arm"], r["item"]): r for r in data["rows"] if r["table"] in ("benefits", "totals")}
    assert abs(rows[("KR", "shorter_pw")]["model_total"] - 22738) < 1
    assert len(data["erratum"]) == 2


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_replicate_json_speaks_the_language_asked_for(capsys, lang):
    """The title, the source and the erratum of ``--json`` follow ``--lang``, as the text does."""
    from mkba_mc.config import POINT_STUDY, embedded_config, parse_study

    study = parse_study(embedded_config(POINT_STUDY))
    code, out, err = run_cli(capsys, "replicate", "--json", "--lang", lang)
    assert code == 0, err
    data = json.loads(out)
    assert data["lang"] == lang
    assert data["study"] == study.translate(study.title, lang)
    assert data["source"] == study.translate(study.published.source, lang)
    dutch = {"en": False, "nl": True}[lang]
    assert ("puntreplicatie" in data["study"]) is dutch
    assert ("tabellen" in data["source"]) is dutch
    assert ("gepubliceerde totale baten" in data["erratum"][0]) is dutch


def test_replicate_without_published_is_bad_input(capsys):
    code, out, err = run_cli(
        capsys, "replicate", Path(__file__).parent / "configs" / "three_arms.toml"
    )
    assert code == 2 and "published: is required" in err


def test_validate_shows_the_study(capsys):
    code, out, err = run_cli(
        capsys, "validate", Path(__file__).parents[1] / "configs" / DEFAULT_STUDY
    )
    assert code == 0, err
    assert ": valid" in out
    assert "months_earlier_exit" in out and "fixed 4" in out
    assert "[homelessness]" in out and "Police and justice (politie) 50%" in out


@pytest.mark.parametrize("lang, rate", [("en", "2.25%"), ("nl", "2,25%")])
def test_validate_shows_the_discount_rate_as_written(capsys, lang, rate):
    config = Path(__file__).parents[1] / "configs" / "regioplan2020_discounted.toml"
    code, out, err = run_cli(capsys, "validate", config, "--lang", lang)
    assert code == 0, err
    assert f": {rate} " in out


def test_console_script_end_to_end(tmp_path):
    """The installed entry point: exit codes and no traceback on bad input."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    exe = [sys.executable, "-m", "mkba_mc.cli"]
    ok = subprocess.run(
        [*exe, "run", "--draws", "2000", "--quiet"], capture_output=True, text=True, env=env
    )
    assert ok.returncode == 0, ok.stderr
    assert "P(Klantreis beats FIG-route)" in ok.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("[study\n")
    fail = subprocess.run([*exe, "validate", str(bad)], capture_output=True, text=True, env=env)
    assert fail.returncode == 2
    assert "Traceback" not in fail.stderr and fail.stderr.count("\n") == 1
    assert "invalid TOML" in fail.stderr


def test_results_folder_has_ordinary_permissions(capsys, tmp_path):
    old = os.umask(0o022)
    try:
        code, out, err = run_cli(
            capsys, "run", "--draws", 500, "--quiet", "--out", tmp_path / "res"
        )
    finally:
        os.umask(old)
    assert code == 0, err
    assert (tmp_path / "res").stat().st_mode & 0o777 == 0o755
