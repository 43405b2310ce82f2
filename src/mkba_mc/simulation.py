"""The Monte Carlo engine: blocks of draws in, an :class:`xarray.Dataset` out.

A run is a sequence of fixed-size blocks (:data:`~mkba_mc.sampling.BLOCK_SIZE` draws).
Each block samples every parameter from its own named streams, samples each arm's
cohort, and evaluates the model. Blocks are independent, so they may be computed in any
grouping (``chunk_draws``) and by any number of threads (``workers``) and the result is
bit-identical.

:func:`simulate` keeps everything in memory; :func:`simulate_to_netcdf` writes the same
dataset block by block to disk, so runs of 10^7 draws need memory for one chunk only.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from ._version import __version__
from .config import config_hash
from .designs import sample_block
from .limits import MAX_COHORT, MAX_DRAWS, MAX_SEED, is_whole_number, whole_number
from .model import evaluate, success_share
from .sampling import BLOCK_SIZE, block_stream
from .spec import OUTCOME_SHARES, Cohort, Study

if TYPE_CHECKING:  # the risk view reduces blocks of runs; it imports this module
    from .risk.stream import RiskOptions

__all__ = [
    "DEFAULT_CHUNK_DRAWS",
    "RunSettings",
    "bytes_per_draw",
    "simulate",
    "simulate_to_netcdf",
]

DEFAULT_CHUNK_DRAWS = 8 * BLOCK_SIZE
"""Draws held in memory at once by default (about 130 000)."""

PER_CLIENT = "EUR per client"


@dataclass(frozen=True)
class RunSettings:
    """What defines a run besides the study: draws, seed and cohort; and ``risk``, the
    options of the investment-risk view its blocks are also reduced to
    (:class:`mkba_mc.risk.stream.RiskOptions`; ``None``: no risk view). ``risk`` does
    not change the draws."""

    draws: int
    seed: int
    cohort: Cohort
    risk: RiskOptions | None = None

    @classmethod
    def resolve(
        cls, study: Study, draws=None, seed=None, cohort=None, risk: RiskOptions | None = None
    ) -> RunSettings:
        """Fill unset values from the study's ``[run]`` and ``[cohort]`` defaults."""
        settings = cls(
            risk=risk,
            draws=study.draws if draws is None else draws,
            seed=study.seed if seed is None else seed,
            cohort=study.cohort if cohort is None else cohort,
        )
        whole_number(settings.draws, "draws", 1)
        whole_number(settings.seed, "seed", 0)
        if settings.cohort != "expected" and (
            not is_whole_number(settings.cohort) or settings.cohort < 1
        ):
            raise ValueError(
                "cohort must be a positive number of clients or 'expected', "
                f"got {settings.cohort!r}"
            )
        limits = [("draws", settings.draws, 1, MAX_DRAWS), ("seed", settings.seed, 0, MAX_SEED)]
        if settings.cohort != "expected":
            limits.append(("cohort", settings.cohort, 1, MAX_COHORT))
        for what, value, minimum, maximum in limits:
            whole_number(value, what, minimum, maximum)
        return settings


# --------------------------------------------------------------------------- one block


def _block(study: Study, settings: RunSettings, block: int) -> dict[str, np.ndarray]:
    """All variables of one whole block, keyed by their dataset names."""
    return block_outputs(study, settings, block, sample_block(study, settings.seed, block))


def block_outputs(
    study: Study, settings: RunSettings, block: int, values: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Every variable of one whole block from its parameter values (those of
    :func:`mkba_mc.sampling.sample_parameters`, ``BLOCK_SIZE`` draws); a sampled cohort
    draws its clients from the block's own streams, as in the run."""

    def rng_for_arm(arm: str) -> np.random.Generator:
        return block_stream(settings.seed, block, "cohort", arm)

    out = evaluate(study, values, settings.cohort, rng_for_arm)
    investment = out.investment
    total = out.total_benefit
    with np.errstate(divide="ignore", invalid="ignore"):
        bcr = total / investment
    variables = {
        "investment": investment,
        "cost": out.cost,
        "benefit": out.benefit,
        "total_benefit": total,
        "balance": total - investment,
        "bcr": bcr,
        "benefit_by_stakeholder": out.benefit_by_stakeholder,
        "share_successful": success_share(study, out),
        "outcome_share": out.outcome_share,
    }
    for name, value in values.items():
        variables[f"param_{name}"] = value
    return variables


# --------------------------------------------------------------------------- layout


def _component_dim(name: str) -> str:
    return "category" if name == OUTCOME_SHARES else f"{name}_component"


def layout(study: Study) -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """Every variable of a run: its dims and attributes (units, descriptions)."""
    arm = ("draw", "arm")
    variables = {
        "investment": (arm, {"units": PER_CLIENT, "long_name": "investment (investering)"}),
        "cost": ((*arm, "component"), {"units": PER_CLIENT, "long_name": "cost per component"}),
        "benefit": (
            (*arm, "stream"),
            {"units": PER_CLIENT, "long_name": "benefit per stream (baten)"},
        ),
        "total_benefit": (arm, {"units": PER_CLIENT, "long_name": "total benefits (all streams)"}),
        "balance": (
            arm,
            {"units": PER_CLIENT, "long_name": "balance: benefits - investment (saldo)"},
        ),
        "bcr": (arm, {"units": "1", "long_name": "benefit-cost ratio"}),
        "benefit_by_stakeholder": (
            (*arm, "stakeholder"),
            {"units": PER_CLIENT, "long_name": "benefits per stakeholder"},
        ),
        "share_successful": (arm, {"units": "1", "long_name": "share of successful clients"}),
        "outcome_share": (
            (*arm, "outcome"),
            {"units": "1", "long_name": "share of clients per final outcome"},
        ),
    }
    for name, param in study.parameters.items():
        dims = ("draw",) if param.shared else arm
        if param.components is not None:
            dims = (*dims, _component_dim(name))
        attrs = {
            "units": param.unit,
            "long_name": param.label,
            "source": param.source,
            "distribution": param.describe(),
            "role": "parameter",
            "group": param.group,
            "client_attribute": int(param.client_attribute),
        }
        variables[f"param_{name}"] = (dims, attrs)
    return variables


def bytes_per_draw(study: Study) -> int:
    """Bytes one draw of :func:`simulate` holds in memory: 8 per value of every variable."""
    coords = coordinates(study)
    total = 0
    for dims, _ in layout(study).values():
        values = 1
        for dim in dims:
            values *= len(study.arms) if dim == "arm" else len(coords.get(dim, ("", [0]))[1])
        total += 8 * values
    return total


def coordinates(study: Study) -> dict[str, tuple[str, list]]:
    """Label coordinates of every non-draw dimension."""
    coords = {
        "arm": ("arm", list(study.arm_names)),
        "arm_label": ("arm", [a.label for a in study.arms]),
        "component": ("component", [c.name for c in study.costs]),
        "component_label": ("component", [c.label for c in study.costs]),
        "stream": ("stream", [b.name for b in study.benefits]),
        "stream_label": ("stream", [b.label for b in study.benefits]),
        "stakeholder": ("stakeholder", list(study.stakeholders)),
        "stakeholder_label": ("stakeholder", list(study.stakeholders.values())),
        "outcome": ("outcome", list(study.outcomes.final_categories)),
    }
    for name, param in study.parameters.items():
        if param.components is not None:
            dim = _component_dim(name)
            coords[dim] = (dim, list(param.components))
    return coords


STREAM_STAKEHOLDER_ATTRS = {
    "units": "1",
    "long_name": "1 where some term of the benefit stream goes (partly) to the stakeholder",
}


def stream_stakeholders(study: Study) -> np.ndarray:
    """Which benefit streams touch which stakeholders: ``(stream, stakeholder)`` of 0/1.

    A stream touches a stakeholder when any of its terms allocates a positive share to it
    (SPEC 2.5). A static fact of the config, stored in every run as ``stream_stakeholder``
    so that analyses (the "partly with the municipality" reading) need no config.
    """
    holders = list(study.stakeholders)
    touches = np.zeros((len(study.benefits), len(holders)), dtype=np.int8)
    for s, item in enumerate(study.benefits):
        for term in item.terms:
            for holder, share in term.stakeholders.items():
                if share > 0:
                    touches[s, holders.index(holder)] = 1
    return touches


COST_PAYER_ATTRS = {
    "units": "1",
    "long_name": "share of each cost component paid by each stakeholder",
}


def cost_payers(study: Study) -> np.ndarray:
    """Who pays which cost component: ``(component, stakeholder)`` shares adding up to 1
    per component (the config's ``payer``; the municipality by default). A static fact of
    the config, stored in every run as ``cost_payer`` so that the stakeholders' balances
    (:func:`mkba_mc.risk.stakeholder_balances`) need no config."""
    holders = list(study.stakeholders)
    shares = np.zeros((len(study.costs), len(holders)))
    for c, item in enumerate(study.costs):
        for holder, share in item.payer.items():
            shares[c, holders.index(holder)] = share
    return shares


def run_attributes(study: Study, settings: RunSettings) -> dict[str, str | int]:
    """Run metadata stored with every result."""
    return {
        "title": study.title,
        "study_source": study.source,
        "baseline": study.baseline,
        "payer": study.payer,
        "currency": study.currency,
        "seed": int(settings.seed),
        "draws": int(settings.draws),
        "cohort": str(settings.cohort),
        "discount_rate": 0.0 if study.discounting is None else study.discounting.rate,
        "block_size": BLOCK_SIZE,
        "sampling": study.sampling,
        "mkba_mc_version": __version__,
        "language": study.language,
        "translations": json.dumps(
            {lang: dict(texts) for lang, texts in study.translations.items()}, ensure_ascii=False
        ),
        "config_origin": study.origin,
        "config_hash": config_hash(study.text),
        "config": study.text,
        "config_overrides": "\n".join(study.overrides),
    }


# --------------------------------------------------------------------------- chunks


def _blocks(
    study: Study, settings: RunSettings, chunk_draws: int, workers: int
) -> Iterator[tuple[int, int, dict[str, np.ndarray]]]:
    """Yield ``(start, stop, variables)`` block by block, in order.

    Blocks are computed a chunk (``chunk_draws``, in whole blocks) at a time by
    ``workers`` threads; the last block is cut to the number of draws asked for.
    """
    if chunk_draws < 1:
        raise ValueError(f"chunk_draws must be positive, got {chunk_draws}")
    if workers < 1:
        raise ValueError(f"workers must be positive, got {workers}")
    blocks_per_chunk = max(1, chunk_draws // BLOCK_SIZE)
    n_blocks = math.ceil(settings.draws / BLOCK_SIZE)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for first in range(0, n_blocks, blocks_per_chunk):
            blocks = range(first, min(first + blocks_per_chunk, n_blocks))
            results = pool.map(lambda b: _block(study, settings, b), blocks)
            for block, result in zip(blocks, results, strict=True):
                start = block * BLOCK_SIZE
                stop = min(start + BLOCK_SIZE, settings.draws)
                yield start, stop, {name: value[: stop - start] for name, value in result.items()}


def simulate(
    study: Study,
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    *,
    chunk_draws: int = DEFAULT_CHUNK_DRAWS,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """Run the Monte Carlo simulation in memory.

    Parameters
    ----------
    study
        A validated study (:func:`mkba_mc.load_study`).
    draws, seed, cohort
        Override the study's defaults (``[run]`` and ``[cohort]`` in the config).
        ``cohort`` is a number of clients per arm or ``"expected"``.
    chunk_draws
        Draws computed at once (rounded to whole blocks); does not change the result.
    workers
        Threads computing blocks in parallel; does not change the result.
    progress
        Called with ``(draws done, draws in all)`` after each block.

    Returns
    -------
    xarray.Dataset
        Per-client euros with dims ``draw`` and ``arm`` (and ``component``, ``stream``,
        ``stakeholder``, ``outcome``): ``investment``, ``cost``, ``benefit``,
        ``total_benefit``, ``balance``, ``bcr``, ``benefit_by_stakeholder``,
        ``share_successful``, ``outcome_share`` and every sampled parameter as
        ``param_<name>``; ``stream_stakeholder`` (no draw dim) marks which benefit
        streams touch which stakeholders, ``cost_payer`` (no draw dim) who pays which
        share of each cost component. Attributes hold the seed, draws, cohort, version
        and config.
    """
    settings = RunSettings.resolve(study, draws, seed, cohort)
    spec = layout(study)
    data: dict[str, np.ndarray] = {}
    for start, stop, chunk in _blocks(study, settings, chunk_draws, workers):
        for name, value in chunk.items():
            if name not in data:
                data[name] = np.empty((settings.draws, *value.shape[1:]), dtype=value.dtype)
            data[name][start:stop] = value
        if progress is not None:
            progress(stop, settings.draws)
    data["stream_stakeholder"] = stream_stakeholders(study)
    spec["stream_stakeholder"] = (("stream", "stakeholder"), STREAM_STAKEHOLDER_ATTRS)
    data["cost_payer"] = cost_payers(study)
    spec["cost_payer"] = (("component", "stakeholder"), COST_PAYER_ATTRS)
    ds = xr.Dataset(
        {name: (dims, data[name], attrs) for name, (dims, attrs) in spec.items()},
        coords={"draw": np.arange(settings.draws), **coordinates(study)},
        attrs=run_attributes(study, settings),
    )
    return ds


def simulate_to_netcdf(
    study: Study,
    path: str | os.PathLike,
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    *,
    chunk_draws: int = DEFAULT_CHUNK_DRAWS,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Run the simulation and write it chunk by chunk to a netCDF file.

    The file holds exactly what :func:`simulate` returns (open it with
    :func:`xarray.open_dataset`); memory use is bounded by ``chunk_draws``. The caller
    owns the path: write to a temporary name and rename for an atomic result. (Results
    folders hold a zarr store instead, :mod:`mkba_mc.store`; this is the netCDF export.)
    """
    import netCDF4

    settings = RunSettings.resolve(study, draws, seed, cohort)
    spec = layout(study)
    coords = coordinates(study)
    path = Path(path)
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        nc.createDimension("draw", settings.draws)
        for dim in {d for dims, _ in spec.values() for d in dims} - {"draw"}:
            nc.createDimension(dim, len(coords[dim][1]))
        for name, (dim, labels) in coords.items():
            var = nc.createVariable(name, str, (dim,))
            var[:] = np.array(labels, dtype=object)
        nc.createVariable("draw", "i8", ("draw",))[:] = np.arange(settings.draws)
        variables = {}
        for start, stop, chunk in _blocks(study, settings, chunk_draws, workers):
            for name, value in chunk.items():
                if name not in variables:
                    dims, attrs = spec[name]
                    var = nc.createVariable(name, value.dtype, dims, fill_value=False)
                    var.setncatts(attrs)
                    variables[name] = var
                variables[name][start:stop] = value
            if progress is not None:
                progress(stop, settings.draws)
        touches = nc.createVariable("stream_stakeholder", "i1", ("stream", "stakeholder"))
        touches.setncatts(STREAM_STAKEHOLDER_ATTRS)
        touches[:] = stream_stakeholders(study)
        payers = nc.createVariable("cost_payer", "f8", ("component", "stakeholder"))
        payers.setncatts(COST_PAYER_ATTRS)
        payers[:] = cost_payers(study)
        labels = " ".join(name for name, (dim, _) in coords.items() if name != dim)
        nc.setncatts({**run_attributes(study, settings), "coordinates": labels})
    return path
