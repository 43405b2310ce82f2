"""``run``, ``replicate``, ``bridge`` and ``validate``: one study, its answer."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from pathlib import Path

from ..bridge import bridge
from ..config import POINT_STUDY, embedded_config, parse_study
from ..console import format_replication, format_study
from ..console_run import format_arms, format_bridge, format_risk, format_summary
from ..console_words import arm_labels, the_payer, w
from ..decision import INTAKES_PER_YEAR, yearly_intakes
from ..engine import STOPPED_AT_DRAWS, STOPPED_AT_TARGET
from ..plots._labels import number
from ..replication import replicate
from ..results import write_run_summary
from ..risk import RiskOptions
from ..simulation import simulate
from .common import (
    COHORT_HELP,
    CONFIG_HELP,
    EXIT_OK,
    STRICT_HELP,
    InputError,
    add_lang,
    add_overrides,
    add_progress,
    add_workers,
    check_memory,
    cohort_type,
    draws_type,
    execution_of,
    intakes_type,
    language,
    load_config,
    loss_limit_type,
    progress_bar,
    seed_type,
)


def add_parsers(sub) -> None:
    """The parsers of ``run``, ``replicate``, ``bridge`` and ``validate``."""
    run = sub.add_parser("run", help="simulate a study and print the answer")
    run.add_argument("config", nargs="?", help=CONFIG_HELP)
    run.add_argument("--draws", type=draws_type, help="number of Monte Carlo draws")
    run.add_argument("--seed", type=seed_type, help="random seed (same seed, same results)")
    run.add_argument("--cohort", type=cohort_type, help=COHORT_HELP)
    run.add_argument(
        "--out",
        type=Path,
        help="write results.zarr (the draws), summary.csv, summary-nl.csv, summary.xlsx "
        "and metadata here",
    )
    run.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    run.add_argument(
        "--resume",
        action="store_true",
        help="finish the run to --out that was interrupted (same config, seed, draws, "
        "cohort and --keep), computing only the missing blocks and any damaged one",
    )
    run.add_argument(
        "--keep",
        choices=("outputs", "all"),
        default="outputs",
        help="outputs (default): investment, total benefit and balance per arm and draw "
        "(float32), the rest made again from the seed when the store is read; all: every "
        "input and output as drawn (float64), readable without mkba-mc",
    )
    add_execution(run)
    run.add_argument(
        "--quiet",
        action="store_true",
        help="print the answer only: no bridge, no risk view (unless --loss-limit), "
        "no progress, no file list",
    )
    run.add_argument(
        "--loss-limit",
        type=loss_limit_type,
        action="append",
        default=[],
        metavar="EUROS",
        help="report P(loss worse than EUROS) for the municipality (repeatable; per year)",
    )
    run.add_argument(
        "--loss-per",
        choices=("year", "client"),
        default="year",
        help="--loss-limit is per year of intakes (default) or per client",
    )
    run.add_argument(
        "--intakes",
        type=intakes_type,
        help="intakes a year per route for the yearly risk (default: the config's "
        f"intakes_per_year, else {INTAKES_PER_YEAR:,})",
    )
    run.add_argument("--strict", action="store_true", help=STRICT_HELP)
    run.add_argument(
        "--sampling",
        choices=("random", "lhs", "sobol"),
        help="sampling design: random draws, Latin hypercube or scrambled Sobol' points "
        "(default: the config's [sampling] method, else random)",
    )
    add_progress(run)
    add_lang(run)
    add_overrides(run)
    run.set_defaults(handler=_run)

    rep = sub.add_parser("replicate", help="reproduce the study's published tables")
    rep.add_argument(
        "config", nargs="?", help="config with [published]; default: the embedded point replication"
    )
    rep.add_argument("--json", action="store_true", help="print the tables as JSON")
    add_lang(rep)

    brg = sub.add_parser(
        "bridge",
        help="from the study's own balance to the simulation's mean, step by step",
    )
    brg.add_argument("config", nargs="?", help=CONFIG_HELP)
    brg.add_argument("--draws", type=draws_type, help="number of Monte Carlo draws")
    brg.add_argument("--seed", type=seed_type, help="random seed (same seed, same results)")
    brg.add_argument(
        "--cohort",
        type=cohort_type,
        help=COHORT_HELP,
    )
    add_progress(brg)
    add_lang(brg)

    val = sub.add_parser("validate", help="check a config and show what it defines")
    val.add_argument("config", help="study config (TOML)")
    val.add_argument("--strict", action="store_true", help=STRICT_HELP)
    add_lang(val)
    rep.set_defaults(handler=_replicate)
    brg.set_defaults(handler=_bridge)
    val.set_defaults(handler=_validate)


def add_execution(run: argparse.ArgumentParser) -> None:
    """``run``'s options for where blocks run and when the run stops."""
    add_workers(run)
    run.add_argument(
        "--target-se",
        type=_target_se,
        action="append",
        default=[],
        metavar="KIND=VALUE",
        help="stop at the first block where this Monte Carlo standard error is reached, "
        "--draws being the ceiling: beats=PP (P(arm beats baseline), percentage points) "
        "or delta=EUROS (mean balance against the baseline); repeatable",
    )


MAX_BEATS_SE_PP = 50.0
"""The largest standard error of P(arm beats baseline), in percentage points:
100 sqrt(p(1 - p)/n) is 50 at most (p = 1/2, n = 1), so a target at or above it would
be met by any run and could never decide when one stops."""


def _target_se(text: str) -> tuple[str, float]:
    kind, _, value = text.partition("=")
    if kind not in ("beats", "delta"):
        raise argparse.ArgumentTypeError(f"must be beats=PP or delta=EUROS, got {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{kind}= needs a number, got {value!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"{kind}= must be a positive number, got {value!r}")
    if kind == "beats" and number >= MAX_BEATS_SE_PP:
        raise argparse.ArgumentTypeError(
            f"beats= is in percentage points and the standard error of a probability is "
            f"never above {MAX_BEATS_SE_PP:g}, so {value} would stop nothing (0.5 asks for "
            "±0.5 percentage points)"
        )
    return kind, number


STOP_REASONS = {STOPPED_AT_TARGET: "stopped_at_target", STOPPED_AT_DRAWS: "stopped_at_draws"}
"""Why a run ended (its ``stopped`` attribute) -> the words that say it."""


def _stop_rule(targets: list[tuple[str, float]]):
    from ..engine import StopRule

    if not targets:
        return None
    chosen = dict(targets)
    return StopRule(beats_pp=chosen.get("beats"), delta_eur=chosen.get("delta"))


def _run(args) -> int:
    from ..engine import ExecutionError, stream_run
    from ..store import StoreError

    execution = execution_of(args)
    overrides = list(args.overrides)
    if args.sampling is not None:  # recorded in the run's config like any --set
        overrides.append(f'sampling.method="{args.sampling}"')
    study = load_config(args.config, overrides, args.strict)
    stop = _stop_rule(args.target_se)
    # the risk view, reduced with the run's blocks over all its draws: printed unless
    # --quiet without a loss limit, and always in --out's summary.xlsx
    intakes = yearly_intakes(study) if args.intakes is None else args.intakes
    risk = RiskOptions(intakes, tuple(args.loss_limit), args.loss_per)
    shown = not args.quiet or bool(args.loss_limit)
    with progress_bar(args) as progress, _input_errors(ExecutionError, StoreError):
        if args.out is not None:
            result = write_run_summary(
                study,
                args.out,
                args.draws,
                args.seed,
                args.cohort,
                force=args.force,
                keep=args.keep,
                execution=execution,
                stop=stop,
                resume=args.resume,
                progress=progress,
                notice=lambda line: print(line, file=sys.stderr),
                risk=risk,
            )
        else:
            if args.resume:
                raise InputError("--resume: needs --out, the results folder to finish")
            result = stream_run(
                study,
                args.draws,
                args.seed,
                args.cohort,
                execution=execution,
                stop=stop,
                progress=progress,
                risk=risk if shown else None,
            )
    summary, attrs = result.summary(), result.attrs
    decisions = result.decision_summary()
    arms = (result.prob_best(), result.pairwise()) if len(study.arms) > 2 else None
    lang = language(args, study)
    labels = arm_labels(study, lang)
    payer = the_payer(study, lang)
    print(format_summary(summary, attrs, labels, decisions, lang, payer))
    if arms is not None:
        print("\n" + format_arms(*arms, labels, lang))
    if not args.quiet:  # --quiet: the answer, without the bridge
        print("\n" + format_bridge(bridge(study, result), study, lang))
    if shown:  # --quiet: without the risk view unless a limit is asked
        print("\n" + format_risk(result.investment_risk(), labels, lang, payer))
        if args.intakes is None and study.intakes_per_year is None:
            print(w("intakes_default", lang, intakes=number(intakes, lang)))
    if stop is not None:
        draws = number(int(attrs["draws"]), lang)
        reason = w(STOP_REASONS[attrs["stopped"]], lang)
        print("\n" + w("stopped", lang, draws=draws, reason=reason))
    if args.out is not None and not args.quiet:
        print("\n" + w("wrote_run", lang, out=args.out))
    return EXIT_OK


@contextlib.contextmanager
def _input_errors(*kinds: type[Exception]):
    """Report the library's errors of these ``kinds`` as bad input (exit 2)."""
    try:
        yield
    except kinds as exc:
        raise InputError(str(exc)) from None


def _replicate(args) -> int:
    if args.config is None:
        study = parse_study(embedded_config(POINT_STUDY), origin=f"mkba_mc:{POINT_STUDY}")
    else:
        study = load_config(args.config)
    lang = language(args, study)
    rep = replicate(study, lang)
    if args.json:
        print(
            json.dumps(
                {
                    "study": study.translate(study.title, lang),
                    "source": study.translate(study.published.source, lang),
                    "lang": lang,
                    **rep.to_dict(),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(format_replication(rep, study, lang))
    return EXIT_OK


def _bridge(args) -> int:
    study = load_config(args.config)
    check_memory(study, study.draws if args.draws is None else args.draws, "a bridge")
    with progress_bar(args) as progress:
        ds = simulate(
            study, draws=args.draws, seed=args.seed, cohort=args.cohort, progress=progress
        )
    print(format_bridge(bridge(study, ds), study, language(args, study)))
    return EXIT_OK


def _validate(args) -> int:
    study = load_config(args.config, strict=args.strict)
    print(format_study(study, language(args, study)))
    return EXIT_OK
