"""One plan of seeds and sizes for the sensitivity analyses of a study.

``mkba-mc sensitivity``, the report (:class:`mkba_mc.report.SensitivityAnalyses`) and the
scripts of experiments/ all run the analyses through :class:`SensitivityPlan`, so the same
study, seed and draws give them the same tornado, thresholds, Sobol' indices, rank
indices, value of information and EVSI.

Seeds
    The tornado, the Sobol' indices and the bootstrap of the value of information each
    draw from their own stream, spawned from the seed
    (``numpy.random.SeedSequence(seed).spawn(3)``, in that order). The expected-cohort
    sample behind the rank indices and the value of information is the simulation of the
    study with that seed; the EVSI's prior draws use the seed as well.
Sizes
    All follow the draws the caller asks for (:meth:`SensitivityPlan.for_draws`): the
    sample has that many draws, the Sobol' base sample is the largest power of two not
    above it, and the EVSI takes at least 1,000 prior draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

from ..decision import INTAKES_PER_YEAR
from ..evsi import SampleInformation, evsi
from ..simulation import simulate
from ..spec import Study
from ..voi import DEFAULT_WTP, ValueOfInformation, evppi
from .rank import RankIndices, rank_indices
from .sobol import SobolIndices, sobol
from .thresholds import Thresholds, thresholds
from .tornado import Tornado, tornado

__all__ = ["CURVE_POINTS", "EVSI_MIN_DRAWS", "MIN_DRAWS", "SensitivityPlan"]

MIN_DRAWS = 100
"""Fewest draws of the expected-cohort sample (the value of information needs 100)."""

EVSI_MIN_DRAWS = 1000
"""Fewest prior draws of the EVSI."""

CURVE_POINTS = 81
"""Values of λ, from 0 to the largest asked (or €10,000), of the EVPPI curve."""

_STREAMS = ("tornado", "sobol", "evppi")


@dataclass(frozen=True)
class SensitivityPlan:
    """Seeds and sizes of the sensitivity analyses, and the analyses run with them.

    Attributes
    ----------
    seed
        The seed every stream is spawned from (a run's or the config's).
    draws
        Draws of the expected-cohort sample behind the rank indices and the value of
        information (at least :data:`MIN_DRAWS`).
    sobol_n
        Base sample of the Sobol' indices, a power of two.
    wtp
        Values of λ, euros per extra successful client, for the value of information.
    intakes
        Intakes a year, to value information per year.
    """

    seed: int
    draws: int
    sobol_n: int
    wtp: tuple[float, ...] = tuple(DEFAULT_WTP)
    intakes: float = INTAKES_PER_YEAR

    def __post_init__(self) -> None:
        if self.draws < MIN_DRAWS:
            raise ValueError(f"draws must be at least {MIN_DRAWS}, got {self.draws}")
        if self.sobol_n < 2 or self.sobol_n & (self.sobol_n - 1):
            raise ValueError(f"sobol_n must be a power of two (at least 2), got {self.sobol_n}")

    @classmethod
    def for_draws(
        cls,
        seed: int,
        draws: int,
        *,
        sobol_n: int | None = None,
        wtp: Sequence[float] = DEFAULT_WTP,
        intakes: float = INTAKES_PER_YEAR,
    ) -> SensitivityPlan:
        """The plan for ``draws``: a sample of that many draws and, unless given, the
        largest power of two not above them as the Sobol' base sample."""
        if sobol_n is None:
            sobol_n = 1 << (int(draws).bit_length() - 1) if draws >= 1 else 0
        return cls(
            seed=int(seed),
            draws=int(draws),
            sobol_n=int(sobol_n),
            wtp=tuple(float(x) for x in wtp),
            intakes=float(intakes),
        )

    def rng(self, analysis: str) -> np.random.Generator:
        """A fresh generator on the stream of ``analysis`` (tornado, sobol or evppi)."""
        streams = np.random.SeedSequence(self.seed).spawn(len(_STREAMS))
        return np.random.default_rng(streams[_STREAMS.index(analysis)])

    def tornadoes(self, study: Study) -> tuple[Tornado, Tornado]:
        """One-way sensitivity by input, then by input group, on the tornado stream."""
        rng = self.rng("tornado")
        return tornado(study, rng=rng), tornado(study, by="group", rng=rng)

    def thresholds(self, study: Study) -> Thresholds:
        """Threshold values (no randomness)."""
        return thresholds(study)

    def sobol(self, study: Study) -> SobolIndices:
        """Sobol' indices per input and group, base sample :attr:`sobol_n`."""
        return sobol(study, n=self.sobol_n, rng=self.rng("sobol"))

    def sample(self, study: Study) -> xr.Dataset:
        """The expected-cohort sample: :attr:`draws` draws of the study with :attr:`seed`."""
        return simulate(study, draws=self.draws, seed=self.seed, cohort="expected")

    def rank(self, sample: xr.Dataset) -> RankIndices:
        """Rank indices of the expected-cohort sample (:meth:`sample`)."""
        return rank_indices(sample)

    def voi(self, sample: xr.Dataset) -> ValueOfInformation:
        """EVPI and EVPPI per input group of the sample, with a curve over λ."""
        top = max(self.wtp) if max(self.wtp) > 0 else 10_000.0
        return evppi(
            sample,
            self.wtp,
            intakes=self.intakes,
            curve=np.linspace(0.0, top, CURVE_POINTS),
            rng=self.rng("evppi"),
        )

    def evsi(self, study: Study) -> SampleInformation:
        """EVSI and ENBS of the study's ``[research]``, on at least
        :data:`EVSI_MIN_DRAWS` prior draws with :attr:`seed`."""
        return evsi(study, self.wtp, draws=max(self.draws, EVSI_MIN_DRAWS), seed=self.seed)
