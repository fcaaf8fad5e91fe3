"""CSV for spreadsheets: a header row, then a row a record; every record's sources kept."""

from __future__ import annotations

import csv
import io

from vnjp.render import Result
from vnjp.render.flat import table
from vnjp.text import inert


def render_csv(result: Result) -> str:
    columns, rows = table(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    # Newlines stay (the quoting keeps them in their cell); control characters do not.
    writer.writerows([inert(value) for value in row] for row in rows)
    return buffer.getvalue()
