"""The reader core: walks parsed TOML with the key path at hand, so that every problem is
one line ``file: key.path: problem`` (:class:`ConfigError`).

The section readers (:mod:`.study`, :mod:`.outcomes`, :mod:`.parameters`, :mod:`.items`,
:mod:`.research`, :mod:`.published`) take a :class:`Reader` and use its primitives; the
reader also keeps the study's language and the translations its texts give.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, NoReturn

from ..limits import (
    MAX_COHORT,
    MAX_CONFIG_BYTES,
    MAX_DEPTH,
    MAX_MAGNITUDE,
    MAX_NAME_LENGTH,
    count_problem,
    is_whole_number,
)
from ..spec import LANGUAGES

__all__ = [
    "ConfigError",
    "Reader",
    "UnusedParameterWarning",
    "check_depth",
    "join",
    "too_big",
    "too_deep",
    "type_name",
]

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_FRACTION = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\s*$")


class ConfigError(ValueError):
    """A config is invalid. The message is one line: ``file: key.path: problem``."""


class UnusedParameterWarning(UserWarning):
    """A config defines a parameter that no term, resolution or relative effect uses. The
    message is one line: ``file: parameters.NAME: problem``."""


def too_big() -> str:
    """The problem of a config over the size limit."""
    return f"is larger than {MAX_CONFIG_BYTES} bytes (the limit for a config); is it a config?"


def too_deep() -> str:
    """The problem of a config nested beyond the depth limit."""
    return f"nests tables or arrays more than {MAX_DEPTH} levels deep (the limit)"


def check_depth(data: Mapping[str, Any], origin: str) -> None:
    """Refuse parsed TOML that nests tables or arrays more than ``MAX_DEPTH`` deep."""
    found = _deeper_than(data, MAX_DEPTH)
    if found is not None:
        raise ConfigError(f"{origin}: {found or '(top level)'}: {too_deep()}")


def _deeper_than(value: Any, depth: int, path: str = "") -> str | None:
    """The key path where ``value`` nests tables or arrays more than ``depth`` deep."""
    if isinstance(value, dict):
        children = ((join(path, str(k)), v) for k, v in value.items())
    elif isinstance(value, list):
        children = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    else:
        return None
    if depth == 0:
        return path
    for child_path, child in children:
        found = _deeper_than(child, depth - 1, child_path)
        if found is not None:
            return found
    return None


def join(path: str, key: str) -> str:
    """``path.key``, or ``key`` at the top level."""
    return f"{path}.{key}" if path else key


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def type_name(value: Any) -> str:
    """What a TOML value is, for an error message ("a string", "an array", ...)."""
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


class Reader:
    """Checks TOML values at a key path; a failed check raises :class:`ConfigError`.

    Parameters
    ----------
    origin
        The config's name in every message (its path, or ``mkba_mc:NAME`` if shipped).
    """

    def __init__(self, origin: str):
        self.origin = origin
        self.language = LANGUAGES[0]
        self.translations: dict[str, dict[str, str]] = {}

    def fail(self, path: str, message: str) -> NoReturn:
        """Raise the one-line error ``origin: path: message``."""
        raise ConfigError(f"{self.origin}: {path}: {message}")

    def table(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"must be a table, got {type_name(value)}")
        return value

    def keys(self, table: Mapping[str, Any], path: str, required=(), optional=()) -> None:
        """Refuse a key outside ``required`` and ``optional``, and a missing required one."""
        allowed = set(required) | set(optional)
        for key in table:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.fail(join(path, key), f"unknown key (expected one of: {expected})")
        for key in required:
            if key not in table:
                self.fail(join(path, key), "is required but missing")

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            self.fail(path, f"must be a string, got {type_name(value)}")
        if not value.strip():
            self.fail(path, "must not be empty")
        return value

    def text(self, value: Any, path: str) -> str:
        """Text a reader sees: a string in the study's language, or a table with one string
        per language (``{ en = "...", nl = "..." }``). Returns the study's language; the
        other languages are kept as translations of it (:attr:`Study.translations`)."""
        if not isinstance(value, dict):
            return self.string(value, path)
        if not value:
            self.fail(path, f"must give a text per language ({', '.join(LANGUAGES)})")
        texts = {}
        for lang, item in value.items():
            if lang not in LANGUAGES:
                self.fail(f"{path}.{lang}", f"unknown language (one of: {', '.join(LANGUAGES)})")
            texts[lang] = self.string(item, f"{path}.{lang}")
        if self.language not in texts:
            self.fail(path, f"needs a text in the study's language ({self.language!r})")
        default = texts[self.language]
        for lang, item in texts.items():
            if lang != self.language:
                self.translations.setdefault(lang, {})[default] = item
        return default

    def optional_text(self, table: Mapping[str, Any], key: str, path: str) -> str:
        """``table[key]`` as :meth:`text` at ``path.key``, or ``""`` when it is absent."""
        return self.text(table[key], f"{path}.{key}") if key in table else ""

    def translated(self, text: str, lang: str) -> str:
        """``text`` (in the study's language) in ``lang``, where the config gives it."""
        if lang == self.language:
            return text
        return self.translations.get(lang, {}).get(text, text)

    def name(self, value: Any, path: str) -> str:
        value = self.string(value, path)
        if len(value) > MAX_NAME_LENGTH:
            self.fail(
                path,
                f"a name of {len(value)} characters is too long (the limit is {MAX_NAME_LENGTH})",
            )
        if not _NAME.match(value):
            self.fail(
                path,
                f"{value!r} is not a valid name (ASCII letters, digits and _, a letter first; "
                "the words a reader sees go in its label)",
            )
        return value

    def number(self, value: Any, path: str) -> float:
        if not _is_number(value):
            self.fail(path, f"must be a number, got {type_name(value)}")
        if not math.isfinite(value):
            self.fail(path, f"must be a finite number, got {value}")
        if abs(value) > MAX_MAGNITUDE:
            self.fail(path, f"must lie within ±{MAX_MAGNITUDE:g} (the limit), got {value:.6g}")
        return float(value)

    def integer(self, value: Any, path: str, minimum: int, maximum: int = MAX_COHORT) -> int:
        if not is_whole_number(value):
            self.fail(path, f"must be a whole number, got {type_name(value)}")
        if value < minimum:
            self.fail(path, f"must be at least {minimum}, got {value}")
        problem = count_problem(value, minimum, maximum)
        if problem is not None:
            self.fail(path, problem)
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"must be true or false, got {type_name(value)}")
        return value

    def names(self, value: Any, path: str, min_items: int = 1) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(path, f"must be an array of names, got {type_name(value)}")
        if len(value) < min_items:
            self.fail(path, f"must list at least {min_items} name(s)")
        out = tuple(self.name(v, f"{path}[{i}]") for i, v in enumerate(value))
        for i, v in enumerate(out):
            if v in out[:i]:
                self.fail(f"{path}[{i}]", f"{v!r} is listed twice")
        return out

    def factor(self, value: Any, path: str) -> float:
        """A number, or a fraction written as text (``"1/12"``)."""
        if isinstance(value, str):
            match = _FRACTION.match(value)
            if not match:
                self.fail(path, f'must be a number or a fraction such as "1/12", got {value!r}')
            numerator, denominator = float(match[1]), float(match[2])
            if denominator == 0:
                self.fail(path, "divides by zero")
            ratio = numerator / denominator
            if ratio > MAX_MAGNITUDE:
                self.fail(path, f"must lie within ±{MAX_MAGNITUDE:g} (the limit), got {ratio:.6g}")
            return ratio
        return self.number(value, path)
