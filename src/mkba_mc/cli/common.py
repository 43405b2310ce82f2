"""What every command shares: bad input in one line, the argument types, loading a
config, and the progress bar."""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings

from ..config import UnusedParameterWarning, load_study
from ..limits import MAX_COHORT, MAX_DRAWS, MAX_MEMORY_BYTES, MAX_SEED, count_problem
from ..simulation import bytes_per_draw

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2
EXIT_BROKEN_PIPE, EXIT_TERMINATED = 128 + 13, 128 + 15  # as when killed by SIGPIPE, SIGTERM
CONFIG_HELP = "study config (TOML); default: the embedded Regioplan 2020 study"
COHORT_HELP = (
    "clients per arm, or 'expected' for the population level: per-client expected values "
    "of a policy for many clients (the config's default); a number N samples the outcomes "
    "of N clients per route, as a pilot of N clients would observe them"
)


class InputError(Exception):
    """Bad input from the command line: reported in one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as for any bad input
        raise InputError(f"{self.prog}: {message} (see --help)")


def whole_number_type(text: str, minimum: int, maximum: int = MAX_COHORT) -> int:
    """An argument that is a whole number from ``minimum`` to ``maximum``: the text is
    parsed here, the range checked as everywhere (:func:`mkba_mc.limits.count_problem`)."""
    try:
        value = int(text)
    except ValueError:
        shown = repr(text) if len(text) <= 40 else f"{text[:20]!r}..."
        raise argparse.ArgumentTypeError(f"must be a whole number, got {shown}") from None
    problem = count_problem(value, minimum, maximum)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value


def positive_int(text: str) -> int:
    return whole_number_type(text, 1)


def draws_type(text: str) -> int:
    return whole_number_type(text, 1, MAX_DRAWS)


def seed_type(text: str) -> int:
    return whole_number_type(text, 0, MAX_SEED)


def intakes_type(text: str) -> int:
    return whole_number_type(text, 1, MAX_COHORT)


def loss_limit_type(text: str) -> float:
    try:
        value = float(text.replace("_", "").replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite amount in euros, got {text!r}")
    return value


def cohort_type(text: str):
    if text == "expected":
        return "expected"
    try:
        int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a number of clients or 'expected', got {text!r}"
        ) from None
    return whole_number_type(text, 1, MAX_COHORT)


def check_memory(study, draws: int, what: str) -> None:
    """Refuse, before any work, a run held in memory that would exceed the limit."""
    most = MAX_MEMORY_BYTES // bytes_per_draw(study)
    if draws > most:
        raise InputError(
            f"{study.origin}: {what} of {draws} draws would hold "
            f"{draws * bytes_per_draw(study) / 2**30:.1f} GiB in memory; the limit is "
            f"{MAX_MEMORY_BYTES / 2**30:g} GiB, {most} draws of this study (use --draws)"
        )


def load_config(path, overrides=(), strict: bool = False):
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


STRICT_HELP = "treat a warning about the config (an unused parameter) as an error"


def add_workers(parser: argparse.ArgumentParser, what: str = "blocks") -> None:
    """``--workers N`` and ``--scheduler ADDRESS``: where ``what`` run."""
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=1,
        help="local worker processes (dask.distributed); results do not change",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=f"run the {what} on a running dask.distributed scheduler, e.g. "
        "tcp://10.0.0.5:8786 (default: dask's scheduler-address setting, if any)",
    )


def execution_of(args):
    """The :class:`mkba_mc.engine.Execution` that ``--workers`` and ``--scheduler`` ask for."""
    from ..engine import Execution

    if args.workers > 1 and args.scheduler is not None:
        raise InputError("--workers and --scheduler: choose one (a cluster has its own workers)")
    return Execution(workers=args.workers, scheduler=args.scheduler)


def add_overrides(parser: argparse.ArgumentParser) -> None:
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


class ProgressBar:
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
            f"{speed:,.0f} draws/s, {duration((total - done) / speed)} left"
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


def duration(seconds: float) -> str:
    seconds = int(math.ceil(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def progress_bar(enabled: bool) -> ProgressBar | None:
    """A progress bar on standard error when ``enabled`` and it is a terminal; else None
    (silent when piped, redirected or under --quiet)."""
    if not enabled or not sys.stderr.isatty():
        return None
    return ProgressBar(sys.stderr)
