"""The sentences of the report's investment risk for the payer (``[study] payer``, named
by its label in the field ``{payer}``) in English and Dutch: its own business case, the
downside of a year of intakes, payback, who pays.

Part of :data:`mkba_mc.report.text.TEXT`; the same conventions hold.
"""

from __future__ import annotations

RISK_TEXT: dict[str, tuple[str, str]] = {
    "risk": (
        "Risk for the {payer}: its own business case",
        "Risico voor de {payer}: de eigen business case",
    ),
    "risk_intro": (
        "The balance above is society's (the societal business case): all benefits, whoever "
        "receives them, against all costs. A controller first reads the business case of the "
        "{payer} itself: the benefits that land with the {payer} against the costs paid there "
        "({costs}). Other stakeholders gain without paying, so the balance of the {payer} is "
        "lower than society's.",
        "Het saldo hierboven is dat van de samenleving (de maatschappelijke business case): "
        "alle baten, wie ze ook ontvangt, tegenover alle kosten. Wie op de begroting van de "
        "{payer} let, leest eerst de eigen business case van de {payer}: de baten die bij de "
        "{payer} terechtkomen tegenover de kosten die daar betaald worden ({costs}). Andere "
        "partijen profiteren zonder te betalen, dus het saldo van de {payer} is lager dan dat "
        "van de samenleving.",
    ),
    "risk_payer_all": (
        "in this study every cost",
        "in deze studie alle kosten",
    ),
    "risk_payer_part": (
        "in this study: {costs}",
        "in deze studie: {costs}",
    ),
    "risk_client": (
        "Per client the expected balance of the {payer} is {values}. The chance that its "
        "investment is recovered (a balance above zero) is {chances}.",
        "Per cliënt is het verwachte saldo van de {payer} {values}. De kans dat de investering "
        "wordt terugverdiend (een saldo boven nul) is {chances}.",
    ),
    "risk_versus": (
        "Against the {baseline}, the {arm} changes the balance of the {payer} by {value} per "
        "client; the chance that the extra investment is recovered is {p}.",
        "Tegenover de {baseline} verandert de {arm} het saldo van de {payer} met {value} per "
        "cliënt; de kans dat de extra investering wordt terugverdiend is {p}.",
    ),
    "risk_readings": (
        "Some benefits are shared between the {payer} and others. Counting only the parts "
        "allocated to the {payer} is the strict reading; counting every benefit stream that "
        "reaches the {payer} at least partly (as a study does that names the share of benefits "
        "landing with the {payer}) is an upper bound. The table shows both.",
        "Sommige baten delen de {payer} en anderen. Alleen de delen meetellen die aan de "
        "{payer} zijn toegerekend is de strikte lezing; elke batenpost meetellen die de "
        "{payer} ten minste deels bereikt (zoals een studie doet die het aandeel baten bij "
        "de {payer} noemt) is een bovengrens. De tabel toont beide.",
    ),
    "case_societal": (
        "society's balance (societal business case)",
        "saldo van de samenleving (maatschappelijke business case)",
    ),
    "case_payer": (
        "balance of the {payer} (its own business case)",
        "saldo van de {payer} (eigen business case)",
    ),
    "case_partly": (
        "balance of the {payer}, shared streams counted whole",
        "saldo van de {payer}, gedeelde batenposten geheel geteld",
    ),
    "p_recover_row": (
        "chance that the investment of the {payer} is recovered",
        "kans dat de investering van de {payer} wordt terugverdiend",
    ),
    "business_case_caption": (
        "Euros per client: mean ± Monte Carlo standard error; the last column is the arm "
        "minus the baseline (there: the chance of recovering the extra investment).",
        "Euro per cliënt: gemiddelde ± Monte Carlo-standaardfout; de laatste kolom is de "
        "route min de basisroute (daar: de kans de extra investering terug te verdienen).",
    ),
    "business_case_caption_several": (
        "Euros per client: mean ± Monte Carlo standard error; the last {k} columns are each "
        "arm minus the baseline (there: the chance of recovering the extra investment).",
        "Euro per cliënt: gemiddelde ± Monte Carlo-standaardfout; de laatste {k} kolommen zijn "
        "elk een route min de basisroute (daar: de kans de extra investering terug te "
        "verdienen).",
    ),
    "risk_year": (
        "A council funds a year of intakes, not one client. For a year of {n} intakes per "
        "route, with that year's clients drawn as well as the uncertain inputs, the balance "
        "of the {payer} is {values} on average.",
        "Een gemeenteraad financiert een jaar met intakes, niet één cliënt. Voor een jaar met "
        "{n} intakes per route, waarin naast de onzekere invoer ook de cliënten van dat jaar "
        "getrokken worden, is het saldo van de {payer} gemiddeld {values}.",
    ),
    "risk_year_worst_first": (
        "In the worst 5% of such years the loss is at least {var} (the value-at-risk) and on "
        "average {es} in those years (the expected shortfall), for the {arm}.",
        "In de slechtste 5% van zulke jaren is het verlies ten minste {var} (de value-at-risk: "
        "de verliesgrens die in 95% van de jaren niet wordt overschreden) en in die jaren "
        "gemiddeld {es} (de expected shortfall: het gemiddelde verlies in die slechtste jaren), "
        "voor de {arm}.",
    ),
    "risk_year_worst": (
        "In the worst 5% of such years the loss is at least {var} (the value-at-risk) and on "
        "average {es} in those years (the expected shortfall), for the {arm}.",
        "In de slechtste 5% van zulke jaren is het verlies ten minste {var} (de value-at-risk) "
        "en in die jaren gemiddeld {es} (de expected shortfall), voor de {arm}.",
    ),
    "risk_profile_caption": (
        "Risk profile of the balance of the {payer} in a year of {n} intakes. Left: the "
        "chance that the balance is at most x. Right: the chance of losing more than x; "
        "read off it the chance of exceeding a budget limit.",
        "Risicoprofiel van het saldo van de {payer} in een jaar met {n} intakes. Links: de "
        "kans dat het saldo ten hoogste x is. Rechts: de kans meer dan x te verliezen; lees "
        "hier de kans af dat een budgetgrens wordt overschreden.",
    ),
    "downside_caption": (
        "Loss of the {payer} in a year of {n} intakes (euros; a negative loss is a "
        "gain): value-at-risk and expected shortfall at 5% and 10%, ± Monte Carlo standard "
        "error.",
        "Verlies van de {payer} in een jaar met {n} intakes (euro; een negatief verlies is "
        "winst): value-at-risk en expected shortfall bij 5% en 10%, ± Monte "
        "Carlo-standaardfout.",
    ),
    "var_row": ("value-at-risk at {p}", "value-at-risk bij {p}"),
    "es_row": ("expected shortfall at {p}", "expected shortfall bij {p}"),
    "payback_text": (
        "When does the money come back? Counting each cost and benefit in the year after the "
        "intake in which it falls, discounted at {rate} a year, the chance that the "
        "cumulative cash flow of the {payer} is back above zero within {within} years is "
        "{values}.",
        "Wanneer komt het geld terug? Met elke kosten- en batenpost in het jaar na de intake "
        "waarin hij valt, contant gemaakt tegen {rate} per jaar, is de kans dat de "
        "cumulatieve kasstroom van de {payer} binnen {within} jaar weer boven nul is "
        "{values}.",
    ),
    "payback_caption": (
        "Chance that the cumulative net cash flow of the {payer} per client is paid back "
        "within a number of years after the intake (and stays so), per route and for the "
        "route against the baseline.",
        "Kans dat de cumulatieve netto kasstroom van de {payer} per cliënt binnen een aantal "
        "jaren na de intake is terugverdiend (en dat blijft), per route en voor de route "
        "tegenover de basisroute.",
    ),
    "payback_figure_caption": (
        "Cumulative net cash flow of the {payer} per client, discounted, per year after "
        "the intake: mean and 5–95% band.",
        "Cumulatieve netto kasstroom van de {payer} per cliënt, contant, per jaar na de "
        "intake: gemiddelde en 5–95%-band.",
    ),
    "within_years": ("within {n} yr", "binnen {n} jaar"),
    "never": ("never", "nooit"),
    "payback_none": (
        "When the money comes back cannot be said from this study: payback needs a time "
        "profile (when each cost and benefit falls), which this config does not give.",
        "Wanneer het geld terugkomt is uit deze studie niet te zeggen: daarvoor is een "
        "tijdprofiel nodig (wanneer elke kosten- en batenpost valt), dat deze "
        "configuratie niet geeft.",
    ),
    "who_pays_caption": (
        "Who pays, who gains: each stakeholder's balance, the benefits that land with it "
        "minus the costs it pays (euros per client, mean ± Monte Carlo standard error). "
        "Together they make society's balance.",
        "Wie betaalt, wie profiteert: het saldo per belanghebbende, de baten die bij hem "
        "terechtkomen min de kosten die hij betaalt (euro per cliënt, gemiddelde ± Monte "
        "Carlo-standaardfout). Samen vormen ze het saldo van de samenleving.",
    ),
}
"""Key -> (English, Dutch)."""
