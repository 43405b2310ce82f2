"""The investment-risk view: who pays and who gains, downside risk, payback.

A controller asks what the municipality itself risks by funding a route, not only what
society gains. This module answers that from a run:

* :func:`stakeholder_balances` and :func:`business_case`: each stakeholder's balance,
  the benefits that land with it minus the costs it pays (the config's ``payer``; the
  municipality by default), beside the societal balance: the *gemeentelijke business
  case* beside the *maatschappelijke business case*, with the chance that each recovers
  its investment;
* :func:`downside_risk` and :func:`risk_profile`: value-at-risk (VaR), expected
  shortfall (ES) and the chance of a loss beyond a limit, per client or per year of
  intakes (:func:`year_of_intakes`: a run whose cohort is that year's clients, so the
  yearly spread includes client chance);
* :func:`payback`: the cumulative (discounted) net cash flow per year after the intake
  and the distribution of the payback year, for a study with a time profile.

Conventions. A balance is benefits − costs (euros; positive is a gain). The *cases*
(dim ``case``) are ``"societal"`` (all benefits against all costs), each stakeholder's
own balance (benefits allocated to it at its share, SPEC 2.5, minus the costs it pays),
and, where the study names its payer, ``"payer_partly"``: the payer's
business case under the reading in which every benefit stream that touches the
payer counts whole (the reading of Regioplan 2020's "84%", an upper bound; see
:func:`mkba_mc.decision.municipality_share`). The stakeholders' own balances add up to
the societal balance.

Downside measures at level α (5%, 10%) of a balance X, with the loss L = −X:

* VaR_α = −q_α(X), with q_α the lower α-quantile of the draws (``inverted_cdf``: the
  ⌈α n⌉-th smallest draw): the loss exceeded with probability at most α; a negative
  VaR is a gain even in the worst α of the draws;
* ES_α = −(1/α) E[X 1{X ≤ q_α}] with the tie at q_α weighted so that exactly the worst
  α of the probability counts (Acerbi and Tasche 2002): the mean loss in the worst α of
  the draws. For ``n`` draws: ``−(sum of the k = ⌊α n⌋ smallest + (α n − k) × the next)
  / (α n)``.

Monte Carlo standard errors: of a mean, ``sd / sqrt(n)``; of a probability,
``sqrt(p (1 - p) / n)``; of VaR, :func:`mkba_mc.analysis.quantile_se`; of ES, the
asymptotic variance ``(Var(X | X ≤ q) + (1 − α)(q − E[X | X ≤ q])²) / (n α)``.
"""

from .cases import PARTLY, SOCIETAL, business_case, stakeholder_balances
from .payback import PAYBACK_YEARS, has_time_profile, payback
from .stream import RiskOptions
from .tails import (
    LEVELS,
    downside_risk,
    expected_shortfall,
    loss_probability,
    risk_profile,
    value_at_risk,
    year_of_intakes,
)
from .view import InvestmentRisk, investment_risk

__all__ = [
    "LEVELS",
    "PARTLY",
    "PAYBACK_YEARS",
    "RiskOptions",
    "SOCIETAL",
    "InvestmentRisk",
    "business_case",
    "downside_risk",
    "expected_shortfall",
    "has_time_profile",
    "investment_risk",
    "loss_probability",
    "payback",
    "risk_profile",
    "stakeholder_balances",
    "value_at_risk",
    "year_of_intakes",
]
