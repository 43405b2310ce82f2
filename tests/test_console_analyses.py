"""The console text of the sensitivity analyses, in English and Dutch: the numbers of the
result tables, written in each language's format."""

from __future__ import annotations

import pytest

from mkba_mc import console_analyses as text
from mkba_mc.config import load_study
from mkba_mc.plots._labels import group_label, money, number, percent
from mkba_mc.sensitivity import thresholds, tornado


@pytest.fixture(scope="module")
def study():
    return load_study()


@pytest.fixture(scope="module")
def bars(study):
    return tornado(study, rng=1)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_tornado_rows_show_the_tables_values_in_the_languages_format(bars, lang):
    out = text.format_tornado(bars, top=3, lang=lang, labels={"KR": "K", "FIG": "F"})
    rows = bars.table[bars.table["versus"] != ""].head(3)
    assert out.splitlines()[0].endswith(money(rows["base"].iloc[0], lang))
    assert "K − F" in out.splitlines()[0]
    for _, r in rows.iterrows():
        line = next(x for x in out.splitlines() if x.strip().startswith(r["input"] + " "))
        cells = [money(r[k], lang) for k in ("at_low", "at_high", "swing")]
        assert line.split()[-len(" ".join(cells).split()) :] == " ".join(cells).split()
        assert group_label(r["group"], lang) in line


def test_dutch_words_and_marks(bars, study):
    en, nl = (text.format_tornado(bars, lang=lang) for lang in ("en", "nl"))
    assert "One-way sensitivity" in en and "at 5%" in en and "€ " not in en
    assert "Eenzijdige gevoeligheid" in nl and "bij 5%" in nl and "€ " in nl
    found = thresholds(study)
    nl = text.format_thresholds(found, lang="nl")
    rows = found.table[(found.table["versus"] != "") & found.table["threshold"].notna()]
    for _, r in rows.iterrows():
        assert percent(r["quantile"], "nl", 1) in nl
    assert number(1234.5, "nl", 1) == "1.234,5"


def test_an_unknown_language_is_refused(bars):
    with pytest.raises(ValueError, match="lang"):
        text.format_tornado(bars, lang="de")
