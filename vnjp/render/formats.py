"""The output formats and what the output stream can show: what every renderer takes."""

from enum import Enum
from typing import NamedTuple


class Format(str, Enum):
    TABLE = "table"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    CSV_RAW = "csv-raw"
    MARKDOWN = "markdown"
    CLAIMREVIEW = "claimreview"


class Terminal(NamedTuple):
    """What the output stream can show: its width (None: unlimited), colour, and
    whether it needs ASCII (a stream that cannot encode Unicode, or --ascii)."""

    width: int | None
    color: bool
    ascii: bool = False
