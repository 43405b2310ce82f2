"""``mkba-mc sensitivity`` end to end, in temporary folders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mkba_mc.cli import main
from mkba_mc.config import POINT_STUDY, embedded_config, load_study
from mkba_mc.sensitivity import thresholds, tornado
from mkba_mc.simulation import simulate
from mkba_mc.voi import evppi

DRAWS = 2048
SEED = 17


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("sens") / "out"
    code = main(
        [
            "sensitivity",
            "--method",
            "all",
            "--draws",
            str(DRAWS),
            "--seed",
            str(SEED),
            "--wtp",
            "0",
            "2500",
            "--out",
            str(out_dir),
        ]
    )
    assert code == 0
    return out_dir


def test_all_methods_write_tables_figures_and_metadata(written):
    names = sorted(p.name for p in written.iterdir())
    assert names == sorted(
        [
            ".mkba-mc.json",
            "enbs.png",
            "evppi-lambda.png",
            "evppi.csv",
            "evppi.png",
            "evppi_fit.csv",
            "evppi_lambda.csv",
            "evsi.csv",
            "evsi_limit.csv",
            "evsi_optimum.csv",
            "metadata.json",
            "rank.csv",
            "rank_groups.csv",
            "sobol-KR.png",
            "sobol-groups-KR.png",
            "sobol.csv",
            "thresholds.csv",
            "tornado-KR.png",
            "tornado.csv",
        ]
    )
    assert not [p for p in written.parent.iterdir() if p.name.startswith(".")]  # no temporary left
    metadata = json.loads((written / "metadata.json").read_text())
    assert metadata["seed"] == SEED and metadata["draws"] == DRAWS and metadata["sobol_n"] == DRAWS
    assert metadata["wtp"] == [0.0, 2500.0] and metadata["intakes"] == 3000
    for png in written.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_tables_are_the_apis_results(written):
    study = load_study()
    table = pd.read_csv(written / "tornado.csv", keep_default_na=False)
    scalars = table[table["kind"] == "scalar"].reset_index(drop=True)
    api = tornado(study).table
    api = api[api["kind"] == "scalar"].reset_index(drop=True)
    np.testing.assert_allclose(scalars["at_high"], api["at_high"], rtol=1e-12)
    table = pd.read_csv(written / "thresholds.csv")
    np.testing.assert_allclose(table["threshold"], thresholds(study).table["threshold"], rtol=1e-12)
    # The EVPI and EVPPI point estimates do not depend on the bootstrap's stream.
    ds = simulate(study, draws=DRAWS, seed=SEED, cohort="expected")
    api = evppi(ds, wtp=(0.0, 2500.0), n_resamples=2).table
    table = pd.read_csv(written / "evppi.csv")
    np.testing.assert_allclose(table["per_client"], api["per_client"], rtol=1e-9)
    assert (table["per_year"] == 3000 * table["per_client"]).all()
    sobol = pd.read_csv(written / "sobol.csv", keep_default_na=False)
    assert {"first", "total", "first_low", "total_high"} <= set(sobol.columns)
    assert set(sobol["kind"]) == {"input", "group"}


def test_one_method_prints_its_table(capsys):
    code, out, err = run_cli(capsys, "sensitivity", "--method", "threshold")
    assert code == 0, err
    assert "Threshold values: Klantreis − FIG-route changes sign" in out
    assert "share of clients on social assistance (PW) (Klantreis)" in out
    assert "share_pw" not in out
    assert "Sobol'" not in out and "Value of information" not in out


def test_evppi_prints_per_client_and_per_year(capsys):
    code, out, err = run_cli(
        capsys,
        "sensitivity",
        "--method",
        "evppi",
        "--draws",
        1024,
        "--wtp",
        "0",
        "--intakes",
        "1500",
        "--quiet",
    )
    assert code == 0, err
    assert "(1,500 intakes)" in out and "all inputs (EVPI)" in out and "dossier outcomes" in out
    assert not out.startswith("Regioplan")  # --quiet: the tables only


def test_refuses_to_overwrite_without_force(capsys, tmp_path):
    out_dir = tmp_path / "res"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("mine")
    code, out, err = run_cli(capsys, "sensitivity", "--method", "threshold", "--out", out_dir)
    assert code == 2 and "already exists" in err and "--force" in err
    assert (out_dir / "keep.txt").read_text() == "mine"
    # --force replaces only an earlier mkba-mc result (SPEC 7): a user's folder stays
    code, out, err = run_cli(
        capsys, "sensitivity", "--method", "threshold", "--out", out_dir, "--force", "--quiet"
    )
    assert code == 2 and f"{out_dir}: was not written by mkba-mc" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["keep.txt"]

    ours = tmp_path / "ours"
    for _ in range(2):  # written, then replaced with --force
        code, out, err = run_cli(
            capsys, "sensitivity", "--method", "threshold", "--out", ours, "--force", "--quiet"
        )
        assert code == 0, err
        assert sorted(p.name for p in ours.iterdir()) == [
            ".mkba-mc.json",
            "metadata.json",
            "thresholds.csv",
        ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--draws", "10"], "--draws: must be at least 1024"),
        (["--wtp", "-5"], "--wtp: must be a finite, non-negative amount"),
        (["--wtp", "lots"], "--wtp: must be an amount in euros"),
        (["--method", "magic"], "--method: invalid choice"),
        (["--intakes", "0"], "--intakes: must be at least 1"),
        (["no/such/config.toml"], "no/such/config.toml: no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, message):
    code, out, err = run_cli(capsys, "sensitivity", *args)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_study_without_uncertainty_is_refused(capsys, tmp_path):
    config = tmp_path / "point.toml"
    config.write_text(embedded_config(POINT_STUDY))
    code, out, err = run_cli(capsys, "sensitivity", config)
    assert code == 2 and "every input is fixed" in err


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ([], "Threshold values: Klantreis − FIG-route"),
        (["--lang", "nl"], "Drempelwaarden: Klantreis − FIG-route"),
        (["--set", 'study.language="nl"'], "Drempelwaarden:"),
        (["--set", 'study.language="nl"', "--lang", "en"], "Threshold values:"),
    ],
)
def test_the_language_is_asked_for_or_the_configs(capsys, options, words):
    code, out, _ = run_cli(capsys, "sensitivity", "--method", "threshold", "--quiet", *options)
    assert code == 0 and out.startswith(words)


def test_the_report_runs_the_same_plan_as_the_command(written):
    """Same seed and sizes: the report's tornado, Sobol' indices and value of information
    are the command's, to the last bit."""
    from mkba_mc.report import SensitivityAnalyses

    run = simulate(load_study(), draws=DRAWS, seed=SEED, cohort="expected")
    analyses = SensitivityAnalyses(run, voi_draws=DRAWS, wtp=(0.0, 2500.0))
    for name, ours in (
        ("tornado.csv", analyses.tornado.table),
        ("sobol.csv", analyses.sobol.table),
        ("evppi.csv", analyses.voi.table),
    ):
        theirs = pd.read_csv(written / name)
        theirs = theirs.iloc[: len(ours)].reset_index(drop=True)  # tornado.csv adds groups
        for column in ours.select_dtypes("number").columns:
            np.testing.assert_array_equal(theirs[column].to_numpy(float), ours[column], column)


def test_the_input_names_of_the_figures_are_labels_not_code_names():
    """The CLI's tornado and Sobol' figures name an input by its label (and its arm's),
    in the figure's language, as the report does."""
    from mkba_mc.cli.sensitivity import _input_names
    from mkba_mc.config import load_study
    from mkba_mc.sensitivity import study_inputs

    study = load_study()
    for lang in ("en", "nl"):
        names = _input_names(study, lang)
        assert set(names) == {item.label for item in study_inputs(study)}
        arms = {a.name: study.translate(a.label, lang) for a in study.arms}
        for item in study_inputs(study):
            shown = names[item.label]
            assert item.parameter not in shown  # no code name
            if item.arm is not None:
                assert shown.endswith(f"({arms[item.arm]})")


FOUR_ARMS = Path(__file__).parent / "configs" / "four_arms.toml"


@pytest.mark.parametrize("config", [None, FOUR_ARMS], ids=["default", "four_arms"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_console_names_inputs_and_arms_by_label(capsys, config, lang):
    """Every table of ``mkba-mc sensitivity`` names an input by its label (and its arm's)
    in the reader's language, as the figures do: no ``share_pw [KR]``, no arm code."""
    from mkba_mc.cli.sensitivity import _input_names
    from mkba_mc.sensitivity import study_inputs

    study = load_study(config)
    options = ["--draws", 1024, "--wtp", "0", "--lang", lang, "--quiet"]
    code, out, err = run_cli(capsys, "sensitivity", *([config] if config else []), *options)
    assert code == 0, err
    names = _input_names(study, lang)
    arms = {a.name: study.translate(a.label, lang) for a in study.arms}
    for item in study_inputs(study):
        if "_" in item.label or "[" in item.label:  # a one-word code can be a reader's word
            assert item.label not in out
        assert names[item.label] in out or item.parameter not in out
    assert not re.search(r"\[\w+\]", out)  # no [arm] code
    suffix = "(?: on current information| op de huidige informatie| now)?"
    chosen = re.findall(rf"\((?:choose|kies(?: nu)?) (.+?){suffix}\)", out)
    assert chosen and set(chosen) <= set(arms.values())  # the arm to choose, by its label
    if lang == "nl":  # the regression basis and the EVSI method in Dutch too
        assert "linear" not in out and "net benefit" not in out
