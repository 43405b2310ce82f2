"""The report's section on the investment risk for the payer (``[study] payer``, the
municipality in the Regioplan study), named by its label.

Written for the controller and the council: the payer's own business case (for a
municipality the *gemeentelijke business case*) beside society's (*maatschappelijke
business case*), under both readings of a shared benefit; the chance that the payer
recovers its investment; the risk profile of a year of intakes with its value-at-risk and expected
shortfall; when the money comes back (payback), where the study has a time profile; and
each stakeholder's balance. Every number comes from
:func:`mkba_mc.risk.investment_risk` of the run; the figures from
:mod:`mkba_mc.plots.risk`.
"""

from __future__ import annotations

import math

from ..decision import payer, yearly_intakes
from ..plots import risk as figures
from ..plots._labels import (
    component_label,
    money,
    number,
    percent,
    probability,
    stakeholder_label,
)
from ..risk import PARTLY, SOCIETAL, InvestmentRisk, investment_risk
from .common import RunContext, fitted, format_mean, format_probability
from .document import Block, Paragraph, Section, Table
from .text import join, t

__all__ = ["risk_sections"]


def _t(run: RunContext, key: str, **fields) -> str:
    """The text ``key`` in the run's language, the payer named by its label (``{payer}``)."""
    return t(key, run.lang, payer=run.payer_text, **fields)


def _payer_text(run: RunContext) -> str:
    costs = run.study.costs
    if all(dict(c.payer) == {payer(run.ds): 1.0} for c in costs):
        return _t(run, "risk_payer_all")
    parts = [
        f"{component_label(run.ds, c.name, run.lang)} "
        f"{percent(c.payer.get(payer(run.ds), 0.0), run.lang, 0)}"
        for c in costs
        if c.payer.get(payer(run.ds), 0.0) > 0
    ]
    return _t(run, "risk_payer_part", costs=join(parts, run.lang))


def _columns(run: RunContext) -> list[tuple[str, str, str]]:
    """(header, arm, prefix): each arm, then each other arm against the baseline."""
    base = run.label(run.baseline)
    return [(run.label(a), a, "") for a in run.arms] + [
        (f"{run.label(a)} − {base}", a, "delta_") for a in run.others
    ]


def _parts(columns: list[tuple[str, str, str]]) -> list[list[int]]:
    """The columns of :func:`_columns` in two parts for a wide table: the arms, then the
    differences against the baseline."""
    return [[i for i, c in enumerate(columns) if c[2] == p] for p in ("", "delta_")]


def _business_case(run: RunContext, view: InvestmentRisk) -> list[Block]:
    lang, client = run.lang, view.per_client
    columns = _columns(run)
    rows = []
    for case, key in ((SOCIETAL, "case_societal"), (payer(run.ds), "case_payer")) + (
        ((PARTLY, "case_partly"),) if PARTLY in client["case"].values else ()
    ):
        cells = [_t(run, key)]
        for _, arm, prefix in columns:
            cell = client.sel(arm=arm, case=case)
            cells.append(
                format_mean(float(cell[prefix + "mean"]), float(cell[prefix + "mc_se"]), lang)
            )
        rows.append(tuple(cells))
    cells = [_t(run, "p_recover_row")]
    for _, arm, prefix in columns:
        cell = client.sel(arm=arm, case=payer(run.ds))
        cells.append(
            format_probability(
                float(cell[prefix + "p_recover"]), float(cell[prefix + "p_recover_se"]), lang
            )
        )
    rows.append(tuple(cells))
    municipal = client.sel(case=payer(run.ds))
    values = join(
        [
            _t(
                run,
                "for_arm",
                value=money(float(municipal["mean"].sel(arm=a)), lang),
                arm=run.label(a),
            )
            for a in run.arms
        ],
        lang,
    )
    chances = join(
        [
            _t(
                run,
                "for_arm",
                value=probability(float(municipal["p_recover"].sel(arm=a)), math.nan, lang),
                arm=run.label(a),
            )
            for a in run.arms
        ],
        lang,
    )
    blocks: list[Block] = [
        Paragraph(_t(run, "risk_intro", costs=_payer_text(run))),
        Paragraph(_t(run, "risk_client", values=values, chances=chances), strong=True),
    ]
    for arm in run.others:
        blocks.append(
            Paragraph(
                _t(
                    run,
                    "risk_versus",
                    baseline=run.label(run.baseline),
                    arm=run.label(arm),
                    value=money(float(municipal["delta_mean"].sel(arm=arm)), lang),
                    p=probability(float(municipal["delta_p_recover"].sel(arm=arm)), math.nan, lang),
                )
            )
        )
    caption = "business_case_caption" if len(run.others) == 1 else "business_case_caption_several"
    blocks += [
        Paragraph(_t(run, "risk_readings")),
        *fitted(
            Table(
                "business-case",
                ("", *(h for h, _, _ in columns)),
                tuple(rows),
                "l" + "r" * len(columns),
                _t(run, caption, k=number(len(run.others), lang)),
            ),
            _parts(columns),
        ),
    ]
    return blocks


def _downside(run: RunContext, view: InvestmentRisk) -> list[Block]:
    lang, down, year = run.lang, view.downside_year, view.per_year
    n = number(view.intakes, lang)
    columns = _columns(run)
    values = join(
        [
            _t(
                run,
                "for_arm",
                value=money(float(year["mean"].sel(arm=a, case=payer(run.ds))), lang),
                arm=run.label(a),
            )
            for a in run.arms
        ],
        lang,
    )
    sentences = [_t(run, "risk_year", n=n, values=values)]
    for i, arm in enumerate(run.others):  # the year's downside, per arm against the baseline
        cell = down.sel(arm=arm, case=payer(run.ds), level=0.05)
        sentences.append(
            _t(
                run,
                "risk_year_worst" if i else "risk_year_worst_first",  # glossed on first use
                var=money(float(cell["var"]), lang),
                es=money(float(cell["es"]), lang),
                arm=run.label(arm),
            )
        )
    blocks: list[Block] = [Paragraph(" ".join(sentences))]
    caption = _t(run, "risk_profile_caption", n=n)
    who = run.payer_text
    labels = {a: run.label(a) for a in run.arms}
    blocks.append(
        run.image("risk-profile", figures.risk_profile(view.profile, labels, who, lang), caption)
    )
    rows = []
    for level in down["level"].values:
        for key, row in (("var", "var_row"), ("es", "es_row")):
            cells = [t(row, lang, p=percent(float(level), lang, 0))]
            for _, arm, prefix in columns:
                cell = down.sel(arm=arm, case=payer(run.ds), level=level)
                cells.append(
                    format_mean(float(cell[prefix + key]), float(cell[prefix + key + "_se"]), lang)
                )
            rows.append(tuple(cells))
    downside = Table(
        "downside",
        (_t(run, "measure"), *(h for h, _, _ in columns)),
        tuple(rows),
        "l" + "r" * len(columns),
        _t(run, "downside_caption", n=n),
    )
    blocks += fitted(downside, _parts(columns))
    return blocks


def _payback(run: RunContext, view: InvestmentRisk) -> list[Block]:
    lang, pay = run.lang, view.payback
    if pay is None:
        return [Paragraph(_t(run, "payback_none"))]
    within = [int(w) for w in pay["within"].values]
    municipal = pay.sel(case=payer(run.ds))
    values = join(
        [
            _t(
                run,
                "for_arm",
                value=join(
                    [
                        probability(
                            float(municipal["p_paid_back"].sel(arm=a, within=w)), math.nan, lang
                        )
                        for w in within
                    ],
                    lang,
                ),
                arm=run.label(a),
            )
            for a in run.arms
        ],
        lang,
    )
    rows = []
    for header, arm, prefix in _columns(run):
        cell = municipal.sel(arm=arm)
        rows.append(
            (
                header,
                *(
                    probability(float(cell[prefix + "p_paid_back"].sel(within=w)), math.nan, lang)
                    for w in within
                ),
                probability(float(cell[prefix + "p_never"]), math.nan, lang),
            )
        )
    who = run.payer_text
    labels = {a: run.label(a) for a in run.arms}
    return [
        Paragraph(
            _t(
                run,
                "payback_text",
                rate=percent(float(pay.attrs["discount_rate"]), lang, 2),
                within=join([str(w) for w in within], lang),
                values=values,
            )
        ),
        Table(
            "payback",
            ("", *(_t(run, "within_years", n=w) for w in within), _t(run, "never")),
            tuple(rows),
            "l" + "r" * (len(within) + 1),
            _t(run, "payback_caption"),
        ),
        run.image(
            "payback",
            figures.payback_curve(pay, labels, who, payer(run.ds), lang),
            _t(run, "payback_figure_caption"),
        ),
    ]


def _who_pays(run: RunContext, view: InvestmentRisk) -> Table:
    lang, client = run.lang, view.per_client
    holders = [str(h) for h in run.ds["stakeholder"].values]
    rows = []
    for holder in holders:
        cells = [stakeholder_label(run.ds, holder, lang)]
        for arm in run.arms:
            cell = client.sel(arm=arm, case=holder)
            cells.append(format_mean(float(cell["mean"]), float(cell["mc_se"]), lang))
        rows.append(tuple(cells))
    return Table(
        "who-pays",
        (_t(run, "stakeholder"), *(run.label(a) for a in run.arms)),
        tuple(rows),
        "l" + "r" * len(run.arms),
        _t(run, "who_pays_caption"),
    )


def risk_sections(run: RunContext) -> list[Section]:
    """The section "Risk for the (payer)" of a run's report, in a list; empty when the
    study has no stakeholder that is its ``payer``.

    Returns
    -------
    list of Section
        Key ``"risk"``: the business cases (table ``business-case``), the yearly downside
        (figure ``risk-profile``, table ``downside``), payback (table ``payback`` and
        figure ``payback``, or a sentence that payback needs a time profile) and each
        stakeholder's balance (table ``who-pays``).
    """
    if payer(run.ds) not in [str(h) for h in run.ds["stakeholder"].values]:
        return []
    view = investment_risk(run.study, run.ds, intakes=yearly_intakes(run.study))
    blocks = [
        *_business_case(run, view),
        *_downside(run, view),
        *_payback(run, view),
        _who_pays(run, view),
    ]
    return [Section("risk", _t(run, "risk"), tuple(blocks))]
