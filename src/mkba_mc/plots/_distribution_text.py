"""Distributions as text in the reader's language, for the report's assumptions table.

:meth:`~mkba_mc.distributions.Distribution.describe` writes a distribution in English with
the numbers as Python prints them (``Normal(250, sd 25) truncated to [0, inf]``); here it
becomes Dutch words and numbers (``Normaal(250; sd 25) afgekapt op [0; ∞]``), and a per-arm
description names each arm by its label.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Mapping

from ._labels import Lang, check_lang, number

__all__ = ["distribution_text"]

_DISTRIBUTION_WORDS_NL: tuple[tuple[str, str], ...] = (
    ("LogNormal(", "Lognormaal("),
    ("Normal(", "Normaal("),
    ("Triangular(", "Driehoek("),
    ("fixed shares", "vaste aandelen"),
    ("fixed ", "vast "),
    ("mean ", "gemiddelde "),
    ("cv ", "variatiecoëfficiënt "),
    (" truncated to ", " afgekapt op "),
)
"""Words of :meth:`~mkba_mc.distributions.Distribution.describe` -> Dutch."""

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])")
_PER_ARM = re.compile(r"; (?=\w+: )")
_DIRICHLET = re.compile(r"(Dirichlet\([^)]*\))")


def _dutch_numbers(text: str) -> str:
    """Numbers in Dutch style (``0,25``, ``7.000``), arguments apart by ``;`` (the comma is
    the decimal sign), infinity as ``∞``."""
    text = re.sub(r"\binf\b", "∞", text.replace(", ", "; "))

    def dutch(match: re.Match) -> str:
        exponent = decimal.Decimal(match.group()).as_tuple().exponent
        return number(float(match.group()), "nl", max(0, -int(exponent)))

    return _NUMBER.sub(dutch, text)


def distribution_text(description: str, lang: Lang, arms: Mapping[str, str] | None = None) -> str:
    """A distribution as :meth:`~mkba_mc.distributions.Distribution.describe` (or
    :meth:`mkba_mc.spec.Parameter.describe`, ``arm: …; arm: …``) writes it, in ``lang``:
    in Dutch its words (``vast 4``, ``Normaal``, ``afgekapt op``) and numbers
    (``Gamma(gemiddelde 7.000; variatiecoëfficiënt 0,3)``); Gamma, Beta, PERT, Uniform
    and Dirichlet keep their names, and a Dirichlet its components' names as the config
    writes them (``Dirichlet(solved 6,5; stabilised 4,5)``), as in English.

    ``arms`` maps an arm's code to its label in ``lang``, shown in place of the code of
    a per-arm description (default: the codes).
    """
    lang = check_lang(lang)
    parts = []
    for part in _PER_ARM.split(description):
        arm, sep, text = part.partition(": ")
        if not sep or " " in arm:
            arm, text = "", part
        parts.append((arms.get(arm, arm) if arms else arm, _distribution_words(text, lang)))
    return "; ".join(f"{arm}: {text}" if arm else text for arm, text in parts)


def _distribution_words(description: str, lang: Lang) -> str:
    if lang == "en":
        return description
    # a Dirichlet's components are the config's names: only its numbers become Dutch
    parts = _DIRICHLET.split(description)
    for i in range(0, len(parts), 2):
        for english, dutch in _DISTRIBUTION_WORDS_NL:
            parts[i] = parts[i].replace(english, dutch)
    return _dutch_numbers("".join(parts))
