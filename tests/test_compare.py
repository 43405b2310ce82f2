"""Comparing assumption sets, the progress bar, and the decision lines of `mkba-mc run`."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

import mkba_mc as mm
from mkba_mc.cli import common, main
from mkba_mc.cli.common import ProgressBar
from mkba_mc.compare import SET_COLUMNS, PointSetError, compare, compare_draws
from mkba_mc.config import embedded_config, parse_study
from mkba_mc.decision import break_even_wtp, decision_summary, municipality_share
from mkba_mc.engine import Execution, stream_run
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.streaming import RELATIVE_ERROR, ZERO

SETS = ["regioplan2020", "regioplan2020_literature", "regioplan2020_noshows"]
DRAWS, SEED = 3000, 17
EXACT = ["mean", "mean_se", "p_positive", "p_positive_se"]
QUANTILES = ["q05", "median", "q95"]


def study(name: str):
    return parse_study(embedded_config(f"{name}.toml"), origin=f"configs/{name}.toml")


@pytest.fixture(scope="module")
def studies():
    return [study(name) for name in SETS]


@pytest.fixture(scope="module")
def table(studies):
    return compare(studies, draws=DRAWS, seed=SEED, cohort=23)


def test_table_is_what_run_prints_for_each_set(studies, table):
    """Each set's rows are its streamed summary, bit for bit (what ``mkba-mc run``
    prints), and agree with :func:`mkba_mc.summarize` of all its draws in memory:
    means, errors and probabilities to rounding, quantiles within the sketch's bound."""
    assert list(table["set"].unique()) == SETS
    assert list(table.columns[: len(SET_COLUMNS)]) == list(SET_COLUMNS)
    for name, s in zip(SETS, studies, strict=True):
        got = table[table["set"] == name].drop(columns=list(SET_COLUMNS)).reset_index(drop=True)
        pd.testing.assert_frame_equal(
            got, stream_run(s, DRAWS, SEED, 23).summary(), check_exact=True
        )
        exact = mm.summarize(mm.simulate(s, draws=DRAWS, seed=SEED, cohort=23))
        assert got[["arm", "versus", "measure"]].equals(exact[["arm", "versus", "measure"]])
        np.testing.assert_allclose(got[EXACT], exact[EXACT], rtol=1e-11, atol=1e-12)
        bound = RELATIVE_ERROR * exact[QUANTILES].abs().to_numpy() + ZERO
        assert (np.abs(got[QUANTILES].to_numpy() - exact[QUANTILES].to_numpy()) <= bound).all()
    assert (
        set(table["draws"]) == {DRAWS}
        and set(table["seed"]) == {SEED}
        and set(table["cohort"]) == {"23"}
    )


def test_common_random_numbers_across_sets(studies):
    """Every parameter two sets define alike draws the same values; the one they define
    differently (months of earlier PW exit) does not."""
    default, literature, noshows = (
        mm.simulate(s, draws=DRAWS, seed=SEED, cohort=23) for s in studies
    )
    shared = [
        v for v in default.data_vars if v.startswith("param_") and v != "param_months_earlier_exit"
    ]
    assert len(shared) > 20
    for name in shared:
        np.testing.assert_array_equal(literature[name], default[name], err_msg=name)
        np.testing.assert_array_equal(noshows[name], default[name], err_msg=name)
    assert not np.array_equal(
        literature["param_months_earlier_exit"], default["param_months_earlier_exit"]
    )
    # client outcomes are common too: the same successful clients in every draw
    np.testing.assert_array_equal(noshows["share_successful"], default["share_successful"])


def test_draws_default_to_the_largest_and_a_point_set_is_refused():
    point, default = study("regioplan2020_point"), study("regioplan2020")
    assert point.draws == 1 and compare_draws([point, default]) == default.draws
    assert compare_draws([point, default], 50) == 50
    with pytest.raises(PointSetError, match="regioplan2020_point.toml: every input is fixed"):
        compare([point, default])
    smaller = parse_study(
        embedded_config("regioplan2020.toml").replace("draws = 100000", "draws = 2500"),
        origin="configs/small.toml",
    )
    table = compare([point, smaller], allow_point=True)
    assert set(table["draws"]) == {2500} and set(table["cohort"]) == {"expected"}
    assert len(table) == 2 * len(mm.summarize(mm.simulate(point, draws=2)))
    assert compare([point, point])["draws"].eq(1).all()  # point sets alone are no mixture


def test_seed_and_cohort_come_from_the_first_set():
    default = study("regioplan2020")
    table = compare([default, default], draws=50)
    assert list(table["set"].unique()) == ["regioplan2020", "regioplan2020#2"]
    assert set(table["seed"]) == {default.seed}
    with pytest.raises(ValueError, match="at least one"):
        compare([])


def test_progress_counts_over_all_sets(studies):
    calls = []
    compare(
        studies[:2], draws=20_000, seed=1, progress=lambda done, total: calls.append((done, total))
    )
    assert calls[-1] == (40_000, 40_000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.slow  # starting worker processes takes seconds
def test_compare_on_local_workers_and_on_a_cluster_is_bit_identical(studies):
    from distributed import LocalCluster

    draws = 2 * BLOCK_SIZE + 100  # three blocks a set, the last one cut
    serial = compare(studies, draws=draws, seed=SEED, cohort=23)
    local = compare(studies, draws=draws, seed=SEED, cohort=23, execution=Execution(workers=2))
    pd.testing.assert_frame_equal(local, serial, check_exact=True)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
        host="127.0.0.1",
    ) as cluster:
        execution = Execution(scheduler=cluster.scheduler_address)
        remote = compare(studies, draws=draws, seed=SEED, cohort=23, execution=execution)
    pd.testing.assert_frame_equal(remote, serial, check_exact=True)


# --------------------------------------------------------------------------- CLI


def test_cli_compare_prints_and_writes_the_table(capsys, tmp_path, table):
    paths = []
    for name in SETS:
        paths.append(tmp_path / f"{name}.toml")
        paths[-1].write_text(embedded_config(f"{name}.toml"), encoding="utf-8")
    out_dir = tmp_path / "cmp"
    args = [
        "compare",
        *map(str, paths),
        "--draws",
        str(DRAWS),
        "--seed",
        str(SEED),
        "--cohort",
        "23",
    ]
    assert main([*args, "--out", str(out_dir)]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # piped: no progress bar
    assert sorted(p.name for p in out_dir.iterdir()) == [".mkba-mc.json", "comparison.csv"]
    written = pd.read_csv(out_dir / "comparison.csv", keep_default_na=False)
    np.testing.assert_allclose(written["mean"], table["mean"], rtol=1e-12)
    # the printed P(KR beats FIG) of each set is the one the API computes
    for name in SETS:
        row = table[
            (table["set"] == name) & (table["measure"] == "balance") & (table["versus"] == "FIG")
        ].iloc[0]
        assert f"{100 * row['p_positive']:.1f}% ± {100 * row['p_positive_se']:.1f}%" in out
        assert name in out
    assert main([*args, "--out", str(out_dir)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_cli_compare_bad_config_writes_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        embedded_config("regioplan2020.toml").replace("cv = 0.10", "cv = -0.10", 1),
        encoding="utf-8",
    )
    out_dir = tmp_path / "cmp"
    assert main(["compare", str(bad), "--draws", "10", "--out", str(out_dir)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "parameters.pw_cost_per_year.cv" in err
    assert not out_dir.exists()
    assert main(["compare", "--draws", "10"]) == 2  # no config at all


def test_cli_compare_states_its_draws_and_refuses_a_point_set(capsys, tmp_path):
    point = tmp_path / "point.toml"
    point.write_text(embedded_config("regioplan2020_point.toml"), encoding="utf-8")
    small, smaller = tmp_path / "small.toml", tmp_path / "smaller.toml"
    for path, draws in ((small, 2500), (smaller, 1200)):
        path.write_text(
            embedded_config("regioplan2020.toml").replace("draws = 100000", f"draws = {draws}"),
            encoding="utf-8",
        )
    out_dir = tmp_path / "cmp"
    assert main(["compare", str(point), str(small), "--out", str(out_dir)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{point}: every input is fixed" in err
    assert "--allow-point" in err and not out_dir.exists()

    assert main(["compare", str(smaller), str(small), "--out", str(out_dir)]) == 0
    out = capsys.readouterr().out
    assert "Each set runs with 2,500 draws, the largest of the sets' run.draws." in out
    assert "2 assumption sets · 2,500 draws per set" in out
    assert set(pd.read_csv(out_dir / "comparison.csv")["draws"]) == {2500}

    assert main(["compare", str(point), str(small), "--allow-point", "--draws", "300"]) == 0
    out = capsys.readouterr().out
    assert "Each set runs" not in out and "2 assumption sets · 300 draws per set" in out
    assert main(["compare", str(point)]) == 0
    assert "1 assumption set · 1 draw per set" in capsys.readouterr().out


# --------------------------------------------------------------------------- progress


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_bar_is_throttled_and_shows_speed_and_time_left():
    stream, clock = io.StringIO(), FakeClock()
    bar = ProgressBar(stream, interval=0.2, clock=clock)
    for done in range(1, 1001):  # 1,000 reports over 1 second: 5 redraws at most
        clock.now = done / 1000
        bar(done * 100, 200_000)
    frames = stream.getvalue().split("\r")[1:]
    assert 1 <= len(frames) <= 6
    clock.now = 1.5  # 150,000 of 200,000 draws in 1.5 s: 100,000 draws/s, 0.5 s left
    bar(150_000, 200_000)
    last = stream.getvalue().split("\r")[-1]
    assert "75% 150,000/200,000 draws" in last and "100,000 draws/s, 0:01 left" in last
    bar(200_000, 200_000)  # done: the line is cleared
    assert stream.getvalue().endswith("\r") and stream.getvalue().split("\r")[-2].strip() == ""


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_and_is_silent_when_piped_or_quiet(capsys, monkeypatch):
    assert main(["run", "--draws", "40000"]) == 0
    assert capsys.readouterr().err == ""  # captured stderr is not a terminal
    terminal = Terminal()
    monkeypatch.setattr(common.sys, "stderr", terminal)
    assert common.progress_bar(False) is None
    assert isinstance(common.progress_bar(True), ProgressBar)
    assert main(["run", "--draws", "40000", "--quiet"]) == 0
    assert terminal.getvalue() == ""
    assert main(["compare", "--quiet", "--draws", "10", *_default_path()]) == 0
    assert terminal.getvalue() == ""


def _default_path():
    from importlib import resources

    return [str(resources.files("mkba_mc").joinpath("configs", "regioplan2020.toml"))]


# --------------------------------------------------------------------------- run summary


def test_run_prints_the_decision_quantities_of_the_run(capsys):
    assert main(["run", "--draws", "4000", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    ds = mm.simulate(mm.load_study(), draws=4000, seed=3)
    partly = municipality_share(ds, "partly")
    assert f"Klantreis {100 * float(partly['share'].sel(arm='KR')):.1f}%" in out
    fig = break_even_wtp(ds, "nothing").sel(arm="FIG")
    assert fig["status"].item() == "above"
    assert f"FIG-route pays for itself in expectation once λ ≥ €{fig.item():,.0f}" in out
    kr = break_even_wtp(ds).sel(arm="KR")
    phrase = {
        "always": "at any λ, even €0",
        "above": f"once λ ≥ €{kr.item():,.0f}",
        "below": f"while λ ≤ €{kr.item():,.0f}",
        "never": "at no λ",
    }[kr["status"].item()]
    assert f"Klantreis is preferred over FIG-route in expectation {phrase}" in out
    summary = decision_summary(ds)
    assert math.isnan(float(summary["break_even"].sel(arm="FIG")))  # the baseline itself
    assert summary["break_even_status"].sel(arm="FIG").item() == ""
