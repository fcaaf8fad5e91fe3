"""Text helpers: accent folding and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

# Đ/đ are letters of their own, not D plus a mark, so NFD leaves them whole.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents: "Đỗ Mười" -> "do muoi"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def closest(given: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to `given`, ignoring case and accents, if any is near."""
    by_folded = {fold(choice): choice for choice in choices}
    matches = difflib.get_close_matches(fold(given), list(by_folded), n=1, cutoff=0.6)
    return by_folded[matches[0]] if matches else None
