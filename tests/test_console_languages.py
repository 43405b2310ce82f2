"""The terminal in the reader's language (SPEC 5): ``--lang nl`` on run, compare, bridge and
sweep prints no English label of the config and no code name; ``[study] language`` is the
default; English is as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mkba_mc as mm
from mkba_mc.cli import main
from mkba_mc.plots._labels import probability

CONFIGS = Path(__file__).parents[1] / "configs"


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def study():
    return mm.load_study()


def english_labels(study) -> list[str]:
    """The config's texts that it translates into something else in Dutch."""
    return [en for en, nl in study.translations["nl"].items() if en != nl]


def shown(texts: list[str], out: str) -> list[str]:
    """Which of ``texts`` appear in ``out`` as whole phrases (between non-letters)."""
    return [t for t in texts if re.search(rf"(?<![\w]){re.escape(t)}(?![\w])", out)]


def code_names(study, out: str) -> list[str]:
    """Parameter, stream, cost and arm codes that ``out`` shows."""
    names = [*study.parameters, *(b.name for b in study.benefits), *(c.name for c in study.costs)]
    coded = [n for n in names if "_" in n and re.search(rf"\b{re.escape(n)}\b", out)]
    arms = [a.name for a in study.arms if a.name != study.translate(a.label, "nl")]
    # an arm code inside its own label ("FIG" in "FIG-route") is the label, not the code
    bare = [a for a in arms if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", out)]
    return coded + bare


@pytest.mark.parametrize(
    "command",
    [
        ("run", "--draws", 3000, "--seed", 5),
        ("bridge", "--draws", 2000, "--seed", 5),
        (
            "compare",
            CONFIGS / "regioplan2020.toml",
            CONFIGS / "regioplan2020_literature.toml",
            "--draws",
            2000,
        ),
        ("sweep", "--grid", "parameters.months_earlier_exit.value=4,6.5", "--draws", 1000),
    ],
    ids=["run", "bridge", "compare", "sweep"],
)
def test_dutch_output_has_no_english_label_and_no_code_name(capsys, study, command):
    out = run_cli(capsys, *command, "--lang", "nl")
    assert len(english_labels(study)) > 50
    assert shown(english_labels(study), out) == []
    assert code_names(study, out) == []
    for word in ("mean", "balance", "draws", "investment", "benefits", "against", "per client"):
        assert not re.search(rf"\b{word}\b", out), word
    assert "Klantreis" in out and "FIG-route" in out  # the labels, in their Dutch form


def test_dutch_numbers_and_words_are_those_of_the_report(capsys, study):
    out = run_cli(capsys, "run", "--draws", 3000, "--seed", 5, "--lang", "nl")
    ds = mm.simulate(study, draws=3000, seed=5)
    p = float((ds["balance"].sel(arm="KR") > ds["balance"].sel(arm="FIG")).mean())
    se = (p * (1 - p) / 3000) ** 0.5
    assert f"kans Klantreis beter dan FIG-route = {probability(p, se, 'nl')}" in out
    assert "," in probability(p, se, "nl")  # 61,4% ± 0,9%
    mean = float(ds["balance"].sel(arm="KR").mean())
    assert f"€ {'−' if round(mean) < 0 else ''}{abs(round(mean)):,}".replace(",", ".") in out
    assert "3.000 trekkingen" in out
    assert study.translate(study.title, "nl") in out


def test_the_configs_language_is_the_default(capsys, tmp_path):
    config = tmp_path / "dutch.toml"
    config.write_text(
        f'extends = "{CONFIGS / "regioplan2020.toml"}"\n\n[study]\nlanguage = "nl"\n'
        'title = "Een Nederlandse set"\n',
        encoding="utf-8",
    )
    study = mm.load_study(config)
    out = run_cli(capsys, "bridge", config, "--draws", 1000)
    assert "Van het saldo van de studie" in out and "gemiddelde van de simulatie" in out
    assert run_cli(capsys, "bridge", config, "--draws", 1000, "--lang", "en").startswith(
        "From the study's balance"
    )
    assert study.language == "nl"


def test_english_keeps_the_codes_and_the_words_as_before(capsys):
    out = run_cli(capsys, "run", "--draws", 3000, "--seed", 5)
    assert "FIG-route (FIG, baseline)" in out
    assert "Klantreis against FIG-route (KR − FIG)" in out
    assert "Euros per client. Mean ± Monte Carlo standard error; median; 5–95% interval." in out
    assert "From the study's balance to the simulation's mean (euros per client; FIG = " in out
    assert "3,000 draws" in out


@pytest.mark.parametrize(
    ("p", "se", "en", "nl"),
    [
        (0.6334, 0.0021, "63.3% ± 0.2%", "63,3% ± 0,2%"),
        (0.855, 0.0002, "85.5% ± 0.02%", "85,5% ± 0,02%"),
        (0.0, 0.0, "< 0.1%", "< 0,1%"),
        (0.00004, 0.00001, "< 0.1%", "< 0,1%"),
        (0.0006, 0.0001, "0.1% ± 0.01%", "0,1% ± 0,01%"),
        (1.0, 0.0, "> 99.9%", "> 99,9%"),
        (0.25, float("nan"), "25.0%", "25,0%"),
    ],
)
def test_a_probability_never_shows_as_zero_with_a_zero_error(p, se, en, nl):
    assert probability(p, se, "en") == en
    assert probability(p, se, "nl") == nl


FRAME_WORDS = {
    "validate": (
        "valid",
        "source",
        "arms",
        "baseline",
        "shares",
        "group",
        "draws",
        "shared",
        "per arm",
        "all clients",
        "stakeholders",
        "mean",
        "published",
    ),
    "replicate": (
        "Replication",
        "Costs",
        "Benefits",
        "Outcomes",
        "published",
        "investment",
        "balance",
        "total benefits",
        "clients",
        "per client",
        "reproduced",
        "the rows",
    ),
    "diff": (
        "Inputs",
        "differ",
        "mean",
        "Other settings",
        "What each difference",
        "interactions",
        "all",
        "difference",
        "input",
        "arm",
    ),
}
"""English words of each command's frame, which its Dutch output must not show."""

FOUR_ARMS = Path(__file__).parent / "configs" / "four_arms.toml"


@pytest.mark.parametrize(
    "command",
    [
        ("validate", FOUR_ARMS),
        ("validate", CONFIGS / "regioplan2020.toml"),
        ("replicate",),
        ("diff", CONFIGS / "regioplan2020.toml", CONFIGS / "regioplan2020_literature.toml"),
    ],
    ids=["validate-four-arms", "validate", "replicate", "diff"],
)
def test_validate_replicate_and_diff_speak_dutch(capsys, command):
    out = run_cli(capsys, *command, "--lang", "nl")
    # diff shows the configs' own texts that differ, as they are written (the titles)
    frame = "\n".join(line for line in out.splitlines() if '"' not in line)
    for word in FRAME_WORDS[command[0]]:
        assert not re.search(rf"(?<![\w']){re.escape(word)}(?![\w'])", frame), word
    english = run_cli(capsys, *command, "--lang", "en")
    assert any(re.search(rf"\b{re.escape(w)}\b", english) for w in FRAME_WORDS[command[0]])


def test_validate_takes_the_configs_language_and_names_a_relative_arms_effect(capsys):
    out = run_cli(capsys, "validate", FOUR_ARMS)  # [study] language = "nl"
    assert out.startswith(f"{FOUR_ARMS}: geldig")
    study = mm.load_study(FOUR_ARMS)
    coach = study.arm("coach")
    assert coach.relative_to == "early"
    assert (
        "Vroegsignalering met wijkcoach [coach] (geen eigen dossiers: Vroegsignalering met de "
        "odds van successful maal „odds ratio van succes met een wijkcoach”)"
    ) in out
    english = run_cli(capsys, "validate", FOUR_ARMS, "--lang", "en")
    assert (
        "Early signalling with neighbourhood coach [coach] (no dossiers of its own: Early "
        "signalling with the odds of successful times “odds ratio of success with a "
        "neighbourhood coach”)"
    ) in english


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_validate_leads_with_labels_and_keeps_the_keys_that_find_a_line(capsys, lang):
    """Arms, inputs, costs, benefits and stakeholders by their labels, each with the key of
    its table in the config beside it ([arms.KEY], [parameters.KEY], ...); the terms of a
    cost or benefit in words."""
    out = run_cli(capsys, "validate", FOUR_ARMS, "--lang", lang)
    study = mm.load_study(FOUR_ARMS)
    tr = study.translate
    for arm in study.arms:
        assert f"{tr(arm.label, lang)} [{arm.name}] (" in out
        assert f"{arm.name} (" not in out
    rows = {line.split("  ")[1]: line for line in out.splitlines() if line.startswith("  ")}
    for name, p in study.parameters.items():
        if name != "outcome_shares":
            label = tr(p.label, lang)
            assert rows[label].split()[len(label.split())] == name  # the label, then the key
    for item in (*study.costs, *study.benefits):
        assert f"  {tr(item.label, lang)} [{item.name}]" in out
    for key, label in study.stakeholders.items():
        assert f"{tr(label, lang)} [{key}]" in out
    terms = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    assert terms and not [t for t in terms for p in study.parameters if p in t.split(" × ")]
    assert not [t for t in terms for k in study.stakeholders if f"→ {k}" in t]


def test_replication_names_no_table_numbers_and_its_erratum_speaks_dutch(capsys, study):
    for lang in ("en", "nl"):
        out = run_cli(capsys, "replicate", "--lang", lang)
        # only the config's source names the study's tables ("tables 3.3 and 3.6–3.13")
        titles = out.splitlines()[2:]
        assert not re.search(r"tables? \d", "\n".join(titles))
        assert not re.search(r"tabel(len)? \d", "\n".join(titles))
    assert "laten voorkomen re-integratie (€ 320) weg" in out  # the Dutch stream label
    assert "42 van de 42 gepubliceerde getallen" in out


def test_the_dutch_run_header_says_configuratie_and_startwaarde(capsys):
    out = run_cli(capsys, "run", "--draws", "2000", "--lang", "nl", "--quiet")
    header = out.splitlines()[1]
    assert header.startswith("configuratie ") and " startwaarde 20200101 " in header
    assert not re.search(r"\b(config|seed)\b", out)
