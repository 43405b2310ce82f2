"""The analyses behind the report's sensitivity section, computed once and on first use
(:class:`SensitivityAnalyses`), by the one plan of seeds and sizes that ``mkba-mc
sensitivity`` runs (:class:`mkba_mc.sensitivity.plan.SensitivityPlan`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import xarray as xr

from .. import sensitivity as sa
from ..decision import yearly_intakes
from ..evsi import SampleInformation, evsi_obstacle
from ..sensitivity.plan import MIN_DRAWS, SensitivityPlan
from ..voi import DEFAULT_WTP, ValueOfInformation
from .common import study_of

__all__ = ["VOI_DRAWS", "SensitivityAnalyses"]

VOI_DRAWS = 2**15
"""Draws of the expected-cohort sample behind the value of information: the default of
``mkba-mc sensitivity``, at which the regression's upward bias of the EVPPI is under €1
per client on the default study (:func:`mkba_mc.voi.evppi`)."""


class SensitivityAnalyses:
    """The analyses behind the sensitivity section of a run's report, computed on first use.

    Parameters
    ----------
    ds
        The run (:func:`mkba_mc.simulate`); its config, seed and cohort are read from its
        attributes.
    voi_draws
        Draws of the expected-cohort sample behind the value of information (at least
        100); default the run's draws, at most :data:`VOI_DRAWS`, so a short run gives a
        quick report (whose text states the sizes).
    sobol_n
        Base sample of the Sobol' indices, a power of two; default the largest power of
        two not above ``voi_draws``, as ``mkba-mc sensitivity --draws`` takes it.
    wtp
        Values of λ, euros per extra successful client, for the value of information.
    intakes
        Intakes a year, to value information per year; default the study's
        (:func:`mkba_mc.decision.yearly_intakes`).

    Notes
    -----
    The analyses run by one :class:`mkba_mc.sensitivity.plan.SensitivityPlan` with the
    run's seed, as ``mkba-mc sensitivity`` runs them, so with the same seed and ``--draws``
    equal to ``voi_draws`` that command gives the same analyses.
    """

    def __init__(
        self,
        ds: xr.Dataset,
        *,
        voi_draws: int | None = None,
        sobol_n: int | None = None,
        wtp: Sequence[float] = DEFAULT_WTP,
        intakes: float | None = None,
    ):
        if voi_draws is None:
            voi_draws = max(MIN_DRAWS, min(VOI_DRAWS, int(ds.sizes["draw"])))
        if voi_draws < MIN_DRAWS:
            raise ValueError(f"voi_draws must be at least {MIN_DRAWS}, got {voi_draws}")
        self.ds = ds
        self.study = study_of(ds)
        if intakes is None:
            intakes = yearly_intakes(self.study)
        self.plan = SensitivityPlan.for_draws(
            int(ds.attrs["seed"]), voi_draws, sobol_n=sobol_n, wtp=wtp, intakes=intakes
        )
        self.inputs = sa.study_inputs(self.study)

    @property
    def seed(self) -> int:
        """The run's seed, which the plan spawns every stream from."""
        return self.plan.seed

    @property
    def voi_draws(self) -> int:
        """Draws of the expected-cohort sample behind the value of information."""
        return self.plan.draws

    @property
    def sobol_n(self) -> int:
        """Base sample of the Sobol' indices."""
        return self.plan.sobol_n

    @property
    def wtp(self) -> tuple[float, ...]:
        """Values of λ of the value of information."""
        return self.plan.wtp

    @property
    def intakes(self) -> float:
        """Intakes a year of the value of information."""
        return self.plan.intakes

    def describes(self, ds: xr.Dataset) -> bool:
        """Whether these are the analyses of run ``ds``: the same config, seed, cohort and
        number of draws."""
        return ds is self.ds or (
            ds.attrs.get("config") == self.ds.attrs.get("config")
            and int(ds.attrs["seed"]) == self.seed
            and str(ds.attrs.get("cohort", "expected")) == self.cohort
            and ds.sizes["draw"] == self.ds.sizes["draw"]
        )

    @property
    def cohort(self) -> str:
        """The run's cohort: ``"expected"`` or a number of clients per arm."""
        return str(self.ds.attrs.get("cohort", "expected"))

    @property
    def voi_from_run(self) -> bool:
        """Whether the value of information uses the run's own first draws."""
        return self.cohort == "expected" and self.ds.sizes["draw"] >= self.voi_draws

    @cached_property
    def voi_sample(self) -> xr.Dataset:
        """The expected-cohort sample of :attr:`voi_draws` draws: the run's first draws
        when :attr:`voi_from_run`, else the plan's sample (the same draws: a run is its
        first draws whatever its length)."""
        if self.voi_from_run:
            return self.ds.isel(draw=slice(0, self.voi_draws))
        return self.plan.sample(self.study)

    @cached_property
    def tornado(self) -> sa.Tornado:
        """One-way sensitivity by input (:func:`mkba_mc.sensitivity.tornado`)."""
        return self.plan.tornadoes(self.study)[0]

    @cached_property
    def thresholds(self) -> sa.Thresholds:
        """Threshold values (:func:`mkba_mc.sensitivity.thresholds`)."""
        return self.plan.thresholds(self.study)

    @cached_property
    def sobol(self) -> sa.SobolIndices:
        """Sobol' indices per input and group (:func:`mkba_mc.sensitivity.sobol`)."""
        return self.plan.sobol(self.study)

    @cached_property
    def voi(self) -> ValueOfInformation:
        """EVPI and EVPPI per input group (:func:`mkba_mc.voi.evppi`) on :attr:`voi_sample`."""
        return self.plan.voi(self.voi_sample)

    @cached_property
    def evsi_obstacle(self) -> str | None:
        """Why the config's dossier study cannot be valued (a key of
        :func:`mkba_mc.evsi.evsi_obstacle`: no ``[research]`` table, a model that is not
        multilinear, correlated inputs among them, or routes given as an effect), or
        ``None``."""
        obstacle = evsi_obstacle(self.study)
        return None if obstacle is None else obstacle[0]

    @cached_property
    def evsi(self) -> SampleInformation | None:
        """EVSI and ENBS of the config's dossier study (:func:`mkba_mc.evsi.evsi`), as
        ``mkba-mc sensitivity --method evsi --draws`` gives them; ``None`` where
        :attr:`evsi_obstacle` says why not."""
        if self.evsi_obstacle is not None:
            return None
        return self.plan.evsi(self.study)
