"""Contract tests every distribution passes, plus the config parameterisations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from mkba_mc.distributions import (
    Beta,
    Dirichlet,
    DistributionError,
    Fixed,
    FixedShares,
    Gamma,
    LogNormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
    from_config,
)

N = 200_000


class DistributionContract:
    """Subclasses set ``dist`` (ours) and ``reference`` (an independent scipy.stats frozen
    distribution with the same law, built from the textbook parameterisation)."""

    dist = None
    reference = None

    def draws(self, seed=0, size=N):
        return self.dist.sample(np.random.default_rng(seed), size)

    def test_sample_mean_matches_analytic_mean(self):
        x = self.draws()
        se = math.sqrt(self.reference.var() / N)
        assert self.dist.mean() == pytest.approx(self.reference.mean(), rel=1e-9)
        assert abs(x.mean() - self.reference.mean()) < 4 * se

    def test_sample_variance_matches_analytic_variance(self):
        x = self.draws(seed=1)
        var = self.reference.var()
        # SE of the sample variance: sqrt((m4 - var^2) / n), m4 the central fourth moment.
        kurtosis_excess = float(self.reference.stats(moments="k"))
        m4 = (kurtosis_excess + 3.0) * var**2
        se = math.sqrt((m4 - var**2) / N)
        assert self.dist.var() == pytest.approx(var, rel=1e-9)
        assert abs(x.var(ddof=1) - var) < 4 * se

    def test_ppf_matches_scipy(self):
        u = np.linspace(0.001, 0.999, 101)
        np.testing.assert_allclose(self.dist.ppf(u), self.reference.ppf(u), rtol=1e-8, atol=1e-10)

    def test_samples_follow_the_ppf(self):
        # Kolmogorov-Smirnov test against the reference CDF at a fixed seed.
        x = self.draws(seed=2, size=20_000)
        assert stats.kstest(x, self.reference.cdf).pvalue > 1e-3

    def test_support_contains_samples(self):
        low, high = self.dist.support()
        x = self.draws(seed=3, size=10_000)
        assert np.all(x >= low) and np.all(x <= high)

    def test_reproducible(self):
        np.testing.assert_array_equal(self.draws(seed=7, size=1000), self.draws(seed=7, size=1000))
        assert not np.array_equal(self.draws(seed=7, size=1000), self.draws(seed=8, size=1000))


class TestUniform(DistributionContract):
    dist = Uniform(4, 12)
    reference = stats.uniform(4, 8)


class TestTriangular(DistributionContract):
    dist = Triangular(1, 3, 10)
    reference = stats.triang((3 - 1) / 9, loc=1, scale=9)


class TestPert(DistributionContract):
    dist = Pert(4, 4, 12)
    # Classic PERT: Beta(1 + 4 (m - a)/(b - a), 1 + 4 (b - m)/(b - a)) on [a, b].
    reference = stats.beta(1, 5, loc=4, scale=8)

    def test_classic_mean(self):
        assert self.dist.mean() == pytest.approx((4 + 4 * 4 + 12) / 6)


class TestPertInterior(DistributionContract):
    dist = Pert(0, 2, 10)
    reference = stats.beta(1 + 4 * 2 / 10, 1 + 4 * 8 / 10, loc=0, scale=10)


class TestNormal(DistributionContract):
    dist = Normal(100, 15)
    reference = stats.norm(100, 15)


class TestTruncatedNormal(DistributionContract):
    dist = Normal(1000, 600, low=0)
    reference = stats.truncnorm((0 - 1000) / 600, np.inf, loc=1000, scale=600)


class TestLogNormalByMean(DistributionContract):
    dist = from_config("lognormal", {"mean": 500, "cv": 0.4})
    sigma = math.sqrt(math.log(1 + 0.4**2))
    reference = stats.lognorm(sigma, scale=500 * math.exp(-0.5 * sigma**2))


class TestGammaByMean(DistributionContract):
    dist = from_config("gamma", {"mean": 14_000, "cv": 0.10})
    reference = stats.gamma(1 / 0.10**2, scale=14_000 * 0.10**2)

    def test_mean_and_cv(self):
        assert self.dist.mean() == pytest.approx(14_000)
        assert math.sqrt(self.dist.var()) / self.dist.mean() == pytest.approx(0.10)


class TestBetaByParameters(DistributionContract):
    dist = from_config("beta", {"a": 40, "b": 10})
    reference = stats.beta(40, 10)


class TestBetaByMeanAndPseudoSample(DistributionContract):
    dist = from_config("beta", {"mean": 0.85, "n": 100})
    reference = stats.beta(85, 15)


class TestBetaByCountsJeffreys(DistributionContract):
    dist = from_config("beta", {"k": 11, "n": 29})
    reference = stats.beta(11.5, 18.5)


class TestFixed:
    def test_contract(self):
        d = Fixed(0.85)
        x = d.sample(np.random.default_rng(0), 5)
        np.testing.assert_array_equal(x, np.full(5, 0.85))
        np.testing.assert_array_equal(d.ppf(np.array([0.1, 0.9])), [0.85, 0.85])
        assert d.mean() == 0.85 and d.var() == 0 and d.support() == (0.85, 0.85)


class TestDirichlet:
    dist = from_config("dirichlet", {"counts": {"solved": 3, "stabilised": 7, "dropout": 13}})
    alpha = np.array([3.5, 7.5, 13.5])

    def test_counts_take_the_jeffreys_prior(self):
        np.testing.assert_allclose(self.dist.alpha, self.alpha)
        assert self.dist.components == ("solved", "stabilised", "dropout")

    def test_moments(self):
        x = self.dist.sample(np.random.default_rng(0), N)
        ref = stats.dirichlet(self.alpha)
        np.testing.assert_allclose(self.dist.mean(), ref.mean())
        np.testing.assert_allclose(self.dist.var(), ref.var())
        se = np.sqrt(ref.var() / N)
        assert np.all(np.abs(x.mean(axis=0) - ref.mean()) < 4 * se)
        np.testing.assert_allclose(x.sum(axis=1), 1.0)

    def test_ppf_gives_dirichlet_marginals(self):
        # Each component of a Dirichlet is Beta(alpha_i, alpha_0 - alpha_i).
        u = np.random.default_rng(1).random((20_000, 3))
        x = self.dist.ppf(u)
        for i, a in enumerate(self.alpha):
            marginal = stats.beta(a, self.alpha.sum() - a)
            assert stats.kstest(x[:, i], marginal.cdf).pvalue > 1e-3

    def test_reproducible(self):
        a = self.dist.sample(np.random.default_rng(5), 100)
        b = self.dist.sample(np.random.default_rng(5), 100)
        np.testing.assert_array_equal(a, b)

    def test_alpha_form(self):
        d = from_config("dirichlet", {"alpha": {"ww": 45, "pw": 5, "keep": 50}})
        np.testing.assert_allclose(d.mean(), [0.45, 0.05, 0.50])


def test_fixed_shares_normalise():
    d = from_config("fixed", {"shares": {"basic": 7, "plus": 6, "total": 0}})
    assert isinstance(d, FixedShares)
    np.testing.assert_allclose(d.mean(), [7 / 13, 6 / 13, 0])
    np.testing.assert_allclose(
        d.sample(np.random.default_rng(0), 4), np.tile([7 / 13, 6 / 13, 0], (4, 1))
    )


def test_pert_shape_parameter():
    d = from_config("pert", {"low": 0, "mode": 5, "high": 10, "shape": 2})
    assert isinstance(d, Pert)
    assert d.mean() == pytest.approx(5)


def test_normal_by_cv():
    d = from_config("normal", {"mean": 200, "cv": 0.1})
    assert isinstance(d, Normal) and d.sd == pytest.approx(20)


@pytest.mark.parametrize(
    ("family", "arguments", "key", "fragment"),
    [
        ("beta", {"mean": 1.2, "n": 10}, "mean", "between 0 and 1"),
        ("beta", {"k": 30, "n": 29}, "k", "[0, n]"),
        ("beta", {"a": -1, "b": 2}, "a", "positive"),
        ("beta", {"mean": 0.5}, None, "takes the keys"),
        ("beta", {"a": 1, "b": 2, "c": 3}, "c", "unknown key"),
        ("gamma", {"mean": -5, "cv": 0.1}, "mean", "positive"),
        ("gamma", {"mean": 5, "cv": 0}, "cv", "positive"),
        ("uniform", {"low": 5, "high": 5}, "high", "exceed"),
        ("triangular", {"low": 0, "mode": 11, "high": 10}, "mode", "lie in"),
        ("pert", {"low": 0, "mode": -1, "high": 10}, "mode", "lie in"),
        ("normal", {"mean": 0, "sd": -1}, "sd", "positive"),
        ("normal", {"mean": 0, "sd": 1, "low": 2, "high": 1}, "high", "exceed"),
        ("gamma", {"mean": math.nan, "cv": 0.1}, "mean", "finite"),
        ("uniform", {"low": 0, "high": math.inf}, "high", "finite"),
        ("gamma", {"mean": "700", "cv": 0.1}, "mean", "number"),
        ("gamma", {"mean": True, "cv": 0.1}, "mean", "number"),
        ("dirichlet", {"counts": {"a": -1, "b": 2}}, "counts", "negative"),
        ("dirichlet", {"counts": {"a": 0, "b": 2}, "prior": 0}, "prior", "positive"),
        ("dirichlet", {"alpha": {"a": 1}}, "alpha", "two components"),
        ("fixed", {"shares": {"a": 0, "b": 0}}, "shares", "zero"),
        ("lognormal", {"mu": 1, "sigma": 0}, "sigma", "positive"),
        ("poisson", {"lam": 1}, "dist", "unknown distribution"),
    ],
)
def test_invalid_arguments_name_the_key(family, arguments, key, fragment):
    with pytest.raises(DistributionError) as info:
        from_config(family, arguments)
    assert info.value.key == key
    assert fragment in str(info.value)


def test_gamma_and_beta_classes_are_the_catalogue_builds():
    assert isinstance(from_config("gamma", {"shape": 2, "scale": 3}), Gamma)
    assert isinstance(from_config("beta", {"a": 2, "b": 3}), Beta)
    assert isinstance(from_config("lognormal", {"mu": 0, "sigma": 1}), LogNormal)
    assert isinstance(from_config("dirichlet", {"alpha": {"x": 1, "y": 2}}), Dirichlet)
