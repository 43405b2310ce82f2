"""A run's draws on disk: a chunked, compressed zarr store, one chunk per block, with a
checksum per block, that a killed run can resume.

Layout of ``results.zarr`` (readable with ``xarray.open_zarr``):

* by default (``keep="outputs"``), the run's headline outputs per arm and draw
  (:data:`HEADLINE`: investment, total benefit and balance), as float32, in zarr format
  2, chunked by :data:`~mkba_mc.sampling.BLOCK_SIZE` draws, bit-shuffled and compressed
  with zstd (Blosc): about 19 bytes per draw for two arms. Every other variable (the
  inputs, costs, benefits, stakeholders) is made again from the stored config and seed
  when the store is read (:func:`open_store`), a block at a time: blocks are
  reproducible, so the reader gets the run's own float64 draws, bit for bit, and the
  same numbers the run printed. The stored outputs check that: a block whose remade
  outputs do not agree with the stored ones to float32 precision (another version of
  mkba-mc or numpy that draws differently) is refused;
* with ``keep="all"``, every variable of the run in float64 (inputs, fixed parameters and
  outputs): a self-contained store for readers other than mkba-mc, read back as stored;
* beside it, ``results.zarr.sha256/NNNNNNNN.json``, one per finished block: the SHA-256 of
  each stored variable's values in that block. It is written (atomically, by rename) only
  after the block's data, so a block without its record was not finished and is computed
  again by ``--resume``;
* the run's attributes (config, seed, draws, cohort, what was kept, the store's format
  and the versions that wrote it) on the root group.

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

from ._version import __version__
from .config import config_hash
from .engine import (
    Execution,
    StopRule,
    accumulate,
    block_count,
    block_variables,
    map_blocks,
)
from .limits import MAX_DRAWS
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

__all__ = [
    "KEEP",
    "STORE",
    "StoreError",
    "open_store",
    "store_bytes",
    "stored_run",
    "write_store",
]

STORE = "results.zarr"
CHECKSUMS = ".sha256"
"""Suffix of the folder of block checksums beside a store."""
KEEP = ("outputs", "all")
Keep = Literal["outputs", "all"]


HEADLINE = ("investment", "total_benefit", "balance")
"""The outputs a store keeps by default, per arm and draw."""

FORMAT = 2
"""The store's layout: 2 keeps :data:`HEADLINE` (or everything) and makes the rest again
from the seed; 1 (the first stores, without this attribute) kept the sampled inputs."""


def store_dtype(keep: Keep) -> type[np.floating]:
    """float32 for the headline outputs (their 7 significant digits are far below any
    Monte Carlo error; readers use the remade float64 values), float64 with
    ``keep="all"``, whose values are read back as stored."""
    return np.float32 if keep == "outputs" else np.float64


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
    :data:`HEADLINE`, or with ``keep="all"`` every variable."""
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    return [name for name in layout(study) if keep == "all" or name in HEADLINE]


COMPRESSION = 0.9
"""Bound on the compressed size of stored draws against their raw size: outputs
bit-shuffled and compressed with zstd take 74% to 88% of it as float32 (about 19 of 24
bytes per draw for the default study's headline outputs); with ``keep="all"`` the fixed
inputs compress to almost nothing and the random ones to about 85% as float64."""


def store_bytes(study: Study, draws: int, keep: Keep = "outputs") -> int:
    """An estimate from above of the store's size: the stored values at
    :data:`COMPRESSION` of their raw size (4 or 8 bytes each, :func:`store_dtype`), and
    1 MiB of metadata and checksums."""
    coords = coordinates(study)
    spec = layout(study)
    size = np.dtype(store_dtype(keep)).itemsize
    per_draw = 0
    for name in stored_variables(study, keep):
        dims, _ = spec[name]
        per_draw += size * int(np.prod([len(coords[d][1]) for d in dims if d != "draw"]))
    return math.ceil(COMPRESSION * per_draw * draws) + (1 << 20)


def _compressor():
    from numcodecs import Blosc

    return Blosc(cname="zstd", clevel=5, shuffle=Blosc.BITSHUFFLE)


def _run_attrs(study: Study, settings: RunSettings, keep: Keep) -> dict:
    """The root attributes of a store: the run's, what it keeps and the format."""
    return {
        **run_attributes(study, settings),
        "keep": keep,
        "store_format": FORMAT,
        "numpy_version": np.__version__,
    }


def _create(path: Path, study: Study, settings: RunSettings, keep: Keep) -> None:
    """Write an empty store: the coordinates, the config's facts and the attributes
    through xarray, then one empty chunked array per stored variable.

    The per-draw arrays are made by zarr directly and no ``draw`` coordinate is written
    (``draw`` is a dimension without one): the store costs nothing per draw until its
    blocks are written, whatever ``--draws`` (a ceiling with ``--target-se``).
    """
    import zarr

    head = xr.Dataset(_static(study), coords=coordinates(study))
    head.attrs.update(_run_attrs(study, settings, keep))
    head.to_zarr(path, mode="w", consolidated=False, zarr_format=2)
    group = zarr.open_group(path, mode="r+", zarr_format=2)
    coords, spec = coordinates(study), layout(study)
    for name in stored_variables(study, keep):
        dims, attrs = spec[name]
        shape = (settings.draws, *(len(coords[d][1]) for d in dims[1:]))
        group.create_array(
            name,
            shape=shape,
            chunks=(BLOCK_SIZE, *shape[1:]),
            dtype=store_dtype(keep),
            compressors=_compressor(),
            fill_value=np.nan,
            attributes={**attrs, "_ARRAY_DIMENSIONS": list(dims)},
        )


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


def _records(store: Path, strict: bool = True) -> dict[int, dict]:
    """The checksum record of each finished block, by block.

    A record that does not read as one (cut short, edited) is refused with a
    :class:`StoreError` naming it, or with ``strict=False`` (``--resume``) left out, so
    that its block is computed again.
    """
    records = {}
    for path in sorted(_checksums(store).glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            valid = (
                isinstance(record, dict)
                and record.get("block") == int(path.stem)
                and isinstance(record.get("sha256"), dict)
                and all(isinstance(v, str) for v in record["sha256"].values())
            )
        except (OSError, UnicodeDecodeError, ValueError):
            valid = False
        if valid:
            records[record["block"]] = record
        elif strict:
            raise StoreError(f"{path}: not a checksum record of this store; the store is damaged")
    return records


def _open_group(path: Path, mode: str):
    """The store's zarr group, each array's own metadata read (not a consolidated copy),
    so that a damaged one is found."""
    import zarr

    try:
        return zarr.open_group(path, mode=mode, zarr_format=2, use_consolidated=False)
    except Exception as exc:
        raise StoreError(f"{path}: not a results store ({type(exc).__name__}: {exc})") from None


def _array(store: Path, group, name: str):
    """The stored array ``name``, refused with a :class:`StoreError` naming it when it is
    missing or its description is damaged."""
    try:
        return group[name]
    except KeyError:
        raise StoreError(f"{store}: has no {name}; the store is damaged") from None
    except Exception as exc:
        raise StoreError(
            f"{store / name}: cannot be read ({type(exc).__name__}); the store is damaged"
        ) from None


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
        array = _array(store, group, name)
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
    """Compute one block where it runs: the values to store and the block's summary,
    reduced from the run's own float64 draws (as :func:`mkba_mc.engine.stream_run`
    reduces them, so a run with and without ``--out`` prints the same numbers)."""

    def __init__(self, names: tuple[str, ...], keep: Keep) -> None:
        self.names = names
        self.keep = keep

    def __call__(
        self, study: Study, settings: RunSettings, block: int
    ) -> tuple[dict[str, np.ndarray], GroupSummary]:
        variables = block_variables(study, settings, block)
        dtype = store_dtype(self.keep)
        stored = {name: variables[name].astype(dtype) for name in self.names}
        group = GroupSummary()
        group.add(reduce_block(study, variables, settings, block))
        return stored, group


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
    task = _StoreTask(tuple(names), keep)
    run_attrs = _run_attrs(study, settings, keep)
    done: dict[int, dict] = {}
    if resume and (path / ".zgroup").exists():
        group = _open_group(path, "r+")
        for key in RUN_KEYS:
            if str(group.attrs.get(key)) != str(run_attrs[key]):
                raise StoreError(
                    f"{path}: the run to resume has {key} {group.attrs.get(key)}, this run "
                    f"{run_attrs[key]}; run without --resume to start again"
                )
        _checksums(path).mkdir(exist_ok=True)  # interrupted before it was made
        done = _records(path, strict=False)
    else:
        with _signals_deferred():
            _create(path, study, settings, keep)
        _checksums(path).mkdir(exist_ok=True)
        for stale in _checksums(path).glob("*.json"):
            stale.unlink()
        group = _open_group(path, "r+")
    n_blocks = block_count(settings.draws)
    missing = [b for b in range(n_blocks) if b not in done]
    computed = map_blocks(study, settings, task, missing, execution or Execution())

    def parts():  # each block read back (resumed) or computed and written, then reduced
        for block in range(n_blocks):
            if block in done:
                try:
                    stored = _read_block(path, group, names, block, done[block])
                    variables = _block_variables(
                        path, study, settings, block, stored, dict(group.attrs)
                    )
                    part = GroupSummary()
                    part.add(reduce_block(study, variables, settings, block))
                except DamagedBlock as exc:
                    values, part = task(study, settings, block)
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
    attrs = dict(run_attrs)
    attrs["stopped"] = reason
    if merged.decision.n < settings.draws:
        _shorten(path, group, names, merged.decision.n)
    attrs["draws"] = merged.decision.n
    with _signals_deferred():  # one metadata file, so xarray.open_zarr opens it at once
        zarr.consolidate_metadata(str(path))
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
    for name in names:
        array = group[name]
        array.resize((draws, *array.shape[1:]))
    group.attrs["draws"] = draws
    for record in _checksums(path).glob("*.json"):
        if int(record.stem) * BLOCK_SIZE >= draws:
            record.unlink()


RUN_KEYS = ("config_hash", "seed", "draws", "cohort", "keep", "block_size", "store_format")
"""The attributes that make a store the run asked for (checked by ``--resume``)."""


def open_store(path: str | os.PathLike, draws: int | None = None) -> xr.Dataset:
    """Open a run's store after verifying every block against its checksum.

    Parameters
    ----------
    path
        The store (``results.zarr``).
    draws
        Read only the run's first ``draws`` draws (at most the stored ones): the run of
        that many draws, blocks being reproducible, in the memory that many draws take.

    Returns
    -------
    xarray.Dataset
        The run, as :func:`mkba_mc.simulate` returns it (every variable, float64), in
        memory: what the store does not hold is made again from its config and seed
        (see the module's description).

    Raises
    ------
    StoreError
        Naming the file and the block of the first damaged or unfinished block, when the
        draws made again do not agree with the stored ones, when the stored config
        cannot be read, or when ``draws`` is more than the store holds.
    """
    path = Path(path)
    study, settings, group = _open(path)
    attrs = dict(group.attrs)
    if draws is None:
        draws = settings.draws
    elif not 1 <= draws <= settings.draws:
        raise StoreError(f"{path}: holds {settings.draws:,} draws; cannot read the first {draws:,}")
    records = _records(path)
    names = stored_variables(study, attrs["keep"])
    data: dict[str, np.ndarray] = {}
    for block in range(block_count(draws)):
        stored = _read_block(path, group, names, block, records.get(block))
        start = block * BLOCK_SIZE
        for name, value in _block_variables(path, study, settings, block, stored, attrs).items():
            if name not in data:
                data[name] = np.empty((draws, *value.shape[1:]), dtype=value.dtype)
            value = value[: draws - start]  # the first draws: the run of that many draws
            data[name][start : start + value.shape[0]] = value
    attrs["draws"] = draws
    spec = layout(study)
    variables = {name: (dims, data[name], meta) for name, (dims, meta) in spec.items()}
    variables.update(_static(study))
    return xr.Dataset(
        variables, coords={"draw": np.arange(draws), **coordinates(study)}, attrs=attrs
    )


def _block_variables(
    path: Path,
    study: Study,
    settings: RunSettings,
    block: int,
    stored: dict[str, np.ndarray],
    attrs: dict,
) -> dict[str, np.ndarray]:
    """Every variable of one block: as stored (``keep="all"``), or made again from the
    seed and checked against the stored headline outputs (``attrs``: the store's)."""
    if attrs["keep"] == "all":
        return {name: value.astype(float) for name, value in stored.items()}
    variables = block_variables(study, settings, block)
    for name, value in stored.items():
        remade = variables[name]
        tiny = np.finfo(np.float32).tiny
        if not np.allclose(remade, value, rtol=2.0**-23, atol=tiny, equal_nan=True):
            start = block * BLOCK_SIZE
            raise StoreError(
                f"{path}: block {block} (draws {start:,}–{start + len(value) - 1:,}): the "
                f"{name} made again from the seed does not agree with the stored one; the "
                f"store was written by mkba-mc {attrs.get('mkba_mc_version')} with numpy "
                f"{attrs.get('numpy_version')}, this is mkba-mc {__version__} with numpy "
                f"{np.__version__}: run it again, or keep every draw with --keep all"
            )
    return variables


def stored_run(path: str | os.PathLike) -> tuple[Study, RunSettings]:
    """The study and run settings of a store, without reading its draws.

    Raises
    ------
    StoreError
        When ``path`` is not a store this version reads, or its config cannot be read.
    """
    study, settings, _ = _open(Path(path))
    return study, settings


def _open(path: Path):
    """A store's study, settings and zarr group, refusing what this version cannot read."""
    group = _open_group(path, "r")
    attrs = dict(group.attrs)
    if "draws" not in attrs:
        raise StoreError(f"{path}: not a results store (it names no draws)")
    if attrs.get("store_format") != FORMAT:
        raise StoreError(
            f"{path}: a store of format {attrs.get('store_format', 1)}, written by mkba-mc "
            f"{attrs.get('mkba_mc_version', '(unknown)')}; this version reads format "
            f"{FORMAT}: run it again"
        )
    if attrs.get("keep") not in KEEP:
        raise StoreError(
            f"{path}: keep must be one of {', '.join(KEEP)}, got {attrs.get('keep')!r}"
        )
    draws = attrs["draws"]
    if not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise StoreError(
            f"{path}: draws must be a whole number from 1 to {MAX_DRAWS:,}, got {draws!r}"
        )
    if config_hash(str(attrs.get("config"))) != attrs.get("config_hash"):
        raise StoreError(
            f"{path}: the stored config does not match its SHA-256 (config_hash); the "
            "store is damaged"
        )
    study, settings = _stored_run(path, attrs)
    return study, settings, group


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
