"""Loading and validation: every problem named with its file, line and record."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnjp.load import bundled_facts_dir, load_pack
from vnjp.parse import FactFileError

SOURCE = """
[[sources]]
id = "src"
title = "A source"
publisher = "A publisher"
published = "2023-11-28"
"""

EVENT = """
[[events]]
id = "ev"
date = "1994"
title = "Title"
summary = "Summary"
category = "diplomacy"
sources = ["src"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(*paths: Path) -> list[str]:
    with pytest.raises(FactFileError) as caught:
        load_pack(list(paths))
    return [str(problem) for problem in caught.value.problems]


def test_the_bundled_facts_are_found_in_a_checkout() -> None:
    assert (bundled_facts_dir() / "sources.toml").is_file()


def test_a_valid_minimal_pack_loads(tmp_path: Path) -> None:
    pack = load_pack([write(tmp_path, "a.toml", SOURCE + EVENT)])
    assert [event.id for event in pack.events] == ["ev"]
    assert pack.events[0].sources[0].title == "A source"


def test_a_folder_loads_every_toml_file_in_it(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", SOURCE)
    write(tmp_path, "b.toml", EVENT)
    write(tmp_path, "notes.txt", "not facts")
    assert len(load_pack([tmp_path]).events) == 1


def test_an_unknown_field_is_named_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", SOURCE + EVENT + 'sumary = "typo"\n')
    line = (SOURCE + EVENT).count("\n") + 1
    assert problems(path) == [
        f"{path}:{line}: record ev: unknown field 'sumary'; did you mean 'summary'?"
    ]


def test_a_missing_field_names_the_record(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", SOURCE + EVENT.replace('title = "Title"\n', ""))
    header = (SOURCE).count("\n") + 2
    assert problems(path) == [f"{path}:{header}: record ev: missing field 'title'"]


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("1994-13", "has no month 13"),
        ("1994-02-30", "has no day 30"),
        ("21/09/1973", "more than one"),
        ("1973-9-21", "is not an ISO date"),
        ("2023-11-30/2023-11-27", "ends before it starts"),
    ],
)
def test_a_bad_date_is_an_error(tmp_path: Path, date: str, why: str) -> None:
    path = write(tmp_path, "a.toml", SOURCE + EVENT.replace('"1994"', f'"{date}"'))
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:{SOURCE.count(chr(10)) + 4}: record ev: field 'date'")
    assert why in problem


def test_an_unknown_source_id_suggests_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", SOURCE + EVENT.replace('["src"]', '["srcs"]'))
    (problem,) = problems(path)
    assert "unknown source 'srcs'; did you mean 'src'?" in problem


def test_a_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.toml", SOURCE + EVENT)
    second = write(tmp_path, "b.toml", EVENT)
    (problem,) = problems(first, second)
    assert problem.startswith(f"{second}:3: record ev: duplicate id 'ev'")
    assert str(first) in problem


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    broken = EVENT.replace('"1994"', '"1994-13"').replace('["src"]', '["nope"]')
    path = write(tmp_path, "a.toml", SOURCE + broken + "extra = 1\n")
    found = problems(path)
    assert len(found) == 3
    assert any("field 'date'" in p for p in found)
    assert any("unknown source 'nope'" in p for p in found)
    assert any("unknown field 'extra'" in p for p in found)


def test_a_toml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", SOURCE + 'title = "unclosed\n')
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:{SOURCE.count(chr(10)) + 1}: not valid TOML")


def test_an_unknown_table_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", SOURCE + EVENT.replace("[[events]]", "[[event]]"))
    (problem,) = problems(path)
    assert "unknown table 'event'; did you mean 'events'?" in problem


def test_a_wrong_type_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", SOURCE + EVENT.replace('"1994"', "1994"))
    (problem,) = problems(path)
    assert "field 'date' must be a string, not an integer" in problem


OBSERVATION = """
[[stats]]
key = "fdi"
name = "FDI"
measures = "Investment"

[[observations]]
id = "obs"
stat = "fdi"
metric = "Capital"
value = 1_000
unit = "USD"
as_of = "2023-07"
sources = ["src"]
"""


def test_an_observation_needs_one_of_period_or_as_of(tmp_path: Path) -> None:
    text = SOURCE + OBSERVATION.replace('as_of = "2023-07"', 'as_of = "2023"\nperiod = "2022"')
    (problem,) = problems(write(tmp_path, "a.toml", text))
    assert "exactly one of 'period'" in problem


def test_an_unknown_qualifier_or_stat_key_is_an_error(tmp_path: Path) -> None:
    text = SOURCE + OBSERVATION.replace('stat = "fdi"', 'stat = "fdj"\nqualifier = "abut"')
    found = problems(write(tmp_path, "a.toml", text))
    assert any("unknown stat key 'fdj'" in p and "did you mean 'fdi'" in p for p in found)
    assert any("unknown qualifier 'abut'; did you mean 'about'?" in p for p in found)


def test_an_inferred_record_needs_a_note(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", SOURCE + EVENT + "inferred = true\n")
    (problem,) = problems(path)
    assert "a note is required when 'inferred' is true" in problem
