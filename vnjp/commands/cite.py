"""vnjp cite."""

from typing import Annotated

import typer

from vnjp import completion
from vnjp.commands.common import examples, output_command, settings
from vnjp.errors import UnknownNameError
from vnjp.results import Result

EPILOG = examples(
    "vnjp cite vns-50-years",
    "vnjp cite fdi-capital-2023-09 --style chicago --with-fact",
    "vnjp cite trusted-partners vns-50-years --style bibtex >> refs.bib",
)

_STYLES = [
    ("apa", "APA 7th edition"),
    ("chicago", "Chicago 17th edition, bibliography"),
    ("mla", "MLA 9th edition"),
    ("bibtex", "a BibTeX @misc entry"),
    ("csl-json", "CSL-JSON for Zotero and pandoc"),
]


@output_command
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(
            help="Ids of sources, or of records whose sources to cite.",
            metavar="ID...",
            show_default=False,
        ),
    ],
    style: Annotated[
        str,
        typer.Option(
            "--style",
            help="apa (7th edition), chicago (17th, bibliography), mla (9th), bibtex or csl-json.",
            metavar="STYLE",
            autocompletion=completion.fixed(_STYLES),
        ),
    ] = "apa",
    with_fact: Annotated[
        bool, typer.Option("--with-fact", help="Add the record's own words as a note.")
    ] = False,
) -> Result:
    """The citation of each source named, or of the sources of each record named, in
    one style (APA by default). An undated source is cited as n.d., with the period it
    was published in, as its records imply, in brackets."""
    from vnjp import research
    from vnjp.citation import Style

    styles = [chosen.value for chosen in Style]
    if style.lower() not in styles:
        raise UnknownNameError("citation style", style, styles)
    index = settings(ctx).pack_index()
    return research.cite_ids(index, ids, Style(style.lower()), with_fact=with_fact)
