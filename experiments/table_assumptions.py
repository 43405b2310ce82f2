"""Table 'assumptions': every input of the default study with its distribution and source.

    python experiments/table_assumptions.py [--out results/]

writes ``table_assumptions.csv`` (name, label, unit, group, distribution, source), read
from the attributes of a run, exactly as the report lists them. Uses 1 draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from _common import options

import mkba_mc as mm


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv, lang=False)
    ds = mm.simulate(mm.load_study(), draws=1, seed=args.seed)
    rows = [
        {
            "name": v.removeprefix("param_"),
            **{
                k: ds[v].attrs.get(k, "")
                for k in ("long_name", "units", "group", "distribution", "source")
            },
        }
        for v in ds.data_vars
        if ds[v].attrs.get("role") == "parameter"
    ]
    csv = args.out / "table_assumptions.csv"
    pd.DataFrame(rows).to_csv(csv, index=False)
    return [csv]


if __name__ == "__main__":
    for path in main():
        print(path)
