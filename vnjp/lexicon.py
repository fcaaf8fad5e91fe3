"""The vocabulary as data: `vnjp/lexicon.toml` read, checked and compiled.

Every word list that search, check and review read text with lives once, in that file.
It is checked like a fact file (a problem names the file and line), its bytes are
part of the pack's key, and its checked content is stored in the index, so a warm
call reads it as JSON instead of parsing TOML. Nothing here runs at import: the
lexicon is read when a reader first asks for it.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

from vnjp.errors import ExitStatus, VnjpError

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")

# Each section and the shape of its values: "map" of word to text, "words" (a string
# split on spaces), "phrases" (an array of strings), "numbers" (word to integer),
# "pairs" (word to two integers), or a table of named word lists.
_SECTIONS: dict[str, str] = {
    "hedges": "map",
    "scales": "numbers",
    "currencies": "map",
    "units": "map",
    "fractions": "pairs",
    "months": "table",
    "seasons": "pairs",
    "numbers": "table",
    "countries": "map",
    "capitals": "map",
    "others": "map",
    "both_capitals": "table",
    "ranking": "table",
    "places": "map",
    "roles": "map",
    "unbroken": "table",
    "phrases": "map",
    "spelled_out": "map",
    "synonyms": "map",
    "stopwords": "table",
    "filler": "table",
    "attribution": "table",
    "purpose": "table",
    "negation": "table",
    "forecast": "table",
    "present": "table",
    "trends": "table",
    "series": "table",
    "abbreviations": "table",
    "capitalised": "table",
}
_HEDGE_KINDS = frozenset({"over", "about", "nearly", "under", "exact"})
# Lists whose words say nothing of what a claim is about: a word belongs to one.
_EXCLUSIVE = (
    ("stopwords", "words"),
    ("filler", "words"),
    ("filler", "figure_words"),
    ("trends", "up"),
    ("trends", "down"),
    ("trends", "double"),
    ("trends", "halve"),
)

Data = dict[str, Any]


class LexiconError(VnjpError):
    """The lexicon file is not as vnjp needs it; the message names file and line."""

    exit_status = ExitStatus.FACTS_INVALID


def _line_of(text: str, needle: str) -> int:
    """The first line of `text` that holds `needle` (1 when none does)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def _problem(path: Path, text: str, needle: str, message: str) -> LexiconError:
    return LexiconError(f"{path}:{_line_of(text, needle)}: {message}")


def _check_value(shape: str, key: str, value: object) -> str | None:
    """What is wrong with one entry of a section of this shape, or None."""
    if shape == "map" and not isinstance(value, str):
        return f"{key!r} must be text"
    if shape == "numbers" and (not isinstance(value, int) or isinstance(value, bool)):
        return f"{key!r} must be a whole number"
    if shape == "pairs" and not (
        isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
    ):
        return f"{key!r} must be two whole numbers"
    if shape == "table" and not (
        isinstance(value, str)
        or (isinstance(value, list) and all(isinstance(v, str) and v for v in value))
    ):
        return f"{key!r} must be text or a list of text"
    if isinstance(value, str) and value != value.lower() and shape != "map":
        return f"{key!r} must be written in lower case"
    return None


def check_lexicon(text: str, path: Path = LEXICON_FILE) -> Data:
    """The lexicon in `text`, checked; raise LexiconError at the first problem."""
    import tomli

    try:
        data: Data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise LexiconError(f"{path}: not valid TOML: {error}") from None
    for section in _SECTIONS:
        if not isinstance(data.get(section), dict):
            raise LexiconError(f"{path}: the section [{section}] is missing")
    for section, entries in data.items():
        shape = _SECTIONS.get(section)
        if shape is None:
            raise _problem(path, text, f"[{section}]", f"unknown section [{section}]")
        for key, value in entries.items():
            if key != key.lower() and section not in ("countries", "capitals", "currencies"):
                raise _problem(path, text, key, f"[{section}] {key!r} must be lower case")
            problem = _check_value(shape, key, value)
            if problem:
                raise _problem(path, text, key, f"[{section}] {problem}")
    _check_meanings(data, path, text)
    return data


def _check_meanings(data: Data, path: Path, text: str) -> None:
    """What the shapes cannot say: hedge kinds, and each word in one exclusive list."""
    for word, kind in data["hedges"].items():
        if kind not in _HEDGE_KINDS:
            known = ", ".join(sorted(_HEDGE_KINDS))
            raise _problem(path, text, f'"{word}"', f"[hedges] {kind!r} is none of {known}")
    seen: dict[str, str] = {}
    for section, key in _EXCLUSIVE:
        for word in _words(data[section].get(key, "")):
            where = f"[{section}] {key}"
            if word in seen:
                raise _problem(path, text, word, f"{where}: {word!r} is already in {seen[word]}")
            seen[word] = where
    for word in data["hedges"]:
        if word in seen:
            raise _problem(path, text, word, f"[hedges] {word!r} is also in {seen[word]}")


def _words(value: str | list[str]) -> list[str]:
    return value.split() if isinstance(value, str) else list(value)


def _alternatives(value: str) -> list[str]:
    return [alternative.strip() for alternative in value.split("|") if alternative.strip()]


class Lexicon:
    """The checked lexicon, with each list in the shape its readers use, worked out
    on first use."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self._lists: dict[tuple[str, str], frozenset[str]] = {}

    def words(self, section: str, key: str = "words") -> frozenset[str]:
        """A list of the lexicon, split once and kept: readers ask for it per claim."""
        found = self._lists.get((section, key))
        if found is None:
            found = self._lists[section, key] = frozenset(_words(self.data[section].get(key, "")))
        return found

    @cached_property
    def hedges(self) -> dict[str, str]:
        return dict(self.data["hedges"])

    @cached_property
    def scales(self) -> dict[str, int]:
        return dict(self.data["scales"])

    @cached_property
    def currencies(self) -> dict[str, str]:
        """Each way of writing a currency, to its code."""
        return {
            spelling: code
            for code, spellings in self.data["currencies"].items()
            for spelling in _alternatives(spellings)
        }

    @cached_property
    def currency_names(self) -> dict[str, str]:
        """Each currency's code, to the word reasons name it by."""
        return {code: _alternatives(s)[0] for code, s in self.data["currencies"].items()}

    @cached_property
    def percent_units(self) -> frozenset[str]:
        return frozenset(_alternatives(self.data["units"]["percent"]))

    @cached_property
    def abbreviations(self) -> frozenset[str]:
        """Words whose full stop ends no sentence: the list, and the months' short names."""
        short_months = {name for name in self.months if len(name) <= 4}
        return self.words("abbreviations") | short_months

    @cached_property
    def fractions(self) -> dict[str, float]:
        """Each fraction in words, as a percentage."""
        return {words: 100 * n / d for words, (n, d) in self.data["fractions"].items()}

    @cached_property
    def months(self) -> dict[str, int]:
        names = self.data["months"]["names"]
        return {
            word: number for number, spellings in enumerate(names, 1) for word in spellings.split()
        }

    @cached_property
    def seasons(self) -> dict[str, tuple[int, int]]:
        return {name: (first, last) for name, (first, last) in self.data["seasons"].items()}

    @cached_property
    def units(self) -> list[str]:
        return _words(self.data["numbers"]["units"])

    @cached_property
    def tens(self) -> list[str]:
        return _words(self.data["numbers"]["tens"])

    @cached_property
    def ordinals(self) -> dict[str, int]:
        return {word: n for n, word in enumerate(_words(self.data["numbers"]["ordinals"]), 1)}

    @cached_property
    def cardinals(self) -> dict[str, int]:
        """Counts written in words, one to twelve: "three largest", "first nine months"."""
        return {word: n for n, word in enumerate(self.units) if 1 <= n <= 12}

    @cached_property
    def countries(self) -> dict[str, str]:
        """Each word that names one of the pack's two countries, to its code."""
        return {
            word: code
            for code, spellings in self.data["countries"].items()
            for word in _alternatives(spellings)
        }

    @cached_property
    def others(self) -> dict[str, str]:
        """Each spelling of another country in a ranking, to one name."""
        return {
            spelling: name
            for name, spellings in self.data["others"].items()
            for spelling in _alternatives(spellings)
        }

    @cached_property
    def roles(self) -> dict[str, str]:
        """Each way of writing an office, to one name."""
        return {
            spelling: name
            for name, spellings in self.data["roles"].items()
            for spelling in _alternatives(spellings)
        }

    @cached_property
    def capitals(self) -> dict[str, str]:
        """Each spelling of a capital, to its country's code."""
        return {
            spelling: code
            for code, spellings in self.data["capitals"].items()
            for spelling in _alternatives(spellings)
        }

    @cached_property
    def places(self) -> dict[str, str]:
        """Each spelling of a place (the capitals too), to one name: its first spelling."""
        named = [*self.data["capitals"].values(), *self.data["places"].values()]
        return {
            spelling: _alternatives(spellings)[0]
            for spellings in named
            for spelling in _alternatives(spellings)
        }

    @cached_property
    def unremarkable(self) -> frozenset[str]:
        """Capitalised words that name no one and nothing, folded: the lexicon's list,
        the months, the two countries and their capitals."""
        words = set(_words(self.data["capitalised"]["words"]))
        for spellings in (*self.countries, *self.capitals, *self.months):
            words.update(spellings.split())
        return frozenset(words)

    @cached_property
    def phrases(self) -> list[tuple[str, str]]:
        """(spelling, short form) for every phrase, the longest spelling first."""
        pairs = [
            (spelling, short)
            for short, spellings in self.data["phrases"].items()
            for spelling in _alternatives(spellings)
        ]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    @cached_property
    def spelled_out(self) -> dict[str, str]:
        return dict(self.data["spelled_out"])

    @cached_property
    def synonym_groups(self) -> dict[str, list[str]]:
        return {first: _words(others) for first, others in self.data["synonyms"].items()}

    @cached_property
    def trends(self) -> dict[str, str]:
        """Each verb of change, to "up", "down", "double" or "halve"."""
        return {
            word: direction
            for direction, words in self.data["trends"].items()
            for word in _words(words)
        }


_installed: Lexicon | None = None
# An index's compiled lexicon, kept as text until a reader asks for it: most calls
# (a timeline, a stat) open an index and never read a claim.
_compiled: str | None = None


def lexicon() -> Lexicon:
    """The lexicon of this process: the index's compiled copy when one was installed,
    else the file, read and checked now."""
    global _installed
    if _installed is None:
        data = _from_index(_compiled) if _compiled is not None else None
        if data is None:
            data = check_lexicon(LEXICON_FILE.read_text(encoding="utf-8"))
        _installed = Lexicon(data)
    return _installed


def _from_index(compiled_json: str) -> Data | None:
    """The index's compiled copy, or None when it is not whole (a damaged cache file
    holds what it holds): the file is the truth, the copy only saves parsing it."""
    try:
        data = json.loads(compiled_json)
    except ValueError:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(s), dict) for s in _SECTIONS):
        return None
    return data


def lexicon_bytes() -> bytes:
    """The lexicon file's bytes, for the pack's key: a changed lexicon is a new index."""
    return LEXICON_FILE.read_bytes()


def compiled() -> str:
    """The checked lexicon as JSON, to store in an index."""
    return json.dumps(lexicon().data, ensure_ascii=False, sort_keys=True)


def install(compiled_json: str | None) -> None:
    """Use an index's compiled lexicon (made from the same file bytes, by the key)."""
    global _compiled
    if compiled_json is not None and _installed is None:
        _compiled = compiled_json
