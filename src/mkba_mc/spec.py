"""The study as data: immutable, validated specifications.

A :class:`Study` is what a config file (see :mod:`mkba_mc.config`) becomes once it is
checked. Nothing here samples or computes; the engine (:mod:`mkba_mc.simulation`) reads
these objects.

Money is in euros of the study's price year; per-client figures are euros per client of
the arm (*per cliënt*).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from .distributions import Distribution

__all__ = [
    "ALL_CLIENTS",
    "DEFAULT_PAYER",
    "INPUT_GROUPS",
    "LANGUAGES",
    "OUTCOME_SHARES",
    "SUCCESS_GROUP",
    "Arm",
    "Cohort",
    "Discounting",
    "Item",
    "Outcomes",
    "Parameter",
    "Published",
    "PublishedArm",
    "RelativeEffect",
    "Resolution",
    "Study",
    "Term",
    "Timing",
]

INPUT_GROUPS = (
    "dossier outcomes",
    "dossier client shares",
    "literature shares",
    "unit costs and durations",
    "programme costs",
)
"""Default input groups, assigned from how a parameter is used when a config names none:
outcome shares, resolution probabilities and the ratios of arms' relative effects; client
attributes; other shares and probabilities; other inputs of benefit streams; inputs of
cost components."""

LANGUAGES = ("en", "nl")
"""Languages a study's texts and reports come in (English, Dutch)."""

ALL_CLIENTS = "all"
"""The client basis that counts every client of an arm."""

DEFAULT_PAYER = "municipality"
"""The stakeholder that pays where nobody is named: ``[study] payer``'s default when a
study has a stakeholder of this name, and the payer of a run stored without one."""

OUTCOME_SHARES = "outcome_shares"
"""Name of the parameter the engine creates for each arm's outcome category shares."""

SUCCESS_GROUP = "successful"
"""The outcome group whose clients count as successful (*succesvol*: solved + stabilised)."""

Cohort = int | Literal["expected"]
"""A number of clients per arm, or ``"expected"`` for per-client expected values."""


def frozen_mapping(items) -> Mapping:
    """A read-only dict, so specs stay immutable."""
    return MappingProxyType(dict(items))


@dataclass(frozen=True)
class Parameter:
    """An uncertain input with its distribution, unit and source.

    Attributes
    ----------
    name
        Identifier used in terms, e.g. ``"exit_share"``.
    unit
        Free text; units starting with ``share`` or ``probability`` must lie in [0, 1],
        units starting with ``EUR`` must not be negative.
    source
        Where the value comes from (literature, dossiers, assumption).
    distribution
        The distribution shared by all arms (common random numbers), or ``None``.
    per_arm
        Arm name -> distribution, when the parameter differs between arms.
    client_attribute
        True for a share of an arm's clients who have a trait (on social assistance,
        working, in budget management). In a finite cohort it becomes a sampled count.
    group
        The input group for sensitivity and value-of-information analyses (one of
        :data:`INPUT_GROUPS` unless a config names its own).
    study_values
        Arm name (``""`` for a shared parameter) -> the value the source study used, where
        a config states it (``study_value``) or the data give it (``k`` of ``n``,
        ``counts``): the starting point of the bridge (:mod:`mkba_mc.bridge`) and of the
        replication. Where absent, the study's value is the distribution's mean.
    observed_values
        Arm name (``""`` when shared) -> the value the data show for a distribution built
        from counts (``k / n``, ``counts / sum``), before any prior and any rounding.
    same_draw
        Arm -> the arm whose draw it takes (``arms.B = { same_as = "A" }``): the same
        clients, so the same value in every draw. Its distribution is that arm's.
    """

    name: str
    unit: str
    source: str
    label: str
    distribution: Distribution | None = None
    per_arm: Mapping[str, Distribution] = field(default_factory=lambda: frozen_mapping({}))
    client_attribute: bool = False
    group: str = ""
    study_values: Mapping[str, float | tuple[float, ...]] = field(
        default_factory=lambda: frozen_mapping({})
    )
    observed_values: Mapping[str, float | tuple[float, ...]] = field(
        default_factory=lambda: frozen_mapping({})
    )
    same_draw: Mapping[str, str] = field(default_factory=lambda: frozen_mapping({}))

    @property
    def shared(self) -> bool:
        return self.distribution is not None

    def for_arm(self, arm: str) -> Distribution:
        return self.distribution if self.distribution is not None else self.per_arm[arm]

    def study_value(self, arm: str = "") -> float | tuple[float, ...]:
        """The value the source study used for ``arm`` (``""`` when shared): stated,
        observed, or else the distribution's mean."""
        key = "" if self.shared else arm
        if key in self.study_values:
            return self.study_values[key]
        mean = self.for_arm(arm).mean()
        return tuple(float(m) for m in mean) if self.components is not None else float(mean)

    def exact_value(self, arm: str = "") -> float | tuple[float, ...]:
        """The study's value without its rounding: the observed data value where the
        distribution is built from counts, else :meth:`study_value`."""
        key = "" if self.shared else arm
        if key in self.observed_values:
            return self.observed_values[key]
        return self.study_value(arm)

    def distributions(self) -> tuple[Distribution, ...]:
        return (
            (self.distribution,) if self.distribution is not None else tuple(self.per_arm.values())
        )

    @property
    def components(self) -> tuple[str, ...] | None:
        return self.distributions()[0].components

    @property
    def is_fixed(self) -> bool:
        return all(d.is_fixed for d in self.distributions())

    def describe(self) -> str:
        if self.distribution is not None:
            return self.distribution.describe()
        return "; ".join(f"{arm}: {d.describe()}" for arm, d in self.per_arm.items())


@dataclass(frozen=True)
class Term:
    """One product in a cost component or benefit stream.

    Its value per client is ``factor × (share of the arm's clients in `clients`) ×
    (product of the referenced parameters)``. References ``name.component`` pick one
    component of a vector parameter. Parameters that are client attributes thin the
    client basis (in a finite cohort: binomial / multinomial counts).

    ``stakeholders`` maps who receives the benefit to their share (benefits only).
    """

    clients: str
    params: tuple[str, ...]
    factor: float = 1.0
    stakeholders: Mapping[str, float] = field(default_factory=lambda: frozen_mapping({}))
    label: str = ""


@dataclass(frozen=True)
class Timing:
    """When a cost component or benefit stream accrues, in years after the intake.

    The amount accrues evenly from ``start`` to ``start + years`` (``years = 0``: all of
    it at ``start``). Only discounting (:class:`Discounting`) gives timing an effect.
    """

    start: float = 0.0
    years: float = 0.0


@dataclass(frozen=True)
class Item:
    """A cost component (*kostenpost*) or benefit stream (*batenpost*): a sum of terms.

    ``timing`` is ``None`` for an amount at the intake (year 0). ``payer`` (cost
    components only) maps the stakeholders who pay the cost to their shares (they add up
    to 1; ``[study] payer``, the municipality by default, where a component names none).
    """

    name: str
    label: str
    terms: tuple[Term, ...]
    source: str = ""
    timing: Timing | None = None
    payer: Mapping[str, float] = field(default_factory=lambda: frozen_mapping({}))


@dataclass(frozen=True)
class Discounting:
    """Discounting to present values (*contante waarde*) at the intake (year 0).

    An amount at ``t`` years counts ``(1 + rate) ** -t``; e.g. the Dutch standard rate for
    MKBA of 2.25% a year, real (Werkgroep discontovoet 2020, in force since 2021).
    """

    rate: float
    source: str


@dataclass(frozen=True)
class Resolution:
    """Clients still pending at observation resolve to ``success`` with the probability of
    parameter ``probability``, otherwise to ``failure``.

    ``study_rounded`` says that the study rounded the resolved number to whole dossiers;
    its point values (replication, the bridge) do the same. ``round_to_dossiers`` applies
    that rounding to every draw too, which is only meaningful when the outcome shares
    and the probability are fixed (a point replication).

    ``round_to_dossiers`` is stored, not derived from the outcome shares and the
    probability: the config reader sets it so, but :func:`mkba_mc.bridge.study_point`
    sets it for a study with uncertain inputs, and :func:`mkba_mc.diff.diff_studies`
    puts one study's outcomes into another, where the flag keeps its own study's answer.
    """

    category: str
    probability: str
    success: str
    failure: str
    round_to_dossiers: bool = False
    study_rounded: bool = False


@dataclass(frozen=True)
class Outcomes:
    """Outcome categories at observation, how pending ones resolve, and named groups.

    ``shares`` is ``"dirichlet"`` (Dirichlet(counts + prior) per arm) or ``"fixed"``
    (the dossier shares as they are). ``delay`` (years) and ``benefit_weight`` (a
    multiplier) per final category apply to the benefits of that category's clients:
    their benefits start ``delay`` years later and count ``benefit_weight`` times
    (categories not listed: no delay, weight 1).
    """

    categories: tuple[str, ...]
    shares: Literal["dirichlet", "fixed"]
    prior: float
    resolutions: tuple[Resolution, ...]
    groups: Mapping[str, tuple[str, ...]]
    source: str
    delay: Mapping[str, float] = field(default_factory=lambda: frozen_mapping({}))
    benefit_weight: Mapping[str, float] = field(default_factory=lambda: frozen_mapping({}))

    @property
    def final_categories(self) -> tuple[str, ...]:
        """Categories that hold clients after pending ones are resolved."""
        pending = {r.category for r in self.resolutions}
        return tuple(c for c in self.categories if c not in pending)

    def members(self, clients: str) -> tuple[str, ...]:
        """The final categories a client basis (``all``, a category or a group) covers."""
        if clients == ALL_CLIENTS:
            return self.final_categories
        if clients in self.groups:
            return self.groups[clients]
        return (clients,)


@dataclass(frozen=True)
class RelativeEffect:
    """An arm's outcome shares relative to another arm's.

    Attributes
    ----------
    group
        The final category or group whose share the effect changes (e.g. ``successful``).
    measure
        ``"odds_ratio"``: the group's odds are multiplied, p' = r p / (1 − p + r p);
        ``"risk_ratio"``: its share is, p' = min(r p, 1). The categories in the group are
        scaled by p'/p and the others by (1 − p')/(1 − p), so the shares still add up to 1.
    parameter
        The shared parameter whose draw is the ratio r (≥ 0).
    """

    group: str
    measure: Literal["odds_ratio", "risk_ratio"]
    parameter: str


@dataclass(frozen=True)
class Arm:
    """A route of debt assistance with its dossier counts per outcome category.

    An arm ``relative_to`` another has no dossiers of its own: its outcome shares are the
    other arm's in the same draw, changed by ``effect``; ``dossiers`` are the other arm's.
    """

    name: str
    label: str
    dossiers: Mapping[str, int]
    relative_to: str = ""
    effect: RelativeEffect | None = None

    @property
    def n_dossiers(self) -> int:
        return sum(self.dossiers.values())


@dataclass(frozen=True)
class PublishedArm:
    """The figures a study published for one arm, to replicate against."""

    outcomes: Mapping[str, float]
    costs: Mapping[str, float]
    benefits: Mapping[str, tuple[float, float]]
    investment: tuple[float, float] | None
    total_benefit: tuple[float, float] | None
    balance: tuple[float, float] | None


@dataclass(frozen=True)
class Published:
    """Published figures: totals for ``clients`` clients, (total, per client) pairs.

    ``omitted_from_total`` lists benefit streams the published total leaves out.
    """

    source: str
    clients: int
    omitted_from_total: tuple[str, ...]
    arms: Mapping[str, PublishedArm]


@dataclass(frozen=True)
class Correlations:
    """Rank correlations between scalar inputs, induced by a Gaussian copula.

    Attributes
    ----------
    inputs
        ``(parameter, arm)`` per row of the matrix; ``arm`` is ``None`` for a shared
        parameter.
    spearman
        The target Spearman rank correlations, a symmetric positive definite matrix with
        ones on the diagonal, as nested tuples.
    """

    inputs: tuple[tuple[str, str | None], ...]
    spearman: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Research:
    """A proposed study of more dossiers: what it observes and what it costs.

    Attributes
    ----------
    fixed_cost
        Euros to set the study up, whatever its size.
    cost_per_dossier
        Euros to read and code one more dossier.
    horizon_years
        Years of intakes the decision informed by the study applies to.
    intakes_per_year
        Clients entering a route each year, to scale values per client to euros a year.
    parameters
        Per-arm Beta or Dirichlet parameters each new dossier reveals one observation of.
    among
        Parameter -> the Beta parameter whose dossiers it is observed on: the budget
        management variant is seen only in the dossiers of clients in budget management.
    source
        Where the figures come from (``ASSUMPTION: ...`` where they are our guesses).
    """

    fixed_cost: float
    cost_per_dossier: float
    horizon_years: float
    intakes_per_year: float
    parameters: tuple[str, ...]
    among: Mapping[str, str] = field(default_factory=lambda: frozen_mapping({}))
    source: str = ""


@dataclass(frozen=True)
class Study:
    """A validated study: arms, outcomes, parameters, costs, benefits and run defaults.

    ``discounting`` is ``None`` for undiscounted amounts (as Regioplan 2020).
    ``alternatives`` names the assumption sets a report shows beside this one's answer
    (config names, found as ``extends`` finds them). ``text`` is
    the config as run (``extends`` and ``--set`` overrides resolved), ``overrides`` the
    ``KEY.PATH=TOML_VALUE`` overrides applied to it.
    """

    title: str
    source: str
    baseline: str
    arms: tuple[Arm, ...]
    outcomes: Outcomes
    parameters: Mapping[str, Parameter]
    costs: tuple[Item, ...]
    benefits: tuple[Item, ...]
    stakeholders: Mapping[str, str]
    cohort: Cohort
    draws: int
    seed: int
    currency: str = "EUR"
    published: Published | None = None
    text: str = ""
    origin: str = ""
    discounting: Discounting | None = None
    language: str = LANGUAGES[0]
    description: str = ""
    limits: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    translations: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: frozen_mapping({})
    )

    def translate(self, text: str, lang: str) -> str:
        """A text of the study (a label, title, source or description, in the study's
        ``language``) in ``lang``: the config's translation, or the text as written."""
        if lang == self.language:
            return text
        return self.translations.get(lang, {}).get(text, text)

    overrides: tuple[str, ...] = ()
    research: Research | None = None
    sampling: Literal["random", "lhs", "sobol"] = "random"
    correlations: Correlations | None = None
    intakes_per_year: int | None = None
    """Clients entering each route a year (``[study] intakes_per_year``, else the
    ``[research]`` table's): the year of intakes of the risk view and the yearly totals.
    ``None`` where the config states none (:func:`mkba_mc.decision.yearly_intakes` then
    takes :data:`mkba_mc.decision.INTAKES_PER_YEAR` and the outputs say so)."""
    payer: str = DEFAULT_PAYER
    """The stakeholder whose own business case a council weighs (``[study] payer``: it pays
    every cost that names no payer; the municipality by default, else the first
    stakeholder listed)."""

    @property
    def arm_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.arms)

    def arm(self, name: str) -> Arm:
        return next(a for a in self.arms if a.name == name)
