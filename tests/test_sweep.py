"""``mkba-mc sweep`` and :func:`mkba_mc.sweep.sweep`: a grid of overrides, common random
numbers, one dimension per swept key."""

from __future__ import annotations

from importlib import resources

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import xarray as xr
from matplotlib.figure import Figure

import mkba_mc as mm
from mkba_mc.cli import main
from mkba_mc.config import ConfigError
from mkba_mc.engine import Execution
from mkba_mc.plots.sweep import sweep_figure
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.sweep import grid_values, sweep

MONTHS = "parameters.months_earlier_exit.value"
DRAWS = 3000


def test_grid_values():
    assert grid_values(f"{MONTHS}=4..12") == (MONTHS, list(range(4, 13)))
    assert grid_values(f"{MONTHS}=4..12:4") == (MONTHS, [4, 8, 12])
    assert grid_values("discounting.rate=0, 0.0225, 0.04") == (
        "discounting.rate",
        [0, 0.0225, 0.04],
    )
    assert grid_values("x.y=0..1:0.5")[1] == [0.0, 0.5, 1.0]
    assert grid_values('study.title="a", "b"')[1] == ["a", "b"]
    for bad, message in [
        ("x.y", "must be KEY.PATH=VALUES"),
        ("x.y=12..4", "LOW <= HIGH"),
        ("x.y=a,b", "not a list of TOML values"),
        ("x.y=1,1", "given twice"),
        ("x..y=1", "--grid x..y: .. is not a key"),
        ("x.y=0..1e9", "not a list of TOML values"),
        ("x.y=0..100000", "at most"),
    ]:
        with pytest.raises(ConfigError, match=message):
            grid_values(bad)


@pytest.fixture(scope="module")
def swept():
    return sweep(None, {MONTHS: [4, 8], "run.draws": [5, 6]}, draws=DRAWS, seed=9)


def test_a_point_is_the_plain_run_and_months_act_linearly(swept):
    assert swept["p_beats"].dims == (MONTHS, "run.draws", "arm")
    assert list(swept[MONTHS].values) == [4, 8]
    plain = mm.simulate(mm.load_study(), draws=DRAWS, seed=9)
    beats = mm.prob_beats_baseline(plain)
    point = swept.sel({MONTHS: 4, "run.draws": 5})
    assert float(point["p_beats"].sel(arm="KR")) == float(beats["probability"].sel(arm="KR"))
    assert np.isnan(point["p_beats"].sel(arm="FIG"))
    np.testing.assert_allclose(
        point["mean_balance"].values, plain["balance"].mean("draw").values, rtol=1e-12
    )
    # run.draws in the config does not change a sweep's draws: the same numbers
    np.testing.assert_array_equal(
        swept["mean_delta"].sel({"run.draws": 5}), swept["mean_delta"].sel({"run.draws": 6})
    )
    # common random numbers: doubling the months doubles the PW stream in every draw, so
    # the mean difference grows by exactly the stream's mean difference at 4 months
    stream = plain["benefit"].sel(stream="shorter_pw")
    expected = float((stream.sel(arm="KR") - stream.sel(arm="FIG")).mean())
    grown = swept["mean_delta"].sel({"run.draws": 5, "arm": "KR"}).diff(MONTHS).item()
    assert grown == pytest.approx(expected, rel=1e-10)
    assert swept.attrs["seed"] == 9 and swept.attrs["draws"] == DRAWS


def test_sweep_figures(swept):
    assert isinstance(sweep_figure(swept), Figure)
    with pytest.raises(ValueError, match="arm must be one of"):
        sweep_figure(swept, arm="FIG")


def test_sweep_figure_names_keys_in_the_configs_words(serial):
    """Axes show the parameter's label and unit from the config, in the figure's
    language, and the discount rate as percentages; not key paths."""
    study = mm.load_study(DISCOUNTED)
    months = study.parameters["months_earlier_exit"]
    assert serial[MONTHS].attrs == {"long_name": months.label, "units": months.unit}
    for lang in ("en", "nl"):
        ax = sweep_figure(serial, lang=lang).axes[0]
        label = f"{study.translate(months.label, lang)} ({study.translate(months.unit, lang)})"
        assert ax.get_ylabel().replace("\n", " ") == label
        assert [t.get_text() for t in ax.get_yticklabels()] == ["4", "8"]
        rate = {"en": "discount rate (% a year)", "nl": "discontovoet (% per jaar)"}[lang]
        assert ax.get_xlabel() == rate
        assert [t.get_text() for t in ax.get_xticklabels()] == ["0%", "4%"]
    assert "maanden" in sweep_figure(serial, lang="nl").axes[0].get_ylabel()
    line = sweep_figure(serial.isel({"discounting.rate": 1}), lang="nl").axes[0]
    assert line.get_xlabel().startswith(study.translate(months.label, "nl"))
    unknown = sweep(None, {"run.draws": [5, 6]}, draws=100)
    assert sweep_figure(unknown).axes[0].get_xlabel() == "run.draws"  # no words for it


def test_cli_sweep_writes_a_dataset_a_table_and_a_figure(tmp_path, capsys):
    out = tmp_path / "sweep"
    args = ["sweep", "--grid", f"{MONTHS}=4..6", "--grid", "discounting.rate=0,0.04"]
    args += ["--set", 'discounting.source="test"', "--draws", "1000", "--out", str(out)]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "months_earlier_exit.value" in text and "P(KR beats FIG)" in text
    assert len([line for line in text.splitlines() if line.startswith("  4 ")]) == 2
    with xr.open_dataset(out / "sweep.nc") as ds:
        assert dict(ds.sizes) == {MONTHS: 3, "discounting.rate": 2, "arm": 2}
        assert ds.attrs["config_overrides"] == 'discounting.source="test"'
        assert len(set(ds["config_hash"].values.ravel())) == 6
    assert (out / "sweep.png").stat().st_size > 10_000
    assert (out / "sweep.csv").read_text("utf-8").count("\n") == 1 + 3 * 2 * 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--grid", "run.seed=3,-1"], "--grid run.seed=-1: must be at least 0"),
        (
            ["--grid", f"{MONTHS}=4,6", "--grid", "parameters.pw_cost_per_year.cv=0.1,-1"],
            "--grid parameters.pw_cost_per_year.cv=-1: coefficient of variation must be",
        ),
        (
            ["--grid", "discounting.rate=0,0.03"],
            "--grid discounting.rate: the study has no [discounting], so every cost and "
            "benefit falls at the intake and no rate would change the answer; sweep a config "
            "that times them and discounts, such as configs/regioplan2020_discounted.toml",
        ),
        (["--grid", "x.y=1", "--grid", "x.y=2"], "a key is given twice"),
        (["--grid", f"{MONTHS}=4..1"], "LOW <= HIGH"),
    ],
)
def test_cli_bad_grids_exit_2_before_any_work(tmp_path, capsys, args, message):
    out = tmp_path / "out"
    assert main(["sweep", *args, "--draws", "100", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not out.exists()


# --------------------------------------------------------------------------- back-end

BLOCKS_DRAWS = 2 * BLOCK_SIZE + 100  # three blocks a point, the last one cut
GRID = {MONTHS: [4, 8], "discounting.rate": [0, 0.04]}
DISCOUNTED = resources.files("mkba_mc").joinpath("configs", "regioplan2020_discounted.toml")


@pytest.fixture(scope="module")
def serial():
    return sweep(DISCOUNTED, GRID, draws=BLOCKS_DRAWS, seed=3, cohort=23)


@pytest.mark.slow  # starting worker processes takes seconds
def test_sweep_on_a_cluster_is_bit_identical(serial):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
        host="127.0.0.1",
    ) as cluster:
        execution = Execution(scheduler=cluster.scheduler_address)
        remote = sweep(DISCOUNTED, GRID, draws=BLOCKS_DRAWS, seed=3, cohort=23, execution=execution)
    xr.testing.assert_identical(remote, serial)


@pytest.mark.slow  # starting worker processes takes seconds
def test_sweep_on_local_workers_starts_one_cluster_and_is_bit_identical(serial, monkeypatch):
    import distributed

    started = []

    class Counted(distributed.LocalCluster):
        def __init__(self, *args, **kwargs):
            started.append(kwargs["n_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(distributed, "LocalCluster", Counted)
    calls = []
    local = sweep(
        DISCOUNTED,
        GRID,
        draws=BLOCKS_DRAWS,
        seed=3,
        cohort=23,
        execution=Execution(workers=2),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert started == [2]  # one cluster for the four points
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    xr.testing.assert_identical(local, serial)


@pytest.mark.parametrize("command", ["sweep", "compare"])
@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler tcp://127.0.0.1:1: cannot connect"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "choose one"),
    ],
)
def test_cli_bad_execution_is_one_line_and_exit_2(tmp_path, capsys, command, options, problem):
    what = ["--grid", f"{MONTHS}=4,6"] if command == "sweep" else [str(DISCOUNTED)]
    out = tmp_path / "out"
    assert main([command, *what, "--draws", "100", *options, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err, err
    assert not out.exists()


@pytest.mark.slow  # starting worker processes takes seconds
def test_cli_sweep_on_local_workers_prints_the_same(capsys):
    args = ["sweep", "--grid", f"{MONTHS}=4..6", "--draws", str(BLOCKS_DRAWS), "--seed", "2"]
    assert main(args) == 0
    serial = capsys.readouterr().out
    assert main([*args, "--workers", "2"]) == 0
    assert capsys.readouterr().out == serial


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_sweep_table_shows_a_discount_rate_as_a_percentage(serial, lang):
    from mkba_mc.console import format_sweep

    rows = format_sweep(serial, lang).splitlines()[-4:]  # one row per grid point
    cells = [row.split()[:2] for row in rows]  # months, then the discount rate
    assert cells == [[m, r] for m in ("4", "8") for r in ("0%", "4%")]
