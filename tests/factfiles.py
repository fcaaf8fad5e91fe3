"""Writing fact files for tests: TOML text from plain records."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

TomlValue = str | int | float | bool | Sequence[str]


def toml_value(value: TomlValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # A JSON string with every non-ASCII character as \uXXXX is a TOML basic
        # string too, as long as it stays in the Basic Multilingual Plane.
        return json.dumps(value, ensure_ascii=True)
    return "[" + ", ".join(toml_value(item) for item in value) + "]"


def toml_document(tables: Mapping[str, Sequence[Mapping[str, TomlValue]]]) -> str:
    lines: list[str] = []
    for table, records in tables.items():
        for record in records:
            lines.append(f"[[{table}]]")
            lines.extend(f"{key} = {toml_value(value)}" for key, value in record.items())
            lines.append("")
    return "\n".join(lines)


def write_facts(
    folder: Path, name: str, tables: Mapping[str, Sequence[Mapping[str, TomlValue]]]
) -> Path:
    path = folder / name
    path.write_text(toml_document(tables), encoding="utf-8")
    return path


def event(event_id: str, **fields: TomlValue) -> dict[str, TomlValue]:
    """A valid event citing the bundled trusted-partners source, with `fields` changed."""
    return {
        "id": event_id,
        "date": "2024-05",
        "title": f"Title of {event_id}",
        "summary": f"Summary of {event_id}",
        "category": "diplomacy",
        "sources": ["trusted-partners"],
        **fields,
    }
