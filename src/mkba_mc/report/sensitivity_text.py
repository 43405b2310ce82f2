"""The sentences of the report on sensitivity and value of information, in English and
Dutch: the plain-language section for the council (what drives the answer, what to find
out next and what it would be worth) and the appendix with the statistics behind it
(Sobol' indices, EVPI and EVPPI with their regression checks, EVSI and ENBS).

Part of :data:`mkba_mc.report.text.TEXT`; the same conventions hold.
"""

from __future__ import annotations

SENSITIVITY_TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ for the council
    "drivers": (
        "What drives the answer, and what to find out next",
        "Wat het antwoord bepaalt, en wat nog uit te zoeken",
    ),
    "drivers_intro": (
        "Which assumptions decide whether the {arms} does better than the {baseline}? We moved "
        "each input on its own from the low to the high end of what is plausible, and kept the "
        "others at their expected values.",
        "Welke aannames bepalen of de {arms} beter uitpakt dan de {baseline}? We hebben elke "
        "invoer apart van de lage naar de hoge kant van wat aannemelijk is gezet, en de rest op "
        "de verwachte waarde gehouden.",
    ),
    "drivers_intro_many": (
        "Which assumptions decide whether the {arms} do better than the {baseline}? We moved "
        "each input on its own from the low to the high end of what is plausible, and kept the "
        "others at their expected values.",
        "Welke aannames bepalen of de {arms} beter uitpakken dan de {baseline}? We hebben elke "
        "invoer apart van de lage naar de hoge kant van wat aannemelijk is gezet, en de rest op "
        "de verwachte waarde gehouden.",
    ),
    "drivers_base_better": (
        "With every input at its expected value, the {arm} does {base} per client better than "
        "the {baseline}.",
        "Met alle invoer op de verwachte waarde pakt de {arm} {base} per cliënt beter uit dan "
        "de {baseline}.",
    ),
    "drivers_base_worse": (
        "With every input at its expected value, the {arm} does {base} per client worse than "
        "the {baseline}.",
        "Met alle invoer op de verwachte waarde pakt de {arm} {base} per cliënt slechter uit dan "
        "de {baseline}.",
    ),
    "drivers_top": (
        "The answer depends most on {top}.",
        "Het antwoord hangt het meest af van {top}.",
    ),
    "drivers_item": (
        "{name} (the difference then lies {range} per client)",
        "{name} (het verschil ligt dan {range} per cliënt)",
    ),
    "drivers_flips": (
        "{k} of the {n} inputs can turn the answer around on their own.",
        "{k} van de {n} invoergrootheden kunnen het antwoord in hun eentje omdraaien.",
    ),
    "drivers_flips_one": (
        "One of the {n} inputs can turn the answer around on its own.",
        "Eén van de {n} invoergrootheden kan het antwoord in zijn eentje omdraaien.",
    ),
    "drivers_no_flips": (
        "No single input turns the answer around on its own: that takes several together.",
        "Geen enkele invoer draait het antwoord in zijn eentje om: daar zijn er meer samen voor "
        "nodig.",
    ),
    "turns_stops": (
        "The {arm} stops doing better if {name} is {side} {threshold} (expected: {mean}).",
        "De {arm} pakt niet langer beter uit als {name} {side} {threshold} ligt (verwacht: "
        "{mean}).",
    ),
    "turns_starts": (
        "The {arm} would do better if {name} were {side} {threshold} (expected: {mean}).",
        "De {arm} zou beter uitpakken als {name} {side} {threshold} lag (verwacht: {mean}).",
    ),
    "side_above": ("above", "boven"),
    "side_below": ("below", "onder"),
    "fig_drivers": (
        "How the difference in balance, {arm} − {baseline} (euros per client), moves when one "
        "input goes from the low end (blue) to the high end (orange) of what is plausible; the "
        "{shown} inputs that move it most. Bars that cross the dashed line turn the answer "
        "around.",
        "Hoe het verschil in saldo, {arm} − {baseline} (euro per cliënt), verschuift als één "
        "invoer van de lage kant (blauw) naar de hoge kant (oranje) van wat aannemelijk is gaat; "
        "de {shown} invoergrootheden die het het meest verschuiven. Balken die de stippellijn "
        "kruisen, draaien het antwoord om.",
    ),
    "research_question": (
        "Is more research worth paying for?",
        "Is meer onderzoek het geld waard?",
    ),
    "research_all": (
        "Even knowing every input exactly would be worth at most {year} a year for the choice "
        "for a year's {intakes} intakes ({client} per client), {counting}.",
        "Zelfs alle invoer precies kennen is hooguit {year} per jaar waard voor de keuze voor de "
        "{intakes} intakes van een jaar ({client} per cliënt), {counting}.",
    ),
    "counting_money": (
        "counting only the gains expressed in money",
        "als alleen de baten in geld meetellen",
    ),
    "counting_lambda": (
        "valuing each extra successful client's other gains at {wtp}",
        "als elke extra succesvolle cliënt daarnaast {wtp} waard is",
    ),
    "research_nothing": (
        "The choice hardly depends on what is still unknown, so no research into these inputs "
        "pays.",
        "De keuze hangt nauwelijks af van wat nog onbekend is, dus geen onderzoek naar deze "
        "invoer loont.",
    ),
    "research_most": (
        "Most is to be gained from {items}.",
        "Het meeste valt te winnen bij {items}.",
    ),
    "research_up_to": ("{group} (up to {value} a year)", "{group} (tot {value} per jaar)"),
    "research_up_to_hint": (
        "{group} (up to {value} a year: {hint})",
        "{group} (tot {value} per jaar: {hint})",
    ),
    "research_cost": (
        "Research that costs more than that for each year of decisions it informs cannot pay "
        "for itself; cheaper research may.",
        "Onderzoek dat meer kost dan dat voor elk jaar aan besluiten dat het onderbouwt, "
        "verdient zich niet terug; goedkoper onderzoek misschien wel.",
    ),
    "research_little": (
        "Research into {groups} is worth at most {value} a year and can hardly pay for itself.",
        "Onderzoek naar {groups} is hooguit {value} per jaar waard en verdient zich nauwelijks "
        "terug.",
    ),
    "research_higher": (
        "If the council values each extra successful client's other gains at {wtp}, knowing "
        "every input is worth {value} a year.",
        "Als de raad de overige winst van elke extra succesvolle cliënt op {wtp} waardeert, is "
        "alle invoer kennen {value} per jaar waard.",
    ),
    "evsi_net": (
        "{counting_cap}, reading {n} more dossiers per route would be worth about {per_year} a "
        "year ({over} over {years} years); it costs {cost}, so it is expected to gain {enbs} "
        "net, more than any other size.",
        "{counting_cap} is {n} dossiers meer per route lezen ongeveer {per_year} per jaar waard "
        "({over} over {years} jaar); het kost {cost}, dus naar verwachting levert het netto "
        "{enbs} op, meer dan elke andere omvang.",
    ),
    "evsi_net_none": (
        "{counting_cap}, no study of this kind pays for itself: what it would be worth over "
        "{years} years stays below its cost at every size.",
        "{counting_cap} verdient geen onderzoek van deze soort zich terug: wat het over {years} "
        "jaar waard is, blijft bij elke omvang onder de kosten.",
    ),
    "counting_money_cap": (
        "Counting only the gains expressed in money",
        "Als alleen de baten in geld meetellen,",
    ),
    "counting_lambda_cap": (
        "Valuing each extra successful client's other gains at {wtp}",
        "Als elke extra succesvolle cliënt daarnaast {wtp} waard is,",
    ),
    "drivers_appendix": (
        "The statistics behind these sentences are in the appendix at the end of this report.",
        "De statistiek achter deze zinnen staat in de bijlage aan het eind van dit rapport.",
    ),
    # ------------------------------------------------------------------ the appendix
    "sensitivity": (
        "Appendix: sensitivity and value of information, the statistics",
        "Bijlage: gevoeligheidsanalyse en waarde van informatie, de statistiek",
    ),
    "sensitivity_none": (
        "Every input of this study is fixed: there is no parameter uncertainty to analyse.",
        "Alle invoer van deze studie ligt vast: er is geen parameteronzekerheid te analyseren.",
    ),
    "sensitivity_intro": (
        "The analyses behind the section “{drivers}”, with their statistics. Everything below "
        "concerns the difference in balance (benefits − "
        "investment, euros per client) against the {baseline}, and the uncertainty about the "
        "inputs only, with expected values per client: which of a few clients happen to succeed "
        "is chance that no research can remove. The one-way, threshold and Sobol' analyses "
        "compute the model directly at chosen input values; {sample}",
        "De analyses achter de paragraaf “{drivers}”, met hun statistiek. Alles hieronder "
        "gaat over het verschil in saldo (baten − investering, "
        "euro per cliënt) met de {baseline}, en alleen over de onzekerheid in de invoer, met "
        "verwachte waarden per cliënt: welke van een handvol cliënten toevallig slagen is toeval "
        "dat geen onderzoek kan wegnemen. De gevoeligheidsanalyse per invoer, de drempelwaarden "
        "en de Sobol-indices rekenen het model direct door bij gekozen waarden van de invoer; "
        "{sample}",
    ),
    "voi_sample_run": (
        "the value of information uses the first {draws} draws of this run.",
        "de waarde van informatie gebruikt de eerste {draws} trekkingen van deze run.",
    ),
    "voi_sample_cohort": (
        "the value of information uses a separate simulation of the same study with expected "
        "values per client ({draws} draws, seed {seed}), because this run samples a cohort of "
        "{cohort} clients per route.",
        "de waarde van informatie gebruikt een aparte simulatie van dezelfde studie met "
        "verwachte waarden per cliënt ({draws} trekkingen, startwaarde {seed}), omdat deze run een "
        "cohort van {cohort} cliënten per route trekt.",
    ),
    "voi_sample_short": (
        "the value of information uses a separate simulation of the same study with expected "
        "values per client ({draws} draws, seed {seed}), because the regression behind it needs "
        "more draws than this run's {n}.",
        "de waarde van informatie gebruikt een aparte simulatie van dezelfde studie met "
        "verwachte waarden per cliënt ({draws} trekkingen, startwaarde {seed}), omdat de regressie "
        "erachter meer trekkingen nodig heeft dan de {n} van deze run.",
    ),
    "input_of_arm": ("{name} of the {arm}", "{name} van de {arm}"),
    "months": ("{n} months", "{n} maanden"),
    "between": ("between {low} and {high}", "tussen {low} en {high}"),
    "one_way": (
        "One-way sensitivity. With every input at its mean, the difference in balance, {arm} − "
        "{baseline}, is {base} per client. Setting one input at a time to its {low} and then "
        "its {high} percentile, the others at their means, the widest bars are those of {top}. "
        "{sign}",
        "Gevoeligheidsanalyse per invoer. Met alle invoer op het gemiddelde is het verschil in "
        "saldo, {arm} − {baseline}, {base} per cliënt. Eén invoer tegelijk op zijn {low} en "
        "daarna op zijn {high} percentiel zetten, met de overige invoer op het gemiddelde, "
        "geeft de breedste balken bij {top}. {sign}",
    ),
    "tornado_item": ("{name} ({range})", "{name} ({range})"),
    "tornado_flips": (
        "{k} of the {n} inputs change the sign of the difference on their own within that range "
        "(the bars that cross the dashed line).",
        "{k} van de {n} invoergrootheden draaien binnen die marge in hun eentje het teken van "
        "het verschil om (de balken die de stippellijn kruisen).",
    ),
    "tornado_flips_one": (
        "One of the {n} inputs changes the sign of the difference on its own within that range "
        "(the bar that crosses the dashed line).",
        "Eén van de {n} invoergrootheden draait binnen die marge in zijn eentje het teken van "
        "het verschil om (de balk die de stippellijn kruist).",
    ),
    "tornado_no_flips": (
        "None of the {n} inputs changes the sign of the difference on its own within that range.",
        "Geen van de {n} invoergrootheden draait binnen die marge in zijn eentje het teken van "
        "het verschil om.",
    ),
    "thresholds_found": (
        "Threshold values. Of the {n} scalar inputs, {k} change the sign of the expected "
        "difference, {arm} − {baseline}, at a value inside their {width} interval, the others at "
        "their means; {beyond}, and the rest cannot change it at any value. Vector inputs "
        "(shares that sum to one) have no single threshold.",
        "Drempelwaarden. Van de {n} enkelvoudige invoergrootheden draaien er {k} het teken van "
        "het verwachte verschil, {arm} − {baseline}, om bij een waarde binnen hun "
        "{width}-interval, met de overige invoer op het gemiddelde; {beyond}, en de rest kan "
        "het bij geen enkele waarde omdraaien. Vectoren (aandelen die samen 100% zijn) hebben "
        "geen enkelvoudige drempelwaarde.",
    ),
    "thresholds_found_one": (
        "Threshold values. Of the {n} scalar inputs, one changes the sign of the expected "
        "difference, {arm} − {baseline}, at a value inside its {width} interval, the others at "
        "their means; {beyond}, and the rest cannot change it at any value. Vector inputs "
        "(shares that sum to one) have no single threshold.",
        "Drempelwaarden. Van de {n} enkelvoudige invoergrootheden draait er één het teken van "
        "het verwachte verschil, {arm} − {baseline}, om bij een waarde binnen zijn "
        "{width}-interval, met de overige invoer op het gemiddelde; {beyond}, en de rest kan "
        "het bij geen enkele waarde omdraaien. Vectoren (aandelen die samen 100% zijn) hebben "
        "geen enkelvoudige drempelwaarde.",
    ),
    "thresholds_beyond": (
        "{outside} more would need a value outside it",
        "nog {outside} zouden een waarde daarbuiten nodig hebben",
    ),
    "thresholds_beyond_one": (
        "one more would need a value outside it",
        "nog één zou een waarde daarbuiten nodig hebben",
    ),
    "thresholds_beyond_none": (
        "no other would at a value outside it",
        "geen andere zou dat doen bij een waarde daarbuiten",
    ),
    "thresholds_none": (
        "Threshold values. None of the {n} scalar inputs changes the sign of the expected "
        "difference, {arm} − {baseline}, at a value inside its {width} interval (the others at "
        "their means); {beyond}. Vector inputs (shares that sum to one) have no single "
        "threshold.",
        "Drempelwaarden. Geen van de {n} enkelvoudige invoergrootheden draait het teken van het "
        "verwachte verschil, {arm} − {baseline}, om bij een waarde binnen zijn {width}-interval "
        "(overige invoer op het gemiddelde); {beyond}. Vectoren (aandelen die samen 100% zijn) "
        "hebben geen enkelvoudige drempelwaarde.",
    ),
    "thresholds_none_beyond": (
        "{outside} would at a value outside it",
        "{outside} zouden dat doen bij een waarde daarbuiten",
    ),
    "thresholds_none_beyond_one": (
        "one would at a value outside it",
        "één zou dat doen bij een waarde daarbuiten",
    ),
    "thresholds_none_beyond_none": (
        "none would at a value outside it either",
        "ook bij een waarde daarbuiten doet geen enkele dat",
    ),
    "thresholds_caption": (
        "Inputs that change the sign of the difference in balance, {arm} − {baseline}, inside "
        "their {width} interval",
        "Invoer die het teken van het verschil in saldo, {arm} − {baseline}, binnen het "
        "{width}-interval omdraait",
    ),
    "threshold": ("threshold", "drempelwaarde"),
    "threshold_level": ("threshold's percentile", "percentiel van de drempel"),
    "better_when": ("{arm} better when the input is", "{arm} beter als de invoer"),
    "above": ("above the threshold", "boven de drempel ligt"),
    "below": ("below the threshold", "onder de drempel ligt"),
    "global": (
        "Global sensitivity. Sobol' indices divide the variance of the difference, {arm} − "
        "{baseline}, among the input groups (base sample n = {n}, {evaluations} model "
        "evaluations with expected values per client; {level} bootstrap intervals). A group's "
        "first-order index is the share it explains on its own; its total index adds its "
        "interactions with the other groups. The group {group} explains the most: {first} on "
        "its own, {total} in all. The groups' first-order indices add up to {sum}; the remaining "
        "{rest} comes from interactions between groups. Of single inputs, {top} have the largest "
        "total indices.",
        "Globale gevoeligheid. Sobol-indices verdelen de variantie van het verschil, {arm} − "
        "{baseline}, over de groepen invoer (basissteekproef n = {n}, {evaluations} "
        "modelberekeningen met verwachte waarden per cliënt; {level}-bootstrapintervallen). De "
        "eerste-orde-index van een groep is het aandeel dat ze alleen verklaart; de totale index "
        "telt haar wisselwerking met de andere groepen mee. De groep {group} verklaart het "
        "meest: {first} alleen, {total} in totaal. De eerste-orde-indices van de groepen tellen "
        "op tot {sum}; de overige {rest} komt uit wisselwerking tussen groepen. Van de "
        "afzonderlijke invoer hebben {top} de grootste totale index.",
    ),
    "sobol_item": ("{name} ({total})", "{name} ({total})"),
    "first_order": ("first order", "eerste orde"),
    "total_order": ("total order", "totale orde"),
    "interval_column": ("{level} interval", "{level}-interval"),
    "sobol_caption": (
        "Sobol' indices of the difference in balance, {arm} − {baseline}, per input group "
        "(shares of its variance)",
        "Sobol-indices van het verschil in saldo, {arm} − {baseline}, per groep invoer "
        "(aandelen in de variantie)",
    ),
    "voi": (
        "Value of information. A council that knew every input before choosing would sometimes "
        "choose another route; the expected value of perfect information (EVPI) is what that "
        "knowledge is worth on average, and the expected value of partial perfect information "
        "(EVPPI) of an input group is what perfect knowledge of that group alone is worth. Both "
        "bound what any study of those inputs can return. They depend on the value λ the "
        "council puts on each extra successful client's unmonetised gains; {best}. Per client "
        "and per year of {intakes} intakes, with bootstrap standard errors ({draws} draws):",
        "Waarde van informatie. Een gemeenteraad die alle invoer kende voordat hij koos, zou "
        "soms een andere route kiezen; de verwachte waarde van perfecte informatie (EVPI) is wat "
        "die kennis gemiddeld waard is, en de verwachte waarde van gedeeltelijke perfecte "
        "informatie (EVPPI) van een groep invoer is wat perfecte kennis van alleen die groep "
        "waard is. Beide zijn een bovengrens voor wat onderzoek naar die invoer kan opleveren. "
        "Ze hangen af van de waarde λ die de raad toekent aan de niet-gemonetariseerde winst van "
        "elke extra succesvolle cliënt; {best}. Per cliënt en per jaar bij {intakes} intakes, "
        "met bootstrap-standaardfouten ({draws} trekkingen):",
    ),
    "voi_best_all": (
        "on current information the {arm} is the better choice at every λ shown",
        "met de huidige kennis is de {arm} bij elke getoonde λ de betere keuze",
    ),
    "voi_best_some": (
        "on current information the better choice is {parts}",
        "met de huidige kennis is de betere keuze {parts}",
    ),
    "voi_best_at": ("the {arm} at λ = {wtp}", "de {arm} bij λ = {wtp}"),
    "evpi_row": ("all inputs (EVPI)", "alle invoer (EVPI)"),
    "per_client": ("per client", "per cliënt"),
    "per_year": ("per year", "per jaar"),
    "share_of_evpi": ("share of EVPI", "aandeel van de EVPI"),
    "voi_caption": (
        "EVPI and EVPPI per input group (± bootstrap standard error): euros per client and per "
        "year of {intakes} intakes",
        "EVPI en EVPPI per groep invoer (± bootstrap-standaardfout): euro per cliënt en per jaar "
        "bij {intakes} intakes",
    ),
    "research_evpi": (
        "Is more research worth paying for? At λ = {wtp}, perfect knowledge of every input "
        "would be worth at most {evpi_year} a year ({evpi_client} per client).",
        "Is meer onderzoek het geld waard? Bij λ = {wtp} zou perfecte kennis van alle invoer "
        "hooguit {evpi_year} per jaar waard zijn ({evpi_client} per cliënt).",
    ),
    "research_worth": (
        "Of the input groups, perfect knowledge is worth most for {items}: a study of one of "
        "them that costs more than that value per year of decisions it informs cannot pay for "
        "itself; a cheaper one may.",
        "Van de groepen invoer is perfecte kennis het meest waard bij {items}: onderzoek naar "
        "een daarvan dat meer kost dan die waarde per jaar aan besluiten dat het onderbouwt, "
        "verdient zich niet terug; goedkoper onderzoek mogelijk wel.",
    ),
    "research_item": ("{group} ({value} a year)", "{group} ({value} per jaar)"),
    "research_item_hint": (
        "{group} ({value} a year: {hint})",
        "{group} ({value} per jaar: {hint})",
    ),
    "research_dossier_outcomes": (
        "follow more dossiers to their outcome",
        "meer dossiers tot hun uitkomst volgen",
    ),
    "research_dossier_client_shares": (
        "read more dossiers for client characteristics",
        "meer dossiers lezen op kenmerken van cliënten",
    ),
    "research_literature_shares": (
        "better estimates from the literature",
        "betere schattingen uit de literatuur",
    ),
    "research_unit_costs_and_durations": (
        "better unit costs and durations",
        "betere kostprijzen en duren",
    ),
    "research_programme_costs": ("measure the routes' costs", "de kosten van de routes meten"),
    "research_idle": (
        "Perfect knowledge of {groups} is worth at most {value} a year: research into them can "
        "hardly pay for itself.",
        "Perfecte kennis van {groups} is hooguit {value} per jaar waard: onderzoek daarnaar kan "
        "zich nauwelijks terugverdienen.",
    ),
    "research_falls": (
        "At λ = {wtp} the EVPI falls to {value} a year: the more a successful client is worth to "
        "the council, the surer the choice.",
        "Bij λ = {wtp} daalt de EVPI tot {value} per jaar: hoe meer een succesvolle cliënt de "
        "raad waard is, hoe zekerder de keuze.",
    ),
    "research_at": (
        "At λ = {wtp} the EVPI is {value} a year.",
        "Bij λ = {wtp} is de EVPI {value} per jaar.",
    ),
    "research_none": (
        "Is more research worth paying for? At λ = {wtp} nearly every draw favours the same "
        "route, so perfect knowledge of every input is worth only {evpi_year} a year "
        "({evpi_client} per client): no research into these inputs pays.",
        "Is meer onderzoek het geld waard? Bij λ = {wtp} wijst vrijwel elke trekking dezelfde "
        "route aan; perfecte kennis van alle invoer is dan maar {evpi_year} per jaar waard "
        "({evpi_client} per cliënt): geen onderzoek naar deze invoer loont.",
    ),
    "sobol_dependent": (
        "Global sensitivity: some inputs are correlated (the config's correlations), so "
        "Sobol' indices, which split the variance among independent inputs, are not shown; "
        "the value of information below is estimated from the joint sample and stays valid.",
        "Globale gevoeligheid: een deel van de invoer is gecorreleerd (de correlaties in de "
        "configuratie), dus Sobol-indices, die de variantie over onafhankelijke invoer verdelen, "
        "staan hier niet; de waarde van informatie hieronder komt uit de gezamenlijke "
        "steekproef en blijft geldig.",
    ),
    "evsi_arm_dossiers": ("{n} {arm}", "{n} ({arm})"),
    "evsi_intro": (
        "Is it worth reading more dossiers before deciding? The dossier outcomes and "
        "client shares rest on {dossiers} dossiers. A new study reads n more dossiers per "
        "route (from {low} to {high}), for {fixed} to set up and {per_dossier} per dossier, and "
        "informs the choice for {intakes} intakes a year over {years} years.",
        "Loont het om meer dossiers te lezen voordat er besloten wordt? De uitkomsten en "
        "cliëntkenmerken in de dossiers rusten op {dossiers} dossiers. Een nieuw onderzoek leest "
        "n dossiers meer per route (van {low} tot {high}), voor {fixed} opzetkosten en "
        "{per_dossier} per dossier, en onderbouwt de keuze voor {intakes} intakes per jaar "
        "gedurende {years} jaar.",
    ),
    "evsi_best": (
        "At λ = {wtp}, reading {n} more dossiers per route would be worth about {per_year} a "
        "year ({over} over {years} years); it costs {cost}, so its expected net benefit is "
        "{enbs}, the most of any size.",
        "Bij λ = {wtp} is {n} dossiers meer per route lezen ongeveer {per_year} per jaar waard "
        "({over} over {years} jaar); het kost {cost}, dus de verwachte netto opbrengst is "
        "{enbs}, de hoogste van alle omvangen.",
    ),
    "evsi_best_at": (
        "At λ = {wtp} the best size is {n} per route: worth {per_year} a year, costing {cost}, "
        "net {enbs}.",
        "Bij λ = {wtp} is de beste omvang {n} per route: {per_year} per jaar waard, kost "
        "{cost}, netto {enbs}.",
    ),
    "evsi_none": (
        "At λ = {wtp} no study of this kind pays for itself: what it would be worth over "
        "{years} years stays below its cost at every size.",
        "Bij λ = {wtp} verdient geen onderzoek van deze soort zich terug: wat het over {years} "
        "jaar waard is, blijft bij elke omvang onder de kosten.",
    ),
    "evsi_none_at": (
        "At λ = {wtp} no size pays for itself.",
        "Bij λ = {wtp} verdient geen omvang zich terug.",
    ),
    "evsi_method": (
        "(Expected value of sample information by conjugate Bayesian updating of the Beta and "
        "Dirichlet dossier inputs; costs, horizon and intakes: {source}.)",
        "(Verwachte waarde van steekproefinformatie door geconjugeerde Bayesiaanse bijwerking "
        "van de Beta- en Dirichlet-invoer uit de dossiers; kosten, horizon en intakes: {source}.)",
    ),
    "evsi_no_study": ("none", "geen"),
    "evsi_h_wtp": ("λ", "λ"),
    "evsi_h_limit": ("EVPPI of the dossiers a year", "EVPPI van de dossiers per jaar"),
    "evsi_h_n": ("best n per route", "beste n per route"),
    "evsi_h_year": ("EVSI a year", "EVSI per jaar"),
    "evsi_h_cost": ("study cost", "kosten onderzoek"),
    "evsi_h_enbs": ("ENBS", "ENBS"),
    "evsi_caption": (
        "The study size that maximises the expected net benefit of sampling (ENBS, over "
        "{years} years of {intakes} intakes), with the value of perfect knowledge of what the "
        "dossiers show as its ceiling",
        "De omvang van het onderzoek met de hoogste verwachte netto opbrengst van de "
        "steekproef (ENBS, over {years} jaar met {intakes} intakes), met de waarde van perfecte "
        "kennis van wat de dossiers laten zien als bovengrens",
    ),
    "fig_enbs": (
        "Expected net benefit of sampling over {years} years against the dossiers read per "
        "route, at each λ, with ± 2 Monte Carlo standard errors; a star marks the best size.",
        "Verwachte netto opbrengst van de steekproef over {years} jaar tegen het aantal gelezen "
        "dossiers per route, bij elke λ, met ± 2 Monte-Carlo-standaardfouten; een ster markeert "
        "de beste omvang.",
    ),
    "fig_evppi": (
        "EVPI and EVPPI per input group at each λ: euros per client (bottom axis) and per year "
        "of {intakes} intakes (top axis), with 95% bootstrap intervals.",
        "EVPI en EVPPI per groep invoer bij elke λ: euro per cliënt (onderste as) en per jaar "
        "bij {intakes} intakes (bovenste as), met 95%-bootstrapintervallen.",
    ),
    "voi_fit": (
        "Fit check. The EVPPI of a group comes from regressing the difference in net benefit on "
        "that group's inputs (Strong, Oakley and Brennan 2014), in the basis with the smallest "
        "leave-one-out error. R² is the share of the variance of the difference in balance that "
        "the group explains, an estimate of its first-order Sobol' index above; a leave-one-out "
        "R² close to R² shows that the regression does not overfit.",
        "Controle van de passing. De EVPPI van een groep komt uit een regressie van het verschil "
        "in netto opbrengst op de invoer van die groep (Strong, Oakley en Brennan 2014), in de "
        "basis met de kleinste kruisvalidatiefout (elke trekking voorspeld zonder die trekking "
        "zelf). R² is het aandeel van de variantie van het verschil in saldo dat de groep "
        "verklaart, een schatting van haar eerste-orde-Sobol-index hierboven; een "
        "kruisvalidatie-R² dicht bij R² laat zien dat de regressie niet het toeval in de "
        "trekkingen volgt.",
    ),
    "fit_caption": (
        "Regression fit behind the EVPPI (difference in balance)",
        "Passing van de regressie achter de EVPPI (verschil in saldo)",
    ),
    "difference": ("difference", "verschil"),
    "basis": ("basis", "basis"),
    "terms": ("terms", "termen"),
    "loo_r2": ("leave-one-out R²", "kruisvalidatie-R²"),
    "basis_linear": ("linear", "lineair"),
    "basis_quadratic": ("quadratic", "kwadratisch"),
    "basis_spline": ("natural cubic spline", "natuurlijke kubische spline"),
    "evsi_left_out_not_multilinear": (
        "The value of a new dossier study (EVSI) is not computed for this study: the "
        "conjugate method behind it needs a net benefit that is multilinear in the inputs, "
        "and this study's is not.",
        "De waarde van een nieuw dossieronderzoek (EVSI) is voor deze studie niet berekend: "
        "de geconjugeerde methode erachter vraagt een netto baat die multilineair is in de "
        "invoer, en die van deze studie is dat niet.",
    ),
    "evsi_left_out_correlations": (
        "The value of a new dossier study (EVSI) is not computed for this study: the "
        "conjugate method behind it needs independent inputs, and some of this study's are "
        "correlated.",
        "De waarde van een nieuw dossieronderzoek (EVSI) is voor deze studie niet berekend: "
        "de geconjugeerde methode erachter vraagt onafhankelijke invoer, en een deel van de "
        "invoer van deze studie is gecorreleerd.",
    ),
    "evsi_left_out_effect_arms": (
        "The value of a new dossier study (EVSI) is not computed for this study: the method "
        "cannot yet value a study of routes defined by their effect on another route.",
        "De waarde van een nieuw dossieronderzoek (EVSI) is voor deze studie niet berekend: "
        "de methode kan nog geen onderzoek waarderen naar routes die als effect op een "
        "andere route zijn gegeven.",
    ),
}
"""Key -> (English, Dutch)."""
