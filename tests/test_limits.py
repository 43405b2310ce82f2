"""The one whole-number check behind every count of the Python API and the config."""

from __future__ import annotations

import numpy as np
import pytest

from mkba_mc.limits import MAX_DRAWS, is_whole_number, whole_number


@pytest.mark.parametrize("value", [0, 7, np.int64(7), np.uint8(3), 10**30])
def test_python_and_numpy_integers_are_whole_numbers(value):
    assert is_whole_number(value)


@pytest.mark.parametrize("value", [True, False, np.bool_(True), 7.0, "7", None, np.float64(2)])
def test_booleans_floats_and_text_are_not(value):
    assert not is_whole_number(value)


@pytest.mark.parametrize(
    ("value", "minimum", "message"),
    [
        (0, 1, "draws must be a positive whole number, got 0"),
        (1.5, 1, "draws must be a positive whole number, got 1.5"),
        (True, 1, "draws must be a positive whole number, got True"),
        (-1, 0, "draws must be a non-negative whole number, got -1"),
        (1, 2, "draws must be a whole number of at least 2, got 1"),
    ],
)
def test_a_refusal_names_the_argument_and_the_value(value, minimum, message):
    with pytest.raises(ValueError) as info:
        whole_number(value, "draws", minimum)
    assert str(info.value) == message


def test_the_limit_is_stated_and_a_numpy_integer_comes_back_as_int():
    with pytest.raises(ValueError) as info:
        whole_number(MAX_DRAWS + 1, "draws", 1, MAX_DRAWS)
    assert str(info.value) == f"draws must be at most {MAX_DRAWS} (the limit), got {MAX_DRAWS + 1}"
    value = whole_number(np.int32(5), "draws", 1, MAX_DRAWS)
    assert value == 5 and type(value) is int
