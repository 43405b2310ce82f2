"""Output folders that never destroy what mkba-mc did not write (SPEC 7, issue 13 item 5,
issue 7 item 3), through the API and as real processes."""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mkba_mc
from mkba_mc.cli import main
from mkba_mc.config import load_study
from mkba_mc.outputs import (
    MARKER,
    OutputError,
    OutputExistsError,
    output_folder,
    rename_noreplace,
)
from mkba_mc.results import open_run, results_bytes, write_run

CONFIGS = Path(mkba_mc.__file__).parent / "configs"
EXE = [sys.executable, "-m", "mkba_mc.cli"]
ENV = {**os.environ, "PYTHONWARNINGS": "error"}
LONG_RUN = ["run", "--draws", "3000000", "--quiet"]  # seconds: long enough to interrupt


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and "Traceback" not in err


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def write(folder: Path, kind="run", force=False, files=("a.txt",)) -> None:
    with output_folder(folder, kind, force=force) as tmp:
        for name in files:
            (tmp / name).write_text(name)


def user_folder(path: Path) -> Path:
    path.mkdir()
    (path / "thesis.docx").write_text("four years of work")
    return path


def wait_for(condition, proc: subprocess.Popen, timeout=30.0):
    end = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def temporary(parent: Path, name: str) -> list[Path]:
    return sorted(parent.glob(f".{name}.*.tmp"))


# --------------------------------------------------------------------------- the API


def test_a_written_folder_is_marked_and_nothing_is_left_beside_it(tmp_path):
    write(tmp_path / "res", files=("a.txt", "b.csv"))
    assert names(tmp_path) == ["res"]  # no temporary folder, no lock file
    assert names(tmp_path / "res") == [MARKER, "a.txt", "b.csv"]
    marker = json.loads((tmp_path / "res" / MARKER).read_text())
    assert marker["kind"] == "run" and marker["state"] == "complete"
    assert marker["files"] == ["a.txt", "b.csv"]


def test_force_replaces_an_mkba_mc_folder_of_the_same_kind(tmp_path):
    write(tmp_path / "res", files=("old.txt",))
    write(tmp_path / "res", force=True, files=("new.txt",))
    assert names(tmp_path / "res") == [MARKER, "new.txt"]
    assert names(tmp_path) == ["res"]


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (user_folder, "was not written by mkba-mc"),
        (lambda p: write(p, kind="sensitivity"), "holds an mkba-mc sensitivity result, not a run"),
        (lambda p: p.write_text("a file"), "exists and is not a folder"),
        (lambda p: p.symlink_to(p.parent), "is a symbolic link"),
    ],
)
def test_force_refuses_anything_else_and_touches_nothing(tmp_path, prepare, message):
    target = tmp_path / "res"
    prepare(target)
    before = {p: (p.is_file() and p.read_bytes()) for p in tmp_path.rglob("*")}
    with pytest.raises(OutputExistsError, match=message):
        write(target, force=True)
    assert {p: (p.is_file() and p.read_bytes()) for p in tmp_path.rglob("*")} == before


def test_force_refuses_an_mkba_mc_folder_holding_a_users_file(tmp_path):
    write(tmp_path / "res")
    (tmp_path / "res" / "notes.txt").write_text("mine")
    with pytest.raises(OutputExistsError, match="holds 'notes.txt', which mkba-mc did not"):
        write(tmp_path / "res", force=True)
    assert (tmp_path / "res" / "notes.txt").read_text() == "mine"
    assert names(tmp_path) == ["res"]


def test_what_appears_during_the_run_is_never_replaced(tmp_path):
    target = tmp_path / "res"
    with pytest.raises(OutputExistsError, match="something else was put there during the run"):
        with output_folder(target, "run") as tmp:
            (tmp / "a.txt").write_text("ours")
            user_folder(target)  # someone else, mid-run
    assert names(target) == ["thesis.docx"]
    assert names(tmp_path) == ["res"]


def test_a_users_file_dropped_into_the_old_result_during_a_forced_run_is_kept(tmp_path):
    target = tmp_path / "res"
    write(target, files=("old.txt",))
    with pytest.raises(OutputExistsError, match="holds 'notes.txt'"):
        with output_folder(target, "run", force=True) as tmp:
            (tmp / "new.txt").write_text("ours")
            (target / "notes.txt").write_text("mine")
    assert names(target) == [MARKER, "notes.txt", "old.txt"]
    assert names(tmp_path) == ["res"]


def test_rename_noreplace_never_replaces_even_an_empty_folder(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "dst").mkdir()  # os.rename would silently replace this one
    with pytest.raises(FileExistsError):
        rename_noreplace(tmp_path / "src", tmp_path / "dst")
    rename_noreplace(tmp_path / "src", tmp_path / "new")
    assert names(tmp_path) == ["dst", "new"]


def test_one_run_at_a_time_per_folder(tmp_path):
    target = tmp_path / "res"
    with output_folder(target, "run") as tmp:
        (tmp / "a.txt").write_text("first")
        with pytest.raises(OutputError, match=f"{target}: another mkba-mc run is writing"):
            write(target)
    assert names(target) == [MARKER, "a.txt"]
    write(tmp_path / "other")  # other folders are not locked
    assert names(tmp_path) == ["other", "res"]


def test_leftovers_of_a_killed_run_are_removed_and_named(tmp_path, caplog):
    leftover = tmp_path / ".res.k1ll3d.tmp"
    leftover.mkdir()
    (leftover / MARKER).write_text(json.dumps({"writer": "mkba-mc", "state": "writing"}))
    (leftover / "results.nc").write_bytes(b"half")
    unrelated = tmp_path / ".res.notours.tmp"  # same pattern, no marker: not ours
    unrelated.mkdir()
    with caplog.at_level(logging.WARNING, logger="mkba_mc"):
        write(tmp_path / "res")
    assert names(tmp_path) == [".res.notours.tmp", "res"]
    assert f"removed {leftover}, left behind by an interrupted run" in caplog.text


def test_a_full_disk_is_one_line_naming_the_folder_and_leaves_nothing(tmp_path):
    with pytest.raises(OutputError, match=f"{tmp_path / 'res'}: the disk is full"):
        with output_folder(tmp_path / "res", "run"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert names(tmp_path) == []


def test_an_interrupted_block_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with output_folder(tmp_path / "res", "run") as tmp:
            (tmp / "a.txt").write_text("half")
            raise KeyboardInterrupt
    assert names(tmp_path) == []


def test_the_disk_a_run_needs_is_checked_before_it_starts(tmp_path, monkeypatch):
    study = load_study(None)
    small = 2000
    write_run(study, tmp_path / "res", draws=small, seed=1, cohort="expected")
    store = tmp_path / "res" / "results.zarr"
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    assert size <= results_bytes(study, small) <= 2 * size + (1 << 20)
    # A disk of 200 MB free (a real one has more than the largest run allowed would fill).
    disk = shutil.disk_usage(tmp_path)
    free = 200 << 20
    monkeypatch.setattr("mkba_mc.outputs.shutil.disk_usage", lambda _path: disk._replace(free=free))
    per_draw = (results_bytes(study, 2000) - results_bytes(study, 1000)) / 1000
    too_many = int(2 * free / per_draw)
    assert results_bytes(study, too_many) > free  # else the run below would fill the disk
    with pytest.raises(OutputError, match=r"the run needs about .* of disk and .* free"):
        write_run(study, tmp_path / "big", draws=too_many, seed=1)
    assert names(tmp_path) == ["res"]


# --------------------------------------------------------------------------- the CLI


def test_run_force_refuses_a_users_folder(capsys, tmp_path):
    target = user_folder(tmp_path / "mine")
    code, out, err = run_cli(capsys, "run", "--draws", 500, "--out", target, "--force")
    assert code == 2 and one_line(err)
    assert f"{target}: was not written by mkba-mc" in err
    assert names(target) == ["thesis.docx"]
    assert names(tmp_path) == ["mine"]


def test_run_force_replaces_a_results_folder_holding_its_reports(capsys, tmp_path):
    from mkba_mc.report import Report, write_report

    target = tmp_path / "res"
    assert run_cli(capsys, "run", "--draws", 500, "--quiet", "--out", target)[0] == 0
    report = Report(title="t", meta="m", lang="en", sections=())
    write_report(report, target / "report-en.html")
    write_report(report, target / "report-nl.md", fmt="md")
    marker = json.loads((target / MARKER).read_text())
    assert {"report-en.html", "report-nl.md", "report-nl_figures"} <= set(marker["files"])
    code, out, err = run_cli(capsys, "run", "--draws", 600, "--quiet", "--out", target, "--force")
    assert code == 0, err
    with open_run(target) as ds:
        assert ds.sizes["draw"] == 600
    assert "report-en.html" not in names(target) and names(tmp_path) == ["res"]


def test_compare_and_run_folders_are_different_kinds(capsys, tmp_path):
    target = tmp_path / "res"
    assert run_cli(capsys, "run", "--draws", 500, "--quiet", "--out", target)[0] == 0
    code, out, err = run_cli(
        capsys, "compare", CONFIGS / "regioplan2020.toml", "--out", target, "--force"
    )
    assert code == 2 and one_line(err)
    assert "holds an mkba-mc run result, not a compare" in err


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("{file}/sub", "{file} is a file, not a folder"),
        ("{file}/deeper/sub", "{file} is a file, not a folder"),
        ("/", "is the root of the file system"),
    ],
)
def test_bad_output_paths_exit_2_with_one_line(capsys, tmp_path, out, message):
    file = tmp_path / "existing_file"
    file.write_text("mine")
    out, message = out.format(file=file), message.format(file=file)
    for command in (["run", "--draws", 500], ["report", "--format", "html"]):
        target = f"{out}.html" if command[0] == "report" and out != "/" else out
        code, _, err = run_cli(capsys, *command, "--out", target, "--force")
        assert code == 2 and one_line(err), err
        assert message in err
    assert file.read_text() == "mine" and names(tmp_path) == ["existing_file"]


def test_out_in_proc_exits_2(capsys):
    code, out, err = run_cli(capsys, "run", "--draws", 500, "--out", "/proc/mkba-mc-x")
    assert code == 2 and one_line(err) and "/proc/mkba-mc-x: cannot write" in err
    code, out, err = run_cli(capsys, "report", "--out", "/proc/mkba-mc-x.html")
    assert code == 2 and one_line(err) and "/proc/mkba-mc-x.html: cannot" in err


def test_out_dot_with_force_refuses_the_current_folder(capsys, tmp_path, monkeypatch):
    user_folder(tmp_path / "work")
    monkeypatch.chdir(tmp_path / "work")
    code, out, err = run_cli(capsys, "run", "--draws", 500, "--out", ".", "--force")
    assert code == 2 and one_line(err) and "was not written by mkba-mc" in err
    assert names(tmp_path) == ["work"] and names(tmp_path / "work") == ["thesis.docx"]


def test_a_closed_pipe_ends_quietly(tmp_path):
    proc = subprocess.Popen(
        [*EXE, "run", "--draws", "2000", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    proc.stdout.close()  # like `| head -1` having read its line and gone
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 141 and err == b""


def start_long_run(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [*EXE, *LONG_RUN, "--out", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    wait_for(
        lambda: any((t / "results.zarr").exists() for t in temporary(target.parent, "res")),
        proc,
    )
    return proc


def test_sigterm_is_handled_like_ctrl_c(tmp_path):
    proc = start_long_run(tmp_path / "res")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143
    # Nothing under the final name; the blocks done so far are kept, named, for --resume.
    kept = tmp_path / ".res.resume.tmp"
    assert err.decode() == (
        f"mkba-mc: kept {kept}: finish the run with --resume, or run again without it to "
        "start over (which removes it)\nmkba-mc: terminated; nothing was written\n"
    )
    assert names(tmp_path) == [kept.name]


def test_a_killed_runs_leftovers_are_removed_and_named_by_the_next_run(tmp_path):
    proc = start_long_run(tmp_path / "res")
    proc.kill()  # kill -9: no handler runs
    proc.communicate(timeout=30)
    (leftover,) = temporary(tmp_path, "res")
    done = subprocess.run(
        [*EXE, "run", "--draws", "500", "--quiet", "--out", str(tmp_path / "res")],
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert done.returncode == 0, done.stderr
    assert f"mkba-mc: removed {leftover}, left behind by an interrupted run\n" == done.stderr
    assert names(tmp_path) == ["res"]


def test_two_runs_aimed_at_one_folder_never_both_succeed(tmp_path, capsys):
    target = tmp_path / "res"
    first = start_long_run(target)  # another process: the lock is the kernel's
    code, out, err = run_cli(capsys, "run", "--draws", 500, "--quiet", "--out", target, "--force")
    first.send_signal(signal.SIGTERM)  # that one run succeeds is shown above; save time
    first.communicate(timeout=30)
    assert code == 2 and one_line(err)
    assert f"{target}: another mkba-mc run is writing this folder" in err


@pytest.fixture
def small_disk(tmp_path):
    """A real 3 MB file system (a tmpfs), where this process may mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_disk_that_fills_during_the_run_is_one_line_naming_the_folder(small_disk):
    from mkba_mc.simulation import simulate_to_netcdf

    study = load_study(None)
    target = small_disk / "res"
    with pytest.raises(OutputError, match=rf"^{target}: the disk is full \(.*\); nothing was"):
        with output_folder(target, "run") as tmp:  # no estimate given: the disk fills up
            simulate_to_netcdf(study, tmp / "results.nc", draws=20_000, seed=1)
    assert names(small_disk) == []
    draws = 200_000
    assert results_bytes(study, draws) > shutil.disk_usage(small_disk).free
    code = main(["run", "--draws", str(draws), "--quiet", "--out", str(target)])
    assert code == 2 and names(small_disk) == []  # refused before the run by the estimate


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_report_force_replaces_only_an_mkba_mc_report(tmp_path, fmt):
    from mkba_mc.report import Report, figures_folder, write_report

    report = Report(title="t", meta="m", lang="en", sections=())
    ours, theirs = tmp_path / f"ours.{fmt}", tmp_path / f"theirs.{fmt}"
    write_report(report, ours, fmt=fmt)
    write_report(report, ours, fmt=fmt, force=True)
    theirs.write_text("# My own notes\n")
    with pytest.raises(OutputExistsError, match=f"{theirs}: was not written by mkba-mc"):
        write_report(report, theirs, fmt=fmt, force=True)
    assert theirs.read_text() == "# My own notes\n"
    if fmt == "md":  # a figures folder that is not mkba-mc's is refused too
        theirs.unlink()
        user_folder(figures_folder(theirs))
        with pytest.raises(OutputExistsError, match="was not written by mkba-mc"):
            write_report(report, theirs, fmt=fmt, force=True)
        assert not theirs.exists() and names(figures_folder(theirs)) == ["thesis.docx"]


def test_an_interrupted_swap_puts_the_earlier_result_back(tmp_path, monkeypatch):
    import mkba_mc.outputs as outputs

    target = tmp_path / "res"
    write(target, files=("old.txt",))
    real = outputs.rename_noreplace

    def interrupted(source, dest):
        if Path(source).name.endswith(".tmp"):  # the new result's move into place
            raise KeyboardInterrupt
        real(source, dest)

    monkeypatch.setattr(outputs, "rename_noreplace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write(target, force=True, files=("new.txt",))
    assert names(target) == [MARKER, "old.txt"] and names(tmp_path) == ["res"]
