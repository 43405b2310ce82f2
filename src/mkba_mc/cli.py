"""The ``mkba-mc`` command line.

Exit codes: 0 success, 2 bad input (one line on standard error, no traceback), 1 an
internal error. Set ``MKBA_MC_DEBUG=1`` to see the traceback of an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import xarray as xr

from . import __version__
from .analysis import summarize
from .config import POINT_STUDY, ConfigError, embedded_config, load_study, parse_study
from .console import format_replication, format_study, format_summary
from .io import OutputExistsError, write_run
from .replication import replicate
from .simulation import simulate_to_netcdf

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


class InputError(Exception):
    """Bad input from the command line: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as for any bad input
        raise InputError(f"{self.prog}: {message} (see --help)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _cohort(text: str):
    if text == "expected":
        return "expected"
    try:
        return _positive_int(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"must be a number of clients or 'expected', got {text!r}"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mkba-mc",
        description="Monte Carlo uncertainty analysis of the social cost-benefit analysis "
        "(MKBA) of municipal debt assistance.",
    )
    parser.add_argument("--version", action="version", version=f"mkba-mc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="simulate a study and print the answer")
    run.add_argument("config", nargs="?", help="study config (TOML); default: the embedded Regioplan 2020 study")
    run.add_argument("--draws", type=_positive_int, help="number of Monte Carlo draws")
    run.add_argument("--seed", type=_seed, help="random seed (same seed, same results)")
    run.add_argument("--cohort", type=_cohort, help="clients per arm, or 'expected'")
    run.add_argument("--out", type=Path, help="write results.nc, summary.csv and metadata here")
    run.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    run.add_argument("--workers", type=_positive_int, default=1, help="threads (results do not change)")
    run.add_argument("--quiet", action="store_true", help="print the summary only")

    rep = sub.add_parser("replicate", help="reproduce the study's published tables")
    rep.add_argument("config", nargs="?", help="config with [published]; default: the embedded point replication")
    rep.add_argument("--json", action="store_true", help="print the tables as JSON")

    val = sub.add_parser("validate", help="check a config and show what it defines")
    val.add_argument("config", help="study config (TOML)")
    return parser


def _progress(enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} draws")
        if done == total:
            sys.stderr.write("\r" + " " * (width + 40) + "\r")
        sys.stderr.flush()

    return show


def _run(args) -> int:
    study = load_study(args.config)
    progress = _progress(not args.quiet)
    options = dict(draws=args.draws, seed=args.seed, cohort=args.cohort, workers=args.workers,
                   progress=progress)
    if args.out is not None:
        summary = write_run(study, args.out, force=args.force, **options)
        with xr.open_dataset(args.out / "results.nc") as ds:
            attrs = dict(ds.attrs)
    else:
        with tempfile.TemporaryDirectory(prefix="mkba-mc-") as tmp:
            path = simulate_to_netcdf(study, Path(tmp) / "results.nc", **options)
            with xr.open_dataset(path) as ds:
                summary = summarize(ds)
                attrs = dict(ds.attrs)
    labels = {a.name: a.label for a in study.arms}
    print(format_summary(summary, attrs, labels))
    if args.out is not None and not args.quiet:
        print(f"\nWrote {args.out}/results.nc, summary.csv, metadata.json and config.toml.")
    return EXIT_OK


def _replicate(args) -> int:
    if args.config is None:
        study = parse_study(embedded_config(POINT_STUDY), origin=f"mkba_mc:{POINT_STUDY}")
    else:
        study = load_study(args.config)
    rep = replicate(study)
    if args.json:
        print(json.dumps({"study": study.title, "source": study.published.source, **rep.to_dict()},
                         indent=2, ensure_ascii=False))
    else:
        print(format_replication(rep, study))
    return EXIT_OK


def _validate(args) -> int:
    print(format_study(load_study(args.config)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help()
            return EXIT_OK
        handler = {"run": _run, "replicate": _replicate, "validate": _validate}[args.command]
        return handler(args)
    except (InputError, ConfigError, OutputExistsError) as exc:
        print(f"mkba-mc: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("mkba-mc: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error: one line unless debugging
        if os.environ.get("MKBA_MC_DEBUG"):
            raise
        print(f"mkba-mc: internal error: {type(exc).__name__}: {exc} "
              "(set MKBA_MC_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
