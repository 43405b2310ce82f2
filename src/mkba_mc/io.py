"""Write a run's results to a folder, atomically.

A results folder holds ``results.nc`` (the full run, netCDF-4), ``summary.csv`` and
``summary-nl.csv`` (the table of :func:`mkba_mc.summarize` with labels and units, rounded;
see :mod:`mkba_mc.workbook`), ``summary.xlsx`` (the tables as an Excel workbook),
``metadata.json`` (seed, draws, cohort, version,
config origin and hash) and ``config.toml`` (the config text as run). Everything is
written into a hidden temporary folder beside the target and renamed into place at the
end, so an interrupted or failed run never leaves half-written files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import xarray as xr

from .analysis import summarize
from .simulation import DEFAULT_CHUNK_DRAWS, simulate_to_netcdf
from .spec import Cohort, Study

__all__ = ["OutputExistsError", "atomic_folder", "write_run"]

RESULTS = "results.nc"
SUMMARY = "summary.csv"
METADATA = "metadata.json"
CONFIG = "config.toml"


class OutputExistsError(FileExistsError):
    """The output folder exists and overwriting was not allowed."""


@contextlib.contextmanager
def atomic_folder(target: str | os.PathLike, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder that replaces ``target`` when the block succeeds.

    Raises
    ------
    OutputExistsError
        If ``target`` exists and ``force`` is false (checked before any work is done).
    """
    target = Path(target)
    if target.exists() and not force:
        raise OutputExistsError(f"{target}: already exists (use --force to overwrite)")
    if target.exists() and not target.is_dir():
        raise OutputExistsError(f"{target}: exists and is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the result gets ordinary permissions
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    backup = None
    if target.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.replace(target, backup / "previous")
    os.replace(tmp, target)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def write_run(
    study: Study,
    out: str | os.PathLike,
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    *,
    force: bool = False,
    workers: int = 1,
    chunk_draws: int = DEFAULT_CHUNK_DRAWS,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Simulate a study into a results folder and return its summary table.

    The run streams to disk chunk by chunk, so memory stays bounded for any number of
    draws; the summary is then computed one variable at a time from the file.

    Parameters
    ----------
    study
        The study.
    out
        The results folder; replaced only if ``force``.
    draws, seed, cohort, workers, chunk_draws, progress
        As for :func:`mkba_mc.simulate`.
    """
    with atomic_folder(out, force=force) as tmp:
        simulate_to_netcdf(
            study,
            tmp / RESULTS,
            draws,
            seed,
            cohort,
            chunk_draws=chunk_draws,
            workers=workers,
            progress=progress,
        )
        from . import workbook  # presentation: labels in English and Dutch

        with xr.open_dataset(tmp / RESULTS) as ds:
            summary = summarize(ds)
            attrs = {k: v for k, v in ds.attrs.items() if k != "config"}
            workbook.write_summary_csv(ds, tmp / SUMMARY, "en", summary)
            workbook.write_summary_csv(ds, tmp / workbook.SUMMARY_CSV_NL, "nl", summary)
            (tmp / workbook.SUMMARY_XLSX).write_bytes(workbook.workbook_bytes(ds, summary=summary))
        metadata = {
            **{k: (v.item() if hasattr(v, "item") else v) for k, v in attrs.items()},
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": {
                RESULTS: "the full run (xarray/netCDF-4)",
                SUMMARY: "summary per arm, rounded (UTF-8, comma-separated)",
                "summary-nl.csv": "the same for Dutch Excel (UTF-8, semicolon-separated)",
                "summary.xlsx": "the tables as an Excel workbook, full precision",
                CONFIG: "the config as run",
            },
        }
        (tmp / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
        (tmp / CONFIG).write_text(study.text, encoding="utf-8")
    return summary
