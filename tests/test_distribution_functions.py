"""The scipy.stats counterparts of the distribution catalogue agree with it."""

from __future__ import annotations

import numpy as np
import pytest

from mkba_mc import distributions as dist
from mkba_mc.distribution_functions import FROZEN, cdf, frozen

CASES = [
    dist.Uniform(2.0, 5.0),
    dist.Triangular(1.0, 2.0, 6.0),
    dist.Pert(10.0, 12.0, 30.0),
    dist.Pert(0.0, 1.0, 2.0, shape=6.0),
    dist.Normal(100.0, 15.0),
    dist.Normal(0.5, 0.2, low=0.0, high=1.0),
    dist.LogNormal(1.0, 0.4),
    dist.Gamma(3.0, 2.0),
    dist.Beta(2.0, 7.0),
]
U = np.linspace(0.001, 0.999, 101)


def test_every_continuous_scalar_family_has_a_counterpart():
    scalar = {
        cls
        for cls in dist.Distribution.__subclasses__()
        if cls not in (dist.Fixed, dist.Dirichlet, dist.FixedShares)
    }
    assert scalar == set(FROZEN)
    assert {type(d) for d in CASES} == set(FROZEN)


@pytest.mark.parametrize("d", CASES, ids=lambda d: d.describe())
def test_the_counterpart_has_the_catalogues_quantiles_and_moments(d):
    f = frozen(d)
    np.testing.assert_allclose(f.ppf(U), d.ppf(U), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(f.mean(), d.mean(), rtol=1e-10)
    np.testing.assert_allclose(f.var(), d.var(), rtol=1e-9)
    np.testing.assert_allclose([cdf(d, x) for x in d.ppf(U)], U, rtol=1e-9)


def test_families_without_a_cdf_of_one_value_are_refused():
    with pytest.raises(TypeError, match="Dirichlet"):
        frozen(dist.Dirichlet((1.0, 2.0), ("a", "b")))
    with pytest.raises(TypeError, match="Fixed"):
        frozen(dist.Fixed(3.0))
