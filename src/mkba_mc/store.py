"""A run's draws on disk: a chunked, compressed zarr store, one chunk per block, with a
checksum per block, that a killed run can resume.

Layout of ``results.zarr`` (readable with ``xarray.open_zarr``):

* by default, every *sampled* parameter (``param_*``, those with some uncertainty), in
  zarr format 2, chunked by :data:`~mkba_mc.sampling.BLOCK_SIZE` draws, bit-shuffled and
  compressed with zstd (Blosc): as float32 for a run of expected values (about 170 bytes
  per draw for the default study), as float64 when the cohort is sampled (about 370; see
  :func:`store_dtype`). Everything else a run holds (costs, benefits, balances,
  stakeholders, the fixed parameters) follows from these inputs, the stored config and
  the seed, and is evaluated again by the model when the store is read
  (:func:`open_store`), a block at a time;
* with ``keep="all"``, also the fixed parameters and every output, for readers other
  than mkba-mc;
* beside it, ``results.zarr.sha256/NNNNNNNN.json``, one per finished block: the SHA-256 of
  each stored variable's values in that block. It is written (atomically, by rename) only
  after the block's data, so a block without its record was not finished and is computed
  again by ``--resume``;
* the run's attributes (config, seed, draws, cohort, what was kept) on the root group.

The run itself is evaluated from the inputs as stored, not from the float64 values they
were drawn as: the summary it prints and every later reader see the same numbers (float32
moves each input by at most 6e-8 of itself, far below any Monte Carlo error).

Readers call :func:`open_store`, which verifies every block against its checksum and
refuses a damaged or unfinished store with a :class:`StoreError` naming the file and the
block.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np
import xarray as xr

from .designs import sample_block
from .engine import (
    Execution,
    StopRule,
    accumulate,
    block_count,
    map_blocks,
)
from .sampling import BLOCK_SIZE
from .simulation import (
    COST_PAYER_ATTRS,
    STREAM_STAKEHOLDER_ATTRS,
    RunSettings,
    block_outputs,
    coordinates,
    cost_payers,
    layout,
    run_attributes,
    stream_stakeholders,
)
from .spec import Cohort, Study
from .streaming import GroupSummary, RunSummary, reduce_block

__all__ = ["KEEP", "STORE", "StoreError", "open_store", "store_bytes", "write_store"]

STORE = "results.zarr"
CHECKSUMS = ".sha256"
"""Suffix of the folder of block checksums beside a store."""
KEEP = ("outputs", "all")
Keep = Literal["outputs", "all"]


def store_dtype(settings: RunSettings) -> type[np.floating]:
    """float32 for a run of expected values; float64 when the cohort is sampled.

    Outputs of expected values are smooth in the inputs: from float32 inputs they move by
    about 1e-7 of themselves. A sampled cohort draws its clients with probabilities made
    of the inputs, and a rounded probability changes the clients drawn in about 2% of the
    draws (the mean by some 0.2 Monte Carlo standard errors); its inputs are kept exactly,
    so that the store gives the run's own draws, bit for bit.
    """
    return np.float32 if settings.cohort == "expected" else np.float64


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
    """The variables a store keeps, in the order of :func:`mkba_mc.simulation.layout`:
    the sampled parameters, or with ``keep="all"`` every variable."""
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    if keep == "all":
        return list(layout(study))
    return [name for name in layout(study) if _sampled(study, name)]


def _sampled(study: Study, name: str) -> bool:
    """Whether ``name`` is a parameter with some uncertainty (in at least one arm)."""
    param = study.parameters.get(name.removeprefix("param_"))
    if not name.startswith("param_") or param is None:
        return False
    dists = [param.distribution] if param.shared else param.per_arm.values()
    return not all(d.is_fixed for d in dists)


COMPRESSION = 0.9
"""Bound on the compressed size of stored draws against their raw size: random values
bit-shuffled and compressed with zstd take about 79% of it as float32 (170 of 216 bytes
per draw for the default study's sampled parameters) and 85% as float64 (367 of 432)."""


def store_bytes(
    study: Study, draws: int, keep: Keep = "outputs", cohort: Cohort = "expected"
) -> int:
    """An estimate from above of the store's size: the stored values at
    :data:`COMPRESSION` of their raw size (4 or 8 bytes each, :func:`store_dtype`), and
    1 MiB of metadata and checksums."""
    coords = coordinates(study)
    spec = layout(study)
    size = np.dtype(store_dtype(RunSettings(draws, 0, cohort))).itemsize
    per_draw = 0
    for name in stored_variables(study, keep):
        dims, _ = spec[name]
        per_draw += size * int(np.prod([len(coords[d][1]) for d in dims if d != "draw"]))
    return math.ceil(COMPRESSION * per_draw * draws) + (1 << 20)


def _compressor():
    from numcodecs import Blosc

    return Blosc(cname="zstd", clevel=5, shuffle=Blosc.BITSHUFFLE)


def _template(study: Study, settings: RunSettings, keep: Keep) -> xr.Dataset:
    import dask.array as da

    coords = coordinates(study)
    spec = layout(study)
    data = {}
    for name in stored_variables(study, keep):
        dims, attrs = spec[name]
        shape = (settings.draws, *(len(coords[d][1]) for d in dims[1:]))
        chunks = (BLOCK_SIZE, *shape[1:])
        data[name] = (dims, da.zeros(shape, dtype=store_dtype(settings), chunks=chunks), attrs)
    data.update(_static(study))
    attrs = {**run_attributes(study, settings), "keep": keep}
    return xr.Dataset(data, coords={"draw": np.arange(settings.draws), **coords}, attrs=attrs)


def _static(study: Study) -> dict:
    """The variables without a draw dimension (facts of the config)."""
    return {
        "stream_stakeholder": (
            ("stream", "stakeholder"),
            stream_stakeholders(study),
            STREAM_STAKEHOLDER_ATTRS,
        ),
        "cost_payer": (("component", "stakeholder"), cost_payers(study), COST_PAYER_ATTRS),
    }


def _fixed(study: Study, name: str, draws: int) -> np.ndarray:
    """A fixed parameter's value for ``draws`` draws, shaped as the sampler returns it."""
    param = study.parameters[name]
    dists = [param.distribution] if param.shared else [param.per_arm[a] for a in study.arm_names]
    value = np.stack([np.asarray(d.mean(), dtype=float) for d in dists])
    value = value[0] if param.shared else value
    return np.broadcast_to(value, (draws, *value.shape)).copy()


def complete_block(
    study: Study, settings: RunSettings, block: int, stored: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Every variable of one block from what the store holds of it.

    Stored values are taken as they are (in float64); the rest is evaluated by the model
    from the stored parameters (the fixed ones from the config; shares over components
    stored as float32 divided by their rounded sum, so that they add up to 1 as drawn; the
    Dataset keeps them as stored). A short last block is completed to
    :data:`~mkba_mc.sampling.BLOCK_SIZE` draws with the parameters the run drew after it
    (made again from the seed): a sampled cohort's clients are drawn for the whole block
    at once, so its first draws depend on the rest. The writer reduces its summary from
    this too, so the run and every reader see the same numbers.
    """
    n = next(iter(stored.values())).shape[0]
    # the draws after a short last block, as the run drew them (the seed makes them again)
    after = sample_block(study, settings.seed, block) if n < BLOCK_SIZE else {}
    values = {}
    for name, param in study.parameters.items():
        key = f"param_{name}"
        if key not in stored:
            value = _fixed(study, name, n)
        else:
            value = stored[key].astype(float)
            if param.components is not None and stored[key].dtype != value.dtype:
                value = value / value.sum(axis=-1, keepdims=True)  # rounded shares add to 1
        if n < BLOCK_SIZE:
            value = np.concatenate([value, after[name][n:]])
        values[name] = value
    variables = {
        name: value[:n] for name, value in block_outputs(study, settings, block, values).items()
    }
    variables.update({name: value.astype(float) for name, value in stored.items()})
    return variables


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
    return hashlib.sha256(np.ascontiguousarray(values).tobytes()).hexdigest()


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
    """Compute one block where it runs: the values to store (:func:`store_dtype`) and the block's
    summary, reduced from what a reader of the store will see."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def __call__(
        self, study: Study, settings: RunSettings, block: int
    ) -> tuple[dict[str, np.ndarray], GroupSummary]:
        keep = min(BLOCK_SIZE, settings.draws - block * BLOCK_SIZE)
        dtype = store_dtype(settings)
        sampled = sample_block(study, settings.seed, block)
        stored = {
            name: sampled[name.removeprefix("param_")][:keep].astype(dtype)
            for name in self.names
            if name.startswith("param_")
        }
        if len(stored) < len(self.names):  # keep="all": the outputs of the stored inputs
            variables = complete_block(study, settings, block, stored)
            stored = {name: variables[name].astype(dtype) for name in self.names}
        return stored, _summary(study, settings, block, stored)


def _summary(study: Study, settings: RunSettings, block: int, stored: dict) -> GroupSummary:
    group = GroupSummary()
    group.add(reduce_block(study, complete_block(study, settings, block, stored), settings, block))
    return group


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
            template.to_zarr(
                path,
                mode="w",
                compute=False,
                consolidated=False,
                zarr_format=2,
                encoding={name: {"compressors": [_compressor()]} for name in names},
            )
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
                    part = _summary(study, settings, block, values)
                except DamagedBlock as exc:
                    values, part = _StoreTask(tuple(names))(study, settings, block)
                    with _signals_deferred():
                        _write_block(path, group, names, block, values)
                    if notice is not None:
                        notice(f"{exc.detail}: computed block {block} again")
            else:
                computed_block, (values, part) = next(results)
                assert computed_block == block
                with _signals_deferred():
                    _write_block(path, group, names, block, values)
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
        The run, as :func:`mkba_mc.simulate` returns it (every variable, float64), in
        memory: what the store does not hold is evaluated from what it holds
        (:func:`complete_block`).

    Raises
    ------
    StoreError
        Naming the file and the block of the first damaged or unfinished block, or when
        the stored config cannot be read.
    """
    import zarr

    path = Path(path)
    try:
        group = zarr.open_group(path, mode="r")
        draws = int(group.attrs["draws"])
    except Exception as exc:
        raise StoreError(f"{path}: not a results store ({type(exc).__name__}: {exc})") from None
    study, settings = _stored_run(path, dict(group.attrs))
    records = _records(path)
    names = [n for n in group.array_keys() if "draw" in _dims(group[n]) and n != "draw"]
    coords = coordinates(study)
    data: dict[str, np.ndarray] = {}
    for block in range(block_count(draws)):
        stored = _read_block(path, group, names, block, records.get(block))
        start = block * BLOCK_SIZE
        for name, value in complete_block(study, settings, block, stored).items():
            if name not in data:
                data[name] = np.empty((draws, *value.shape[1:]), dtype=value.dtype)
            data[name][start : start + value.shape[0]] = value
    spec = layout(study)
    variables = {name: (dims, data[name], attrs) for name, (dims, attrs) in spec.items()}
    variables.update(_static(study))
    return xr.Dataset(
        variables,
        coords={"draw": np.arange(draws), **coords},
        attrs=dict(group.attrs),
    )


def _stored_run(path: Path, attrs: dict) -> tuple[Study, RunSettings]:
    """The study and run settings a store was written with (its stored config)."""
    import warnings

    from .config import ConfigError, UnusedParameterWarning, parse_study

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnusedParameterWarning)
            study = parse_study(str(attrs["config"]), origin=f"{path} (stored config)")
        cohort = str(attrs["cohort"])
        settings = RunSettings(
            draws=int(attrs["draws"]),
            seed=int(attrs["seed"]),
            cohort=cohort if cohort == "expected" else int(cohort),
        )
    except (KeyError, ValueError, ConfigError) as exc:
        raise StoreError(f"{path}: its stored config cannot be read ({exc})") from None
    return study, settings


def _dims(array) -> tuple[str, ...]:
    return tuple(array.attrs.get("_ARRAY_DIMENSIONS", ()))
