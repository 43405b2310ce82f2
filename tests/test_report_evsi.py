"""The report's paragraphs, table and figure on what more dossiers would be worth: the
council's section (in plain words) and the appendix (the statistics) show what
:func:`mkba_mc.evsi.evsi` computes for the same study, seed and draws."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from mkba_mc.config import embedded_config, load_study, parse_study  # noqa: E402
from mkba_mc.evsi import evsi  # noqa: E402
from mkba_mc.plots._labels import money, number  # noqa: E402
from mkba_mc.report import SensitivityAnalyses  # noqa: E402
from mkba_mc.report.common import RunContext  # noqa: E402
from mkba_mc.report.document import Image, Paragraph, Table  # noqa: E402
from mkba_mc.report.drivers import drivers_section  # noqa: E402
from mkba_mc.report.sensitivity import sensitivity_section  # noqa: E402
from mkba_mc.simulation import simulate  # noqa: E402

SEED = 11
DRAWS = 2048


@pytest.fixture(scope="module")
def study():
    return load_study()


class _Section:
    """The blocks of report sections by kind: paragraphs, tables and images by key."""

    def __init__(self, *sections):
        blocks = [b for section in sections for b in section.blocks]
        self.paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
        self.tables = {b.key: b for b in blocks if isinstance(b, Table)}
        self.images = {b.key: b for b in blocks if isinstance(b, Image)}

    def paragraph(self, start: str) -> str:
        found = [p for p in self.paragraphs if p.startswith(start)]
        assert len(found) == 1, (start, self.paragraphs)
        return found[0]


def _sections(study, langs=("en", "nl")):
    ds = simulate(study, draws=DRAWS, seed=SEED, cohort="expected")
    analyses = SensitivityAnalyses(ds, voi_draws=DRAWS, sobol_n=256)
    runs = {lang: RunContext(ds, lang) for lang in langs}
    return {
        lang: _Section(drivers_section(run, analyses), sensitivity_section(run, analyses))
        for lang, run in runs.items()
    }


@pytest.fixture(scope="module")
def html(study):
    return _sections(study)


@pytest.fixture(scope="module")
def result(study):
    return evsi(study, seed=SEED, draws=DRAWS)


def test_the_paragraph_gives_the_best_size_its_value_and_cost(html, result):
    best = result.optimum.iloc[0]
    assert best["wtp"] == 0.0 and best["worthwhile"]
    row = result.table[
        (result.table["wtp"] == 0.0) & (result.table["dossiers"] == best["dossiers"])
    ]
    row = row.iloc[0]
    about = {k: money(float(f"{row[k]:.3g}"), "en") for k in ("per_year", "over_horizon", "enbs")}
    text = html["en"].paragraph("Is it worth reading more dossiers before deciding?")
    assert "29 FIG-route and 23 Klantreis dossiers" in text
    assert (
        f"Counting only the gains expressed in money, reading {number(best['dossiers'], 'en')} "
        f"more dossiers per route would be worth about {about['per_year']} a year "
        f"({about['over_horizon']} over 5 years); it costs {money(row['study_cost'], 'en')}, so "
        f"it is expected to gain {about['enbs']} net"
    ) in text
    appendix = html["en"].paragraph("At λ = €0, reading")
    assert (
        f"At λ = €0, reading {number(best['dossiers'], 'en')} more dossiers per route would be "
        f"worth about {about['per_year']} a year ({about['over_horizon']} over 5 years); it costs "
        f"{money(row['study_cost'], 'en')}, so its expected net benefit is {about['enbs']}"
    ) in appendix
    assert "ASSUMPTION" in appendix and "conjugate" in appendix
    nl = html["nl"].paragraph("Loont het om meer dossiers te lezen")
    assert (
        f"Als alleen de baten in geld meetellen, is {number(best['dossiers'], 'nl')} dossiers "
        "meer per route"
    ) in nl


def test_the_table_and_figure_are_the_apis(html, result):
    report = html["en"]
    rows = report.tables["evsi"].rows
    assert len(rows) == len(result.optimum)
    for cells, (_, best) in zip(rows, result.optimum.iterrows(), strict=True):
        limit = result.limit[result.limit["wtp"] == best["wtp"]].iloc[0]
        assert cells[0] == f"λ = {money(best['wtp'], 'en')}"
        assert cells[1] == money(limit["per_year"], "en")
        if best["worthwhile"]:
            assert cells[2] == number(best["dossiers"], "en")
            assert cells[5] == f"{money(best['enbs'], 'en')} ± {number(best['enbs_se'], 'en')}"
        else:
            assert cells[2] == "none"
    assert report.images["enbs"].png[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_research_table_no_paragraph():
    text = embedded_config("regioplan2020.toml")
    start = text.index("[research]")
    study = parse_study(text[:start] + text[text.index("\n# ---", start) :], origin="plain")
    assert study.research is None
    report = _sections(study, ("en",))["en"]
    assert "evsi" not in report.tables and "enbs" not in report.images
    assert not [p for p in report.paragraphs if p.startswith("Is it worth reading more dossiers")]


RESEARCH = """
[research]
fixed_cost = 15000
cost_per_dossier = 120
horizon_years = 4
intakes_per_year = 1200
parameters = ["share_rent_arrears"]
source = "ASSUMPTION: a dossier study"
"""


@pytest.fixture
def research_with_effect_arms(tmp_path):
    """A study with a [research] table and an arm given as an effect on another arm,
    which EVSI by conjugate updating cannot yet value."""
    from pathlib import Path

    four_arms = Path(__file__).parent / "configs" / "four_arms.toml"
    path = tmp_path / "research.toml"
    path.write_text(f'extends = "{four_arms}"\n{RESEARCH}', encoding="utf-8")
    study = load_study(path)
    assert study.research is not None and any(a.effect is not None for a in study.arms)
    return path


def test_a_study_evsi_cannot_value_gets_a_report_that_says_so(research_with_effect_arms):
    from mkba_mc.evsi import evsi_obstacle

    study = load_study(research_with_effect_arms)
    assert evsi_obstacle(study)[0] == "effect_arms"
    with pytest.raises(ValueError, match="arms given as an effect"):
        evsi(study, seed=SEED, draws=DRAWS)
    sections = _sections(study)
    for lang, start in (
        ("en", "The value of a new dossier study (EVSI) is not computed"),
        ("nl", "De waarde van een nieuw dossieronderzoek (EVSI) is voor"),
    ):
        report = sections[lang]
        assert "evsi" not in report.tables and "enbs" not in report.images
        assert "effect" in report.paragraph(start)


def test_sensitivity_leaves_evsi_out_or_refuses_it_in_one_line(research_with_effect_arms, capsys):
    from mkba_mc.cli import main

    path = str(research_with_effect_arms)
    assert main(["sensitivity", path, "--method", "evsi", "--draws", "1024"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "arms given as an effect on another arm" in err
    assert main(["sensitivity", path, "--draws", "1024", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(
        "The value of a new dossier study (EVSI) is left out: it cannot yet value a study of "
        "routes defined by their effect on another route."
    )
