"""Reading an English sentence for what `check` can compare: amounts, ranks, dates,
hedges, the direction of a flow, negation, and the words that say what it is about."""

import re
from typing import NamedTuple

from vnjp.model import When
from vnjp.text import fold
from vnjp.words import STOPWORDS, canonical_words

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
ORDINALS = {
    word: number
    for number, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1
    )
}
CARDINALS = {
    word: number
    for number, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), start=1
    )
}
_SCALES = {
    "trillion": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "thousand": 10**3,
    "k": 10**3,
}
# A hedge, the claim's or a fact file's qualifier, as one of the four ways it bounds
# a number.
HEDGES = {
    "over": "over",
    "more than": "over",
    "above": "over",
    "exceeding": "over",
    "at least": "over",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "under": "under",
    "less than": "under",
    "below": "under",
}
# Whitespace is taken only after a hedge or currency that is there: an optional part
# followed by `\s*` would make a long run of spaces quadratic to read.
_HEDGE = (
    r"(?:(?P<hedge>more than|at least|close to|less than|"
    + "|".join(sorted((h for h in HEDGES if " " not in h), key=len, reverse=True))
    + r")\s*)?"
)
# Digit runs of a sane length only, whole (never the start of a longer run): a figure
# has at most 30 digits and 20 decimals; longer runs are not read as figures, and
# Python's int() would refuse over 4,300 digits anyway.
_NUMBER = (
    r"(?<![\d.,])(?P<number>\d{1,3}(?:,\d{3}){1,10}(?:\.\d{1,20})?|\d{1,30}(?:\.\d{1,20})?)"
    r"(?![\d]|[.,]\d)"
)
_SCALE = r"(?:\s*(?P<scale>trillion|billion|million|thousand|bn|mn|b|m|k)\b)?"
_AMOUNT = re.compile(
    _HEDGE
    + r"(?:(?P<currency>us\s?\$|\$|usd)\s*)?"
    + _NUMBER
    + _SCALE
    + r"(?:\s*(?P<unit>%|percent\b|per cent\b|us dollars\b|dollars\b|usd\b))?",
)
_HALF = re.compile(_HEDGE + r"half a (?P<scale>million|billion)")
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")\b,?\s+(\d{4})\b"
)
_MONTH_DAY_YEAR = re.compile(
    r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"
)
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(?:of\s+)?(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_FIRST_MONTHS = re.compile(
    r"\bfirst\s+(\d{1,2}|" + "|".join(CARDINALS) + r")\s+months\s+(?:of\s+)?(\d{4})\b"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# What looks like a year but is none that can be compared: year 0, BC, negative.
_NOT_A_YEAR = re.compile(
    r"(?:\b(?:in|since|from|by|until|of|year)\s+(?P<zero>0\d{3})\b)"
    r"|(?P<bc>\b\d{1,4}\s*(?:bc|bce|b\.c\.)(?!\w))"
    r"|(?:\b(?:in|since|from|by|until|year)\s+(?P<negative>-\d{1,4})\b)"
)
# A claim is read up to this many characters: a sentence is far shorter, and reading
# stays fast (and linear) whatever is pasted.
MAX_CLAIM_CHARS = 10_000
_ORDINAL = r"(?P<ordinal>" + "|".join(ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))"
_ORDINAL_OR_NUMBER = r"(?P<ordinal>" + "|".join(ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th)?)"
_RANK_OF = r"(?:\s*(?:/|among|of|out of)\s*(?:the\s+)?(?P<of>\d{1,4})\b)?"
_RANK_PATTERNS = (
    re.compile(
        r"\b(?P<one_of>one of the\s+)?(?:" + _ORDINAL + r"[\s-]+)?(?:largest|biggest|leading|top)\b"
    ),
    re.compile(r"\brank(?:s|ed|ing)?\s+(?:no\.?\s*)?" + _ORDINAL_OR_NUMBER + _RANK_OF),
    re.compile(
        r"\b" + _ORDINAL + r"\s+(?:place\s+)?(?:among|of|out of)\s+(?:the\s+)?(?P<of>\d{1,4})\b"
    ),
    re.compile(r"\b(?P<ordinal>\d{1,2})\s*/\s*(?P<of>\d{1,4})\b"),
)
_COUNT = r"(?P<count>" + "|".join(CARDINALS) + r"|\d{1,4})"
_AMONG_TOP = re.compile(
    r"\bamong (?:the |its |their |\w+'s )?(?:top "
    + _COUNT
    + r"|"
    + _COUNT.replace("count", "count2")
    + r"\s+(?:largest|biggest))\b"
)
_NEGATION = re.compile(r"\b(?:not|never|no longer)\b|n't\b")
_COUNTRY_WORDS = {
    "vietnam": "VN",
    "viet nam": "VN",
    "vietnamese": "VN",
    "hanoi": "VN",
    "ha noi": "VN",
    "japan": "JP",
    "japanese": "JP",
    "tokyo": "JP",
}
_COUNTRY = r"(viet nam|vietnamese|vietnam|hanoi|ha noi|japanese|japan|tokyo)"
_TO = re.compile(r"\b(?:to|into|in)\s+" + _COUNTRY + r"\b")
_FROM = re.compile(r"\bfrom\s+" + _COUNTRY + r"\b")
_VISITED = re.compile(r"\bvisit(?:s|ed|ing)?\s+(?:to\s+)?" + _COUNTRY + r"\b")
_ADJECTIVE_FLOW = re.compile(
    r"\b"
    + _COUNTRY
    + r"(?:'s)?\s+(?:\w+\s+){0,2}?"
    + r"(fdi|investments?|invest|oda|aid|exports?|imports?|workers?|trainees?|projects?)\b"
)


# Words that carry a figure or a rank, not what the claim is about.
_NOT_TOPIC = frozenset(
    "largest leading top rank us dollar usd per cent percent half month way out among "
    "st nd rd th no place vietnam japan tokyo hanoi".split()
)


class Amount(NamedTuple):
    """A number as the claim writes it, in base units, with its hedge and precision."""

    value: float
    kind: str  # "money", "percent" or "number"
    hedge: str  # "", "about", "over", "nearly" or "under"
    precision: float  # half a unit of the last digit written
    text: str
    scaled: bool = False  # written with "million", "billion", ...

    def bounds(self) -> tuple[float, float]:
        return hedged_bounds(self.value, self.hedge, self.precision)


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


def hedged_bounds(value: float, hedge: str, precision: float) -> tuple[float, float]:
    """The range a hedged figure allows: within 10% on the hedge's side ("over 30" is
    30 to 33, "nearly 50" is 45 to 50), widened by the precision it is written to."""
    if hedge == "about":
        return (value * 0.9 - precision, value * 1.1 + precision)
    if hedge == "over":
        return (value, value * 1.1 + precision)
    if hedge == "nearly":
        return (value * 0.9 - precision, value + precision)
    if hedge == "under":
        return (value * 0.9 - precision, value)
    return (value - precision, value + precision)


def _precision(number: str, scale: int) -> float:
    decimals = len(number.partition(".")[2])
    return 0.5 * scale / float(10**decimals)


def parse_claim(text: str) -> Claim:
    """What can be compared in the first MAX_CLAIM_CHARS characters of `text`."""
    text = text[:MAX_CLAIM_CHARS]
    folded = fold(text).replace("\u2019", "'")
    taken: list[tuple[int, int]] = []  # spans already read, so not read again

    times = _times(folded, taken)
    ranks = _ranks(folded, taken)
    amounts = _amounts(folded, taken)
    # Years not yet read as part of a date or an amount.
    for match in _YEAR.finditer(folded):
        if _free(taken, *match.span()):
            times.append(TimeRef(When.parse(match.group(1)), match.group()))
            taken.append(match.span())
    # What the claim is about: its words, less those read as figures, ranks and dates.
    rest = list(folded)
    for start, end in taken:
        rest[start:end] = " " * (end - start)
    words = tuple(
        dict.fromkeys(
            word
            for word in canonical_words("".join(rest))
            if word not in STOPWORDS
            and not any(ch.isdigit() for ch in word)
            and word not in _NOT_TOPIC
        )
    )
    return Claim(
        text=text,
        words=words,
        amounts=tuple(amounts),
        ranks=tuple(ranks),
        times=tuple(times),
        negated=bool(_NEGATION.search(folded)),
        flow=_flow(folded),
        not_dates=tuple(match.group().strip() for match in _NOT_A_YEAR.finditer(folded)),
    )


def _times(folded: str, taken: list[tuple[int, int]]) -> list[TimeRef]:
    found: list[TimeRef] = []

    def add(match: re.Match[str], when: str) -> None:
        if not _free(taken, *match.span()):
            return
        try:
            found.append(TimeRef(When.parse(when), match.group()))
        except ValueError:
            return
        taken.append(match.span())

    for match in _FIRST_MONTHS.finditer(folded):
        count = match.group(1)
        months = int(count) if count.isdigit() else CARDINALS[count]
        if 1 <= months <= 12:
            add(match, f"{match.group(2)}-01/{match.group(2)}-{months:02d}")
    for match in _DAY_MONTH_YEAR.finditer(folded):
        day, month, year = match.groups()
        add(match, f"{year}-{MONTHS[month]:02d}-{int(day):02d}")
    for match in _MONTH_DAY_YEAR.finditer(folded):
        month, day, year = match.groups()
        add(match, f"{year}-{MONTHS[month]:02d}-{int(day):02d}")
    for match in _ISO_DATE.finditer(folded):
        add(match, match.group())
    for match in _MONTH_YEAR.finditer(folded):
        month, year = match.groups()
        add(match, f"{year}-{MONTHS[month]:02d}")
    return found


def _ordinal(text: str) -> int:
    return ORDINALS.get(text) or int(re.sub(r"\D", "", text))


def _ranks(folded: str, taken: list[tuple[int, int]]) -> list[Rank]:
    found: list[Rank] = []
    for match in _AMONG_TOP.finditer(folded):
        count = match.group("count") or match.group("count2")
        number = int(count) if count.isdigit() else CARDINALS[count]
        found.append(Rank(number, None, True, match.group().strip()))
        taken.append(match.span())
    for pattern in _RANK_PATTERNS:
        for match in pattern.finditer(folded):
            if not _free(taken, *match.span()):
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
            taken.append(match.span())
    return found


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in taken)


def _amounts(folded: str, taken: list[tuple[int, int]]) -> list[Amount]:
    found: list[Amount] = []

    for match in _HALF.finditer(folded):
        scale = _SCALES[match.group("scale")]
        hedge = HEDGES.get(match.group("hedge") or "", "")
        found.append(Amount(scale / 2, "number", hedge, scale / 20, match.group().strip(), True))
        taken.append(match.span())
    for match in _AMOUNT.finditer(folded):
        number = match.group("number")
        start, end = match.span("number")
        if not _free(taken, start, end):
            continue
        currency, unit, scale_word = (
            match.group("currency"),
            match.group("unit"),
            match.group("scale"),
        )
        plain = not currency and not unit and not scale_word
        if plain and ("," not in number and _YEAR.fullmatch(number)):
            continue  # a year
        if plain and "," not in number and "." not in number and int(number) < 10:
            continue  # "the 6th group", "9 months": small bare numbers are not figures
        scale = _SCALES[scale_word] if scale_word else 1
        value = float(number.replace(",", "")) * scale
        if unit in ("%", "percent", "per cent"):
            kind = "percent"
        elif currency or unit in ("us dollars", "dollars", "usd"):
            kind = "money"
        else:
            kind = "number"
        hedge = HEDGES.get(match.group("hedge") or "", "")
        precision = _precision(number.replace(",", ""), scale)
        found.append(
            Amount(value, kind, hedge, precision, match.group().strip(), scale_word is not None)
        )
        taken.append(match.span())
    return found


def _flow(folded: str) -> tuple[str, str] | None:
    """Which way a flow goes, when the claim says: "exports to Japan", "imports from
    Japan", "Japanese FDI in Vietnam", "Vietnam's investment in Japan"."""
    source = target = None
    if match := _FROM.search(folded):
        source = _COUNTRY_WORDS[match.group(1)]
    if match := _TO.search(folded) or _VISITED.search(folded):
        target = _COUNTRY_WORDS[match.group(1)]
    if source is None and (match := _ADJECTIVE_FLOW.search(folded)):
        owner, noun = _COUNTRY_WORDS[match.group(1)], match.group(2)
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
