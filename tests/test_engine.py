"""The same draws and the same printed answer whether blocks run here, on a local dask
cluster, or on a separately started scheduler and worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from mkba_mc import load_study
from mkba_mc.cli import main
from mkba_mc.engine import Execution, ExecutionError, block_variables, map_blocks, stream_run
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.simulation import RunSettings

DRAWS = 4 * BLOCK_SIZE + 321
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",  # no fixed port; no dashboard
        scheduler_kwargs={"dashboard": False},
        host="127.0.0.1",
    ) as local:
        yield local.scheduler_address


def _draws(execution: Execution) -> dict[int, dict[str, np.ndarray]]:
    study = load_study()
    settings = RunSettings.resolve(study, DRAWS, 9, 23)
    return dict(map_blocks(study, settings, block_variables, range(5), execution))


@pytest.mark.slow  # starting worker processes takes seconds
def test_cluster_computes_the_same_draws_bit_for_bit(cluster):
    serial, remote = _draws(Execution()), _draws(Execution(scheduler=cluster))
    assert list(remote) == list(range(5))
    assert remote[4]["balance"].shape[0] == 321
    for block, variables in serial.items():
        for name, values in variables.items():
            assert np.array_equal(remote[block][name], values, equal_nan=True), (block, name)


@pytest.mark.slow  # starting worker processes takes seconds
def test_cluster_gives_the_same_summary_bit_for_bit(cluster):
    study = load_study()
    serial = stream_run(study, DRAWS, 4, "expected")
    remote = stream_run(study, DRAWS, 4, "expected", execution=Execution(scheduler=cluster))
    pd.testing.assert_frame_equal(remote.summary(), serial.summary(), check_exact=True)
    xr.testing.assert_identical(remote.decision_summary(), serial.decision_summary())
    for a, b in zip(remote.bridge_inputs(), serial.bridge_inputs(), strict=True):
        assert np.array_equal(a, b)


@pytest.mark.slow  # starting worker processes takes seconds
def test_run_prints_the_same_answer_through_the_cluster(cluster, capsys):
    args = ["run", "--draws", str(DRAWS), "--seed", "8"]
    assert main(args) == 0
    serial = capsys.readouterr().out
    assert main([*args, "--scheduler", cluster]) == 0
    assert capsys.readouterr().out == serial


@pytest.mark.slow
def test_run_with_local_workers_prints_the_same_answer(capsys):
    args = ["run", "--draws", str(DRAWS), "--seed", "8", "--cohort", "23"]
    assert main(args) == 0
    serial = capsys.readouterr().out
    assert main([*args, "--workers", "2"]) == 0
    assert capsys.readouterr().out == serial


@pytest.mark.parametrize(
    ("address", "problem"),
    [("tcp://127.0.0.1:1", "cannot connect"), ("garbage", "not a scheduler address")],
)
def test_bad_scheduler_is_one_line_and_exit_2(capsys, address, problem):
    assert main(["run", "--draws", "1000", "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"--scheduler {address}: {problem}" in err


def test_bad_execution_arguments():
    with pytest.raises(ValueError, match="workers must be at least 1"):
        Execution(workers=0)
    with pytest.raises(ExecutionError, match="cannot connect"):
        _draws(Execution(scheduler="tcp://127.0.0.1:1"))


@pytest.mark.slow
def test_separately_started_scheduler_and_worker(tmp_path):
    """`dask scheduler` and `dask worker` as their own processes on 127.0.0.1."""
    file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    common = {
        "cwd": tmp_path,
        "env": env,
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
    }
    scheduler = subprocess.Popen(
        [
            BIN / "dask",
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            file,
        ],
        **common,
    )
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not file.exists():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        worker = subprocess.Popen(
            [
                BIN / "dask",
                "worker",
                "--scheduler-file",
                file,
                "--nworkers",
                "1",
                "--nthreads",
                "1",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
            ],
            **common,
        )
        import json

        address = json.loads(file.read_text())["address"]
        cli = [BIN / "mkba-mc", "run", "--draws", str(DRAWS), "--seed", "6", "--quiet"]
        serial = subprocess.run(cli, capture_output=True, text=True, timeout=120, check=True)
        remote = subprocess.run(
            [*cli, "--scheduler", address],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == serial.stdout
        # dask's own setting chooses the scheduler when --scheduler is not given
        configured = subprocess.run(
            cli,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "DASK_SCHEDULER_ADDRESS": address},
        )
        assert configured.returncode == 0 and configured.stdout == serial.stdout
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def test_workers_and_scheduler_together_are_refused(capsys):
    assert main(["run", "--draws", "1000", "--workers", "2", "--scheduler", "tcp://x:1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--workers and --scheduler: choose one" in err


@pytest.mark.slow  # starting worker processes takes seconds
def test_a_store_written_through_the_cluster_is_the_same(cluster, capsys, tmp_path):
    from mkba_mc.results import open_run

    args = ["run", "--draws", str(2 * BLOCK_SIZE + 5), "--seed", "3", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "serial")]) == 0
    serial = capsys.readouterr().out.replace(str(tmp_path / "serial"), "DIR")
    assert main([*args, "--out", str(tmp_path / "remote"), "--scheduler", cluster]) == 0
    assert capsys.readouterr().out.replace(str(tmp_path / "remote"), "DIR") == serial
    a, b = open_run(tmp_path / "serial"), open_run(tmp_path / "remote")
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name
