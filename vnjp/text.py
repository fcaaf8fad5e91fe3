"""Text helpers: accent folding, "did you mean" suggestions, and making text inert."""

from __future__ import annotations

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
UNSAFE = re.compile(f"[{_UNSAFE_RANGES}]")
_UNSAFE_IN_LINE = re.compile(f"[{_UNSAFE_RANGES}\n\t]")

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
    return (_UNSAFE_IN_LINE if one_line else UNSAFE).sub(_escape, text)


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


# -- words for search and check ---------------------------------------------------

# Phrases and their abbreviations, written folded; both sides become the abbreviation,
# so "FDI" finds "foreign direct investment" and the other way round.
_PHRASES = (
    (r"(?:foreign )?direct investments?", "fdi"),
    (r"official development (?:assistance|aid)", "oda"),
    (r"economic partnership agreement", "epa"),
    (r"prime ministers?", "pm"),
    (
        r"comprehensive and progressive agreement for trans-?pacific partnership",
        "cptpp",
    ),
    (r"regional comprehensive economic partnership", "rcep"),
    (
        r"japan international trainee (?:&|and) skilled worker cooperation organi[sz]ation",
        "jitco",
    ),
    (r"group of seven", "g7"),
    (r"viet nam", "vietnam"),
    (r"ha noi", "hanoi"),
    (r"house of councill?ors", "councillors"),
    (r"set up", "establish"),
    (r"two-? ?way", "bilateral"),
)
ACRONYMS = frozenset({"fdi", "oda", "epa", "pm", "cptpp", "rcep", "jitco", "g7"})
_PHRASE_PATTERN = re.compile("|".join(f"(?:\\b{phrase}\\b)" for phrase, _ in _PHRASES))
_PHRASE_PATTERNS = tuple((re.compile(f"^{phrase}$"), short) for phrase, short in _PHRASES)

# Words that mean the same here, after the light stemming below.
SYNONYMS = {
    "labor": "labour",
    "vietnames": "vietnam",
    "japanes": "japan",
    "tie": "relation",
    "investor": "invest",
    "investment": "invest",
    "biggest": "largest",
    "donor": "provider",
    "resum": "reopen",
    "chief": "secretary",
    "provider": "provid",
    "forg": "establish",
    "rose": "increase",
    "ris": "increase",
    "grew": "increase",
    "grow": "increase",
    "growth": "increase",
    "increas": "increase",
    "upgrad": "establish",
    "elevat": "establish",
    "fell": "decrease",
    "fall": "decrease",
    "declin": "decrease",
    "drop": "decrease",
}

STOPWORDS = frozenset(
    """a an the of in on at to by for with and or is are was were be been being has have
    had its it their this that these those as from between both two country countries
    nation nations reach reached total totals totalled amount amounts stand stood hit
    there than more less some about over nearly almost around approximately roughly under
    since during while when which who whose also s one year years good goods value
    worth level figure date dates""".split()
)

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def _stem(word: str) -> str:
    """A very light stemmer: plural and past-tense endings, enough to match
    "visited" with "visit" and "projects" with "project"."""
    word = word.removesuffix("'s").removesuffix("'")
    for suffix, replacement, shortest in (
        ("ies", "y", 5),
        ("ed", "", 6),
        ("ing", "", 6),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= shortest and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    # "provide" and "provided" both become "provid".
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def canonical_words(text: str) -> list[str]:
    """The words of `text` as search and check compare them: folded, abbreviations for
    known phrases, stemmed, synonyms merged; stop words are kept (callers drop them)."""
    folded = _PHRASE_PATTERN.sub(_abbreviate, fold(text).replace("\u2019", "'"))
    words = []
    for word in _WORD.findall(folded):
        for part in word.split("-") if not word[0].isdigit() else [word]:
            stemmed = part if part in STOPWORDS else _stem(part)
            words.append(SYNONYMS.get(stemmed, stemmed))
    return words


def _abbreviate(match: re.Match[str]) -> str:
    """The abbreviation, followed by the phrase's own words: "fdi foreign direct
    investment", so that either finds the other and each word is still found."""
    for pattern, short in _PHRASE_PATTERNS:
        if pattern.match(match.group()):
            keep_words = short in ACRONYMS and " " in match.group()
            return f" {short} {match.group()} " if keep_words else f" {short} "
    return match.group()  # pragma: no cover - every alternative is in _PHRASES


def phrases_for(word: str) -> tuple[str, ...]:
    """The folded phrases that `word` abbreviates, for highlighting: "fdi" ->
    ("foreign direct investment",)."""
    return tuple(
        phrase.replace("s?", "").replace("(?:assistance|aid)", "assistance")
        for phrase, short in _PHRASES
        if short == word and "[" not in phrase and "&" not in phrase
    )


_SURFACE_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where in `text` the words of a search stand (as search matches them: folded,
    stemmed, a word starting with the term), for highlighting. An abbreviation's
    term also marks the words of its phrase: "fdi" marks "foreign direct investment"."""
    wanted = set(terms)
    for term in list(wanted):
        for phrase in phrases_for(term):
            wanted.update(canonical_words(phrase))
    spans = []
    for match in _SURFACE_WORD.finditer(text):
        for word in canonical_words(match.group()):
            if any(word == t or (len(t) >= 3 and word.startswith(t)) for t in wanted):
                spans.append(match.span())
                break
    return spans
