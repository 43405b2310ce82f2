"""Fixtures shared by every test module."""

from __future__ import annotations

import warnings

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def numpy_warnings_are_errors(request):
    """In every command-line test, a numpy floating-point warning (overflow, invalid value,
    division by zero) is an error: a run never prints one (issue 7), so the command exits 1
    and the test fails. pyproject's ``filterwarnings = ["error"]`` does the same for every
    warning; this holds even when that setting is overridden with ``-W``."""
    if "cli" not in request.node.name and "cli" not in request.module.__name__:
        if request.module.__name__ != "test_bad_input":
            yield
            return
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            yield
