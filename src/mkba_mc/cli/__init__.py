"""The ``mkba-mc`` command line: one module per group of commands.

Exit codes: 0 success, 2 bad input (one line on standard error, no traceback), 1 an
internal error. Set ``MKBA_MC_DEBUG=1`` to see the traceback of an internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
import warnings

from .._version import __version__
from ..config import ConfigError, UnusedParameterWarning
from ..outputs import OutputError
from . import report, run, sensitivity, sets
from .common import (
    EXIT_BROKEN_PIPE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_TERMINATED,
    InputError,
    Parser,
)

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="mkba-mc",
        description="Monte Carlo uncertainty analysis of the social cost-benefit analysis "
        "(MKBA) of municipal debt assistance.",
    )
    parser.add_argument("--version", action="version", version=f"mkba-mc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    run.add_parsers(sub)
    sets.add_compare_parser(sub)
    report.add_parser(sub)
    sensitivity.add_parser(sub)
    sets.add_diff_parser(sub)
    sets.add_sweep_parser(sub)
    return parser


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
        with warnings.catch_warnings():  # reported once, by load_config; silent when re-parsed
            warnings.simplefilter("ignore", UnusedParameterWarning)
            code = args.handler(args)
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
