"""Text helpers: accent folding, "did you mean" suggestions, and making text inert."""

from __future__ import annotations

import unicodedata

# Without importing typing (a Tab press reads this module before anything else).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

# Đ/đ are letters of their own, not D plus a mark, so NFD leaves them whole.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "D"})

# Control characters (C0 but newline and tab, DEL, C1), line and paragraph separators,
# bidirectional marks, overrides and isolates (they can reorder what a reader sees),
# and lone surrogates (bytes that were not UTF-8 on the command line): none of these
# may reach a terminal as it is. One table, as inclusive code point ranges; no regex,
# because compiling a character class beyond Latin-1 costs ~0.6 ms at every start.
UNSAFE_RANGES = (
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x2028, 0x202E),
    (0x2066, 0x2069),
    (0xD800, 0xDFFF),
)


def is_unsafe(character: str, *, one_line: bool = False) -> bool:
    """True for a character `inert` escapes; with `one_line`, newline and tab too."""
    code = ord(character)
    if one_line and character in "\n\t":
        return True
    return any(low <= code <= high for low, high in UNSAFE_RANGES)


def replace_unsafe(text: str, replace: Callable[[str], str], *, one_line: bool = False) -> str:
    """`text` with each unsafe character replaced by `replace(character)`."""
    # Every unsafe character is also not printable: most text is checked at C speed.
    if text.isprintable():
        return text
    if not one_line and "\n" in text:
        # A document of many lines (JSON) is most often printable but for them.
        if text.replace("\n", "").isprintable():
            return text
        return "\n".join(replace_unsafe(line, replace) for line in text.split("\n"))
    return "".join(
        replace(ch) if not ch.isprintable() and is_unsafe(ch, one_line=one_line) else ch
        for ch in text
    )


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
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def to_ascii(text: str) -> str:
    """Text for a terminal that cannot show Unicode: accents dropped, symbols spelled
    in ASCII, anything else as a `\\u` escape, so nothing is lost without a trace."""
    ascii_text = unicodedata.normalize("NFC", strip_accents(text.translate(_ASCII_SYMBOLS)))
    return ascii_text.encode("ascii", "backslashreplace").decode("ascii")


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character, bidi override and lone surrogate written
    as a visible escape (ESC -> "\\x1b"), so a terminal shows it instead of obeying it.
    With `one_line`, newlines and tabs are escaped as well."""
    return replace_unsafe(text, _escape, one_line=one_line)


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


class LazyPattern:
    """A regular expression compiled when first used. Compiling costs start-up time on
    every run, and many of a module's patterns are needed only by some inputs: those
    are guarded by a cheap test and never compiled when it fails."""

    __slots__ = ("_compiled", "_source", "flags")

    def __init__(self, pattern: str | Callable[[], str], flags: int = 0) -> None:
        # A callable builds the pattern from data (the lexicon) when first needed.
        self._source = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> str:
        if callable(self._source):
            self._source = self._source()
        return self._source

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            import re

            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def findall(self, text: str) -> list[Any]:
        return self.compiled.findall(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.compiled.sub(replacement, text)


def lazy(pattern: str | Callable[[], str], flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
