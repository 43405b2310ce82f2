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
from mkba_mc.store import StoreError, open_store, stored_variables

EXE = [str(Path(sys.executable).parent / "mkba-mc")]
ENV = {**os.environ, "PYTHONWARNINGS": "error"}


def one_line(err: str) -> bool:
    return err.count("\n") == 1


def _model_rounding(ds) -> np.ndarray:
    """Bound on how far an output evaluated from float32 inputs can be from the run's
    float64 one: each input moves by at most 2^-24 of itself, each term of a cost or
    benefit is a product of at most four inputs, so a balance moves by at most
    4 * 2^-24 (about 2.4e-7) of its costs plus benefits; four times that as a margin."""
    return 1e-6 * (np.abs(ds["investment"].values) + np.abs(ds["total_benefit"].values))


@pytest.mark.parametrize(("cohort", "dtype"), [("expected", np.float32), (9, np.float64)])
def test_the_store_holds_the_sampled_inputs_one_chunk_per_block(tmp_path, cohort, dtype):
    import zarr

    study = load_study()
    draws = 2 * BLOCK_SIZE + 10
    write_run(study, tmp_path / "res", draws=draws, seed=3, cohort=cohort)
    ds = open_run(tmp_path / "res")
    ref = simulate(study, draws=draws, seed=3, cohort=cohort)
    assert ds.sizes["draw"] == draws
    group = zarr.open_group(tmp_path / "res" / "results.zarr")
    per_draw = {name for name in ds.data_vars if "draw" in ds[name].dims}
    assert set(group.array_keys()) & per_draw == set(stored_variables(study))
    for name in stored_variables(study):
        assert name.startswith("param_") and group[name].dtype == dtype
        assert np.array_equal(ds[name].values, ref[name].values.astype(dtype), equal_nan=True)
    # every other variable is there, evaluated from the stored inputs
    assert set(ds.data_vars) == set(ref.data_vars)
    if dtype == np.float64:  # a sampled cohort: the run's own draws, bit for bit
        for name in ref.data_vars:
            assert np.array_equal(ds[name].values, ref[name].values, equal_nan=True), name
    else:
        assert (np.abs(ds["balance"] - ref["balance"]).values <= _model_rounding(ref)).all()
    folder = tmp_path / "res" / "results.zarr" / "param_share_pw"
    chunks = sorted(p.name for p in folder.iterdir())
    assert [c for c in chunks if not c.startswith(".")] == ["0.0", "1.0", "2.0"]
    records = sorted((tmp_path / "res" / "results.zarr.sha256").iterdir())
    assert [r.name for r in records] == ["00000000.json", "00000001.json", "00000002.json"]
    assert json.loads(records[2].read_text())["stop"] == draws


def test_keep_all_adds_the_fixed_parameters_and_the_outputs(tmp_path, capsys):
    import zarr

    study = load_study()
    fixed = {
        f"param_{n}" for n, p in study.parameters.items() if p.shared and p.distribution.is_fixed
    }
    assert fixed  # months_earlier_exit in the default study
    args = ["run", "--draws", "500", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "outputs")]) == 0
    assert main([*args, "--out", str(tmp_path / "all"), "--keep", "all"]) == 0
    capsys.readouterr()

    def arrays(folder):
        return set(zarr.open_group(tmp_path / folder / "results.zarr").array_keys())

    assert fixed.isdisjoint(arrays("outputs")) and "param_exit_share" in arrays("outputs")
    assert "balance" not in arrays("outputs") and {"balance", *fixed} <= arrays("all")
    # a reader gets the same variables either way, as simulate gives them
    restored, stored = open_run(tmp_path / "outputs"), open_run(tmp_path / "all")
    assert set(restored.data_vars) == set(stored.data_vars)
    for name in fixed:
        assert np.array_equal(restored[name].values, stored[name].values)
        assert restored[name].attrs == stored[name].attrs
    # the stored outputs are the float32 of those evaluated from the stored inputs
    assert np.array_equal(stored["balance"].values, restored["balance"].values.astype(np.float32))


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2 :] = bytes(len(data) - len(data) // 2)
    path.write_bytes(bytes(data))


def test_a_damaged_store_is_refused_naming_the_file_and_the_block(tmp_path, capsys):
    write_run(load_study(), tmp_path / "res", draws=BLOCK_SIZE + 100, seed=1)
    chunk = tmp_path / "res" / "results.zarr" / "param_share_pw" / "1.0"
    _damage(chunk)
    with pytest.raises(StoreError, match="block 1 of param_share_pw"):
        open_run(tmp_path / "res")
    code = main(["report", str(tmp_path / "res")])
    err = capsys.readouterr().err
    assert code == 2 and one_line(err), err
    assert f"{chunk}: block 1 of param_share_pw" in err and "damaged" in err
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
    assert (np.abs(ds["balance"] - ref["balance"]).values <= _model_rounding(ref)).all()
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
    chunk = store / "param_share_pw" / "1.0"
    _damage(chunk)
    (store.parent / "results.zarr.sha256" / "00000002.json").unlink()  # unfinished
    lines: list[str] = []
    resumed = write_store(study, store, settings, resume=True, notice=lines.append)
    assert len(lines) == 1 and "\n" not in lines[0]
    assert lines[0].startswith(f"{chunk}: block 1 of param_share_pw cannot be read")
    assert lines[0].endswith(": computed block 1 again")
    assert resumed.summary().equals(expected.summary())
    a, b = open_store(intact), open_store(store)
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name
