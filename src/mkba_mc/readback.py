"""Check a run read back from disk before anything reports on it.

A results file is someone's input like a config: it may come from another version, be
edited by hand or be some other netCDF file altogether. :func:`check_run` makes sure it
is an mkba-mc run whose stored config is valid and whose variables have exactly the
dims and labels that config gives them, so that a report either works or says in one
line, naming the file, what is wrong.
"""

from __future__ import annotations

import warnings

import xarray as xr

from .config import ConfigError, UnusedParameterWarning, parse_study
from .simulation import coordinates, layout
from .spec import Study

__all__ = ["RunFileError", "check_run"]

REQUIRED_ATTRIBUTES = ("config", "baseline", "seed", "draws", "cohort")
"""Attributes every run stores (:func:`mkba_mc.simulation.run_attributes`) and reports read."""


class RunFileError(ValueError):
    """A results file is not a run a report can use. The message is one line naming it."""


def check_run(ds: xr.Dataset, origin: str) -> Study:
    """Check that ``ds`` is a complete run of its stored config; return that study.

    Parameters
    ----------
    ds
        A run read back, e.g. with :func:`xarray.open_dataset`.
    origin
        How to name it in messages (its path).

    Raises
    ------
    RunFileError
        When an attribute is missing, the stored config is invalid, or a variable or label
        coordinate is missing or has other dims or labels than the config gives it.
    """
    missing = [a for a in REQUIRED_ATTRIBUTES if a not in ds.attrs]
    if missing:
        raise RunFileError(
            f"{origin}: not an mkba-mc run (no {', '.join(missing)} in its attributes)"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnusedParameterWarning)
            study = parse_study(str(ds.attrs["config"]), origin=f"{origin} (stored config)")
    except ConfigError as exc:
        raise RunFileError(str(exc)) from None
    expected = dict(layout(study))
    expected["stream_stakeholder"] = (("stream", "stakeholder"), {})
    expected["cost_payer"] = (("component", "stakeholder"), {})
    for name, (dims, _) in expected.items():
        if name not in ds.variables:
            raise RunFileError(f"{origin}: variable {name!r} is missing; not a run of its config")
        if ds[name].dims != dims:
            raise RunFileError(
                f"{origin}: variable {name!r} has dims ({', '.join(map(str, ds[name].dims))}); "
                f"its config gives ({', '.join(dims)})"
            )
    for name, (dim, labels) in coordinates(study).items():
        if name not in ds.variables or [str(v) for v in ds[name].values] != labels:
            raise RunFileError(
                f"{origin}: the labels {name!r} of dim {dim!r} differ from its config's"
            )
    if ds.sizes.get("draw", 0) != int(ds.attrs["draws"]):
        raise RunFileError(
            f"{origin}: holds {ds.sizes.get('draw', 0)} draws, its attributes say "
            f"{ds.attrs['draws']}"
        )
    return study
