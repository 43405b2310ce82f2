"""The installed version of mkba-mc, read from the package metadata (``pyproject.toml``
is its one source), so that nothing imports it from the package ``__init__``."""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("mkba-mc")
except PackageNotFoundError:  # a source tree on the path, not installed
    __version__ = "0+unknown"
