"""Every experiment script runs and writes what experiments/README.md says it does."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pandas as pd
import pytest

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"
SCRIPTS = sorted(p.stem for p in EXPERIMENTS.glob("*.py") if not p.name.startswith("_"))


@pytest.fixture
def experiments(monkeypatch):
    monkeypatch.syspath_prepend(str(EXPERIMENTS))
    return lambda name: importlib.import_module(name)


def test_readme_lists_every_script():
    readme = (EXPERIMENTS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(\w+)\.py` \|", readme, flags=re.MULTILINE))
    assert listed == set(SCRIPTS)


@pytest.mark.parametrize(
    "name",
    [  # make_report builds the whole report (10 s): with the slow checks
        pytest.param(name, marks=pytest.mark.slow) if name == "make_report" else name
        for name in SCRIPTS
    ],
)
def test_script_writes_its_outputs(experiments, name, tmp_path):
    written = experiments(name).main(["--draws", "1500", "--seed", "3", "--out", str(tmp_path)])
    assert written, name
    for path in written:
        assert path.exists() and path.parent == tmp_path, path
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        elif path.suffix == ".csv":
            assert len(pd.read_csv(path)) > 0


def test_scripts_follow_the_seed(experiments, tmp_path):
    script = experiments("table_summary")
    first = script.main(["--draws", "800", "--seed", "9", "--out", str(tmp_path / "a")])[0]
    again = script.main(["--draws", "800", "--seed", "9", "--out", str(tmp_path / "b")])[0]
    other = script.main(["--draws", "800", "--seed", "10", "--out", str(tmp_path / "c")])[0]
    assert first.read_bytes() == again.read_bytes() != other.read_bytes()
