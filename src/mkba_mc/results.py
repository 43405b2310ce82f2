"""Write a run's results to a folder, atomically and safely, and read them back verified.

A results folder holds ``results.zarr`` (the run's draws: a chunked, compressed zarr store
with a checksum per block in ``results.zarr.sha256``, see :mod:`mkba_mc.store`),
``summary.csv`` and ``summary-nl.csv`` (the table of :func:`mkba_mc.summarize` with labels
and units, rounded; see :mod:`mkba_mc.workbook`), ``summary.xlsx`` (the tables as an Excel
workbook), ``metadata.json`` (seed, draws, cohort, version, config origin and hash) and
``config.toml`` (the config text as run). Everything is written into a hidden folder
beside the target and renamed into place at the end, so an interrupted or failed run
never leaves half-written files under the final name; an interrupted run's hidden folder
is kept for ``--resume`` (and removed by the next run without it). The rules for
replacing a folder are those of :func:`mkba_mc.outputs.output_folder`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
import xarray as xr

from .engine import Execution, StopRule
from .outputs import OutputExistsError, output_folder
from .simulation import RunSettings
from .spec import Cohort, Study
from .store import STORE, Keep, StoreError, open_store, store_bytes, write_store
from .streaming import RunSummary

if TYPE_CHECKING:  # the risk view is computed by the caller
    from .risk import InvestmentRisk

__all__ = [
    "OutputExistsError",
    "StoreError",
    "export_netcdf",
    "open_run",
    "results_bytes",
    "run_size",
    "write_run",
    "write_run_summary",
]

RESULTS = STORE
SUMMARY = "summary.csv"
METADATA = "metadata.json"
CONFIG = "config.toml"


def results_bytes(
    study: Study, draws: int, keep: Keep = "outputs", cohort: Cohort = "expected"
) -> int:
    """An estimate from above of the disk a results folder's store takes for ``draws``
    draws, in bytes (:func:`mkba_mc.store.store_bytes`)."""
    return store_bytes(study, draws, keep, cohort)


def write_run(
    study: Study,
    out: str | os.PathLike,
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Simulate a study into a results folder and return its summary table: the table of
    :func:`mkba_mc.summarize`, from :func:`write_run_summary` with the same ``options``
    (``force``, ``keep``, ``execution``, ``stop``, ``resume``, ``progress``, ...)."""
    return write_run_summary(study, out, draws, seed, cohort, **options).summary()


def write_run_summary(
    study: Study,
    out: str | os.PathLike,
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    *,
    force: bool = False,
    keep: Keep = "outputs",
    execution: Execution | None = None,
    stop: StopRule | None = None,
    resume: bool = False,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] | None = None,
    risk: Callable[[Mapping], InvestmentRisk] | None = None,
) -> RunSummary:
    """Simulate a study into a results folder; return the run's streamed summary.

    Blocks are written to the store as they are computed and the summary is reduced
    from the stored values, so memory stays bounded for any number of draws and a
    resumed run ends with the same store and summary as an uninterrupted one.

    Parameters
    ----------
    study
        The study.
    out
        The results folder; with ``force``, an earlier run's results folder is replaced
        (see :func:`mkba_mc.outputs.output_folder`).
    draws, seed, cohort
        As for :func:`mkba_mc.simulate`.
    keep
        Which variables the store keeps (:mod:`mkba_mc.store`).
    execution, stop, progress
        As for :func:`mkba_mc.engine.stream_run`.
    resume
        Finish the run an interruption left beside ``out`` (same config, seed, draws,
        cohort and ``keep``), computing only its missing blocks and any finished block
        that fails its checksum.
    notice
        Called with one line for each damaged block computed again on ``resume``.
    risk
        Called with the run's attributes once its blocks are done; the investment-risk
        view it returns (:func:`mkba_mc.risk.investment_risk`) becomes the risk sheets of
        ``summary.xlsx``, as in ``mkba-mc report --out x.xlsx``. ``None``: none.
    """
    settings = RunSettings.resolve(study, draws, seed, cohort)
    with output_folder(
        out,
        "run",
        force=force,
        needs_bytes=store_bytes(study, settings.draws, keep, settings.cohort),
        resumable=True,
        resume=resume,
    ) as tmp:
        result = write_store(
            study,
            tmp / RESULTS,
            settings,
            keep=keep,
            execution=execution,
            stop=stop,
            resume=resume,
            progress=progress,
            notice=notice,
        )
        from . import workbook  # presentation: labels in English and Dutch

        summary = result.summary()
        ds = open_store(tmp / RESULTS)
        with ds:
            workbook.write_summary_csv(ds, tmp / SUMMARY, "en", summary)
            workbook.write_summary_csv(ds, tmp / workbook.SUMMARY_CSV_NL, "nl", summary)
            view = None if risk is None else risk(result.attrs)
            (tmp / workbook.SUMMARY_XLSX).write_bytes(
                workbook.workbook_bytes(ds, summary=summary, risk=view)
            )
        attrs = {k: v for k, v in result.attrs.items() if k != "config"}
        metadata = {
            **{k: (v.item() if hasattr(v, "item") else v) for k, v in attrs.items()},
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": {
                RESULTS: "the run's sampled inputs (zarr store, one chunk per block); "
                "mkba-mc evaluates the rest from them",
                f"{RESULTS}.sha256": "the SHA-256 of each block of the store",
                SUMMARY: "summary per arm, rounded (UTF-8, comma-separated)",
                "summary-nl.csv": "the same for Dutch Excel (UTF-8, semicolon-separated)",
                "summary.xlsx": "the tables as an Excel workbook, full precision",
                CONFIG: "the config as run",
            },
        }
        (tmp / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
        (tmp / CONFIG).write_text(study.text, encoding="utf-8")
    return result


def open_run(folder: str | os.PathLike) -> xr.Dataset:
    """Open the draws of a results folder, verified block by block against their checksums.

    The Dataset holds every variable :func:`mkba_mc.simulate` returns: what the store
    leaves out (outputs, fixed parameters) is evaluated from its sampled parameters and
    stored config (:func:`mkba_mc.store.open_store`).

    Raises
    ------
    StoreError
        Naming the file and the block when the store is damaged or unfinished, or when
        its stored config cannot be read.
    """
    return open_store(os.path.join(folder, RESULTS))


def run_size(folder: str | os.PathLike) -> tuple[Study, int] | None:
    """The study and the number of draws of a results folder's run, from its store's
    attributes alone (no block is read or verified): what reading it will take, known
    before it is read. ``None`` when they cannot be read; :func:`open_run` then says what
    is wrong."""
    import warnings

    import zarr

    from .config import UnusedParameterWarning, parse_study

    store = os.path.join(folder, RESULTS)
    try:
        attrs = zarr.open_group(store, mode="r").attrs
        draws = int(attrs["draws"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnusedParameterWarning)
            study = parse_study(str(attrs["config"]), origin=f"{store} (stored config)")
    except Exception:  # any damage: open_run names the file and what is wrong
        return None
    return study, draws


def export_netcdf(folder: str | os.PathLike, path: str | os.PathLike) -> None:
    """Export a results folder's (verified) draws as one netCDF-4 file."""
    with open_run(folder) as ds:
        ds.load().to_netcdf(path)
