"""Any study, in the reader's language (SPEC 5, 8): the Dutch report holds no English label
and no code name; a study of our own gets a report with nothing of Regioplan in it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import mkba_mc as mm  # noqa: E402
from mkba_mc.plots._labels import percent  # noqa: E402
from mkba_mc.report import SensitivityAnalyses, build_report  # noqa: E402
from mkba_mc.report.document import render_html  # noqa: E402

THREE_ARMS = Path(__file__).parent / "configs" / "three_arms.toml"


def rendered_text(page: str) -> str:
    """What a reader sees: the text of the page, without markup, styles or images."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    page = re.sub(r"<img[^>]*>", "", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def report_text(study, lang: str, draws: int = 1500) -> str:
    ds = mm.simulate(study, draws=draws, seed=4)
    analyses = SensitivityAnalyses(ds, voi_draws=draws, sobol_n=512)
    return rendered_text(render_html(build_report(ds, lang, analyses=analyses)))


@pytest.fixture(scope="module")
def dutch():
    study = mm.load_study()
    return study, report_text(study, "nl")


def test_the_dutch_report_shows_no_english_label_of_the_config(dutch):
    study, text = dutch
    english = [en for en, nl in study.translations["nl"].items() if en != nl]
    assert len(english) > 50  # labels, units, sources, title, description, limits
    # A label may be a word inside a longer Dutch text (such as a unit "share"), so each is
    # matched as a whole phrase between non-letters.
    shown = [e for e in english if re.search(rf"(?<![\w]){re.escape(e)}(?![\w])", text)]
    assert shown == []


def test_the_dutch_report_shows_no_code_names(dutch):
    study, text = dutch
    names = [*study.parameters, *(b.name for b in study.benefits), *(c.name for c in study.costs)]
    coded = [n for n in names if "_" in n and re.search(rf"\b{re.escape(n)}\b", text)]
    assert coded == []
    assert not re.search(r"\[[A-Z]+\]", text)  # no "name [ARM]" references


def test_a_study_of_our_own_has_no_regioplan_words_and_each_arms_chance_to_be_best():
    study = mm.load_study(THREE_ARMS)
    text = report_text(study, "en", draws=2000)
    for word in ("Regioplan", "Klantreis", "FIG", "Den Haag", "Van Geuns"):
        assert word not in text, word
    best = mm.analysis.prob_best(mm.simulate(study, draws=2000, seed=4))
    for row in best.itertuples():
        label = study.arm(row.arm).label
        assert f"{percent(row.p_best, 'en')} for the {label}" in text
    assert "Voorbeeldstad" in text  # its title and source come from its config
