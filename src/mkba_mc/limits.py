"""The size and magnitude limits of a run, stated once.

The command line, the config reader and the Python API check against these same numbers
before any work starts, and every refusal says the limit (``configs/README.md`` lists
them for users). They are far beyond any real study of debt assistance: they exist so
that a typo (a draws count of 10^12, a cost of 1e308) is answered at once instead of by an
exhausted machine or a page of overflow warnings.
"""

from __future__ import annotations

from numbers import Integral

__all__ = [
    "MAX_COHORT",
    "MAX_CONFIG_BYTES",
    "MAX_DEPTH",
    "MAX_DRAWS",
    "MAX_MAGNITUDE",
    "MAX_MEMORY_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_SEED",
    "MIN_CONCENTRATION",
    "MIN_CV",
    "REACH_SD",
    "count_problem",
    "is_whole_number",
    "whole_number",
]

MAX_DRAWS = 100_000_000
"""Monte Carlo draws in one run: 10^8, the largest run the product is built for (SPEC 6)."""

MAX_SEED = 2**63 - 1
"""The largest seed: numpy's :class:`~numpy.random.SeedSequence` takes any non-negative
integer, but a run stores its seed as a 64-bit signed integer (netCDF, JSON readers)."""

MAX_COHORT = 1_000_000_000
"""Clients per arm in a sampled cohort: 10^9, beyond any municipality's intakes."""

MAX_MEMORY_BYTES = 2**31
"""Memory a run held whole in memory may take (a report of a config runs one): 2 GiB,
about 2.5 million draws of the default study."""

MAX_CONFIG_BYTES = 1_048_576
"""Size of a config file: 1 MiB (the shipped configs are about 15 KB)."""

MAX_NAME_LENGTH = 64
"""Characters in a name (arm, category, group, parameter, item, stakeholder): the names
become netCDF variable and dimension names, which allow at most 256 bytes."""

MAX_DEPTH = 16
"""Levels of nested tables and arrays in a config (the layout needs five)."""

MAX_MAGNITUDE = 1e12
"""The largest magnitude of any number in a config, of any value a parameter's draws can
reach, and of any amount in euros per client a term, item or total can reach. Squares and
sums of 10^8 such values stay finite, and printed amounts stay readable."""

MIN_CV = 1e-6
"""The smallest coefficient of variation of a distribution given by mean and cv (a smaller
one is a fixed value, and its square would vanish in the shape of a gamma)."""

MIN_CONCENTRATION = 1e-6
"""The smallest gamma shape, beta ``a`` and ``b`` and Dirichlet concentration: below it the
inverse CDFs (used by the sensitivity analyses) lose every digit and the moments divide
by numbers that vanish."""

REACH_SD = 10.0
"""Draws "can reach" the quantile that lies as far in the tail as ``REACH_SD`` standard
deviations of a normal distribution (a tail probability of 7.6e-24 per draw): the largest
value a run of :data:`MAX_DRAWS` draws will in practice produce."""


def count_problem(value: int, minimum: int, maximum: int) -> str | None:
    """What is wrong with a whole number of draws, a seed or a cohort, or ``None``.

    Parameters
    ----------
    value
        The number as given.
    minimum, maximum
        The inclusive range it must lie in.

    Returns
    -------
    str or None
        One phrase for an error line, e.g. ``"must be at most 100000000 (the limit), got
        1000000000000"``; a number too long to read is described by its digits.
    """
    digits = str(value)
    shown = digits if len(digits) <= 24 else f"a number of {len(digits.lstrip('-'))} digits"
    if value < minimum:
        bound = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        return f"{bound}, got {shown}"
    if value > maximum:
        return f"must be at most {maximum} (the limit), got {shown}"
    return None


def is_whole_number(value: object) -> bool:
    """Whether ``value`` is a whole number: a Python or numpy integer, not a boolean.

    The one test behind every check of a count (draws, seed, cohort, workers, intakes,
    points) in the config reader, the command line and the Python API.
    """
    return isinstance(value, Integral) and not isinstance(value, bool)


def whole_number(value: object, name: str, minimum: int, maximum: int | None = None) -> int:
    """``value`` as an ``int`` if it is a whole number from ``minimum`` to ``maximum``.

    Parameters
    ----------
    value
        The number as given to the Python API.
    name
        The argument's name, first in the message.
    minimum, maximum
        The inclusive range; ``maximum`` ``None`` for none.

    Raises
    ------
    ValueError
        One line naming the argument, e.g. ``"draws must be a positive whole number, got
        1.5"``, or ``"draws must be at most 100000000 (the limit), got ..."``.
    """
    if not is_whole_number(value) or value < minimum:
        kind = {0: "a non-negative whole number", 1: "a positive whole number"}.get(
            minimum, f"a whole number of at least {minimum}"
        )
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    if maximum is not None:
        problem = count_problem(int(value), minimum, maximum)
        if problem is not None:
            raise ValueError(f"{name} {problem}")
    return int(value)
