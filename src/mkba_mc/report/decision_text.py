"""The sentences of the report's decision quantities in English and Dutch: who gains,
what unmonetised gains must be worth, a year of intakes, convergence.

Part of :data:`mkba_mc.report.text.TEXT`; the same conventions hold.
"""

from __future__ import annotations

DECISION_TEXT: dict[str, tuple[str, str]] = {
    "decision": ("Decision quantities", "Beslisinformatie"),
    "decision_caption": (
        "The answer to the council's questions (± Monte Carlo standard error)",
        "Het antwoord op de vragen van de raad (± Monte Carlo-standaardfout)",
    ),
    "quantity": ("quantity", "grootheid"),
    "value": ("value", "waarde"),
    "q_beats": ("P({arm} beats {baseline})", "kans dat de {arm} beter uitpakt dan de {baseline}"),
    "q_pays": (
        "P(balance of the {arm} > 0)",
        "kans dat de {arm} zichzelf terugverdient (saldo > 0)",
    ),
    "q_mean_balance": (
        "mean balance of the {arm} (€ per client)",
        "gemiddeld saldo van de {arm} (€ per cliënt)",
    ),
    "q_mean_difference": (
        "mean difference in balance, {arm} − {baseline} (€ per client)",
        "gemiddeld verschil in saldo, {arm} − {baseline} (€ per cliënt)",
    ),
    "q_payer_share": (
        "share of the benefits with the {payer}, {arm} ({reading})",
        "aandeel van de baten bij de {payer}, {arm} ({reading})",
    ),
    "reading_partly": (
        "streams that touch it, counted whole",
        "batenposten die daar deels terechtkomen, geheel geteld",
    ),
    "reading_strict": ("its own part only", "alleen het eigen deel"),
    "q_break_even": (
        "break-even value λ of an extra successful client, {arm} against {baseline}",
        "break-evenwaarde λ van een extra succesvolle cliënt, {arm} tegenover {baseline}",
    ),
    "break_even_cell_below": (
        "{cell} (an upper bound: preferred while λ ≤ {value})",
        "{cell} (een bovengrens: voorkeur zolang λ ≤ {value})",
    ),
    "break_even_cell_always": (
        "{value} (preferred at every λ ≥ 0)",
        "{value} (voorkeur bij elke λ ≥ 0)",
    ),
    "break_even_cell_never": (
        "none (preferred at no λ ≥ 0)",
        "geen (bij geen enkele λ ≥ 0 de voorkeur)",
    ),
    "pays_cell_below": (
        "{cell} (an upper bound: pays for itself while λ ≤ {value})",
        "{cell} (een bovengrens: verdient zichzelf terug zolang λ ≤ {value})",
    ),
    "pays_cell_always": (
        "{value} (pays for itself at every λ ≥ 0)",
        "{value} (verdient zichzelf terug bij elke λ ≥ 0)",
    ),
    "pays_cell_never": (
        "none (pays for itself at no λ ≥ 0)",
        "geen (verdient zichzelf bij geen enkele λ ≥ 0 terug)",
    ),
    "q_pays_lambda": (
        "value λ of a successful client at which the {arm} pays for itself",
        "waarde λ van een succesvolle cliënt waarbij de {arm} zichzelf terugverdient",
    ),
    "q_successful": (
        "share of successful clients, {arm}",
        "aandeel succesvolle cliënten, {arm}",
    ),
    "who_gains": ("Who gains. {partly} {strict}", "Wie profiteert. {partly} {strict}"),
    "who_partly": (
        "Counting every benefit stream that touches the {payer} whole (the reading a study "
        "uses when it reports the share of benefits that lands at least partly with the "
        "{payer}), the {payer} receives {shares} of the benefits.",
        "Wie elke batenpost die de {payer} raakt geheel meetelt (de lezing van een studie die "
        "het aandeel baten noemt dat ten minste deels bij de {payer} terechtkomt), komt uit op "
        "{shares} van de baten bij de {payer}.",
    ),
    "who_strict": (
        "Counting only the parts the {payer} itself receives, it is {shares}.",
        "Wie alleen het deel telt dat de {payer} zelf ontvangt, komt uit op {shares}.",
    ),
    "stakeholder": ("stakeholder", "belanghebbende"),
    "share_column": ("{arm}: share", "{arm}: aandeel"),
    "mean_column": ("{arm}: mean", "{arm}: gemiddelde"),
    "stakeholders_caption": (
        "Benefits per stakeholder (euros per client, share of the route's total)",
        "Baten per belanghebbende (euro per cliënt, aandeel in het totaal van de route)",
    ),
    "fig_stakeholders": (
        "Benefits per stakeholder: mean and 5–95% interval; the percentage is the "
        "stakeholder's share of the route's total benefits.",
        "Baten per belanghebbende: gemiddelde en 5–95%-interval; het percentage is "
        "het aandeel van de belanghebbende in de totale baten van de route.",
    ),
    "unmonetised": (
        "What unmonetised gains must be worth. The balance leaves out the gains the study does "
        "not express in money: less stress, better health, a more stable life. If a council "
        "puts a value λ on each extra successful client, a route's net benefit is its balance "
        "+ λ × its share of successful clients.",
        "Wat de niet-gemonetariseerde winst waard moet zijn. Het saldo laat de winst weg die "
        "de studie niet in geld uitdrukt: minder stress, betere gezondheid, een stabieler "
        "leven. Als de gemeenteraad een waarde λ toekent aan elke extra succesvolle cliënt, is "
        "de netto opbrengst van een route haar saldo + λ × haar aandeel succesvolle cliënten.",
    ),
    "break_even_always": (
        "The {arm} already has the higher expected balance at λ = 0, and more successful clients "
        "({s_arm} against {s_base}), so valuing these gains only widens its lead.",
        "De {arm} heeft bij λ = 0 al het hogere verwachte saldo, en meer succesvolle cliënten "
        "({s_arm} tegen {s_base}); deze winst meetellen vergroot haar voorsprong alleen.",
    ),
    "break_even_above": (
        "The {arm} is preferred in expectation once λ exceeds {value} (± {se}) per extra "
        "successful client.",
        "De {arm} heeft gemiddeld de voorkeur zodra λ hoger is dan {value} (± {se}) per extra "
        "succesvolle cliënt.",
    ),
    "break_even_below": (
        "The {arm} is preferred in expectation only while λ stays below {value} (± {se}) per extra "
        "successful client: it has the higher balance but fewer successful clients.",
        "De {arm} heeft gemiddeld alleen de voorkeur zolang λ lager is dan {value} (± {se}) per "
        "extra succesvolle cliënt: zij heeft het hogere saldo maar minder succesvolle cliënten.",
    ),
    "break_even_never": (
        "No value λ ≥ 0 makes the {arm} preferred in expectation: it has a lower balance and no "
        "more successful clients.",
        "Geen waarde λ ≥ 0 geeft de {arm} gemiddeld de voorkeur: zij heeft een lager saldo en niet "
        "meer succesvolle cliënten.",
    ),
    "threshold_reached": ("reaches {level} at λ = {value}", "bereikt {level} bij λ = {value}"),
    "threshold_at_zero": ("is already {level} or more at λ = 0", "is bij λ = 0 al {level} of meer"),
    "threshold_never": (
        "stays below {level} over the whole range shown (λ up to {value})",
        "blijft onder {level} over het hele getoonde bereik (λ tot {value})",
    ),
    "thresholds": (
        "The chance that the {arm} is preferred {parts}.",
        "De kans dat de {arm} de voorkeur heeft, {parts}.",
    ),
    "fig_acceptability": (
        "Acceptability curve: the chance that each route has the highest net benefit, against "
        "the value λ put on each extra successful client (band: ± 1.96 Monte Carlo standard "
        "errors).",
        "Aanvaardbaarheidscurve: de kans dat elke route de hoogste netto opbrengst heeft, tegen "
        "de waarde λ van elke extra succesvolle cliënt (band: ± 1,96 Monte Carlo-standaardfouten).",
    ),
    "scale_up": (
        "A year of intakes. With {intakes} intakes a year, if every intake follows one route, "
        "the yearly totals are (euros per year; mean and 5–95% interval):",
        "Een jaar aan intakes. Bij {intakes} intakes per jaar, als elke intake één route "
        "volgt, zijn de jaartotalen (euro per jaar; gemiddelde en 5–95%-interval):",
    ),
    "scale_up_caption": (
        "Yearly totals for {intakes} intakes (euros per year)",
        "Jaartotalen bij {intakes} intakes (euro per jaar)",
    ),
    "scale_up_note": (
        "These intervals are too wide for a year: the run samples a cohort of {cohort} clients per "
        "route, whose chance variation per client is far larger than that of {intakes} clients. "
        "Run with --cohort expected (or a cohort of {intakes}) for the yearly spread; the means "
        "are right either way.",
        "Deze intervallen zijn te breed voor een jaar: de run trekt een cohort van {cohort} "
        "cliënten per route, waarvan de toevalsvariatie per cliënt veel groter is dan die van "
        "{intakes} cliënten. Draai met --cohort expected (of een cohort van {intakes}) voor de "
        "spreiding per jaar; de gemiddelden kloppen hoe dan ook.",
    ),
    "convergence": (
        "Convergence. {p_part} {balance_part}",
        "Convergentie. {p_part} {balance_part}",
    ),
    "converged_p": (
        "P({arm} beats {baseline}) stays within {tol} of its final value from {n} draws on (of "
        "{draws}).",
        "De kans dat de {arm} beter uitpakt dan de {baseline} blijft vanaf {n} trekkingen (van de "
        "{draws}) binnen {tol} van de eindwaarde.",
    ),
    "unconverged_p": (
        "P({arm} beats {baseline}) has not settled within {tol} in {draws} draws: run more draws.",
        "De kans dat de {arm} beter uitpakt dan de {baseline} is in {draws} trekkingen nog niet "
        "binnen {tol} stabiel: draai meer trekkingen.",
    ),
    "points": ("{n} percentage points", "{n} procentpunten"),
    "points_one": ("{n} percentage point", "{n} procentpunt"),
    "converged_balance": (
        "The mean balances stay within {tol} per client from {parts} on.",
        "De gemiddelde saldi blijven binnen {tol} per cliënt vanaf {parts}.",
    ),
    "converged_balance_arm": ("{n} draws ({arm})", "{n} trekkingen ({arm})"),
    "not_converged": (
        "not within the run ({arm}: run more draws)",
        "niet binnen de run ({arm}: draai meer trekkingen)",
    ),
    "fig_convergence": (
        "Running estimates along the draws, with ± 1.96 Monte Carlo standard errors; dotted lines "
        "mark where each estimate settles.",
        "Lopende schattingen over de trekkingen, met ± 1,96 Monte Carlo-standaardfouten; de "
        "stippellijnen markeren waar elke schatting stabiel wordt.",
    ),
    "intakes_default": (
        "The {intakes} intakes a year are mkba-mc's default: the config states no number of "
        "its own ([study] intakes_per_year).",
        "De {intakes} intakes per jaar zijn de standaard van mkba-mc: de configuratie noemt "
        "geen eigen aantal ([study] intakes_per_year).",
    ),
}
"""Key -> (English, Dutch)."""
