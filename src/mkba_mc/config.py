"""Read a study config (TOML) and validate it into an immutable :class:`~mkba_mc.spec.Study`.

A config is data, never code: it is parsed with :mod:`tomllib` and every key is checked.
Any problem raises :class:`ConfigError` whose message is one line naming the file, the
key path and what is wrong, e.g.::

    study.toml: parameters.exit_share.mean: must lie strictly between 0 and 1, got 1.2

The layout of a config is documented in ``configs/README.md``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .bounds import OutOfBounds, check_bounds
from .distributions import DistributionError, Fixed, FixedShares, from_config, observed_value
from .limits import (
    MAX_COHORT,
    MAX_CONFIG_BYTES,
    MAX_DEPTH,
    MAX_DRAWS,
    MAX_MAGNITUDE,
    MAX_NAME_LENGTH,
    MAX_SEED,
    count_problem,
)
from .spec import (
    ALL_CLIENTS,
    INPUT_GROUPS,
    LANGUAGES,
    OUTCOME_SHARES,
    SUCCESS_GROUP,
    Arm,
    Correlations,
    Discounting,
    Item,
    Outcomes,
    Parameter,
    Published,
    PublishedArm,
    RelativeEffect,
    Research,
    Resolution,
    Study,
    Term,
    Timing,
    frozen_mapping,
)

__all__ = [
    "ConfigError",
    "UnusedParameterWarning",
    "DEFAULT_STUDY",
    "POINT_STUDY",
    "config_hash",
    "embedded_config",
    "load_study",
    "parse_study",
]

DEFAULT_STUDY = "regioplan2020.toml"
"""The embedded default study: Regioplan 2020 with the default uncertainty (SPEC 3)."""

POINT_STUDY = "regioplan2020_point.toml"
"""The embedded point replication of Regioplan 2020 (every input fixed)."""

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_FRACTION = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\s*$")
_RESERVED = {ALL_CLIENTS}


_NO_DISCOUNTING = (
    "has no effect without a [discounting] section (add one; rate = 0 keeps amounts undiscounted)"
)


class ConfigError(ValueError):
    """A config is invalid. The message is one line: ``file: key.path: problem``."""


class UnusedParameterWarning(UserWarning):
    """A config defines a parameter that no term, resolution or relative effect uses. The
    message is one line: ``file: parameters.NAME: problem``."""


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
            raise ConfigError(f"{path}: {_too_big()}")
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
    from .assumptions import resolve  # it reads shipped configs through this module

    text = text.removeprefix(_BOM)
    if len(text) > MAX_CONFIG_BYTES or len(text.encode("utf-8")) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{origin}: {_too_big()}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: invalid TOML: {exc}") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ConfigError(f"{origin}: invalid TOML: {exc}".split(";")[0]) from None
    except RecursionError:  # the parser recurses per level of inline arrays and tables
        raise ConfigError(f"{origin}: {_too_deep()}") from None
    _check_depth(data, origin)
    try:
        data, text = resolve(data, text, origin, base, overrides)
    except RecursionError:  # a --set value nested beyond what the parser can read
        raise ConfigError(f"{origin}: {_too_deep()}") from None
    _check_depth(data, origin)
    try:
        study = _Reader(origin).study(data, text)
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


def _too_big() -> str:
    return f"is larger than {MAX_CONFIG_BYTES} bytes (the limit for a config); is it a config?"


def _too_deep() -> str:
    return f"nests tables or arrays more than {MAX_DEPTH} levels deep (the limit)"


def _check_depth(data: Mapping[str, Any], origin: str) -> None:
    too_deep = _deeper_than(data, MAX_DEPTH)
    if too_deep is not None:
        raise ConfigError(f"{origin}: {too_deep or '(top level)'}: {_too_deep()}")


def _deeper_than(value: Any, depth: int, path: str = "") -> str | None:
    """The key path where ``value`` nests tables or arrays more than ``depth`` deep."""
    if isinstance(value, dict):
        children = ((_join(path, str(k)), v) for k, v in value.items())
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


# --------------------------------------------------------------------------- helpers


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


class _Reader:
    """Walks the parsed TOML, keeping the key path for error messages."""

    def __init__(self, origin: str):
        self.origin = origin
        self.language = LANGUAGES[0]
        self.translations: dict[str, dict[str, str]] = {}

    # -- primitives ---------------------------------------------------------------

    def fail(self, path: str, message: str):
        raise ConfigError(f"{self.origin}: {path}: {message}")

    def table(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"must be a table, got {_type_name(value)}")
        return value

    def keys(self, table: Mapping[str, Any], path: str, required=(), optional=()) -> None:
        allowed = set(required) | set(optional)
        for key in table:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.fail(_join(path, key), f"unknown key (expected one of: {expected})")
        for key in required:
            if key not in table:
                self.fail(_join(path, key), "is required but missing")

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            self.fail(path, f"must be a string, got {_type_name(value)}")
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
            self.fail(path, f"{value!r} is not a valid name (letters, digits, _; a letter first)")
        return value

    def number(self, value: Any, path: str) -> float:
        if not _is_number(value):
            self.fail(path, f"must be a number, got {_type_name(value)}")
        if not math.isfinite(value):
            self.fail(path, f"must be a finite number, got {value}")
        if abs(value) > MAX_MAGNITUDE:
            self.fail(path, f"must lie within ±{MAX_MAGNITUDE:g} (the limit), got {value:.6g}")
        return float(value)

    def integer(self, value: Any, path: str, minimum: int, maximum: int = MAX_COHORT) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"must be a whole number, got {_type_name(value)}")
        if value < minimum:
            self.fail(path, f"must be at least {minimum}, got {value}")
        problem = count_problem(value, minimum, maximum)
        if problem is not None:
            self.fail(path, problem)
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"must be true or false, got {_type_name(value)}")
        return value

    def names(self, value: Any, path: str, min_items: int = 1) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(path, f"must be an array of names, got {_type_name(value)}")
        if len(value) < min_items:
            self.fail(path, f"must list at least {min_items} name(s)")
        out = tuple(self.name(v, f"{path}[{i}]") for i, v in enumerate(value))
        for i, v in enumerate(out):
            if v in out[:i]:
                self.fail(f"{path}[{i}]", f"{v!r} is listed twice")
        return out

    def factor(self, value: Any, path: str) -> float:
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

    # -- study --------------------------------------------------------------------

    def study(self, data: Mapping[str, Any], text: str) -> Study:
        sections = ("study", "arms", "outcomes", "parameters", "costs", "benefits", "stakeholders")
        optional = (
            "run",
            "cohort",
            "published",
            "discounting",
            "research",
            "sampling",
            "correlations",
        )
        self.keys(data, "", required=sections, optional=optional)

        head = self.table(data["study"], "study")
        self.keys(
            head,
            "study",
            required=("title", "source", "baseline"),
            optional=("currency", "language", "description", "limits", "alternatives", "payer"),
        )
        self.language = head.get("language", LANGUAGES[0])
        if self.language not in LANGUAGES:
            self.fail(
                "study.language",
                f"must be one of {', '.join(LANGUAGES)}, got {self.language!r}",
            )
        title = self.text(head["title"], "study.title")
        source = self.text(head["source"], "study.source")
        description = (
            self.text(head["description"], "study.description") if "description" in head else ""
        )
        limits = head.get("limits", [])
        if not isinstance(limits, list):
            self.fail("study.limits", f"must be an array of texts, got {_type_name(limits)}")
        limits = tuple(self.text(item, f"study.limits[{i}]") for i, item in enumerate(limits))
        alternatives = head.get("alternatives", [])
        if not isinstance(alternatives, list):
            self.fail(
                "study.alternatives",
                f"must be an array of config names, got {_type_name(alternatives)}",
            )
        alternatives = tuple(
            self.string(name, f"study.alternatives[{i}]") for i, name in enumerate(alternatives)
        )
        currency = self.string(head.get("currency", "EUR"), "study.currency")

        outcomes_table = self.table(data["outcomes"], "outcomes")
        categories = self.names(outcomes_table.get("categories"), "outcomes.categories")
        arms = self.arms(data["arms"], categories)
        baseline = self.name(head["baseline"], "study.baseline")
        if baseline not in {a.name for a in arms}:
            self.fail("study.baseline", f"{baseline!r} is not one of the arms ({_list(arms)})")

        stakeholders = self.stakeholders(data["stakeholders"])
        parameters = self.parameters(data["parameters"], arms)
        outcomes = self.outcomes(outcomes_table, categories, parameters, arms)
        arms = self.relative_effects(data["arms"], arms, outcomes, parameters)
        parameters = {**parameters, OUTCOME_SHARES: self.outcome_parameter(outcomes, arms)}

        payer = self.default_payer(head, stakeholders)
        costs = self.items(
            data["costs"], "costs", parameters, outcomes, None, payer=(payer, stakeholders)
        )
        benefits = self.items(data["benefits"], "benefits", parameters, outcomes, stakeholders)
        parameters = _assign_groups(parameters, outcomes, costs)

        run = self.table(data.get("run", {}), "run")
        self.keys(run, "run", optional=("draws", "seed"))
        draws = self.integer(run.get("draws", 100_000), "run.draws", 1, MAX_DRAWS)
        seed = self.integer(run.get("seed", 20200101), "run.seed", 0, MAX_SEED)
        cohort_table = self.table(data.get("cohort", {}), "cohort")
        self.keys(cohort_table, "cohort", optional=("clients",))
        cohort = self.cohort(cohort_table.get("clients", "expected"), "cohort.clients")

        published = None
        if "published" in data:
            published = self.published(data["published"], arms, outcomes, costs, benefits)
        discounting = None
        if "discounting" in data:
            discounting = self.discounting(data["discounting"])
        else:
            self.needs_discounting(outcomes, costs, benefits)
        research = None
        if "research" in data:
            research = self.research(data["research"], parameters)
        correlations = None
        if "correlations" in data:
            correlations = self.correlations(data["correlations"], parameters, arms)
        sampling = self.table(data.get("sampling", {}), "sampling")
        self.keys(sampling, "sampling", optional=("method",))
        method = self.string(sampling.get("method", "random"), "sampling.method")
        if method not in ("random", "lhs", "sobol"):
            self.fail("sampling.method", f"must be random, lhs or sobol, got {method!r}")

        study = Study(
            title=title,
            source=source,
            baseline=baseline,
            arms=arms,
            outcomes=outcomes,
            parameters=frozen_mapping(parameters),
            costs=costs,
            benefits=benefits,
            stakeholders=stakeholders,
            cohort=cohort,
            draws=draws,
            seed=seed,
            currency=currency,
            published=published,
            text=text,
            origin=self.origin,
            discounting=discounting,
            language=self.language,
            description=description,
            limits=limits,
            alternatives=alternatives,
            translations=frozen_mapping(
                {lang: frozen_mapping(texts) for lang, texts in self.translations.items()}
            ),
            research=research,
            sampling=method,
            correlations=correlations,
        )
        try:
            check_bounds(study)
        except OutOfBounds as exc:
            self.fail(exc.path, str(exc))
        self.warn_unused(study)
        return study

    def correlations(self, value: Any, parameters, arms) -> Correlations:
        """``[correlations]``: ``pairs = [["a", "b", rho], ...]`` or ``names`` and
        ``matrix``; each name a scalar uncertain input, ``name`` or ``name.ARM``."""
        from .correlation import check_matrix  # the copula's own checks

        table = self.table(value, "correlations")
        self.keys(table, "correlations", optional=("pairs", "names", "matrix"))
        if ("pairs" in table) == ("names" in table or "matrix" in table):
            self.fail("correlations", "give either pairs, or names and matrix")
        arm_names = [a.name for a in arms]

        def scalar(ref: Any, path: str) -> tuple[str, str | None]:
            ref = self.string(ref, path)
            name, _, arm = ref.partition(".")
            param = parameters.get(name)
            if param is None:
                self.fail(path, f"{name!r} is not a parameter of the study")
            if param.components is not None:
                self.fail(path, f"{name!r} is a vector of shares, not a scalar input")
            if param.shared and arm:
                self.fail(path, f"{name!r} is shared by all arms; name it without an arm")
            if not param.shared:
                if arm not in arm_names or arm not in param.per_arm or arm in param.same_draw:
                    self.fail(path, f"name the arm of {name!r} with its own draw: {name}.ARM")
            if param.for_arm(arm).is_fixed:
                self.fail(path, f"{ref!r} is fixed; only uncertain inputs can be correlated")
            return (name, arm or None)

        if "pairs" in table:
            pairs = table["pairs"]
            if not isinstance(pairs, list) or not pairs:
                self.fail("correlations.pairs", "must be a non-empty array of [a, b, rho]")
            inputs: list[tuple[str, str | None]] = []
            entries = []
            for i, pair in enumerate(pairs):
                path = f"correlations.pairs[{i}]"
                if not isinstance(pair, list) or len(pair) != 3:
                    self.fail(path, 'must be ["input a", "input b", rank correlation]')
                a, b = scalar(pair[0], f"{path}[0]"), scalar(pair[1], f"{path}[1]")
                if a == b:
                    self.fail(path, "correlates an input with itself")
                rho = self.number(pair[2], f"{path}[2]")
                for x in (a, b):
                    if x not in inputs:
                        inputs.append(x)
                entries.append((inputs.index(a), inputs.index(b), rho, path))
            matrix = [[float(i == j) for j in range(len(inputs))] for i in range(len(inputs))]
            for i, j, rho, path in entries:
                if matrix[i][j] != 0.0:
                    self.fail(path, "gives the correlation of this pair a second time")
                matrix[i][j] = matrix[j][i] = rho
        else:
            names = table.get("names")
            if not isinstance(names, list) or len(names) < 2:
                self.fail("correlations.names", "must list at least two inputs")
            inputs = [scalar(n, f"correlations.names[{i}]") for i, n in enumerate(names)]
            if len(set(inputs)) != len(inputs):
                self.fail("correlations.names", "names an input twice")
            matrix = table.get("matrix")
            k = len(inputs)
            if (
                not isinstance(matrix, list)
                or len(matrix) != k
                or not all(isinstance(r, list) and len(r) == k for r in matrix)
            ):
                self.fail("correlations.matrix", f"must be a {k} x {k} array of numbers")
            matrix = [
                [self.number(x, f"correlations.matrix[{i}][{j}]") for j, x in enumerate(row)]
                for i, row in enumerate(matrix)
            ]
        labels = [name if arm is None else f"{name}.{arm}" for name, arm in inputs]
        problem = check_matrix(matrix, labels)
        if problem is not None:
            self.fail("correlations", problem)
        return Correlations(tuple(inputs), tuple(tuple(r) for r in matrix))

    def research(self, value: Any, parameters: Mapping[str, Parameter]) -> Research:
        """The ``[research]`` table: a proposed study of more dossiers and its cost."""
        table = self.table(value, "research")
        self.keys(
            table,
            "research",
            required=(
                "fixed_cost",
                "cost_per_dossier",
                "horizon_years",
                "intakes_per_year",
                "parameters",
                "source",
            ),
            optional=("among",),
        )
        amounts = {}
        for key in ("fixed_cost", "cost_per_dossier", "horizon_years", "intakes_per_year"):
            amounts[key] = self.number(table[key], f"research.{key}")
            positive = key in ("horizon_years", "intakes_per_year")
            if amounts[key] < 0 or (positive and amounts[key] == 0):
                self.fail(f"research.{key}", f"must be {'positive' if positive else 'at least 0'}")
        observed = self.names(table["parameters"], "research.parameters")
        families = {}
        for i, name in enumerate(observed):
            path = f"research.parameters[{i}]"
            if name not in parameters:
                self.fail(path, f"{name!r} is not a parameter of the study")
            param = parameters[name]
            found = {d.family for d in param.distributions()} - {"fixed"}
            if len(found) > 1 or not found <= {"beta", "dirichlet"}:
                self.fail(
                    path,
                    f"{name!r} must have a Beta or Dirichlet distribution (or be fixed) to be "
                    "observed in new dossiers",
                )
            families[name] = found.pop() if found else "fixed"
        among_table = self.table(table.get("among", {}), "research.among")
        among = {}
        for name, parent in among_table.items():
            path = f"research.among.{name}"
            if name not in observed:
                self.fail(path, f"{name!r} is not one of research.parameters")
            parent = self.name(parent, path)
            scalar = parent in observed and parameters[parent].components is None
            if not scalar or families[parent] == "dirichlet" or parent in among_table:
                self.fail(
                    path,
                    f"{parent!r} must be a share (Beta or fixed) of research.parameters "
                    "observed in every dossier",
                )
            among[name] = parent
        return Research(
            **amounts,
            parameters=observed,
            among=frozen_mapping(among),
            source=self.text(table["source"], "research.source"),
        )

    def warn_unused(self, study: Study) -> None:
        """Warn about each parameter that no term, resolution or relative effect uses: a
        typo in a reference, or an input the model silently ignores."""
        used = {r.probability for r in study.outcomes.resolutions} | {OUTCOME_SHARES}
        used.update(arm.effect.parameter for arm in study.arms if arm.effect is not None)
        for item in (*study.costs, *study.benefits):
            used.update(ref.partition(".")[0] for term in item.terms for ref in term.params)
        for name in study.parameters:
            if name not in used:
                warnings.warn(
                    UnusedParameterWarning(
                        f"{self.origin}: parameters.{name}: is defined but no cost, benefit, "
                        "resolution or relative effect uses it"
                    ),
                    stacklevel=2,
                )

    def discounting(self, value: Any) -> Discounting:
        table = self.table(value, "discounting")
        self.keys(table, "discounting", required=("rate", "source"))
        rate = self.number(table["rate"], "discounting.rate")
        if not -1 < rate < 1:
            self.fail(
                "discounting.rate",
                f"must be a yearly rate between -1 and 1 (0.0225 is 2.25%), got {rate:g}",
            )
        return Discounting(rate=rate, source=self.text(table["source"], "discounting.source"))

    def needs_discounting(self, outcomes: Outcomes, costs, benefits) -> None:
        """Timing and delays only act through discounting: without it they would be ignored."""
        for section, items in (("costs", costs), ("benefits", benefits)):
            for item in items:
                if item.timing is not None:
                    self.fail(
                        f"{section}.{item.name}.timing",
                        _NO_DISCOUNTING,
                    )
        if outcomes.delay:
            self.fail(
                "outcomes.delay",
                _NO_DISCOUNTING,
            )

    def timing(self, value: Any, path: str) -> Timing:
        table = self.table(value, path)
        self.keys(table, path, optional=("start", "years"))
        years = {}
        for key in ("start", "years"):
            years[key] = self.number(table.get(key, 0.0), f"{path}.{key}")
            if years[key] < 0:
                self.fail(
                    f"{path}.{key}",
                    f"must not be negative (years after the intake), got {years[key]:g}",
                )
        return Timing(**years)

    def per_category(
        self, value: Any, path: str, finals: tuple[str, ...], what: str
    ) -> Mapping[str, float]:
        """A table of final outcome category = non-negative number (``what`` names the unit)."""
        table = self.table(value, path)
        out = {}
        for category, number in table.items():
            if category not in finals:
                self.fail(
                    f"{path}.{category}", f"is not a final outcome category ({', '.join(finals)})"
                )
            out[category] = self.number(number, f"{path}.{category}")
            if out[category] < 0:
                self.fail(
                    f"{path}.{category}", f"{what} must not be negative, got {out[category]:g}"
                )
        return frozen_mapping(out)

    def cohort(self, value: Any, path: str):
        if value == "expected":
            return "expected"
        if isinstance(value, str):
            self.fail(path, f'must be a number of clients or "expected", got {value!r}')
        return self.integer(value, path, 1)

    # -- arms and outcomes ------------------------------------------------------------

    def arms(self, value: Any, categories: tuple[str, ...]) -> tuple[Arm, ...]:
        table = self.table(value, "arms")
        if len(table) < 2:
            self.fail("arms", f"needs at least two arms to compare, got {len(table)}")
        arms = []
        for name, body in table.items():
            path = f"arms.{name}"
            self.name(name, path)
            body = self.table(body, path)
            if "relative_to" in body:
                self.keys(body, path, required=("relative_to", "effect"), optional=("label",))
                reference = self.name(body["relative_to"], f"{path}.relative_to")
                label = self.text(body.get("label", name), f"{path}.label")
                arms.append(Arm(name=name, label=label, dossiers={}, relative_to=reference))
                continue
            self.keys(body, path, required=("dossiers",), optional=("label",))
            label = self.text(body.get("label", name), f"{path}.label")
            dossiers = self.table(body["dossiers"], f"{path}.dossiers")
            for key in dossiers:
                if key not in categories:
                    self.fail(
                        f"{path}.dossiers.{key}",
                        f"is not an outcome category ({', '.join(categories)})",
                    )
            counts = {}
            for category in categories:
                if category not in dossiers:
                    self.fail(f"{path}.dossiers.{category}", "is required but missing")
                counts[category] = self.integer(
                    dossiers[category], f"{path}.dossiers.{category}", 0
                )
            if sum(counts.values()) == 0:
                self.fail(f"{path}.dossiers", "holds no dossiers at all")
            for other in arms:
                if other.label == label:
                    self.fail(
                        f"{path}.label",
                        f"{label!r} is already the label of arm {other.name}; "
                        "every arm needs its own label",
                    )
            arms.append(Arm(name=name, label=label, dossiers=frozen_mapping(counts)))
        by_name = {a.name: a for a in arms}
        for i, arm in enumerate(arms):
            if arm.relative_to:
                reference = by_name.get(arm.relative_to)
                if reference is None or reference.relative_to:
                    self.fail(
                        f"arms.{arm.name}.relative_to",
                        f"{arm.relative_to!r} is not an arm with dossiers "
                        f"({', '.join(a.name for a in arms if not a.relative_to)})",
                    )
                arms[i] = dataclasses.replace(arm, dossiers=reference.dossiers)
        return tuple(arms)

    def relative_effects(self, value: Any, arms, outcomes: Outcomes, parameters) -> tuple:
        """The arms with their validated ``effect`` (for arms ``relative_to`` another)."""
        out = []
        for arm in arms:
            if arm.relative_to:
                path = f"arms.{arm.name}.effect"
                body = self.table(value[arm.name]["effect"], path)
                self.keys(body, path, optional=("group", "odds_ratio", "risk_ratio"))
                group = self.name(body.get("group", SUCCESS_GROUP), f"{path}.group")
                if group not in outcomes.groups and group not in outcomes.final_categories:
                    self.fail(f"{path}.group", f"{group!r} is not a group or final category")
                measures = [m for m in ("odds_ratio", "risk_ratio") if m in body]
                if len(measures) != 1:
                    self.fail(path, "needs exactly one of odds_ratio and risk_ratio")
                ratio = self.name(body[measures[0]], f"{path}.{measures[0]}")
                param = parameters.get(ratio)
                if param is None or not param.shared or param.components is not None:
                    self.fail(
                        f"{path}.{measures[0]}", f"{ratio!r} is not a shared scalar parameter"
                    )
                if param.distribution.support()[0] < 0:
                    self.fail(f"{path}.{measures[0]}", f"{ratio!r} can be negative; a ratio cannot")
                arm = dataclasses.replace(arm, effect=RelativeEffect(group, measures[0], ratio))
            out.append(arm)
        return tuple(out)

    def outcomes(self, table, categories, parameters, arms) -> Outcomes:
        path = "outcomes"
        self.keys(
            table,
            path,
            required=("categories", "groups", "source"),
            optional=("shares", "prior", "resolve", "delay", "benefit_weight"),
        )
        for category in categories:
            if category in _RESERVED:
                self.fail(f"{path}.categories", f"{category!r} is reserved for every client")
        shares = table.get("shares", "dirichlet")
        if shares not in ("dirichlet", "fixed"):
            self.fail(f"{path}.shares", f'must be "dirichlet" or "fixed", got {shares!r}')
        if shares == "fixed" and "prior" in table:
            self.fail(f"{path}.prior", 'only applies to shares = "dirichlet"')
        prior = self.number(table.get("prior", 0.5), f"{path}.prior")
        if prior < 0:
            self.fail(f"{path}.prior", f"must not be negative, got {prior:g}")
        if shares == "dirichlet" and prior == 0:
            for arm in arms:
                if any(v == 0 for v in arm.dossiers.values()):
                    self.fail(f"{path}.prior", f"must be positive: arm {arm.name} has a zero count")

        resolutions = []
        resolve = self.table(table.get("resolve", {}), f"{path}.resolve")
        for category, body in resolve.items():
            rpath = f"{path}.resolve.{category}"
            if category not in categories:
                self.fail(rpath, f"{category!r} is not an outcome category")
            body = self.table(body, rpath)
            self.keys(
                body, rpath, required=("probability", "success", "failure"), optional=("round",)
            )
            probability = self.name(body["probability"], f"{rpath}.probability")
            if probability not in parameters:
                self.fail(f"{rpath}.probability", f"{probability!r} is not a defined parameter")
            param = parameters[probability]
            if param.components is not None:
                self.fail(
                    f"{rpath}.probability",
                    f"{probability!r} is a vector of shares, not one probability",
                )
            for d in param.distributions():
                low, high = d.support()
                if low < 0 or high > 1:
                    self.fail(
                        f"{rpath}.probability",
                        f"parameter {probability!r} can take values outside [0, 1] "
                        f"({d.describe()})",
                    )
            ends = []
            for key in ("success", "failure"):
                target = self.name(body[key], f"{rpath}.{key}")
                if target not in categories:
                    self.fail(f"{rpath}.{key}", f"{target!r} is not an outcome category")
                if target == category or target in resolve:
                    self.fail(f"{rpath}.{key}", f"{target!r} is itself pending resolution")
                ends.append(target)
            if ends[0] == ends[1]:
                self.fail(f"{rpath}.failure", "must differ from success")
            # The study rounded to whole dossiers: its point values do; draws do only when
            # nothing about the resolution is uncertain (a point replication).
            rounding = self.boolean(body.get("round", False), f"{rpath}.round")
            every_draw = rounding and shares == "fixed" and param.is_fixed
            resolutions.append(
                Resolution(category, probability, ends[0], ends[1], every_draw, rounding)
            )

        pending = {r.category for r in resolutions}
        groups_table = self.table(table["groups"], f"{path}.groups")
        groups = {}
        for group, members in groups_table.items():
            gpath = f"{path}.groups.{group}"
            self.name(group, gpath)
            if group in categories or group in _RESERVED:
                self.fail(gpath, f"{group!r} is already a category name")
            members = self.names(members, gpath)
            for i, member in enumerate(members):
                if member not in categories:
                    self.fail(f"{gpath}[{i}]", f"{member!r} is not an outcome category")
                if member in pending:
                    self.fail(f"{gpath}[{i}]", f"{member!r} is resolved away and holds no clients")
            groups[group] = members
        if SUCCESS_GROUP not in groups:
            self.fail(
                f"{path}.groups.{SUCCESS_GROUP}",
                "is required: the categories of successful clients",
            )
        finals = tuple(c for c in categories if c not in pending)
        return Outcomes(
            categories=categories,
            shares=shares,
            prior=prior,
            resolutions=tuple(resolutions),
            groups=frozen_mapping(groups),
            source=self.text(table["source"], f"{path}.source"),
            delay=self.per_category(
                table.get("delay", {}), f"{path}.delay", finals, "a delay in years"
            ),
            benefit_weight=self.per_category(
                table.get("benefit_weight", {}), f"{path}.benefit_weight", finals, "a weight"
            ),
        )

    def outcome_parameter(self, outcomes: Outcomes, arms) -> Parameter:
        per_arm, observed = {}, {}
        for arm in arms:
            if arm.relative_to:
                continue
            counts = tuple(float(arm.dossiers[c]) for c in outcomes.categories)
            observed[arm.name] = tuple(c / sum(counts) for c in counts)
            if outcomes.shares == "fixed":
                per_arm[arm.name] = FixedShares(counts, outcomes.categories)
            else:
                alpha = tuple(c + outcomes.prior for c in counts)
                per_arm[arm.name] = from_config(
                    "dirichlet", {"alpha": dict(zip(outcomes.categories, alpha, strict=True))}
                )
        same_draw = {a.name: a.relative_to for a in arms if a.relative_to}
        per_arm.update({arm: per_arm[reference] for arm, reference in same_draw.items()})
        observed.update({arm: observed[reference] for arm, reference in same_draw.items()})
        return Parameter(
            name=OUTCOME_SHARES,
            group=INPUT_GROUPS[0],
            unit="share of clients",
            source=outcomes.source,
            label="outcome category shares at observation",
            per_arm=frozen_mapping({a.name: per_arm[a.name] for a in arms}),
            study_values=frozen_mapping(observed),
            observed_values=frozen_mapping(observed),
            same_draw=frozen_mapping(same_draw),
        )

    # -- parameters ------------------------------------------------------------------

    def parameters(self, value: Any, arms) -> dict[str, Parameter]:
        table = self.table(value, "parameters")
        arm_names = [a.name for a in arms]
        out = {}
        for name, body in table.items():
            path = f"parameters.{name}"
            self.name(name, path)
            if name == OUTCOME_SHARES:
                self.fail(path, f"{OUTCOME_SHARES!r} is reserved for the dossier outcome shares")
            body = self.table(body, path)
            meta = ("unit", "source", "label", "client_attribute", "group")
            if "unit" not in body:
                self.fail(f"{path}.unit", "is required but missing")
            unit = self.text(body["unit"], f"{path}.unit")
            label = self.text(body.get("label", name.replace("_", " ")), f"{path}.label")
            attribute = self.boolean(
                body.get("client_attribute", False), f"{path}.client_attribute"
            )
            source = self.text(body["source"], f"{path}.source") if "source" in body else None
            group = self.string(body["group"], f"{path}.group") if "group" in body else ""
            if "arms" in body:
                self.keys(body, path, required=("arms",), optional=meta)
                per_arm, sources, points, observed, same = self.per_arm(
                    body["arms"], f"{path}.arms", arm_names
                )
                if source is not None:
                    sources.insert(0, ("", source))
                if not sources:
                    self.fail(f"{path}.source", "is required but missing")
                param = Parameter(
                    name,
                    unit,
                    self.joined_sources(sources),
                    label,
                    per_arm=frozen_mapping(per_arm),
                    client_attribute=attribute,
                    group=group,
                    study_values=frozen_mapping(points),
                    observed_values=frozen_mapping(observed),
                    same_draw=frozen_mapping(same),
                )
            else:
                if source is None:
                    self.fail(f"{path}.source", "is required but missing")
                dist, point, observed = self.distribution(
                    {k: v for k, v in body.items() if k not in meta}, path
                )
                param = Parameter(
                    name,
                    unit,
                    source,
                    label,
                    distribution=dist,
                    client_attribute=attribute,
                    group=group,
                    study_values=frozen_mapping({} if point is None else {"": point}),
                    observed_values=frozen_mapping({} if observed is None else {"": observed}),
                )
            self.check_unit(param, path)
            out[name] = param
        return out

    def per_arm(self, value, path, arm_names) -> tuple[dict, list[str], dict, dict, dict]:
        table = self.table(value, path)
        per_arm, sources, study_values, observed, same = {}, [], {}, {}, {}
        for arm, body in table.items():
            apath = f"{path}.{arm}"
            if arm not in arm_names:
                self.fail(apath, f"{arm!r} is not an arm ({', '.join(arm_names)})")
            body = self.table(body, apath)
            if "same_as" in body:
                self.keys(body, apath, required=("same_as",))
                same[arm] = self.name(body["same_as"], f"{apath}.same_as")
                continue
            if "source" in body:
                sources.append((f"{arm}: ", self.text(body["source"], f"{apath}.source")))
            per_arm[arm], point, seen = self.distribution(
                {k: v for k, v in body.items() if k != "source"}, apath
            )
            if point is not None:
                study_values[arm] = point
            if seen is not None:
                observed[arm] = seen
        for arm, reference in same.items():
            if reference not in per_arm:
                self.fail(
                    f"{path}.{arm}.same_as",
                    f"{reference!r} is not an arm with its own distribution here",
                )
            per_arm[arm] = per_arm[reference]
            for values in (study_values, observed):
                if reference in values:
                    values[arm] = values[reference]
        for arm in arm_names:
            if arm not in per_arm:
                self.fail(f"{path}.{arm}", "is required but missing (one entry per arm)")
        if len({d.components for d in per_arm.values()}) > 1:
            self.fail(path, "every arm must have the same components")
        return {arm: per_arm[arm] for arm in arm_names}, sources, study_values, observed, same

    def distribution(self, body: Mapping[str, Any], path: str):
        """The distribution of a parameter table, with the study's value (stated as
        ``study_value`` or observed from counts) and the observed value (or ``None``)."""
        if "dist" not in body:
            self.fail(f"{path}.dist", "is required but missing")
        family = self.string(body["dist"], f"{path}.dist")
        arguments = {k: v for k, v in body.items() if k not in ("dist", "study_value")}
        try:
            dist = from_config(family, arguments)
        except DistributionError as exc:
            self.fail(path if exc.key is None else f"{path}.{exc.key}", str(exc))
        observed = observed_value(family, arguments)
        point = observed
        if "study_value" in body:
            if dist.components is not None:
                self.fail(f"{path}.study_value", "applies to a single value, not to shares")
            point = self.number(body["study_value"], f"{path}.study_value")
            low, high = dist.support()
            if not low <= point <= high:
                self.fail(
                    f"{path}.study_value",
                    f"{point:g} lies outside what {dist.describe()} can take [{low:g}, {high:g}]",
                )
        return dist, point, observed

    def joined_sources(self, sources: list[tuple[str, str]]) -> str:
        """Sources of a parameter (a shared one, then ``ARM: `` per arm) as one text, with
        its translation into every language the config gives."""
        joined = "; ".join(prefix + text for prefix, text in sources)
        for texts in self.translations.values():
            if any(text in texts for _, text in sources):
                texts[joined] = "; ".join(
                    prefix + texts.get(text, text) for prefix, text in sources
                )
        return joined

    def check_unit(self, param: Parameter, path: str) -> None:
        unit = self.translated(param.unit, "en").lower()  # units are checked in English
        bounded = unit.startswith(("share", "probability")) or param.client_attribute
        for arm, dist in (
            [(None, param.distribution)] if param.shared else list(param.per_arm.items())
        ):
            where = path if arm is None else f"{path}.arms.{arm}"
            low, high = dist.support()
            if bounded and (low < 0 or high > 1):
                self.fail(
                    where,
                    f"a share or probability must lie in [0, 1], but {dist.describe()} "
                    f"can reach [{low:g}, {high:g}]",
                )
            if unit.startswith("eur") and low < 0:
                hint = " (truncate it with low = 0)" if dist.family == "normal" else ""
                self.fail(
                    where,
                    f"a cost in euros must not be negative, but {dist.describe()} can be{hint}",
                )
            if isinstance(dist, Fixed) and not math.isfinite(dist.value):
                self.fail(where, "must be finite")

    # -- costs and benefits ----------------------------------------------------------

    def default_payer(self, head: Mapping[str, Any], stakeholders) -> str:
        """``study.payer``: who pays a cost that names no payer (the municipality if it is a
        stakeholder, otherwise the first stakeholder listed)."""
        if "payer" not in head:
            return "municipality" if "municipality" in stakeholders else next(iter(stakeholders))
        payer = self.name(head["payer"], "study.payer")
        if payer not in stakeholders:
            self.fail("study.payer", f"{payer!r} is not a stakeholder ({', '.join(stakeholders)})")
        return payer

    def items(
        self,
        value,
        section,
        parameters,
        outcomes: Outcomes,
        stakeholders,
        payer: tuple[str, Mapping[str, str]] | None = None,
    ) -> tuple[Item, ...]:
        """Cost components (``payer``: the default payer and the stakeholders, each
        component may name its own ``payer``) or benefit streams (``stakeholders``)."""
        table = self.table(value, section)
        if not table:
            self.fail(section, "must define at least one entry")
        items = []
        for name, body in table.items():
            path = f"{section}.{name}"
            self.name(name, path)
            body = self.table(body, path)
            optional = ("label", "source", "timing", *(("payer",) if payer else ()))
            self.keys(body, path, required=("terms",), optional=optional)
            terms_list = body["terms"]
            if not isinstance(terms_list, list) or not terms_list:
                self.fail(f"{path}.terms", "must be a non-empty array of term tables")
            terms = tuple(
                self.term(t, f"{path}.terms[{i}]", parameters, outcomes, stakeholders)
                for i, t in enumerate(terms_list)
            )
            items.append(
                Item(
                    name=name,
                    label=self.text(body.get("label", name.replace("_", " ")), f"{path}.label"),
                    terms=terms,
                    source=self.text(body["source"], f"{path}.source") if "source" in body else "",
                    timing=self.timing(body["timing"], f"{path}.timing")
                    if "timing" in body
                    else None,
                    payer=frozen_mapping(
                        self.stakeholder_shares(
                            body.get("payer", payer[0]), f"{path}.payer", payer[1]
                        )
                    )
                    if payer
                    else frozen_mapping({}),
                )
            )
        return tuple(items)

    def term(self, value, path, parameters, outcomes: Outcomes, stakeholders) -> Term:
        body = self.table(value, path)
        is_benefit = stakeholders is not None
        required = ("clients", "stakeholder") if is_benefit else ("clients",)
        self.keys(body, path, required=required, optional=("factor", "label", "params"))
        clients = self.name(body["clients"], f"{path}.clients")
        known = {ALL_CLIENTS, *outcomes.final_categories, *outcomes.groups}
        if clients not in known:
            pending = {r.category for r in outcomes.resolutions}
            why = (
                "is resolved away and holds no clients"
                if clients in pending
                else (f"is not a category or group (one of: {', '.join(sorted(known))})")
            )
            self.fail(f"{path}.clients", f"{clients!r} {why}")
        refs = body.get("params", [])
        if not isinstance(refs, list):
            self.fail(
                f"{path}.params", f"must be an array of parameter names, got {_type_name(refs)}"
            )
        seen_names, seen_vectors = set(), set()
        for i, ref in enumerate(refs):
            name = self.reference(ref, f"{path}.params[{i}]", parameters, seen_vectors)
            if name in seen_names:
                self.fail(f"{path}.params[{i}]", f"{name!r} appears twice in one product")
            seen_names.add(name)
        factor = self.factor(body.get("factor", 1.0), f"{path}.factor")
        if not is_benefit and factor < 0:
            self.fail(f"{path}.factor", f"a cost must not be negative, got {factor:g}")
        shares = {}
        if is_benefit:
            shares = self.stakeholder_shares(
                body["stakeholder"], f"{path}.stakeholder", stakeholders
            )
        return Term(
            clients=clients,
            params=tuple(refs),
            factor=factor,
            stakeholders=frozen_mapping(shares),
            label=self.text(body["label"], f"{path}.label") if "label" in body else "",
        )

    def reference(self, ref: Any, path: str, parameters, seen_vectors: set) -> str:
        """Check a parameter reference ``name`` or ``name.component``; return the name."""
        ref = self.string(ref, path)
        name, _, component = ref.partition(".")
        if name not in parameters:
            self.fail(path, f"{name!r} is not a defined parameter")
        components = parameters[name].components
        if components is None and component:
            self.fail(path, f"{name!r} is a single value and has no component {component!r}")
        if components is not None:
            if not component:
                self.fail(
                    path,
                    f"{name!r} is a vector: name one of its components "
                    f"({name}.{components[0]}, ...)",
                )
            if component not in components:
                self.fail(
                    path,
                    f"{name!r} has no component {component!r} (one of: {', '.join(components)})",
                )
            if name in seen_vectors:
                self.fail(path, f"uses two components of {name!r}; a client is in only one of them")
            seen_vectors.add(name)
        return name

    def stakeholder_shares(self, value, path, stakeholders) -> dict[str, float]:
        if isinstance(value, str):
            value = {value: 1.0}
        if not isinstance(value, dict) or not value:
            self.fail(
                path,
                "must be a stakeholder name or a table of stakeholder = share, "
                f"got {_type_name(value)}",
            )
        shares = {}
        for key, share in value.items():
            if key not in stakeholders:
                self.fail(
                    f"{path}.{key}" if len(value) > 1 else path,
                    f"{key!r} is not a stakeholder ({', '.join(stakeholders)})",
                )
            share = self.number(share, f"{path}.{key}")
            if not 0 <= share <= 1:
                self.fail(f"{path}.{key}", f"a share must lie in [0, 1], got {share:g}")
            shares[key] = share
        if abs(sum(shares.values()) - 1) > 1e-9:
            self.fail(path, f"shares must add up to 1, got {sum(shares.values()):g}")
        return shares

    def stakeholders(self, value) -> Mapping[str, str]:
        table = self.table(value, "stakeholders")
        if not table:
            self.fail("stakeholders", "must name at least one stakeholder")
        out = {}
        for key, label in table.items():
            self.name(key, f"stakeholders.{key}")
            out[key] = self.text(label, f"stakeholders.{key}")
        return frozen_mapping(out)

    # -- published figures -------------------------------------------------------------

    def published(self, value, arms, outcomes: Outcomes, costs, benefits) -> Published:
        table = self.table(value, "published")
        arm_names = [a.name for a in arms]
        self.keys(
            table,
            "published",
            required=("source", "clients"),
            optional=("omitted_from_total", *arm_names),
        )
        omitted = self.names(table.get("omitted_from_total", []), "published.omitted_from_total", 0)
        stream_names = [b.name for b in benefits]
        for i, name in enumerate(omitted):
            if name not in stream_names:
                self.fail(f"published.omitted_from_total[{i}]", f"{name!r} is not a benefit stream")
        per_arm = {}
        for arm in arm_names:
            if arm not in table:
                continue
            path = f"published.{arm}"
            body = self.table(table[arm], path)
            self.keys(
                body,
                path,
                optional=(
                    "outcomes",
                    "costs",
                    "benefits",
                    "investment",
                    "total_benefit",
                    "balance",
                ),
            )
            groups = {*outcomes.final_categories, *outcomes.groups, ALL_CLIENTS}
            per_arm[arm] = PublishedArm(
                outcomes=self.figures(body.get("outcomes", {}), f"{path}.outcomes", groups),
                costs=self.figures(body.get("costs", {}), f"{path}.costs", {c.name for c in costs}),
                benefits=frozen_mapping(
                    {
                        k: self.pair(v, f"{path}.benefits.{k}")
                        for k, v in self.figures(
                            body.get("benefits", {}),
                            f"{path}.benefits",
                            set(stream_names),
                            pairs=True,
                        ).items()
                    }
                ),
                investment=self.pair(body["investment"], f"{path}.investment")
                if "investment" in body
                else None,
                total_benefit=self.pair(body["total_benefit"], f"{path}.total_benefit")
                if "total_benefit" in body
                else None,
                balance=self.pair(body["balance"], f"{path}.balance")
                if "balance" in body
                else None,
            )
        return Published(
            source=self.text(table["source"], "published.source"),
            clients=self.integer(table["clients"], "published.clients", 1),
            omitted_from_total=omitted,
            arms=frozen_mapping(per_arm),
        )

    def figures(self, value, path, allowed: set[str], pairs: bool = False) -> Mapping[str, Any]:
        table = self.table(value, path)
        out = {}
        for key, figure in table.items():
            if key not in allowed:
                self.fail(f"{path}.{key}", f"is not one of: {', '.join(sorted(allowed))}")
            out[key] = figure if pairs else self.number(figure, f"{path}.{key}")
        return frozen_mapping(out)

    def pair(self, value, path) -> tuple[float, float]:
        body = self.table(value, path)
        self.keys(body, path, required=("total", "per_client"))
        return (
            self.number(body["total"], f"{path}.total"),
            self.number(body["per_client"], f"{path}.per_client"),
        )


def _assign_groups(parameters, outcomes: Outcomes, costs) -> dict[str, Parameter]:
    """Give each parameter without a ``group`` its default input group (spec.INPUT_GROUPS)."""
    resolution = {r.probability for r in outcomes.resolutions}
    in_costs = {ref.partition(".")[0] for item in costs for t in item.terms for ref in t.params}
    out = {}
    for name, param in parameters.items():
        if not param.group:
            if name in resolution:
                group = INPUT_GROUPS[0]
            elif param.client_attribute:
                group = INPUT_GROUPS[1]
            elif name in in_costs:
                group = INPUT_GROUPS[4]
            elif param.unit.lower().startswith(("share", "probability")):
                group = INPUT_GROUPS[2]
            else:
                group = INPUT_GROUPS[3]
            param = dataclasses.replace(param, group=group)
        out[name] = param
    return out


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list(arms) -> str:
    return ", ".join(a.name for a in arms)
