"""A run's draws on disk: a chunked, compressed zarr store, one chunk per block, with a
checksum per block, that a killed run can resume.

Layout of ``results.zarr`` (readable with ``xarray.open_zarr``):

* every stored variable of :func:`mkba_mc.simulate` as float32 (seven significant
  digits: a cent on €100,000), in zarr format 2, chunked by
  :data:`~mkba_mc.sampling.BLOCK_SIZE` draws and compressed with zarr's default codec;
* beside it, ``results.zarr.sha256/NNNNNNNN.json``, one per finished block: the SHA-256 of
  each variable's values in that block. It is written (atomically, by rename) only after
  the block's data, so a block without its record was not finished and is computed again
  by ``--resume``;
* the run's attributes (config, seed, draws, cohort, what was kept) on the root group.

Which variables are stored is ``keep``: ``"outputs"`` (the default) stores every output
and each parameter with some uncertainty (what the report and the sensitivity analyses
read); ``"all"`` also the fixed parameters.

Readers call :func:`open_store`, which verifies every block against its checksum and
refuses a damaged or unfinished store with a :class:`StoreError` naming the file and the
block.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np
import xarray as xr

from .engine import (
    Execution,
    StopRule,
    accumulate,
    block_count,
    block_variables,
    map_blocks,
)
from .sampling import BLOCK_SIZE
from .simulation import (
    COST_PAYER_ATTRS,
    STREAM_STAKEHOLDER_ATTRS,
    RunSettings,
    coordinates,
    cost_payers,
    layout,
    run_attributes,
    stream_stakeholders,
)
from .spec import Study
from .streaming import GroupSummary, RunSummary, reduce_block

__all__ = ["KEEP", "STORE", "StoreError", "open_store", "store_bytes", "write_store"]

STORE = "results.zarr"
CHECKSUMS = ".sha256"
"""Suffix of the folder of block checksums beside a store."""
KEEP = ("outputs", "all")
Keep = Literal["outputs", "all"]
DTYPE = np.float32


class StoreError(ValueError):
    """A store that is damaged, unfinished or not the run asked for (bad input, exit 2)."""


class DamagedBlock(StoreError):
    """A finished block whose chunk does not read back or match its checksum.

    ``detail`` names the file, the block and the variable, and says what is wrong.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(f"{detail}; the store is damaged")
        self.detail = detail


def stored_variables(study: Study, keep: Keep = "outputs") -> list[str]:
    """The variables a store keeps, in the order of :func:`mkba_mc.simulation.layout`."""
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    names = []
    for name in layout(study):
        param = study.parameters.get(name.removeprefix("param_"))
        if name.startswith("param_") and keep == "outputs" and param is not None:
            dists = [param.distribution] if param.shared else param.per_arm.values()
            if all(d.is_fixed for d in dists):
                continue
        names.append(name)
    return names


def store_bytes(study: Study, draws: int, keep: Keep = "outputs") -> int:
    """An upper bound on the store's size: uncompressed float32 and 1 MiB of metadata."""
    coords = coordinates(study)
    spec = layout(study)
    per_draw = 0
    for name in stored_variables(study, keep):
        dims, _ = spec[name]
        per_draw += 4 * int(np.prod([len(coords[d][1]) for d in dims if d != "draw"]))
    return per_draw * draws + (1 << 20)


def _template(study: Study, settings: RunSettings, keep: Keep) -> xr.Dataset:
    import dask.array as da

    coords = coordinates(study)
    spec = layout(study)
    data = {}
    for name in stored_variables(study, keep):
        dims, attrs = spec[name]
        shape = (settings.draws, *(len(coords[d][1]) for d in dims[1:]))
        chunks = (BLOCK_SIZE, *shape[1:])
        data[name] = (dims, da.zeros(shape, dtype=DTYPE, chunks=chunks), attrs)
    data["stream_stakeholder"] = (
        ("stream", "stakeholder"),
        stream_stakeholders(study),
        STREAM_STAKEHOLDER_ATTRS,
    )
    data["cost_payer"] = (
        ("component", "stakeholder"),
        cost_payers(study),
        COST_PAYER_ATTRS,
    )
    attrs = {**run_attributes(study, settings), "keep": keep}
    return xr.Dataset(data, coords={"draw": np.arange(settings.draws), **coords}, attrs=attrs)


@contextlib.contextmanager
def _signals_deferred():
    """Hold Ctrl-C and SIGTERM until the block inside is read or written.

    zarr reads and writes through an event loop in another thread; interrupted halfway,
    it leaves a coroutine that was never awaited, which Python reports at exit. A block
    takes milliseconds, so the signal is handled right after it, as it would have been.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        sig: signal.signal(sig, lambda number, frame: caught.append(number))
        for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)
            else:
                os.kill(os.getpid(), caught[0])


def _checksum(values: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(values, dtype=DTYPE).tobytes()).hexdigest()


def _checksums(store: Path) -> Path:
    return store.with_name(store.name + CHECKSUMS)


def _record_path(store: Path, block: int) -> Path:
    return _checksums(store) / f"{block:08d}.json"


def _chunk_file(store: Path, name: str, ndim: int, block: int) -> Path:
    """The file that holds ``block`` of variable ``name`` (zarr v2's chunk keys)."""
    return store / name / ".".join([str(block), *(["0"] * (ndim - 1))])


def _records(store: Path) -> dict[int, dict]:
    records = {}
    for path in sorted(_checksums(store).glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        records[int(record["block"])] = record
    return records


def _read_block(store: Path, group, names: list[str], block: int, record: dict | None) -> dict:
    """One block's stored values, verified against its checksum record."""
    draws = group.attrs["draws"]
    start, stop = block * BLOCK_SIZE, min((block + 1) * BLOCK_SIZE, draws)
    if record is None:
        raise StoreError(
            f"{store}: block {block} (draws {start:,}–{stop - 1:,}) has no checksum: the run "
            "did not finish (resume it with mkba-mc run --out ... --resume)"
        )
    values = {}
    for name in names:
        array = group[name]
        try:
            with _signals_deferred():
                data = np.asarray(array[start:stop])
        except Exception as exc:  # a damaged chunk does not decompress
            raise DamagedBlock(
                f"{_chunk_file(store, name, array.ndim, block)}: block {block} of {name} "
                f"cannot be read ({type(exc).__name__})"
            ) from None
        if _checksum(data) != record["sha256"].get(name):
            raise DamagedBlock(
                f"{_chunk_file(store, name, array.ndim, block)}: block {block} of {name} "
                "does not match its checksum"
            )
        values[name] = data
    return values


class _StoreTask:
    """Compute one block and keep the stored variables as float32 (runs on a worker)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def __call__(self, study: Study, settings: RunSettings, block: int) -> dict:
        variables = block_variables(study, settings, block)
        return {name: variables[name].astype(DTYPE) for name in self.names}


def write_store(
    study: Study,
    path: str | os.PathLike,
    settings: RunSettings,
    *,
    keep: Keep = "outputs",
    execution: Execution | None = None,
    stop: StopRule | None = None,
    resume: bool = False,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] | None = None,
) -> RunSummary:
    """Write (or finish) a run's store and return its summary, reduced from the stored
    values block by block.

    Parameters
    ----------
    study, settings
        The run.
    path
        The store (``results.zarr``); with ``resume``, an unfinished store of the same
        run whose finished blocks are kept (and verified: a finished block that fails
        its checksum is computed again, blocks being reproducible).
    keep
        ``"outputs"`` or ``"all"`` (see the module's description).
    execution, stop, progress
        As for :func:`mkba_mc.engine.stream_run`.
    notice
        Called with one line for each finished block that was damaged and computed again.

    Raises
    ------
    StoreError
        When ``resume`` finds a store of another run.
    """
    import zarr

    path = Path(path)
    names = stored_variables(study, keep)
    template = _template(study, settings, keep)
    done: dict[int, dict] = {}
    if resume and (path / ".zgroup").exists():
        group = zarr.open_group(path, mode="r+")
        for key in ("config_hash", "seed", "draws", "cohort", "keep", "block_size"):
            if str(group.attrs.get(key)) != str(template.attrs[key]):
                raise StoreError(
                    f"{path}: the run to resume has {key} {group.attrs.get(key)}, this run "
                    f"{template.attrs[key]}; run without --resume to start again"
                )
        done = _records(path)
    else:
        with _signals_deferred():
            template.to_zarr(path, mode="w", compute=False, consolidated=False, zarr_format=2)
        _checksums(path).mkdir(exist_ok=True)
        for stale in _checksums(path).glob("*.json"):
            stale.unlink()
        group = zarr.open_group(path, mode="r+")
    n_blocks = block_count(settings.draws)
    missing = [b for b in range(n_blocks) if b not in done]
    computed = map_blocks(
        study, settings, _StoreTask(tuple(names)), missing, execution or Execution()
    )

    def parts():  # each block read back (resumed) or computed and written, then reduced
        for block in range(n_blocks):
            if block in done:
                try:
                    values = _read_block(path, group, names, block, done[block])
                except DamagedBlock as exc:
                    values = _StoreTask(tuple(names))(study, settings, block)
                    with _signals_deferred():
                        _write_block(path, group, names, block, values)
                    if notice is not None:
                        notice(f"{exc.detail}: computed block {block} again")
            else:
                computed_block, values = next(results)
                assert computed_block == block
                with _signals_deferred():
                    _write_block(path, group, names, block, values)
            part = GroupSummary()
            part.add(reduce_block(study, {k: v.astype(float) for k, v in values.items()}))
            yield range(block, block + 1), part

    with contextlib.closing(computed) as results:
        merged, reason = accumulate(study, settings, parts(), stop, progress)
    attrs = dict(template.attrs)
    attrs["stopped"] = reason
    if merged.decision.n < settings.draws:
        _shorten(path, group, names, merged.decision.n)
    attrs["draws"] = merged.decision.n
    return RunSummary(study, merged, attrs)


def _write_block(path: Path, group, names: list[str], block: int, values: dict) -> None:
    start = block * BLOCK_SIZE
    sums = {}
    for name in names:
        data = values[name]
        group[name][start : start + data.shape[0]] = data
        sums[name] = _checksum(data)
    record = {"block": block, "start": start, "stop": start + len(data), "sha256": sums}
    final = _record_path(path, block)
    tmp = final.with_suffix(".tmp")
    tmp.write_text(json.dumps(record) + "\n", encoding="utf-8")
    os.replace(tmp, final)


def _shorten(path: Path, group, names: list[str], draws: int) -> None:
    """Cut a store to its first ``draws`` draws (a run that stopped at its target)."""
    for name in [*names, "draw"]:
        array = group[name]
        array.resize((draws, *array.shape[1:]))
    group.attrs["draws"] = draws
    for record in _checksums(path).glob("*.json"):
        if int(record.stem) * BLOCK_SIZE >= draws:
            record.unlink()


def open_store(path: str | os.PathLike) -> xr.Dataset:
    """Open a run's store after verifying every block against its checksum.

    Returns
    -------
    xarray.Dataset
        The run, as :func:`mkba_mc.simulate` returns it (the stored variables only, in
        float64), in memory.

    Raises
    ------
    StoreError
        Naming the file and the block of the first damaged or unfinished block.
    """
    import zarr

    path = Path(path)
    try:
        group = zarr.open_group(path, mode="r")
        draws = int(group.attrs["draws"])
    except Exception as exc:
        raise StoreError(f"{path}: not a results store ({type(exc).__name__}: {exc})") from None
    records = _records(path)
    names = [name for name in group.array_keys() if "draw" in _dims(group[name])]
    names = [n for n in names if n != "draw"]
    for block in range(block_count(draws)):
        _read_block(path, group, names, block, records.get(block))
    with xr.open_zarr(path, consolidated=False, chunks=None) as ds:
        # float64 in memory, as simulate returns it, so that differences and sums of
        # stored values are computed in double precision
        ds = ds.load()
        return ds.assign(
            {name: v.astype(np.float64) for name, v in ds.data_vars.items() if v.dtype == DTYPE}
        )


def _dims(array) -> tuple[str, ...]:
    return tuple(array.attrs.get("_ARRAY_DIMENSIONS", ()))
