"""`vnjp review`: a draft read sentence by sentence; a sentence with something to
check (a figure, a date or a rank said of something, or a statement the pack can
settle) is checked, the rest are listed as not checked."""

from vnjp.claims.parts import anchored, split_parts
from vnjp.claims.verdict import Checker
from vnjp.index import Index
from vnjp.results import Label, ReviewedSentence, ReviewResults
from vnjp.sentences import read_sentences


def review(index: Index, draft: str) -> ReviewResults:
    checker = Checker(index)
    reviewed = []
    for sentence in read_sentences(draft):
        parts = split_parts(sentence.text)
        verdict = checker.check_parts(sentence.text, parts)
        # A figure, rank or date said of something: "Tuesday - 28/11/2023" says
        # nothing of anything, and an opinion about a known person is no claim.
        # A sentence with no figure, rank or date counts only when the pack settles it
        # and it says enough to be a claim: "Fifty years of ties" is a title.
        said = sum(len(part.claim.words) for part in parts)
        checkable = any(anchored(part.claim) and part.claim.words for part in parts) or (
            verdict.label is not Label.NOT_ENOUGH_INFO and said >= 2
        )
        reviewed.append(
            ReviewedSentence(
                sentence.text,
                sentence.line,
                sentence.start,
                sentence.end,
                verdict if checkable else None,
            )
        )
    return ReviewResults(tuple(reviewed), draft)
