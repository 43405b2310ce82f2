"""README.md says what mkba-mc does: its scripts run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text("utf-8")
GUARD = 'if __name__ == "__main__":'


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
