"""The results store: compressed blocks with checksums, resumed after a real kill, refused
when damaged."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from mkba_mc import load_study, simulate
from mkba_mc.cli import main
from mkba_mc.results import open_run, write_run
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.store import HEADLINE, StoreError, open_store, stored_variables

EXE = [str(Path(sys.executable).parent / "mkba-mc")]
ENV = {**os.environ, "PYTHONWARNINGS": "error"}


def one_line(err: str) -> bool:
    return err.count("\n") == 1


@pytest.mark.parametrize("cohort", ["expected", 9])
def test_the_store_holds_the_headline_outputs_one_chunk_per_block(tmp_path, cohort):
    import zarr

    study = load_study()
    draws = 2 * BLOCK_SIZE + 10
    write_run(study, tmp_path / "res", draws=draws, seed=3, cohort=cohort)
    ds = open_run(tmp_path / "res")
    ref = simulate(study, draws=draws, seed=3, cohort=cohort)
    group = zarr.open_group(tmp_path / "res" / "results.zarr")
    dims = {name: group[name].attrs["_ARRAY_DIMENSIONS"] for name in group.array_keys()}
    per_draw = {name for name, d in dims.items() if name != "draw" and "draw" in d}
    assert per_draw == set(HEADLINE) == set(stored_variables(study))
    for name in HEADLINE:
        assert group[name].dtype == np.float32
        assert np.array_equal(group[name][:], ref[name].values.astype(np.float32))
    # every variable, remade from the seed: the run's own draws, bit for bit
    assert ds.sizes["draw"] == draws and set(ds.data_vars) == set(ref.data_vars)
    for name in ref.data_vars:
        assert np.array_equal(ds[name].values, ref[name].values, equal_nan=True), name
    folder = tmp_path / "res" / "results.zarr" / "balance"
    chunks = sorted(p.name for p in folder.iterdir())
    assert [c for c in chunks if not c.startswith(".")] == ["0.0", "1.0", "2.0"]
    records = sorted((tmp_path / "res" / "results.zarr.sha256").iterdir())
    assert [r.name for r in records] == ["00000000.json", "00000001.json", "00000002.json"]
    assert json.loads(records[2].read_text())["stop"] == draws


def test_keep_all_stores_every_variable_in_float64(tmp_path, capsys):
    import zarr

    study = load_study()
    args = ["run", "--draws", "500", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "outputs")]) == 0
    assert main([*args, "--out", str(tmp_path / "all"), "--keep", "all"]) == 0
    capsys.readouterr()
    group = zarr.open_group(tmp_path / "all" / "results.zarr")
    ref = simulate(study, draws=500, seed=study.seed)
    for name in ref.data_vars:
        if "draw" in ref[name].dims:  # stored as drawn, read back as stored
            assert group[name].dtype == np.float64, name
            assert np.array_equal(group[name][:], ref[name].values, equal_nan=True), name
    # a reader gets the same run either way
    remade, stored = open_run(tmp_path / "outputs"), open_run(tmp_path / "all")
    assert set(remade.data_vars) == set(stored.data_vars)
    for name in remade.data_vars:
        assert np.array_equal(remade[name].values, stored[name].values, equal_nan=True), name
        assert remade[name].attrs == stored[name].attrs


def test_a_store_whose_draws_are_made_differently_is_refused(tmp_path, capsys, monkeypatch):
    """Another mkba-mc or numpy that draws differently cannot pass off its draws as the
    stored run's: the remade headline outputs must agree with the stored ones."""
    import dataclasses

    import mkba_mc.store

    write_run(load_study(), tmp_path / "res", draws=BLOCK_SIZE + 100, seed=1)
    remake = mkba_mc.store.block_variables

    def drawn_otherwise(study, settings, block):
        return remake(study, dataclasses.replace(settings, seed=settings.seed + 1), block)

    monkeypatch.setattr(mkba_mc.store, "block_variables", drawn_otherwise)
    with pytest.raises(StoreError, match="block 0 .*: the investment made again from the seed"):
        open_run(tmp_path / "res")
    assert main(["report", str(tmp_path / "res")]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and "--keep all" in err
    assert not list((tmp_path / "res").glob("report*"))


def test_a_store_of_the_first_format_is_refused(tmp_path, capsys):
    write_run(load_study(), tmp_path / "res", draws=100, seed=1)
    zattrs = tmp_path / "res" / "results.zarr" / ".zattrs"
    attrs = json.loads(zattrs.read_text())
    del attrs["store_format"]
    zattrs.write_text(json.dumps(attrs))
    assert main(["report", str(tmp_path / "res")]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and "a store of format 1" in err and "run it again" in err


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2 :] = bytes(len(data) - len(data) // 2)
    path.write_bytes(bytes(data))


def test_a_damaged_store_is_refused_naming_the_file_and_the_block(tmp_path, capsys):
    write_run(load_study(), tmp_path / "res", draws=BLOCK_SIZE + 100, seed=1)
    chunk = tmp_path / "res" / "results.zarr" / "balance" / "1.0"
    _damage(chunk)
    with pytest.raises(StoreError, match="block 1 of balance"):
        open_run(tmp_path / "res")
    code = main(["report", str(tmp_path / "res")])
    err = capsys.readouterr().err
    assert code == 2 and one_line(err), err
    assert f"{chunk}: block 1 of balance" in err and "damaged" in err
    assert not list((tmp_path / "res").glob("report*"))


def test_a_missing_checksum_is_an_unfinished_store(tmp_path, capsys):
    write_run(load_study(), tmp_path / "res", draws=BLOCK_SIZE + 100, seed=1)
    (tmp_path / "res" / "results.zarr.sha256" / "00000000.json").unlink()
    assert main(["report", str(tmp_path / "res")]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and "block 0 (draws 0–16,383) has no checksum" in err


def test_resume_needs_out_and_the_same_run(tmp_path, capsys):
    assert main(["run", "--draws", "500", "--resume"]) == 2
    assert "--resume: needs --out" in capsys.readouterr().err


def test_target_se_with_out_stores_the_draws_it_used(tmp_path, capsys):
    out = tmp_path / "res"
    ceiling = 6 * BLOCK_SIZE
    code = main(
        [
            "run",
            "--draws",
            str(ceiling),
            "--seed",
            "2",
            "--quiet",
            "--out",
            str(out),
            "--target-se",
            "beats=0.35",
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    ds = open_run(out)
    n = ds.sizes["draw"]
    assert n % BLOCK_SIZE == 0 and n < ceiling
    assert f"Stopped after {n:,} draws: reached the target standard errors." in text
    ref = simulate(load_study(), draws=n, seed=2)
    assert np.array_equal(ds["balance"].values, ref["balance"].values)
    diff = ref["balance"].sel(arm="KR") - ref["balance"].sel(arm="FIG")
    p = float((diff > 0).mean())
    assert 100 * np.sqrt(p * (1 - p) / n) <= 0.35
    shorter = n - BLOCK_SIZE
    p = float((diff[:shorter] > 0).mean())
    assert 100 * np.sqrt(p * (1 - p) / shorter) > 0.35  # the first block where it was met


def _blocks_done(partial: Path) -> int:
    return len(list((partial / "results.zarr.sha256").glob("*.json")))


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=str)
def test_a_killed_run_resumes_bit_for_bit(tmp_path, how):
    draws = 16 * BLOCK_SIZE
    args = ["run", "--draws", str(draws), "--seed", "12", "--cohort", "7"]
    whole = subprocess.run(
        [*EXE, *args, "--out", str(tmp_path / "whole")],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert whole.returncode == 0, whole.stderr
    target = tmp_path / "resumed"
    proc = subprocess.Popen(
        [*EXE, *args, "--out", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    partial = tmp_path / ".resumed.resume.tmp"
    deadline = time.monotonic() + 120
    while not (partial.exists() and _blocks_done(partial) >= 3):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended too soon"
        time.sleep(0.05)
    proc.send_signal(how)
    proc.communicate(timeout=60)
    assert not target.exists()
    kept = {p.name: p.stat().st_mtime_ns for p in (partial / "results.zarr.sha256").iterdir()}
    assert 3 <= len(kept) < 16
    resumed = subprocess.run(
        [*EXE, *args, "--out", str(target), "--resume"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.replace("resumed", "whole") == whole.stdout
    # only the missing blocks were computed: the finished ones' records are untouched
    records = target / "results.zarr.sha256"
    for name, mtime in kept.items():
        if name.endswith(".json"):
            assert (records / name).stat().st_mtime_ns == mtime
    a, b = open_run(tmp_path / "whole"), open_run(target)
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name
    assert not partial.exists()


def test_printed_quantiles_match_the_exact_ones_of_the_stored_run(tmp_path):
    from mkba_mc import summarize
    from mkba_mc.results import write_run_summary
    from mkba_mc.streaming import RELATIVE_ERROR, ZERO

    result = write_run_summary(load_study(), tmp_path / "res", draws=3 * BLOCK_SIZE, seed=8)
    exact = summarize(open_run(tmp_path / "res"))
    ours = result.summary()
    np.testing.assert_allclose(ours["mean"], exact["mean"], rtol=1e-12)
    for q in ("q05", "median", "q95"):
        bound = RELATIVE_ERROR * exact[q].abs() + ZERO
        assert ((ours[q] - exact[q]).abs() <= bound).all(), q


def test_resume_computes_a_damaged_finished_block_again(tmp_path):
    """Blocks are reproducible: a finished block that fails its checksum is computed
    again on --resume (one line says so), and the store ends as an undamaged one."""
    from mkba_mc.simulation import RunSettings
    from mkba_mc.store import write_store

    study = load_study()
    settings = RunSettings.resolve(study, 3 * BLOCK_SIZE + 7, 4, "expected")
    intact, store = tmp_path / "intact.zarr", tmp_path / "results.zarr"
    expected = write_store(study, intact, settings)
    write_store(study, store, settings)
    chunk = store / "balance" / "1.0"
    _damage(chunk)
    (store.parent / "results.zarr.sha256" / "00000002.json").unlink()  # unfinished
    lines: list[str] = []
    resumed = write_store(study, store, settings, resume=True, notice=lines.append)
    assert len(lines) == 1 and "\n" not in lines[0]
    assert lines[0].startswith(f"{chunk}: block 1 of balance cannot be read")
    assert lines[0].endswith(": computed block 1 again")
    assert resumed.summary().equals(expected.summary())
    a, b = open_store(intact), open_store(store)
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name


@pytest.mark.parametrize("cohort", ["expected", "5"])
def test_a_run_prints_the_same_with_and_without_out(tmp_path, capsys, cohort):
    """The summary of a stored run is reduced from the run's own float64 draws."""
    args = ["run", "--draws", str(BLOCK_SIZE + 77), "--seed", "6", "--cohort", cohort]
    assert main(args) == 0
    plain = capsys.readouterr().out
    assert main([*args, "--out", str(tmp_path / "res")]) == 0
    stored = capsys.readouterr().out
    assert stored.startswith(plain.rstrip("\n")) and str(tmp_path / "res") in stored


def test_the_first_draws_of_a_store_are_the_run_of_that_many_draws(tmp_path):
    study = load_study()
    write_run(study, tmp_path / "res", draws=2 * BLOCK_SIZE + 10, seed=5, cohort=4)
    n = BLOCK_SIZE + 123  # ends inside a block
    first = open_run(tmp_path / "res", draws=n)
    ref = simulate(study, draws=n, seed=5, cohort=4)
    assert first.sizes["draw"] == n and first.attrs["draws"] == n
    for name in ref.data_vars:
        assert np.array_equal(first[name].values, ref[name].values, equal_nan=True), name
    with pytest.raises(StoreError, match="cannot read the first"):
        open_run(tmp_path / "res", draws=2 * BLOCK_SIZE + 11)


@pytest.mark.slow
def test_a_report_of_a_store_too_big_for_memory_asks_for_fewer_draws(tmp_path, capsys, monkeypatch):
    from mkba_mc.simulation import bytes_per_draw

    study = load_study()
    write_run(study, tmp_path / "res", draws=2345, seed=1)
    monkeypatch.setattr("mkba_mc.cli.common.MAX_MEMORY_BYTES", 1000 * bytes_per_draw(study))
    assert main(["report", str(tmp_path / "res")]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and "a report of 2345 draws" in err and "(use --draws)" in err
    assert not list((tmp_path / "res").glob("report*"))
    assert main(["report", str(tmp_path / "res"), "--draws", "1000", "--format", "md"]) == 0
    text = (tmp_path / "res" / "report-en.md").read_text()
    assert "number of draws (1,000)" in text and "2,345" not in text


def test_xarray_opens_the_store_without_mkba_mc(tmp_path):
    """Consolidated metadata: ``xarray.open_zarr`` opens it at once, without a warning,
    and finds each arm's headline outputs as the run drew them."""
    import warnings

    import xarray as xr

    study = load_study()
    write_run(study, tmp_path / "res", draws=BLOCK_SIZE + 5, seed=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = xr.open_zarr(tmp_path / "res" / "results.zarr")
    ref = simulate(study, draws=BLOCK_SIZE + 5, seed=2)
    for name in HEADLINE:
        assert np.array_equal(ds[name].values, ref[name].values.astype(np.float32))
    assert list(ds["arm"].values) == list(ref["arm"].values)


@pytest.mark.slow
def test_a_store_exported_as_netcdf_is_the_run(tmp_path, capsys):
    import xarray as xr

    from mkba_mc.results import export_netcdf

    study = load_study()
    write_run(study, tmp_path / "res", draws=3000, seed=4)
    (tmp_path / "nc").mkdir()
    export_netcdf(tmp_path / "res", tmp_path / "nc" / "results.nc", draws=2000)
    ref = simulate(study, draws=2000, seed=4)
    with xr.open_dataset(tmp_path / "nc" / "results.nc") as ds:
        assert ds.attrs["draws"] == 2000
        for name in ref.data_vars:
            assert np.array_equal(ds[name].values, ref[name].values, equal_nan=True), name
    # and a report reads the export as it reads the store
    assert main(["report", str(tmp_path / "nc"), "--format", "md"]) == 0
    assert "number of draws (2,000)" in (tmp_path / "nc" / "report-en.md").read_text()
