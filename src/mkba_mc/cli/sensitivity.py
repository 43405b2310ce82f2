"""``sensitivity``: which inputs decide the answer, and what more research would be worth."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from .._version import __version__
from ..console_words import w
from ..outputs import output_folder
from ..sensitivity.plan import SensitivityPlan
from .common import (
    CONFIG_HELP,
    EXIT_OK,
    InputError,
    add_overrides,
    add_progress,
    check_memory,
    draws_type,
    language,
    load_config,
    positive_int,
    progress_bar,
    seed_type,
)

SENSITIVITY_METHODS = ("tornado", "threshold", "sobol", "rank", "evppi", "evsi")
SENSITIVITY_DRAWS = 2**15
"""Default draws of ``mkba-mc sensitivity`` (and base sample of its Sobol' indices). On the
default study the Sobol' indices then vary by about 0.002 between seeds and the EVPI and
EVPPI by about €1.5 per client (benchmarks/bench_sensitivity.py)."""


def _sensitivity_draws(text: str) -> int:
    value = draws_type(text)
    if value < 1024:
        raise argparse.ArgumentTypeError(
            f"must be at least 1024 for sensitivity analyses, got {value}"
        )
    return value


def _sensitivity_wtp(text: str) -> float:
    try:
        value = float(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an amount in euros, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            f"must be a finite, non-negative amount in euros, got {text!r}"
        )
    return value


def add_parser(sub) -> None:
    """The parser of ``sensitivity``."""
    sens = sub.add_parser(
        "sensitivity", help="which inputs decide the answer, and what more research would be worth"
    )
    sens.add_argument("config", nargs="?", help=CONFIG_HELP)
    sens.add_argument(
        "--method",
        choices=(*SENSITIVITY_METHODS, "all"),
        default="all",
        help="tornado (one-way), threshold, sobol (global), rank (Spearman, SRRC), "
        "evppi (EVPI and EVPPI per input group), evsi (what n more dossiers per arm "
        "would be worth, with the config's [research] costs), or all (default; evsi only "
        "when the config has a [research] table)",
    )
    sens.add_argument(
        "--draws",
        type=_sensitivity_draws,
        default=SENSITIVITY_DRAWS,
        help="draws of the run behind rank indices and EVPPI, and the base sample of "
        "Sobol' indices (rounded down to a power of two); default %(default)s",
    )
    sens.add_argument("--seed", type=seed_type, help="random seed (default: the config's)")
    sens.add_argument(
        "--wtp",
        type=_sensitivity_wtp,
        nargs="+",
        metavar="EUROS",
        help="values of λ, euros per extra successful client, for EVPI and EVPPI "
        "(default: 0 2500 10000)",
    )
    sens.add_argument(
        "--intakes",
        type=positive_int,
        help="intakes a year, to value information per year (default: the config's "
        "intakes_per_year, else 3,000)",
    )
    sens.add_argument("--out", type=Path, help="write CSV tables, PNG figures and metadata here")
    sens.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    sens.add_argument("--quiet", action="store_true", help="print the tables only")
    add_progress(sens)
    sens.add_argument(
        "--lang",
        choices=("en", "nl"),
        help="language of the text and figures (default: the config's [study] language)",
    )
    add_overrides(sens)
    sens.set_defaults(handler=_sensitivity)


def _sensitivity(args) -> int:
    import contextlib
    import dataclasses

    from ..config import config_hash
    from ..console_analyses import format_heading  # imports plots' vocabulary: matplotlib
    from ..decision import yearly_intakes
    from ..evsi import evsi_obstacle
    from ..sensitivity import study_inputs
    from ..voi import DEFAULT_WTP

    study = load_config(args.config, args.overrides)
    if not study_inputs(study):
        raise InputError(
            f"{study.origin}: every input is fixed; there is no uncertainty to analyse"
        )
    methods = SENSITIVITY_METHODS if args.method == "all" else (args.method,)
    if {"rank", "evppi", "sobol"} & set(methods):
        check_memory(study, args.draws, "a sensitivity analysis")
    obstacle = evsi_obstacle(study) if "evsi" in methods else None
    notes = []  # said with the results: an analysis of "all" that this config cannot have
    if obstacle is not None and study.correlations is None:
        key, reason = obstacle
        if args.method == "evsi":
            raise InputError(f"{study.origin}: {reason}")
        methods = tuple(m for m in methods if m != "evsi")
        if key != "no_research":
            notes.append(w(f"evsi_left_out_{key}", language(args, study)))
    if study.correlations is not None:  # variance-based indices need independent inputs
        if args.method in ("sobol", "evsi"):
            raise InputError(
                f"{study.origin}: correlations: {args.method} assumes independent inputs; "
                "with correlated ones use rank indices or EVPPI"
            )
        methods = tuple(m for m in methods if m not in ("sobol", "evsi"))
    seed = study.seed if args.seed is None else args.seed
    wtp = tuple(args.wtp) if args.wtp else DEFAULT_WTP
    intakes = yearly_intakes(study) if args.intakes is None else args.intakes
    if study.research is not None and args.intakes is not None:
        research = dataclasses.replace(study.research, intakes_per_year=args.intakes)
        study = dataclasses.replace(study, research=research)
    plan = SensitivityPlan.for_draws(seed, args.draws, wtp=wtp, intakes=intakes)
    lang = args.lang or (study.language if study.language in ("en", "nl") else "en")
    with contextlib.ExitStack() as stack:
        folder = None  # entered first: an existing --out is refused before any work
        if args.out is not None:
            folder = stack.enter_context(output_folder(args.out, "sensitivity", force=args.force))
        with progress_bar(args, "analyses") as progress:
            sections, tables, figures = _sensitivity_results(study, methods, plan, lang, progress)
        if not args.quiet:
            title = study.translate(study.title, lang)
            sections.insert(0, format_heading(title, seed, study.correlations is not None, lang))
        print("\n\n".join([*sections, *notes]))
        if folder is not None:
            written = _write_sensitivity(folder, study, tables, figures, lang)
            metadata = {
                "title": study.title,
                "config_origin": study.origin,
                "config_hash": config_hash(study.text),
                "config_overrides": list(study.overrides),
                "seed": seed,
                "draws": args.draws,
                "sobol_n": plan.sobol_n if "sobol" in methods else None,
                "methods": list(methods),
                "cohort": "expected",
                "wtp": list(wtp),
                "intakes": intakes,
                "lang": lang,
                "mkba_mc_version": __version__,
                "files": written,
            }
            (folder / "metadata.json").write_text(
                json.dumps(metadata, indent=2) + "\n", encoding="utf-8"
            )
            if not args.quiet:
                print(f"\nWrote {len(written)} files and metadata.json to {args.out}")
    return EXIT_OK


def _sensitivity_results(study, methods, plan: SensitivityPlan, lang: str, progress):
    """Run the chosen analyses by ``plan``: their text sections in ``lang``, CSV tables by
    file name, and results to draw; ``progress(analyses done, analyses)`` is called after
    each."""
    import pandas as pd

    from .. import console_analyses as text

    labels = {a.name: study.translate(a.label, lang) for a in study.arms}
    words = {"lang": lang, "labels": labels}
    named = {**words, "names": _input_names(study, lang)}
    sections, tables, figures = [], {}, {}
    if "tornado" in methods:
        by_input, by_group = plan.tornadoes(study)
        sections.append(text.format_tornado(by_input, **named))
        progress(len(sections), len(methods))
        tables["tornado.csv"] = pd.concat([by_input.table, by_group.table], ignore_index=True)
        figures["tornado"] = by_input
    if "threshold" in methods:
        result = plan.thresholds(study)
        sections.append(text.format_thresholds(result, **named))
        progress(len(sections), len(methods))
        tables["thresholds.csv"] = result.table
    if "sobol" in methods:
        result = plan.sobol(study)
        sections.append(text.format_sobol(result, **named))
        progress(len(sections), len(methods))
        tables["sobol.csv"] = result.table
        figures["sobol"] = result
    if "rank" in methods or "evppi" in methods:
        sample = plan.sample(study)
    if "rank" in methods:
        result = plan.rank(sample)
        sections.append(text.format_rank(result, **named))
        progress(len(sections), len(methods))
        tables["rank.csv"] = result.table
        tables["rank_groups.csv"] = result.groups
    if "evppi" in methods:
        result = plan.voi(sample)
        sections.append(text.format_voi(result, **words))
        progress(len(sections), len(methods))
        tables["evppi.csv"] = result.table
        tables["evppi_lambda.csv"] = result.curve
        tables["evppi_fit.csv"] = result.fits
        figures["evppi"] = result
    if "evsi" in methods:
        result = plan.evsi(study)
        sections.append(text.format_evsi(result, **words))
        progress(len(sections), len(methods))
        tables["evsi.csv"] = result.table
        tables["evsi_optimum.csv"] = result.optimum
        tables["evsi_limit.csv"] = result.limit
        figures["evsi"] = result
    return sections, tables, figures


def _input_names(study, lang: str) -> dict[str, str]:
    """Each uncertain input (``share_pw [KR]``) as the text and figures name it: the
    parameter's label in ``lang`` and, for one arm's input, that arm's label."""
    from ..plots._labels import term
    from ..sensitivity import study_inputs
    from ..spec import OUTCOME_SHARES

    arms = {a.name: study.translate(a.label, lang) for a in study.arms}
    names = {}
    for item in study_inputs(study):
        if item.parameter == OUTCOME_SHARES:
            name = term("outcome_shares", lang)
        else:
            name = study.translate(study.parameters[item.parameter].label, lang)
        names[item.label] = name if item.arm is None else f"{name} ({arms[item.arm]})"
    return names


def _write_sensitivity(folder: Path, study, tables: dict, figures: dict, lang: str) -> list[str]:
    """Write the tables as CSV and the figures (in ``lang``) as PNG into ``folder``; return
    the names."""
    from ..plots import sensitivity as plots

    names = _input_names(study, lang)
    written = []
    for name, table in tables.items():
        table.to_csv(folder / name, index=False)
        written.append(name)
    drawings = []
    words = {"lang": lang, "labels": {a.name: study.translate(a.label, lang) for a in study.arms}}
    for arm in (a for a in study.arm_names if a != study.baseline):
        if "tornado" in figures:
            figure = plots.tornado_figure(figures["tornado"], arm, names=names, **words)
            drawings.append((f"tornado-{arm}.png", figure))
        if "sobol" in figures:
            for kind, name in (("input", f"sobol-{arm}.png"), ("group", f"sobol-groups-{arm}.png")):
                figure = plots.sobol_figure(figures["sobol"], arm, kind=kind, names=names, **words)
                drawings.append((name, figure))
    if "evsi" in figures:
        drawings.append(("enbs.png", plots.enbs_figure(figures["evsi"], lang=lang)))
    if "evppi" in figures:
        result = figures["evppi"]
        drawings.append(("evppi.png", plots.evppi_figure(result, lang=lang)))
        drawings.append(("evppi-lambda.png", plots.evppi_lambda_figure(result, lang=lang)))
    for name, fig in drawings:
        fig.savefig(folder / name)
        written.append(name)
    return written
