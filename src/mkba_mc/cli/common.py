"""What every command shares: bad input in one line, the argument types, loading a
config, the language, and progress."""

from __future__ import annotations

import argparse
import math
import sys
import warnings

from tqdm import tqdm

from ..config import UnusedParameterWarning, load_study
from ..limits import MAX_COHORT, MAX_DRAWS, MAX_MEMORY_BYTES, MAX_SEED, count_problem
from ..simulation import bytes_per_draw
from ..spec import LANGUAGES as LANGS

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


def check_memory(
    study, draws: int, what: str, origin: str | None = None, advice: str = "use --draws"
) -> None:
    """Refuse, before any work, a run held in memory that would exceed the limit.

    The line names ``origin`` (default: the study's config) and ends with ``advice``.
    """
    most = MAX_MEMORY_BYTES // bytes_per_draw(study)
    if draws > most:
        raise InputError(
            f"{study.origin if origin is None else origin}: {what} of {draws} draws would "
            f"hold {draws * bytes_per_draw(study) / 2**30:.1f} GiB in memory; the limit is "
            f"{MAX_MEMORY_BYTES / 2**30:g} GiB, {most} draws of this study ({advice})"
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


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang en|nl``: the language of what the command prints or writes."""
    parser.add_argument(
        "--lang",
        choices=LANGS,
        help="language of the answer, en or nl (default: the config's [study] language, else en)",
    )


def language(args, study) -> str:
    """The language asked with ``--lang``, else the study's ``[study] language``."""
    return study.language if args.lang is None else args.lang


def add_progress(parser: argparse.ArgumentParser) -> None:
    """``--progress``: show progress on standard error even when it is not a terminal."""
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show progress on standard error even when it is not a terminal (by default "
        "only on a terminal, and never with --quiet)",
    )


class Progress:
    """Progress on standard error (tqdm), fed ``(done, total)`` by a run, a comparison, a
    sweep or a report; cleared when closed.

    Parameters
    ----------
    unit
        What is counted (``"draws"``, ``"points"``, ``"sections"``).
    show
        ``True`` to show it, ``False`` never, ``None`` only when ``file`` is a terminal.
    file
        Where to write; default standard error.
    """

    def __init__(self, unit: str, show: bool | None = None, file=None):
        self.unit = unit
        self.disable = None if show is None else not show
        self.file = file
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = tqdm(
                total=total,
                unit=f" {self.unit}",
                file=sys.stderr if self.file is None else self.file,
                disable=self.disable,
                leave=False,
                dynamic_ncols=True,
                mininterval=0.2,
            )
        elif total != self.bar.total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        """Clear the bar (at the end, or when the work stops early or fails)."""
        if self.bar is not None:
            self.bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def progress_bar(args, unit: str = "draws") -> Progress:
    """The progress of a command: on a terminal, or anywhere with ``--progress``; never
    with ``--quiet``."""
    if getattr(args, "quiet", False):
        return Progress(unit, show=False)
    return Progress(unit, show=True if getattr(args, "progress", False) else None)
