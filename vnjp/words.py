"""The vocabulary of search and check: canonical words, abbreviations, synonyms,
stop words, and where a search's words stand in a text for highlighting."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

from vnjp.text import fold, lazy

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
    (r"import-? ?export", "trade"),
    (r"foreign(?:-born)? (?:communit(?:y|ies)|residents?|nationals)", "community"),
    (r"export (?:partner|destination)s?", "export market"),
    (r"diplomatic partners?", "diplomatic relations"),
    (r"import (?:partner|source)s?", "import market"),
    (r"(?:buyer|importer)s? of vietnam(?:ese)? (?:goods|products|exports)", "export market"),
    (r"labou?r exports?", "labour market"),
    (r"international (?:community|donors|sponsors|lenders)|foreign sponsors", "donor"),
    (r"(?:official )?development (?:assistance|aid)", "oda"),
    (r"communist party of (?:vietnam|viet nam)|cpv", "party"),
    (r"(?:the )?(?:republic of korea|rok)", "south korea"),
    (r"(?:the )?(?:u\.s\.|usa|united states of america)", "united states"),
)
# What each abbreviation stands for, word by word, for highlighting its phrase.
_SPELLED_OUT = {
    "fdi": "foreign direct investment",
    "oda": "official development assistance aid",
    "epa": "economic partnership agreement",
    "pm": "prime minister",
    "cptpp": "comprehensive progressive agreement trans-pacific partnership",
    "rcep": "regional comprehensive economic partnership",
    "jitco": "international trainee skilled worker cooperation organization",
    "g7": "group seven",
}
ACRONYMS = frozenset(_SPELLED_OUT)


# The patterns are compiled on first use: the table renderer imports this module for
# highlighting, and start-up time is paid on every call.
_PHRASE = lazy("|".join(f"(?:\\b{phrase}\\b)" for phrase, _ in _PHRASES))
_EACH_PHRASE = tuple((lazy(f"^{phrase}$"), short) for phrase, short in _PHRASES)


# Words that mean the same here, after the light stemming below.
_SYNONYM_GROUPS = {
    "labour": "labor worker labourer laborer manpower workforce",
    "vietnam": "vietnames",
    "japan": "japanes",
    "relation": "tie relationship",
    "invest": "investor investment pour inject",
    "largest": "biggest",
    "provid": "provider donor supplier",
    "reopen": "resum restart",
    "secretary": "chief",
    "establish": "forg upgrad elevat open lift advanc",
    "increase": "rose ris grew grow grown growth increas",
    "decrease": "fell fall declin drop",
    "trade": "commerce turnover",
    "community": "expatriate expat diaspora resident live liv resid",
    "trainee": "intern apprentice internship",
    "tourism": "tourist visitor holidaymaker traveller",
}
STOPWORDS = frozenset(
    """a an the of in on at to by for with and or is are was were be been being has have
    had its it their this that these those as from between both two country countries
    nation nations reach reached total totals totalled amount amounts stand stood hit
    there than more less some about over nearly almost around approximately roughly under
    since during while when which who whose also s one year years good goods value
    worth level figure date dates""".split()
)

_WORD = r"[a-z0-9]+(?:[-'][a-z0-9]+)*"


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


# Words that mean the same here, after the light stemming above: each maps to the
# stem of its group's first word.
SYNONYMS = {
    spelling: _stem(canonical)
    for canonical, words in _SYNONYM_GROUPS.items()
    for word in words.split()
    for spelling in (word, _stem(word))
}


class _CanonicalParts(dict[str, tuple[str, ...]]):
    """Each word as written (folded) to its canonical parts, worked out once: a pack
    meets the same words again and again, and a hit is a lookup in C."""

    def __missing__(self, word: str) -> tuple[str, ...]:
        parts = word.split("-") if not word[0].isdigit() else [word]
        canonical = []
        for part in parts:
            stemmed = part if part in STOPWORDS else _stem(part)
            canonical.append(SYNONYMS.get(stemmed, stemmed))
        self[word] = found = tuple(canonical)
        return found


_PARTS = _CanonicalParts()


def canonical_words(text: str) -> list[str]:
    """The words of `text` as search and check compare them: folded, abbreviations for
    known phrases, stemmed, synonyms merged; stop words are kept (callers drop them)."""
    folded = _PHRASE.sub(_abbreviate, fold(text).replace("\u2019", "'"))
    return list(chain.from_iterable(map(_PARTS.__getitem__, re.findall(_WORD, folded))))


def _abbreviate(match: re.Match[str]) -> str:
    """The abbreviation, followed by the phrase's own words: "fdi foreign direct
    investment", so that either finds the other and each word is still found."""
    for pattern, short in _EACH_PHRASE:
        if pattern.match(match.group()):
            keep_words = short in ACRONYMS and " " in match.group()
            return f" {short} {match.group()} " if keep_words else f" {short} "
    return match.group()  # pragma: no cover - every alternative is in _PHRASES


_SURFACE_WORD = r"\w+(?:['\u2019-]\w+)*"


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where in `text` the words of a search stand (as search matches them: folded,
    stemmed, a word starting with the term), for highlighting. An abbreviation's
    term also marks the words of its phrase: "fdi" marks "foreign direct investment"."""
    wanted = set(terms)
    for term in list(wanted):
        if term in _SPELLED_OUT:
            wanted.update(canonical_words(_SPELLED_OUT[term]))
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
