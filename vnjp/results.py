"""What questions return: results that every renderer draws through one protocol.

A `Result` knows its records, their rows in the documented JSON shape, the sources
they cite, the exit status it means, and what to say when it is empty. The json,
jsonl, csv and markdown renderers need nothing else; only the table renderer lays
out each kind of result its own way.
"""

import datetime
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

from vnjp.codec import (
    EVENT_FIELDS,
    OBSERVATION_FIELDS,
    SOURCE_FIELDS,
    STAT_KEY_FIELDS,
    VISIT_FIELDS,
    JSONDict,
    fact_json,
    source_json,
    stat_key_json,
    with_score,
)
from vnjp.errors import ExitStatus, UnknownNameError, UsageError
from vnjp.model import (
    Event,
    Fact,
    Observation,
    PartialDate,
    RecordCount,
    Source,
    StatKey,
    Visit,
)
from vnjp.text import closest, shorten


class Slotted:
    """A class of named fields held in `__slots__`, compared and shown by them, as a
    NamedTuple is, but cheaper to create at start-up and able to share a base."""

    __slots__ = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _slot_names(type(self)))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Slotted)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        pairs = zip(_slot_names(type(self)), self._values(), strict=True)
        return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in pairs)})"


def _slot_names(kind: type) -> tuple[str, ...]:
    """The fields a class holds: its classes' slots, the base's first."""
    return tuple(
        name for klass in reversed(kind.__mro__) for name in getattr(klass, "__slots__", ())
    )


class Result(Slotted):
    """The one interface between questions and renderers, and what most results share:
    a result of records (events, visits, figures) lists their rows and sources, exits 0
    when it found some, and prints its rows as a JSON array. A result overrides only
    what differs; `__slots__` everywhere, as every class made costs start-up time."""

    __slots__ = ()
    records: Sequence[Any]

    def rows(self) -> list[JSONDict]:
        """Each record in the documented JSON shape (`vnjp schema`)."""
        return [fact_json(record) for record in self.records]

    def fields(self) -> tuple[str, ...]:
        """The documented fields of its rows, in order: a CSV header, even with no rows."""
        raise NotImplementedError

    def cited(self) -> list[Source]:
        """Every source the records cite, once, in id order."""
        return _fact_sources(self.records)

    def status(self) -> ExitStatus:
        """How vnjp exits after printing this result."""
        return ExitStatus.OK if self.records else ExitStatus.NOTHING_FOUND

    def nothing_found(self) -> str:
        """What to say on stderr when there are no records."""
        raise NotImplementedError

    def document(self) -> object:
        """What `--json` prints: the rows as an array (a review: its summary and rows)."""
        return self.rows()


def _union(*field_lists: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for names in field_lists for name in names))


def _cited(sources: Iterable[Source]) -> list[Source]:
    unique = {source.id: source for source in sources}
    return [unique[key] for key in sorted(unique)]


def _fact_sources(records: Iterable[Fact]) -> list[Source]:
    return _cited(source for record in records for source in record.sources)


class Timeline(Result):
    """Events and visits in date order, undated events last."""

    __slots__ = ("records",)

    def __init__(self, records: tuple[Event | Visit, ...]) -> None:
        self.records: tuple[Event | Visit, ...] = records

    def fields(self) -> tuple[str, ...]:
        return _union(EVENT_FIELDS, VISIT_FIELDS)

    def nothing_found(self) -> str:
        return "no event matches these filters"


class Visits(Result):
    """Leader visits in date order."""

    __slots__ = ("records", "suggestion")

    def __init__(self, records: tuple[Visit, ...], suggestion: str | None = None) -> None:
        self.records: tuple[Visit, ...] = records
        # A name to suggest when a --person matched nobody.
        self.suggestion = suggestion

    def fields(self) -> tuple[str, ...]:
        return VISIT_FIELDS

    def nothing_found(self) -> str:
        hint = f"; did you mean --person {self.suggestion!r}?" if self.suggestion else ""
        return f"no visit matches these filters{hint}"


class StatSummary(Slotted):
    """A statistic and how many observations it has."""

    __slots__ = ("key", "observations")

    def __init__(self, key: StatKey, observations: int) -> None:
        self.key = key
        self.observations = observations


class StatKeys(Result):
    """Every statistic of the pack."""

    __slots__ = ("records",)

    def __init__(self, records: tuple[StatSummary, ...]) -> None:
        self.records: tuple[StatSummary, ...] = records

    def fields(self) -> tuple[str, ...]:
        return STAT_KEY_FIELDS

    def rows(self) -> list[JSONDict]:
        return [stat_key_json(s.key, s.observations) for s in self.records]

    def cited(self) -> list[Source]:
        return []

    def nothing_found(self) -> str:
        return "the fact pack has no statistics"


class YearPoint(Slotted):
    """One whole year's value of a yearly series."""

    __slots__ = ("value", "year")

    def __init__(self, year: int, value: int | float) -> None:
        self.year = year
        self.value = value


class YearlySeries(Slotted):
    """Values of one metric and unit for whole years, for a bar chart."""

    __slots__ = ("metric", "points", "unit")

    def __init__(self, metric: str, unit: str, points: tuple[YearPoint, ...]) -> None:
        self.metric = metric
        self.unit = unit
        self.points = points


class Stat(Result):
    """Every observation of one statistic, by date."""

    __slots__ = ("key", "records", "series")

    def __init__(
        self, key: StatKey, records: tuple[Observation, ...], series: YearlySeries | None
    ) -> None:
        self.key = key
        self.records: tuple[Observation, ...] = records
        # A yearly series (same metric and unit, one whole year each), for a chart.
        self.series = series

    def fields(self) -> tuple[str, ...]:
        return OBSERVATION_FIELDS

    def nothing_found(self) -> str:
        return f"the statistic {self.key.key!r} has no figures"


class SourceSummary(Slotted):
    """A source and how many records cite it."""

    __slots__ = ("records", "source")

    def __init__(self, source: Source, records: int) -> None:
        self.source = source
        self.records = records


class Sources(Result):
    """The sources, and the date the pack is current to (the latest published)."""

    __slots__ = ("counted", "current_to", "records")

    def __init__(
        self,
        records: tuple[SourceSummary, ...],
        current_to: PartialDate | None,
        counted: RecordCount | None = None,
    ) -> None:
        self.records: tuple[SourceSummary, ...] = records
        self.current_to = current_to
        # The records of the whole pack, as validate and export count them.
        self.counted = counted

    def fields(self) -> tuple[str, ...]:
        return SOURCE_FIELDS

    def rows(self) -> list[JSONDict]:
        return [source_json(s.source, s.records) for s in self.records]

    def cited(self) -> list[Source]:
        return _cited(s.source for s in self.records)

    def nothing_found(self) -> str:
        return "the fact pack has no sources"


SearchRecord = Event | Visit | Observation | SourceSummary


class SearchHit(Slotted):
    """A record that matched a search, its score, and the words it matched."""

    __slots__ = ("record", "score", "terms")

    def __init__(self, record: SearchRecord, score: float, terms: tuple[str, ...]) -> None:
        self.record = record
        self.score = score
        # The query's words (canonical) that this record matched, for highlighting.
        self.terms = terms


def hit_sources(record: SearchRecord) -> tuple[Source, ...]:
    return (record.source,) if isinstance(record, SourceSummary) else record.sources


class SearchResults(Result):
    """The records matching a query, best first."""

    __slots__ = ("query", "records")

    def __init__(self, query: str, records: tuple[SearchHit, ...]) -> None:
        self.query = query
        self.records: tuple[SearchHit, ...] = records

    def fields(self) -> tuple[str, ...]:
        return (*_union(EVENT_FIELDS, VISIT_FIELDS, OBSERVATION_FIELDS, SOURCE_FIELDS), "score")

    def rows(self) -> list[JSONDict]:
        rows = []
        for hit in self.records:
            record = hit.record
            if isinstance(record, SourceSummary):
                shape = source_json(record.source, record.records)
            else:
                shape = fact_json(record)
            rows.append(with_score(shape, hit.score))
        return rows

    def cited(self) -> list[Source]:
        return _cited(source for hit in self.records for source in hit_sources(hit.record))

    def nothing_found(self) -> str:
        return f"nothing in the fact pack matches {self.query!r}"


class Label(str, Enum):
    """FEVER's three labels."""

    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_INFO = "NOT ENOUGH INFO"


# How `vnjp check CLAIM` exits for each label.
LABEL_STATUS = {
    Label.SUPPORTED: ExitStatus.OK,
    Label.REFUTED: ExitStatus.REFUTED,
    Label.NOT_ENOUGH_INFO: ExitStatus.NOT_ENOUGH_INFO,
}
VERDICT_FIELDS = ("claim", "verdict", "reason", "evidence", "parts", "claim_review")


class PartVerdict(Slotted):
    """One checkable part of a claim: its text, label, why, and its evidence."""

    __slots__ = ("evidence", "label", "reason", "text")

    def __init__(self, text: str, label: Label, reason: str, evidence: tuple[Fact, ...]) -> None:
        self.text = text
        self.label = label
        self.reason = reason
        self.evidence = evidence

    def row(self) -> JSONDict:
        return {
            "text": self.text,
            "verdict": self.label.value,
            "reason": self.reason,
            "evidence": [fact_json(record) for record in self.evidence],
        }


class Verdict(Slotted):
    """One claim checked: its FEVER label, why, the records that show it, and the
    parts it was checked in (any part refuted refutes it; all supported support it)."""

    __slots__ = ("claim", "evidence", "label", "parts", "reason")

    def __init__(
        self,
        claim: str,
        label: Label,
        reason: str,
        evidence: tuple[Fact, ...],
        parts: tuple[PartVerdict, ...] = (),
    ) -> None:
        self.claim = claim
        self.label = label
        self.reason = reason
        self.evidence = evidence
        self.parts = parts

    def row(self, reviewed_on: datetime.date) -> JSONDict:
        return {
            "claim": self.claim,
            "verdict": self.label.value,
            "reason": self.reason,
            "evidence": [fact_json(record) for record in self.evidence],
            "parts": [part.row() for part in self.parts],
            "claim_review": self.claim_review(reviewed_on),
        }

    def claim_review(self, reviewed_on: datetime.date, reason: str = "") -> JSONDict:
        """The claim's schema.org ClaimReview, published on `reviewed_on`, explained by
        `reason` (by default the verdict's own)."""
        # Only here: the commands that print no verdict do not import it.
        from vnjp import claimreview

        label, evidence = self.label.value, self.evidence
        return claimreview.claim_review(
            self.claim, label, reason or self.reason, evidence, reviewed_on
        )


class CheckResults(Result):
    """The verdicts on one claim or a batch, in the order the claims came."""

    __slots__ = ("records", "reviewed_on", "single")

    def __init__(
        self, records: tuple[Verdict, ...], single: bool, reviewed_on: datetime.date
    ) -> None:
        self.records: tuple[Verdict, ...] = records
        # One claim exits by its label; a batch exits 0 once every claim is checked.
        # Both print an array, so a script reads one shape however many claims it sends.
        self.single = single
        # The ClaimReview's datePublished.
        self.reviewed_on = reviewed_on

    def fields(self) -> tuple[str, ...]:
        return VERDICT_FIELDS

    def rows(self) -> list[JSONDict]:
        return [verdict.row(self.reviewed_on) for verdict in self.records]

    def cited(self) -> list[Source]:
        return _fact_sources(record for verdict in self.records for record in verdict.evidence)

    def status(self) -> ExitStatus:
        return LABEL_STATUS[self.records[0].label] if self.single else ExitStatus.OK

    def nothing_found(self) -> str:
        return "there is no claim to check"

    def claim_reviews(self) -> list[JSONDict]:
        """What --format claimreview prints: a ClaimReview a claim, one claim or many."""
        return [verdict.claim_review(self.reviewed_on) for verdict in self.records]


REVIEW_FIELDS = ("line", "sentence", "verdict", "reason", "parts", "evidence")

# What a reviewed sentence came to, as the summary counts it and --only names it.
REFUTED, SUPPORTED, NOT_ENOUGH_INFO, NOT_CHECKED = (
    "refuted",
    "supported",
    "not_enough_info",
    "not_checked",
)
_OUTCOMES = {
    Label.REFUTED: REFUTED,
    Label.SUPPORTED: SUPPORTED,
    Label.NOT_ENOUGH_INFO: NOT_ENOUGH_INFO,
}
# How people write each outcome.
OUTCOME_WORDS = {
    REFUTED: "refuted",
    SUPPORTED: "supported",
    NOT_ENOUGH_INFO: "not enough info",
    NOT_CHECKED: "not checked",
}
# The values of `review --only` (case, "_" and spaces aside), and what they list.
ONLY_VALUES = {
    "refuted": REFUTED,
    "supported": SUPPORTED,
    "nei": NOT_ENOUGH_INFO,
    "not-enough-info": NOT_ENOUGH_INFO,
    "unchecked": NOT_CHECKED,
    "not-checked": NOT_CHECKED,
}
# What shell completion offers for --only, with its help.
ONLY_COMPLETIONS = [
    ("refuted", "sentences the fact pack contradicts"),
    ("supported", "sentences the fact pack bears out"),
    ("nei", "not enough info: sentences the fact pack does not settle"),
    ("unchecked", "sentences with nothing to check"),
]


class ReviewedSentence(Slotted):
    """One sentence of a draft: where it stands, and its verdict when it has something
    to check (a figure, a date, a rank, or a person or event the pack knows), with the
    reason of the part that decides it."""

    __slots__ = ("end", "line", "reason", "start", "text", "verdict")

    def __init__(
        self, text: str, line: int, start: int, end: int, verdict: Verdict | None, reason: str = ""
    ) -> None:
        self.text = text
        self.line = line
        self.start = start  # where the sentence starts and ends in the draft
        self.end = end
        self.verdict = verdict
        # The reason shown: the refuted parts' of a refuted sentence, the unsettled parts'
        # of one not settled, each quoted when the sentence was checked in parts.
        self.reason = reason

    @property
    def outcome(self) -> str:
        """REFUTED, SUPPORTED, NOT_ENOUGH_INFO or NOT_CHECKED."""
        return _OUTCOMES[self.verdict.label] if self.verdict else NOT_CHECKED

    def row(self) -> JSONDict:
        verdict = self.verdict
        return {
            "line": self.line,
            "sentence": self.text,
            "verdict": verdict.label.value if verdict else None,
            "reason": (self.reason or verdict.reason) if verdict else "nothing to check",
            "parts": [part.row() for part in verdict.parts] if verdict else [],
            "evidence": [fact_json(record) for record in verdict.evidence] if verdict else [],
        }


class ReviewSummary(Slotted):
    """How many sentences of a draft came to each outcome."""

    __slots__ = ("not_checked", "not_enough_info", "refuted", "supported")

    def __init__(
        self, refuted: int, supported: int, not_enough_info: int, not_checked: int
    ) -> None:
        self.refuted = refuted
        self.supported = supported
        self.not_enough_info = not_enough_info
        self.not_checked = not_checked

    @classmethod
    def of(cls, sentences: Iterable[ReviewedSentence]) -> "ReviewSummary":
        counts = dict.fromkeys(OUTCOME_WORDS, 0)
        for sentence in sentences:
            counts[sentence.outcome] += 1
        return cls(**counts)

    def line(self) -> str:
        """ "1 refuted, 2 supported, 0 not enough info, 3 not checked": every count."""
        return ", ".join(f"{count} {OUTCOME_WORDS[name]}" for name, count in self.counts().items())

    def counts(self) -> dict[str, int]:
        """Each outcome's count, in the order the summary writes them."""
        return {name: getattr(self, name) for name in OUTCOME_WORDS}


class ReviewResults(Result):
    """A draft reviewed sentence by sentence, with the draft itself for the Markdown
    that gives it back annotated.

    `records` are all the sentences the review reads: the summary and the exit status
    count every one. `--only` (`only`, empty for all) picks those that are listed: the
    rows, the table's lines, the Markdown's marks."""

    __slots__ = ("draft", "only", "records", "reviewed_on")

    def __init__(
        self,
        records: tuple[ReviewedSentence, ...],
        draft: str,
        reviewed_on: datetime.date,
        only: frozenset[str] = frozenset(),
    ) -> None:
        self.records: tuple[ReviewedSentence, ...] = records
        self.draft = draft
        # The ClaimReviews' datePublished.
        self.reviewed_on = reviewed_on
        self.only = only

    @property
    def listed(self) -> tuple[ReviewedSentence, ...]:
        if not self.only:
            return self.records
        return tuple(sentence for sentence in self.records if sentence.outcome in self.only)

    def summary(self) -> ReviewSummary:
        return ReviewSummary.of(self.records)

    def only_words(self) -> str:
        """What --only lists, as people write it ("refuted or not enough info"), or ""."""
        return " or ".join(OUTCOME_WORDS[name] for name in OUTCOME_WORDS if name in self.only)

    def fields(self) -> tuple[str, ...]:
        return REVIEW_FIELDS

    def rows(self) -> list[JSONDict]:
        return [sentence.row() for sentence in self.listed]

    def cited(self) -> list[Source]:
        return _fact_sources(
            record
            for sentence in self.listed
            if sentence.verdict
            for record in sentence.verdict.evidence
        )

    def status(self) -> ExitStatus:
        """1 when any sentence is refuted, listed or not: --only never hides a refuted
        sentence from a script gating on the status."""
        refuted = any(sentence.outcome == REFUTED for sentence in self.records)
        return ExitStatus.REFUTED if refuted else ExitStatus.OK

    def nothing_found(self) -> str:
        return "the draft has no sentences"

    def document(self) -> object:
        return self.framed(self.rows())

    def claim_reviews(self) -> list[JSONDict]:
        """What --format claimreview prints: a ClaimReview for each checked sentence
        listed (those with nothing to check have no verdict to publish)."""
        return [
            sentence.verdict.claim_review(self.reviewed_on, sentence.reason)
            for sentence in self.listed
            if sentence.verdict
        ]

    def framed(self, rows: list[JSONDict]) -> JSONDict:
        """What `--json` prints: the counts of every outcome, then the listed sentences."""
        return {"summary": self.summary().counts(), "sentences": rows}


def select_only(given: Iterable[str]) -> frozenset[str]:
    """The outcomes `review --only` lists: comma-separated and repeatable, case-blind,
    "nei" or "not-enough-info"; an unknown one is a usage error naming the valid ones."""
    valid = f"(valid: {', '.join(ONLY_VALUES)})"
    chosen: set[str] = set()
    for value in given:
        pieces = [piece.strip() for piece in value.split(",") if piece.strip()]
        if not pieces:
            raise UsageError(f"--only needs a verdict {valid}")
        for piece in pieces:
            name = "-".join(piece.lower().replace("_", " ").split())
            if name not in ONLY_VALUES:
                suggestion = closest(name, ONLY_VALUES)
                guess = f"; did you mean {suggestion!r}?" if suggestion else ""
                raise UsageError(f"unknown verdict {shorten(piece)!r} for --only{guess} {valid}")
            chosen.add(ONLY_VALUES[name])
    return frozenset(chosen)


class Selected(Result):
    """A result with only the fields `--fields` names, in that order (for json, jsonl,
    csv and markdown)."""

    __slots__ = ("names", "result")

    def __init__(self, result: Result, names: tuple[str, ...]) -> None:
        self.result = result
        self.names = names

    @property
    def records(self) -> Sequence[object]:  # type: ignore[override]
        return self.result.records

    def rows(self) -> list[JSONDict]:
        return [{name: row.get(name) for name in self.names} for row in self.result.rows()]

    def fields(self) -> tuple[str, ...]:
        return self.names

    def cited(self) -> list[Source]:
        return self.result.cited()

    def status(self) -> ExitStatus:
        return self.result.status()

    def nothing_found(self) -> str:
        return self.result.nothing_found()

    def document(self) -> object:
        if isinstance(self.result, ReviewResults):
            return self.result.framed(self.rows())
        document = self.result.document()
        if isinstance(document, dict):
            return {name: document.get(name) for name in self.names}
        return self.rows()


def select_fields(result: Result, given: str) -> Selected:
    """`result` with the comma-separated fields of `--fields`; an unknown one is a usage
    error listing the fields there are."""
    names = tuple(name.strip() for name in given.split(",") if name.strip())
    if not names:
        raise UnknownNameError("field", given, result.fields())
    for name in names:
        if name not in result.fields():
            raise UnknownNameError("field", name, result.fields())
    return Selected(result, names)
