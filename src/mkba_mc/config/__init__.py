"""Read a study config (TOML) and validate it into an immutable :class:`~mkba_mc.spec.Study`.

A config is data, never code: it is parsed with :mod:`tomllib` and every key is checked.
Any problem raises :class:`ConfigError` whose message is one line naming the file, the
key path and what is wrong, e.g.::

    study.toml: parameters.exit_share.mean: must lie strictly between 0 and 1, got 1.2

The layout of a config is documented in ``configs/README.md``. One module per part:

- :mod:`.loading`: the shipped sets, reading files, ``extends`` and ``--set``;
- :mod:`.reader`: the reader core, its checks of TOML values and :class:`ConfigError`;
- :mod:`.study`: ``[study]``, ``[arms]``, ``[run]``, ``[cohort]``, and the order of it all;
- :mod:`.outcomes`: ``[outcomes]`` (categories, resolution, groups) and the outcome shares;
- :mod:`.parameters`: ``[parameters]`` and their distributions;
- :mod:`.items`: ``[costs]``, ``[benefits]``, ``[stakeholders]``, timing, ``[discounting]``;
- :mod:`.research`: ``[sampling]``, ``[correlations]``, ``[research]``;
- :mod:`.published`: ``[published]``, the study's printed figures.
"""

from .loading import (
    DEFAULT_STUDY,
    POINT_STUDY,
    config_hash,
    embedded_config,
    load_study,
    parse_study,
    read_config,
)
from .reader import ConfigError, UnusedParameterWarning

__all__ = [
    "ConfigError",
    "UnusedParameterWarning",
    "DEFAULT_STUDY",
    "POINT_STUDY",
    "config_hash",
    "embedded_config",
    "load_study",
    "parse_study",
    "read_config",
]
