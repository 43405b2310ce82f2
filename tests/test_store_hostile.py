"""Damage and bad luck that the results store (src/mkba_mc/store.py) survives.

SPEC 7: a damaged store is refused as bad input (exit 2), in one line naming the file and
the block; a run killed at any moment can be resumed; memory is bounded by a block, not
by the draws asked for.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from mkba_mc import load_study
from mkba_mc.engine import StopRule
from mkba_mc.results import open_run, write_run
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.simulation import RunSettings
from mkba_mc.store import StoreError, open_store, write_store

EXE = [str(Path(sys.executable).parent / "mkba-mc")]


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """A finished results folder: 2,000 draws of the default study, one block."""
    folder = tmp_path_factory.mktemp("results") / "res"
    write_run(load_study(), folder, 2000, seed=3)
    return folder


@pytest.fixture
def damaged(results, tmp_path) -> Path:
    """A copy of the results folder, to damage."""
    folder = tmp_path / "res"
    shutil.copytree(results, folder)
    return folder


def record(folder: Path) -> Path:
    return folder / "results.zarr.sha256" / "00000000.json"


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated: the disk filled, a copy broke off
        lambda text: "",
        lambda text: "[0, 1]",
        lambda text: '{"block": 0}',
        lambda text: '{"block": "first", "sha256": {}}',
    ],
    ids=["truncated", "empty", "a list", "no sha256", "block not a number"],
)
def test_a_damaged_checksum_record_is_refused_naming_it(damaged, damage):
    path = record(damaged)
    path.write_text(damage(path.read_text()))
    with pytest.raises(StoreError, match=str(path)):
        open_run(damaged)


@pytest.mark.parametrize("name", [".zarray", ".zattrs"])
def test_a_damaged_array_description_is_one_line_naming_it(damaged, name):
    path = damaged / "results.zarr" / "balance" / name
    path.write_text(path.read_text()[:40])
    done = subprocess.run([*EXE, "report", str(damaged)], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert str(damaged / "results.zarr" / "balance") in done.stderr


def test_a_store_missing_a_variable_is_refused(damaged):
    shutil.rmtree(damaged / "results.zarr" / "balance")
    with pytest.raises(StoreError, match="balance"):
        open_run(damaged)


def test_the_stored_config_is_verified(damaged):
    attrs_path = damaged / "results.zarr" / ".zattrs"
    attrs = json.loads(attrs_path.read_text())
    edited = attrs["config"].replace("value = 4\n", "value = 40\n", 1)
    assert edited != attrs["config"]  # months_earlier_exit: fixed, made again on reading
    attrs_path.write_text(json.dumps({**attrs, "config": edited}))
    with pytest.raises(StoreError, match=str(damaged / "results.zarr")):
        open_run(damaged)


def test_a_store_with_a_negative_draws_count_is_refused(damaged):
    attrs_path = damaged / "results.zarr" / ".zattrs"
    attrs = json.loads(attrs_path.read_text())
    attrs_path.write_text(json.dumps({**attrs, "draws": -5}))
    with pytest.raises(StoreError, match="draws"):
        open_run(damaged)


def test_resume_after_an_interruption_before_the_first_block(tmp_path):
    study = load_study()
    settings = RunSettings.resolve(study, BLOCK_SIZE + 10, 4, "expected")
    intact, store = tmp_path / "intact.zarr", tmp_path / "results.zarr"
    write_store(study, intact, settings)
    write_store(study, store, settings)
    shutil.rmtree(tmp_path / "results.zarr.sha256")  # as the interruption leaves it
    write_store(study, store, settings, resume=True)
    a, b = open_store(intact), open_store(store)
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name


def _peak_bytes(study, draws: int, path: Path) -> int:
    """Peak memory (numpy's allocations) of writing a store with a ceiling of ``draws``
    that stops after its first block."""
    settings = RunSettings.resolve(study, draws, 1, "expected")
    tracemalloc.start()
    try:
        write_store(study, path, settings, stop=StopRule(beats_pp=100))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_the_store_of_a_run_costs_memory_by_the_blocks_it_runs_not_its_ceiling(tmp_path):
    study = load_study()
    _peak_bytes(study, 2 * BLOCK_SIZE, tmp_path / "warm.zarr")  # first-use allocations
    small = _peak_bytes(study, 2 * BLOCK_SIZE, tmp_path / "small.zarr")
    large = _peak_bytes(study, 4_000_000, tmp_path / "large.zarr")
    # the same block is computed either way; 8 bytes a draw of the ceiling would be 31 MiB
    assert large - small < 4 << 20
