"""A checked claim as a schema.org ClaimReview (JSON-LD), the form fact-checking tools read.

`check --json` carries one in each verdict (`claim_review`), and `check` and `review`
print them alone with `--format claimreview`; both are made here, so they never differ.

The shape follows schema.org's definitions and Google's fact-check documentation:
- `reviewRating` is a Rating: `alternateName` is the verdict as vnjp says it, on the
  numeric scale RATINGS (1, the worst, to 3, the best), with the reason as its
  `ratingExplanation`.
- `itemReviewed` is the Claim, its `text` the sentence checked. schema.org's
  `appearance` is where a claim was made, which vnjp does not know: the publisher adds it.
- The evidence's sources are the review's `citation` (a CreativeWork property), not the
  claim's `appearance`: a source that refutes a claim did not make it.
- `author` is vnjp, an Organization (the type schema.org and Google expect of an author)
  whose description says it is an automated checker, with its version.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from vnjp import __version__
from vnjp.codec import JSONDict
from vnjp.model import Fact, Source

# The numeric scale of `reviewRating`, from worstRating to bestRating. NOT ENOUGH INFO is
# between the two because it is neither: the pack does not settle the claim (it does not
# mean "half true").
RATINGS = {"REFUTED": 1, "NOT ENOUGH INFO": 2, "SUPPORTED": 3}
WORST_RATING = min(RATINGS.values())
BEST_RATING = max(RATINGS.values())

AUTHOR: JSONDict = {
    "@type": "Organization",
    "name": "vnjp",
    "description": f"vnjp {__version__}, an automated fact checker: a program compared the "
    "claim with the facts of its pack, citing their sources; no person reviewed it.",
}


def claim_review(
    claim: str, verdict: str, reason: str, evidence: Iterable[Fact], reviewed_on: datetime.date
) -> JSONDict:
    """The ClaimReview of `claim`, whose `verdict` (a FEVER label) `reason` explains and
    `evidence` shows, published on `reviewed_on`."""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "datePublished": reviewed_on.isoformat(),
        "itemReviewed": {"@type": "Claim", "text": claim},
        "reviewRating": {
            "@type": "Rating",
            "alternateName": verdict,
            "ratingValue": RATINGS[verdict],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "ratingExplanation": reason,
        },
        "author": dict(AUTHOR),
        "citation": [_creative_work(source) for source in _sources(evidence)],
    }


def _sources(evidence: Iterable[Fact]) -> list[Source]:
    """Each source of the evidence once, in the order the evidence first cites them."""
    unique: dict[str, Source] = {}
    for record in evidence:
        for source in record.sources:
            unique.setdefault(source.id, source)
    return list(unique.values())


def _creative_work(source: Source) -> JSONDict:
    """A source as schema.org writes a work: its id, title, publisher and date, when it
    has them."""
    work: JSONDict = {"@type": "CreativeWork", "identifier": source.id, "name": source.title}
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.published is not None:
        work["datePublished"] = str(source.published)
    return work
