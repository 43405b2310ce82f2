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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
import xarray as xr

from .engine import Execution, StopRule
from .outputs import OutputExistsError, output_folder
from .simulation import RunSettings
from .spec import Cohort, Study
from .store import STORE, Keep, StoreError, open_store, store_bytes, write_store
from .streaming import RunSummary

if TYPE_CHECKING:
    from .risk import RiskOptions

__all__ = [
    "OutputExistsError",
    "StoreError",
    "export_netcdf",
    "open_run",
    "results_bytes",
    "write_run",
    "write_run_summary",
]

RESULTS = STORE
SUMMARY = "summary.csv"
METADATA = "metadata.json"
CONFIG = "config.toml"


def results_bytes(study: Study, draws: int, keep: Keep = "outputs") -> int:
    """An estimate from above of the disk a results folder's store takes for ``draws``
    draws, in bytes (:func:`mkba_mc.store.store_bytes`)."""
    return store_bytes(study, draws, keep)


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
    risk: RiskOptions | None = None,
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
        Also reduce the investment-risk view with these options, block by block over all
        draws (:meth:`mkba_mc.streaming.RunSummary.investment_risk`); it becomes the
        risk sheets of ``summary.xlsx``, as in ``mkba-mc report --out x.xlsx``.
        ``None``: none.
    """
    settings = RunSettings.resolve(study, draws, seed, cohort, risk)
    with output_folder(
        out,
        "run",
        force=force,
        needs_bytes=store_bytes(study, settings.draws, keep),
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
            view = None if risk is None else result.investment_risk()
            (tmp / workbook.SUMMARY_XLSX).write_bytes(
                workbook.workbook_bytes(ds, summary=summary, risk=view)
            )
        attrs = {k: v for k, v in result.attrs.items() if k != "config"}
        metadata = {
            **{k: (v.item() if hasattr(v, "item") else v) for k, v in attrs.items()},
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": {
                RESULTS: "the run's draws (zarr store, one chunk per block): by default "
                "investment, total benefit and balance per arm, the rest made again from "
                "the config and seed by mkba-mc; with --keep all, every variable",
                f"{RESULTS}.sha256": "the SHA-256 of each block of the store",
                SUMMARY: "summary per arm, rounded (UTF-8, comma-separated)",
                "summary-nl.csv": "the same for Dutch Excel (UTF-8, semicolon-separated)",
                "summary.xlsx": "the tables as an Excel workbook, unrounded (quantiles "
                "streamed, within 0.01% of the exact ones)",
                CONFIG: "the config as run",
            },
        }
        (tmp / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
        (tmp / CONFIG).write_text(study.text, encoding="utf-8")
    return result


def open_run(folder: str | os.PathLike, draws: int | None = None) -> xr.Dataset:
    """Open the draws of a results folder, verified block by block against their checksums.

    The Dataset holds every variable :func:`mkba_mc.simulate` returns: what the store
    leaves out is made again from its stored config and seed
    (:func:`mkba_mc.store.open_store`). With ``draws``, only the run's first ``draws``
    draws: the run of that many draws, in the memory they take.

    Raises
    ------
    StoreError
        Naming the file and the block when the store is damaged or unfinished, or when
        its stored config cannot be read.
    """
    return open_store(os.path.join(folder, RESULTS), draws)


def export_netcdf(
    folder: str | os.PathLike, path: str | os.PathLike, draws: int | None = None
) -> None:
    """Export a results folder's (verified) draws, or its first ``draws``, as one netCDF-4
    file with every variable (``mkba-mc report`` reads it as ``results.nc``)."""
    with open_run(folder, draws) as ds:
        ds.to_netcdf(path)
