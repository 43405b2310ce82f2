"""The arms of a run and each arm against the baseline, written once: ``ds.mkba``.

Every analysis that compares arms (the Klantreis against the FIG-route in Regioplan
2020) reads them through this accessor, registered on :class:`xarray.Dataset` as
``mkba`` (as in ``xarray/core/extensions.py``)::

    ds.mkba.baseline            # "FIG"
    ds.mkba.others              # ["KR"]
    ds.mkba.versus("balance")   # KR − FIG per draw, dims (draw, arm)

A run whose ``baseline`` attribute names none of its arms is refused with one line.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

__all__ = ["RunArms", "arms_of"]


@xr.register_dataset_accessor("mkba")
class RunArms:
    """The arms of a run (:func:`mkba_mc.simulate`) and the baseline they are compared with.

    Parameters
    ----------
    ds
        A run, with an ``arm`` dimension and a ``baseline`` attribute.
    """

    def __init__(self, ds: xr.Dataset):
        self._ds = ds

    @property
    def draws(self) -> int:
        """The run's number of draws (a run without draws is refused)."""
        n = int(self._ds.sizes["draw"])
        if n < 1:
            raise ValueError("the run holds no draws")
        return n

    @property
    def names(self) -> list[str]:
        """The arms, in the run's order."""
        return [str(a) for a in self._ds["arm"].values]

    @property
    def baseline(self) -> str:
        """The arm every other one is compared with (FIG-route in Regioplan 2020)."""
        baseline = self._ds.attrs.get("baseline")
        names = self.names
        if baseline not in names:
            raise ValueError(
                f"the run's baseline {baseline!r} is not one of its arms ({', '.join(names)})"
            )
        return str(baseline)

    @property
    def baseline_index(self) -> int:
        """The baseline's position along ``arm``."""
        return self.names.index(self.baseline)

    @property
    def others(self) -> list[str]:
        """The arms other than the baseline, in the run's order."""
        baseline = self.baseline
        return [a for a in self.names if a != baseline]

    @property
    def labels(self) -> dict[str, str]:
        """Each arm's label (the ``arm_label`` coordinate; the name without one)."""
        names = self.names
        if "arm_label" not in self._ds.coords:
            return {a: a for a in names}
        return dict(zip(names, (str(x) for x in self._ds["arm_label"].values), strict=True))

    def matrix(self, variable: str) -> np.ndarray:
        """``variable`` as a float array ``(draw, arm)`` in the order of :attr:`names`."""
        return np.asarray(self._ds[variable].transpose("draw", "arm").values, dtype=float)

    def versus(self, variable: str = "balance") -> xr.DataArray:
        """Each non-baseline arm minus the baseline, per draw (dims ``draw``, ``arm``;
        attribute ``baseline``)."""
        baseline, others = self.baseline, self.others
        values = self._ds[variable]
        diff = values.sel(arm=others) - values.sel(arm=baseline)
        diff.attrs = {**values.attrs, "baseline": baseline}
        return diff.rename(f"{variable}_vs_baseline")

    def differences(self, variable: str) -> np.ndarray:
        """:meth:`versus` as a float array ``(draw, arm)`` over :attr:`others`."""
        values = self.matrix(variable)
        names, base = self.names, self.baseline_index
        return values[:, [names.index(a) for a in self.others]] - values[:, base][:, None]


def arms_of(ds: xr.Dataset) -> RunArms:
    """``ds.mkba``: the arms of run ``ds`` and its baseline (:class:`RunArms`)."""
    return ds.mkba
