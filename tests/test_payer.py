"""A study whose payer is not called "municipality" (``[study] payer = "city"``): the
payer's own business case, its share of the benefits and its risk, through the API, the
console and the report, with no sentence of the shipped study (tests/configs/four_arms.toml,
written by a reviewer from the docs alone)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest

import mkba_mc as mm
from mkba_mc.cli import main
from mkba_mc.decision import decision_summary, municipality_share, payer
from mkba_mc.report.document import Image, Paragraph, Table
from mkba_mc.risk import business_case, risk_profile, stakeholder_balances

CONFIG = Path(__file__).parent / "configs" / "four_arms.toml"
SHIPPED_WORDS = (
    "Regioplan",
    "Den Haag",
    "The Hague",
    "Klantreis",
    "FIG",
    "84%",
    "2017",
    "hoofdstuk 4",
    "chapter 4",
    "gestabiliseerd",
    "stabilised",
)


@pytest.fixture(scope="module")
def ds():
    return mm.simulate(mm.load_study(CONFIG), draws=3000, seed=11)


def test_the_run_knows_its_payer(ds):
    assert mm.load_study(CONFIG).payer == "city"
    assert payer(ds) == "city"


def test_the_payers_share_is_its_benefits_over_the_total(ds):
    strict = municipality_share(ds, "strict")["share"].values
    city = ds["benefit_by_stakeholder"].sel(stakeholder="city").mean("draw")
    total = ds["total_benefit"].mean("draw")
    np.testing.assert_allclose(strict, (city / total).values, rtol=1e-12)
    assert "payer_strict" in decision_summary(ds)


def test_keys_name_the_payers_role_not_a_municipality(ds):
    """The payer's readings are keyed by role (``payer_partly``), whoever the payer is."""
    from mkba_mc.risk import PARTLY
    from mkba_mc.spec import DEFAULT_PAYER

    assert PARTLY == "payer_partly" and DEFAULT_PAYER == "municipality"
    assert set(business_case(ds)["case"].values) >= {"societal", "city", PARTLY}
    keys = set(decision_summary(ds).data_vars)
    assert {"payer_partly", "payer_partly_se", "payer_strict", "payer_strict_se"} <= keys
    assert not [k for k in keys if "municipality" in k]


def test_the_payers_business_case_is_its_stakeholder_balance(ds):
    cases = business_case(ds)
    assert "city" in cases["case"].values
    expected = stakeholder_balances(ds).sel(stakeholder="city").mean("draw")
    np.testing.assert_allclose(cases["mean"].sel(case="city").values, expected.values)
    assert risk_profile(ds).attrs["case"] == "city"  # the payer's case by default


def test_run_prints_the_payers_case_once_each(capsys):
    assert main(["run", str(CONFIG), "--draws", "3000", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "Risico voor de gemeente Zwolle (eigen business case" in out
    block = out[out.index("Risico voor de gemeente Zwolle") :].split("\n\n")[0]
    assert block.count("maatschappelijk saldo per cliënt") == 1
    assert not [w for w in SHIPPED_WORDS if w in out]


def _texts(blocks) -> list[str]:
    """The words of report blocks: paragraphs, table heads, cells and captions, figure
    captions."""
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [*block.header, *(c for row in block.rows for c in row), block.caption]
        elif isinstance(block, Image):
            out.append(block.caption)
    return out


PAYER = {"en": "the city of Zwolle", "nl": "de gemeente Zwolle"}
"""The payer of four_arms ("City of Zwolle" / "Gemeente Zwolle") as a sentence names it."""
NOT_THE_PAYER = {
    "en": r"\bthe municipality\b|\bmunicipal (?:balance|business)",
    "nl": r"\bde gemeente\b(?! Zwolle)|\bgemeentelijke? (?:saldo|business)",
}
"""How the texts named the payer before they used its label (the config's own words, such
as "municipal cost per route", may stay)."""


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_console_names_the_payer_by_its_label(capsys, lang):
    assert main(["run", str(CONFIG), "--draws", "3000", "--lang", lang]) == 0
    out = capsys.readouterr().out
    share = {"en": "Share of benefits with", "nl": "Aandeel van de baten bij"}[lang]
    risk = {"en": "Risk for", "nl": "Risico voor"}[lang]
    assert f"{share} {PAYER[lang]} (" in out
    assert f"{risk} {PAYER[lang]} (" in out
    assert not re.search(NOT_THE_PAYER[lang], out, re.IGNORECASE)


EXTRA_INVESTMENT = {
    "en": (
        "In the columns arm − baseline, the last row is the chance that the city of Zwolle "
        "recovers the extra investment: that its balance is higher with the arm than with the "
        "baseline."
    ),
    "nl": (
        "In de kolommen route − basisroute is de laatste regel de kans dat de gemeente Zwolle "
        "de extra investering terugverdient: dat het saldo met de route hoger is dan met de "
        "basisroute."
    ),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_console_says_a_difference_column_recovers_the_extra_investment(capsys, lang):
    assert main(["run", str(CONFIG), "--draws", "3000", "--seed", "11", "--lang", lang]) == 0
    out = capsys.readouterr().out
    risk = {"en": "Risk for", "nl": "Risico voor"}[lang]
    lines = out[out.index(f"{risk} {PAYER[lang]} (") :].split("\n\n")[0].splitlines()
    p_row = lines[-3]
    assert p_row.lstrip().startswith({"en": "P(the city", "nl": "kans dat de gemeente"}[lang])
    assert " ".join(lines[-2:]) == EXTRA_INVESTMENT[lang]
    # The cell of "early − regular" is P(the city's balance is higher with early), not the
    # difference of the two arms' chances of recovering their own investments.
    city = stakeholder_balances(mm.simulate(mm.load_study(CONFIG), draws=3000, seed=11))
    city = city.sel(stakeholder="city")
    p_extra = float((city.sel(arm="early") > city.sel(arm="regular")).mean())
    p_own = [float((city.sel(arm=a) > 0).mean()) for a in ("regular", "early")]
    assert 0.05 < p_extra < 0.95 and max(p_own) < 0.01
    cells = re.split(r"\s{2,}", p_row.strip())  # label, 4 arms, 3 differences
    shown = f"{100 * p_extra:.1f}%"
    assert cells[5].startswith(shown if lang == "en" else shown.replace(".", ","))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_names_the_payer_by_its_label(ds, lang):
    from mkba_mc.report.common import RunContext
    from mkba_mc.report.decision import decision_section
    from mkba_mc.report.risk import risk_sections

    run = RunContext(ds, lang)
    sections = [*risk_sections(run), decision_section(run)]
    texts = [s.title for s in sections] + [x for s in sections for x in _texts(s.blocks)]
    title = {"en": "Risk for the city of Zwolle:", "nl": "Risico voor de gemeente Zwolle:"}
    assert sections[0].title.startswith(title[lang])
    named = [x for x in texts if PAYER[lang] in x]
    assert len(named) >= 10  # the business case, its readings, the year, payback, who gains
    assert not [x for x in texts if re.search(NOT_THE_PAYER[lang], x, re.IGNORECASE)]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_speaks_of_this_study_only(capsys, tmp_path, lang):
    out = tmp_path / f"r-{lang}.html"
    code = main(["report", str(CONFIG), "--draws", "2000", "--lang", lang, "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    page = re.sub(r"<img[^>]*>", "", out.read_text(encoding="utf-8"))
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert not [w for w in SHIPPED_WORDS if w in text]
    assert PAYER[lang] in text and not re.search(NOT_THE_PAYER[lang], text, re.IGNORECASE)
