"""Text helpers: accent folding, "did you mean" suggestions, and making text inert."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

# Đ/đ are letters of their own, not D plus a mark, so NFD leaves them whole.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "D"})

# Control characters (C0 but newline and tab, DEL, C1), line and paragraph separators,
# bidirectional marks, overrides and isolates (they can reorder what a reader sees),
# and lone surrogates (bytes that were not UTF-8 on the command line): none of these
# may reach a terminal as it is.
_UNSAFE_RANGES = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
)


@functools.cache
def unsafe_characters(*, one_line: bool = False) -> re.Pattern[str]:
    """The characters `inert` escapes (compiled on first use: start-up time counts)."""
    return re.compile(f"[{_UNSAFE_RANGES}\n\t]" if one_line else f"[{_UNSAFE_RANGES}]")


# What a non-Unicode terminal gets for the few non-letters vnjp itself writes.
_ASCII_SYMBOLS = str.maketrans(
    {
        "→": "->",
        "█": "#",
        "—": "-",
        "\u2013": "-",  # en dash
        "\u2018": "'",
        "\u2019": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "\u00d7": "x",  # multiplication sign
        "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents: "Đỗ Mười" -> "do muoi"."""
    return strip_accents(text).casefold()


def strip_accents(text: str) -> str:
    """ "Đỗ Mười" -> "Do Muoi": the letters stay, in their case, without their marks."""
    decomposed = unicodedata.normalize("NFD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def to_ascii(text: str) -> str:
    """Text for a terminal that cannot show Unicode: accents dropped, symbols spelled
    in ASCII, anything else as a `\\u` escape, so nothing is lost without a trace."""
    ascii_text = unicodedata.normalize("NFC", strip_accents(text.translate(_ASCII_SYMBOLS)))
    return ascii_text.encode("ascii", "backslashreplace").decode("ascii")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character, bidi override and lone surrogate written
    as a visible escape (ESC -> "\\x1b"), so a terminal shows it instead of obeying it.
    With `one_line`, newlines and tabs are escaped as well."""
    return unsafe_characters(one_line=one_line).sub(_escape, text)


def shorten(text: str, limit: int = 80) -> str:
    """`text`, cut to `limit` characters with a note of its length when longer."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def closest(given: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to `given`, ignoring case and accents, if any is near."""
    by_folded = {fold(choice): choice for choice in choices}
    # A very long `given` cannot be near any name, and would make difflib slow.
    if len(given) > 4 * max(map(len, by_folded), default=0) + 10:
        return None
    import difflib  # only when a suggestion is wanted: it costs start-up time

    matches = difflib.get_close_matches(fold(given), list(by_folded), n=1, cutoff=0.6)
    return by_folded[matches[0]] if matches else None
