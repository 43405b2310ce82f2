"""The ``mkba-mc`` command line.

Exit codes: 0 success, 2 bad input (one line on standard error, no traceback), 1 an
internal error. Set ``MKBA_MC_DEBUG=1`` to see the traceback of an internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import signal
import sys
import threading
import time
import warnings
from pathlib import Path

import xarray as xr

from . import __version__
from .bridge import bridge
from .compare import PointSetError, compare, compare_draws
from .config import (
    DEFAULT_STUDY,
    POINT_STUDY,
    ConfigError,
    UnusedParameterWarning,
    embedded_config,
    load_study,
    parse_study,
)
from .console import (
    format_arms,
    format_bridge,
    format_comparison,
    format_diff,
    format_replication,
    format_risk,
    format_study,
    format_summary,
    format_sweep,
)
from .decision import INTAKES_PER_YEAR
from .io import open_run, write_run_summary
from .limits import MAX_COHORT, MAX_DRAWS, MAX_MEMORY_BYTES, MAX_SEED, count_problem
from .outputs import OutputError, check_target, output_folder
from .readback import RunFileError, check_run
from .replication import replicate
from .risk import RISK_DRAWS, investment_risk
from .simulation import bytes_per_draw, simulate

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2
EXIT_BROKEN_PIPE, EXIT_TERMINATED = 128 + 13, 128 + 15  # as when killed by SIGPIPE, SIGTERM
COMPARISON = "comparison.csv"
COHORT_HELP = (
    "clients per arm, or 'expected' for the population level: per-client expected values "
    "of a policy for many clients (the config's default); a number N samples the outcomes "
    "of N clients per route, as a pilot of N clients would observe them"
)
REPORT_FORMATS = ("html", "md", "pdf", "xlsx")


class InputError(Exception):
    """Bad input from the command line: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as for any bad input
        raise InputError(f"{self.prog}: {message} (see --help)")


def _whole(text: str, minimum: int, maximum: int = MAX_COHORT) -> int:
    try:
        value = int(text)
    except ValueError:
        shown = repr(text) if len(text) <= 40 else f"{text[:20]!r}..."
        raise argparse.ArgumentTypeError(f"must be a whole number, got {shown}") from None
    problem = count_problem(value, minimum, maximum)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value


def _positive_int(text: str) -> int:
    return _whole(text, 1)


def _draws(text: str) -> int:
    return _whole(text, 1, MAX_DRAWS)


def _seed(text: str) -> int:
    return _whole(text, 0, MAX_SEED)


def _intakes(text: str) -> int:
    return _whole(text, 1, MAX_COHORT)


def _loss_limit(text: str) -> float:
    try:
        value = float(text.replace("_", "").replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite amount in euros, got {text!r}")
    return value


def _cohort(text: str):
    if text == "expected":
        return "expected"
    try:
        int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a number of clients or 'expected', got {text!r}"
        ) from None
    return _whole(text, 1, MAX_COHORT)


def _check_memory(study, draws: int, what: str) -> None:
    """Refuse, before any work, a run held in memory that would exceed the limit."""
    most = MAX_MEMORY_BYTES // bytes_per_draw(study)
    if draws > most:
        raise InputError(
            f"{study.origin}: {what} of {draws} draws would hold "
            f"{draws * bytes_per_draw(study) / 2**30:.1f} GiB in memory; the limit is "
            f"{MAX_MEMORY_BYTES / 2**30:g} GiB, {most} draws of this study (use --draws)"
        )


def _load(path, overrides=(), strict: bool = False):
    """Load a study, printing each unused-parameter warning as one line on standard error;
    under ``strict`` the first one is bad input (exit 2)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnusedParameterWarning)
        study = load_study(path, overrides)
    for warning in caught:
        if not issubclass(warning.category, UnusedParameterWarning):
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
        elif strict:
            raise InputError(f"{warning.message} (--strict)")
        else:
            print(f"mkba-mc: warning: {warning.message}", file=sys.stderr)
    return study


_STRICT = "treat a warning about the config (an unused parameter) as an error"


def _add_overrides(parser: argparse.ArgumentParser) -> None:
    """``--set KEY.PATH=TOML_VALUE``, repeatable: overrides applied to the config."""
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override one config value, the value in TOML (text in quotes), e.g. "
        "--set parameters.months_earlier_exit.value=6; repeatable",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mkba-mc",
        description="Monte Carlo uncertainty analysis of the social cost-benefit analysis "
        "(MKBA) of municipal debt assistance.",
    )
    parser.add_argument("--version", action="version", version=f"mkba-mc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="simulate a study and print the answer")
    run.add_argument(
        "config", nargs="?", help="study config (TOML); default: the embedded Regioplan 2020 study"
    )
    run.add_argument("--draws", type=_draws, help="number of Monte Carlo draws")
    run.add_argument("--seed", type=_seed, help="random seed (same seed, same results)")
    run.add_argument("--cohort", type=_cohort, help=COHORT_HELP)
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
        "cohort and --keep), computing only the missing blocks",
    )
    run.add_argument(
        "--keep",
        choices=("outputs", "all"),
        default="outputs",
        help="outputs (default): the outputs and every uncertain parameter, what the report "
        "and sensitivity analyses read; all: every sampled parameter, fixed ones too",
    )
    _add_execution(run)
    run.add_argument("--quiet", action="store_true", help="print the summary only")
    run.add_argument(
        "--loss-limit",
        type=_loss_limit,
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
        type=_intakes,
        default=INTAKES_PER_YEAR,
        help=f"intakes a year per route for the yearly risk (default {INTAKES_PER_YEAR:,})",
    )
    run.add_argument("--strict", action="store_true", help=_STRICT)
    run.add_argument(
        "--sampling",
        choices=("random", "lhs", "sobol"),
        help="sampling design: random draws, Latin hypercube or scrambled Sobol' points "
        "(default: the config's [sampling] method, else random)",
    )
    _add_overrides(run)

    rep = sub.add_parser("replicate", help="reproduce the study's published tables")
    rep.add_argument(
        "config", nargs="?", help="config with [published]; default: the embedded point replication"
    )
    rep.add_argument("--json", action="store_true", help="print the tables as JSON")

    brg = sub.add_parser(
        "bridge",
        help="from the study's own balance to the simulation's mean, step by step",
    )
    brg.add_argument(
        "config", nargs="?", help="study config (TOML); default: the embedded Regioplan 2020 study"
    )
    brg.add_argument("--draws", type=_draws, help="number of Monte Carlo draws")
    brg.add_argument("--seed", type=_seed, help="random seed (same seed, same results)")
    brg.add_argument(
        "--cohort",
        type=_cohort,
        help=COHORT_HELP,
    )

    val = sub.add_parser("validate", help="check a config and show what it defines")
    val.add_argument("config", help="study config (TOML)")
    val.add_argument("--strict", action="store_true", help=_STRICT)

    cmp = sub.add_parser(
        "compare", help="run assumption sets side by side with common random numbers"
    )
    cmp.add_argument(
        "configs", nargs="+", metavar="CONFIG", help="study configs (TOML), one per assumption set"
    )
    cmp.add_argument(
        "--draws",
        type=_draws,
        help="draws per set (default: the largest of the sets' run.draws)",
    )
    cmp.add_argument(
        "--seed", type=_seed, help="one seed for every set (default: the first config's)"
    )
    cmp.add_argument(
        "--cohort",
        type=_cohort,
        help=COHORT_HELP + " (default: the first config's)",
    )
    cmp.add_argument(
        "--out", type=Path, help=f"write {COMPARISON} (every summary row of every set) here"
    )
    cmp.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    cmp.add_argument(
        "--workers", type=_positive_int, default=1, help="threads (results do not change)"
    )
    cmp.add_argument("--quiet", action="store_true", help="print the table only")
    cmp.add_argument(
        "--allow-point",
        action="store_true",
        help="compare a point config (every input fixed) with uncertain sets",
    )
    _add_overrides(cmp)

    report = sub.add_parser(
        "report",
        help="write a report for a council (HTML, Markdown or PDF) or its tables (Excel), "
        "in English or Dutch",
    )
    report.add_argument(
        "source",
        nargs="?",
        type=Path,
        help="a results folder (mkba-mc run --out) or a study config (TOML), which is "
        "run first; default: the embedded Regioplan 2020 study",
    )
    report.add_argument("--lang", choices=("en", "nl"), default="en", help="language (default en)")
    report.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="html (one self-contained file), md (with a folder of PNG figures), pdf (A4, "
        "printed by headless Chromium) or xlsx (the tables as an Excel workbook); "
        "default: from --out's extension, else html",
    )
    report.add_argument(
        "--out",
        type=Path,
        help="the report file, its format from the extension (.html, .md, .pdf, .xlsx); "
        "default report-LANG.FORMAT in a results folder, or CONFIG-report-LANG.FORMAT here",
    )
    report.add_argument("--draws", type=_draws, help="draws when running a config")
    report.add_argument("--seed", type=_seed, help="seed when running a config")
    report.add_argument("--force", action="store_true", help="overwrite the report if it exists")
    report.add_argument(
        "--versus",
        nargs="*",
        metavar="SET",
        help="assumption sets (configs or shipped names) to show beside the answer; "
        "default: the config's [study] alternatives; give none to leave them out",
    )
    _add_overrides(report)
    _add_sensitivity_parser(sub)

    dif = sub.add_parser(
        "diff", help="what differs between two assumption sets, and what each difference moves"
    )
    dif.add_argument("a", metavar="A", help="study config (TOML), the reference")
    dif.add_argument("b", metavar="B", help="study config (TOML) compared with A")
    dif.add_argument("--csv", type=Path, help="write the three tables as CSV into this folder")
    dif.add_argument("--force", action="store_true", help="overwrite --csv if it exists")
    _add_sweep_parser(sub)
    return parser


class _ProgressBar:
    """A one-line progress bar for standard error: share done, draws per second, time left.

    Redrawn at most every ``interval`` seconds (a run reports after every block of draws,
    which can be thousands of times a second) and cleared when the work is done.
    """

    WIDTH = 24

    def __init__(self, stream, interval: float = 0.2, clock=time.monotonic):
        self.stream = stream
        self.interval = interval
        self.clock = clock
        self.start = clock()
        self.shown = -math.inf
        self.length = 0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if done >= total:
            if self.length:
                self.stream.write("\r" + " " * self.length + "\r")
                self.stream.flush()
                self.length = 0
            return
        if now - self.shown < self.interval:
            return
        self.shown = now
        filled = int(self.WIDTH * done / total)
        elapsed = now - self.start
        speed = done / elapsed if elapsed > 0 and done > 0 else 0.0
        rate = (
            f"{speed:,.0f} draws/s, {_duration((total - done) / speed)} left"
            if speed
            else "starting"
        )
        text = (
            f"  [{'#' * filled}{'.' * (self.WIDTH - filled)}] {100 * done / total:3.0f}% "
            f"{done:,}/{total:,} draws · {rate}"
        )
        self.stream.write("\r" + text.ljust(self.length))
        self.stream.flush()
        self.length = len(text)


def _duration(seconds: float) -> str:
    seconds = int(math.ceil(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _progress(enabled: bool) -> _ProgressBar | None:
    """A progress bar on standard error when ``enabled`` and it is a terminal; else None
    (silent when piped, redirected or under --quiet)."""
    if not enabled or not sys.stderr.isatty():
        return None
    return _ProgressBar(sys.stderr)


def _add_execution(run: argparse.ArgumentParser) -> None:
    """``run``'s options for where blocks run and when the run stops."""
    run.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        help="local worker processes (dask.distributed); results do not change",
    )
    run.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the blocks on a running dask.distributed scheduler, e.g. "
        "tcp://10.0.0.5:8786 (default: dask's scheduler-address setting, if any)",
    )
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
    return kind, number


def _stop_rule(targets: list[tuple[str, float]]):
    from .engine import StopRule

    if not targets:
        return None
    chosen = dict(targets)
    return StopRule(beats_pp=chosen.get("beats"), delta_eur=chosen.get("delta"))


def _run(args) -> int:
    from .engine import Execution, ExecutionError, stream_run
    from .store import StoreError

    if args.workers > 1 and args.scheduler is not None:
        raise InputError("--workers and --scheduler: choose one (a cluster has its own workers)")
    overrides = list(args.overrides)
    if args.sampling is not None:  # recorded in the run's config like any --set
        overrides.append(f'sampling.method="{args.sampling}"')
    study = _load(args.config, overrides, args.strict)
    progress = _progress(not args.quiet)
    execution = Execution(workers=args.workers, scheduler=args.scheduler)
    stop = _stop_rule(args.target_se)
    try:
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
            )
    except (ExecutionError, StoreError) as exc:
        raise InputError(str(exc)) from None
    summary, attrs = result.summary(), result.attrs
    decisions = result.decision_summary()
    steps = bridge(study, result)
    arms = (result.prob_best(), result.pairwise()) if len(study.arms) > 2 else None
    # The risk view from the run's first draws: a shorter run is a prefix of the run.
    cohort = str(attrs["cohort"])
    first = simulate(
        study,
        draws=min(int(attrs["draws"]), RISK_DRAWS),
        seed=int(attrs["seed"]),
        cohort=cohort if cohort == "expected" else int(cohort),
    )
    risk = investment_risk(
        study, first, intakes=args.intakes, loss_limits=args.loss_limit, loss_per=args.loss_per
    )
    labels = {a.name: a.label for a in study.arms}
    print(format_summary(summary, attrs, labels, decisions))
    if arms is not None:
        print("\n" + format_arms(*arms, labels))
    print("\n" + format_bridge(steps, study))
    print("\n" + format_risk(risk, labels))
    if stop is not None:
        print(f"\nStopped after {int(attrs['draws']):,} draws: {attrs['stopped']}.")
    if args.out is not None and not args.quiet:
        print(
            f"\nWrote {args.out}/results.zarr (with its checksums), summary.csv, "
            "summary-nl.csv, summary.xlsx, metadata.json and config.toml."
        )
    return EXIT_OK


def _compare(args) -> int:
    studies = [_load(path, args.overrides) for path in args.configs]
    labels = {a.name: a.label for study in studies for a in study.arms}
    draws = compare_draws(studies, args.draws)
    options = dict(
        allow_point=args.allow_point,
        draws=draws,
        seed=args.seed,
        cohort=args.cohort,
        workers=args.workers,
        progress=_progress(not args.quiet),
    )
    try:
        if args.out is not None:
            with output_folder(args.out, "compare", force=args.force) as tmp:
                table = compare(studies, **options)
                table.to_csv(tmp / COMPARISON, index=False)
        else:
            table = compare(studies, **options)
    except PointSetError as exc:
        raise InputError(f"{exc} (--allow-point)") from None
    if args.draws is None and not args.quiet:
        print(f"Each set runs with {draws:,} draws, the largest of the sets' run.draws.")
    print(format_comparison(table, labels))
    if args.out is not None and not args.quiet:
        print(f"\nWrote {args.out}/{COMPARISON}.")
    return EXIT_OK


def _diff(args) -> int:
    from .diff import diff_studies

    result = diff_studies(load_study(args.a), load_study(args.b))
    if args.csv is not None:
        with output_folder(args.csv, "diff", force=args.force) as tmp:
            for name in ("inputs", "settings", "effects"):
                getattr(result, name).to_csv(tmp / f"diff-{name}.csv", index=False)
    print(format_diff(result))
    return EXIT_OK


def _add_sweep_parser(sub) -> None:
    from .sweep import SWEEP_DRAWS

    swp = sub.add_parser("sweep", help="run a grid of --set overrides with common random numbers")
    swp.add_argument(
        "config", nargs="?", help="study config (TOML); default: the embedded Regioplan 2020 study"
    )
    swp.add_argument(
        "--grid",
        action="append",
        required=True,
        metavar="KEY.PATH=VALUES",
        help="a key and its values: TOML values separated by commas (0,0.0225,0.04) or a "
        "range LOW..HIGH[:STEP] (4..12); repeat for a grid of several keys",
    )
    swp.add_argument("--draws", type=_draws, help=f"draws per grid point (default {SWEEP_DRAWS:,})")
    swp.add_argument("--seed", type=_seed, help="one seed for every point (default: the config's)")
    swp.add_argument("--cohort", type=_cohort, help=COHORT_HELP)
    swp.add_argument(
        "--workers", type=_positive_int, default=1, help="threads per run (results do not change)"
    )
    swp.add_argument("--out", type=Path, help="write sweep.nc, sweep.csv and sweep.png here")
    swp.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    swp.add_argument("--quiet", action="store_true", help="print the table only")
    _add_overrides(swp)


def _sweep(args) -> int:
    from .sweep import grid_values, sweep

    grid = dict(grid_values(text) for text in args.grid)
    if len(grid) < len(args.grid):
        raise InputError("--grid: a key is given twice")
    options = dict(
        overrides=args.overrides,
        draws=args.draws,
        seed=args.seed,
        cohort=args.cohort,
        workers=args.workers,
    )
    if args.out is None:
        print(format_sweep(sweep(args.config, grid, **options)))
        return EXIT_OK
    from .plots.sweep import sweep_figure  # matplotlib only when writing figures

    with output_folder(args.out, "sweep", force=args.force) as tmp:
        ds = sweep(args.config, grid, **options)
        ds.to_netcdf(tmp / "sweep.nc")
        ds.drop_vars("config_hash").to_dataframe().to_csv(tmp / "sweep.csv")
        shown = ds.isel({key: 0 for key in list(grid)[2:]})
        sweep_figure(shown).savefig(tmp / "sweep.png")
    print(format_sweep(ds))
    if not args.quiet:
        print(f"\nWrote {args.out}/sweep.nc, sweep.csv and sweep.png.")
    return EXIT_OK


def _replicate(args) -> int:
    if args.config is None:
        study = parse_study(embedded_config(POINT_STUDY), origin=f"mkba_mc:{POINT_STUDY}")
    else:
        study = _load(args.config)
    rep = replicate(study)
    if args.json:
        print(
            json.dumps(
                {"study": study.title, "source": study.published.source, **rep.to_dict()},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(format_replication(rep, study))
    return EXIT_OK


def _bridge(args) -> int:
    study = _load(args.config)
    _check_memory(study, study.draws if args.draws is None else args.draws, "a bridge")
    ds = simulate(
        study, draws=args.draws, seed=args.seed, cohort=args.cohort, progress=_progress(True)
    )
    print(format_bridge(bridge(study, ds), study))
    return EXIT_OK


def _validate(args) -> int:
    print(format_study(_load(args.config, strict=args.strict)))
    return EXIT_OK


def _report(args) -> int:
    from .report import check_output  # matplotlib only when reporting
    from .report.build import MIN_DRAWS

    source = args.source
    from_results = source is not None and source.is_dir()
    if from_results and (args.draws is not None or args.seed is not None or args.overrides):
        raise InputError(
            f"{source}: --draws, --seed and --set apply when the report runs a config, "
            "not to a results folder"
        )
    if args.out is not None:
        check_target(args.out)  # the root or a path under a file: said before the format
    fmt = _report_format(args.out, args.format)
    if fmt == "pdf":
        _check_chromium()
    if args.out is not None:
        out = args.out
    elif from_results:
        out = source / f"report-{args.lang}.{fmt}"
    else:
        stem = Path(DEFAULT_STUDY).stem if source is None else source.stem
        out = Path(f"{stem}-report-{args.lang}.{fmt}")
    check_output(out, fmt, args.force)  # before any work, so a refusal costs nothing
    if from_results:
        ds, path = _open_results(source)
        with ds:
            try:
                check_run(ds, str(path))
            except RunFileError as exc:
                raise InputError(str(exc)) from None
            if ds.sizes.get("draw", 0) < MIN_DRAWS:
                raise InputError(
                    f"{path}: holds {ds.sizes.get('draw', 0)} draw(s); a report needs "
                    f"at least {MIN_DRAWS}"
                )
            written = _write_report(ds, out, fmt, args)
    else:
        study = _load(source, args.overrides)
        draws = study.draws if args.draws is None else args.draws
        if draws < MIN_DRAWS:
            raise InputError(
                f"{study.origin}: run.draws is {draws}; a report needs at least "
                f"{MIN_DRAWS} draws (use --draws)"
            )
        _check_memory(study, draws, "a report")
        ds = simulate(study, draws=args.draws, seed=args.seed, progress=_progress(True))
        written = _write_report(ds, out, fmt, args)
    print("Wrote " + " and ".join(str(p) for p in written))
    return EXIT_OK


def _open_results(source: Path) -> tuple[xr.Dataset, Path]:
    """A results folder's run: its store, verified block by block, or else a netCDF
    export (``results.nc``, checked by :func:`mkba_mc.readback.check_run` only)."""
    from .store import StoreError

    store, export = source / "results.zarr", source / "results.nc"
    if store.is_dir():
        try:
            return open_run(source), store
        except StoreError as exc:
            raise InputError(str(exc)) from None
    if not export.is_file():
        raise InputError(
            f"{source}: not a results folder (no results.zarr; write one with mkba-mc run --out)"
        )
    try:
        return xr.open_dataset(export), export
    except (OSError, ValueError) as exc:
        raise InputError(f"{export}: cannot be read as a run ({exc})") from None


def _report_format(out: Path | None, asked: str | None) -> str:
    """The report's format: from ``--out``'s extension, which ``--format`` must not
    contradict; ``--format`` (or html) when there is no ``--out``."""
    from .report import SUFFIXES

    if out is None:
        return asked or "html"
    supported = ", ".join(dict.fromkeys(SUFFIXES))
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"--out {out}: unknown extension {suffix or '(none)'!r}; supported: {supported}"
        )
    if asked is not None and asked != SUFFIXES[suffix]:
        raise InputError(
            f"--format {asked} contradicts --out {out} (a {suffix} file is {SUFFIXES[suffix]})"
        )
    return SUFFIXES[suffix]


def _check_chromium() -> None:
    """Refuse a PDF before any work when headless Chromium is not installed."""
    from .report.pdf import PdfError, find_chromium

    try:
        find_chromium()
    except PdfError as exc:
        raise InputError(f"--format pdf: {exc}") from None


def _assumption_sets(ds: xr.Dataset, names: list[str] | None):
    """The run's study and the sets to show beside it (``--versus``, else the config's
    ``[study] alternatives``), compared with the run's draws, seed and cohort; ``None``
    when there are none."""
    from .compare import PointSetError, alternative_sets
    from .config import config_hash
    from .report.common import study_of

    study = study_of(ds)
    own = config_hash(study.text)
    others = [s for s in alternative_sets(study, names) if config_hash(s.text) != own]
    if not others:
        return None
    cohort = str(ds.attrs.get("cohort", "expected"))
    try:
        return compare(
            [study, *others],
            draws=int(ds.sizes["draw"]),
            seed=int(ds.attrs["seed"]),
            cohort=cohort if cohort == "expected" else int(cohort),
            progress=_progress(True),
        )
    except PointSetError as exc:
        raise InputError(f"--versus: {exc}") from None


def _write_report(ds: xr.Dataset, out: Path, fmt: str, args) -> list[Path]:
    """Write the report of a run, or for ``xlsx`` its tables, atomically."""
    from .report import PdfError, build_report, write_report, write_workbook

    sets = _assumption_sets(ds, args.versus)
    if fmt == "xlsx":
        from .report.common import study_of
        from .risk import investment_risk

        risk = investment_risk(study_of(ds), ds)
        return write_workbook(ds, out, sets=sets, lang=args.lang, force=args.force, risk=risk)
    try:
        return write_report(build_report(ds, args.lang, sets=sets), out, fmt, force=args.force)
    except PdfError as exc:
        raise InputError(f"{out}: {exc}; nothing was written") from None


# --------------------------------------------------------------------------- sensitivity

SENSITIVITY_METHODS = ("tornado", "threshold", "sobol", "rank", "evppi", "evsi")
SENSITIVITY_DRAWS = 2**15
"""Default draws of ``mkba-mc sensitivity`` (and base sample of its Sobol' indices). On the
default study the Sobol' indices then vary by about 0.002 between seeds and the EVPI and
EVPPI by about €1.5 per client (benchmarks/bench_sensitivity.py)."""


def _sensitivity_draws(text: str) -> int:
    value = _draws(text)
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


def _add_sensitivity_parser(sub) -> None:
    sens = sub.add_parser(
        "sensitivity", help="which inputs decide the answer, and what more research would be worth"
    )
    sens.add_argument(
        "config", nargs="?", help="study config (TOML); default: the embedded Regioplan 2020 study"
    )
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
    sens.add_argument("--seed", type=_seed, help="random seed (default: the config's)")
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
        type=_positive_int,
        help="intakes a year, to value information per year (default 3000)",
    )
    sens.add_argument("--out", type=Path, help="write CSV tables, PNG figures and metadata here")
    sens.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    sens.add_argument("--quiet", action="store_true", help="print the tables only")
    _add_overrides(sens)


def _sensitivity(args) -> int:
    import contextlib
    import dataclasses

    from .config import config_hash
    from .sensitivity import study_inputs
    from .voi import DEFAULT_WTP, INTAKES_PER_YEAR

    study = _load(args.config, args.overrides)
    if not study_inputs(study):
        raise InputError(
            f"{study.origin}: every input is fixed; there is no uncertainty to analyse"
        )
    methods = SENSITIVITY_METHODS if args.method == "all" else (args.method,)
    if {"rank", "evppi", "sobol"} & set(methods):
        _check_memory(study, args.draws, "a sensitivity analysis")
    if study.research is None:
        if args.method == "evsi":
            raise InputError(
                f"{study.origin}: research: no [research] table; add one with the cost of a "
                "dossier study, its horizon and what it observes to value more dossiers"
            )
        methods = tuple(m for m in methods if m != "evsi")
    if study.correlations is not None:  # variance-based indices need independent inputs
        if args.method in ("sobol", "evsi"):
            raise InputError(
                f"{study.origin}: correlations: {args.method} assumes independent inputs; "
                "with correlated ones use rank indices or EVPPI"
            )
        methods = tuple(m for m in methods if m not in ("sobol", "evsi"))
    seed = study.seed if args.seed is None else args.seed
    wtp = tuple(args.wtp) if args.wtp else DEFAULT_WTP
    intakes = INTAKES_PER_YEAR if args.intakes is None else args.intakes
    if study.research is not None and args.intakes is not None:
        research = dataclasses.replace(study.research, intakes_per_year=args.intakes)
        study = dataclasses.replace(study, research=research)
    sobol_n = 1 << (args.draws.bit_length() - 1)
    with contextlib.ExitStack() as stack:
        folder = None  # entered first: an existing --out is refused before any work
        if args.out is not None:
            folder = stack.enter_context(output_folder(args.out, "sensitivity", force=args.force))
        sections, tables, figures = _sensitivity_results(
            study, methods, args.draws, sobol_n, seed, wtp, intakes
        )
        if not args.quiet:
            sections.insert(
                0,
                f"{study.title}\nSensitivity of the balance (euros per client) "
                "with per-client expected values (parameter uncertainty only); "
                f"seed {seed}"
                + (
                    "\nCorrelated inputs ([correlations]): Sobol' indices and EVSI, which "
                    "assume independent inputs, are left out; rank indices and EVPPI use the "
                    "joint sample"
                    if study.correlations is not None
                    else ""
                ),
            )
        print("\n\n".join(sections))
        if folder is not None:
            written = _write_sensitivity(folder, study, tables, figures)
            metadata = {
                "title": study.title,
                "config_origin": study.origin,
                "config_hash": config_hash(study.text),
                "config_overrides": list(study.overrides),
                "seed": seed,
                "draws": args.draws,
                "sobol_n": sobol_n if "sobol" in methods else None,
                "methods": list(methods),
                "cohort": "expected",
                "wtp": list(wtp),
                "intakes": intakes,
                "mkba_mc_version": __version__,
                "files": written,
            }
            (folder / "metadata.json").write_text(
                json.dumps(metadata, indent=2) + "\n", encoding="utf-8"
            )
            if not args.quiet:
                print(f"\nWrote {len(written)} files and metadata.json to {args.out}")
    return EXIT_OK


def _sensitivity_results(study, methods, draws, sobol_n, seed, wtp, intakes):
    """Run the chosen analyses: their text sections, CSV tables by file name, and results
    to draw. Each randomised analysis has its own stream spawned from ``seed``."""
    import numpy as np
    import pandas as pd

    from . import console_analyses as text
    from . import sensitivity as sa
    from . import voi

    streams = dict(
        zip(("tornado", "sobol", "evppi"), np.random.SeedSequence(seed).spawn(3), strict=True)
    )
    sections, tables, figures = [], {}, {}
    if "tornado" in methods:
        rng = np.random.default_rng(streams["tornado"])
        by_input = sa.tornado(study, rng=rng)
        by_group = sa.tornado(study, by="group", rng=rng)
        sections.append(text.format_tornado(by_input))
        tables["tornado.csv"] = pd.concat([by_input.table, by_group.table], ignore_index=True)
        figures["tornado"] = by_input
    if "threshold" in methods:
        result = sa.thresholds(study)
        sections.append(text.format_thresholds(result))
        tables["thresholds.csv"] = result.table
    if "sobol" in methods:
        result = sa.sobol(study, n=sobol_n, rng=np.random.default_rng(streams["sobol"]))
        sections.append(text.format_sobol(result))
        tables["sobol.csv"] = result.table
        figures["sobol"] = result
    if "rank" in methods or "evppi" in methods:
        ds = simulate(study, draws=draws, seed=seed, cohort="expected")
    if "rank" in methods:
        result = sa.rank_indices(ds)
        sections.append(text.format_rank(result))
        tables["rank.csv"] = result.table
        tables["rank_groups.csv"] = result.groups
    if "evppi" in methods:
        top = max(wtp) if max(wtp) > 0 else 10_000.0
        result = voi.evppi(
            ds,
            wtp,
            intakes=intakes,
            curve=np.linspace(0.0, top, 81),
            rng=np.random.default_rng(streams["evppi"]),
        )
        sections.append(text.format_voi(result))
        tables["evppi.csv"] = result.table
        tables["evppi_lambda.csv"] = result.curve
        tables["evppi_fit.csv"] = result.fits
        figures["evppi"] = result
    if "evsi" in methods:
        from .console import format_evsi
        from .evsi import evsi

        result = evsi(study, wtp, draws=draws, seed=seed)
        sections.append(format_evsi(result))
        tables["evsi.csv"] = result.table
        tables["evsi_optimum.csv"] = result.optimum
        tables["evsi_limit.csv"] = result.limit
        figures["evsi"] = result
    return sections, tables, figures


def _write_sensitivity(folder: Path, study, tables: dict, figures: dict) -> list[str]:
    """Write the tables as CSV and the figures as PNG into ``folder``; return the names."""
    from .plots import sensitivity as plots

    written = []
    for name, table in tables.items():
        table.to_csv(folder / name, index=False)
        written.append(name)
    drawings = []
    for arm in (a for a in study.arm_names if a != study.baseline):
        if "tornado" in figures:
            drawings.append((f"tornado-{arm}.png", plots.tornado_figure(figures["tornado"], arm)))
        if "sobol" in figures:
            drawings.append((f"sobol-{arm}.png", plots.sobol_figure(figures["sobol"], arm)))
            drawings.append(
                (f"sobol-groups-{arm}.png", plots.sobol_figure(figures["sobol"], arm, kind="group"))
            )
    if "evsi" in figures:
        drawings.append(("enbs.png", plots.enbs_figure(figures["evsi"])))
    if "evppi" in figures:
        drawings.append(("evppi.png", plots.evppi_figure(figures["evppi"])))
        drawings.append(("evppi-lambda.png", plots.evppi_lambda_figure(figures["evppi"])))
    for name, fig in drawings:
        fig.savefig(folder / name)
        written.append(name)
    return written


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C: the run stops and nothing is left half-written."""


def _terminate(signum, frame):
    raise Terminated


class _Notices(logging.Handler):
    """The library's log lines (such as removed leftovers) on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"mkba-mc: {record.getMessage()}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    SIGTERM is handled like Ctrl-C (exit 143 and 130); a closed standard output, as in
    ``mkba-mc run | head -1``, ends quietly with exit 141, as for other Unix tools.
    """
    notices = _Notices(logging.INFO)
    logging.getLogger("mkba_mc").addHandler(notices)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return _main(argv)
    finally:
        logging.getLogger("mkba_mc").removeHandler(notices)
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help()
            return EXIT_OK
        handler = {
            "run": _run,
            "replicate": _replicate,
            "bridge": _bridge,
            "validate": _validate,
            "report": _report,
            "compare": _compare,
            "sensitivity": _sensitivity,
            "diff": _diff,
            "sweep": _sweep,
        }[args.command]
        with warnings.catch_warnings():  # reported once, by _load; silent when re-parsed
            warnings.simplefilter("ignore", UnusedParameterWarning)
            code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):  # no stdout file under some captures
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit stays quiet
        return EXIT_BROKEN_PIPE
    except (InputError, ConfigError, OutputError) as exc:
        print(f"mkba-mc: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except Terminated:
        print("mkba-mc: terminated; nothing was written", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("mkba-mc: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error: one line unless debugging
        if os.environ.get("MKBA_MC_DEBUG"):
            raise
        print(
            f"mkba-mc: internal error: {type(exc).__name__}: {exc} "
            "(set MKBA_MC_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
