"""Hostile and unlucky use of results folders (SPEC 7, issue 13): what a user with bad luck
does to ``mkba-mc run --out``, ``--resume``, ``--force`` and to the readers of a results
folder, and what must happen then."""

from __future__ import annotations

import errno
import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from mkba_mc import load_study
from mkba_mc.cli import main
from mkba_mc.outputs import MARKER, OutputError, OutputExistsError, output_folder
from mkba_mc.results import open_run, write_run_summary
from mkba_mc.sampling import BLOCK_SIZE
from mkba_mc.store import StoreError

DRAWS = 3 * BLOCK_SIZE


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and "Traceback" not in err


def records(partial: Path) -> dict[str, bytes]:
    """The checksum records of a store: one per finished block."""
    return {p.name: p.read_bytes() for p in (partial / "results.zarr.sha256").glob("*.json")}


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory) -> Path:
    """The hidden folder a run to ``res`` keeps for ``--resume`` when it is interrupted
    (as by Ctrl-C) after two of its three blocks."""
    target = tmp_path_factory.mktemp("interrupted") / "res"

    def progress(done: int, total: int) -> None:
        if done >= 2 * BLOCK_SIZE:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_run_summary(load_study(), target, DRAWS, seed=5, progress=progress)
    partial = target.with_name(f".{target.name}.resume.tmp")
    assert len(records(partial)) == 2
    return partial


def interrupted_run(interrupted: Path, target: Path) -> Path:
    """A copy of the interrupted run beside ``target``, as if it had been aimed there."""
    partial = target.with_name(interrupted.name)
    shutil.copytree(interrupted, partial)
    return partial


# --------------------------------------------------------------------------- --resume


@pytest.mark.parametrize(
    "other",
    [{"seed": 6}, {"draws": DRAWS + 1}, {"cohort": 7}, {"keep": "all"}],
    ids=lambda o: next(iter(o)),
)
def test_a_refused_resume_keeps_the_run_it_was_asked_to_finish(interrupted, tmp_path, other):
    """A typo in ``--resume`` (another seed, draws, cohort or --keep) is refused, and the
    interrupted run's blocks are still there, untouched."""
    target = tmp_path / "res"
    partial = interrupted_run(interrupted, target)
    done = records(partial)
    run = {"draws": DRAWS, "seed": 5, **other}
    with pytest.raises(StoreError, match=f"the run to resume has {next(iter(other))}"):
        write_run_summary(load_study(), target, resume=True, **run)
    assert records(partial) == done and not target.exists()


def test_after_a_refused_resume_the_right_one_ends_as_an_uninterrupted_run(interrupted, tmp_path):
    target = tmp_path / "res"
    interrupted_run(interrupted, target)
    with pytest.raises(StoreError):
        write_run_summary(load_study(), target, DRAWS, seed=6, resume=True)
    resumed = write_run_summary(load_study(), target, DRAWS, seed=5, resume=True)
    whole = write_run_summary(load_study(), tmp_path / "whole", DRAWS, seed=5)
    assert resumed.summary().equals(whole.summary())
    a, b = open_run(target), open_run(tmp_path / "whole")
    for name in a.data_vars:
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res", "whole"]


def test_a_full_disk_on_resume_keeps_the_blocks_done_and_says_where(interrupted, tmp_path):
    target = tmp_path / "res"
    partial = interrupted_run(interrupted, target)
    done = records(partial)
    with pytest.raises(OutputError, match=rf"^{target}: the disk is full .* kept in {partial}"):
        with output_folder(target, "run", resumable=True, resume=True):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert records(partial) == done


def test_a_refused_resume_on_the_command_line_is_one_line_and_keeps_the_run(
    interrupted, tmp_path, capsys
):
    target = tmp_path / "res"
    partial = interrupted_run(interrupted, target)
    done = records(partial)
    args = ["run", "--draws", str(DRAWS), "--quiet", "--out", str(target), "--resume"]
    assert main([*args, "--seed", "6"]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and "the run to resume has seed 5, this run 6" in err
    assert records(partial) == done


# --------------------------------------------------------------------------- --target-se

CONFIGS = Path(__file__).parent / "configs"


@pytest.mark.parametrize("value", ["50", "100", "1e308"])
def test_a_beats_target_no_run_could_miss_is_refused(capsys, value):
    """beats= is in percentage points: a standard error of a probability is 50 at most,
    so a larger target (a fraction typed as percent, say) would stop every run at once."""
    assert main(["run", "--draws", "500", "--target-se", f"beats={value}"]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and f"so {value} would stop nothing" in err


@pytest.mark.parametrize(
    ("target", "lang", "line"),
    [
        (
            "beats=10",
            "nl",
            "Gestopt na 16.384 trekkingen: de gevraagde standaardfouten zijn bereikt.",
        ),
        ("delta=1e-9", "nl", "Gestopt na 16.394 trekkingen: --draws bereikt."),
        ("delta=1e-9", "en", "Stopped after 16,394 draws: reached --draws."),
    ],
)
def test_why_a_run_stopped_is_said_in_the_readers_language(capsys, target, lang, line):
    """A target of 10 percentage points is met at the first block (16,384 draws: the
    standard error is at most 0.4); one of a billionth of a euro never is, and --draws
    ends the run. Four arms, a Dutch study."""
    args = ["run", CONFIGS / "four_arms.toml", "--draws", BLOCK_SIZE + 10, "--quiet"]
    assert main([*map(str, args), "--target-se", target, "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1] == line


# --------------------------------------------------------------------------- readers


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """A finished results folder of the four-arm study: 2,000 draws, one block."""
    folder = tmp_path_factory.mktemp("results") / "res"
    write_run_summary(load_study(CONFIGS / "four_arms.toml"), folder, 2000, seed=3)
    return folder


def copy_of(results: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "res"
    shutil.copytree(results, folder)
    return folder


def test_a_report_of_more_draws_than_memory_holds_is_refused_before_reading(
    results, tmp_path, capsys, monkeypatch
):
    """A run streams any number of draws to --out; a report reads them all. A results
    folder beyond the memory limit (here made 1,000 draws of this study) is refused in one
    line before a block is read, and asks for --draws: the report of the run's first draws."""
    from mkba_mc.simulation import bytes_per_draw

    folder = copy_of(results, tmp_path)
    per_draw = bytes_per_draw(load_study(CONFIGS / "four_arms.toml"))
    monkeypatch.setattr("mkba_mc.cli.common.MAX_MEMORY_BYTES", 1000 * per_draw)
    monkeypatch.setattr("mkba_mc.cli.report.open_run", None)  # never reached
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and err.startswith(f"mkba-mc: error: {folder}: a report of 2000 draws")
    assert err.rstrip().endswith("1000 draws of this study (use --draws)")
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in results.iterdir())


@pytest.mark.slow
def test_a_reports_language_is_the_stored_runs_not_its_config_copy(results, tmp_path, capsys):
    """config.toml beside the store is a copy for people to read (and edit, or delete);
    the report's language comes from the run's own stored config, so a Dutch study still
    gets a Dutch report."""
    folder = copy_of(results, tmp_path)
    (folder / "config.toml").unlink()
    assert main(["report", str(folder)]) == 0
    assert capsys.readouterr().out == f"Geschreven: {folder / 'report-nl.html'}.\n"
    assert (folder / "report-nl.html").is_file()


# --------------------------------------------------------------------------- --force


def tree(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): p.is_file() and p.read_bytes() for p in folder.rglob("*")}


def test_force_refuses_a_users_file_inside_a_subfolder_mkba_mc_wrote(tmp_path):
    """A user's file anywhere in the folder is theirs, not only at its top."""
    target = tmp_path / "res"
    with output_folder(target, "run") as tmp:
        (tmp / "store" / "0").mkdir(parents=True)
        (tmp / "store" / "0" / "chunk").write_bytes(b"ours")
    (target / "store" / "0" / "notes.txt").write_text("mine")
    before = tree(tmp_path)
    with pytest.raises(OutputExistsError, match=f"^{target}/store: holds other files than"):
        with output_folder(target, "run", force=True) as tmp:
            (tmp / "new.txt").write_text("ours")
    assert tree(tmp_path) == before
    (target / "store" / "0" / "notes.txt").unlink()  # moved out: now it may be replaced
    with output_folder(target, "run", force=True) as tmp:
        (tmp / "new.txt").write_text("ours")
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "new.txt"]


def test_run_force_refuses_a_users_figure_in_its_reports_figures_folder(results, tmp_path, capsys):
    from mkba_mc.report import Report, write_report

    folder = copy_of(results, tmp_path)
    write_report(Report(title="t", meta="m", lang="nl", sections=()), folder / "r.md", fmt="md")
    (folder / "r_figures" / "my-edited-figure.png").write_bytes(b"mine")
    before = tree(tmp_path)
    assert main(["run", "--draws", "500", "--quiet", "--out", str(folder), "--force"]) == 2
    err = capsys.readouterr().err
    assert one_line(err)
    assert f"{folder}/r_figures: holds 'my-edited-figure.png', which mkba-mc did not" in err
    assert tree(tmp_path) == before


# --------------------------------------------------------------------------- leftovers


@pytest.mark.parametrize(
    ("target", "other"),
    [
        ("res", ".res.1.resume.tmp"),
        ("res", ".res.1.k1ll3d0x.tmp"),
        ("res[1]", ".res1.k1ll3d0x.tmp"),
    ],
)
def test_a_run_removes_its_own_leftovers_only(interrupted, tmp_path, caplog, target, other):
    """The hidden folder of a run to another folder (``res.1``, running now or kept for
    --resume; ``res1``, whose name a pattern ``res[1]`` matches) is not a leftover of this
    one: a run to ``res`` once deleted it, and the other run died with exit 1."""
    shutil.copytree(interrupted, tmp_path / other)
    own = tmp_path / f".{target}.k1ll3d0x.tmp"
    shutil.copytree(interrupted, own)
    done = records(tmp_path / other)
    with caplog.at_level(logging.WARNING, logger="mkba_mc"):
        with output_folder(tmp_path / target, "run") as tmp:
            (tmp / "a.txt").write_text("ours")
    assert caplog.messages == [f"removed {own}, left behind by an interrupted run"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([other, target])
    assert records(tmp_path / other) == done


@pytest.mark.parametrize(
    "refusal",
    [
        {"needs_bytes": 1 << 60},  # more disk than there is: refused before any work
        {"fail": OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))},  # a full disk mid-run
        {"fail": ValueError("a bug")},
    ],
    ids=["disk estimate", "full disk", "failure"],
)
def test_a_refused_or_failed_run_leaves_no_folders_it_made(tmp_path, refusal):
    """--out new/deeper/res makes new/ and new/deeper/; a run that writes nothing there
    takes them away again (and leaves any the user had)."""
    (tmp_path / "mine").mkdir()
    target = tmp_path / "mine" / "new" / "deeper" / "res"
    fail = refusal.pop("fail", None)
    with pytest.raises((OutputError, ValueError)):
        with output_folder(target, "run", **refusal) as tmp:
            (tmp / "a.txt").write_text("half")
            raise fail
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == [Path("mine")]


def test_an_interrupted_run_in_folders_it_made_keeps_them_for_resume(tmp_path):
    target = tmp_path / "new" / "res"
    with pytest.raises(KeyboardInterrupt):
        with output_folder(target, "run", resumable=True) as tmp:
            (tmp / "a.txt").write_text("block 0")
            raise KeyboardInterrupt
    assert (tmp_path / "new" / ".res.resume.tmp" / "a.txt").read_text() == "block 0"


def test_a_report_of_the_store_itself_names_the_folder_to_give(results, capsys):
    assert main(["report", str(results / "results.zarr")]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and err.endswith(f"give the folder: mkba-mc report {results}\n")
