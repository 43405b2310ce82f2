"""README.md says what mkba-mc does: its sample outputs are what the commands print, and
its scripts run as written."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from mkba_mc.cli import main

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text("utf-8")
GUARD = 'if __name__ == "__main__":'
ELIDED = "..."
"""A sample line that stands for lines of the output left out."""
VOLATILE = re.compile(r"sha256 [0-9a-f]+|\d{4}-\d\d-\d\dT[\d:.]+|(?:/|[A-Z]:\\)\S+")
"""What differs from machine to machine or run to run: a config's hash, a timestamp, a path."""
RISK_VIEW = ("Risk for ", "Risico voor ")
"""The risk view of ``run`` starts with one of these; it is compared by tests/test_risk.py."""


def sample_outputs() -> list[tuple[list[str], list[str]]]:
    """Each ``text`` block of README.md that starts with ``$ mkba-mc ...``: the command's
    arguments and the lines shown under it."""
    blocks = re.findall(r"```text\n\$ mkba-mc (.*?)\n(.*?)```", README, flags=re.S)
    return [(shlex.split(command), shown.splitlines()) for command, shown in blocks]


def _comparable(lines: list[str]) -> list[str]:
    """``lines`` without trailing spaces and volatile text, up to the risk view."""
    cut = next((i for i, line in enumerate(lines) if line.startswith(RISK_VIEW)), len(lines))
    return [VOLATILE.sub("<volatile>", line.rstrip()) for line in lines[:cut]]


def _segments(lines: list[str]) -> list[list[str]]:
    """The runs of shown lines between the elisions."""
    segments: list[list[str]] = [[]]
    for line in lines:
        if line == ELIDED:
            segments.append([])
        else:
            segments[-1].append(line)
    return [s for s in segments if s]


def test_every_sample_output_is_what_the_command_prints(capsys):
    samples = sample_outputs()
    assert samples, "README.md shows no sample output"
    for args, shown in samples:
        assert main(args) == 0
        printed = _comparable(capsys.readouterr().out.splitlines())
        start = 0
        for segment in _segments(_comparable(shown)):
            n = len(segment)
            found = [i for i in range(start, len(printed) - n + 1) if printed[i : i + n] == segment]
            assert found, f"mkba-mc {shlex.join(args)} no longer prints, in this order:\n" + (
                "\n".join(segment)
            )
            start = found[0] + n


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_every_python_block_that_starts_local_workers_has_the_guard():
    with_workers = [b for b in python_blocks() if re.search(r"Execution\(workers=", b)]
    assert with_workers, "README.md shows no API example with local workers"
    for block in with_workers:
        head, _, body = block.partition(GUARD)
        assert body, f"no {GUARD} in:\n{block}"
        assert "Execution(" not in head  # nothing starts workers before the guard
        assert "Execution(workers=" in body


@pytest.mark.slow
def test_the_workers_example_runs_as_a_script(tmp_path):
    (block,) = [b for b in python_blocks() if "Execution(workers=" in b]
    script = tmp_path / "sweep_workers.py"
    script.write_text(block, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "Nanny failed to start" not in done.stderr
    rows = [line.split() for line in done.stdout.splitlines()]
    months = [float(r[0]) for r in rows if len(r) == 4 and r[0].replace(".", "").isdigit()]
    assert months == [float(m) for m in range(4, 13)]  # one row per month, printed once
