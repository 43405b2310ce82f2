"""The worked examples of configs/README.md are valid and do what they say."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import mkba_mc as mm
from mkba_mc.config import load_study

README = Path(__file__).parents[1] / "configs" / "README.md"


def examples() -> list[str]:
    blocks = re.findall(r"```toml\n(.*?)```", README.read_text("utf-8"), flags=re.S)
    return [b for b in blocks if "extends = " in b]


def load(text: str, tmp_path: Path):
    path = tmp_path / "example.toml"
    path.write_text(text, encoding="utf-8")
    return load_study(path)


def test_every_worked_example_resolves_and_validates(tmp_path):
    found = examples()
    assert len(found) == 6
    for text in found:
        study = load(text, tmp_path)
        assert study.text.startswith(text.splitlines()[0])


def test_five_line_set_and_the_remove_example(tmp_path):
    default = mm.load_study()
    five, *_, back, _aftercare = examples()
    assert len(five.strip().splitlines()) == 5
    assert load(five, tmp_path).parameters["months_earlier_exit"].distribution.value == 6
    restored = load(back, tmp_path)
    for field in dataclasses.fields(default):
        if field.name not in ("text", "origin"):
            assert getattr(restored, field.name) == getattr(default, field.name), field.name


def test_a_cost_charged_to_one_arm_only(tmp_path):
    aftercare = next(t for t in examples() if "Klantreis with aftercare" in t)
    study = load(aftercare, tmp_path)
    a = mm.simulate(mm.load_study(), draws=20_000, seed=8)
    b = mm.simulate(study, draws=20_000, seed=8)
    extra = (b["investment"] - a["investment"]).sel(arm="KR").values
    assert (b["investment"] - a["investment"]).sel(arm="FIG").values.max() == 0
    # E[aftercare] = 250 x E[successful share]: Dirichlet(counts + 0.5) over 25.5, with
    # in_settlement resolving to solved at a Beta(85, 15) probability (mean 0.85)
    expected = 250 * (3.5 + 7.5 + 0.85 * 5.5) / 25.5
    se = extra.std(ddof=1) / math.sqrt(extra.size)
    assert abs(extra.mean() - expected) < 4 * se


def test_the_three_arm_example_is_the_tested_config():
    relative = examples()[-1]
    assert relative == (Path(__file__).parent / "data" / "aftercare.toml").read_text("utf-8")
