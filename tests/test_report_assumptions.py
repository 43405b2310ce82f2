"""The report's assumptions table says what the config says: an arm defined relative to
another is described by its effect, and only a config with a published study hears that a
distribution around the study's value is the config's assumption, not the study's."""

from __future__ import annotations

from pathlib import Path

import pytest

import mkba_mc as mm
from mkba_mc.plots._labels import parameter_label
from mkba_mc.report.assumptions import assumptions_section
from mkba_mc.report.common import RunContext

CONFIGS = Path(__file__).parent / "configs"
FOUR_ARMS = CONFIGS / "four_arms.toml"
SHIPPED = Path(mm.__file__).parent / "configs" / "regioplan2020.toml"

LABELS = {
    "en": (
        "Regular counselling",
        "Early signalling",
        "Early signalling with neighbourhood coach",
        "Online self-help route",
    ),
    "nl": (
        "Reguliere schuldhulp",
        "Vroegsignalering",
        "Vroegsignalering met wijkcoach",
        "Online zelfhulproute",
    ),
}
EFFECT = {
    "en": (
        "as the Early signalling, with the {measure} of successful times “odds ratio of success "
        "with a neighbourhood coach”"
    ),
    "nl": (
        "als de Vroegsignalering, met {measure} successful maal „odds ratio van succes met "
        "een wijkcoach”"
    ),
}
MEASURE = {
    ("odds_ratio", "en"): "odds",
    ("odds_ratio", "nl"): "de odds van",
    ("risk_ratio", "en"): "share",
    ("risk_ratio", "nl"): "het aandeel",
}
NOT_THE_STUDYS = {
    "en": "the distribution around it is this config's assumption",
    "nl": "is de verdeling daaromheen een aanname van deze config",
}


def section(path: Path, lang: str):
    ds = mm.simulate(mm.load_study(path), draws=50, seed=2)
    intro, table = assumptions_section(RunContext(ds, lang)).blocks
    rows = {r[1]: r[3] for r in table.rows}
    return intro.text, rows[parameter_label(ds, "outcome_shares", lang)], rows


def per_arm(cell: str, labels: tuple[str, ...]) -> list[str]:
    """The parts of a per-arm cell (``label: text; label: text``), in the arms' order."""
    starts = [cell.index(f"{label}: ") for label in labels]
    ends = [start - len("; ") for start in starts[1:]] + [len(cell)]
    return [cell[s + len(f"{a}: ") : e] for a, s, e in zip(labels, starts, ends, strict=True)]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("measure", ["odds_ratio", "risk_ratio"])
def test_a_relative_arm_is_described_by_its_effect(tmp_path, lang, measure):
    path = tmp_path / "four_arms.toml"
    text = FOUR_ARMS.read_text("utf-8")
    path.write_text(text.replace("odds_ratio = ", f"{measure} = "), "utf-8")
    _, shares, _ = section(path, lang)
    regular, early, coach, online = per_arm(shares, LABELS[lang])
    assert coach == EFFECT[lang].format(measure=MEASURE[measure, lang])
    first = {
        "en": "Dirichlet(resolved 9.5, stable 8.5, ",
        "nl": "Dirichlet(resolved 9,5; stable 8,5; ",
    }[lang]
    assert early.startswith(first)  # the arm the coach starts from keeps its own counts
    assert all(a.startswith("Dirichlet(") and a.endswith(")") for a in (regular, online))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_same_as_input_of_a_relative_arm_is_still_its_own_distribution(lang):
    _, _, rows = section(FOUR_ARMS, lang)
    label = {
        "en": "share of clients with rent arrears",
        "nl": "aandeel cliënten met huurachterstand",
    }
    coach = {"en": "Early signalling with neighbourhood coach: Beta(15.5, 25.5)"}
    coach["nl"] = "Vroegsignalering met wijkcoach: Beta(15,5; 25,5)"
    assert coach[lang] in rows[label[lang]]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(
    ("path", "published"),
    [(SHIPPED, True), (FOUR_ARMS, False), (CONFIGS / "three_arms.toml", False)],
)
def test_only_a_published_study_hears_that_its_ranges_are_the_configs(path, published, lang):
    intro, _, _ = section(path, lang)
    assert (mm.load_study(path).published is not None) is published
    assert (NOT_THE_STUDYS[lang] in intro) is published
    assert "documented choice" not in intro and "gedocumenteerde keuze" not in intro
