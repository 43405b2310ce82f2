"""Find, read and parse a config: the shipped sets, files, ``extends`` and ``--set``.

:func:`parse_study` turns text into a validated :class:`~mkba_mc.spec.Study` through the
section readers (:func:`.study.read_study`); every problem is a :class:`.ConfigError`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tomllib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from ..limits import MAX_CONFIG_BYTES
from ..spec import Study
from .reader import ConfigError, Reader, check_depth, too_big, too_deep
from .study import read_study

__all__ = [
    "DEFAULT_STUDY",
    "POINT_STUDY",
    "config_hash",
    "embedded_config",
    "load_study",
    "parse_study",
    "read_config",
]

DEFAULT_STUDY = "regioplan2020.toml"
"""The embedded default study: Regioplan 2020 with the default uncertainty (SPEC 3)."""

POINT_STUDY = "regioplan2020_point.toml"
"""The embedded point replication of Regioplan 2020 (every input fixed)."""

_BOM = "\ufeff"


def config_hash(text: str) -> str:
    """SHA-256 of a config's text, recorded in every result."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embedded_config(name: str = DEFAULT_STUDY) -> str:
    """The text of a config shipped inside the package (``regioplan2020.toml``, ...)."""
    return resources.files("mkba_mc").joinpath("configs", name).read_text(encoding="utf-8")


def load_study(path: str | Path | None = None, overrides: Sequence[str] = ()) -> Study:
    """Load and validate a study config.

    Parameters
    ----------
    path
        A TOML file; ``None`` loads the embedded default study (Regioplan 2020 with the
        default uncertainty). Its ``extends`` looks next to it first, then among the
        shipped sets (:mod:`mkba_mc.assumptions`).
    overrides
        ``KEY.PATH=TOML_VALUE`` strings (``--set``), applied after ``extends``.

    Raises
    ------
    ConfigError
        When the file cannot be read or anything in it is invalid.
    """
    if path is None:
        return parse_study(
            embedded_config(DEFAULT_STUDY), origin=f"mkba_mc:{DEFAULT_STUDY}", overrides=overrides
        )
    path = Path(path)
    return parse_study(read_config(path), origin=str(path), overrides=overrides, base=path.parent)


def read_config(path: str | Path) -> str:
    """The text of a config file, read only up to the size limit (``/dev/zero`` answers at
    once): a config and every config it ``extends`` are read through here.

    Raises
    ------
    ConfigError
        When the file is missing, a folder, too large, not UTF-8 or unreadable.
    """
    path = Path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_CONFIG_BYTES + 1)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: {too_big()}")
        return raw.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None


def parse_study(
    text: str,
    origin: str = "<config>",
    overrides: Sequence[str] = (),
    base: Path | None = None,
) -> Study:
    """Validate config text into a :class:`Study`; ``origin`` names it in errors.

    ``extends``, ``remove`` and ``overrides`` are resolved first
    (:func:`mkba_mc.assumptions.resolve`; ``extends`` looks in ``base``, then among the
    shipped sets); the resolved text is the study's :attr:`~Study.text`. A leading UTF-8
    byte-order mark (as some Windows editors save) is dropped. A parameter that nothing
    uses is reported as an :class:`UnusedParameterWarning`.
    """
    from ..assumptions import resolve  # it reads shipped configs through this package

    text = text.removeprefix(_BOM)
    if len(text) > MAX_CONFIG_BYTES or len(text.encode("utf-8")) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{origin}: {too_big()}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: invalid TOML: {exc}") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ConfigError(f"{origin}: invalid TOML: {exc}".split(";")[0]) from None
    except RecursionError:  # the parser recurses per level of inline arrays and tables
        raise ConfigError(f"{origin}: {too_deep()}") from None
    check_depth(data, origin)
    try:
        data, text = resolve(data, text, origin, base, overrides)
    except RecursionError:  # a --set value nested beyond what the parser can read
        raise ConfigError(f"{origin}: {too_deep()}") from None
    check_depth(data, origin)
    try:
        study = read_study(Reader(origin), data, text)
    except ConfigError as exc:
        raise _blame_override(exc, origin, overrides) from None
    return dataclasses.replace(study, overrides=tuple(overrides))


def _blame_override(exc: ConfigError, origin: str, overrides: Sequence[str]) -> ConfigError:
    """Name the ``--set`` behind an error at its key path, or in the table it set a key of."""
    message = str(exc)
    if not overrides or not message.startswith(f"{origin}: "):
        return exc
    key, _, problem = message[len(origin) + 2 :].partition(": ")
    paths = [o.partition("=")[0].strip() for o in reversed(overrides)]
    for path in paths:
        if key == path:
            return ConfigError(f"{origin}: --set {path}: {problem}")
        table = path.rpartition(".")[0]
        if (
            key.startswith(f"{path}.")
            or path.startswith(f"{key}.")
            or (table.count(".") >= 1 and key.startswith(f"{table}."))
        ):
            return ConfigError(f"{origin}: --set {path}: {key}: {problem}")
    return ConfigError(f"{message} (with --set {', --set '.join(reversed(paths))})")
