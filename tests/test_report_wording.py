"""The report's wording for studies other than the shipped one: no published figures, an
arm defined relative to another, several arms against the baseline (SPEC 8)."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from report_html import parse  # noqa: E402

from mkba_mc import decision as dq  # noqa: E402
from mkba_mc.config import load_study  # noqa: E402
from mkba_mc.plots._labels import money  # noqa: E402
from mkba_mc.report import SensitivityAnalyses, build_report, render_html  # noqa: E402
from mkba_mc.report.text import join  # noqa: E402
from mkba_mc.simulation import simulate  # noqa: E402

CONFIGS = Path(__file__).parent / "configs"
STUDIES = ("four_arms", "three_arms")

PUBLISHED_WORDS = {
    "en": (
        "It gives one number per route",
        "differ from the study's own figures",
        "study's balance",
    ),
    "nl": ("Ze geeft één getal per route", "wijken af van de eigen cijfers", "saldo van de studie"),
}
"""Sentences that imply published figures, which neither test study states."""

BEATS = {
    "en": (" beats", " really beats", " has the higher"),
    "nl": (" echt beter", " beter uitpakt"),
}
"""What follows an arm that is said to beat the baseline."""


@pytest.fixture(scope="module", params=STUDIES)
def run(request):
    study = load_study(CONFIGS / f"{request.param}.toml")
    ds = simulate(study, draws=1000, seed=3)
    return study, ds, SensitivityAnalyses(ds, voi_draws=1024, sobol_n=128)


@pytest.fixture(scope="module", params=("en", "nl"))
def page(run, request):
    study, ds, analyses = run
    lang = request.param
    return study, ds, lang, parse(render_html(build_report(ds, lang, analyses=analyses)))


def _label(study, arm, lang):
    return study.translate(study.arm(arm).label, lang)


def test_no_sentence_implies_published_figures(page):
    study, ds, lang, report = page
    assert study.published is None
    text = " ".join(report.text)
    for words in PUBLISHED_WORDS[lang]:
        assert words not in text
    start = "model at the study's values" if lang == "en" else "model op de waarden van de studie"
    assert start in report.title["bridge"] and "replication" not in report.sections


def test_several_arms_are_never_one_subject(page):
    study, ds, lang, report = page
    others = [a for a in study.arm_names if a != study.baseline]
    assert len(others) > 1
    together = join([_label(study, a, lang) for a in others], lang)
    text = " ".join(report.text)
    for verb in BEATS[lang]:
        assert together + verb not in text


def test_several_arms_are_titled_as_a_choice_among_routes(page):
    """Not "A, B or C or D?": which route is best, the routes against the baseline."""
    study, ds, lang, report = page
    others = join([_label(study, a, lang) for a in study.arm_names if a != study.baseline], lang)
    base = _label(study, study.baseline, lang)
    title = {
        "en": f"Which route is best: {others} against {base}? What the uncertainty",
        "nl": f"Welke route is de beste: {others} tegenover {base}? Wat de onzekerheid",
    }[lang]
    text = " ".join(" ".join(report.text).split())
    assert title in text
    assert f"{others} {'or' if lang == 'en' else 'of'} {base}?" not in text


def test_an_arm_relative_to_another_is_not_among_the_compared(page):
    study, ds, lang, report = page
    question = " ".join(report.paragraphs["question"])
    compared = question.split(". ")[0]
    for arm in study.arms:
        label = _label(study, arm.name, lang)
        if arm.relative_to:
            assert label not in compared
            own = "has no dossiers of its own" if lang == "en" else "heeft geen eigen dossiers"
            assert f"{label} ({arm.name}) {own}" in question
            assert _label(study, arm.relative_to, lang) in question
        else:
            assert f"{label} ({arm.name}" in compared


def test_a_threshold_never_reached_is_said_once_for_the_whole_range(page):
    study, ds, lang, report = page
    never = "stays below" if lang == "en" else "blijft onder"
    text = " ".join(report.paragraphs["decision"])
    chance = "The chance that" if lang == "en" else "De kans dat"
    sentences = [s for s in re.split(r"(?<=\.) ", text) if s.startswith(chance) and never in s]
    assert sentences, "a test study has an arm whose chance stays below 90%"
    whole = "over the whole range shown" if lang == "en" else "over het hele getoonde bereik"
    for sentence in sentences:
        assert sentence.count(never) == 1 and whole in sentence


def test_break_even_below_is_an_upper_bound(page):
    study, ds, lang, report = page
    base = _label(study, study.baseline, lang)
    values = dq.break_even_wtp(ds)
    bound = "an upper bound" if lang == "en" else "een bovengrens"
    prefix = (
        "break-even value λ of an extra successful client"
        if lang == "en"
        else "break-evenwaarde λ van een extra succesvolle cliënt"
    )
    against = "against" if lang == "en" else "tegenover"
    statuses = set()
    for arm in values["arm"].values:
        if arm == study.baseline:
            continue
        status = str(values["status"].sel(arm=arm).item())
        statuses.add(status)
        cell = report.row("decision", f"{prefix}, {_label(study, arm, lang)} {against} {base}")[1]
        value = money(float(values.sel(arm=arm)), lang)
        if status == "below":
            assert cell.startswith(value) and bound in cell and f"λ ≤ {value}" in cell
        else:
            assert bound not in cell
    if any(arm.relative_to for arm in study.arms):  # four_arms.toml
        assert "below" in statuses  # the online route: a higher balance, fewer successes


TOOL_ENGLISH = ("config", "seed", "leave-one-out", "fit", "overfit", "controller")
"""Words the tool itself adds that a Dutch reader should not meet in English (the Dutch
words are *configuratie*, *startwaarde*, *kruisvalidatie*, *passing*)."""


def test_the_dutch_report_adds_no_english_words_of_its_own(page):
    study, ds, lang, report = page
    if lang != "nl":
        pytest.skip("the English report says config and seed")
    text = " ".join(" ".join(report.text).split())
    shown = [w for w in TOOL_ENGLISH if re.search(rf"(?<![\w/-]){w}(?![\w/])", text, re.I)]
    assert shown == ["seed"] and text.count("seed") == 1  # "startwaarde (seed)", once
    assert "startwaarde (seed)" in text and "kruisvalidatie-R²" in text
    assert "Controle van de passing" in text
    # value-at-risk and expected shortfall keep their names, with a Dutch gloss on first use
    first = {w: text.index(w) for w in ("value-at-risk", "expected shortfall")}
    assert text[first["value-at-risk"] :].startswith("value-at-risk: de verliesgrens")
    assert text[first["expected shortfall"] :].startswith("expected shortfall: het gemiddelde")


SINGULAR_SLIPS = {
    "en": (r"\b1 of the \d+ inputs change\b", r"\b1 change\b", r"\b1 more would\b", r"point\(s\)"),
    "nl": (r"\b1 van de \d+ invoergrootheden draaien\b", r"draaien er 1\b", r"\b1 zouden\b"),
}
"""A count of one with a plural verb or noun, or a plural left to the reader."""


def test_counts_of_one_take_the_singular(page):
    study, ds, lang, report = page
    text = " ".join(" ".join(report.text).split())
    assert [s for s in SINGULAR_SLIPS[lang] if re.search(s, text)] == []
    point = {"en": "within 1 percentage point of", "nl": "binnen 1 procentpunt van"}[lang]
    assert point in text  # the convergence tolerance is one percentage point


def test_the_business_case_caption_counts_the_difference_columns(page):
    study, ds, lang, report = page
    k = len(study.arm_names) - 1
    assert k > 1
    caption = {
        "en": f"the last {k} columns are each arm minus the baseline",
        "nl": f"de laatste {k} kolommen zijn elk een route min de basisroute",
    }[lang]
    text = " ".join(" ".join(report.text).split())
    assert caption in text
    assert "the last column is" not in text and "de laatste kolom is" not in text
