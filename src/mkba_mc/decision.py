"""Decision quantities of a run: who gains, what success must be worth, what a year costs.

Every function takes the :class:`xarray.Dataset` of :func:`mkba_mc.simulate` (or one opened
from its netCDF file) and returns a new xarray object with Monte Carlo standard errors
(MCSE) beside each estimate. Money is in euros per client unless a function says
otherwise (:func:`scale_up` is in euros per year).

Standard errors, for ``n`` independent draws:

* of a mean: ``sd / sqrt(n)``;
* of a probability: ``sqrt(p (1 - p) / n)`` (with ties shared, the sample variance of the
  per-draw weights);
* of a ratio of means ``R = mean(x) / mean(y)`` (a share of the benefits): the delta
  method, ``sd(x - R y) / (|mean(y)| sqrt(n))``;
* of the break-even value ``λ* = -mean(Δbalance) / mean(Δsuccess)``: the delta method,
  ``sd(Δbalance + λ* Δsuccess) / (|mean(Δsuccess)| sqrt(n))``.

Comparisons against the baseline arm (FIG-route in Regioplan 2020) follow
:func:`mkba_mc.versus_baseline`: the baseline's own row of an "arm versus baseline"
variable is missing (NaN).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import xarray as xr

from .arms import arms_of
from .convergence import convergence
from .limits import whole_number
from .mcse import describe, mean_se, ratio_se, weighted_prob_se
from .spec import DEFAULT_PAYER, Study

__all__ = [
    "DEFAULT_WTP",
    "INTAKES_PER_YEAR",
    "WTP_GRID",
    "acceptability_curve",
    "break_even_wtp",
    "convergence",
    "decision_summary",
    "municipality_share",
    "scale_up",
    "stakeholder_benefits",
    "yearly_intakes",
]

DEFAULT_WTP = (0.0, 2_500.0, 10_000.0)
"""Default values of λ (euros per extra successful client) for tables, such as the value
of information's: none, a modest and a large value of the unmonetised gains."""

WTP_GRID = np.linspace(0.0, 50_000.0, 101)
"""Default values λ (euros per extra successful client) of curves such as
:func:`acceptability_curve`: 0 to €50,000 in steps of €500.

The upper end is about three and a half years of social assistance (€14,000 a year,
Regioplan 2020): a generous value for a successful client's unmonetised gains (less
stress, better health; the study's chapter 4), wide enough to show where the curve
levels off."""

INTAKES_PER_YEAR = 3_000
"""Intakes a year in The Hague's debt assistance: about 3,000 intake talks in 2017
(Regioplan 2020). Scales per-client values to a year of decisions."""


def payer(ds: xr.Dataset) -> str | None:
    """The stakeholder whose own business case a council weighs: the study's ``payer``
    (stored with the run; the municipality in a run stored without it), or ``None`` when
    the run has no such stakeholder."""
    name = str(ds.attrs.get("payer", DEFAULT_PAYER))
    return name if name in [str(h) for h in ds["stakeholder"].values] else None


_INTERVAL = (0.05, 0.95)
_WORK_ELEMENTS = 1 << 22
"""Elements (about 32 MB of float64) an intermediate array may hold at once."""
_CHUNK_DRAWS = 1 << 18
"""Draws read at a time when a variable with an item axis is reduced (runs on disk)."""


# --------------------------------------------------------------------------- helpers


def _summed(values: xr.DataArray, dim: str) -> np.ndarray:
    """``values`` summed over ``dim`` as a float array ``(draw, arm)``, read in chunks of
    draws so that a run opened from disk is never loaded whole."""
    n = values.sizes["draw"]
    out = np.empty((n, values.sizes["arm"]))
    for start in range(0, n, _CHUNK_DRAWS):
        part = values.isel(draw=slice(start, start + _CHUNK_DRAWS)).sum(dim)
        out[start : start + _CHUNK_DRAWS] = part.transpose("draw", "arm").values
    return out


# --------------------------------------------------------------------------- stakeholders


def stakeholder_benefits(ds: xr.Dataset) -> xr.Dataset:
    """Mean benefits per stakeholder and arm, and each stakeholder's share of the total.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`), with ``benefit_by_stakeholder`` (draw, arm,
        stakeholder) and ``total_benefit`` (draw, arm).

    Returns
    -------
    xarray.Dataset
        Over ``arm`` and ``stakeholder``:

        ``mean``, ``mc_se``
            Expected benefit that lands with the stakeholder (euros per client of the arm).
        ``q05``, ``q95``
            Its 5% and 95% quantiles over draws (euros per client).
        ``share``, ``share_se``
            The stakeholder's share of the arm's expected total benefits,
            ``E[benefit to stakeholder] / E[total benefits]`` (a ratio of means, as the
            study's "84% lands with the municipality"), with its delta-method MCSE. The
            shares of an arm add up to 1.
        ``delta_mean``, ``delta_mc_se``
            Arm minus baseline, per stakeholder (missing for the baseline itself).

    Notes
    -----
    The allocation of each benefit term to stakeholders (*wie profiteert*) comes from the
    config (SPEC 2.5); a term split between stakeholders counts at its share for each.
    """
    run = arms_of(ds)
    n = run.draws
    base = run.baseline_index
    total = run.matrix("total_benefit")
    holders = list(ds["stakeholder"].values)
    columns: dict[str, list[np.ndarray]] = {}
    for holder in holders:  # one (draw, arm) array at a time: bounded memory on disk
        x = np.asarray(
            ds["benefit_by_stakeholder"].sel(stakeholder=holder).transpose("draw", "arm").values,
            dtype=float,
        )
        mean = x.mean(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = mean / total.mean(axis=0)
        delta = x - x[:, base : base + 1]
        stats = {
            "mean": mean,
            "mc_se": mean_se(x, axis=0),
            "q05": np.quantile(x, 0.05, axis=0),
            "q95": np.quantile(x, 0.95, axis=0),
            "share": share,
            "share_se": ratio_se(x, total, share),
            "delta_mean": delta.mean(axis=0),
            "delta_mc_se": mean_se(delta, axis=0),
        }
        stats["delta_mean"][base] = np.nan
        stats["delta_mc_se"][base] = np.nan
        for key, value in stats.items():
            columns.setdefault(key, []).append(value)
    units = {
        "mean": {"units": "EUR per client", "long_name": "mean benefit to the stakeholder"},
        "share": {"units": "1", "long_name": "share of the arm's total benefits"},
        "share_se": {"units": "1"},
        "delta_mean": {"units": "EUR per client", "long_name": "arm minus baseline"},
    }
    dims = ("arm", "stakeholder")
    out = xr.Dataset(
        {
            key: (dims, np.stack(values, axis=1), units.get(key, {"units": "EUR per client"}))
            for key, values in columns.items()
        },
        coords={"arm": ds["arm"].values, "stakeholder": ds["stakeholder"].values},
        attrs={"baseline": ds.attrs["baseline"], "draws": n},
    )
    for label in ("arm_label", "stakeholder_label"):
        if label in ds.coords:
            out = out.assign_coords({label: ds[label]})
    return out


def municipality_share(
    ds: xr.Dataset, reading: Literal["partly", "strict"] = "partly"
) -> xr.Dataset:
    """The share of each arm's benefits that lands with the municipality (*gemeente*).

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    reading
        ``"strict"``: only the benefit terms allocated to the municipality
        (``benefit_by_stakeholder`` of ``municipality``; a term split between
        stakeholders counts at the municipality's share). ``"partly"``: every benefit
        stream that touches the municipality in any of its terms counts whole, the
        reading of Regioplan (2020), whose text says 84% of the Klantreis benefits land
        (at least partly) with the municipality: streams 1, 2, 3, 5 and 7.

    Returns
    -------
    xarray.Dataset
        Over ``arm``: ``share`` = E[municipal benefits] / E[total benefits] with its
        delta-method ``mc_se``; ``benefit`` (euros per client) with ``benefit_se``; and
        ``total_benefit`` (euros per client). The attribute ``streams`` names the
        streams that touch the municipality (counted whole under ``"partly"``).

    Notes
    -----
    The study's 84% divides the partly-municipal streams (which include stream 3,
    re-integration) by its published total, which leaves stream 3 out (SPEC 2.4,
    erratum). Over the corrected total the same reading gives 83.3% at the study's point
    values; ``share × total / published total`` recovers the study's figure.
    """
    if reading not in ("partly", "strict"):
        raise ValueError(f"reading must be 'partly' or 'strict', got {reading!r}")
    n = arms_of(ds).draws
    holders = [str(h) for h in ds["stakeholder"].values]
    who = payer(ds)
    if who is None:
        raise ValueError(
            f"the run has no stakeholder {ds.attrs.get('payer', DEFAULT_PAYER)!r} "
            f"(it has: {', '.join(holders)})"
        )
    total = arms_of(ds).matrix("total_benefit")
    touches = ds["stream_stakeholder"].sel(stakeholder=who).values.astype(bool)
    streams = [str(s) for s in ds["stream"].values[touches]]
    if reading == "strict":
        municipal = ds["benefit_by_stakeholder"].sel(stakeholder=who)
        benefit = np.asarray(municipal.transpose("draw", "arm").values, dtype=float)
    else:
        benefit = _summed(ds["benefit"].sel(stream=streams), "stream")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = benefit.mean(axis=0) / total.mean(axis=0)
    return xr.Dataset(
        {
            "share": (
                "arm",
                share,
                {"units": "1", "long_name": f"share of benefits with the municipality ({reading})"},
            ),
            "mc_se": ("arm", ratio_se(benefit, total, share), {"units": "1"}),
            "benefit": ("arm", benefit.mean(axis=0), {"units": "EUR per client"}),
            "benefit_se": ("arm", mean_se(benefit, axis=0), {"units": "EUR per client"}),
            "total_benefit": ("arm", total.mean(axis=0), {"units": "EUR per client"}),
        },
        coords={"arm": ds["arm"].values},
        attrs={"reading": reading, "streams": ", ".join(streams), "draws": n},
    )


# --------------------------------------------------------------------------- willingness to pay


def _wtp_grid(wtp) -> np.ndarray:
    grid = WTP_GRID if wtp is None else np.atleast_1d(np.asarray(wtp, dtype=float))
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError("wtp must be a non-empty sequence of values in euros")
    if not np.all(np.isfinite(grid)) or np.any(grid < 0):
        raise ValueError("wtp values must be finite and not negative (euros per successful client)")
    return grid


def acceptability_curve(ds: xr.Dataset, wtp=None) -> xr.Dataset:
    """The cost-effectiveness acceptability curve against the value of a successful client.

    A council that puts a value λ (euros) on the unmonetised gains of each successful
    client (less stress, better health: the study's chapter 4) compares the arms by their
    net benefit per client, ``balance + λ × share_successful``.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`), with ``balance`` and ``share_successful``.
    wtp
        Values λ in euros per extra successful client, finite and not negative; default
        :data:`WTP_GRID` (0 to €50,000 in steps of €500).

    Returns
    -------
    xarray.Dataset
        Over ``wtp`` and ``arm``:

        ``p_preferred``, ``p_preferred_se``
            P(the arm has the highest net benefit of all arms); draws where arms tie share
            the draw equally, so the arms' probabilities add up to 1.
        ``p_beats_baseline``, ``p_beats_baseline_se``
            P(net benefit of the arm > that of the baseline) (missing for the baseline).
        ``p_positive``, ``p_positive_se``
            P(net benefit > 0): the arm pays for itself once its successes count at λ.
        ``expected_net_benefit``, ``expected_net_benefit_se``
            E[balance] + λ E[share_successful] (euros per client).

        and over ``wtp``: ``best_arm``, the arm with the highest expected net benefit
        (the acceptability frontier).
    """
    grid = _wtp_grid(wtp)
    run = arms_of(ds)
    n = run.draws
    arms = run.names
    base = run.baseline_index
    balance = run.matrix("balance")
    success = run.matrix("share_successful")
    preferred, preferred_sq, beats, positive = _choices(balance, success, grid, base)
    beats_se = weighted_prob_se(beats, beats, n)
    beats[:, base] = np.nan
    beats_se[:, base] = np.nan
    expected, expected_se = _expected_net_benefit(balance, success, grid)
    dims = ("wtp", "arm")
    return xr.Dataset(
        {
            "p_preferred": (
                dims,
                preferred,
                {"units": "1", "long_name": "P(arm has the highest net benefit)"},
            ),
            "p_preferred_se": (dims, weighted_prob_se(preferred, preferred_sq, n), {"units": "1"}),
            "p_beats_baseline": (
                dims,
                beats,
                {"units": "1", "long_name": "P(net benefit of arm > baseline)"},
            ),
            "p_beats_baseline_se": (dims, beats_se, {"units": "1"}),
            "p_positive": (dims, positive, {"units": "1", "long_name": "P(net benefit > 0)"}),
            "p_positive_se": (dims, weighted_prob_se(positive, positive, n), {"units": "1"}),
            "expected_net_benefit": (dims, expected, {"units": "EUR per client"}),
            "expected_net_benefit_se": (dims, expected_se, {"units": "EUR per client"}),
            "best_arm": ("wtp", np.array(arms)[np.argmax(expected, axis=1)]),
        },
        coords={
            "wtp": (
                "wtp",
                grid,
                {
                    "units": "EUR per successful client",
                    "long_name": "value of an extra successful client (λ)",
                },
            ),
            "arm": arms,
        },
        attrs={"baseline": ds.attrs["baseline"], "draws": n},
    )


def _choices(
    balance: np.ndarray, success: np.ndarray, grid: np.ndarray, base: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Over λ and arm: the mean weight of being preferred (ties shared) and of its square,
    P(beats the baseline) and P(net benefit > 0); λ in chunks, vectorised over draws."""
    n, n_arms = balance.shape
    preferred, preferred_sq, beats, positive = (np.empty((grid.size, n_arms)) for _ in range(4))
    step = max(1, _WORK_ELEMENTS // (n * n_arms))
    for start in range(0, grid.size, step):
        lam = grid[start : start + step, None, None]
        net = balance[None] + lam * success[None]  # (λ, draw, arm)
        top = net == net.max(axis=-1, keepdims=True)
        weight = top / top.sum(axis=-1, keepdims=True)
        preferred[start : start + step] = weight.mean(axis=1)
        preferred_sq[start : start + step] = (weight**2).mean(axis=1)
        beats[start : start + step] = (net > net[..., base : base + 1]).mean(axis=1)
        positive[start : start + step] = (net > 0).mean(axis=1)
    return preferred, preferred_sq, beats, positive


def _expected_net_benefit(
    balance: np.ndarray, success: np.ndarray, grid: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """E[balance] + λ E[share_successful] over (λ, arm), with its MCSE from the draws'
    variances and covariance."""
    n = balance.shape[0]
    mean_b, mean_s = balance.mean(axis=0), success.mean(axis=0)
    expected = mean_b[None] + grid[:, None] * mean_s[None]
    if n < 2:
        return expected, np.full_like(expected, np.nan)
    cb = balance - mean_b
    cs = success - mean_s
    var_b = (cb**2).sum(axis=0) / (n - 1)
    var_s = (cs**2).sum(axis=0) / (n - 1)
    cov = (cb * cs).sum(axis=0) / (n - 1)
    var = var_b + grid[:, None] ** 2 * var_s + 2 * grid[:, None] * cov
    return expected, np.sqrt(np.maximum(var, 0.0) / n)


BREAK_EVEN_STATUS = {
    "above": "preferred when λ exceeds the break-even value",
    "below": "preferred while λ is below the break-even value (more balance, fewer successes)",
    "always": "preferred at every λ ≥ 0 (value 0)",
    "never": "preferred at no λ ≥ 0 (value NaN)",
}
"""What the ``status`` coordinate of :func:`break_even_wtp` means."""


def break_even_wtp(
    ds: xr.Dataset, against: Literal["baseline", "nothing"] = "baseline"
) -> xr.DataArray:
    """The value λ of a successful client at which an arm's expected net benefit equals the
    baseline's (or zero).

    With ``Δb = E[balance_arm - balance_baseline]`` and ``Δs = E[share_successful_arm -
    share_successful_baseline]`` (per client), the expected net benefits are equal at
    ``λ* = -Δb / Δs`` euros per extra successful client.

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    against
        ``"baseline"``: each non-baseline arm against the baseline arm. ``"nothing"``:
        every arm against no help at all (net benefit 0, since the benefits are costs
        avoided compared with no help), so ``Δb = E[balance_arm]`` and ``Δs =
        E[share_successful_arm]``: the value at which the route pays for itself.

    Returns
    -------
    xarray.DataArray
        ``break_even_wtp`` over the compared arms (euros per successful client), with
        coordinates ``status`` (see :data:`BREAK_EVEN_STATUS`) and ``mc_se`` (its
        delta-method MCSE):

        * ``"above"`` (Δs > 0 > Δb): the arm is preferred for λ > λ*;
        * ``"below"`` (Δs < 0 < Δb): the arm is preferred for λ < λ*;
        * ``"always"`` (Δb ≥ 0 and Δs ≥ 0, not both zero): the arm is preferred at
          λ = 0 already and at every higher value; the value is 0 and its ``mc_se`` NaN;
        * ``"never"`` (Δb ≤ 0 and Δs ≤ 0): no value λ ≥ 0 makes it strictly preferred;
          the value is NaN.
    """
    if against not in ("baseline", "nothing"):
        raise ValueError(f"against must be 'baseline' or 'nothing', got {against!r}")
    run = arms_of(ds)
    n = run.draws
    base = run.baseline_index
    arms = run.names
    balance = run.matrix("balance")
    success = run.matrix("share_successful")
    if against == "baseline":
        others = [i for i in range(len(arms)) if i != base]
        d_b = balance[:, others] - balance[:, [base]]
        d_s = success[:, others] - success[:, [base]]
    else:
        others = list(range(len(arms)))
        d_b, d_s = balance, success
    mean_b, mean_s = d_b.mean(axis=0), d_s.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = -mean_b / mean_s
        se = mean_se(d_b + crossing * d_s, axis=0) / np.abs(mean_s)
    status = np.where(
        (mean_b >= 0) & (mean_s >= 0) & ((mean_b > 0) | (mean_s > 0)),
        "always",
        np.where(
            (mean_b <= 0) & (mean_s <= 0),
            "never",
            np.where(mean_s > 0, "above", "below"),
        ),
    )
    value = np.where(status == "always", 0.0, np.where(status == "never", np.nan, crossing))
    se = np.where(np.isin(status, ["above", "below"]), se, np.nan)
    return xr.DataArray(
        value,
        dims="arm",
        coords={"arm": [arms[i] for i in others], "status": ("arm", status), "mc_se": ("arm", se)},
        name="break_even_wtp",
        attrs={
            "units": "EUR per successful client",
            "long_name": "break-even value of an extra successful client (λ*)",
            "baseline": arms[base],
            "against": against,
            "draws": n,
        },
    )


def decision_summary(ds: xr.Dataset) -> xr.Dataset:
    """The decision quantities ``mkba-mc run`` prints, per arm, in one Dataset.

    Returns
    -------
    xarray.Dataset
        Over ``arm``: ``payer_partly`` and ``payer_strict`` (shares of the benefits with
        the payer, :func:`municipality_share`; only where the run has its payer) with
        ``_se``;
        ``break_even`` with ``break_even_se`` and ``break_even_status`` (against the
        baseline; missing for the baseline itself) and ``pays_for_itself`` with
        ``pays_for_itself_se`` and ``pays_for_itself_status`` (against no help), both from
        :func:`break_even_wtp` in euros per successful client.
    """
    arms = arms_of(ds).names
    out = {}
    if payer(ds) is not None:
        for reading in ("partly", "strict"):
            share = municipality_share(ds, reading)
            out[f"payer_{reading}"] = ("arm", share["share"].values, {"units": "1"})
            out[f"payer_{reading}_se"] = ("arm", share["mc_se"].values, {"units": "1"})
    units = {"units": "EUR per successful client"}
    for name, against in (("break_even", "baseline"), ("pays_for_itself", "nothing")):
        value = break_even_wtp(ds, against)
        where = [arms.index(str(a)) for a in value["arm"].values]
        columns = {
            name: np.full(len(arms), np.nan),
            f"{name}_se": np.full(len(arms), np.nan),
            f"{name}_status": np.full(len(arms), "", dtype=object),
        }
        columns[name][where] = value.values
        columns[f"{name}_se"][where] = value["mc_se"].values
        columns[f"{name}_status"][where] = value["status"].values
        for key, column in columns.items():
            out[key] = (
                "arm",
                column.astype(str) if key.endswith("status") else column,
                {} if key.endswith("status") else units,
            )
    return xr.Dataset(out, coords={"arm": arms}, attrs={"baseline": ds.attrs["baseline"]})


# --------------------------------------------------------------------------- scale-up


SCALED = ("investment", "total_benefit", "balance")
"""The per-client measures :func:`scale_up` turns into yearly totals."""


def yearly_intakes(study: Study) -> int:
    """Clients entering each route a year: the config's ``intakes_per_year``, else
    :data:`INTAKES_PER_YEAR` (mkba-mc's default, which the outputs then name as such)."""
    return INTAKES_PER_YEAR if study.intakes_per_year is None else study.intakes_per_year


def scale_up(ds: xr.Dataset, intakes_per_year: int = INTAKES_PER_YEAR) -> xr.Dataset:
    """Yearly totals for a number of intakes: investment, total benefits and balance.

    Each yearly total is a per-client value of the run times ``intakes_per_year``: the
    draws of ``intakes × balance per client`` are the uncertainty of a year's balance when
    every intake is a client of that arm (the study counts about 3,000 intake talks in
    2017; Regioplan 2020).

    Parameters
    ----------
    ds
        A run (:func:`mkba_mc.simulate`).
    intakes_per_year
        Clients starting debt assistance in a year (a positive whole number).

    Returns
    -------
    xarray.Dataset
        Over ``measure`` (``investment``, ``total_benefit``, ``balance``) and ``arm``, in
        euros per year: ``mean``, ``mc_se``, ``q05``, ``q95`` (the 5-95% interval) with
        ``q05_se``, ``q95_se``; and the same for the arm minus the baseline as
        ``delta_mean``, ``delta_mc_se``, ``delta_q05``, ... (missing for the baseline).

    Notes
    -----
    The mean scales exactly, whatever the run's cohort. The *spread* does not: with a
    finite cohort each draw's per-client value carries the chance variation of that many
    clients (a 23-client cohort, the study's reporting base, varies far more per client
    than a year of 3,000 clients does), so multiplying it by 3,000 overstates the yearly
    interval. Run with ``cohort = intakes_per_year`` for the exact yearly spread, or with
    ``cohort = "expected"`` (parameter uncertainty only), which is close to it for
    thousands of clients. The attribute ``cohort`` records what the run used and ``note``
    warns when it differs.
    """
    whole_number(intakes_per_year, "intakes_per_year", 1)
    run = arms_of(ds)
    _ = run.draws  # a run without draws is refused
    base = run.baseline_index
    arms = run.names
    rows: dict[str, list[np.ndarray]] = {}
    for measure in SCALED:  # one (draw, arm) array at a time: bounded memory on disk
        yearly = run.matrix(measure) * intakes_per_year
        for prefix, values in (("", yearly), ("delta_", yearly - yearly[:, base : base + 1])):
            for key, value in describe(values, _INTERVAL).items():
                key = "mc_se" if key == "mean_se" else key
                value = np.asarray(value, dtype=float)
                if prefix:
                    value[base] = np.nan
                rows.setdefault(prefix + key, []).append(value)
    variables = {
        key: (("measure", "arm"), np.stack(values), {"units": "EUR per year"})
        for key, values in rows.items()
    }
    cohort = str(ds.attrs.get("cohort", "expected"))
    note = ""
    if cohort not in ("expected", str(intakes_per_year)):
        note = (
            f"the run's cohort of {cohort} clients per arm overstates the spread of a year "
            f"of {intakes_per_year} intakes; rerun with cohort={intakes_per_year} or 'expected'"
        )
    return xr.Dataset(
        variables,
        coords={"measure": list(SCALED), "arm": arms},
        attrs={
            "intakes_per_year": int(intakes_per_year),
            "units": "EUR per year",
            "cohort": cohort,
            "note": note,
            "baseline": ds.attrs["baseline"],
        },
    )
