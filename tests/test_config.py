"""Config validation: every kind of bad input gets one line naming file, key and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkba_mc.config import (
    DEFAULT_STUDY,
    POINT_STUDY,
    ConfigError,
    embedded_config,
    load_study,
    parse_study,
)
from mkba_mc.spec import INPUT_GROUPS, OUTCOME_SHARES

DEFAULT = embedded_config(DEFAULT_STUDY)
ORIGIN = "study.toml"


def mutate(old: str, new: str, text: str = DEFAULT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once in the config"
    return text.replace(old, new)


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_study(text, origin=ORIGIN)
    message = str(info.value)
    assert "\n" not in message, "an error is one line"
    assert message.startswith(f"{ORIGIN}: ")
    return message


EVICTION = """[parameters.eviction_cost]
unit = { en = "EUR per client", nl = "€ per cliënt" }
label = { en = "eviction cost", nl = "kosten van een huisuitzetting" }
source = { en = "Van Geuns e.a. 2011, via Regioplan 2020; CV 25%", nl = "Van Geuns e.a. 2011, via Regioplan 2020; variatiecoëfficiënt 25%" }
dist = "gamma"
mean = 5865
cv = 0.25"""

CASES = [
    # unknown keys
    ("unknown section", DEFAULT + "\n[colour]\nx = 1\n", "colour: unknown key"),
    (
        "unknown parameter key",
        mutate("mean = 0.85\nn = 100", 'mean = 0.85\nn = 100\nsorce = "x"'),
        "parameters.settlement_success.sorce: unknown key",
    ),
    (
        "misspelt arm key",
        mutate('label = "Klantreis"', 'label = "Klantreis"\ndosiers = 1'),
        "arms.KR.dosiers: unknown key (expected one of: dossiers, effect, label, relative_to)",
    ),
    (
        "misspelt dist",
        mutate('dist = "beta"\nmean = 0.85', 'dsit = "beta"\nmean = 0.85'),
        "parameters.settlement_success.dist: is required but missing ('dsit' is not a key here",
    ),
    (
        "unknown term key",
        mutate(
            'params = ["eviction_share", "escalation", "eviction_cost"], stakeholder = "housing"',
            'params = ["eviction_share", "escalation", "eviction_cost"], stakeholder = "housing", weight = 2',
        ),
        "benefits.eviction.terms[0].weight: unknown key",
    ),
    (
        "unknown arm key",
        mutate('label = "Klantreis"', 'label = "Klantreis"\ncolour = "red"'),
        "arms.KR.colour: unknown key",
    ),
    # references
    (
        "undefined parameter",
        mutate('"escalation", "eviction_cost"]', '"escalation", "eviction_kost"]'),
        "benefits.eviction.terms[0].params[2]: 'eviction_kost' is not a defined parameter",
    ),
    (
        "undefined resolution parameter",
        mutate('probability = "settlement_success"', 'probability = "success"'),
        "outcomes.resolve.in_settlement.probability: 'success' is not a defined parameter",
    ),
    (
        "unknown client group",
        mutate(
            '{ clients = "successful", params = ["eviction_share"',
            '{ clients = "succesful", params = ["eviction_share"',
        ),
        "benefits.eviction.terms[0].clients: 'succesful' is not a category or group",
    ),
    (
        "resolved category as clients",
        mutate(
            '{ clients = "successful", params = ["eviction_share"',
            '{ clients = "in_settlement", params = ["eviction_share"',
        ),
        "benefits.eviction.terms[0].clients: 'in_settlement' is resolved away",
    ),
    (
        "unknown stakeholder",
        mutate('stakeholder = "housing"', 'stakeholder = "landlords"'),
        "benefits.eviction.terms[0].stakeholder: 'landlords' is not a stakeholder",
    ),
    (
        "stakeholder shares must add up",
        mutate("{ police = 0.5, insurers = 0.5 }", "{ police = 0.5, insurers = 0.4 }"),
        "benefits.homelessness.terms[1].stakeholder: shares must add up to 1",
    ),
    (
        "vector without component",
        mutate('"job_loss_path.ww", "ww_cost_per_year"', '"job_loss_path", "ww_cost_per_year"'),
        "benefits.job_retention.terms[0].params[2]: 'job_loss_path' is a vector",
    ),
    (
        "unknown component",
        mutate('"job_loss_path.ww", "ww_cost_per_year"', '"job_loss_path.xx", "ww_cost_per_year"'),
        "benefits.job_retention.terms[0].params[2]: 'job_loss_path' has no component 'xx'",
    ),
    (
        "two components in one product",
        mutate('"job_loss_path.ww", "ww_cost_per_year"', '"job_loss_path.ww", "job_loss_path.pw"'),
        "benefits.job_retention.terms[0].params[3]: uses two components",
    ),
    (
        "parameter twice in one product",
        mutate('"escalation", "eviction_cost"]', '"escalation", "escalation"]'),
        "benefits.eviction.terms[0].params[2]: 'escalation' appears twice",
    ),
    (
        "component of a scalar",
        mutate('"escalation", "eviction_cost"]', '"escalation", "eviction_cost.x"]'),
        "benefits.eviction.terms[0].params[2]: 'eviction_cost' is a single value",
    ),
    # probabilities and signs
    (
        "probability above 1",
        mutate("mean = 0.85\nn = 100", "mean = 1.2\nn = 100"),
        "parameters.settlement_success.mean: must lie strictly between 0 and 1",
    ),
    (
        "probability with unbounded support",
        mutate('dist = "beta"\nmean = 0.59\nn = 100', 'dist = "gamma"\nmean = 0.59\ncv = 0.1'),
        "parameters.escalation: a share or probability must lie in [0, 1]",
    ),
    (
        "fixed probability above 1",
        mutate('dist = "beta"\nmean = 0.59\nn = 100', 'dist = "fixed"\nvalue = 1.59'),
        "parameters.escalation: a share or probability must lie in [0, 1]",
    ),
    (
        "negative cost",
        mutate(
            EVICTION,
            EVICTION.replace(
                'dist = "gamma"\nmean = 5865\ncv = 0.25', 'dist = "fixed"\nvalue = -5865'
            ),
        ),
        "parameters.eviction_cost: a cost in euros must not be negative",
    ),
    (
        "untruncated normal cost",
        mutate(
            EVICTION,
            EVICTION.replace(
                'dist = "gamma"\nmean = 5865\ncv = 0.25', 'dist = "normal"\nmean = 5865\nsd = 500'
            ),
        ),
        "parameters.eviction_cost: a cost in euros must not be negative, but Normal(5865, sd 500) can be (truncate it with low = 0)",
    ),
    (
        "negative gamma mean",
        mutate(EVICTION, EVICTION.replace("mean = 5865", "mean = -5865")),
        "parameters.eviction_cost.mean: must be positive",
    ),
    (
        "negative dossier count",
        mutate("dossiers = { solved = 3,", "dossiers = { solved = -3,"),
        "arms.KR.dossiers.solved: must be at least 0",
    ),
    (
        "negative cost factor",
        mutate(
            'terms = [{ clients = "all", params = ["intake_cost"] }]',
            'terms = [{ clients = "all", params = ["intake_cost"], factor = -1 }]',
        ),
        "costs.intake.terms[0].factor: a cost must not be negative",
    ),
    (
        "beta counts beyond n",
        mutate(
            'arms.KR = { dist = "beta", k = 10, n = 23, study_value = 0.435 }',
            'arms.KR = { dist = "beta", k = 30, n = 23 }',
        ),
        "parameters.share_pw.arms.KR.k: must lie in [0, n]",
    ),
    # NaN and infinity
    (
        "NaN",
        mutate("mean = 0.85\nn = 100", "mean = nan\nn = 100"),
        "parameters.settlement_success.mean: must be a finite number",
    ),
    (
        "infinity",
        mutate(EVICTION, EVICTION.replace("mean = 5865", "mean = inf")),
        "parameters.eviction_cost.mean: must be a finite number",
    ),
    ("NaN prior", mutate("prior = 0.5", "prior = nan"), "outcomes.prior: must be a finite number"),
    (
        "NaN stakeholder share",
        mutate("{ police = 0.5, insurers = 0.5 }", "{ police = nan, insurers = 0.5 }"),
        "benefits.homelessness.terms[1].stakeholder.police: must be a finite number",
    ),
    # wrong types
    (
        "title not a string",
        mutate(
            'title = { en = "Regioplan 2020: Klantreis vs FIG-route (default uncertainty)", nl = "Regioplan 2020: Klantreis tegenover FIG-route (standaardonzekerheid)" }',
            "title = 5",
        ),
        "study.title: must be a string, got an integer",
    ),
    (
        "count as a string",
        mutate("dossiers = { solved = 3,", 'dossiers = { solved = "3",'),
        "arms.KR.dossiers.solved: must be a whole number, got a string",
    ),
    (
        "count as a fraction",
        mutate("dossiers = { solved = 3,", "dossiers = { solved = 3.5,"),
        "arms.KR.dossiers.solved: must be a whole number, got a number",
    ),
    (
        "boolean as number",
        mutate("mean = 0.85\nn = 100", "mean = true\nn = 100"),
        "parameters.settlement_success.mean: must be a number",
    ),
    (
        "params not an array",
        mutate('params = ["intake_cost"] }]', 'params = "intake_cost" }]'),
        "costs.intake.terms[0].params: must be an array",
    ),
    (
        "client_attribute not a boolean",
        mutate(
            'label = { en = "share of clients in work", nl = "aandeel cliënten met werk" }\nclient_attribute = true',
            'label = { en = "share of clients in work", nl = "aandeel cliënten met werk" }\nclient_attribute = "yes"',
        ),
        "parameters.share_work.client_attribute: must be true or false",
    ),
    (
        "bad factor",
        mutate(
            'factor = "1/12", stakeholder = "municipality" },\n]\n\n[benefits.job',
            'factor = "one twelfth", stakeholder = "municipality" },\n]\n\n[benefits.job',
        ),
        "benefits.shorter_pw.terms[0].factor: must be a number or a fraction",
    ),
    (
        "factor divides by zero",
        mutate(
            'factor = "1/12", stakeholder = "municipality" },\n]\n\n[benefits.job',
            'factor = "1/0", stakeholder = "municipality" },\n]\n\n[benefits.job',
        ),
        "benefits.shorter_pw.terms[0].factor: divides by zero",
    ),
    # missing keys and impossible combinations
    (
        "missing source",
        mutate(
            'source = { en = "Purpose 2019: 85% of clients in the settlement phase reach a debt solution; pseudo-sample 100", nl = "Purpose 2019: 85% van de cliënten in de regelingsfase bereikt een schuldoplossing; pseudosteekproef 100" }\n',
            "",
        ),
        "parameters.settlement_success.source: is required but missing",
    ),
    (
        "missing unit",
        mutate(
            '[parameters.exit_share]\nunit = { en = "share", nl = "aandeel" }\n',
            "[parameters.exit_share]\n",
        ),
        "parameters.exit_share.unit: is required but missing",
    ),
    (
        "missing dist",
        mutate('dist = "beta"\nmean = 0.59\nn = 100', "mean = 0.59\nn = 100"),
        "parameters.escalation.dist: is required but missing",
    ),
    (
        "baseline not an arm",
        mutate('baseline = "FIG"', 'baseline = "WSNP"'),
        "study.baseline: 'WSNP' is not one of the arms",
    ),
    (
        "one arm only",
        mutate(
            '[arms.KR]\nlabel = "Klantreis"\ndossiers = { solved = 3, stabilised = 7, dropout_before = 7, dropout_during = 1, in_settlement = 5 }\n',
            "",
        ),
        "arms: needs at least two arms",
    ),
    (
        "per-arm parameter misses an arm",
        mutate('arms.KR = { dist = "beta", k = 10, n = 23, study_value = 0.435 }\n', ""),
        "parameters.share_pw.arms.KR: is required but missing",
    ),
    (
        "per-arm parameter names an unknown arm",
        mutate(
            'arms.KR = { dist = "beta", k = 10, n = 23, study_value = 0.435 }',
            'arms.WSNP = { dist = "beta", k = 10, n = 23 }',
        ),
        "parameters.share_pw.arms.WSNP: 'WSNP' is not an arm",
    ),
    (
        "dossier category unknown",
        mutate("dossiers = { solved = 3,", "dossiers = { settled = 3,"),
        "arms.KR.dossiers.settled: is not an outcome category",
    ),
    (
        "resolution to itself",
        mutate('success = "solved"', 'success = "in_settlement"'),
        "outcomes.resolve.in_settlement.success: 'in_settlement' is itself pending resolution",
    ),
    (
        "no successful group",
        mutate('successful = ["solved", "stabilised"]\n', ""),
        "outcomes.groups.successful: is required",
    ),
    (
        "group of unknown category",
        mutate('successful = ["solved", "stabilised"]', 'successful = ["solved", "stabilized"]'),
        "outcomes.groups.successful[1]: 'stabilized' is not an outcome category",
    ),
    (
        "cohort of zero clients",
        mutate('clients = "expected"', "clients = 0"),
        "cohort.clients: must be at least 1",
    ),
    (
        "cohort as words",
        mutate('clients = "expected"', 'clients = "many"'),
        'cohort.clients: must be a number of clients or "expected"',
    ),
    ("zero draws", mutate("draws = 100000", "draws = 0"), "run.draws: must be at least 1"),
    ("negative seed", mutate("seed = 20200101", "seed = -1"), "run.seed: must be at least 0"),
    (
        "reserved parameter name",
        DEFAULT
        + '\n[parameters.outcome_shares]\nunit = "x"\nsource = "y"\ndist = "fixed"\nvalue = 1\n',
        "parameters.outcome_shares: 'outcome_shares' is reserved",
    ),
    (
        "empty benefits",
        mutate("[benefits.shorter_pw]", "[benefitz.shorter_pw]"),
        "benefitz: unknown key",
    ),
    (
        "distribution keys of another family",
        mutate('dist = "beta"\nmean = 0.59\nn = 100', 'dist = "beta"\nlow = 0.5\nhigh = 0.7'),
        "parameters.escalation.low: unknown key for a beta distribution",
    ),
    ("TOML syntax", DEFAULT + "\n[study\n", "invalid TOML"),
    ("duplicate key", mutate("seed = 20200101", "seed = 20200101\nseed = 1"), "invalid TOML"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_config_is_rejected_in_one_line(text, expected):
    assert expected in error_of(text)


def test_embedded_configs_are_valid():
    default = load_study()
    point = parse_study(embedded_config(POINT_STUDY))
    assert default.arm_names == ("FIG", "KR") and default.baseline == "FIG"
    assert point.published is not None
    assert all(p.is_fixed for p in point.parameters.values())
    # SPEC 3: the study's deliberate choice stays as the study made it
    assert default.parameters["months_earlier_exit"].distribution.mean() == 4
    assert default.cohort == "expected"
    uncertain = [p for p in default.parameters.values() if not p.is_fixed]
    assert len(uncertain) > 20
    assert default.parameters[OUTCOME_SHARES].per_arm["KR"].alpha == (3.5, 7.5, 7.5, 1.5, 5.5)


def test_configs_folder_matches_the_embedded_default(tmp_path):
    from pathlib import Path

    configs = Path(__file__).parents[1] / "configs"
    assert (configs / DEFAULT_STUDY).read_text(encoding="utf-8") == DEFAULT


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_study(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="is a directory"):
        load_study(tmp_path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes("title = 'Financiële'".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_study(path)


def test_more_than_two_arms_are_supported():
    three = mutate(
        "[outcomes]",
        '[arms.WSNP]\nlabel = "Straight to WSNP"\n'
        "dossiers = { solved = 5, stabilised = 2, dropout_before = 10, dropout_during = 1, in_settlement = 2 }\n\n[outcomes]",
    )
    for name in ("share_pw", "share_work", "share_budget_management"):
        three = three.replace(
            f"[parameters.{name}]",
            f'[parameters.{name}]\narms.WSNP = {{ dist = "beta", k = 5, n = 20 }}',
            1,
        )
    three = three.replace(
        'arms.KR = { dist = "dirichlet", counts = { basic = 6, plus = 1, total = 4 } }',
        'arms.KR = { dist = "dirichlet", counts = { basic = 6, plus = 1, total = 4 } }\n'
        'arms.WSNP = { dist = "dirichlet", counts = { basic = 2, plus = 2, total = 2 } }',
    )
    three = three.replace(
        'arms.KR = { dist = "gamma", mean = 1700, cv = 0.15 }',
        'arms.KR = { dist = "gamma", mean = 1700, cv = 0.15 }\narms.WSNP = { dist = "gamma", mean = 900, cv = 0.15 }',
    )
    study = parse_study(three)
    assert study.arm_names == ("FIG", "KR", "WSNP")


def test_study_rounding_applies_to_point_values_not_to_uncertain_draws():
    """`round = true` says the study rounded the resolved counts: with uncertain shares the
    draws are not rounded (only the study's point values are), with fixed ones they are."""
    from mkba_mc.config import POINT_STUDY, embedded_config

    default = load_study()
    (resolution,) = default.outcomes.resolutions
    assert resolution.study_rounded and not resolution.round_to_dossiers
    point = parse_study(embedded_config(POINT_STUDY))
    (resolution,) = point.outcomes.resolutions
    assert resolution.study_rounded and resolution.round_to_dossiers


def test_study_values_come_from_the_config_or_the_data():
    study = load_study()
    share_pw = study.parameters["share_pw"]
    # stated: the printed 37.9%; observed: 11 of 29 dossiers; the mean adds the prior
    assert share_pw.study_value("FIG") == 0.379
    assert share_pw.exact_value("FIG") == 11 / 29
    assert share_pw.for_arm("FIG").mean() == 11.5 / 30
    shares = study.parameters[OUTCOME_SHARES]
    assert shares.study_value("FIG") == tuple(c / 29 for c in (1, 0, 18, 2, 8))
    assert study.parameters["exit_share"].study_value() == 0.8


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'arms.FIG = { dist = "beta", k = 11, n = 29, study_value = 0.379 }',
            'arms.FIG = { dist = "beta", k = 11, n = 29, study_value = 1.5 }',
            "parameters.share_pw.arms.FIG.study_value: 1.5 lies outside what Beta(11.5, 18.5)",
        ),
        (
            'arms.FIG = { dist = "beta", k = 11, n = 29, study_value = 0.379 }',
            'arms.FIG = { dist = "beta", k = 11, n = 29, study_value = "high" }',
            "parameters.share_pw.arms.FIG.study_value: must be a number",
        ),
    ],
)
def test_bad_study_value_is_rejected(old, new, expected):
    assert expected in error_of(mutate(old, new))


@pytest.mark.parametrize("unit", ["odds ratio", "ratio", "EUR per client"])
def test_the_ratio_of_a_relative_effect_goes_with_the_outcomes_whatever_its_unit(unit):
    """An arm defined by an effect on another's outcomes: its ratio decides outcome shares,
    so it is grouped with them (not by its unit with costs and durations, or shares)."""
    path = Path(__file__).parent / "configs" / "four_arms.toml"
    study = load_study(path, [f'parameters.coach_odds_ratio.unit="{unit}"'])
    effect = study.arm("coach").effect
    assert effect is not None and effect.parameter == "coach_odds_ratio"
    assert study.parameters["coach_odds_ratio"].group == INPUT_GROUPS[0]  # dossier outcomes
    assert study.parameters["eviction_cost"].group == INPUT_GROUPS[3]  # by unit, as before


def test_input_groups_do_not_depend_on_the_study_language():
    """A unit given per language ({en = "probability", nl = "kans"}) puts its parameter in
    the same input group whatever ``[study] language`` says (the groups drive Sobol',
    EVPPI and tornado groupings)."""
    path = Path(__file__).parent / "configs" / "four_arms.toml"
    dutch = load_study(path)
    english = load_study(path, ['study.language="en"'])
    assert dutch.language == "nl" and english.language == "en"
    groups = {name: p.group for name, p in dutch.parameters.items()}
    assert groups == {name: p.group for name, p in english.parameters.items()}
    assert groups["eviction_risk"] == INPUT_GROUPS[2]  # a probability: a literature share
