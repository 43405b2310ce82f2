"""The bounds pass: every number a run will compute stays finite and readable.

Called once by the config reader on a study that is otherwise valid. It bounds, without
drawing anything,

* every parameter distribution: its mean, its standard deviation and the values its
  draws can reach (:meth:`~mkba_mc.distributions.Distribution.reach`);
* every discount factor an item or outcome delay applies;
* the largest amount in euros per client each term, each item and each section's total
  can reach: ``|factor| × (a share ≤ 1) × largest weight × discount factor × the product
  of its parameters' largest magnitudes``;

against :data:`~mkba_mc.limits.MAX_MAGNITUDE`. A quantity outside is reported as
:class:`OutOfBounds` naming its key, so a config that passes runs without overflow.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .distributions import Distribution
from .limits import MAX_MAGNITUDE
from .model import present_value_factor
from .spec import Item, Study

__all__ = ["OutOfBounds", "check_bounds"]

_LIMIT = f"±{MAX_MAGNITUDE:g}"


class OutOfBounds(ValueError):
    """A quantity would leave the limits; ``path`` is the config key to name."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path


def check_bounds(study: Study) -> None:
    """Check that every parameter, discount factor and amount stays within the limits.

    Raises
    ------
    OutOfBounds
        For the first quantity outside ``±MAX_MAGNITUDE``, naming its config key.
    """
    magnitude = {}
    for name, param in study.parameters.items():
        path = f"parameters.{name}"
        if param.shared:
            magnitude[name] = _distribution_magnitude(param.distribution, path)
        else:
            magnitude[name] = max(
                _distribution_magnitude(dist, f"{path}.arms.{arm}")
                for arm, dist in param.per_arm.items()
            )
    for section, items in (("costs", study.costs), ("benefits", study.benefits)):
        section_total = 0.0
        for item in items:
            section_total += _item_magnitude(study, item, section, magnitude)
        if section_total > MAX_MAGNITUDE:
            raise OutOfBounds(
                section,
                f"the {section} together can reach {section_total:.3g} euros per client; "
                f"amounts must stay within {_LIMIT} (the limit)",
            )


def _distribution_magnitude(dist: Distribution, path: str) -> float:
    """The largest magnitude the draws of ``dist`` reach, after checking its moments."""
    if dist.components is not None:  # shares over components: within [0, 1] by construction
        return 1.0
    moments = (("mean", _quietly(dist.mean)), ("standard deviation", _sd(_quietly(dist.var))))
    for what, value in moments:
        if not _within(value):
            raise OutOfBounds(
                path,
                f"the {what} of {dist.describe()} is {_show(value)}; "
                f"it must stay within {_LIMIT} (the limit)",
            )
    reach = _quietly(dist.reach)
    low, high = reach if isinstance(reach, tuple) else (math.nan, math.nan)
    if not (_within(low) and _within(high)):
        raise OutOfBounds(
            path,
            f"{dist.describe()} can reach [{low:.3g}, {high:.3g}]; "
            f"draws must stay within {_LIMIT} (the limit)",
        )
    return max(abs(low), abs(high))


def _item_magnitude(study: Study, item: Item, section: str, magnitude: dict) -> float:
    """The largest amount per client ``item`` can reach, checking each term on the way."""
    path = f"{section}.{item.name}"
    adjustment = _largest_adjustment(study, item, benefit=section == "benefits", path=path)
    total = 0.0
    for i, term in enumerate(item.terms):
        sizes = [abs(term.factor), adjustment]
        sizes += [magnitude[ref.partition(".")[0]] for ref in term.params]
        largest = 0.0 if min(sizes) == 0 else math.prod(sizes)
        if largest > MAX_MAGNITUDE:
            raise OutOfBounds(
                f"{path}.terms[{i}]",
                f"can reach {largest:.3g} euros per client (factor × parameters"
                f"{' × discount factor' if adjustment != 1 else ''}); "
                f"amounts must stay within {_LIMIT} (the limit)",
            )
        total += largest
    if total > MAX_MAGNITUDE:
        raise OutOfBounds(
            path,
            f"its terms together can reach {total:.3g} euros per client; "
            f"amounts must stay within {_LIMIT} (the limit)",
        )
    return total


def _largest_adjustment(study: Study, item: Item, benefit: bool, path: str) -> float:
    """The largest benefit weight times present-value factor of any final category."""
    rate = 0.0 if study.discounting is None else study.discounting.rate
    outcomes = study.outcomes
    largest = 0.0
    for category in outcomes.final_categories:
        weight = outcomes.benefit_weight.get(category, 1.0) if benefit else 1.0
        delay = outcomes.delay.get(category, 0.0) if benefit else 0.0
        try:
            factor = present_value_factor(rate, item.timing, delay)
        except ArithmeticError:  # an overflow
            factor = math.inf
        if not _within(factor):
            where = f"{path}.timing" if item.timing is not None else f"outcomes.delay.{category}"
            raise OutOfBounds(
                where,
                f"at discounting.rate {rate:g} the discount factor reaches {_show(factor)}; "
                f"it must stay within {_LIMIT} (the limit)",
            )
        largest = max(largest, weight * factor)
    return largest


def _quietly(compute):
    """``compute()`` without floating-point warnings; ``nan`` where it cannot be computed
    (an overflow or a division by a vanishing number is out of bounds, not our crash)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            return compute()
        except ArithmeticError:
            return math.nan


def _sd(variance: float) -> float:
    """The standard deviation; a variance a rounding error below zero counts as zero."""
    return math.sqrt(max(variance, 0.0)) if math.isfinite(variance) else math.inf


def _within(value: float) -> bool:
    return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE


def _show(value: float) -> str:
    if math.isnan(value):
        return "not a number (it cannot be computed in floating point)"
    return f"{value:.3g}" if math.isfinite(value) else "beyond any float (it overflows)"
