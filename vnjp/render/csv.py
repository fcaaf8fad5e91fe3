"""CSV for spreadsheets: a header row, then a row a record; every record's sources kept.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what a
spreadsheet runs as a formula; as OWASP advises against CSV injection, such a cell is
written with a leading `'`, unless `--format csv-raw` asks for the exact text.
"""

from __future__ import annotations

import csv
import io

from vnjp.render.flat import table
from vnjp.results import Result
from vnjp.text import inert, to_ascii

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render_csv(result: Result, *, ascii_only: bool = False, raw: bool = False) -> str:
    columns, rows = table(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)

    def clean(value: str) -> str:
        if not raw and value.startswith(_FORMULA_STARTS):
            value = "'" + value
        # Newlines stay (the quoting keeps them in their cell); control characters do not.
        value = inert(value)
        return to_ascii(value) if ascii_only else value

    writer.writerows([clean(value) for value in row] for row in rows)
    return buffer.getvalue()
