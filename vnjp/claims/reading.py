"""Reading an English sentence for what `check` can compare: amounts, ranks, dates,
hedges, the direction of a flow, negation, and the words that say what it is about."""

import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from vnjp.claims.amounts import Amount, Taken, currency_name, read_amounts, word_values
from vnjp.lexicon import lexicon
from vnjp.model import When
from vnjp.text import LazyPattern, fold, lazy
from vnjp.words import canonical_words, stop_words


def alternation(words: Iterable[str]) -> str:
    """Words as one regular-expression alternation, the longest first."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _months() -> str:
    """A month's name, whole, its short form maybe with a full stop ("Sept.")."""
    return "(" + alternation(lexicon().months) + r")\b\.?"


def _ordinals() -> str:
    return alternation(lexicon().ordinals)


def _cardinals() -> str:
    return alternation(lexicon().cardinals)


_DAY_MONTH_YEAR = lazy(lambda: r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _months() + r",?\s+(\d{4})\b")
_MONTH_DAY_YEAR = lazy(lambda: r"\b" + _months() + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
# "November 27 to 30, 2023", "27-30 November 2023", "from 27 to 30 November 2023".
_DAY_SPAN = lazy(
    lambda: (
        r"\b" + _months() + r"\s+(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|through|until)\s*"
        r"(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"
        r"|\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|through|until)\s*(\d{1,2})(?:st|nd|rd|th)?"
        r"\s+" + _months() + r",?\s+(\d{4})\b"
    )
)
_MONTH_YEAR = lazy(lambda: r"\b" + _months() + r"\s+(?:of\s+)?(\d{4})\b")
# "January-November 2023", "the January-November period of 2023", "April to June 2023".
_MONTH_SPAN = lazy(
    lambda: (
        r"\b"
        + _months()
        + r"\s*(?:-|\u2013|to|through|until)\s*"
        + _months()
        + r"(?:\s+period)?,?\s+(?:of\s+)?(\d{4})\b"
    )
)
_SEASON = lazy(
    lambda: (
        r"\b(?:(?:the|in)\s+)?("
        + alternation(lexicon().seasons)
        + r")(?:-|\s+)(?:of\s+)?(1[89]\d\d|20\d\d)\b"
    )
)
_DECADE = lazy(r"\b(?:the\s+)?(?:(early|mid|late)[-\s]+)?(1[89]\d0|20\d0)'?s\b")
_YEAR_SPAN = lazy(
    r"\b(?:from|between)\s+(1[89]\d\d|20\d\d)\s+(?:to|and|until)\s+(1[89]\d\d|20\d\d)\b"
    r"|\b(1[89]\d\d|20\d\d)\s*(?:-|\u2013)\s*(1[89]\d\d|20\d\d)\b"
)
_NOT_A_FIGURE = lazy(
    lambda: (
        r"\b(?:\d{1,4}|"
        + alternation(lexicon().units[1:11] + lexicon().tens)
        + r"|a|half a|a hundred|hundred)\s+"
        r"(?:years?|decades?|centur(?:y|ies))(?:\s+(?:later|earlier|ago|after|before))?\b"
        r"|\b\d{1,3}(?:st|nd|rd|th)(?=\s+anniversary\b)"
        r"|\b(?:over|from|on|against|compared with|compared to|than)\s+the\s+same\s+period\s+"
        r"(?:of|in|last)\s+(?:year\s+)?(?:\d{4}\b)?"
        r"|\byear[\s-]on[\s-]year\b"
    )
)
_RELATIVE_ENDINGS = ("later", "earlier", "after", "before", "ago")
# "for the last two decades", "over the past 30 years", "for 20 years", "in recent
# years": how long a
# statement holds, which a record of one date cannot confirm.
_LASTING = lazy(
    lambda: (
        r"\b(?:for|over|during|in|throughout)\s+(?:the\s+)?(?:(?:last|past)\s+)?(?:\d{1,4}|"
        + alternation(lexicon().units[1:11] + lexicon().tens)
        + r"|a|several|many)\s+(?:years?|decades?)\b"
        + r"|\b(?:in|over|during)\s+(?:the\s+)?(?:recent|(?:last|past)\s+few)\s+(?:years|decades)\b"
    )
)
_DAY_WITHOUT_YEAR = lazy(lambda: r"\b" + _months() + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?!,?\s*\d)")
_ISO_DATE = lazy(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_FIRST_MONTHS = lazy(
    lambda: r"\bfirst\s+(\d{1,2}|" + _cardinals() + r")\s+months\s+(?:of\s+)?(\d{4})\b"
)
# "the first half of 2015", "the third quarter of 2023": months of a year.
_PART_OF_YEAR = lazy(
    r"\b(?:(?P<half>first|second|1st|2nd)\s+half|"
    r"(?P<quarter>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)"
    r"\s+(?:of\s+)?(?P<year>1[89]\d\d|20\d\d)\b"
)
_YEAR = lazy(r"\b(1[89]\d\d|20\d\d)\b")
# What looks like a year but is none that can be compared: year 0, BC, negative.
_NOT_A_YEAR = lazy(
    r"(?:\b(?:in|since|from|by|until|of|year)\s+(?P<zero>0\d{3})\b)"
    r"|(?P<bc>\b\d{1,4}\s*(?:bc|bce|b\.c\.)(?!\w))"
    r"|(?:\b(?:in|since|from|by|until|year)\s+(?P<negative>-\d{1,4})\b)"
)
# A claim is read up to this many characters: a sentence is far shorter, and reading
# stays fast (and linear) whatever is pasted.
MAX_CLAIM_CHARS = 10_000


def _ordinal_group(*, digits: str = r"\d{1,3}(?:st|nd|rd|th)") -> str:
    return r"(?P<ordinal>" + _ordinals() + "|" + digits + ")"


def _count_group(name: str) -> str:
    return r"(?P<" + name + ">" + _cardinals() + r"|\d{1,4})"


_RANK_OF = r"(?:\s*(?:/|among|of|out of)\s*(?:the\s+)?(?P<of>\d{1,4})\b)?"
_RANK_PATTERNS = (
    lazy(
        lambda: (
            r"\b(?P<one_of>one of the\s+|an?\s+(?=leading|top))?(?:"
            + _ordinal_group()
            + r"[\s-]+)?(?:largest|biggest|leading|top)\b"
            # "the third largest of 143 foreign investors": the whole the rank is out of.
            + r"(?:\s+(?:of|among|out of)\s+(?:the\s+)?(?P<of>\d{1,4})\b)?"
        )
    ),
    lazy(
        lambda: (
            r"\brank(?:s|ed|ing)?\s+(?:no\.?\s*)?"
            + _ordinal_group(digits=r"\d{1,3}(?:st|nd|rd|th)?")
            + _RANK_OF
        )
    ),
    lazy(
        lambda: (
            r"\b"
            + _ordinal_group()
            + r"\s+(?:place\s+)?(?:among|of|out of)\s+(?:the\s+)?(?P<of>\d{1,4})\b"
        )
    ),
    lazy(r"\b(?P<ordinal>\d{1,2})\s*/\s*(?P<of>\d{1,4})\b"),
    # "the second in labour", "first in ODA"
    lazy(lambda: r"\b(?:the\s+)?" + _ordinal_group() + r"\s+in\s+(?=[a-z])"),
)


def _ordinal_needles() -> tuple[str, ...]:
    """What every ordinal has: a word of the lexicon's, or a digit."""
    return (*lexicon().ordinals, *_DIGITS)


# What each rank pattern's every match holds, so a pattern a claim cannot match is
# never compiled.
_RANK_NEEDLES: tuple[Callable[[], tuple[str, ...]], ...] = (
    lambda: ("largest", "biggest", "leading", "top"),
    lambda: ("rank",),
    lambda: ("among", " of"),
    lambda: ("/",),
    lambda: (" in ",),
)
_AMONG_TOP = lazy(
    lambda: (
        r"\bamong (?:the |its |their |(?:\w+ )?\w+'s )?(?:top "
        + _count_group("count")
        + r"|"
        + _count_group("count2")
        + r"\s+(?:largest|biggest))\b"
    )
)


def _others() -> str:
    """The other countries a ranking may name, with "the" before them or not."""
    return r"(?:the\s+)?(?:" + alternation(lexicon().others) + ")"


# "(fourth) after China, the United States and South Korea": the others in a ranking
# say where Japan stands, not what the claim is about.
RANKED_AFTER = lazy(
    lambda: (
        r"\b(?:"
        + alternation(lexicon().words("ranking", "after"))
        + r")\s+"
        + _others()
        + r"(?:\s*(?:,\s*(?:and\s+)?|and\s+)"
        + _others()
        + r"){0,6}"
    )
)
_OTHER = lazy(lambda: r"\b(?:" + alternation(lexicon().others) + r")(?![\w.])")


def country_key(name: str) -> str:
    """One spelling for a country in a ranking: "the US", "U.S." -> "united states"."""
    folded = fold(name).strip()
    others = lexicon().others
    return others.get(folded) or others.get(folded.removeprefix("the ").strip(), folded)


def _negation() -> str:
    phrases = lexicon().words("negation", "phrases")
    # "n't" ends a word ("isn't"), so no word boundary before it.
    endings = [p for p in phrases if p.startswith("n'")]
    words = alternation(p for p in phrases if p not in endings)
    return r"\b(?:" + words + r")\b|(?:" + alternation(endings) + r")\b"


_NEGATION = lazy(_negation)


def _country() -> str:
    return "(" + alternation(lexicon().countries) + ")"


_TO = lazy(lambda: r"\b(?:to|into|in)\s+" + _country() + r"\b")
_FROM = lazy(lambda: r"\bfrom\s+" + _country() + r"\b")
_VISITED = lazy(lambda: r"\bvisit(?:s|ed|ing)?\s+(?:to\s+)?" + _country() + r"\b")
_ADJECTIVE_FLOW = lazy(
    lambda: (
        r"\b"
        + _country()
        # "Vietnam's largest ODA provider": a rank between them makes the country the
        # other side of the flow, not its source.
        + r"(?:'s)?\s+(?:(?!(?:"
        + _ordinals()
        + r"|largest|biggest|leading|top)\b)\w+\s+){0,2}?"
        + r"(fdi|investments?|invest|oda|aid|exports?|imports?|workers?|trainees?|projects?)\b"
    )
)
# "signed in Paris", "visited Tokyo": a place the record must name.
_PLACE = lazy(
    lambda: (
        r"\b(?:in|at|visit(?:s|ed|ing)?(?:\s+to)?)\s+("
        + alternation(lexicon().places)
        + r")(?![\w'])"
    )
)


class _Vocabulary:
    """The lexicon's word sets as claim reading uses them, worked out on first use."""

    def __init__(self) -> None:
        vocabulary = lexicon()
        self.stopwords = stop_words()
        place_words = {w for place in vocabulary.places for w in canonical_words(place)}
        self.not_topic = (
            frozenset(canonical_words(" ".join(vocabulary.words("filler", "figure_words"))))
            | vocabulary.words("filler", "figure_words")
            | frozenset(canonical_words(" ".join(vocabulary.words("filler"))))
            | frozenset(w for name in vocabulary.countries for w in canonical_words(name))
            | frozenset(place_words)
            | frozenset(
                w for p in vocabulary.words("negation", "phrases") for w in canonical_words(p)
            )
            # Offices are an element of their own ("President ..."), compared as such.
            | frozenset(w for role in vocabulary.roles for w in canonical_words(role))
        )
        # Each verb of change as the canonical word it becomes ("increased" and "rose"
        # are both "increas"), to the way it says a series went.
        self.changes = {
            w: direction
            for word, direction in vocabulary.trends.items()
            for w in canonical_words(word)
        }
        self.trend_words = frozenset(self.changes)


_vocabulary: _Vocabulary | None = None


def _words() -> _Vocabulary:
    global _vocabulary
    if _vocabulary is None:
        _vocabulary = _Vocabulary()
    return _vocabulary


class Rank(NamedTuple):
    """A rank as the claim writes it: "fourth largest", "3/143", "among the three largest"."""

    rank: int
    of: int | None
    within: bool  # "among the three largest": any rank up to `rank`
    text: str


class TimeRef(NamedTuple):
    """A date, month, year or period the claim names."""

    when: When
    text: str
    # A loose time ("early 2014", "the autumn of 2006", "the late 1990s"): anything
    # inside it matches, as at its own precision.
    loose: bool = False


class Interval(NamedTuple):
    """ "Embassies opened two years after relations were set up": the later event, the
    earlier one, and the years between them."""

    later: str
    earlier: str
    years: int


# "A, N years after B" and "A, N years before B" (N in digits or words, "a" for one).
_INTERVAL = lazy(
    lambda: (
        r"^(?P<first>.{3,}?),?\s+(?P<count>\d{1,3}|a|an|one|"
        + alternation(lexicon().units[2:] + lexicon().tens)
        + r")\s+(?P<unit>years?|decades?)\s+(?P<way>after|before)\s+(?P<second>.{3,}?)[.!?]?$"
    ),
    re.IGNORECASE,
)


def read_interval(text: str) -> Interval | None:
    """The two events a claim dates one from the other, and the years between."""
    match = _INTERVAL.match(text.strip())
    if match is None:
        return None
    count = match.group("count").lower()
    years = int(count) if count.isdigit() else word_values().get(count, 1)
    years *= 10 if match.group("unit").lower().startswith("decade") else 1
    first, second = match.group("first"), match.group("second")
    if match.group("way").lower() == "before":
        first, second = second, first
    return Interval(first, second, years)


class Claim(NamedTuple):
    """What `check` can compare in a sentence, and the words that say what it is about."""

    text: str
    words: tuple[str, ...]  # canonical content words: what the claim is about
    amounts: tuple[Amount, ...]
    ranks: tuple[Rank, ...]
    times: tuple[TimeRef, ...]
    negated: bool
    flow: tuple[str, str] | None  # (from, to) country codes of a flow, if it says
    # What looks like a date but is none vnjp can compare ("0000", "500 BC").
    not_dates: tuple[str, ...] = ()
    # Money in another currency than the US dollar ("JPY 13.5 billion", "100 billion yen").
    foreign_money: tuple[str, ...] = ()
    # The countries a rank comes after ("fourth after China, the US and South Korea").
    ranked_after: frozenset[str] = frozenset()
    # Where it happened ("signed in Paris"), by the lexicon's name of the place.
    places: frozenset[str] = frozenset()
    # The offices it gives people ("President Vo Van Thuong"), by the lexicon's name.
    roles: frozenset[str] = frozenset()
    # Which way it says a series went: "up", "down", "double" or "halve".
    trend: str | None = None
    # A date given from another event ("two years after ...", "a year later").
    relative: bool = False
    # "A, two years after B": the years between, and the two events' own words.
    interval: Interval | None = None
    # Names the claim quotes ("the theme 'Towards the Future'"): the record must give
    # the same name, not a longer or another one.
    quotes: tuple[str, ...] = ()
    # "the 50th anniversary of X", "50 years of X": X's date is that many years before
    # the claim's.
    anniversary: int | None = None
    # "rose every year": the change held at each step of the series, not only overall.
    every_step: bool = False
    # The period a change is measured from: "fell in 2022 compared with 2021",
    # "doubled between 2020 and 2022", "rose from $40bn in 2020 to $47.6bn in 2022".
    baseline: When | None = None
    # A statement said to hold over a span ("for the last two decades").
    lasting: bool = False
    # What makes it a forecast, plan or aim ("expected to"), which no record settles.
    forecast: str = ""
    # The first of a list a trend is said of ("rising to $40bn in 2020, $42.7bn in
    # 2021 ..."): with no level before it in the pack, it is where the series starts.
    opens_series: bool = False


class Reading:
    """A claim being read: its folded text, the spans read so far (so no later reader
    reads them again), and what each reader found, by the Claim field it fills."""

    __slots__ = ("found", "original", "taken", "text")

    def __init__(self, original: str, folded: str) -> None:
        self.original = original
        self.text = folded
        self.taken = Taken(len(folded))
        self.found: dict[str, Any] = {}


class Reader(NamedTuple):
    """One step of reading a claim: the field it fills, the strings a text must hold
    for it to find anything (none: it always runs), and how it reads."""

    field: str
    needs: Callable[[], Iterable[str]] | tuple[str, ...]
    read: Callable[[Reading], object]

    def applies(self, text: str) -> bool:
        needs = self.needs() if callable(self.needs) else self.needs
        return not needs or any(needle in text for needle in needs)


def _read_times(reading: Reading) -> tuple[TimeRef, ...]:
    return tuple(_times(reading.text, reading.taken))


def _read_ranked_after(reading: Reading) -> frozenset[str]:
    """ "(fourth) after China, the US and South Korea": the others in a ranking."""
    found: set[str] = set()
    for match in RANKED_AFTER.finditer(reading.text):
        reading.taken.add(*match.span())
        found.update(country_key(other) for other in _OTHER.findall(match.group()))
    return frozenset(found)


def _read_days_without_year(reading: Reading) -> None:
    """ "September 20" with no year: a day vnjp cannot place, and no figure."""
    for match in _DAY_WITHOUT_YEAR.finditer(reading.text):
        reading.taken.add(*match.span())


def _read_spans(reading: Reading) -> bool:
    """ "50 years", "50th anniversary", "over the same period of 2022": no figure or
    date of the claim's own; whether one counts from another event ("two years after",
    "a year later"), which a record's own date cannot settle."""
    relative = False
    dated = _YEAR.search(reading.text) is not None
    for match in _NOT_A_FIGURE.finditer(reading.text):
        reading.taken.add(*match.span())
        # "45 years ago, on September 21, 1973": "ago" counts from when it was written,
        # which no one can check; the date beside it is what is claimed.
        ago = match.group().endswith("ago")
        relative = relative or (match.group().endswith(_RELATIVE_ENDINGS) and not (ago and dated))
    return relative


def _read_interval(reading: Reading) -> Interval | None:
    """Read on the claim as written (its events are checked as claims of their own)."""
    return read_interval(reading.original) if reading.found.get("relative") else None


_BASELINE = lazy(
    r"\b(?:compared (?:with|to)|against|than(?: in)?|on)\s+(?:that of\s+)?(1[89]\d\d|20\d\d)\b"
)


def _read_baseline(reading: Reading) -> When | None:
    """For a claim of change, the period it is measured from: a year it is compared
    with ("fell in 2022 compared with 2021"), else the first of a span or of two years
    ("doubled between 2020 and 2022"); the change's own period is then the last."""
    if not _changes(reading.text):
        return None
    for match in _BASELINE.finditer(reading.text):
        if reading.taken.free(*match.span()):
            reading.taken.add(*match.span())
            return When.parse(match.group(1))
    times: list[TimeRef] = list(reading.found.get("times", ()))
    if len(times) == 1 and times[0].when.is_span and times[0].when.start.month is None:
        span = times[0].when
        reading.found["times"] = (TimeRef(When.parse(str(span.end.year)), times[0].text),)
        return When.parse(str(span.start.year))
    if len(times) == 2 and not any(t.when.is_span for t in times):
        first, last = sorted(times, key=lambda t: t.when.sort_key)
        reading.found["times"] = (last,)
        baseline: When = first.when
        return baseline
    return None


def _changes(folded: str) -> bool:
    return _trend(folded) is not None


_ANNIVERSARY = lazy(
    lambda: (
        r"\b(?:(\d{1,3})(?:st|nd|rd|th)\s+(?:founding\s+)?anniversary\b|(\d{1,3}|"
        + alternation(lexicon().units[2:] + lexicon().tens)
        + r")\s+years\s+of\b)"
    )
)


def _read_anniversary(reading: Reading) -> int | None:
    return anniversary_years(reading.text)


def anniversary_years(folded: str) -> int | None:
    """How many years a text counts from an event: "the 50th anniversary of ...",
    "50 years of diplomatic relations"."""
    match = _ANNIVERSARY.search(folded)
    if match is None:
        return None
    count = match.group(1) or match.group(2)
    return int(count) if count.isdigit() else word_values().get(count)


# A quoted name: in double or curly quotes, or in single quotes that are no
# apostrophes (a quote mark with no letter before the opening one or after the closing).
_QUOTE = lazy(r'"([^"]{3,300})"|\u201c([^\u201d]{3,300})\u201d|(?<!\w)\'([^\']{3,300})\'(?!\w)')


def _read_quotes(reading: Reading) -> tuple[str, ...]:
    return tuple(quote for quote in quoted(reading.original) if len(quote.split()) >= 2)


def quoted(text: str) -> list[str]:
    """The names `text` quotes, without their quote marks."""
    return [next(g for g in m.groups() if g) for m in _QUOTE.finditer(text)]


def change_words() -> dict[str, str]:
    """Each verb of change as a canonical word, to "up", "down", "double" or "halve"."""
    return _words().changes


def _read_ranks(reading: Reading) -> tuple[Rank, ...]:
    return tuple(_ranks(reading.text, reading.taken))


def _read_amounts(reading: Reading) -> tuple[Amount, ...]:
    amounts = read_amounts(reading.text, reading.taken)
    return tuple(a for a in amounts if not _converted(reading.text, a))


# "2.8 trillion yen (US$27.6 billion)": the dollars in brackets after a figure.
_IN_DOLLARS = lazy(
    r"\s*\(\s*(?:(?:about|around|approximately|some|nearly|over)\s+)?(?:us\s?\$|\$|usd\b)"
)


def _converted(folded: str, amount: Amount) -> bool:
    """Whether a figure in another currency is followed by its US dollars in brackets:
    the dollars are the figure compared, and the other currency is no element."""
    if amount.currency in ("", "USD"):
        return False
    at = folded.find(amount.text)
    return at >= 0 and _IN_DOLLARS.match(folded[at + len(amount.text) :]) is not None


def _read_years(reading: Reading) -> tuple[TimeRef, ...]:
    """The dates read first, and the years not yet read as part of a date or a figure."""
    times = list(reading.found.get("times", ()))
    for match in _YEAR.finditer(reading.text):
        if reading.taken.free(*match.span()):
            times.append(TimeRef(When.parse(match.group(1)), match.group()))
            reading.taken.add(*match.span())
    return tuple(times)


# "Paris, France": the country says where the place is, and names nothing more.
PLACE_WITH_COUNTRY = lazy(
    lambda: (
        r"\b("
        + alternation(lexicon().places)
        + r"),\s+("
        + alternation([*lexicon().others, *lexicon().countries])
        + r")\b"
    ),
    re.IGNORECASE,  # read on the claim as written too, for its capitalised names
)


def _read_place_countries(reading: Reading) -> None:
    for match in PLACE_WITH_COUNTRY.finditer(reading.text):
        reading.taken.add(*match.span(2))


def _read_words(reading: Reading) -> tuple[str, ...]:
    """What the claim is about: its words, less those read as figures, ranks and dates,
    stop words, filler, the countries, places and verbs of change (and "anniversary"
    when it counts years from an event: the count is compared, not the word)."""
    vocabulary = _words()
    counted = {"anniversary"} if reading.found.get("anniversary") else set()
    return tuple(
        dict.fromkeys(
            word
            for word in canonical_words(reading.taken.blanked(reading.text))
            # A lone letter is an initial ("Y. Nakayama"), which says nothing alone.
            if len(word) > 1
            and word not in vocabulary.stopwords
            and not any(ch.isdigit() for ch in word)
            and word not in vocabulary.not_topic
            and word not in vocabulary.trend_words
            and word not in counted
        )
    )


# "did not reopen aid until 1992": it did, in 1992; not a denial.
_NOT_UNTIL = lazy(r"(?:\bnot\b|n't\b|\bnever\b)[^.;]{0,200}?\buntil\b")


def _read_negation(reading: Reading) -> bool:
    if _NEGATION.search(reading.text) is None:
        return False
    return "until" not in reading.text or _NOT_UNTIL.search(reading.text) is None


def _read_not_dates(reading: Reading) -> tuple[str, ...]:
    return tuple(match.group().strip() for match in _NOT_A_YEAR.finditer(reading.text))


def _read_foreign_money(reading: Reading) -> tuple[str, ...]:
    return tuple(
        f"{a.text} ({currency_name(a.currency)})"
        for a in reading.found.get("amounts", ())
        if a.currency not in ("", "USD")
    )


_FORECAST = lazy(lambda: r"\b(?:" + alternation(lexicon().words("forecast", "phrases")) + r")\b")


def _read_forecast(reading: Reading) -> str:
    match = _FORECAST.search(reading.text)
    return match.group() if match else ""


def _read_lasting(reading: Reading) -> bool:
    return _LASTING.search(reading.text) is not None


def _lexicon_words(section: str, key: str = "words") -> Callable[[], tuple[str, ...]]:
    return lambda: tuple(lexicon().words(section, key))


def _places(folded: str) -> frozenset[str]:
    """The places a claim says something happened in or someone went to."""
    places = lexicon().places
    if not any(spelling in folded for spelling in places):
        return frozenset()
    return frozenset(places[match.group(1)] for match in _PLACE.finditer(folded))


_ROLE = lazy(lambda: r"\b(" + alternation(lexicon().roles) + r")(?![\w'])")


def _roles(folded: str) -> frozenset[str]:
    """The offices a claim names ("President", "Prime Minister", "party chief")."""
    roles = lexicon().roles
    return frozenset(roles[match.group(1)] for match in _ROLE.finditer(folded))


# "up 50%", "down by 32.5%": a change as a figure, with no verb of change.
_UP_OR_DOWN = lazy(r"\b(up|down)\s+(?:by\s+)?(?:about\s+|some\s+|nearly\s+|over\s+)?\d")


def _trend(folded: str) -> str | None:
    """The way the claim says a series went, by its first verb of change."""
    trends = lexicon().trends
    for word in folded.replace("-", " ").split():
        direction = trends.get(word.strip(".,;:!?()\"'"))
        if direction:
            return direction
    if ("up " in folded or "down " in folded) and (match := _UP_OR_DOWN.search(folded)):
        return match.group(1)
    return None


def _times(folded: str, taken: Taken) -> list[TimeRef]:
    """Every date, month, period and loose time of `folded`, by the forms of
    _TIME_FORMS in order: a span read by one form is not read again by a later one."""
    found: list[TimeRef] = []
    if not any(digit in folded for digit in _DIGITS):
        return found  # every date has a digit
    for form in _TIME_FORMS:
        needles = form.needles()
        matches = _when(folded, needles, form.pattern) if needles else form.pattern.finditer(folded)
        for match in matches:
            when = form.when(match)
            if when is None or not taken.free(*match.span()):
                continue
            try:
                found.append(TimeRef(When.parse(when), match.group(), form.loose))
            except ValueError:
                continue
            taken.add(*match.span())
    return found


def _month(name: str) -> int:
    return lexicon().months[name]


def _first_months(match: re.Match[str]) -> str | None:
    count, year = match.group(1), match.group(2)
    months = int(count) if count.isdigit() else lexicon().cardinals[count]
    return f"{year}-01/{year}-{months:02d}" if 1 <= months <= 12 else None


def _season(match: re.Match[str]) -> str:
    first, last = lexicon().seasons[match.group(1)]
    year = match.group(2)
    return f"{year}-{first:02d}/{year}-{last:02d}"


def _decade(match: re.Match[str]) -> str:
    decade = int(match.group(2))
    part = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(match.group(1) or "", (0, 9))
    return f"{decade + part[0]}/{decade + part[1]}"


def _year_span(match: re.Match[str]) -> str | None:
    years = match.group(1, 2) if match.group(1) else match.group(3, 4)
    return f"{years[0]}/{years[1]}" if years[0] < years[1] else None


def _month_span(match: re.Match[str]) -> str | None:
    first, last, year = match.groups()
    if _month(first) >= _month(last):
        return None
    return f"{year}-{_month(first):02d}/{year}-{_month(last):02d}"


def _day_span(match: re.Match[str]) -> str:
    groups = match.groups()
    month, day1, day2, year = groups[:4] if groups[0] else (groups[6], *groups[4:6], groups[7])
    start = f"{year}-{_month(month):02d}-{int(day1):02d}"
    return f"{start}/{start[:7]}-{int(day2):02d}"


def _day_month_year(match: re.Match[str]) -> str:
    day, month, year = match.groups()
    return f"{year}-{_month(month):02d}-{int(day):02d}"


def _month_day_year(match: re.Match[str]) -> str:
    month, day, year = match.groups()
    return f"{year}-{_month(month):02d}-{int(day):02d}"


def _month_year(match: re.Match[str]) -> str:
    month, year = match.groups()
    return f"{year}-{_month(month):02d}"


class _TimeForm(NamedTuple):
    """A way of writing a time: the strings every match holds (none: always tried),
    its pattern, the date or span a match stands for (None: no time), and whether it
    is loose ("early 2014")."""

    needles: Callable[[], tuple[str, ...]]
    pattern: LazyPattern
    when: Callable[[re.Match[str]], str | None]
    loose: bool = False


# The order is the meaning: a longer form takes its span before a shorter one inside it.
_TIME_FORMS: tuple[_TimeForm, ...] = (
    _TimeForm(lambda: ("month",), _FIRST_MONTHS, _first_months),
    _TimeForm(lambda: ("half", "quarter"), _PART_OF_YEAR, lambda m: _part_of_year(m)),
    _TimeForm(lambda: tuple(lexicon().seasons), _SEASON, _season, loose=True),
    _TimeForm(lambda: ("0s", "0's"), _DECADE, _decade, loose=True),
    _TimeForm(lambda: ("from", "between", "-", "\u2013"), _YEAR_SPAN, _year_span),
    _TimeForm(lambda: _SPAN_JOINTS, _MONTH_SPAN, _month_span),
    _TimeForm(lambda: _SPAN_JOINTS, _DAY_SPAN, _day_span),
    _TimeForm(lambda: (), _DAY_MONTH_YEAR, _day_month_year),
    _TimeForm(lambda: (), _MONTH_DAY_YEAR, _month_day_year),
    _TimeForm(lambda: ("-",), _ISO_DATE, lambda m: m.group()),
    _TimeForm(lambda: (), _MONTH_YEAR, _month_year),
)


def _part_of_year(match: re.Match[str]) -> str:
    """A half or quarter of a year as its span of months: "first half of 2015" is
    2015-01/2015-06."""
    which = match.group("half") or match.group("quarter")
    length = 6 if match.group("half") else 3
    first = (_ordinal(which) - 1) * length + 1
    year = match.group("year")
    return f"{year}-{first:02d}/{year}-{first + length - 1:02d}"


def _ordinal(text: str) -> int:
    return lexicon().ordinals.get(text) or int(re.sub(r"\D", "", text))


def _ranks(folded: str, taken: Taken) -> list[Rank]:
    found: list[Rank] = []
    for match in _when(folded, ("among",), _AMONG_TOP):
        count = match.group("count") or match.group("count2")
        number = int(count) if count.isdigit() else lexicon().cardinals[count]
        found.append(Rank(number, None, True, match.group().strip()))
        taken.add(*match.span())
    for needles, pattern in zip(_RANK_NEEDLES, _RANK_PATTERNS, strict=True):
        for match in _when(folded, needles(), pattern):
            if not taken.free(*match.span()):
                continue
            groups = match.groupdict()
            if groups.get("one_of"):
                continue  # "one of the largest" names no rank
            ordinal = groups.get("ordinal")
            of = groups.get("of")
            found.append(
                Rank(
                    _ordinal(ordinal) if ordinal else 1,
                    int(of) if of else None,
                    False,
                    match.group(),
                )
            )
            taken.add(*match.span())
    return found


_DIGITS = tuple("0123456789")


def after_words() -> tuple[str, ...]:
    return tuple(lexicon().words("ranking", "after"))


_SPAN_WORDS = ("year", "decade", "centur", "anniversary", "same period")
_SPAN_JOINTS: tuple[str, ...] = ("-", "\u2013", " to ", "through", "until")


def _when(text: str, needles: tuple[str, ...], pattern: LazyPattern) -> Iterable[re.Match[str]]:
    """The pattern's matches in `text`, if it holds one of the words every match has:
    the pattern is not even compiled for a claim that cannot match it."""
    if any(needle in text for needle in needles):
        return pattern.finditer(text)
    return ()


def read_flow(text: str) -> tuple[str, str] | None:
    """Which way a flow in `text` goes, as (from, to) country codes, if it says."""
    return _flow(fold(text).replace("\u2019", "'"))


def _flow(folded: str) -> tuple[str, str] | None:
    """Which way a flow goes, when the claim says: "exports to Japan", "imports from
    Japan", "Japanese FDI in Vietnam", "Vietnam's investment in Japan"."""
    source = target = None
    if match := _FROM.search(folded):
        source = lexicon().countries[match.group(1)]
    if match := _TO.search(folded) or _VISITED.search(folded):
        target = lexicon().countries[match.group(1)]
    if source is None and (match := _ADJECTIVE_FLOW.search(folded)):
        owner, noun = lexicon().countries[match.group(1)], match.group(2)
        if noun.startswith("import"):
            target = target or owner  # "Vietnam's imports" come into Vietnam
        else:
            source = owner
    if source is None and target is not None:
        source = "JP" if target == "VN" else "VN"
    if target is None and source is not None:
        target = "JP" if source == "VN" else "VN"
    if source is None or target is None or source == target:
        return None
    return (source, target)


# The order of reading is its meaning: each reader takes the spans it reads, so a
# later one never reads them again (a date's digits are no figure, a rank's ordinal
# no count, a figure's words no topic). Readers that take nothing come last.
READERS: tuple[Reader, ...] = (
    Reader("times", _DIGITS, _read_times),
    Reader("ranked_after", after_words, _read_ranked_after),
    Reader("days", _DIGITS, _read_days_without_year),
    Reader("relative", _SPAN_WORDS, _read_spans),
    Reader("interval", _SPAN_WORDS, _read_interval),
    Reader("anniversary", ("anniversary", "years of"), _read_anniversary),
    Reader("quotes", ('"', "'", "\u201c"), _read_quotes),
    Reader("ranks", (), _read_ranks),
    Reader("amounts", (), _read_amounts),
    Reader("times", _DIGITS, _read_years),
    Reader("baseline", _DIGITS, _read_baseline),
    Reader("place_countries", lambda: tuple(lexicon().places), _read_place_countries),
    Reader("words", (), _read_words),
    Reader("negated", (), _read_negation),
    Reader("flow", (), lambda reading: _flow(reading.text)),
    Reader("not_dates", _DIGITS, _read_not_dates),
    Reader("places", lambda: tuple(lexicon().places), lambda r: _places(r.text)),
    Reader("roles", (), lambda reading: _roles(reading.text)),
    Reader("trend", (), lambda reading: _trend(reading.text)),
    Reader("lasting", _SPAN_WORDS, _read_lasting),
    Reader(
        "every_step",
        ("year",),
        lambda r: any(p in r.text for p in lexicon().words("series", "every")),
    ),
    Reader("foreign_money", (), _read_foreign_money),
    Reader("forecast", _lexicon_words("forecast", "phrases"), _read_forecast),
)


def parse_claim(text: str) -> Claim:
    """What can be compared in the first MAX_CLAIM_CHARS characters of `text`: what
    each reader of READERS finds, in order."""
    text = text[:MAX_CLAIM_CHARS]
    reading = Reading(text, fold(text).replace("\u2019", "'"))
    for reader in READERS:
        if reader.applies(reading.text):
            reading.found[reader.field] = reader.read(reading)
    fields = {**_DEFAULTS, **reading.found}
    return Claim(text=text, **{name: fields[name] for name in Claim._fields[1:] if name in fields})


# What a claim holds when no reader fills a field (the rest have defaults of their own).
_DEFAULTS: dict[str, Any] = {
    "words": (),
    "amounts": (),
    "ranks": (),
    "times": (),
    "negated": False,
    "flow": None,
}
