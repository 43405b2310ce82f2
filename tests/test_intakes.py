"""A year of intakes: the config's own number (``[study] intakes_per_year``, else its
``[research]`` table's), never The Hague's 3,000 in silence."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkba_mc.cli import main
from mkba_mc.config import ConfigError, load_study
from mkba_mc.decision import INTAKES_PER_YEAR, yearly_intakes

FOUR_ARMS = Path(__file__).parent / "configs" / "four_arms.toml"  # no intakes, no [research]
DEFAULT_NOTE = "mkba-mc's default, as the config states no intakes_per_year"


def test_the_study_states_its_intakes_or_takes_the_research_tables():
    assert load_study(FOUR_ARMS).intakes_per_year is None
    assert yearly_intakes(load_study(FOUR_ARMS)) == INTAKES_PER_YEAR
    stated = load_study(FOUR_ARMS, ["study.intakes_per_year=1200"])
    assert stated.intakes_per_year == yearly_intakes(stated) == 1200
    default = load_study()  # the shipped study's [research] gives The Hague's 3,000
    assert default.research is not None
    assert default.intakes_per_year == default.research.intakes_per_year == 3000


@pytest.mark.parametrize("value", ["0", "-5", "1.5", '"many"', "2000000000"])
def test_a_bad_intakes_per_year_names_the_key(value):
    with pytest.raises(ConfigError, match="study.intakes_per_year"):
        load_study(FOUR_ARMS, [f"study.intakes_per_year={value}"])


def test_run_says_when_the_year_is_the_tools_default(capsys):
    args = ["run", str(FOUR_ARMS), "--draws", "2000", "--lang", "en"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"A year of {INTAKES_PER_YEAR:,} intakes per route" in out and DEFAULT_NOTE in out
    assert main([*args, "--set", "study.intakes_per_year=1200"]) == 0
    out = capsys.readouterr().out
    assert "A year of 1,200 intakes per route" in out and DEFAULT_NOTE not in out
    assert main([*args, "--intakes", "900"]) == 0
    out = capsys.readouterr().out
    assert "A year of 900 intakes per route" in out and DEFAULT_NOTE not in out
    assert main(["run", "--draws", "2000"]) == 0  # the shipped study states its 3,000
    assert DEFAULT_NOTE not in capsys.readouterr().out


@pytest.mark.slow
def test_the_report_takes_the_studys_year_and_names_the_default(tmp_path, capsys):
    stated = tmp_path / "stated.md"
    args = ["report", str(FOUR_ARMS), "--draws", "500", "--lang", "en", "--format", "md"]
    assert main([*args, "--set", "study.intakes_per_year=1200", "--out", str(stated)]) == 0
    assert main([*args, "--out", str(tmp_path / "default.md")]) == 0
    capsys.readouterr()
    text = stated.read_text()
    assert "Yearly totals for 1,200 intakes" in text and "mkba-mc's default" not in text
    text = (tmp_path / "default.md").read_text()
    assert "The 3,000 intakes a year are mkba-mc's default" in text
