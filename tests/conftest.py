"""Fixtures shared by every test module."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mkba_mc import cli


@pytest.fixture(autouse=True)
def numpy_warnings_are_errors(request):
    """In every command-line test (every module that drives ``mkba_mc.cli.main``), a numpy
    floating-point warning (overflow, invalid value, division by zero) is an error: a run
    never prints one (issue 7), so the command exits 1 and the test fails. pyproject's
    ``filterwarnings = ["error"]`` does the same for every warning; this fixture holds even
    when that setting is overridden with ``-W``, and raises at the operation itself."""
    if getattr(request.module, "main", None) is not cli.main:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            yield
