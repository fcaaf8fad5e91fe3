"""--format claimreview: schema.org ClaimReview JSON-LD, for `check` and `review`.

Always an array, as `check --json` is: one ClaimReview for each claim checked (for
`review`, each checked sentence listed). vnjp.claimreview documents the shape.
"""

from __future__ import annotations

from vnjp.errors import UsageError
from vnjp.render.json import dumps
from vnjp.results import CheckResults, Result, ReviewResults


def render_claim_reviews(result: Result, *, ascii_only: bool = False) -> str:
    if not isinstance(result, (CheckResults, ReviewResults)):
        raise UsageError("--format claimreview goes with check and review")
    return dumps(result.claim_reviews(), ascii_only, indent=2) + "\n"
