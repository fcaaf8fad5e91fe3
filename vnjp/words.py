"""The vocabulary of search and check: canonical words, abbreviations, synonyms,
stop words, and where a search's words stand in a text for highlighting."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

from vnjp.lexicon import lexicon
from vnjp.text import fold

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def _spellings(spelling: str) -> list[str]:
    """A lexicon phrase and its plural where it says "(s)": "partner(s)"."""
    return (
        [spelling.replace("(s)", suffix) for suffix in ("", "s")]
        if "(s)" in spelling
        else [spelling]
    )


class _Vocabulary:
    """The lexicon's phrases, synonyms and stop words in the shapes search and check
    use, worked out once, on first use (never at import: the table renderer imports
    this module for highlighting, and start-up time is paid on every call).

    Phrases are matched word by word: each phrase is filed under its first word, so a
    text is read in one pass with a dictionary lookup a word and no pattern to compile."""

    def __init__(self) -> None:
        vocabulary = lexicon()
        self.spelled_out = vocabulary.spelled_out
        self.acronyms = frozenset(self.spelled_out)
        self.phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for spelling, short in vocabulary.phrases:
            for written in _spellings(spelling):
                words = tuple(_tokens(written))
                replacement = tuple(short.split())
                if short in self.acronyms and len(words) > 1:
                    # "fdi foreign direct investment": either finds the other.
                    replacement += words
                self.phrases.setdefault(words[0], []).append((words, replacement))
        for candidates in self.phrases.values():
            candidates.sort(key=lambda pair: -len(pair[0]))
        # A text with no word that starts a phrase (most texts) is left as it is
        # after one set test done in C.
        self.phrase_starts = frozenset(self.phrases)
        hedges = (word for word in vocabulary.hedges if " " not in word and "." not in word)
        self.stopwords = vocabulary.words("stopwords") | frozenset(hedges)
        self.synonyms = {
            spelling: _stem(canonical)
            for canonical, words in vocabulary.synonym_groups.items()
            for word in words
            for spelling in (word, _stem(word))
        }

    def with_phrases(self, words: list[str]) -> list[str]:
        """`words` with each known phrase as its short form."""
        if self.phrase_starts.isdisjoint(words):
            return words
        found: list[str] = []
        index = 0
        while index < len(words):
            for phrase, replacement in self.phrases.get(words[index], ()):
                if _starts(words, index, phrase):
                    found.extend(replacement)
                    index += len(phrase)
                    break
            else:
                found.append(words[index])
                index += 1
        return found


def _tokens(folded: str) -> list[str]:
    """The words of a folded text, a hyphenated word in its parts ("Viet Nam-Japan" is
    viet, nam, japan), but for a figure or period ("2020-2022")."""
    if "-" not in folded:
        return _WORD.findall(folded)
    return [
        part
        for word in _WORD.findall(folded)
        for part in (word.split("-") if not word[0].isdigit() else (word,))
        if part
    ]


def _starts(words: list[str], index: int, phrase: tuple[str, ...]) -> bool:
    """Whether `phrase` stands in `words` at `index`, its last word maybe possessive
    ("Viet Nam's")."""
    end = index + len(phrase)
    if end > len(words) or tuple(words[index : end - 1]) != phrase[:-1]:
        return False
    last = words[end - 1]
    return last == phrase[-1] or last.removesuffix("'s").removesuffix("'") == phrase[-1]


_vocabulary: _Vocabulary | None = None


def _words() -> _Vocabulary:
    global _vocabulary
    if _vocabulary is None:
        _vocabulary = _Vocabulary()
    return _vocabulary


def stop_words() -> frozenset[str]:
    """Words that say nothing of what a text is about: the lexicon's stop words and its
    one-word hedges."""
    return _words().stopwords


def _stem(word: str) -> str:
    """A very light stemmer: plural and past-tense endings, enough to match
    "visited" with "visit" and "projects" with "project"."""
    word = word.removesuffix("'s").removesuffix("'")
    # "comprehensively" is "comprehensive": adverbs of adjectives, long enough not to
    # be a noun ("family", "supply").
    if len(word) >= 8 and word.endswith(("ively", "ally", "ously", "ently", "ingly")):
        word = word[:-2]
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


class _CanonicalParts(dict[str, tuple[str, ...]]):
    """Each word as written (folded) to its canonical parts, worked out once: a pack
    meets the same words again and again, and a hit is a lookup in C."""

    def __missing__(self, word: str) -> tuple[str, ...]:
        parts = word.split("-") if not word[0].isdigit() else [word]
        vocabulary = _words()
        canonical = []
        for part in parts:
            stemmed = part if part in vocabulary.stopwords else _stem(part)
            canonical.append(vocabulary.synonyms.get(stemmed, stemmed))
        self[word] = found = tuple(canonical)
        return found


_PARTS = _CanonicalParts()


def canonical_words(text: str) -> list[str]:
    """The words of `text` as search and check compare them: folded, abbreviations for
    known phrases, stemmed, synonyms merged; stop words are kept (callers drop them)."""
    words = _tokens(fold(text).replace("\u2019", "'"))
    return list(chain.from_iterable(map(_PARTS.__getitem__, _words().with_phrases(words))))


_SURFACE_WORD = r"\w+(?:['\u2019-]\w+)*"


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where in `text` the words of a search stand (as search matches them: folded,
    stemmed, a word starting with the term), for highlighting. An abbreviation's
    term also marks the words of its phrase: "fdi" marks "foreign direct investment"."""
    wanted = set(terms)
    spelled_out = _words().spelled_out
    for term in list(wanted):
        if term in spelled_out:
            wanted.update(canonical_words(spelled_out[term]))
    spans = []
    for match in re.finditer(_SURFACE_WORD, text):
        for word in canonical_words(match.group()):
            if any(word == t or (len(t) >= 3 and word.startswith(t)) for t in wanted):
                spans.append(match.span())
                break
    return spans


def name_key(words: list[str], country: str) -> str:
    """The word that alone names a person: a Japanese family name (written first), a
    Vietnamese given name (written last)."""
    return words[0] if country == "JP" else words[-1]


def spelled_out(words: Iterable[str]) -> set[str]:
    """`words` and the words of each short form's phrase: "epa" brings "economic",
    "partnership" and "agreement", so a claim naming "the EPA" names all of it."""
    found = set(words)
    phrases = _words().spelled_out
    for word in list(found):
        if word in phrases:
            found.update(canonical_words(phrases[word]))
    return found
