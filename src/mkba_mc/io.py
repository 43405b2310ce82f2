"""Write a run's results to a folder, atomically and safely.

A results folder holds ``results.nc`` (the full run, netCDF-4), ``summary.csv`` and
``summary-nl.csv`` (the table of :func:`mkba_mc.summarize` with labels and units, rounded;
see :mod:`mkba_mc.workbook`), ``summary.xlsx`` (the tables as an Excel workbook),
``metadata.json`` (seed, draws, cohort, version,
config origin and hash) and ``config.toml`` (the config text as run). Everything is
written into a hidden temporary folder beside the target and renamed into place at the
end, so an interrupted or failed run never leaves half-written files; the rules for
replacing a folder are those of :func:`mkba_mc.outputs.output_folder`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable

import pandas as pd
import xarray as xr

from .analysis import summarize
from .outputs import OutputExistsError, output_folder
from .simulation import DEFAULT_CHUNK_DRAWS, RunSettings, coordinates, layout, simulate_to_netcdf
from .spec import Cohort, Study

__all__ = ["OutputExistsError", "results_bytes", "write_run"]

RESULTS = "results.nc"
SUMMARY = "summary.csv"
METADATA = "metadata.json"
CONFIG = "config.toml"

FILE_OVERHEAD = 1 << 20
"""Bytes of a results file that do not grow with the draws (labels, attributes), at most."""


def results_bytes(study: Study, draws: int) -> int:
    """An upper bound on the size of ``results.nc`` for ``draws`` draws, in bytes.

    Every variable is counted as uncompressed 8-byte numbers (and the draw coordinate),
    plus 1% and :data:`FILE_OVERHEAD` for the labels, attributes and netCDF/HDF5
    structures (measured: 0.06% at 3e5 draws of the default study).
    """
    coords = coordinates(study)
    per_draw = 8
    for dims, _ in layout(study).values():
        per_draw += 8 * math.prod(len(coords[d][1]) for d in dims if d != "draw")
    return math.ceil(1.01 * per_draw * draws) + FILE_OVERHEAD


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
        The results folder; with ``force``, an earlier run's results folder is replaced
        (see :func:`mkba_mc.outputs.output_folder`).
    draws, seed, cohort, workers, chunk_draws, progress
        As for :func:`mkba_mc.simulate`.
    """
    settings = RunSettings.resolve(study, draws, seed, cohort)
    with output_folder(
        out, "run", force=force, needs_bytes=results_bytes(study, settings.draws)
    ) as tmp:
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
