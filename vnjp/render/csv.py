"""CSV for spreadsheets: a header row, then a row a record; every record's sources kept."""

from __future__ import annotations

import csv
import io

from vnjp.render.flat import table
from vnjp.results import Result
from vnjp.text import inert, to_ascii


def render_csv(result: Result, *, ascii_only: bool = False) -> str:
    columns, rows = table(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    # Newlines stay (the quoting keeps them in their cell); control characters do not.
    clean = (lambda value: to_ascii(inert(value))) if ascii_only else inert
    writer.writerows([clean(value) for value in row] for row in rows)
    return buffer.getvalue()
