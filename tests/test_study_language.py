"""A study written in Dutch, read in English (tests/configs/four_arms.toml has
``[study] language = "nl"``): the difference labels of sensitivity and value of
information, and the words around the business cases, follow the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import mkba_mc as mm  # noqa: E402
from mkba_mc import console_analyses  # noqa: E402
from mkba_mc.console_words import WORDS  # noqa: E402
from mkba_mc.plots._distribution_text import distribution_text  # noqa: E402
from mkba_mc.plots._labels import parameter_label  # noqa: E402
from mkba_mc.plots.sensitivity import sobol_figure, tornado_figure  # noqa: E402
from mkba_mc.report.assumptions import assumptions_section  # noqa: E402
from mkba_mc.report.build import _bridge as bridge_section  # noqa: E402
from mkba_mc.report.common import MAX_COLUMNS, RunContext, fitted  # noqa: E402
from mkba_mc.report.document import Table  # noqa: E402
from mkba_mc.report.risk_text import RISK_TEXT  # noqa: E402
from mkba_mc.sensitivity import sobol, tornado  # noqa: E402
from mkba_mc.voi import evppi  # noqa: E402

CONFIG = Path(__file__).parent / "configs" / "four_arms.toml"
DUTCH_TERMS = ("maatschappelijke", "gemeentelijke", "Reguliere schuldhulp", "Vroegsignalering")


@pytest.fixture(scope="module")
def study():
    return mm.load_study(CONFIG)


def english_labels(study) -> dict[str, str]:
    return {a.name: study.translate(a.label, "en") for a in study.arms}


def test_the_study_is_written_in_dutch(study):
    assert study.language == "nl"
    assert english_labels(study)["regular"] == "Regular counselling"


def test_tornado_and_sobol_figures_name_the_difference_in_the_readers_language(study):
    labels = english_labels(study)
    bars = tornado(study, rng=1)
    fig = tornado_figure(bars, "early", lang="en", labels=labels)
    ax = fig.axes[0]
    want = "Early signalling − Regular counselling"
    title, xlabel = (" ".join(text.split()) for text in (ax.get_title(), ax.get_xlabel()))
    assert want in title and want in xlabel  # long labels wrap onto a second line
    assert not [w for w in DUTCH_TERMS if w in ax.get_title() + ax.get_xlabel()]
    plt.close(fig)
    # without labels, the label the result was made with (the study's language)
    fig = tornado_figure(bars, "early", lang="en")
    assert "Vroegsignalering − Reguliere schuldhulp" in " ".join(fig.axes[0].get_title().split())
    plt.close(fig)
    indices = sobol(study, n=64, n_resamples=50, rng=2)
    fig = sobol_figure(indices, "online", kind="group", lang="en", labels=labels)
    assert "Online self-help route − Regular counselling" in " ".join(
        fig.axes[0].get_title().split()
    )
    plt.close(fig)


def test_evppi_fits_carry_the_arms_and_the_console_translates_them(study):
    ds = mm.simulate(study, draws=600, seed=4)
    result = evppi(ds, wtp=[0.0], n_resamples=10, rng=5)
    fits = result.fits
    assert set(fits["versus"]) == {"regular"}
    assert set(fits["arm"]) == {"early", "coach", "online"}
    out = console_analyses.format_voi(result, lang="en", labels=english_labels(study))
    assert "balance Early signalling − Regular counselling" in out
    assert not [w for w in DUTCH_TERMS if w in out]


def test_english_words_for_the_business_cases_are_english():
    english = [en for en, _ in RISK_TEXT.values()] + [en for en, _ in WORDS.values()]
    assert not [text for text in english if any(w in text for w in DUTCH_TERMS)]


def test_the_dutch_assumptions_table_has_dutch_units_distributions_and_labels(study):
    ds = mm.simulate(study, draws=50, seed=2)
    (_, table) = assumptions_section(RunContext(ds, "nl")).blocks
    rows = {r[1]: r for r in table.rows}
    shares = rows[parameter_label(ds, "outcome_shares", "nl")]
    assert shares[2] == "aandeel cliënten"
    assert shares[3].startswith(
        "Reguliere schuldhulp: Dirichlet(resolved 6,5; stable 4,5; lost_contact 14,5; "
        "refused 6,5; pending 10,5); "
    )
    by_input = {r[1]: r[3] for r in table.rows}
    assert by_input["kosten voor de werkgever van een verzuimdag"] == (
        "Normaal(250; sd 25) afgekapt op [0; ∞]"
    )
    assert by_input["vermeden verzuimdagen per succesvolle werkende cliënt"] == "Driehoek(2; 6; 12)"
    assert by_input["kosten van een huisuitzetting voor de verhuurder"] == (
        "Gamma(gemiddelde 7.000; variatiecoëfficiënt 0,3)"
    )
    cells = " | ".join(c for r in table.rows for c in r[1:4])
    for english in ("share of clients", "truncated", "Triangular", "Normal(", "cv ", "mean "):
        assert english not in cells
    assert not re.search(r"\d\.(?!\d{3}\b)\d", cells)  # points group thousands only
    assert not [a for a in study.arm_names if re.search(rf"(^|; |\| ){a}:", cells)]


def test_a_dutch_dirichlet_keeps_its_component_names_as_the_english_does():
    english = "a: Dirichlet(mean 6.5, fixed 1200.5); b: Normal(250, sd 25) truncated to [0, inf]"
    assert distribution_text(english, "en", {"a": "Route A"}) == english.replace("a:", "Route A:")
    assert distribution_text(english, "nl", {"a": "Route A"}) == (
        "Route A: Dirichlet(mean 6,5; fixed 1.200,5); b: Normaal(250; sd 25) afgekapt op [0; ∞]"
    )


def test_an_english_reader_sees_arm_labels_in_the_assumptions(study):
    ds = mm.simulate(study, draws=50, seed=2)
    (_, table) = assumptions_section(RunContext(ds, "en")).blocks
    cells = " | ".join(r[3] for r in table.rows)
    assert "Regular counselling: Gamma(mean 1200, cv 0.15); Early signalling: " in cells
    assert not [a for a in study.arm_names if re.search(rf"(^|; |\| ){a}:", cells)]


def test_a_wide_table_is_cut_into_parts_that_keep_every_cell():
    header = ("", *(f"c{i}" for i in range(7)))
    rows = (("row", *(str(i) for i in range(7))),)
    wide = Table("t", header, rows, "l" + "r" * 7, "caption")
    first, second = fitted(wide, [[0, 2, 4, 6], [1, 3, 5]])
    assert (first.key, second.key) == ("t", "t-2")
    assert first.header == ("", "c0", "c2", "c4", "c6") and second.rows == (("row", "1", "3", "5"),)
    assert first.caption == second.caption == "caption"
    narrow = Table("n", header[:6], (rows[0][:6],), "lrrrrr")
    assert fitted(narrow, [[0], [1, 2, 3, 4]]) == (narrow,)


def test_the_four_arm_bridge_shows_arms_and_differences_apart(study):
    ds = mm.simulate(study, draws=200, seed=6)
    section = bridge_section(RunContext(ds, "nl"))
    tables = [b for b in section.blocks if isinstance(b, Table)]
    assert [t.key for t in tables] == ["bridge", "bridge-2"]
    assert tables[0].header[1:] == tuple(study.translate(a.label, "nl") for a in study.arms)
    assert all(" − " in h for h in tables[1].header[1:]) and len(tables[1].header) == 4
    assert all(len(t.header) - 1 <= MAX_COLUMNS for t in tables)


@pytest.mark.parametrize(
    "lang, who",
    [("en", "Risk profile of the city of Zwolle"), ("nl", "Risicoprofiel van de gemeente Zwolle")],
)
def test_the_risk_figures_name_the_payer_in_the_readers_language(study, monkeypatch, lang, who):
    """Not the label as a table shows it ("City of Zwolle", "Municipality (gemeente)"), but
    as a sentence names it, in the reader's language."""
    from mkba_mc.plots import risk as risk_figures
    from mkba_mc.report.risk import risk_sections

    titles, draw = [], risk_figures.risk_profile

    def profile(*args, **kwargs):
        fig = draw(*args, **kwargs)
        titles.append(fig.get_suptitle())
        return fig

    monkeypatch.setattr(risk_figures, "risk_profile", profile)
    ds = mm.simulate(study, draws=300, seed=2)
    risk_sections(RunContext(ds, lang))
    assert len(titles) == 1 and titles[0].startswith(who)
