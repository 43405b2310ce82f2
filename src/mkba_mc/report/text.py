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
from .decision_text import DECISION_TEXT
from .risk_text import RISK_TEXT
from .sensitivity_text import SENSITIVITY_TEXT

__all__ = ["TEXT", "join", "t"]

TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ frame
    "title": (
        "{others} or {baseline}? What the uncertainty in the cost-benefit analysis means "
        "for the decision",
        "{others} of {baseline}? Wat de onzekerheid in de MKBA betekent voor het besluit",
    ),
    "title_arms": (
        "Which route is best: {others} against {baseline}? What the uncertainty in the "
        "cost-benefit analysis means for the decision",
        "Welke route is de beste: {others} tegenover {baseline}? Wat de onzekerheid in de "
        "MKBA betekent voor het besluit",
    ),
    "meta": (
        "{study} · config {origin} (sha256 {hash}) · {draws} draws · seed {seed} · {cohort}",
        "{study} · configuratie {origin} (sha256 {hash}) · {draws} trekkingen · startwaarde "
        "(seed) {seed} · {cohort}",
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
        "Gemaakt met mkba-mc {version}. Dezelfde configuratie (sha256 {hash}), startwaarde {seed} "
        "en hetzelfde aantal trekkingen ({draws}) geven dezelfde getallen.",
    ),
    # ------------------------------------------------------------------ question
    "question": ("The question", "De vraag"),
    "question_study": (
        "The study ({source}) compared routes of debt assistance (schuldhulpverlening) per "
        "client: {arms}, on {dossiers}.",
        "De studie ({source}) vergeleek routes van schuldhulpverlening per cliënt: {arms}, op "
        "basis van {dossiers}.",
    ),
    "question_relative": (
        "The {label} ({name}) has no dossiers of its own: it is the {reference} with an assumed "
        "effect ({effect}).",
        "De {label} ({name}) heeft geen eigen dossiers: het is de {reference} met een aangenomen "
        "effect ({effect}).",
    ),
    "question_published": (
        "It gives one number per route: the investment, the benefits and the balance (benefits "
        "− investment).",
        "Ze geeft één getal per route: de investering, de baten en het saldo (baten − "
        "investering).",
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
    "question_council_arms": (
        "A council choosing among these routes needs to know, for each route against the "
        "{baseline}, how likely it is to really beat it ({arms}), how likely each route is to "
        "pay for itself, which route is most likely the best, who receives the benefits, and "
        "what the gains that the study does not express in money would have to be worth. This "
        "report answers with a Monte Carlo simulation: in each of {draws} draws every uncertain "
        "input is drawn from its distribution (see the assumptions below) and the study's model "
        "is computed again.",
        "Een gemeenteraad die kiest tussen deze routes wil voor elke route tegenover de "
        "{baseline} weten hoe groot de kans is dat ze echt beter uitpakt ({arms}), hoe groot de "
        "kans is dat een route zichzelf terugverdient, welke route waarschijnlijk de beste is, "
        "bij wie de baten terechtkomen, en hoeveel de winst die de studie niet in geld uitdrukt "
        "waard zou moeten zijn. Dit rapport antwoordt met een Monte Carlo-simulatie: in elk van "
        "{draws} trekkingen wordt elke onzekere invoer uit zijn verdeling getrokken (zie de "
        "aannames hieronder) en wordt het model van de studie opnieuw doorgerekend.",
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
    "bridge_model": (
        "From the model at the study's values to this answer",
        "Van het model op de waarden van de studie naar dit antwoord",
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
    "bridge_intro_model": (
        "The config states no published figures, so the table starts from the model computed "
        "with every input at the study's own value (its point estimate) and takes apart, one "
        "cause at a time, how the mean balances above arise from it; each row is the change in "
        "euros per client that one step makes, and the last row is the simulation's mean. "
        "Inputs keep the study's value as their mean, so only steps listed here move the answer.",
        "De configuratie noemt geen gepubliceerde cijfers. De tabel begint daarom bij het model "
        "met elke invoer op de eigen waarde van de studie (de puntschatting) en haalt uiteen, één "
        "oorzaak tegelijk, hoe de gemiddelde saldi hierboven daaruit ontstaan; elke rij is de "
        "verandering in euro per cliënt die één stap geeft, en de laatste rij is het "
        "gemiddelde van de simulatie. Invoer houdt de waarde van de studie als gemiddelde, dus "
        "alleen de stappen hier verschuiven het antwoord.",
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
    "bridge_caption_model": (
        "From the model at the study's values to the simulation's mean, euros per client; ± is "
        "the Monte Carlo standard error.",
        "Van het model op de waarden van de studie naar het gemiddelde van de simulatie, euro "
        "per cliënt; ± is de Monte Carlo-standaardfout.",
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
        "verandert er één; alle sets draaien met dezelfde {draws} trekkingen en startwaarde, dus "
        "hun verschillen zijn geen Monte Carlo-ruis.",
    ),
    "sets_range": (
        "Under the other assumption sets the chance that the {arm} beats the {baseline} lies "
        "between {low} ({low_set}) and {high} ({high_set}), against {own} in the answer.",
        "Onder de andere sets aannames ligt de kans dat de {arm} beter uitpakt dan de "
        "{baseline} tussen {low} ({low_set}) en {high} ({high_set}), tegen {own} in het "
        "antwoord.",
    ),
    "sets_one": (
        "Under the other assumption set ({set}) the chance that the {arm} beats the "
        "{baseline} is {chance}, against {own} in the answer.",
        "Onder de andere set aannames ({set}) is de kans dat de {arm} beter uitpakt dan de "
        "{baseline} {chance}, tegen {own} in het antwoord.",
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
        "invoer vast op de waarde uit de studie (configuratie {config}). {ok} van de {n} "
        "gepubliceerde getallen komen tot op de euro overeen. Euro per cliënt:",
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
        "Balance per client of each route (top row) and the difference against the {baseline} "
        "(bottom row). The filled area right of zero is the chance that the {others} beats the "
        "{baseline}.",
        "Saldo per cliënt van elke route (bovenste rij) en het verschil met de {baseline} "
        "(onderste rij). Het gevulde deel rechts van nul is de kans dat de {others} beter "
        "uitpakt dan de {baseline}.",
    ),
    "fig_plane": (
        "Each point is one draw: the extra investment against the extra benefits of the {others} "
        "compared with the {baseline}. Above the dashed break-even line the {others} has the "
        "higher balance.",
        "Elk punt is één trekking: de extra investering tegen de extra baten van de {others} "
        "vergeleken met de {baseline}. Boven de gestippelde break-evenlijn heeft de {others} het "
        "hogere saldo.",
    ),
    "fig_balance_arms": (
        "Balance per client of each route (top row) and its difference against the {baseline} "
        "(bottom row, one panel per route). In each bottom panel the filled area right of zero "
        "is the chance that that route beats the {baseline}.",
        "Saldo per cliënt van elke route (bovenste rij) en het verschil met de {baseline} "
        "(onderste rij, één paneel per route). In elk onderste paneel is het gevulde deel "
        "rechts van nul de kans dat die route beter uitpakt dan de {baseline}.",
    ),
    "fig_plane_arms": (
        "Each point is one draw: the extra investment against the extra benefits of a route "
        "compared with the {baseline}, one panel per route. Above the dashed break-even line "
        "that route has the higher balance.",
        "Elk punt is één trekking: de extra investering tegen de extra baten van een route "
        "vergeleken met de {baseline}, één paneel per route. Boven de gestippelde "
        "break-evenlijn heeft die route het hogere saldo.",
    ),
    "fig_streams": (
        "Benefits per stream: mean and 5–95% interval, euros per client.",
        "Baten per batenpost: gemiddelde en 5–95%-interval, euro per cliënt.",
    ),
    # ------------------------------------------------------------------ assumptions
    "assumptions": ("Assumptions and sources", "Aannames en bronnen"),
    "assumptions_intro": (
        "Every input of the model with its distribution and source, as in the config ({origin}). "
        "Inputs without a route are shared by all routes and drawn once per draw (common random "
        "numbers); inputs given per route are drawn for each route.",
        "Elke invoer van het model met zijn verdeling en bron, zoals in het configuratiebestand "
        "({origin}). Invoer zonder route geldt voor alle routes en wordt één keer per trekking "
        "getrokken (gemeenschappelijke trekkingen); invoer per route wordt per route getrokken.",
    ),
    "assumptions_published": (
        "Where the published study gives a value without a range, the distribution around it "
        "is this config's assumption (its source says how it was chosen), not the study's.",
        "Waar de gepubliceerde studie een waarde zonder bandbreedte geeft, is de verdeling "
        "daaromheen een aanname van deze configuratie (de bron zegt hoe die gekozen is), niet "
        "van de studie.",
    ),
    "relative_shares": (
        "as the {reference}, with {effect}",
        "als de {reference}, met {effect}",
    ),
    "odds_ratio": (
        "the odds of {group} times “{parameter}”",
        "de odds van {group} maal „{parameter}”",
    ),
    "risk_ratio": (
        "the share of {group} times “{parameter}”",
        "het aandeel {group} maal „{parameter}”",
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
    **DECISION_TEXT,
    **RISK_TEXT,
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
