"""Resolve an assumption set: ``extends``, ``remove`` and ``--set`` overrides.

A config may start from another and state only what differs::

    extends = "regioplan2020.toml"   # a file next to this one, else a shipped set
    remove = ["costs.noshow_contacts"]  # optional: entries of the parent to drop

    [parameters.months_earlier_exit]  # a new distribution for one parameter
    ...

The merge rules, stated in ``configs/README.md``:

1. the parent is resolved first (chains are allowed; a cycle is an error);
2. ``remove`` deletes the named entries of the resolved parent (each must exist);
3. the child is merged in: tables merge key by key and any other value (a number, a
   string, an array such as an item's ``terms``) replaces the parent's. One exception: a
   parameter given a new distribution in the child (``dist``, or ``arms`` where the
   parent has one shared distribution) loses all of the parent's distribution keys and
   keeps only ``unit``, ``label``, ``client_attribute`` and ``group`` unless given; its
   ``source`` must be given anew, so that no stale source describes a new distribution.
   A child's ``arms`` of a per-arm parameter merge arm by arm (an arm given ``dist`` or
   ``same_as`` is replaced, any other arm's table amended);
4. ``--set KEY.PATH=TOML_VALUE`` overrides are applied last, in order: each sets exactly the
   value at its path (a table value replaces the table there).

The result is plain TOML data: :func:`resolve` returns it with its text (the child's header
comment, a line naming what was resolved, then the merged TOML), which is what runs, is
hashed and is stored with the results, so a results folder reproduces without the parent.
Values are parsed with :mod:`tomllib` only; nothing is ever executed.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from .config import ConfigError, read_config

__all__ = [
    "Override",
    "DESCRIPTIVE_KEYS",
    "apply_override",
    "as_option",
    "merge",
    "parse_override",
    "resolve",
    "shipped_sets",
    "toml_value",
]

DESCRIPTIVE_KEYS = ("unit", "label", "client_attribute", "group")
"""Keys of a parameter that a child's new distribution keeps from the parent."""

_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Override:
    """One ``--set KEY.PATH=TOML_VALUE``: the key path and its parsed value."""

    text: str
    path: tuple[str, ...]
    value: Any

    @property
    def key(self) -> str:
        """The dotted key path, as written."""
        return ".".join(self.path)


def parse_override(text: str) -> Override:
    """Parse ``KEY.PATH=TOML_VALUE``; the value is TOML (strings need quotes).

    Raises
    ------
    ConfigError
        Naming ``--set`` and what is wrong with it.
    """
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"--set {text}: must be KEY.PATH=TOML_VALUE")
    path = tuple(part.strip() for part in key.split("."))
    for part in path:
        if not _KEY.match(part):
            raise ConfigError(f"--set {key}: {part!r} is not a key (letters, digits, _ and -)")
    try:
        parsed = tomllib.loads(f"value = {value.strip()}")["value"]
    except tomllib.TOMLDecodeError:
        raise ConfigError(
            f"--set {key}: {value.strip()!r} is not a TOML value "
            f"(text needs quotes: {key}='\"text\"')"
        ) from None
    return Override(text=text, path=path, value=parsed)


def as_option(
    exc: ConfigError, overrides: Sequence[str], option: str, *, value: bool = False
) -> ConfigError:
    """``exc`` with each of ``overrides`` named by the option that gave it.

    A config's error names an override as ``--set KEY``; an override that came from
    another option (``--grid``, ``--set-a``) is named ``OPTION KEY`` instead, or with
    ``value`` ``OPTION KEY=VALUE`` (a grid has several values for one key).
    """
    message = str(exc)
    for override in overrides:
        key = override.partition("=")[0].strip()
        shown = f"{option} {override.strip() if value else key}"
        pattern = re.escape(f"--set {key}") + r"(?=[:,)\s]|$)"
        message = re.sub(pattern, lambda _, shown=shown: shown, message)
    return ConfigError(message)


def apply_override(data: dict[str, Any], override: Override) -> None:
    """Set ``override``'s value at its path in ``data`` (in place), creating tables on the way."""
    table = data
    for depth, part in enumerate(override.path[:-1]):
        nxt = table.setdefault(part, {})
        if not isinstance(nxt, dict):
            where = ".".join(override.path[: depth + 1])
            raise ConfigError(f"--set {override.key}: {where} is a value, not a table")
        table = nxt
    table[override.path[-1]] = copy.deepcopy(override.value)


def merge(
    parent: Mapping[str, Any],
    child: Mapping[str, Any],
    origin: str = "<config>",
    path: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Merge ``child`` into ``parent`` by the rules of this module (neither is changed).

    Keys keep the parent's order; keys new in the child follow. ``origin`` names the
    child in errors.
    """
    merged = copy.deepcopy(dict(parent))
    for key, value in child.items():
        here = (*path, key)
        old = merged.get(key)
        if not (isinstance(value, dict) and isinstance(old, dict)):
            merged[key] = copy.deepcopy(value)
        elif path == ("parameters",):
            merged[key] = _merge_parameter(old, value, f"{origin}: {'.'.join(here)}")
        else:
            merged[key] = merge(old, value, origin, here)
    return merged


def _merge_parameter(old: dict[str, Any], new: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A parameter's entry: a new distribution replaces the parent's; arms merge arm by arm."""
    if "dist" in new or ("arms" in new and "arms" not in old):
        if "source" not in new:
            raise ConfigError(
                f"{where}.source: a new distribution needs its own source (the parent's "
                "describes the parent's distribution)"
            )
        kept = {k: v for k, v in old.items() if k in DESCRIPTIVE_KEYS}
        return {**kept, **copy.deepcopy(dict(new))}
    merged = copy.deepcopy(old)
    for key, value in new.items():
        if key == "arms" and isinstance(value, dict) and isinstance(old["arms"], dict):
            for arm, body in value.items():
                mine = merged["arms"].get(arm)
                amend = isinstance(body, dict) and {"dist", "same_as"}.isdisjoint(body)
                if amend and isinstance(mine, dict):
                    merged["arms"][arm] = {**mine, **copy.deepcopy(body)}
                else:
                    merged["arms"][arm] = copy.deepcopy(body)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def toml_value(value: Any) -> str:
    """A value as inline TOML on one line, as ``--set`` takes it."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}).strip()[len("v = ") :]


def shipped_sets() -> list[str]:
    """The names of the assumption sets shipped with the package."""
    folder = resources.files("mkba_mc").joinpath("configs")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))


def resolve(
    data: Mapping[str, Any],
    text: str,
    origin: str,
    base: Path | None = None,
    overrides: Sequence[str | Override] = (),
) -> tuple[dict[str, Any], str]:
    """Resolve ``extends``, ``remove`` and overrides of a parsed config.

    Parameters
    ----------
    data
        The config as parsed by :mod:`tomllib`.
    text
        Its text (its leading comment is kept as the resolved text's header).
    origin
        Its name in error messages.
    base
        The folder in which ``extends`` looks first; ``None`` looks among the shipped sets
        only.
    overrides
        ``KEY.PATH=TOML_VALUE`` strings (or parsed :class:`Override`), applied last.

    Returns
    -------
    data, text
        The resolved config and its TOML text. A config without ``extends``, ``remove`` or
        overrides is returned with its own text unchanged.
    """
    parsed = [o if isinstance(o, Override) else parse_override(o) for o in overrides]
    if "extends" not in data and "remove" not in data and not parsed:
        return dict(data), text
    chain: list[str] = []
    resolved = _resolve(data, origin, base, (_identity(origin, base),), chain)
    for override in parsed:
        apply_override(resolved, override)
    notes = [f"extends {name}" for name in chain] + [f"--set {o.text}" for o in parsed]
    head = _leading_comment(text)
    header = head + ("#\n" if head else "") + f"# Resolved by mkba-mc: {'; '.join(notes)}\n\n"
    return resolved, header + tomli_w.dumps(resolved)


def _resolve(data, origin, base, seen, chain) -> dict[str, Any]:
    child = dict(data)
    parent_name = child.pop("extends", None)
    removals = child.pop("remove", None)
    if parent_name is None:
        if removals is not None:
            raise ConfigError(f"{origin}: remove: needs extends (there is nothing to remove from)")
        return copy.deepcopy(child)
    if not isinstance(parent_name, str) or not parent_name.strip():
        raise ConfigError(f"{origin}: extends: must be the name of a config file")
    parent_origin, parent_text, parent_base = _find(parent_name, origin, base)
    identity = _identity(parent_origin, parent_base)
    if identity in seen:
        cycle = " -> ".join([*seen, identity])
        raise ConfigError(f"{origin}: extends: a cycle ({cycle})")
    chain.append(parent_name)
    try:
        parent_data = tomllib.loads(parent_text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{parent_origin}: invalid TOML: {exc}") from None
    parent = _resolve(parent_data, parent_origin, parent_base, (*seen, identity), chain)
    for entry in _removals(removals, origin):
        _remove(parent, entry, origin, parent_name)
    return merge(parent, child, origin)


def locate(name: str, origin: str) -> tuple[str, str]:
    """Find the config ``name`` that the config ``origin`` refers to (``extends``, or an
    alternative assumption set): next to it first, then among the shipped sets.

    Returns
    -------
    origin, text
        The found config's origin (a path, or ``mkba_mc:NAME``) and its text.
    """
    base = None if origin.startswith("mkba_mc:") else Path(origin).parent
    found, text, _ = _find(name, origin, base)
    return found, text


def _find(name: str, origin: str, base: Path | None) -> tuple[str, str, Path | None]:
    """The parent's origin, text and the folder its own ``extends`` looks in."""
    if base is not None:
        path = base / name
        if path.exists() and not path.is_dir():  # a file, or a device such as /dev/zero
            return str(path), read_config(path), path.parent
    if name in shipped_sets():
        text = resources.files("mkba_mc").joinpath("configs", name).read_text(encoding="utf-8")
        return f"mkba_mc:{name}", text, None
    where = "next to it or " if base is not None else ""
    raise ConfigError(
        f"{origin}: extends: no config {name!r} {where}among the shipped sets "
        f"({', '.join(shipped_sets())})"
    )


def _identity(origin: str, base: Path | None) -> str:
    if origin.startswith("mkba_mc:") or base is None:
        return origin
    return str(Path(origin).resolve())


def _removals(value: Any, origin: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{origin}: remove: must be an array of key paths such as 'costs.x'")
    return value


def _remove(data: dict[str, Any], entry: str, origin: str, parent: str) -> None:
    *tables, last = entry.split(".")
    table = data
    for part in tables:
        table = table.get(part) if isinstance(table, dict) else None
    if not isinstance(table, dict) or last not in table:
        raise ConfigError(f"{origin}: remove: {entry!r} is not in {parent}")
    del table[last]


def _leading_comment(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or (not line.strip() and lines):
            lines.append(line)
        else:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    return "".join(line + "\n" for line in lines)
