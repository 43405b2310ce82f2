"""The report's sentences and headings in English and Dutch.

Dutch uses the terms of the field: *investering*, *baten*, *saldo*,
*baten-kostenverhouding*, *gemeente*, *schuldhulpverlening*, *gevoeligheidsanalyse*,
*waarde van informatie* (EVPI, EVPPI), and "de kans dat de Klantreis beter uitpakt dan
de FIG-route" for P(KR beats FIG). Templates take
``str.format`` fields; numbers are formatted before they are filled in
(:mod:`mkba_mc.plots._labels`), so each language gets its own separators.
"""

from __future__ import annotations

from ..plots._labels import LANGS, Lang, check_lang
from .sensitivity_text import SENSITIVITY_TEXT

__all__ = ["TEXT", "join", "t"]

TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ frame
    "title": (
        "{others} or {baseline}? What the uncertainty in the cost-benefit analysis means "
        "for the decision",
        "{others} of {baseline}? Wat de onzekerheid in de MKBA betekent voor het besluit",
    ),
    "meta": (
        "{study} · config {origin} (sha256 {hash}) · {draws} draws · seed {seed} · {cohort}",
        "{study} · config {origin} (sha256 {hash}) · {draws} trekkingen · seed {seed} · {cohort}",
    ),
    "cohort_expected": (
        "expected values per client (parameter uncertainty only)",
        "verwachte waarden per cliënt (alleen parameteronzekerheid)",
    ),
    "cohort_finite": (
        "a cohort of {n} clients per route (client outcomes sampled too)",
        "een cohort van {n} cliënten per route (ook de uitkomsten van cliënten getrokken)",
    ),
    "contents": ("Contents", "Inhoud"),
    "footer": (
        "Made with mkba-mc {version}. The same config (sha256 {hash}), seed {seed} and number "
        "of draws ({draws}) give the same numbers.",
        "Gemaakt met mkba-mc {version}. Dezelfde config (sha256 {hash}), seed {seed} en hetzelfde "
        "aantal trekkingen ({draws}) geven dezelfde getallen.",
    ),
    # ------------------------------------------------------------------ question
    "question": ("The question", "De vraag"),
    "question_study": (
        "The study ({source}) compared routes of debt assistance (schuldhulpverlening) per "
        "client: {arms}, on {dossiers}. It gives one number per route: the investment, the "
        "benefits and the balance (benefits − investment).",
        "De studie ({source}) vergeleek routes van schuldhulpverlening per cliënt: {arms}, op "
        "basis van {dossiers}. Ze geeft één getal per route: de investering, de baten en het "
        "saldo (baten − investering).",
    ),
    "question_council": (
        "A council deciding whether to fund the {arm} needs to know how likely it is that the "
        "{arm} really beats the {baseline}, how likely each route is to pay for itself, who "
        "receives the benefits, and what the gains that the study does not express in money "
        "would have to be worth. This report answers with a Monte Carlo simulation: in each of "
        "{draws} draws every uncertain input is drawn from its distribution (see the "
        "assumptions below) and the study's model is computed again.",
        "Een gemeenteraad die besluit over de financiering van de {arm} wil weten hoe groot de "
        "kans is dat de {arm} echt beter uitpakt dan de {baseline}, hoe groot de kans is dat "
        "een route zichzelf terugverdient, bij wie de baten terechtkomen, en hoeveel de winst "
        "die de studie niet in geld uitdrukt waard zou moeten zijn. Dit rapport antwoordt met "
        "een Monte Carlo-simulatie: in elk van {draws} trekkingen wordt elke onzekere invoer "
        "uit zijn verdeling getrokken (zie de aannames hieronder) en wordt het model van de "
        "studie opnieuw doorgerekend.",
    ),
    "arm_item": ("the {label} ({name})", "de {label} ({name})"),
    "arm_baseline": ("the {label} ({name}, the reference)", "de {label} ({name}, de referentie)"),
    "dossiers": ("{n} {label} dossiers", "{n} dossiers {label}"),
    # ------------------------------------------------------------------ answer
    "answer": ("The answer in two sentences", "Het antwoord in twee zinnen"),
    "answer_beats": (
        "In {p} of the draws the {arm} has a higher balance per client than the {baseline}; "
        "the mean difference in balance is {diff} per client (5–95% interval {lo} to {hi}).",
        "De kans dat de {arm} beter uitpakt dan de {baseline} is {p}; het verschil in saldo is "
        "gemiddeld {diff} per cliënt (5–95%-interval {lo} tot {hi}).",
    ),
    "answer_best": (
        "The chance that a route has the highest balance per client is {chances}; the {best} "
        "has the highest mean balance.",
        "De kans dat een route het hoogste saldo per cliënt heeft is {chances}; de {best} heeft "
        "het hoogste gemiddelde saldo.",
    ),
    "pairs_caption": (
        "Every route against every other: the difference in balance (euros per client) and the "
        "chance that the first route of the pair beats the second.",
        "Elke route tegenover elke andere: het verschil in saldo (euro per cliënt) en de kans dat "
        "de eerste route van het paar beter uitpakt dan de tweede.",
    ),
    "pair": ("pair", "paar"),
    "p_beats_column": ("P(first beats second)", "kans eerste beter"),
    "answer_pays": (
        "The chance that a route pays for itself (balance above zero) is {chances}, with a mean "
        "balance of {balances} per client.",
        "De kans dat een route zichzelf terugverdient (saldo boven nul) is {chances}, bij een "
        "gemiddeld saldo van {balances} per cliënt.",
    ),
    "for_arm": ("{value} for the {arm}", "{value} voor de {arm}"),
    "answer_note": (
        "Probabilities and means carry a Monte Carlo standard error (±) that shrinks with more "
        "draws; the uncertainty that matters for the decision is the spread between draws, shown "
        "below.",
        "Kansen en gemiddelden hebben een Monte Carlo-standaardfout (±) die kleiner wordt met "
        "meer trekkingen; de onzekerheid die telt voor het besluit is de spreiding tussen de "
        "trekkingen, hieronder.",
    ),
    # ------------------------------------------------------------------ replication
    "bridge": (
        "From the study's number to this answer",
        "Van het getal van de studie naar dit antwoord",
    ),
    "bridge_intro": (
        "The mean balances above differ from the study's own figures. The table takes the "
        "difference apart, one cause at a time, starting from {start}; each row is the change in "
        "euros per client that one step makes, and the last row is the simulation's mean. "
        "Inputs that the study states keep the study's value as their mean, so only steps "
        "listed here move the answer.",
        "De gemiddelde saldi hierboven wijken af van de eigen cijfers van de studie. De tabel "
        "haalt dat verschil uiteen, één oorzaak tegelijk, vanaf {start}; elke rij is de "
        "verandering in euro per cliënt die één stap geeft, en de laatste rij is het "
        "gemiddelde van de simulatie. Invoer die de studie noemt houdt de waarde van de "
        "studie als gemiddelde, dus alleen de stappen hier verschuiven het antwoord.",
    ),
    "bridge_start_published": (
        "the balance the study published",
        "het saldo dat de studie publiceerde",
    ),
    "bridge_start_study": (
        "the study's point estimate (every input at the study's value)",
        "de puntschatting van de studie (elke invoer op de waarde uit de studie)",
    ),
    "bridge_caption": (
        "From the study's balance to the simulation's mean, euros per client; ± is the Monte "
        "Carlo standard error.",
        "Van het saldo van de studie naar het gemiddelde van de simulatie, euro per cliënt; ± "
        "is de Monte Carlo-standaardfout.",
    ),
    "fig_bridge": (
        "The same steps per route and per route against the {baseline}: whole bars are where "
        "the bridge starts and ends, dark bars raise the balance, light bars lower it.",
        "Dezelfde stappen per route en per route tegenover de {baseline}: hele balken zijn begin "
        "en eind, donkere balken verhogen het saldo, lichte balken verlagen het.",
    ),
    "sets": (
        "How much rests on the study's own choices",
        "Hoeveel er rust op de eigen keuzes van de studie",
    ),
    "sets_intro": (
        "The answer above keeps every choice the study made. Each other assumption set changes "
        "one of them; all are run with the same {draws} draws and seed, so their differences "
        "are not Monte Carlo noise.",
        "Het antwoord hierboven houdt elke keuze die de studie maakte. Elke andere set aannames "
        "verandert er één; alle sets draaien met dezelfde {draws} trekkingen en seed, dus hun "
        "verschillen zijn geen Monte Carlo-ruis.",
    ),
    "sets_range": (
        "Under the other assumption sets the chance that the {arm} beats the {baseline} lies "
        "between {low} ({low_set}) and {high} ({high_set}), against {own} in the answer.",
        "Onder de andere sets aannames ligt de kans dat de {arm} beter uitpakt dan de "
        "{baseline} tussen {low} ({low_set}) en {high} ({high_set}), tegen {own} in het "
        "antwoord.",
    ),
    "sets_caption": (
        "Per assumption set: the chance that each route beats the {baseline}, the mean "
        "difference in balance, and each route's chance to pay for itself (euros per client).",
        "Per set aannames: de kans dat elke route beter uitpakt dan de {baseline}, het gemiddelde "
        "verschil in saldo, en de kans dat elke route zichzelf terugverdient (euro per cliënt).",
    ),
    "set_column": ("assumption set", "set aannames"),
    "this_answer": ("{title} (this answer)", "{title} (dit antwoord)"),
    "p_pays_column": ("P(balance > 0), {arm}", "kans saldo > 0, {arm}"),
    "p_beats_set_column": ("P({arm} beats {baseline})", "kans {arm} beter dan {baseline}"),
    "mean_diff_column": ("mean Δ balance, {arm}", "gemiddeld Δ saldo, {arm}"),
    "fig_sets": (
        "Mean balance per route with its 5–95% interval, and the chance that each route beats "
        "the {baseline}, per assumption set.",
        "Gemiddeld saldo per route met het 5–95%-interval, en de kans dat elke route beter "
        "uitpakt dan de {baseline}, per set aannames.",
    ),
    "replication": ("Replication of the study", "Replicatie van de studie"),
    "replication_intro": (
        "Before adding uncertainty, mkba-mc recomputes the study's tables with every input fixed "
        "at the study's value (config {config}). It reproduces {ok} of {n} published figures "
        "to the euro. Euros per client:",
        "Voordat er onzekerheid bij komt, rekent mkba-mc de tabellen van de studie na met elke "
        "invoer vast op de waarde uit de studie (config {config}). {ok} van de {n} gepubliceerde "
        "getallen komen tot op de euro overeen. Euro per cliënt:",
    ),
    "replication_none": (
        "This study has no published figures to replicate.",
        "Voor deze studie zijn geen gepubliceerde cijfers om na te rekenen.",
    ),
    "model_column": ("{arm}: mkba-mc", "{arm}: mkba-mc"),
    "published_column": ("{arm}: study", "{arm}: studie"),
    "replication_caption": (
        "The study's tables recomputed (euros per client)",
        "De tabellen van de studie nagerekend (euro per cliënt)",
    ),
    "total_as_published": ("total benefits, as published", "totale baten, zoals gepubliceerd"),
    "balance_as_published": ("balance, as published", "saldo, zoals gepubliceerd"),
    "total_corrected": (
        "total benefits, corrected (all streams)",
        "totale baten, gecorrigeerd (alle batenposten)",
    ),
    "balance_corrected": ("balance, corrected", "saldo, gecorrigeerd"),
    "erratum": (
        "Erratum: the published total benefits leave out {streams}. The study's own rows sum to "
        "{totals} per client, so the balance is {balances} per client, not the published "
        "{published}. The simulation uses the corrected totals (all streams).",
        "Erratum: de gepubliceerde totale baten laten {streams} weg. De eigen rijen van de studie "
        "tellen op tot {totals} per cliënt; het saldo is dus {balances} per cliënt, niet het "
        "gepubliceerde {published}. De simulatie rekent met de gecorrigeerde totalen (alle "
        "batenposten).",
    ),
    # ------------------------------------------------------------------ distributions
    "distributions": ("Distributions", "Verdelingen"),
    "distributions_intro": (
        "Per client, for each route and for each route against the {baseline}: the mean with its "
        "Monte Carlo standard error (±), the median, and the 5% and 95% quantiles of the draws "
        "(90% of the draws lie between them). The benefit-cost ratio is the benefits divided by "
        "the investment.",
        "Per cliënt, voor elke route en voor elke route tegenover de {baseline}: het gemiddelde "
        "met zijn Monte Carlo-standaardfout (±), de mediaan, en het 5%- en 95%-kwantiel van de "
        "trekkingen (90% van de trekkingen ligt ertussen). De baten-kostenverhouding is de baten "
        "gedeeld door de investering.",
    ),
    "summary_caption": (
        "Investment, benefits and balance (euros per client)",
        "Investering, baten en saldo (euro per cliënt)",
    ),
    "route": ("route", "route"),
    "measure": ("measure", "grootheid"),
    "mean": ("mean", "gemiddelde"),
    "median": ("median", "mediaan"),
    "fig_balance": (
        "Balance per client of each route (left) and the difference against the {baseline} "
        "(right). The filled area right of zero is the chance that the {others} beats the "
        "{baseline}.",
        "Saldo per cliënt van elke route (links) en het verschil met de {baseline} (rechts). Het "
        "gevulde deel rechts van nul is de kans dat de {others} beter uitpakt dan de {baseline}.",
    ),
    "fig_plane": (
        "Each point is one draw: the extra investment against the extra benefits of the {others} "
        "compared with the {baseline}. Above the dashed break-even line the {others} has the "
        "higher balance.",
        "Elk punt is één trekking: de extra investering tegen de extra baten van de {others} "
        "vergeleken met de {baseline}. Boven de gestippelde break-evenlijn heeft de {others} het "
        "hogere saldo.",
    ),
    "fig_streams": (
        "Benefits per stream: mean and 5–95% interval, euros per client.",
        "Baten per batenpost: gemiddelde en 5–95%-interval, euro per cliënt.",
    ),
    # ------------------------------------------------------------------ decision
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
    "q_municipality": (
        "share of the benefits with the municipality, {arm} ({reading})",
        "aandeel van de baten bij de gemeente, {arm} ({reading})",
    ),
    "reading_partly": (
        "streams that touch it, counted whole",
        "batenposten die haar raken, geheel geteld",
    ),
    "reading_strict": ("its own part only", "alleen haar eigen deel"),
    "q_break_even": (
        "break-even value λ of an extra successful client, {arm} against {baseline}",
        "break-evenwaarde λ van een extra succesvolle cliënt, {arm} tegenover {baseline}",
    ),
    "break_even_cell_always": (
        "{value} (preferred at every λ ≥ 0)",
        "{value} (voorkeur bij elke λ ≥ 0)",
    ),
    "break_even_cell_never": (
        "none (preferred at no λ ≥ 0)",
        "geen (bij geen enkele λ ≥ 0 de voorkeur)",
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
        "share of successful clients (solved or stabilised), {arm}",
        "aandeel succesvolle cliënten (opgelost of gestabiliseerd), {arm}",
    ),
    "who_gains": ("Who gains. {partly} {strict}", "Wie profiteert. {partly} {strict}"),
    "who_partly": (
        "Counting every benefit stream that touches the municipality whole (the reading a "
        "study uses when it reports the share of benefits that lands at least partly with the "
        "municipality), the municipality receives {shares} of the benefits.",
        "Wie elke batenpost die de gemeente raakt geheel meetelt (de lezing van een studie die "
        "het aandeel baten noemt dat ten minste deels bij de gemeente terechtkomt), komt uit op "
        "{shares} van de baten bij de gemeente.",
    ),
    "who_strict": (
        "Counting only the parts the municipality itself receives, it is {shares}.",
        "Wie alleen het deel telt dat de gemeente zelf ontvangt, komt uit op {shares}.",
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
        "What unmonetised gains must be worth. The balance leaves out the gains the study does not "
        "express in money: less stress, better health, a more stable life (the study's chapter "
        "4). If a council puts a value λ on each extra successful client, a route's net benefit "
        "is its balance + λ × its share of successful clients.",
        "Wat de niet-gemonetariseerde winst waard moet zijn. Het saldo laat de winst weg die de "
        "studie niet in geld uitdrukt: minder stress, betere gezondheid, een stabieler leven "
        "(hoofdstuk 4 van de studie). Als de gemeenteraad een waarde λ toekent aan elke extra "
        "succesvolle cliënt, is de netto opbrengst van een route haar saldo + λ × haar aandeel "
        "succesvolle cliënten.",
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
        "stays below {level} up to λ = {value}",
        "blijft onder {level} tot λ = {value}",
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
        "A year of intakes. With {intakes} intakes a year (the study counts about 3,000 intake "
        "talks in 2017), if every intake follows one route, the yearly totals are (euros per "
        "year; mean and 5–95% interval):",
        "Een jaar aan intakes. Bij {intakes} intakes per jaar (de studie telt ongeveer 3.000 "
        "intakegesprekken in 2017), als elke intake één route volgt, zijn de jaartotalen (euro "
        "per jaar; gemiddelde en 5–95%-interval):",
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
        "P({arm} beats {baseline}) stays within {tol} percentage point(s) of its final value from "
        "{n} draws on (of {draws}).",
        "De kans dat de {arm} beter uitpakt dan de {baseline} blijft vanaf {n} trekkingen (van de "
        "{draws}) binnen {tol} procentpunt van de eindwaarde.",
    ),
    "unconverged_p": (
        "P({arm} beats {baseline}) has not settled within {tol} percentage point(s) in {draws} "
        "draws: run more draws.",
        "De kans dat de {arm} beter uitpakt dan de {baseline} is in {draws} trekkingen nog niet "
        "binnen {tol} procentpunt stabiel: draai meer trekkingen.",
    ),
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
    # ------------------------------------------------------------------ investment risk
    "risk": (
        "Risk for the municipality: its own business case",
        "Risico voor de gemeente: de gemeentelijke business case",
    ),
    "risk_intro": (
        "The balance above is society's (the maatschappelijke business case): all benefits, "
        "whoever receives them, against all costs. A controller reads the municipality's own "
        "business case (the gemeentelijke business case) first: the benefits that land with "
        "the municipality against the costs it pays ({payer}). Other stakeholders gain "
        "without paying, so the municipality's balance is lower than society's.",
        "Het saldo hierboven is dat van de samenleving (de maatschappelijke business case): "
        "alle baten, wie ze ook ontvangt, tegenover alle kosten. Een controller leest eerst "
        "de eigen business case van de gemeente (de gemeentelijke business case): de baten "
        "die bij de gemeente terechtkomen tegenover de kosten die zij betaalt ({payer}). "
        "Andere partijen profiteren zonder te betalen, dus het saldo van de gemeente is "
        "lager dan dat van de samenleving.",
    ),
    "risk_payer_all": (
        "it pays every cost in this study",
        "zij betaalt in deze studie alle kosten",
    ),
    "risk_payer_part": (
        "in this study: {costs}",
        "in deze studie: {costs}",
    ),
    "risk_client": (
        "Per client the municipality's expected balance is {values}. The chance that it "
        "recovers its investment (its balance above zero) is {chances}.",
        "Per cliënt is het verwachte saldo van de gemeente {values}. De kans dat zij haar "
        "investering terugverdient (een saldo boven nul) is {chances}.",
    ),
    "risk_versus": (
        "Against the {baseline}, the {arm} changes the municipality's balance by {value} per "
        "client; the chance that the municipality recovers the extra investment is {p}.",
        "Tegenover de {baseline} verandert de {arm} het saldo van de gemeente met {value} per "
        "cliënt; de kans dat de gemeente de extra investering terugverdient is {p}.",
    ),
    "risk_readings": (
        "Some benefits are shared between the municipality and others. Counting only the "
        "parts allocated to the municipality is the strict reading; counting every benefit "
        'stream that reaches the municipality at least partly, as the study\'s "84%" does, '
        "is an upper bound. The table shows both.",
        "Sommige baten delen de gemeente en anderen. Alleen de delen meetellen die aan de "
        "gemeente zijn toegerekend is de strikte lezing; elke batenpost meetellen die de "
        'gemeente ten minste deels bereikt, zoals de "84%" van de studie doet, is een '
        "bovengrens. De tabel toont beide.",
    ),
    "case_societal": (
        "society's balance (maatschappelijke business case)",
        "saldo van de samenleving (maatschappelijke business case)",
    ),
    "case_municipality": (
        "municipality's balance (gemeentelijke business case)",
        "saldo van de gemeente (gemeentelijke business case)",
    ),
    "case_partly": (
        "municipality's balance, shared streams counted whole",
        "saldo van de gemeente, gedeelde batenposten geheel geteld",
    ),
    "p_recover_row": (
        "chance that the municipality recovers its investment",
        "kans dat de gemeente haar investering terugverdient",
    ),
    "business_case_caption": (
        "Euros per client: mean ± Monte Carlo standard error; the last column is the arm "
        "minus the baseline (there: the chance of recovering the extra investment).",
        "Euro per cliënt: gemiddelde ± Monte Carlo-standaardfout; de laatste kolom is de "
        "route min de basisroute (daar: de kans de extra investering terug te verdienen).",
    ),
    "risk_year": (
        "A council funds a year of intakes, not one client. For a year of {n} intakes per "
        "route, with that year's clients drawn as well as the uncertain inputs, the "
        "municipality's balance is {values} on average. In the worst 5% of such years it "
        "loses at least {var} (the value-at-risk) and on average {es} in those years (the "
        "expected shortfall), for the {arm}.",
        "Een gemeenteraad financiert een jaar met intakes, niet één cliënt. Voor een jaar met "
        "{n} intakes per route, waarin naast de onzekere invoer ook de cliënten van dat jaar "
        "getrokken worden, is het saldo van de gemeente gemiddeld {values}. In de slechtste "
        "5% van zulke jaren verliest zij ten minste {var} (de value-at-risk) en in die jaren "
        "gemiddeld {es} (de expected shortfall), voor de {arm}.",
    ),
    "risk_profile_caption": (
        "Risk profile of the municipality's balance in a year of {n} intakes. Left: the "
        "chance that the balance is at most x. Right: the chance of losing more than x; "
        "read off it the chance of exceeding a budget limit.",
        "Risicoprofiel van het saldo van de gemeente in een jaar met {n} intakes. Links: de "
        "kans dat het saldo ten hoogste x is. Rechts: de kans meer dan x te verliezen; lees "
        "hier de kans af dat een budgetgrens wordt overschreden.",
    ),
    "downside_caption": (
        "Loss of the municipality in a year of {n} intakes (euros; a negative loss is a "
        "gain): value-at-risk and expected shortfall at 5% and 10%, ± Monte Carlo standard "
        "error.",
        "Verlies van de gemeente in een jaar met {n} intakes (euro; een negatief verlies is "
        "winst): value-at-risk en expected shortfall bij 5% en 10%, ± Monte "
        "Carlo-standaardfout.",
    ),
    "var_row": ("value-at-risk at {p}", "value-at-risk bij {p}"),
    "es_row": ("expected shortfall at {p}", "expected shortfall bij {p}"),
    "payback_text": (
        "When does the money come back? Counting each cost and benefit in the year after the "
        "intake in which it falls, discounted at {rate} a year, the chance that the "
        "municipality's cumulative cash flow is back above zero within {within} years is "
        "{values}.",
        "Wanneer komt het geld terug? Met elke kosten- en batenpost in het jaar na de intake "
        "waarin hij valt, contant gemaakt tegen {rate} per jaar, is de kans dat de "
        "cumulatieve kasstroom van de gemeente binnen {within} jaar weer boven nul is "
        "{values}.",
    ),
    "payback_caption": (
        "Chance that the municipality's cumulative net cash flow per client is paid back "
        "within a number of years after the intake (and stays so), per route and for the "
        "route against the baseline.",
        "Kans dat de cumulatieve netto kasstroom van de gemeente per cliënt binnen een aantal "
        "jaren na de intake is terugverdiend (en dat blijft), per route en voor de route "
        "tegenover de basisroute.",
    ),
    "payback_figure_caption": (
        "Cumulative net cash flow of the municipality per client, discounted, per year after "
        "the intake: mean and 5–95% band.",
        "Cumulatieve netto kasstroom van de gemeente per cliënt, contant, per jaar na de "
        "intake: gemiddelde en 5–95%-band.",
    ),
    "within_years": ("within {n} yr", "binnen {n} jaar"),
    "never": ("never", "nooit"),
    "payback_none": (
        "When the money comes back cannot be said from this study: payback needs a time "
        "profile (when each cost and benefit falls), which this config does not give.",
        "Wanneer het geld terugkomt is uit deze studie niet te zeggen: daarvoor is een "
        "tijdprofiel nodig (wanneer elke kosten- en batenpost valt), dat deze config niet "
        "geeft.",
    ),
    "who_pays_caption": (
        "Who pays, who gains: each stakeholder's balance, the benefits that land with it "
        "minus the costs it pays (euros per client, mean ± Monte Carlo standard error). "
        "Together they make society's balance.",
        "Wie betaalt, wie profiteert: het saldo per belanghebbende, de baten die bij hem "
        "terechtkomen min de kosten die hij betaalt (euro per cliënt, gemiddelde ± Monte "
        "Carlo-standaardfout). Samen vormen ze het saldo van de samenleving.",
    ),
    # ------------------------------------------------------------------ assumptions
    "assumptions": ("Assumptions and sources", "Aannames en bronnen"),
    "assumptions_intro": (
        "Every input of the model with its distribution and source, as in the config ({origin}). "
        "Inputs without a route are shared by all routes and drawn once per draw (common random "
        "numbers); inputs given per route are drawn for each route. Where the study gives no "
        "range, the distribution is the tool's documented choice, not the study's.",
        "Elke invoer van het model met zijn verdeling en bron, zoals in de config ({origin}). "
        "Invoer zonder route geldt voor alle routes en wordt één keer per trekking getrokken "
        "(gemeenschappelijke trekkingen); invoer per route wordt per route getrokken. Waar de "
        "studie geen bandbreedte geeft, is de verdeling een gedocumenteerde keuze van het "
        "instrument, niet van de studie. Namen en bronnen staan zoals de config ze geeft.",
    ),
    "assumptions_caption": ("Inputs, distributions and sources", "Invoer, verdelingen en bronnen"),
    "group": ("group", "groep"),
    "input": ("input", "invoer"),
    "unit": ("unit", "eenheid"),
    "distribution": ("distribution", "verdeling"),
    "source": ("source", "bron"),
    # ------------------------------------------------------------------ limits
    "limits": ("What the model leaves out", "Wat het model buiten beschouwing laat"),
    "limits_intro": (
        "The numbers above are only as good as the model and its inputs. It leaves out:",
        "De getallen hierboven zijn zo goed als het model en zijn invoer. Het laat weg:",
    ),
    "limit_unmonetised": (
        "Unmonetised gains: less stress, better health, children's wellbeing, a more stable life. "
        "They are not in any balance; the acceptability curve shows what they would have to be "
        "worth.",
        "Niet-gemonetariseerde winst: minder stress, betere gezondheid, het welzijn van kinderen, "
        "een stabieler leven. Die zit in geen enkel saldo; de aanvaardbaarheidscurve laat zien "
        "hoeveel die waard zou moeten zijn.",
    ),
    "limit_dossiers": (
        "The dossier shares come from {dossiers}. The simulation carries their sampling "
        "uncertainty, not whether those dossiers represent all clients (how they were chosen, "
        "the period, the client mix).",
        "De aandelen uit dossiers komen uit {dossiers}. De simulatie neemt hun "
        "steekproefonzekerheid mee, niet of die dossiers alle cliënten vertegenwoordigen "
        "(hoe ze gekozen zijn, de "
        "periode, de samenstelling).",
    ),
    "limit_transfer": (
        "Benefits are avoided costs from national and literature figures, not measured for these "
        "clients; whether they occur in this city and these years is assumed, not observed.",
        "Baten zijn vermeden kosten uit landelijke cijfers en literatuur, niet gemeten bij deze "
        "cliënten; dat ze in deze gemeente en in deze jaren optreden is aangenomen, niet "
        "waargenomen.",
    ),
    "limit_mc": (
        "Monte Carlo error: every estimate carries a standard error from the finite number of "
        "draws (shown as ±); it is not the uncertainty about the routes.",
        "Monte Carlo-fout: elke schatting heeft een standaardfout door het eindige aantal "
        "trekkingen (getoond als ±); dat is niet de onzekerheid over de routes.",
    ),
    **SENSITIVITY_TEXT,
}
"""Key -> (English, Dutch)."""


def t(key: str, lang: Lang, **fields) -> str:
    """The text ``key`` in ``lang`` with ``fields`` filled in."""
    text = TEXT[key][LANGS.index(check_lang(lang))]
    return text.format(**fields) if fields else text


def join(items: list[str], lang: Lang) -> str:
    """``a, b and c`` / ``a, b en c``."""
    if len(items) < 2:
        return "".join(items)
    word = " and " if check_lang(lang) == "en" else " en "
    return ", ".join(items[:-1]) + word + items[-1]
