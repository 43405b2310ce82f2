"""The report's section on sensitivity and value of information: parsed back from its
HTML, it shows what :mod:`mkba_mc.sensitivity` and :mod:`mkba_mc.voi` compute for the
same study, seed and samples, formatted as the report formats numbers."""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import xarray as xr  # noqa: E402
from report_html import parse  # noqa: E402
from test_languages import rendered_text  # noqa: E402

from mkba_mc import sensitivity as sa  # noqa: E402
from mkba_mc import voi  # noqa: E402
from mkba_mc.config import POINT_STUDY, embedded_config, load_study, parse_study  # noqa: E402
from mkba_mc.plots._labels import money, number, percent  # noqa: E402
from mkba_mc.report import (  # noqa: E402
    SensitivityAnalyses,
    build_report,
    format_mean,
    render_html,
)
from mkba_mc.simulation import simulate  # noqa: E402

SEED = 11
VOI_DRAWS = 2048
SOBOL_N = 512
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def study():
    return load_study()


@pytest.fixture(scope="module")
def ds(study):
    return simulate(study, draws=3000, seed=SEED, cohort=23)  # a run that samples a cohort


@pytest.fixture(scope="module")
def analyses(ds):
    return SensitivityAnalyses(ds, voi_draws=VOI_DRAWS, sobol_n=SOBOL_N)


@pytest.fixture(scope="module")
def pages(ds, analyses):
    return {lang: render_html(build_report(ds, lang, analyses=analyses)) for lang in ("en", "nl")}


@pytest.fixture(scope="module")
def html(pages):
    return {lang: parse(page) for lang, page in pages.items()}


JARGON = (
    "Sobol",
    "R²",
    "bootstrap",
    "EVPI",
    "EVPPI",
    "EVSI",
    "ENBS",
    "leave-one-out",
    "kruisvalidatie",
    "overfit",
    "regression",
    "regressie",
    "variance",
    "variantie",
    "first order",
    "first-order",
    "eerste orde",
    "eerste-orde",
    "percentile",
    "percentiel",
    "conjugate",
    "geconjugeerd",
)
"""Terms of art of sensitivity and value-of-information analyses."""


def test_the_council_reads_no_statistical_jargon_and_the_appendix_has_it(pages):
    for lang, page in pages.items():
        main, _, appendix = page.partition('<section id="sensitivity"')
        assert appendix, lang  # the appendix is there, and last
        text = rendered_text(main)
        assert [term for term in JARGON if term.lower() in text.lower()] == [], lang
        statistics = rendered_text(appendix)
        for term in ("Sobol", "R²", "bootstrap", "EVPI", "EVPPI", "EVSI", "ENBS"):
            assert term in statistics, (lang, term)
        fit = {"en": ("overfit", "leave-one-out"), "nl": ("kruisvalidatie", "passing")}[lang]
        assert all(term in statistics for term in fit), lang


@pytest.fixture(scope="module")
def streams():
    """The report's random streams: tornado, Sobol', value of information."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(SEED).spawn(3)]


@pytest.fixture(scope="module")
def value_of_information(study, streams):
    """EVPI and EVPPI of an expected-cohort run of the same study and seed, by the API."""
    sample = simulate(study, draws=VOI_DRAWS, seed=SEED, cohort="expected")
    return voi.evppi(sample, voi.DEFAULT_WTP, rng=streams[2])


def test_the_council_reads_the_drivers_after_the_decision_and_the_statistics_last(html):
    for lang, drivers, title in (
        ("en", "What drives the answer, and what to find out next", "Appendix: sensitivity"),
        ("nl", "Wat het antwoord bepaalt, en wat nog uit te zoeken", "Bijlage: gevoeligheid"),
    ):
        report = html[lang]
        assert report.sections.index("drivers") == report.sections.index("decision") + 1
        assert report.sections[-1] == "sensitivity"
        assert report.title["drivers"] == drivers
        assert report.title["sensitivity"].startswith(title)
        for key, where in (("tornado-KR", "drivers"), ("evppi", "sensitivity")):
            section, src = report.image_section[key], report.images[key]
            assert section == where
            head, _, data = src.partition(",")
            assert head == "data:image/png;base64"
            png = base64.b64decode(data, validate=True)
            assert png[:8] == PNG and len(png) > 10_000
        for table in ("thresholds-KR", "sobol-KR", "voi", "voi-fit"):
            assert table in report.tables


def test_evpi_and_evppi_are_the_apis(html, value_of_information):
    table = value_of_information.table.set_index(["wtp", "group"])
    for lang, evpi_name in (("en", "all inputs (EVPI)"), ("nl", "alle invoer (EVPI)")):
        report = html[lang]
        for wtp, group, shown in (
            (0.0, voi.EVPI_GROUP, evpi_name),
            (0.0, "dossier client shares", "dossier client shares"),
            (2_500.0, "dossier outcomes", "dossier outcomes"),
        ):
            if lang == "nl" and group != voi.EVPI_GROUP:
                shown = {
                    "dossier client shares": "kenmerken van cliënten uit dossiers",
                    "dossier outcomes": "uitkomsten uit dossiers",
                }[group]
            row = table.loc[(wtp, group)]
            cells = report.voi_row(f"λ = {money(wtp, lang)}", shown)
            assert cells[2] == format_mean(row["per_client"], row["se"], lang)
            assert cells[3] == (
                f"{money(row['per_year'], lang)} ± {number(row['per_year_se'], lang)}"
            )
            assert cells[4] == percent(row["share_of_evpi"], lang, 0)
    evpi = table.loc[(0.0, voi.EVPI_GROUP)]
    assert evpi["per_year"] == pytest.approx(3_000 * evpi["per_client"])
    research = html["en"].paragraph("drivers", "Is more research worth paying for?")
    assert (
        f"Even knowing every input exactly would be worth at most "
        f"{money(evpi['per_year'], 'en')} a year for the choice for a year's 3,000 "
        f"intakes ({money(evpi['per_client'], 'en')} per client), counting only the gains "
        "expressed in money."
    ) in research
    top = value_of_information.table
    top = top[(top["wtp"] == 0.0) & (top["group"] != voi.EVPI_GROUP)]
    top = top.sort_values("per_year", ascending=False).iloc[0]
    assert f"“{top['group']}” (up to {money(top['per_year'], 'en')} a year" in research
    at_most = table.loc[(10_000.0, voi.EVPI_GROUP)]
    assert f"at €10,000, knowing every input is worth {money(at_most['per_year'], 'en')}" in (
        research
    )


def test_the_fit_check_is_the_regressions(html, value_of_information):
    fits = value_of_information.fits
    fits = fits[fits["target"] == "balance Klantreis − FIG-route"].set_index("group")
    rows = html["en"].tables["voi-fit"]
    assert rows[0] == ["group", "basis", "terms", "R²", "leave-one-out R²"]
    assert len(rows) - 1 == len(fits)
    for row in rows[1:]:
        fit = fits.loc[row[0]]
        basis = {"linear": "linear", "quadratic": "quadratic", "spline": "natural cubic spline"}
        assert row[1:] == [
            basis[fit["basis"]],
            number(fit["terms"], "en"),
            number(fit["r2"], "en", 3),
            number(fit["cv_r2"], "en", 3),
        ]


def test_the_tornado_sentence_names_the_widest_bars(html, study, streams):
    table = sa.tornado(study, rng=streams[0]).table
    rows = table[(table["arm"] == "KR") & (table["versus"] == "FIG")]
    top = rows.iloc[0]
    assert top["input"] == "outcome_shares [KR]"  # the Klantreis' outcome shares decide most
    text = html["en"].paragraph("sensitivity", "One-way sensitivity.")
    low, high = sorted((top["at_low"], top["at_high"]))
    assert (
        f"“outcome category shares at observation” of the Klantreis "
        f"(between {money(low, 'en')} and {money(high, 'en')})"
    ) in text
    assert f"is {money(top['base'], 'en')} per client" in text
    for _, r in rows.iloc[1:3].iterrows():  # words for the council, no code names
        low_r, high_r = sorted((r["at_low"], r["at_high"]))
        assert f"(between {money(low_r, 'en')} and {money(high_r, 'en')})" in text
        assert r["input"] not in text
    dutch = html["nl"].paragraph("sensitivity", "Gevoeligheidsanalyse per invoer.")
    assert (
        f"“verdeling van de dossiers over de uitkomsten” van de Klantreis "
        f"(tussen {money(low, 'nl')} en {money(high, 'nl')})"
    ) in dutch


def test_thresholds_inside_the_interval_are_listed(html, study):
    table = sa.thresholds(study).table
    inside = table[(table["arm"] == "KR") & (table["versus"] == "FIG") & table["inside"]]
    rows = html["en"].tables["thresholds-KR"][1:]
    assert len(rows) == len(inside) > 0
    share_pw = inside.set_index("input").loc["share_pw [KR]"]
    row = next(
        r for r in rows if r[0] == "“share of clients on social assistance (PW)” of the Klantreis"
    )
    assert row[1:] == [
        percent(share_pw["mean"], "en"),
        percent(share_pw["threshold"], "en"),
        percent(share_pw["quantile"], "en"),
        "above the threshold",
    ]


def test_sobol_indices_per_group_are_the_apis(html, study, streams):
    result = sa.sobol(study, n=SOBOL_N, rng=streams[1])
    table = result.table
    groups = table[(table["arm"] == "KR") & (table["versus"] == "FIG") & (table["kind"] == "group")]
    rows = html["en"].tables["sobol-KR"]
    assert rows[0][1::2] == ["first order", "total order"]
    assert [r[0] for r in rows[1:]] == list(groups["group"])  # by total index
    for row, (_, g) in zip(rows[1:], groups.iterrows(), strict=True):
        assert row[1] == percent(g["first"], "en")
        assert row[2] == f"{percent(g['first_low'], 'en')} – {percent(g['first_high'], 'en')}"
        assert row[3] == percent(g["total"], "en")
    text = html["en"].paragraph("sensitivity", "Global sensitivity.")
    assert f"base sample n = {number(SOBOL_N, 'en')}" in text
    assert f"{number(result.evaluations, 'en')} model evaluations" in text


def test_the_text_says_where_the_value_of_information_comes_from(html, study):
    intro = html["en"].paragraphs["sensitivity"][0]
    assert (
        f"a separate simulation of the same study with expected values per client "
        f"({number(VOI_DRAWS, 'en')} draws, seed {SEED}), because this run samples a cohort "
        "of 23 clients per route"
    ) in intro
    # An expected-cohort run long enough: its own first draws, which equal a shorter run.
    long = simulate(study, draws=VOI_DRAWS + 500, seed=5, cohort="expected")
    own = SensitivityAnalyses(long, voi_draws=VOI_DRAWS)
    assert own.voi_from_run
    shorter = simulate(study, draws=VOI_DRAWS, seed=5, cohort="expected")
    xr.testing.assert_equal(own.voi_sample["balance"], shorter["balance"])
    # Too short: a separate simulation, and the text says why.
    short = simulate(study, draws=500, seed=5, cohort="expected")
    again = SensitivityAnalyses(short, voi_draws=VOI_DRAWS, sobol_n=SOBOL_N)
    assert not again.voi_from_run and again.voi_sample.sizes["draw"] == VOI_DRAWS
    report = build_report(short, "nl", analyses=again)
    intro = report.sections[[s.key for s in report.sections].index("sensitivity")].blocks[0].text
    assert "meer trekkingen nodig heeft dan de 500 van deze run" in intro


def test_dutch_section_uses_the_terms_of_the_field(html):
    text = " ".join(html["nl"].paragraphs["sensitivity"])
    for word in (
        "gevoeligheidsanalyse",
        "waarde van informatie",
        "EVPI",
        "EVPPI",
        "saldo",
        "investering",
        "baten",
    ):
        assert word in text.lower() if word.islower() else word in text, word


def test_analyses_belong_to_their_run(ds, analyses, study):
    other = simulate(study, draws=200, seed=SEED + 1)
    with pytest.raises(ValueError, match="another run"):
        build_report(other, "en", analyses=analyses)
    with pytest.raises(ValueError, match="voi_draws"):
        SensitivityAnalyses(ds, voi_draws=50)
    with pytest.raises(ValueError, match="power of two"):
        SensitivityAnalyses(ds, sobol_n=1000)


def test_a_study_without_uncertainty_says_so():
    point = parse_study(embedded_config(POINT_STUDY), origin="point.toml")
    ds = simulate(point, draws=5, seed=1, cohort=23)  # only the cohort varies
    sections = build_report(ds, "en").sections
    section = next(s for s in sections if s.key == "drivers")
    assert [b.text for b in section.blocks] == [
        "Every input of this study is fixed: there is no parameter uncertainty to analyse."
    ]
    assert "sensitivity" not in [s.key for s in sections]  # no appendix of nothing


def test_figures_follow_the_language(analyses):
    from mkba_mc.plots import sensitivity as figures
    from mkba_mc.plots._labels import ordinal

    for lang, axis, evpi, group in (
        (
            "en",
            "Difference in balance, Klantreis − FIG-route (€ per client)",
            "all inputs (EVPI)",
            "dossier outcomes",
        ),
        (
            "nl",
            "Verschil in saldo, Klantreis − FIG-route (€ per cliënt)",
            "alle invoer (EVPI)",
            "uitkomsten uit dossiers",
        ),
    ):
        ax = figures.tornado_figure(analyses.tornado, "KR", lang=lang).axes[0]
        assert ax.get_xlabel() == axis
        legend = [t.get_text() for t in ax.figure.legends[0].get_texts()]
        assert legend[0] == (
            "input at its 5th percentile" if lang == "en" else "invoer op zijn 5e percentiel"
        )
        ax = figures.evppi_figure(analyses.voi, lang=lang).axes[0]
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        assert ticks[0] == evpi and group in ticks
    assert [ordinal(p, "en") for p in (0.01, 0.02, 0.03, 0.05, 0.11, 0.21, 0.025)] == [
        "1st",
        "2nd",
        "3rd",
        "5th",
        "11th",
        "21st",
        "2.5th",
    ]
    assert ordinal(0.025, "nl") == "2,5e"
