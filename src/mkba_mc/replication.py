"""Replicate a study's published tables from its config.

The model is evaluated once with every parameter at the value the study used (stated in
the config as ``study_value``, observed from dossier counts, or else the distribution's
mean), rounded as the study rounded, with per-client expected outcomes, then laid
side by side with the figures under ``[published]``: outcome counts (per arm's
dossiers), cost components (totals over each arm's dossiers), each benefit
stream (totals for ``published.clients`` clients and per client), the
investment, total benefits and balance, published and corrected.

If the published total benefits leave out streams (``omitted_from_total``), both totals
are shown and the erratum is stated in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .bridge import study_point, study_values
from .config import ConfigError
from .model import evaluate
from .spec import PublishedArm, Study

__all__ = ["Replication", "replicate", "TOLERANCE"]

TOLERANCE = 1.0
"""A row matches when the model differs from the printed (rounded) figure by under €1."""


@dataclass(frozen=True)
class Replication:
    """The replicated tables and what they show.

    Attributes
    ----------
    table
        One row per figure: ``table``, ``arm``, ``item``, ``basis`` (the number of clients
        the total is for), ``model_total``, ``published_total``, ``difference_total``,
        ``model_per_client``, ``published_per_client``, ``difference_per_client`` and
        ``match`` (both differences under :data:`TOLERANCE`, where published).
    erratum
        Sentences on the published totals that leave streams out (empty if none).
    at_means
        True when some input is uncertain: the config's study values stand in for the
        draws (an input without a stated or observed study value at its mean).
    """

    table: pd.DataFrame
    erratum: tuple[str, ...]
    at_means: bool

    @property
    def all_match(self) -> bool:
        return bool(self.table["match"].dropna().all())

    def to_dict(self) -> dict:
        records = self.table.astype(object).where(self.table.notna(), None).to_dict("records")
        return {
            "rows": records,
            "erratum": list(self.erratum),
            "at_means": self.at_means,
            "all_match": self.all_match,
        }


def _row(
    table, arm, item, basis, model_total, model_pc=None, published_total=None, published_pc=None
):
    def diff(a, b):
        return None if a is None or b is None else a - b

    d_total, d_pc = diff(model_total, published_total), diff(model_pc, published_pc)
    published = [d for d in (d_total, d_pc) if d is not None]
    return {
        "table": table,
        "arm": arm,
        "item": item,
        "basis": basis,
        "model_total": model_total,
        "published_total": published_total,
        "difference_total": d_total,
        "model_per_client": model_pc,
        "published_per_client": published_pc,
        "difference_per_client": d_pc,
        "match": all(abs(d) < 1.0 for d in published) if published else None,
    }


def replicate(study: Study, lang: Literal["en", "nl"] = "en") -> Replication:
    """Evaluate the study at its study values and compare with its published tables.

    ``lang`` is the language of the erratum's sentences (English or Dutch); labels come
    from the config, in that language where it gives them.

    Raises
    ------
    ConfigError
        When the config has no ``[published]`` table to compare with.
    """
    if study.published is None:
        raise ConfigError(f"{study.origin}: published: is required to replicate a study")
    out = evaluate(study_point(study), study_values(study), "expected")
    pub = study.published
    n_report = pub.clients
    finals = study.outcomes.final_categories
    rows = []
    erratum = []
    for a, arm in enumerate(study.arm_names):
        n_dossiers = study.arm(arm).n_dossiers
        published = pub.arms.get(arm)  # None when the study printed nothing for this arm
        shares = dict(zip(finals, out.outcome_share[0, a], strict=True))
        groups = {"all": finals, **{c: (c,) for c in finals}, **study.outcomes.groups}
        for key, members in groups.items():
            printed = published.outcomes.get(key) if published else None
            if printed is None and key not in finals:
                continue
            count = float(sum(shares[m] for m in members)) * n_dossiers
            rows.append(_row("outcomes", arm, key, n_dossiers, count, published_total=printed))
        for c, item in enumerate(study.costs):
            per_client = float(out.cost[0, a, c])
            printed = published.costs.get(item.name) if published else None
            rows.append(
                _row(
                    "costs",
                    arm,
                    item.name,
                    n_dossiers,
                    per_client * n_dossiers,
                    per_client,
                    published_total=printed,
                )
            )
        investment = float(out.investment[0, a])
        rows.append(
            _row("costs", arm, "investment", n_dossiers, investment * n_dossiers, investment)
        )

        streams = {}
        for s, item in enumerate(study.benefits):
            per_client = float(out.benefit[0, a, s])
            streams[item.name] = per_client
            printed = published.benefits.get(item.name) if published else None
            rows.append(
                _row(
                    "benefits",
                    arm,
                    item.name,
                    n_report,
                    per_client * n_report,
                    per_client,
                    *_pair(printed),
                )
            )
        corrected = sum(streams.values())
        as_published = corrected - sum(streams[s] for s in pub.omitted_from_total)
        printed = published or PublishedArm({}, {}, {}, None, None, None)
        # The corrected total as the publication implies it: the sum of its printed rows.
        row_sum = None
        if printed.investment and len(printed.benefits) == len(study.benefits):
            total = sum(t for t, _ in printed.benefits.values())
            row_sum = (total, total / n_report)
            row_balance = (
                total - printed.investment[0],
                (total - printed.investment[0]) / n_report,
            )
        totals = [
            ("investment", investment, printed.investment),
            ("total benefits, as published", as_published, printed.total_benefit),
            ("balance, as published", as_published - investment, printed.balance),
            ("total benefits, corrected", corrected, row_sum),
            ("balance, corrected", corrected - investment, row_sum and row_balance),
        ]
        for item, per_client, figures in totals:
            rows.append(
                _row(
                    "totals",
                    arm,
                    item,
                    n_report,
                    per_client * n_report,
                    per_client,
                    *_pair(figures),
                )
            )
        if pub.omitted_from_total:
            erratum.append(
                _erratum(
                    study,
                    arm,
                    n_report,
                    streams,
                    corrected,
                    as_published,
                    investment,
                    printed,
                    row_sum,
                    lang,
                )
            )
    table = pd.DataFrame(rows)
    at_means = not all(p.is_fixed for p in study.parameters.values())
    return Replication(table=table, erratum=tuple(erratum), at_means=at_means)


def _money(x: float, lang: str = "en") -> str:
    """Whole euros: ``€1,234`` and ``€−1,234``, in Dutch ``€ 1.234`` and ``€ −1.234``."""
    text = f"{abs(x):,.0f}"
    sign = "" if round(x) >= 0 else "−"
    if lang == "nl":
        return f"€ {sign}{text.replace(',', '.')}"
    return f"€{sign}{text}"


_ERRATUM = {
    "en": (
        "{arm}: the published total benefits ({total} for {n} clients, {total_pc} per client) "
        "leave out {left_out}; the rows sum to {fixed} ({fixed_pc} per client), so the balance "
        "is {balance} per client, not {printed} (investment {investment} per client)."
    ),
    "nl": (
        "{arm}: de gepubliceerde totale baten ({total} voor {n} cliënten, {total_pc} per "
        "cliënt) laten {left_out} weg; de rijen tellen op tot {fixed} ({fixed_pc} per cliënt), "
        "dus het saldo is {balance} per cliënt, niet {printed} (investering {investment} per "
        "cliënt)."
    ),
}
"""The erratum's sentence per language."""


def _erratum(
    study, arm, n_report, streams, corrected, as_published, investment, printed, row_sum, lang
) -> str:
    """One sentence on what the published total leaves out, in the publication's figures
    where it printed them and the model's otherwise."""
    omitted = study.published.omitted_from_total
    labels = {b.name: study.translate(b.label, lang) for b in study.benefits}
    left_out = ", ".join(f"{labels[s]} ({_money(streams[s] * n_report, lang)})" for s in omitted)
    total, total_pc = printed.total_benefit or (as_published * n_report, as_published)
    fixed, fixed_pc = row_sum or (corrected * n_report, corrected)
    invest_pc = printed.investment[1] if printed.investment else investment
    invest_total = printed.investment[0] if printed.investment else investment * n_report
    balance_pc = printed.balance[1] if printed.balance else as_published - investment
    return _ERRATUM[lang].format(
        arm=study.translate(study.arm(arm).label, lang),
        total=_money(total, lang),
        n=n_report,
        total_pc=_money(total_pc, lang),
        left_out=left_out,
        fixed=_money(fixed, lang),
        fixed_pc=_money(fixed_pc, lang),
        balance=_money((fixed - invest_total) / n_report, lang),
        printed=_money(balance_pc, lang),
        investment=_money(invest_pc, lang),
    )


def _pair(printed):
    return (None, None) if printed is None else printed
