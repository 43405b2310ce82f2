"""The terminal's words in English and Dutch.

What ``mkba-mc run``, ``compare``, ``bridge``, ``sweep``, ``replicate``, ``validate`` and
``diff`` print, in the reader's
language: the sentences and table heads here, the measures (*investering*, *baten*,
*saldo*, *baten-kostenverhouding*) and numbers (``€ 1.234``, ``61,4%``) from
:mod:`mkba_mc.plots._labels`, which the figures and the report share. Labels, titles and
sources come from the study's config, in the language it gives them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .plots._labels import LANGS, Lang, check_lang, in_prose, number
from .spec import Study

__all__ = ["WORDS", "arm_labels", "count", "w"]

WORDS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ a run's answer
    "meta": (
        "config {origin} (sha256 {hash}) · {draws} draws · seed {seed} · {cohort}",
        "configuratie {origin} (sha256 {hash}) · {draws} trekkingen · startwaarde {seed} · "
        "{cohort}",
    ),
    "cohort_expected": (
        "expected values per client (parameter uncertainty only)",
        "verwachte waarden per cliënt (alleen parameteronzekerheid)",
    ),
    "cohort_finite": (
        "cohort of {n} clients per arm (client outcomes sampled too)",
        "cohort van {n} cliënten per route (ook de uitkomsten van cliënten getrokken)",
    ),
    "overrides": ("with {sets}", "met {sets}"),
    "summary_units": (
        "Euros per client. Mean ± Monte Carlo standard error; median; 5–95% interval.",
        "Euro per cliënt. Gemiddelde ± Monte Carlo-standaardfout; mediaan; 5–95%-interval.",
    ),
    "mean": ("mean", "gemiddelde"),
    "median": ("median", "mediaan"),
    "arm_heading": ("{label} ({arm})", "{label}"),
    "baseline_heading": ("{label} ({arm}, baseline)", "{label} (referentie)"),
    "versus_heading": (
        "{label} against {base} ({arm} − {baseline})",
        "{label} tegenover {base}",
    ),
    "in_draws": (
        "In {p} of draws the {label} has a higher balance per client than the {base} "
        "(mean difference {diff}).",
        "In {p} van de trekkingen heeft de {label} een hoger saldo per cliënt dan de {base} "
        "(gemiddeld verschil {diff}).",
    ),
    # ------------------------------------------------------------------ three or more arms
    "arms_title": (
        "Every route against every other (euros per client)",
        "Elke route tegenover elke andere (euro per cliënt)",
    ),
    "p_best": (
        "P(route has the highest balance): {chances}",
        "kans op het hoogste saldo: {chances}",
    ),
    "mean_delta": ("mean Δ balance", "gemiddeld Δ saldo"),
    "p_beats_column": ("P(beats)", "kans beter"),
    # ------------------------------------------------------------------ who gains, λ
    "decisions_title": (
        "Who gains, and what a successful client must be worth",
        "Wie er wint, en wat een succesvolle cliënt waard moet zijn",
    ),
    "lambda_note": (
        "(λ: the euros a council puts on a successful client's unmonetised gains, such as less "
        "stress and better health)",
        "(λ: de euro's die een gemeenteraad toekent aan de winst van een succesvolle cliënt die "
        "niet in geld is uitgedrukt, zoals minder stress en een betere gezondheid)",
    ),
    "payer_share": (
        "Share of benefits with {who} ({reading}): {shares}",
        "Aandeel van de baten bij {who} ({reading}): {shares}",
    ),
    "reading_partly": (
        "streams that reach it at least partly",
        "batenposten die daar minstens deels terechtkomen",
    ),
    "reading_strict": (
        "only the terms allocated to it",
        "alleen wat daaraan is toegerekend",
    ),
    "pays_above": (
        "{label} pays for itself in expectation once λ ≥ {value} per successful client.",
        "{label} verdient zichzelf naar verwachting terug zodra λ ≥ {value} per succesvolle "
        "cliënt.",
    ),
    "pays_below": (
        "{label} pays for itself in expectation while λ ≤ {value} per successful client.",
        "{label} verdient zichzelf naar verwachting terug zolang λ ≤ {value} per succesvolle "
        "cliënt.",
    ),
    "pays_always": (
        "{label} pays for itself in expectation at any λ, even {zero}.",
        "{label} verdient zichzelf naar verwachting terug bij elke λ, ook bij {zero}.",
    ),
    "pays_never": (
        "{label} pays for itself in expectation at no λ.",
        "{label} verdient zichzelf naar verwachting bij geen enkele λ terug.",
    ),
    "preferred_above": (
        "{label} is preferred over {base} in expectation once λ ≥ {value} per extra "
        "successful client.",
        "{label} heeft naar verwachting de voorkeur boven {base} zodra λ ≥ {value} per extra "
        "succesvolle cliënt.",
    ),
    "preferred_below": (
        "{label} is preferred over {base} in expectation while λ ≤ {value} per successful "
        "client (it has fewer).",
        "{label} heeft naar verwachting de voorkeur boven {base} zolang λ ≤ {value} per "
        "succesvolle cliënt (ze heeft er minder).",
    ),
    "preferred_always": (
        "{label} is preferred over {base} in expectation at any λ, even {zero} (break-even "
        "λ = {zero}).",
        "{label} heeft naar verwachting de voorkeur boven {base} bij elke λ, ook bij {zero} "
        "(break-even λ = {zero}).",
    ),
    "preferred_never": (
        "{label} is preferred over {base} in expectation at no λ.",
        "{label} heeft naar verwachting bij geen enkele λ de voorkeur boven {base}.",
    ),
    "evsi_left_out_not_multilinear": (
        "The value of a new dossier study (EVSI) is left out: the conjugate method needs a "
        "net benefit that is multilinear in the inputs, and this config's is not.",
        "De waarde van een nieuw dossieronderzoek (EVSI) ontbreekt: de geconjugeerde methode "
        "vraagt een netto baat die multilineair is in de invoer, en die van deze configuratie "
        "is dat niet.",
    ),
    "evsi_left_out_effect_arms": (
        "The value of a new dossier study (EVSI) is left out: it cannot yet value a study of "
        "routes defined by their effect on another route.",
        "De waarde van een nieuw dossieronderzoek (EVSI) ontbreekt: die kan nog geen onderzoek "
        "waarderen naar routes die als effect op een andere route zijn gegeven.",
    ),
    "intakes_default": (
        "A year is {intakes} intakes per route: mkba-mc's default, as the config states no "
        "intakes_per_year of its own ([study] intakes_per_year; or --intakes).",
        "Een jaar telt {intakes} intakes per route: de standaard van mkba-mc, omdat de "
        "configuratie geen eigen intakes_per_year noemt ([study] intakes_per_year; of "
        "--intakes).",
    ),
    "stopped": (
        "Stopped after {draws} draws: {reason}.",
        "Gestopt na {draws} trekkingen: {reason}.",
    ),
    "stopped_at_target": (
        "reached the target standard errors",
        "de gevraagde standaardfouten zijn bereikt",
    ),
    "stopped_at_draws": ("reached --draws", "--draws bereikt"),
    "wrote_run": (
        "Wrote {out}/results.zarr (with its checksums), summary.csv, summary-nl.csv, "
        "summary.xlsx, metadata.json and config.toml.",
        "Geschreven: {out}/results.zarr (met controlegetallen), summary.csv, summary-nl.csv, "
        "summary.xlsx, metadata.json en config.toml.",
    ),
    "wrote": ("Wrote {what}.", "Geschreven: {what}."),
    # ------------------------------------------------------------------ the bridge
    "bridge_title": (
        "From the study's balance to the simulation's mean (euros per client; {names})",
        "Van het saldo van de studie naar het gemiddelde van de simulatie (euro per cliënt)",
    ),
    "bridge_title_model": (
        "From the model at the study's values (no published figures) to the simulation's mean "
        "(euros per client; {names})",
        "Van het model op de waarden van de studie (geen gepubliceerde cijfers) naar het "
        "gemiddelde van de simulatie (euro per cliënt)",
    ),
    # ------------------------------------------------------------------ risk
    "the_payer": ("the {payer}", "de {payer}"),
    "society": ("society", "de samenleving"),
    "risk_title": (
        "Risk for {who} (its own business case; {draws} draws)",
        "Risico voor {who} (eigen business case; {draws} trekkingen)",
    ),
    "risk_title_societal": (
        "Risk for {who} (societal business case; {draws} draws)",
        "Risico voor {who} (maatschappelijke business case; {draws} trekkingen)",
    ),
    "risk_units": (
        "Balance = benefits that land with it − costs it pays; euros.",
        "Saldo = baten die daar terechtkomen − kosten die daar betaald worden; euro.",
    ),
    "payer_balance": ("balance of {who} per client", "saldo van {who} per cliënt"),
    "partly_balance": (
        "  reading: streams touching it count whole",
        "  lezing: batenposten die daar deels terechtkomen tellen geheel",
    ),
    "societal_balance": ("societal balance per client", "maatschappelijk saldo per cliënt"),
    "p_recover": (
        "P({who} recovers its investment)",
        "kans dat {who} de investering terugverdient",
    ),
    "p_recover_extra": (
        "In the columns arm − baseline, the last row is the chance that {who} recovers the extra\n"
        "investment: that its balance is higher with the arm than with the baseline.",
        "In de kolommen route − basisroute is de laatste regel de kans dat {who} de extra\n"
        "investering terugverdient: dat het saldo met de route hoger is dan met de basisroute.",
    ),
    "year_of_intakes": (
        "A year of {n} intakes per route (that year's clients sampled):",
        "Een jaar met {n} intakes per route (de cliënten van dat jaar getrokken):",
    ),
    "balance_per_year": ("balance per year", "saldo per jaar"),
    "interval_row": ("  5–95% interval", "  5–95%-interval"),
    "from_to": ("{low} to {high}", "{low} tot {high}"),
    "var_row": ("{level} value-at-risk (loss)", "{level} value-at-risk (verlies)"),
    "es_row": ("{level} expected shortfall (loss)", "{level} expected shortfall (verlies)"),
    "p_loss": ("P(loss worse than {limit} {per})", "kans op een verlies groter dan {limit} {per}"),
    "a_year": ("a year", "per jaar"),
    "per_client": ("per client", "per cliënt"),
    "payback_missing": (
        "Payback: needs a time profile (a timing per cost and benefit in the config; see "
        "configs/README.md).",
        "Terugverdientijd: daarvoor is een tijdsprofiel nodig (een timing per kosten- en "
        "batenpost in de configuratie; zie configs/README.md).",
    ),
    "payback_title": (
        "Payback of {who} (cumulative net cash flow, discounted at {rate}):",
        "Terugverdienen door {who} (cumulatieve netto kasstroom, contant gemaakt tegen {rate}):",
    ),
    "within_years": ("≤ {n} yr", "≤ {n} jr"),
    "never": ("never", "nooit"),
    "p_paid_back": ("P(paid back) {label}", "kans terugverdiend, {label}"),
    # ------------------------------------------------------------------ compare
    "compare_meta": (
        "{sets} · {draws} per set · seed {seed} · {cohort} · common random numbers",
        "{sets} · {draws} per set · startwaarde {seed} · {cohort} · gemeenschappelijke "
        "toevalsgetallen",
    ),
    "compare_expected": ("expected values per client", "verwachte waarden per cliënt"),
    "compare_finite": ("cohort of {n} clients per arm", "cohort van {n} cliënten per route"),
    "compare_units": (
        "Balance in euros per client: mean ± Monte Carlo standard error; 5–95% interval. P(> 0) "
        "is\nP(balance > 0) for an arm and P(arm beats baseline) for a difference.",
        "Saldo in euro per cliënt: gemiddelde ± Monte Carlo-standaardfout; 5–95%-interval. Kans "
        "> 0 is\nde kans op een saldo > 0 bij een route, en bij een verschil de kans dat de "
        "route beter uitpakt dan de referentie.",
    ),
    "compare_draws": (
        "Each set runs with {draws} draws, the largest of the sets' run.draws.",
        "Elke set draait met {draws} trekkingen, het grootste run.draws van de sets.",
    ),
    "set": ("set", "set"),
    "arm": ("arm", "route"),
    "mean_balance": ("mean balance", "gemiddeld saldo"),
    "p_positive_column": ("P(> 0)", "kans > 0"),
    "sets": ("Sets:", "Sets:"),
    "assumption_set": ("assumption set", "set aannames"),
    "assumption_sets": ("assumption sets", "sets aannames"),
    "draw": ("draw", "trekking"),
    "draws": ("draws", "trekkingen"),
    # ------------------------------------------------------------------ sweep
    "sweep_meta": (
        "config {origin}{sets} · {draws} draws per point · seed {seed} · common random numbers",
        "configuratie {origin}{sets} · {draws} trekkingen per punt · startwaarde {seed} · "
        "gemeenschappelijke "
        "toevalsgetallen",
    ),
    "sweep_units": (
        "P(beats): P(arm beats baseline) ± Monte Carlo standard error; Δ: mean difference in\n"
        "balance, euros per client; P(> 0): P(balance > 0).",
        "kans beter: kans dat de route beter uitpakt dan de referentie ± Monte "
        "Carlo-standaardfout;\nΔ: gemiddeld verschil in saldo, euro per cliënt; kans > 0: kans op "
        "een saldo > 0.",
    ),
    "sweep_beats": ("P({arm} beats {baseline})", "kans {arm} beter"),
    "sweep_delta": ("Δ {arm} − {baseline}", "Δ {arm} − {baseline}"),
    "sweep_positive": ("P({arm} > 0)", "kans {arm} > 0"),
    # ------------------------------------------------------------------ replicate
    "replication_of": ("Replication of {source}", "Replicatie van {source}"),
    "at_means": (
        "Note: this config has uncertain inputs; it is evaluated at their means.",
        "Let op: deze configuratie heeft onzekere invoer; die wordt op haar gemiddelde "
        "doorgerekend.",
    ),
    "rep_outcomes": (
        "Outcomes after resolution (dossiers)",
        "Uitkomsten na afloop (dossiers)",
    ),
    "rep_costs": (
        "Costs: totals over each arm's dossiers",
        "Kosten: totalen over de dossiers van elke route",
    ),
    "rep_benefits": (
        "Benefits per stream: totals for {clients} clients and per client",
        "Baten per batenpost: totalen voor {clients} cliënten en per cliënt",
    ),
    "rep_totals": (
        "Investment, benefits and balance: {clients} clients, per client",
        "Investering, baten en saldo: {clients} cliënten, per cliënt",
    ),
    "rep_header": (
        "arm|item|model|published|diff|model/client|published/client|diff|",
        "route|post|model|gepubliceerd|verschil|model/cliënt|gepubliceerd/cliënt|verschil|",
    ),
    "rep_ok": ("ok", "ok"),
    "rep_differs": ("DIFFERS", "WIJKT AF"),
    "rep_reproduced": (
        "{ok} of {n} published figures reproduced to the euro (arms: {arms}).",
        "{ok} van de {n} gepubliceerde getallen tot op de euro nagerekend (routes: {arms}).",
    ),
    "erratum_title": ("Erratum:", "Erratum:"),
    "investment": ("investment", "investering"),
    "total benefits, as published": (
        "total benefits, as published",
        "totale baten, zoals gepubliceerd",
    ),
    "balance, as published": ("balance, as published", "saldo, zoals gepubliceerd"),
    "total benefits, corrected": ("total benefits, corrected", "totale baten, gecorrigeerd"),
    "balance, corrected": ("balance, corrected", "saldo, gecorrigeerd"),
    # ------------------------------------------------------------------ validate
    "valid": ("{origin}: valid", "{origin}: geldig"),
    "source_line": ("source: {source}", "bron: {source}"),
    "arms_line": ("arms: {arms}", "routes: {arms}"),
    "arm_observed": (
        "{label} [{name}] ({n} dossiers{baseline})",
        "{label} [{name}] ({n} dossiers{baseline})",
    ),
    "arm_relative": (
        "{label} [{name}] (no dossiers of its own: {reference} with {effect}{baseline})",
        "{label} [{name}] (geen eigen dossiers: {reference} met {effect}{baseline})",
    ),
    "odds_ratio": (
        "the odds of {group} times “{parameter}”",
        "de odds van {group} maal „{parameter}”",
    ),
    "risk_ratio": (
        "the share of {group} times “{parameter}”",
        "het aandeel {group} maal „{parameter}”",
    ),
    "is_baseline": (", baseline", ", referentie"),
    "categories_line": (
        "outcome categories: {categories}; shares {shares}",
        "uitkomstcategorieën: {categories}; aandelen {shares}",
    ),
    "prior": (" (prior {prior})", " (prior {prior})"),
    "resolves": (
        "  {category} resolves to {success} with probability “{probability}”, otherwise to "
        "{failure}",
        "  {category} wordt {success} met kans „{probability}”, anders {failure}",
    ),
    "rounded": (" (rounded to whole dossiers)", " (afgerond op hele dossiers)"),
    "group_line": ("  group {group} = {members}", "  groep {group} = {members}"),
    "delayed": (
        "  benefits of {category} clients start {delay} year(s) later and count × {weight}",
        "  baten van {category}-cliënten beginnen {delay} jaar later en tellen × {weight}",
    ),
    "cohort_clients": ("{n} clients per arm", "{n} cliënten per route"),
    "defaults_line": (
        "run defaults: {draws} draws, seed {seed}, cohort {cohort}",
        "standaard voor een run: {draws} trekkingen, startwaarde {seed}, cohort {cohort}",
    ),
    "parameters_line": (
        "parameters ({n} plus the outcome shares):",
        "invoer ({n} plus de uitkomstaandelen):",
    ),
    "parameters_header": (
        "input|config key|unit|distribution|scope|group",
        "invoer|sleutel in de configuratie|eenheid|verdeling|bereik|groep",
    ),
    "shared": ("shared", "gedeeld"),
    "per_arm": ("per arm", "per route"),
    "client_attribute": (", client attribute", ", kenmerk van cliënten"),
    "cost_components": ("cost components:", "kostenposten:"),
    "benefit_streams": ("benefit streams:", "batenposten:"),
    "accrues": (", accrues over years {start}–{end}", ", over de jaren {start}–{end}"),
    "at_year": (", at year {start}", ", in jaar {start}"),
    "all_clients": ("all clients", "alle cliënten"),
    "clients_of": ("clients {group}", "cliënten {group}"),
    "stakeholders_line": ("stakeholders: {names}", "belanghebbenden: {names}"),
    "discounting_line": (
        "discounting: {rate}% a year to present values at the intake ({source})",
        "disconteren: {rate}% per jaar naar contante waarden bij de intake ({source})",
    ),
    "published_line": (
        "published figures to replicate: {source}",
        "gepubliceerde cijfers om na te rekenen: {source}",
    ),
    # ------------------------------------------------------------------ diff
    "diff_same": ("A and B define the same study.", "A en B beschrijven dezelfde studie."),
    "diff_mean": ("{dist}: mean {mean}{interval}", "{dist}: gemiddeld {mean}{interval}"),
    "diff_inputs": (
        "Inputs that differ (distribution: mean [90% interval]):",
        "Invoer die verschilt (verdeling: gemiddelde [90%-interval]):",
    ),
    "diff_inputs_header": ("input|arm|A|B", "invoer|route|A|B"),
    "diff_settings": ("Other settings that differ:", "Andere instellingen die verschillen:"),
    "diff_settings_header": ("key|A|B", "sleutel|A|B"),
    "diff_effects": (
        "What each difference moves: Δ mean balance in euros per client, B's value put into\n"
        "A with everything at its mean ('all': B against A; 'interactions': what the\n"
        "one-at-a-time changes leave out of it):",
        "Wat elk verschil verschuift: Δ gemiddeld saldo in euro per cliënt, de waarde van B\n"
        "ingevuld in A met al het andere op het gemiddelde ('alles': B tegenover A;\n"
        "'wisselwerking': wat de veranderingen één voor één daarvan weglaten):",
    ),
    "diff_difference": ("difference", "verschil"),
    "not_available": ("n/a", "n.v.t."),
    "diff_all": ("all", "alles"),
    "diff_interactions": ("interactions", "wisselwerking"),
}
"""Key -> (English, Dutch). Some take ``str.format`` fields."""


def w(key: str, lang: Lang, **fields) -> str:
    """The words ``key`` in ``lang``, with ``fields`` filled in."""
    text = WORDS[key][LANGS.index(check_lang(lang))]
    return text.format(**fields) if fields else text


def count(n: int, singular: str, plural: str, lang: Lang) -> str:
    """``1 draw``, ``2,000 draws`` / ``1 trekking``, ``2.000 trekkingen``: ``singular`` and
    ``plural`` are keys of :data:`WORDS`."""
    return f"{number(n, lang)} {w(singular if n == 1 else plural, lang)}"


def arm_labels(study: Study, lang: Lang) -> Mapping[str, str]:
    """Arm name -> its label in ``lang`` (the config's translation, else as written)."""
    return {a.name: study.translate(a.label, lang) for a in study.arms}


def the_payer(study: Study, lang: Lang) -> str:
    """The study's payer (``[study] payer``) as a sentence names it, article included:
    ``"the municipality"``, ``"de gemeente Zwolle"``."""
    label = study.stakeholders.get(study.payer, study.payer)
    return w("the_payer", lang, payer=in_prose(study.translate(label, lang)))
