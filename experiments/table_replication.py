"""Table 'replication': the study's tables 3.3 and 3.6–3.13 recomputed, with the erratum.

    python experiments/table_replication.py [--out results/]

writes ``table_replication.csv`` (:func:`mkba_mc.replicate` of the embedded point
replication, every row next to the published figure) and ``table_replication_erratum.txt``.
No simulation: ``--draws`` and ``--seed`` are accepted and not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import options

import mkba_mc as mm
from mkba_mc.config import POINT_STUDY, embedded_config


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv, lang=False)
    rep = mm.replicate(
        mm.parse_study(embedded_config(POINT_STUDY), origin=f"mkba_mc:{POINT_STUDY}")
    )
    csv = args.out / "table_replication.csv"
    rep.table.to_csv(csv, index=False)
    erratum = args.out / "table_replication_erratum.txt"
    erratum.write_text("\n".join(rep.erratum) + "\n", encoding="utf-8")
    return [csv, erratum]


if __name__ == "__main__":
    for path in main():
        print(path)
