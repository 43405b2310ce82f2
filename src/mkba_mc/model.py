"""The cost-benefit model: from parameter values to costs, benefits and balance per client.

For each arm the model

1. turns the arm's outcome shares into final client shares: in a finite cohort by
   multinomial counts, otherwise as expected values; clients still pending (in
   settlement) resolve to success with the resolution probability (binomially in a
   cohort, by the study's rounding to whole dossiers where a config asks for it);
2. thins each term's client basis by the client attributes it names (share on social
   assistance, in work, in budget management and its variant): binomial or multinomial
   counts in a cohort, products of shares otherwise; one thinning per distinct
   (basis, attributes) so streams that refer to the same clients see the same clients;
3. multiplies by the term's other parameters and constant factor, and sums the terms into
   cost components, benefit streams and stakeholders;
4. where a config asks for it, weights each benefit term by the outcome categories of its
   clients (``outcomes.benefit_weight``) and discounts every item to its present value
   at the intake (``[discounting]``, the item's ``timing``, ``outcomes.delay``).

Everything is vectorised over draws; the loops run over arms and terms only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .spec import OUTCOME_SHARES, SUCCESS_GROUP, Cohort, Item, Study, Term, Timing

__all__ = ["Outputs", "evaluate", "present_value_factor"]


@dataclass(frozen=True)
class Outputs:
    """Model outputs for a batch of draws, in euros per client.

    Arrays have draws first, then arms (in ``study.arms`` order), then the item axis.
    """

    cost: np.ndarray  # (n, arm, component)
    benefit: np.ndarray  # (n, arm, stream)
    benefit_by_stakeholder: np.ndarray  # (n, arm, stakeholder)
    outcome_share: np.ndarray  # (n, arm, final category)

    @property
    def investment(self) -> np.ndarray:
        return self.cost.sum(axis=-1)

    @property
    def total_benefit(self) -> np.ndarray:
        return self.benefit.sum(axis=-1)


def _split(ref: str) -> tuple[str, str]:
    name, _, component = ref.partition(".")
    return name, component


class _ArmClients:
    """Client shares of one arm for a batch of draws, with memoised thinning."""

    def __init__(self, study, values, arm_index, cohort, rng):
        self.study = study
        self.values = values
        self.arm_index = arm_index
        self.cohort = cohort
        self.rng = rng
        self.cache: dict = {}
        self.final = self._final_categories()

    def param(self, name: str) -> np.ndarray:
        """A parameter's values for this arm: ``(n,)`` or ``(n, k)``; an arm that takes
        another's draw (``same_draw``) reads that arm's values."""
        value = self.values[name]
        param = self.study.parameters[name]
        if param.shared:
            return value
        arm = self.study.arm_names[self.arm_index]
        return value[:, self.study.arm_names.index(param.same_draw.get(arm, arm))]

    def component(self, ref: str) -> np.ndarray:
        name, component = _split(ref)
        value = self.param(name)
        if component:
            index = self.study.parameters[name].components.index(component)
            return value[:, index]
        return value

    def _final_categories(self) -> dict[str, np.ndarray]:
        arm = self.study.arms[self.arm_index]
        if arm.effect is not None:
            return self._relative_categories(arm)
        outcomes = self.study.outcomes
        shares = self.param(OUTCOME_SHARES)
        if self.cohort == "expected":
            counts = shares
        else:
            counts = self.rng.multinomial(self.cohort, shares)
        clients = {c: counts[:, i] for i, c in enumerate(outcomes.categories)}
        n_dossiers = self.study.arms[self.arm_index].n_dossiers
        for resolution in outcomes.resolutions:
            pending = clients.pop(resolution.category)
            p = self.param(resolution.probability)
            if self.cohort != "expected":
                success = self.rng.binomial(pending, p)
            elif resolution.round_to_dossiers:
                success = np.floor(pending * n_dossiers * p + 0.5) / n_dossiers
            else:
                success = pending * p
            clients[resolution.success] = clients[resolution.success] + success
            clients[resolution.failure] = clients[resolution.failure] + (pending - success)
        return clients

    def _relative_categories(self, arm) -> dict[str, np.ndarray]:
        """Final shares of the reference arm (expected, same draw) changed by the effect;
        in a cohort, the arm's clients are drawn over those final shares."""
        index = self.study.arm_names.index(arm.relative_to)
        reference = _ArmClients(self.study, self.values, index, "expected", None).final
        shares = relative_shares(
            reference,
            self.study.outcomes.members(arm.effect.group),
            self.values[arm.effect.parameter],
            arm.effect.measure,
        )
        if self.cohort == "expected":
            return shares
        categories = list(shares)
        counts = self.rng.multinomial(self.cohort, np.stack([shares[c] for c in categories], 1))
        return {c: counts[:, i] for i, c in enumerate(categories)}

    def basis(self, clients: str) -> np.ndarray:
        members = self.study.outcomes.members(clients)
        total = self.final[members[0]]
        for member in members[1:]:
            total = total + self.final[member]
        return total

    def count(self, clients: str, attributes: tuple[str, ...]) -> np.ndarray:
        """Clients (a count in a cohort, a share otherwise) in ``clients`` who have every
        attribute; ``attributes`` are references sorted by name."""
        key = (clients, attributes)
        if key in self.cache:
            return self.cache[key]
        if not attributes:
            result = self.basis(clients)
        else:
            parent = self.count(clients, attributes[:-1])
            name, component = _split(attributes[-1])
            if component:
                split = self._split_vector(clients, attributes[:-1], name, parent)
                index = self.study.parameters[name].components.index(component)
                result = split[:, index]
            elif self.cohort == "expected":
                result = parent * self.param(name)
            else:
                result = self.rng.binomial(parent, self.param(name))
        self.cache[key] = result
        return result

    def _split_vector(self, clients, attributes, name, parent) -> np.ndarray:
        key = (clients, attributes, name)
        if key not in self.cache:
            mix = self.param(name)
            if self.cohort == "expected":
                self.cache[key] = parent[:, None] * mix
            else:
                self.cache[key] = self.rng.multinomial(parent, mix)
        return self.cache[key]

    def mix(self, clients: str, factors: Mapping[str, float]) -> np.ndarray | float:
        """The mean of per-category ``factors`` over the clients of a basis.

        Each final category in ``clients`` weighs by its clients (a count in a cohort: the
        expected split of a thinned count, given the category counts). An empty basis
        gives 0, as does every term on it.
        """
        members = self.study.outcomes.members(clients)
        values = {factors[c] for c in members}
        if len(values) == 1:
            return values.pop()
        basis = self.basis(clients)
        weighted = sum(factors[c] * self.final[c] for c in members)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(basis > 0, weighted / basis, 0.0)

    def share(self, clients: str, attributes: tuple[str, ...]) -> np.ndarray:
        """The term's client basis as a share of the arm's clients."""
        value = self.count(clients, attributes)
        return value if self.cohort == "expected" else value / self.cohort

    def term(self, term: Term) -> np.ndarray:
        parameters = self.study.parameters
        attributes = tuple(
            sorted(r for r in term.params if parameters[_split(r)[0]].client_attribute)
        )
        value = term.factor * self.share(term.clients, attributes)
        for ref in term.params:
            if ref not in attributes:
                value = value * self.component(ref)
        return value


def relative_shares(
    shares: Mapping[str, np.ndarray], group: tuple[str, ...], ratio: np.ndarray, measure: str
) -> dict[str, np.ndarray]:
    """Final category shares with the share p of ``group`` changed by a ratio, renormalised.

    Parameters
    ----------
    shares
        Final category -> share (they add up to 1), per draw.
    group
        The categories whose total share p the ratio changes.
    ratio
        The odds ratio or risk ratio, per draw (≥ 0).
    measure
        ``"odds_ratio"``: p' = r p / (1 − p + r p); ``"risk_ratio"``: p' = min(r p, 1).

    Returns
    -------
    dict
        The new shares: categories in ``group`` scaled by p'/p, the others by
        (1 − p')/(1 − p). A group share of 0 stays 0; when p = 1 the others stay 0.
    """
    p = sum(shares[c] for c in group)
    if measure == "odds_ratio":
        new = ratio * p / (1.0 - p + ratio * p)
    else:
        new = np.minimum(ratio * p, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = np.where(p > 0, new / p, 0.0)
        outside = np.where(p < 1, (1.0 - new) / (1.0 - p), 0.0)
    return {c: v * (inside if c in group else outside) for c, v in shares.items()}


def present_value_factor(rate: float, timing: Timing | None, delay: float = 0.0) -> float:
    """Present value at the intake of one euro that accrues as ``timing`` says.

    Parameters
    ----------
    rate
        Discount rate a year (0.0225 for the Dutch standard rate of 2.25%).
    timing
        The euro accrues evenly from ``start`` to ``start + years`` years after the
        intake (``None``: all of it at the intake).
    delay
        Years added to the start (benefits of clients of a delayed outcome category).

    Returns
    -------
    float
        ``(1 + rate) ** -t`` for an amount at ``t = start + delay``; for an even flow over
        ``years > 0``, its mean over the interval:
        ``((1 + rate) ** -t - (1 + rate) ** -(t + years)) / (years ln(1 + rate))``.
    """
    start = (0.0 if timing is None else timing.start) + delay
    years = 0.0 if timing is None else timing.years
    if rate == 0:
        return 1.0
    if years == 0:
        return (1.0 + rate) ** -start
    log = math.log1p(rate)
    if years * log == 0:  # a rate so small that the flow's factor is its start's
        return math.exp(-log * start)
    return (math.exp(-log * start) - math.exp(-log * (start + years))) / (years * log)


def _category_factors(study: Study, item: Item, benefit: bool) -> dict[str, float]:
    """Final category -> the factor its clients' share of an item counts at: the benefit
    weight (benefits only) times the present-value factor (with the category's delay)."""
    rate = 0.0 if study.discounting is None else study.discounting.rate
    outcomes = study.outcomes
    factors = {}
    for category in outcomes.final_categories:
        weight = outcomes.benefit_weight.get(category, 1.0) if benefit else 1.0
        delay = outcomes.delay.get(category, 0.0) if benefit else 0.0
        factors[category] = weight * present_value_factor(rate, item.timing, delay)
    return factors


def evaluate(
    study: Study,
    values: Mapping[str, np.ndarray],
    cohort: Cohort,
    rng_for_arm: Callable[[str], np.random.Generator] | None = None,
) -> Outputs:
    """Evaluate the model for a batch of parameter draws.

    Parameters
    ----------
    study
        The study.
    values
        Parameter values as :func:`mkba_mc.sampling.sample_parameters` returns them.
    cohort
        Clients per arm, or ``"expected"`` for per-client expected values.
    rng_for_arm
        Arm name -> the generator of that arm's client outcomes; needed for a cohort.

    Returns
    -------
    Outputs
        Costs, benefits, benefits per stakeholder and final outcome shares, per client.
    """
    if cohort != "expected" and rng_for_arm is None:
        raise ValueError("a finite cohort needs rng_for_arm to sample client outcomes")
    n = len(values[OUTCOME_SHARES])
    n_arms = len(study.arms)
    stakeholders = list(study.stakeholders)
    finals = study.outcomes.final_categories
    cost = np.zeros((n, n_arms, len(study.costs)))
    benefit = np.zeros((n, n_arms, len(study.benefits)))
    by_stakeholder = np.zeros((n, n_arms, len(stakeholders)))
    outcome_share = np.zeros((n, n_arms, len(finals)))
    for a, arm in enumerate(study.arm_names):
        rng = None if cohort == "expected" else rng_for_arm(arm)
        clients = _ArmClients(study, values, a, cohort, rng)
        for i, category in enumerate(finals):
            outcome_share[:, a, i] = clients.share(category, ())
        for c, item in enumerate(study.costs):
            factors = _category_factors(study, item, benefit=False)
            cost[:, a, c] = sum(_adjusted(clients, term, factors) for term in item.terms)
        holders = [0.0] * len(stakeholders)
        for s, item in enumerate(study.benefits):
            factors = _category_factors(study, item, benefit=True)
            total = 0.0
            for term in item.terms:
                value = _adjusted(clients, term, factors)
                total = total + value
                for holder, part in term.stakeholders.items():
                    h = stakeholders.index(holder)
                    holders[h] = holders[h] + (value if part == 1 else part * value)
            benefit[:, a, s] = total
        for h, value in enumerate(holders):
            by_stakeholder[:, a, h] = value
    return Outputs(cost, benefit, by_stakeholder, outcome_share)


def _adjusted(clients: _ArmClients, term: Term, factors: Mapping[str, float]) -> np.ndarray:
    """A term's value times the mean factor of its clients' categories (untouched at 1)."""
    value = clients.term(term)
    if all(f == 1.0 for f in factors.values()):
        return value
    return value * clients.mix(term.clients, factors)


def success_share(study: Study, outputs: Outputs) -> np.ndarray:
    """Share of successful clients (*succesvol*) per draw and arm."""
    finals = study.outcomes.final_categories
    idx = [finals.index(c) for c in study.outcomes.groups[SUCCESS_GROUP]]
    return outputs.outcome_share[:, :, idx].sum(axis=-1)
