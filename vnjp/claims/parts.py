"""A sentence in parts: who said it and why set aside, clauses and lists split, and
what each part takes from the parts before it."""

import itertools
import re
from typing import NamedTuple

from vnjp.claims import reading
from vnjp.claims.reading import (
    RANKED_AFTER,
    Claim,
    after_words,
    alternation,
    parse_claim,
)
from vnjp.lexicon import lexicon
from vnjp.model import When
from vnjp.text import fold, lazy

# -- a sentence in parts ---------------------------------------------------------

# Who said it is not what is claimed: "X said (that) ...", "..., he said",
# "according to X, ...".


def _said_words() -> tuple[str, ...]:
    """Words every attribution has one of: a verb of saying, or "according" (as
    "ccording", to find "According" too in the unfolded text)."""
    return (*lexicon().words("attribution", "verbs"), "ccording")


def _purpose_phrases() -> tuple[str, ...]:
    return tuple(lexicon().words("purpose", "phrases"))


def _said() -> str:
    """A verb of saying; "told" takes whom it told ("told reporters")."""
    verbs = sorted(lexicon().words("attribution", "verbs"), key=len, reverse=True)
    return "(?:" + "|".join(v + r" [\w\s]{1,40}?" if v == "told" else v for v in verbs) + ")"


_LEADING_ATTRIBUTION = lazy(
    lambda: (
        r"^(?:[A-Z][\w'\u2019.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'\u2019.-]*){0,8}"
        r"(?:,[^,;]{1,150}){0,4},?|"
        r"(?:he|she|they|the (?:ministry|minister|official|ambassador|report|agency|data)))"
        r"\s+" + _said() + r"\s+(?:that\s+)?"
    )
)
_TRAILING_ATTRIBUTION = lazy(
    lambda: (
        r",\s*(?:(?:he|she|they|it)\s+" + _said() + r"|" + _said() + r"\s+[\w\s.'\u2019-]{1,80}?|"
        r"according to [^,.;]{1,120}?)\s*(?=[.!?]?\s*$)"
    )
)
_ACCORDING_TO = lazy(r"(?:^|,\s*)according to [^,;]{1,120}(?:,\s*|(?=[.!?]?\s*$))", re.I)


def without_attribution(text: str) -> str:
    """The sentence less who said it: "Ambassador X said trade rose" -> "trade rose"."""
    text = text.strip()
    if not any(word in text for word in _said_words()):
        return text
    text = _TRAILING_ATTRIBUTION.sub("", text)
    # ", according to X," inside a sentence leaves a space; at either end, nothing.
    text = _ACCORDING_TO.sub(lambda m: " " if m.start() and m.end() < len(text) else "", text)
    match = _LEADING_ATTRIBUTION.match(text)
    if match and len(text) - match.end() > 20:
        rest = text[match.end() :]
        text = rest[:1].upper() + rest[1:]
    return text.strip(" ,")


# Where a sentence may break into parts: between clauses and list items.
_BREAKS = lazy(
    r"\s*;\s*|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+|,\s+(?=of which\b)"
    r"|,\s+(?!\d{4}\b)|\s+and\s+(?!\d)"
    # "US$71.3 billion with 5,198 valid projects": another figure, another part.
    r"|\s+with\s+(?=(?:[a-z][\w-]*\s+){0,5}(?:(?:about|around|over|nearly|more than|"
    r"almost|some)\s+)?(?:us\s?\$|\$)?\s?\d)"
    # "from 'X' in 2002 to 'Y' in 2009": a framework named in quotes, then the next.
    r"|\s+to\s+(?=(?:an?\s+|the\s+)?[\"\u201c])"
)


_QUOTED = lazy(r'"[^"]{1,300}"|\u201c[^\u201d]{1,300}\u201d')


class Part(NamedTuple):
    """One checkable part of a sentence, and what it carries over from the parts
    before it: the topic when it names none ("..., in 2021 reached US$42.7 billion")
    and the date when it gives none ("..., of which exports reached US$17.2 billion")."""

    text: str
    claim: Claim
    # The part less the clauses that name nothing and state nothing ("contributing to
    # ..."): what is checked when the whole part is about nothing the pack knows.
    core: Claim | None = None


def anchored(claim: Claim) -> bool:
    """Whether a claim states something to compare: a figure, a rank or a date."""
    return bool(
        claim.amounts or claim.ranks or claim.times or claim.not_dates or claim.foreign_money
    )


class _Pieces(NamedTuple):
    """A sentence cut at every possible break: the pieces, the separator before each
    but the first, and each piece read."""

    texts: list[str]
    separators: list[str]
    claims: list[Claim]

    def joined(self, indices: list[int]) -> str:
        return _joined(self.texts, self.separators, indices)


def split_parts(text: str) -> list[Part]:
    """A sentence's checkable parts: each figure, rank, date-bound statement and named
    event with the words around it. A lead-in with nothing to check ("In 2023,") joins
    the part after it; a later clause with nothing to check joins the part before it,
    as commentary when it names no one and nothing ("contributing to ..."). A sentence
    with nothing to check is one part."""
    text = _what_is_claimed(text[: reading.MAX_CLAIM_CHARS])
    text, dated = _dated_clauses(text)
    if dated:
        return [*split_parts(text), *(Part(clause, parse_claim(clause)) for clause in dated)]
    pieces = _cut(text)
    groups, commentary = _grouped(pieces)
    parts, clauses = _parts(pieces, groups, commentary)
    if len(parts) > 1 and not all(anchored(part.claim) for part in parts):
        return [Part(text, parse_claim(text))]
    parts = _topic_forward(_dated_backward(parts, clauses))
    return _trend_along(parts) or [Part(text, parse_claim(text))]


def _dated_clauses(text: str) -> tuple[str, list[str]]:
    """The sentence less its clauses that date an event of their own ("... since he
    took office in October 2021"), and those clauses: each is a part of its own, and
    its date is not the main clause's."""
    if not _CONJUNCTIONS.search(text):
        return text, []
    clauses = [match.group("clause").strip(" ,.") for match in _DATED_CLAUSE.finditer(text)]
    return _DATED_CLAUSE.sub("", text).strip(" ,"), clauses


def _what_is_claimed(text: str) -> str:
    """The sentence less who said it and why it was done."""
    text = without_attribution(text)
    if any(phrase in text for phrase in _purpose_phrases()):
        text = _PURPOSE.sub("", text).strip()
    return text


def _cut(text: str) -> _Pieces:
    """The sentence cut at each break outside quotes, brackets and a ranking's list."""
    protected = [m.span() for m in _QUOTED.finditer(text)]
    protected += [m.span() for m in _PARENTHESES.finditer(text)]
    protected += [m.span() for m in _UNBROKEN.finditer(text)]
    if " and " in text:
        protected += [m.span() for m in _NAMES_JOINED.finditer(text)]
        protected += [m.span() for m in _WORD_LIST.finditer(text)]
    if any(word in text.lower() for word in after_words()):
        # Matched on the text itself: lower-casing may change its length.
        protected += [m.span() for m in _RANKED_AFTER_TEXT.finditer(text)]
    texts: list[str] = []
    separators: list[str] = []
    position = 0
    for match in _BREAKS.finditer(text):
        if any(start < match.start() < end for start, end in protected):
            continue
        texts.append(text[position : match.start()])
        separators.append(match.group())
        position = match.end()
    texts.append(text[position:])
    return _Pieces(texts, separators, [parse_claim(piece) for piece in texts])


def _grouped(pieces: _Pieces) -> tuple[list[list[int]], set[int]]:
    """Pieces grouped into parts, each group's first piece the one that checks; and
    the pieces that are commentary (clauses that name nothing and state nothing)."""
    groups: list[list[int]] = []
    commentary: set[int] = set()
    pending: list[int] = []  # lead-in pieces, joined to the first piece that checks
    for index, claim in enumerate(pieces.claims):
        lead_in = not (claim.amounts or claim.ranks) and claim.times and not claim.words
        if anchored(claim) and not lead_in:
            groups.append([*pending, index])
            pending = []
        elif not groups:
            pending.append(index)
        elif pieces.separators[index - 1].strip() == "and" and _ranks_only(
            pieces.claims[groups[-1][-1]]
        ):
            groups.append([index])  # "third in investment and tourism": a rank shared
        else:
            groups[-1].append(index)
            if not _names_something(pieces.texts[index]):
                commentary.add(index)
    if pending:
        groups.append(pending)
    return groups, commentary


def _parts(
    pieces: _Pieces, groups: list[list[int]], commentary: set[int]
) -> tuple[list[Part], list[int]]:
    """Each group as a part, with what it carries over from the parts before it; and
    which clause each part is in (dates hold within one)."""
    parts: list[Part] = []
    clauses: list[int] = []
    for group in groups:
        piece = pieces.joined(group)
        if not piece:
            continue
        # A part of one piece was read already, unless trimming changed its text.
        read_already = len(group) == 1 and piece == pieces.texts[group[0]]
        claim = pieces.claims[group[0]] if read_already else parse_claim(piece)
        core_indices = [index for index in group if index not in commentary]
        core = parse_claim(pieces.joined(core_indices)) if core_indices != group else None
        new_clause = group[0] > 0 and bool(_CLAUSE_BREAK.match(pieces.separators[group[0] - 1]))
        clauses.append((clauses[-1] if clauses else 0) + new_clause)
        if parts:
            same = clauses[-1] == clauses[-2]
            claim = _carry_over(parts[0].claim, parts[-1].claim, claim, same_clause=same)
            core = core and _carry_over(parts[0].claim, parts[-1].claim, core, same_clause=same)
        parts.append(Part(piece, claim, core))
    return parts, clauses


# Where one clause ends and another begins; a list's items and a "with" phrase stay
# in their clause, and so under its date.
_CLAUSE_BREAK = lazy(r"\s*;|,\s+(?:and|but|while|whereas)\s|\s+(?:while|whereas)\s")


def _dated_backward(parts: list[Part], clauses: list[int]) -> list[Part]:
    """A date that closes a clause ("..., with 5,143 projects and over $71.2 billion
    as of July 2023") holds for the parts of that clause before it that give none,
    unless they speak in the present tense."""
    dated = [part.claim.times for part in parts]
    for index in range(len(parts) - 2, -1, -1):
        part = parts[index]
        if clauses[index] != clauses[index + 1]:
            continue
        if not dated[index] and dated[index + 1] and not _PRESENT.search(fold(part.text)):
            dated[index] = dated[index + 1]
            core = part.core and part.core._replace(times=dated[index])
            parts[index] = Part(part.text, part.claim._replace(times=dated[index]), core)
    return parts


def _topic_forward(parts: list[Part]) -> list[Part]:
    """A first part that names no topic takes that of the first part after it that
    does: "There are nearly 500,000 Vietnamese in Japan, making them the second largest
    foreign community there" counts the community."""
    if len(parts) < 2 or parts[0].claim.words:
        return parts
    words = next((p.claim.words for p in parts[1:] if p.claim.words), ())
    first = parts[0]
    core = first.core and first.core._replace(words=first.core.words or words)
    return [Part(first.text, first.claim._replace(words=words), core), *parts[1:]]


def _trend_along(parts: list[Part]) -> list[Part]:
    """A trend said once of a list of dated levels ("has been increasing to reach $40
    billion in 2020, $42.7 billion in 2021 and $47.6 billion in 2022") holds between its
    items: each level is compared with the one before it, and the first with the level
    before it when the pack has one, else it is where the series starts."""
    first = parts[0].claim if parts else None
    if first is None or first.trend is None or len(parts) < 2 or not first.times:
        return parts
    rest = parts[1:]
    if not all(p.claim.amounts and p.claim.times and p.claim.trend is None for p in rest):
        return parts
    along = [_with_trend(parts[0], first.trend, first.baseline, opens=True)]
    for before, part in itertools.pairwise(parts):
        along.append(_with_trend(part, first.trend, before.claim.times[0].when))
    return along


def _with_trend(
    part: Part, trend: str | None, baseline: When | None, *, opens: bool = False
) -> Part:
    def changed(claim: Claim) -> Claim:
        return claim._replace(trend=trend, baseline=baseline, opens_series=opens)

    return Part(part.text, changed(part.claim), part.core and changed(part.core))


def _joined(pieces: list[str], separators: list[str], indices: list[int]) -> str:
    text = pieces[indices[0]] if indices else ""
    for before, index in itertools.pairwise(indices):
        text += (separators[index - 1] if index == before + 1 else ", ") + pieces[index]
    return text.strip(" ,;")


# Why something was done is no fact to check: "..., with the expectation that ...".
_PURPOSE = lazy(
    lambda: r",?\s+(?:" + alternation(_purpose_phrases()) + r")\b[^;]{0,2000}?(?=;|[.!?]?\s*$)"
)
_UNBROKEN = lazy(
    lambda: r"\b(?:" + alternation(lexicon().words("unbroken", "phrases")) + r")\b", re.IGNORECASE
)
# A clause with a pronoun for its subject and a year of its own: "since he took office
# in October 2021", "since it resumed official development assistance in 1991".
_CONJUNCTIONS = lazy(r"\b(?:since|after|before|when|until) (?:he|she|they|it|we)\b")
_DATED_CLAUSE = lazy(
    r",?\s+\b(?:since|after|before|when|until)\s+"
    # The clause may give its date after a comma: "..., on September 21, 1973".
    r"(?P<clause>(?:he|she|they|it|we)\s(?:[^,;.]|,\s(?=(?:on|in)\s)|,(?=\s\d)){0,120}?"
    r"\b(?:1[89]|20)\d\d\b[^,;]{0,60}?)(?=[,;.]|$)"
)
_PARENTHESES = lazy(r"\([^()]{0,300}\)")
# "Pham Minh Chinh and Kishida Fumio", "Japan and Vietnam": two names joined are the
# subject or object of one clause, not two clauses.
_NAMES_JOINED = lazy(r"\b[A-Z][\w'\u2019-]*\s+and\s+[A-Z]")
# "economic, trade, investment, tourism and labour partner": a list of single words is
# one thing said of each, not a clause and its commentary.
_WORD_LIST = lazy(r"\b[a-z]+(?:,\s+[a-z]+)+,?\s+and\s+[a-z]+\b")
_RANKED_AFTER_TEXT = lazy(lambda: RANKED_AFTER.pattern, re.IGNORECASE)
_CAPITALISED = lazy(r"\b[A-Z][\w'\u2019-]*")


def _ranks_only(claim: Claim) -> bool:
    return bool(claim.ranks) and not claim.amounts


def _names_something(piece: str) -> bool:
    """Whether a clause with no figure, rank or date names someone or something (a
    capitalised name): such a clause is part of the claim; one that names nothing is
    the writer's commentary."""
    words = (
        word.removesuffix("'s").removesuffix("\u2019s") for word in _CAPITALISED.findall(piece)
    )
    unremarkable = lexicon().unremarkable
    return any(fold(word) not in unremarkable for word in words)


def _carry_over(first: Claim, before: Claim, claim: Claim, *, same_clause: bool) -> Claim:
    """What a part takes from those before: the sentence's topic if it names none, the
    date before it in its clause if it gives none, and the rank it shares ("third
    largest investor and tourism partner")."""
    if not claim.words:
        claim = claim._replace(words=first.words or before.words)
    present = _PRESENT.search(fold(claim.text))
    if not claim.times and before.times and same_clause and not present:
        claim = claim._replace(times=before.times)
    if not claim.ranks and not claim.amounts and before.ranks and not claim.times:
        claim = claim._replace(ranks=before.ranks)
    if claim.flow is None and before.flow is not None and not claim.words:
        claim = claim._replace(flow=before.flow)
    return claim


_PRESENT = lazy(lambda: r"\b(?:" + alternation(lexicon().words("present")) + r")\b")


def as_written(text: str, fragment: str) -> str:
    """A fragment read from the folded text, as the claim writes it ("September 21,
    1973", not "september 21, 1973"), where folding kept every character in place."""
    folded = fold(text).replace("\u2019", "'")
    at = folded.find(fragment)
    if at < 0 or len(folded) != len(text):
        return fragment
    return text[at : at + len(fragment)]
