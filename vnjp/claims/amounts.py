"""Figures as people write them, and the one rounding rule that says what a figure
stands for.

A figure is read with its hedge, currency and scale: "US$47.6 billion", "nearly
$50bn", "47,6 billion" (a decimal comma), "5.198 projects" (dot separators), "forty-two",
"half a million", "a quarter of", "between 40 and 45 billion", "JPY 13.5 billion".

The rounding rule (docs/claims.md) turns each into an interval:

- an unhedged figure stands for the interval its last stated digit implies:
  "47.6" is 47.55 to 47.65, "40" is 39.5 to 40.5;
- "about N" (around, approximately, roughly) is within N's rounding step on either
  side, the step being the place of N's last non-zero digit: "about 30" is between 20
  and 40, "about 2.9" between 2.8 and 3.0;
- "nearly N" (almost, close to) is just below N, within one step: "nearly 50" is 40 to
  under 50; "under N" (less than, below) the same;
- "over N" (more than, above, exceeding, at least) is just above N, within one step:
  "over 71.2" is above 71.2 up to 71.3;
- a range is its two ends.

A figure from a fact file is the point it gives when unhedged, and the same interval
when hedged. A claim's figure agrees with a fact's when the fact's figure lies in the
claim's interval, or the fact's interval lies inside it; it contradicts when the two
intervals do not meet; anything else is a claim more precise than the fact.
"""

import re
from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple

from vnjp.lexicon import lexicon
from vnjp.text import lazy


def _marker(spelling: str) -> str:
    """A currency's or unit's spelling as a pattern: spaces may be any run of one, a
    spelling ending in a letter must end a word."""
    pattern = re.escape(spelling).replace(r"\ ", r"\s?")
    return pattern + (r"\b" if spelling[-1].isalnum() else "")


def _markers(spellings: Iterable[str]) -> str:
    return "|".join(_marker(s) for s in sorted(spellings, key=len, reverse=True))


def currency_name(code: str) -> str:
    """The word reasons name a currency by: "yen" for JPY."""
    return lexicon().currency_names.get(code, code)


# Whitespace is taken only after a hedge or currency that is there: an optional part
# followed by `\s*` would make a long run of spaces quadratic to read.


def _hedge(name: str = "hedge") -> str:
    hedges = sorted(lexicon().hedges, key=len, reverse=True)
    return r"(?:(?P<" + name + ">" + "|".join(re.escape(h) for h in hedges) + r")\s*)?"


def hedge_kind(word: str | None) -> str:
    """How a hedge word bounds a figure ("over", "about", ...), or "" for none."""
    return lexicon().hedges.get(word or "", "")


def _scales() -> dict[str, int]:
    return lexicon().scales


# Digit runs of a sane length only, whole (never the start of a longer run): a figure
# has at most 30 digits and 20 decimals; longer runs are not read as figures, and
# Python's int() would refuse over 4,300 digits anyway.
_DIGITS = (
    r"\d{1,3}(?:,\d{3}){1,10}(?:\.\d{1,20})?"  # 5,198 and 1,234.5
    r"|\d{1,3}(?:\.\d{3}){1,10}"  # 5.198: dot separators (or a decimal, before a scale)
    r"|\d{1,30},\d{1,2}(?!\d)"  # 42,7: a decimal comma
    r"|\d{1,30}(?:\.\d{1,20})?"
)
_NUMBER = r"(?<![\d.,])(?P<number>" + _DIGITS + r")(?![\d]|[.,]\d)"


def _scale() -> str:
    return r"(?:\s*(?P<scale>" + "|".join(sorted(_scales(), key=len, reverse=True)) + r")\b)?"


def _currency_marker() -> str:
    return r"(?:(?P<currency>" + _markers(lexicon().currencies) + r")\s*)?"


def _unit() -> str:
    vocabulary = lexicon()
    return (
        r"(?:\s*(?P<unit>" + _markers([*vocabulary.percent_units, *vocabulary.currencies]) + r"))?"
    )


_AMOUNT = lazy(lambda: _hedge() + _currency_marker() + _NUMBER + _scale() + _unit())
_RANGE = lazy(
    lambda: (
        r"(?:(?P<between>between)\s+|\bfrom\s+)?"
        + _currency_marker()
        + r"(?<![\d.,])(?P<low>"
        + _DIGITS
        + r")(?![\d]|[.,]\d)(?:\s*(?P<low_scale>billion|million|bn|mn))?"
        + r"\s*(?P<joint>-|\u2013|to\b|and\b)\s*"
        + r"(?:"
        + _markers(s for s, code in lexicon().currencies.items() if code == "USD")
        + r")?\s*"
        + r"(?<![\d.,])(?P<high>"
        + _DIGITS
        + r")(?![\d]|[.,]\d)"
        + _scale()
        + _unit()
    )
)


def word_values() -> dict[str, int]:
    """Each number word to its value: "seven" 7, "forty" 40."""
    vocabulary = lexicon()
    values = {word: number for number, word in enumerate(vocabulary.units)}
    values.update({word: 10 * number for number, word in enumerate(vocabulary.tens, start=2)})
    return values


def _small() -> str:
    """A number under a hundred in words: "forty-two", "seven", "nineteen"."""
    units, tens = lexicon().units, lexicon().tens
    small = r"(?:(?:" + "|".join(tens) + r")(?:[-\s](?:" + "|".join(units[1:10])
    return small + r"))?|" + "|".join(sorted(units, key=len, reverse=True)) + r")"


_WORD_NUMBER = lazy(
    lambda: (
        r"\b"
        + _hedge()
        + r"(?P<words>(?:(?:a|one|two|three|four|five|six|seven|eight|nine)\s+hundred"
        + r"(?:\s+(?:and\s+)?"
        + _small()
        + r")?)|"
        + _small()
        + r"|a|half a)\s+(?P<scale>hundred|thousand|million|billion|trillion)\b"
        + _unit()
        + r"|\b"
        + _hedge("plain_hedge")
        + r"(?P<plain>"
        + _small()
        + r")(?:\s*(?P<plain_unit>percent\b|per cent\b))?(?=[\s,.;:)]|$)"
    )
)
_FRACTION = lazy(
    lambda: (
        r"\b"
        + _hedge()
        + r"(?P<fraction>"
        + "|".join(re.escape(f) for f in sorted(lexicon().fractions, key=len, reverse=True))
        + r")\s+of\b"
    )
)
_YEAR = lazy(r"(?:1[89]\d\d|20\d\d)")


class Amount(NamedTuple):
    """A figure as the claim writes it, in base units, with the interval it stands
    for under the rounding rule."""

    value: float
    kind: str  # "money", "percent" or "number"
    currency: str  # "USD", "JPY", ... for money; "" otherwise
    hedge: str  # "", "about", "over", "nearly", "under" or "range"
    low: float
    high: float
    text: str
    scaled: bool = False  # written with "million", "billion", ...

    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)


def rounding_step(value: float) -> float:
    """The place of the last non-zero digit of `value`: 29.3e9 -> 1e8, 500000 -> 1e5."""
    if value == 0:
        return 1.0
    mantissa, _, exponent = f"{abs(value):.12e}".partition("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    return float(10 ** (int(exponent) - (len(digits) - 1)))


def interval(value: float, hedge: str, stated: float, step: float) -> tuple[float, float]:
    """What a figure stands for under the rounding rule; `stated` is the unit of its
    last written digit, `step` the place of its last non-zero one."""
    tiny = step * 1e-9
    if hedge == "exact":
        return (value, value)
    if hedge == "about":
        return (value - step + tiny, value + step - tiny)
    if hedge in ("nearly", "under"):
        return (value - step, value - tiny)
    if hedge == "over":
        return (value + tiny, value + step)
    return (value - stated / 2, value + stated / 2)


def fact_interval(value: float, qualifier: str) -> tuple[float, float]:
    """A fact file's figure: the point it gives, or its hedged interval."""
    hedge = hedge_kind(qualifier)
    if not hedge:
        return (value, value)
    step = rounding_step(value)
    return interval(value, hedge, step, step)


class Status(str, Enum):
    """How an element of a claim compares with a record: the one vocabulary of the
    engine, from a figure's rounding rule up to a verdict."""

    NONE = "none"  # the claim or the record says nothing to compare
    MATCH = "match"
    CONFLICT = "conflict"
    UNSETTLED = "unsettled"  # the claim is more precise than the record


def compare(amount: Amount, value: float, qualifier: str) -> Status:
    """MATCH, CONFLICT or UNSETTLED (the claim is finer than the fact)."""
    low, high = amount.bounds()
    fact_low, fact_high = fact_interval(value, qualifier)
    # "Exactly N" is not confirmed by "about N": only an unhedged N is N exactly.
    nominal_inside = low <= value <= high and not (fact_high < low or fact_low > high)
    nominal_inside = nominal_inside and not (amount.hedge == "exact" and hedge_kind(qualifier))
    if nominal_inside or (low <= fact_low and fact_high <= high):
        return Status.MATCH
    if fact_high < low or fact_low > high:
        return Status.CONFLICT
    return Status.UNSETTLED


def _steps(number: str, scale: float) -> tuple[float, float]:
    """The unit of the last written digit and the place of the last non-zero one."""
    whole, _, decimals = number.partition(".")
    stated = scale / float(10 ** len(decimals))
    if decimals:
        return stated, stated
    zeros = len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
    return stated, stated * 10**zeros


def _normalise(number: str, scaled: bool) -> str:
    """Digits as Python reads them: thousands separators dropped, a decimal comma
    made a point; "5.198" is a count unless a scale follows ("1.395 billion")."""
    if "," in number and "." not in number and len(number.rpartition(",")[2]) < 3:
        return number.replace(",", ".")
    if number.count(".") >= 1 and "," not in number:
        head, _, tail = number.partition(".")
        if len(tail) == 3 and "." not in tail and not scaled:
            return head + tail
        if number.count(".") > 1:
            return number.replace(".", "")
    return number.replace(",", "")


def _currency(marker: str | None) -> str:
    """The code of a currency as written ("us$" USD, "yen" JPY), or "" for none."""
    if not marker:
        return ""
    currencies = lexicon().currencies
    marker = " ".join(marker.split())
    return currencies.get(marker) or currencies.get(marker.replace(" ", ""), "USD")


def _kind(currency: str, unit: str | None) -> tuple[str, str]:
    if unit and " ".join(unit.split()) in lexicon().percent_units:
        return "percent", ""
    unit_currency = _currency(unit) if unit else ""
    if currency or unit_currency:
        return "money", currency or unit_currency
    return "number", ""


class Taken:
    """The parts of a text already read. A mark a character, so that asking whether a
    span is free costs its length, not the number of spans read (which made reading
    100,000 characters of "3/" quadratic)."""

    def __init__(self, length: int) -> None:
        self.marks = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        """Whether the span start-end overlaps none already read."""
        if start == end:  # an empty span is taken only strictly inside a read one
            return not (0 < start < len(self.marks) and self.marks[start - 1] and self.marks[start])
        return self.marks.find(1, start, end) == -1

    def add(self, start: int, end: int) -> None:
        self.marks[start:end] = b"\x01" * (end - start)

    def blanked(self, text: str) -> str:
        """`text` with every character read made a space."""
        return "".join(" " if mark else char for char, mark in zip(text, self.marks, strict=True))


def read_amounts(folded: str, taken: Taken | None = None) -> list[Amount]:
    """Every figure in `folded` text outside the spans already `taken` (none if not
    given), in the order written; the spans read are added to `taken`. A pattern that
    cannot match (no digit, no number word) is not even compiled: start-up time counts
    on every run."""
    if taken is None:
        taken = Taken(len(folded))
    found: list[tuple[int, Amount]] = []
    digits = any(digit in folded for digit in "0123456789")
    if digits and any(joint in folded for joint in ("-", "\u2013", " to ", "between")):
        _read_ranges(folded, taken, found)
    if any(fraction.split()[-1] in folded for fraction in lexicon().fractions):
        _read_fractions(folded, taken, found)
    tokens = set(folded.replace("-", " ").split())
    percent = "percent" in folded or "per cent" in folded
    values = word_values()
    big_words = {word for word, value in values.items() if value >= 10} | _SCALE_WORDS
    if not tokens.isdisjoint(big_words) or (percent and not tokens.isdisjoint(values)):
        _read_word_numbers(folded, taken, found)
    if digits:
        _read_digits(folded, taken, found)
    return [amount for _, amount in sorted(found, key=lambda pair: pair[0])]


# With a number word of ten or more, the words a figure written in words has at least
# one of; "one", "two" alone are no figures unless a percentage.
_SCALE_WORDS = frozenset(["hundred", "thousand", "million", "billion", "trillion"])
Found = list[tuple[int, Amount]]


def _add(found: Found, taken: Taken, match: re.Match[str], amount: Amount) -> None:
    found.append((match.start(), amount))
    taken.add(*match.span())


def _read_ranges(folded: str, taken: Taken, found: Found) -> None:
    for match in _RANGE.finditer(folded):
        if not taken.free(*match.span()) or (
            match.group("joint") == "and" and not match.group("between")
        ):
            continue
        low_text, high_text = match.group("low"), match.group("high")
        plain = not (match.group("currency") or match.group("scale") or match.group("unit"))
        if plain and (_YEAR.fullmatch(low_text) or _YEAR.fullmatch(high_text)):
            continue  # "2020-2021" is a period
        scale_word = match.group("scale")
        scales = _scales()
        scale = scales[scale_word] if scale_word else 1
        low_scale = scales[match.group("low_scale")] if match.group("low_scale") else scale
        low = float(_normalise(low_text, scale_word is not None)) * low_scale
        high = float(_normalise(high_text, scale_word is not None)) * scale
        if low >= high:
            continue
        kind, currency = _kind(_currency(match.group("currency")), match.group("unit"))
        text = match.group().strip()
        amount = Amount((low + high) / 2, kind, currency, "range", low, high, text, True)
        _add(found, taken, match, amount)


def _read_fractions(folded: str, taken: Taken, found: Found) -> None:
    for match in _FRACTION.finditer(folded):
        if taken.free(*match.span()):
            value = lexicon().fractions[match.group("fraction")]
            hedge = hedge_kind(match.group("hedge"))
            low, high = interval(value, hedge, 1.0, 5.0)
            amount = Amount(value, "percent", "", hedge, low, high, match.group().strip())
            _add(found, taken, match, amount)


def _read_word_numbers(folded: str, taken: Taken, found: Found) -> None:
    for match in _WORD_NUMBER.finditer(folded):
        if not taken.free(*match.span()):
            continue
        hedge = hedge_kind(match.group("hedge") or match.group("plain_hedge"))
        if match.group("plain"):
            value = float(_word_value(match.group("plain")))
            if value < 10 and not match.group("plain_unit"):
                continue  # "two countries", "three largest": words, not figures
            kind = "percent" if match.group("plain_unit") else "number"
            step = 1.0 if value % 10 else 10.0
            low, high = interval(value, hedge, 1.0, step)
            amount = Amount(value, kind, "", hedge, low, high, match.group().strip())
            _add(found, taken, match, amount)
            continue
        words, scale = match.group("words"), _scales().get(match.group("scale"), 100)
        count = 0.5 if words == "half a" else 1.0 if words == "a" else _word_value(words)
        value = float(count * scale)
        step = scale / 10 if words == "half a" else float(scale)
        kind, currency = _kind("", match.group("unit"))
        low, high = interval(value, hedge, step, step)
        text = match.group().strip()
        _add(found, taken, match, Amount(value, kind, currency, hedge, low, high, text, True))


def _read_digits(folded: str, taken: Taken, found: Found) -> None:
    for match in _AMOUNT.finditer(folded):
        number = match.group("number")
        start, end = match.span("number")
        if not taken.free(start, end):
            continue
        marker, unit, scale_word = (
            match.group("currency"),
            match.group("unit"),
            match.group("scale"),
        )
        plain = not marker and not unit and not scale_word
        if plain and _YEAR.fullmatch(number):
            continue  # a year
        digits = _normalise(number, scale_word is not None)
        if plain and "." not in digits and int(digits) < 10:
            continue  # "the 6th group", "9 months": small bare numbers are not figures
        scale = _scales()[scale_word] if scale_word else 1
        value = float(digits) * scale
        kind, currency = _kind(_currency(marker), unit)
        hedge = hedge_kind(match.group("hedge"))
        stated, step = _steps(digits, scale)
        low, high = interval(value, hedge, stated, step)
        text = match.group().strip()
        amount = Amount(value, kind, currency, hedge, low, high, text, scale_word is not None)
        _add(found, taken, match, amount)


def _word_value(words: str) -> int:
    total = 0
    for word in re.split(r"[\s-]+", words):
        if word == "hundred":
            total = max(total, 1) * 100
        elif word in ("a", "and"):
            total += 1 if word == "a" else 0
        else:
            total += word_values()[word]
    return total
