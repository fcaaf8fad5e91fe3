"""Fact-check a sentence against the fact pack, with the three labels of FEVER.

A claim is SUPPORTED only when the records about it state every element it gives: each
topic word, figure, rank, date, place, person and office, direction and trend; REFUTED
when the record most about it contradicts one; anything else, including claims about
people, years or topics the pack does not cover, is NOT ENOUGH INFO.
"""

import datetime
import functools
import math
from collections.abc import Iterable
from typing import NamedTuple

from vnjp.claims.amounts import Status
from vnjp.claims.compare import (
    ABOUT_THE_SAME,
    Comparison,
    Evidence,
    compare_record,
    compare_times,
    jointly,
    named_elsewhere,
    newest,
    outnamed,
    same_measure,
    with_trends,
)
from vnjp.claims.parts import Part, anchored, as_written, split_parts
from vnjp.claims.reading import PLACE_WITH_COUNTRY, Claim, Interval, parse_claim
from vnjp.index import Index, PersonNames
from vnjp.lexicon import lexicon
from vnjp.model import Event, Observation, Visit
from vnjp.present import brief as _what
from vnjp.present import brief_figure
from vnjp.present import source_ids as _cite
from vnjp.results import CheckResults, Label, PartVerdict, Verdict
from vnjp.text import lazy
from vnjp.words import canonical_words, stop_words


class Outcome(NamedTuple):
    """A part's label, the reason for it, and the records it rests on."""

    label: Label
    reason: str
    evidence: tuple[Evidence, ...]


class Reviewed(NamedTuple):
    """A sentence of a draft: its verdict, its parts, and whether it is a claim."""

    verdict: Verdict
    parts: list[Part]
    checkable: bool


class Checker:
    """Checks claims against one pack's index, reading only the records that share
    words with the claim."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.facts = index.count() - index.count("source")
        self.unknown_weight = math.log((self.facts + 1) / 0.5)

    def check(self, text: str) -> Verdict:
        """The verdict on a sentence, part by part: any part refuted refutes it, all
        parts supported support it, anything else is not enough information."""
        return self.check_parts(text, split_parts(text))

    def review(self, text: str) -> Reviewed:
        """A sentence of a draft checked, and whether it is a claim at all: a figure,
        rank or date said of something ("Tuesday - 28/11/2023" says nothing of
        anything), or a statement the pack settles that says enough to be a claim
        ("Fifty years of ties" is a title)."""
        parts = split_parts(text)
        verdict = self.check_parts(text, parts)
        said = sum(len(part.claim.words) for part in parts)
        checkable = any(anchored(part.claim) and part.claim.words for part in parts) or (
            verdict.label is not Label.NOT_ENOUGH_INFO and said >= 2
        )
        return Reviewed(verdict, parts, checkable)

    def check_parts(self, text: str, parts: list[Part]) -> Verdict:
        """The verdict on a sentence already split into parts."""
        checked = tuple(PartVerdict(part.text, *self._check_part(part)) for part in parts)
        return combine(text, checked)

    def _check_part(self, part: Part) -> Outcome:
        """A part as written; when that is about nothing the pack knows, the part less
        its commentary ("..., contributing to the region's development")."""
        outcome = self._check_claim(part.claim)
        if outcome.label is Label.NOT_ENOUGH_INFO and part.core is not None:
            core = self._check_claim(part.core)
            if core.label is not Label.NOT_ENOUGH_INFO:
                return core
        return outcome

    def _check_claim(self, claim: Claim) -> Outcome:
        if claim.interval is not None:
            return self._check_interval(claim.interval)
        outcome = self._unreadable(claim) or self._decide(claim)
        if outcome.label is Label.NOT_ENOUGH_INFO:
            outcome = self._renamed(claim) or outcome
        if claim.negated and outcome.label is not Label.NOT_ENOUGH_INFO:
            return _denied(outcome)
        return outcome

    def _check_interval(self, interval: Interval) -> Outcome:
        """ "A, N years after B": each event checked as a claim of its own; the years
        between the dates of the records that support them, against N."""
        later = self._check_claim(parse_claim(interval.later))
        earlier = self._check_claim(parse_claim(interval.earlier))
        evidence = later.evidence[:1] + earlier.evidence[:1]
        years = _years_between(evidence)
        if (
            later.label is not Label.SUPPORTED
            or earlier.label is not Label.SUPPORTED
            or (years is None)
        ):
            reason = "the fact pack does not date both events, so the years between them"
            return Outcome(Label.NOT_ENOUGH_INFO, f"{reason} are not settled", ())
        what = f"{_what(evidence[0])} is {years} years after {_what(evidence[1])}"
        label = Label.SUPPORTED if years == interval.years else Label.REFUTED
        return Outcome(label, f"the claim says {interval.years} years; {what}", evidence)

    def _renamed(self, claim: Claim) -> Outcome | None:
        """REFUTED when the claim gives an event's name, on the event's date, with one
        word the pack has never seen in place of the name's own: "an exclusive strategic
        partnership in 2014" for the Extensive Strategic Partnership of 2014."""
        if not claim.times or claim.negated or claim.forecast or claim.foreign_money:
            return None
        unknown = set(claim.words) - self.index.known_terms(claim.words)
        if len(unknown) != 1:
            return None
        (word,) = unknown
        said = canonical_words(claim.text)
        at = said.index(word) if word in said else -1
        head = tuple(said[at + 1 : at + 3])
        if at < 0 or len(head) < 2 or set(head) & stop_words():
            return None
        known = claim._replace(words=tuple(w for w in claim.words if w != word))
        for comparison in self._comparisons(known):
            instead = _word_before(comparison, head, claim.words)
            if instead is not None:
                record = comparison.record
                named = " ".join(_written_words(claim.text, tuple(said[at : at + 3])))
                theirs = _written_words(instead[1], (instead[0],))[0]
                reason = (
                    f"the claim names the {named}; {_cite(record)} says {_what(record)}, "
                    f"whose name has {theirs!r} there"
                )
                return Outcome(Label.REFUTED, reason, (record,))
        return None

    def _unreadable(self, claim: Claim) -> Outcome | None:
        """NOT ENOUGH INFO before any record is read: a date no calendar has, money in
        another currency, a name the pack has never seen."""
        if claim.not_dates:
            reason = f"{', '.join(claim.not_dates)}: not a date the fact pack can compare"
            return Outcome(Label.NOT_ENOUGH_INFO, reason, ())
        if claim.forecast:
            reason = f"{claim.forecast!r}: a forecast or aim; the fact pack records what happened"
            return Outcome(Label.NOT_ENOUGH_INFO, reason, ())
        if claim.foreign_money:
            money = ", ".join(claim.foreign_money)
            reason = f"{money}: the fact pack's money is in US dollars, and vnjp converts none"
            return Outcome(Label.NOT_ENOUGH_INFO, reason, ())
        unknown = self._unknown_names(claim.text)
        if unknown:
            reason = f"the fact pack has nothing on {', '.join(unknown)}"
            return Outcome(Label.NOT_ENOUGH_INFO, reason, ())
        return None

    def _decide(self, claim: Claim) -> Outcome:
        """SUPPORTED by the records that state every element of the claim, REFUTED by
        the record most about it when that contradicts one, else NOT ENOUGH INFO."""
        comparisons = self._comparisons(claim)
        agreeing = _ranked(c for c in comparisons if c.agrees)
        disagreeing = _most_alike(
            c for c in comparisons if c.disagrees and not named_elsewhere(c, comparisons)
        )
        if agreeing and outnamed(agreeing[0], comparisons):
            agreeing = []
        agreeing = agreeing or jointly(claim, comparisons)
        if agreeing and (not disagreeing or agreeing[0].rank >= disagreeing[0].rank):
            return _supported(claim, agreeing, disagreeing)
        if disagreeing and disagreeing[0].coverage >= _best_coverage(comparisons):
            reason = _refute_reason(claim, disagreeing[0], self._dated_like(claim))
            return Outcome(Label.REFUTED, reason, _records(disagreeing[:3]))
        return Outcome(Label.NOT_ENOUGH_INFO, _unsettled_reason(claim, comparisons), ())

    def _comparisons(self, claim: Claim) -> list[Comparison]:
        """The claim against each record that can bear on it."""
        named = self._named_people(claim)
        topic = [word for word in claim.words if not any(word in p.words for p in named)]
        weights = self._weights(topic)
        records, words = self._candidates(topic, weights, named, _kinds_bearing(claim))
        candidates = _bearing(claim, records)
        comparisons = [
            compare_record(claim, topic, weights, named, record, words.get(seq, frozenset()))
            for seq, record in candidates.items()
        ]
        if claim.amounts or claim.ranks:
            # An event bears on a claim with figures only through a count it states.
            comparisons = [
                c
                for c in comparisons
                if isinstance(c.record, Observation) or c.statuses.get("amount") is Status.MATCH
            ]
        return with_trends(claim, comparisons, records)

    # -- reading the claim ---------------------------------------------------------

    def _unknown_names(self, text: str) -> list[str]:
        """Capitalised words the fact pack has never seen: a person, place or thing it
        has nothing on."""
        runs = []
        # "Paris, France": a place with its country names nothing more than the place.
        text = PLACE_WITH_COUNTRY.sub(lambda m: m.group(1), text)
        for run in _CAPITALISED_RUN.finditer(text):
            if run.start() == 0 and " " not in run.group():
                continue  # one capitalised word opening the sentence may be any word
            # A lone capital is an initial ("Ambassador Y. Nakayama"): no name alone.
            words = [word for word in canonical_words(run.group()) if len(word) > 1]
            runs.append((run.group(), words))
        known = self.index.known_terms(word for _, words in runs for word in words)
        known |= _common() | stop_words()
        return [run for run, words in runs if not all(w in known for w in words)]

    def _named_people(self, claim: Claim) -> list[PersonNames]:
        words = set(canonical_words(claim.text))
        return [
            person
            for person, sharing in self.index.people_named(words)
            if person.words <= words or sharing == 1
        ]

    def _weights(self, topic: list[str]) -> dict[str, float]:
        """Each topic word's IDF over the events, visits and observations."""
        counts = self.index.fact_term_counts(topic)
        return {
            word: math.log((self.facts + 1) / (counts[word] + 0.5))
            if word in counts
            else self.unknown_weight
            for word in topic
        }

    def _candidates(
        self,
        topic: list[str],
        weights: dict[str, float],
        named: list[PersonNames],
        kinds: tuple[str, ...] | None,
    ) -> tuple[dict[int, Evidence], dict[int, frozenset[str]]]:
        """The records that can bear on the claim: those covering enough of its topic
        to be about the same thing, and the visits of the people it names; with the
        words of their main fields."""
        total = sum(weights[word] for word in topic)
        seqs = set(
            self.index.facts_covering(
                {word: weights[word] for word in topic}, ABOUT_THE_SAME * total - 1e-9, kinds
            )
            if topic
            else []
        )
        for person in named:
            seqs.update(p.record for p in self.index.postings(person.key) if p.weight >= 2)
        records = self.index.facts_by_seq(seqs, kinds)
        return records, self.index.main_words(records)

    def _dated_like(self, claim: Claim) -> list[Evidence]:
        """Dated events and visits in the years the claim names, for a refutation's
        "(1975 is the date of: ...)"."""
        found: dict[int, Evidence] = {}
        for time in claim.times:
            found.update(self.index.dated_in(time.when.start.year, time.when.end.year))
        return [found[seq] for seq in sorted(found)]


# Capitalised words in a row, joined across "of (the)": "House of Councillors".
_CAPITALISED_RUN = lazy(r"\b[A-Z][\w'\u2019-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'\u2019-]*)*")


@functools.cache
def _common() -> frozenset[str]:
    """Capitalised words every claim may use that need not be in the fact pack: and
    the other countries a ranking may name, which are compared as such ("after China,
    the US and Germany")."""
    vocabulary = lexicon()
    return frozenset(canonical_words(" ".join([*vocabulary.unremarkable, *vocabulary.others])))


# -- reasons ---------------------------------------------------------------------


_TREND_WORDS = {"up": "it rose", "down": "it fell", "double": "it doubled", "halve": "it halved"}


def _claimed(claim: Claim) -> str:
    """The elements of a claim as it writes them: figures, ranks, dates, then places,
    offices and the way a series went."""
    parts = [a.text for a in claim.amounts] + [r.text for r in claim.ranks]
    parts += [t.text for t in claim.times]
    written = [as_written(claim.text, part) for part in parts]
    written += [f"in {place.title()}" for place in sorted(claim.places)]
    written += [role for role in sorted(claim.roles)]
    if claim.trend:
        written.append(_TREND_WORDS[claim.trend])
    if claim.anniversary is not None:
        written.append(f"{claim.anniversary} years on")
    return ", ".join(written)


def _support_reason(claim: Claim, comparison: Comparison) -> str:
    claimed = _claimed(claim)
    says = _what(comparison.record) + _from(comparison)
    lead = f"the claim says {claimed}; " if claimed else ""
    return f"{lead}{_cite(comparison.record)} says {says}"


def _from(comparison: Comparison) -> str:
    """For a claimed change, the level it is measured from: ", from US$42.7 billion
    (2021)"."""
    before = comparison.before
    return f", from {brief_figure(before)}" if before is not None else ""


def _differ_reason(comparison: Comparison) -> str:
    return f"the sources differ: {_cite(comparison.record)} says {_what(comparison.record)}"


def _refute_reason(claim: Claim, comparison: Comparison, dated: list[Evidence]) -> str:
    """What the claim says, what the record says, and what of the record contradicts
    it when that is not in its headline (a place, an office)."""
    record = comparison.record
    claimed = _claimed(claim) or repr(claim.text)
    reason = f"the claim says {claimed}; {_cite(record)} says {_what(record)}{_from(comparison)}"
    conflicts = {name for name, status in comparison.statuses.items() if status is Status.CONFLICT}
    if "place" in conflicts and isinstance(record, (Event, Visit)):
        reason += f", in {', '.join(record.places)}"
    if "role" in conflicts and isinstance(record, (Event, Visit)):
        reason += f", with {_people(record)}"
    if "time" in conflicts:
        reason += _date_of(claim, record, dated)
    return reason


def _people(record: Event | Visit) -> str:
    people = record.people if isinstance(record, Event) else record.counterparts
    pairs = [(p.name, p.role) for p in people]
    if isinstance(record, Visit):
        pairs.insert(0, (record.person, record.role))
    return ", ".join(f"{name} ({role})" for name, role in pairs if role)


def _date_of(claim: Claim, record: Evidence, dated: list[Evidence]) -> str:
    """What the claimed date is, if the pack knows it: " (1975 is the date of: ...)"."""
    for time in claim.times:
        for other in dated:
            if other == record or not isinstance(other, (Event, Visit)) or other.date is None:
                continue
            if compare_times((time,), other) is Status.MATCH:
                return f" ({time.text} is the date of: {_what(other)})"
    return ""


def _unsettled_reason(claim: Claim, comparisons: list[Comparison]) -> str:
    related = [c for c in comparisons if c.coverage >= ABOUT_THE_SAME]
    if not related:
        return "no record of the fact pack is about this"
    best = max(related, key=lambda c: c.rank)
    unsettled = [name for name, status in best.statuses.items() if status is Status.UNSETTLED]
    differing = [name for name, status in best.statuses.items() if status is Status.CONFLICT]
    what = ""
    if best.unstated:
        what = f" (it does not say: {', '.join(_written_words(claim.text, best.unstated))})"
    elif differing:
        what = f" (its {', '.join(differing)} differs, but the claim does not name it)"
    elif unsettled:
        what = f" (it does not settle the claim's {', '.join(unsettled)})"
    return (
        f"the fact pack does not settle it; the nearest record, {best.record.id} "
        f"({_cite(best.record)}), says {_what(best.record)}{what}"
    )


def _written_words(text: str, stems: tuple[str, ...]) -> list[str]:
    """The claim's own words for canonical stems: "received" for "receiv"."""
    wanted = set(stems)
    written = [
        word for word in dict.fromkeys(_WORDS.findall(text)) if wanted & set(canonical_words(word))
    ]
    return written or list(stems)


_WORDS = lazy(r"[\w'\u2019-]+")


def _years_between(records: tuple[Evidence, ...]) -> int | None:
    """The years from the second record's date to the first's, when both are dated to
    a single day, month or year."""
    if len(records) != 2:
        return None
    dates = [r.date if isinstance(r, (Event, Visit)) else r.when for r in records]
    if any(d is None or d.is_span for d in dates):
        return None
    later, earlier = (d.start.year for d in dates if d is not None)
    return later - earlier


def _word_before(
    comparison: Comparison, head: tuple[str, ...], claimed: tuple[str, ...]
) -> tuple[str, str] | None:
    """The word an event's name has before `head` ("extensive" before "strategic
    partnership"), and the name, when the event is dated as the claim, nothing else of
    it differs, and the claim does not give that word."""
    record = comparison.record
    if not isinstance(record, Event) or comparison.statuses.get("time") is not Status.MATCH:
        return None
    if Status.CONFLICT in comparison.statuses.values():
        return None
    for name in (record.title, *record.aliases):
        words = canonical_words(name)
        for index in range(1, len(words) - len(head) + 1):
            before = words[index - 1]
            named = tuple(words[index : index + len(head)]) == head
            if named and before not in claimed and before not in stop_words():
                return before, name
    return None


def _ranked(comparisons: Iterable[Comparison]) -> list[Comparison]:
    return sorted(comparisons, key=lambda c: c.rank, reverse=True)


def _most_alike(comparisons: Iterable[Comparison]) -> list[Comparison]:
    """Contradicting records, those most about the claim first, and of those the one
    agreeing with most of its other elements: the capital of Vietnam's projects in
    Japan, not a count of provinces, refutes "106 projects worth US$19.5 billion"."""

    def alike(c: Comparison) -> tuple[float, float, int]:
        return (*c.rank, sum(status is Status.MATCH for status in c.statuses.values()))

    return sorted(comparisons, key=alike, reverse=True)


def _records(comparisons: Iterable[Comparison]) -> tuple[Evidence, ...]:
    return tuple(dict.fromkeys(c.record for c in comparisons))


def _bearing(claim: Claim, records: dict[int, Evidence]) -> dict[int, Evidence]:
    """The records that can bear on a claim: a claim with figures is about a statistic
    (events and visits carry only counts in their words, "22 cooperation documents");
    a claim with no date is about the newest figure of each measure."""
    figures_only = _kinds_bearing(claim) is not None
    candidates = {
        seq: record
        for seq, record in sorted(records.items())
        if isinstance(record, Observation) or not figures_only
    }
    return candidates if claim.times else newest(candidates)


def _kinds_bearing(claim: Claim) -> tuple[str, ...] | None:
    """The kinds of record that can bear on a claim (None: all): only observations
    for one with figures other than counts, so that the others are never read."""
    has_figures = bool(claim.amounts or claim.ranks)
    counts_only = not claim.ranks and all(a.kind == "number" for a in claim.amounts)
    return ("stat",) if has_figures and not counts_only else None


def _supported(claim: Claim, agreeing: list[Comparison], disagreeing: list[Comparison]) -> Outcome:
    """SUPPORTED, naming the other source where it gives the same measure otherwise."""
    reason = _support_reason(claim, agreeing[0])
    evidence = list(_records(agreeing[:3]))
    differing = [
        c for c in disagreeing if same_measure(agreeing[0].record, c.record) and not c.unstated
    ]
    if differing:
        reason += "; " + _differ_reason(differing[0])
        evidence.append(differing[0].record)
    return Outcome(Label.SUPPORTED, reason, tuple(dict.fromkeys(evidence)))


def _denied(outcome: Outcome) -> Outcome:
    """A claim that denies what the records state is refuted; one that denies what
    they contradict is supported."""
    label = Label.REFUTED if outcome.label is Label.SUPPORTED else Label.SUPPORTED
    return Outcome(label, f"the claim denies it: {outcome.reason}", outcome.evidence)


def combine(text: str, parts: tuple[PartVerdict, ...]) -> Verdict:
    """One verdict from its parts; the reason is the deciding part's, named when
    there are several."""
    refuted = [part for part in parts if part.label is Label.REFUTED]
    unsettled = [part for part in parts if part.label is Label.NOT_ENOUGH_INFO]
    if refuted:
        label, deciding = Label.REFUTED, refuted
    elif unsettled:
        label, deciding = Label.NOT_ENOUGH_INFO, unsettled[:1]
    else:
        label, deciding = Label.SUPPORTED, list(parts)
    if len(parts) == 1:
        reason = parts[0].reason
    else:
        reason = "; ".join(f"\u201c{part.text}\u201d: {part.reason}" for part in deciding)
    evidence = tuple(dict.fromkeys(record for part in deciding for record in part.evidence))
    return Verdict(text, label, reason, evidence, parts)


def _best_coverage(comparisons: list[Comparison]) -> float:
    """How much of the claim the record most about it covers: a claim is refuted
    only by that record, never by one that is less about it."""
    return max((c.coverage for c in comparisons), default=0.0)


def check(
    index: Index, claims: list[str], *, reviewed_on: datetime.date, batch: bool = False
) -> CheckResults:
    """Verdicts on `claims`; a batch is printed as a list even when it holds one claim."""
    checker = Checker(index)
    verdicts = tuple(checker.check(claim) for claim in claims)
    return CheckResults(verdicts, not batch and len(claims) == 1, reviewed_on)
