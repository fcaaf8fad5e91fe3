"""vnjp review."""

from typing import Annotated, Optional

import typer

from vnjp import completion
from vnjp.commands.common import examples, read_text, settings, today, with_output_options
from vnjp.results import ONLY_COMPLETIONS, Result, select_only

EPILOG = examples(
    "vnjp review draft.md",
    "vnjp review draft.md --only refuted,nei",
    "vnjp review draft.md --format markdown > checked.md",
    "pbpaste | vnjp review - --json",
)

# review's --json prints one object: the summary, then the sentences listed.
ReviewJsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print a JSON object: the summary of every verdict and the sentences listed; "
        "--format json.",
    ),
]


@with_output_options(ReviewJsonOption)
def review(
    ctx: typer.Context,
    draft: Annotated[
        str,
        typer.Argument(
            help="The draft (plain text or Markdown) to check; - reads it from stdin.",
            show_default=False,
            metavar="FILE",
        ),
    ],
    only: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--only",
            help="List only the sentences with these verdicts: refuted, supported, nei "
            "(or not-enough-info), unchecked; comma-separated or repeated. The summary "
            "and the exit status still count every sentence.",
            metavar="VERDICTS",
            autocompletion=completion.fixed(ONLY_COMPLETIONS),
            show_default=False,
        ),
    ] = None,
) -> Result:
    """Check a draft sentence by sentence: those with a figure, a date or a rank, or that
    the pack can settle, are checked, the rest listed as not checked; a summary counts
    each verdict. Exit 0 when nothing is refuted, 1 when something is (whatever --only
    lists); --format markdown gives the draft back with each checked sentence's
    verdict and its sources as footnotes."""
    outcomes = select_only(only or ())
    text = read_text(settings(ctx).console, None if draft == "-" else draft, "draft")
    from vnjp.review import review as review_draft

    chosen = settings(ctx)
    return review_draft(chosen.pack_index(), text, reviewed_on=today(chosen.console), only=outcomes)
