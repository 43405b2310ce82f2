"""The whole report: the default study in English and Dutch, as HTML and Markdown.

    python experiments/make_report.py [--draws N] [--seed S] [--out results/]

writes ``report_en.html``, ``report_nl.html``, ``report_en.md`` and ``report_nl.md`` (with
their ``*_figures/`` folders), replacing earlier ones: what ``mkba-mc report`` writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from _common import default_run, options

from mkba_mc.report import SensitivityAnalyses, build_report, write_report


def main(argv: Sequence[str] | None = None) -> list[Path]:
    args = options(__doc__.splitlines()[0], argv, lang=False)
    ds = default_run(args)
    analyses = SensitivityAnalyses(ds)  # computed once for both languages
    written = []
    for lang in ("en", "nl"):
        report = build_report(ds, lang, analyses=analyses)
        written += write_report(report, args.out / f"report_{lang}.html", "html", force=True)
        written += write_report(report, args.out / f"report_{lang}.md", "md", force=True)
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
