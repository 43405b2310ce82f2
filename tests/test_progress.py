"""Progress on standard error (tqdm): on a terminal, or anywhere with --progress; never
with --quiet; the numbers printed are the same with or without it."""

from __future__ import annotations

import io
from importlib import resources

import pytest

import mkba_mc as mm
from mkba_mc.cli import common, main
from mkba_mc.cli.common import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


def test_progress_follows_the_counts_it_is_given_and_clears_when_done():
    stream = Terminal()
    progress = Progress("draws", file=stream)
    for done in range(1, 6):
        progress(done * 1000, 5000)
        assert progress.bar.n == done * 1000 and progress.bar.total == 5000
    assert "/5000" in stream.getvalue() and "draws/s" in stream.getvalue()  # redrawn at most
    assert progress.bar.disable  # closed: tqdm disables a closed bar
    assert stream.getvalue().endswith("\r")  # leave=False clears the line


def test_progress_closes_when_the_work_stops_early():
    stream = Terminal()
    with Progress("draws", file=stream) as progress:
        progress(1000, 5000)  # a stop rule ends the run here
    assert progress.bar.disable


def test_progress_is_silent_off_a_terminal_unless_asked():
    piped = io.StringIO()
    progress = Progress("draws", file=piped)
    progress(1000, 5000)
    assert piped.getvalue() == ""
    asked = io.StringIO()
    Progress("draws", show=True, file=asked)(1000, 5000)
    assert "/5000" in asked.getvalue()
    never = Terminal()
    Progress("draws", show=False, file=never)(1000, 5000)
    assert never.getvalue() == ""


def test_run_shows_progress_on_a_terminal_and_never_with_quiet(capsys, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(common.sys, "stderr", terminal)
    assert main(["run", "--draws", "5000", "--seed", "1"]) == 0
    assert "draws" in terminal.getvalue() and "/5000" in terminal.getvalue()
    terminal.seek(0)
    terminal.truncate()
    assert main(["run", "--draws", "5000", "--quiet", "--progress"]) == 0
    default = [str(resources.files("mkba_mc").joinpath("configs", "regioplan2020.toml"))]
    assert main(["compare", "--quiet", "--draws", "10", *default]) == 0
    assert terminal.getvalue() == ""


def test_asked_progress_leaves_the_numbers_unchanged(capsys):
    plain, err = run_cli(capsys, "run", "--draws", 8000, "--seed", 4)
    assert err == ""  # captured standard error is not a terminal
    shown, err = run_cli(capsys, "run", "--draws", 8000, "--seed", 4, "--progress")
    assert shown == plain
    assert "/8000" in err and "draws" in err


@pytest.mark.parametrize(
    ("command", "unit"),
    [
        (("sweep", "--grid", "parameters.months_earlier_exit.value=4,6", "--draws", 500), "points"),
        (("sensitivity", "--method", "threshold"), "analyses"),
        (("bridge", "--draws", 2000), "draws"),
    ],
    ids=["sweep", "sensitivity", "bridge"],
)
def test_other_commands_show_their_progress_when_asked(capsys, command, unit):
    _, err = run_cli(capsys, *command, "--progress")
    assert unit in err


def test_a_report_counts_its_sections(monkeypatch):
    from mkba_mc.report import SensitivityAnalyses, build
    from mkba_mc.report.document import Section

    # the figures and analyses are tested elsewhere; here only the counting
    def stub(key):
        return lambda *args: Section(key, key, ())

    for name in (
        "distributions_section",
        "decision_section",
        "sensitivity_section",
        "replication_section",
    ):
        monkeypatch.setattr(build, name, stub(name))
    monkeypatch.setattr(build, "risk_sections", lambda run: [stub("risk")(), stub("payback")()])
    ds = mm.simulate(mm.load_study(), draws=600, seed=2)
    calls = []
    report = build.build_report(
        ds,
        "en",
        analyses=SensitivityAnalyses(ds, voi_draws=600, sobol_n=256),
        progress=lambda done, total: calls.append((done, total)),
    )
    total = calls[0][1]
    assert calls == [(done, total) for done in range(1, total + 1)]
    assert len(report.sections) == total + 1  # the risk step gave two sections
