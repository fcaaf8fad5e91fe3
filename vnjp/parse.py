"""Parse fact files' TOML and validate it into a FactPack.

Every problem is collected, with its file, line and record, before anything
is raised: someone fixing a fact file wants the whole list at once.
"""

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

# tomli on every Python: its compiled wheels parse about 2.7x faster than tomllib.
import tomli

from vnjp.errors import ExitStatus, VnjpError, decode_text
from vnjp.lexicon import lexicon
from vnjp.model import (
    AMONG_THE_TOP,
    Event,
    FactFile,
    FactPack,
    Observation,
    PartialDate,
    Person,
    RecordCount,
    Source,
    StatKey,
    Visit,
    When,
)
from vnjp.text import closest, is_unsafe, shorten

T = TypeVar("T")
_R = TypeVar("_R", Source, Event, Visit, Observation)


class Problem(NamedTuple):
    """One thing wrong in a fact file, located as precisely as the file allows."""

    path: Path
    message: str
    line: int | None = None
    record: str | None = None

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        about = f"record {self.record}: " if self.record else ""
        return f"{where}: {about}{self.message}"


class FactFileError(VnjpError):
    exit_status = ExitStatus.FACTS_INVALID

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        header = f"the fact pack has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([header, *(f"  {problem}" for problem in self.problems)]))


TABLES = ("sources", "events", "visits", "stats", "observations")
# What a figure can be: 10^18 is a million times the world's yearly output in dollars.
MAX_FIGURE_DIGITS = 18
MAX_FIGURE = 10**MAX_FIGURE_DIGITS
MAX_RANK = 1_000_000
# tomli's own limit on arrays and inline tables within each other; a fact file needs 2.
MAX_NESTING = 400
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_CATEGORY = re.compile(r"[a-z][a-z-]*")
_ARRAY_HEADER = re.compile(r"\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
_TABLE_HEADER = re.compile(r"\s*\[")
_KEY_LINE = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")


def parse_pack(files: Sequence[FactFile]) -> FactPack:
    """The validated pack of these files; raise FactFileError listing every problem."""
    return _PackBuilder(files).build()


def find_problems(files: Sequence[FactFile]) -> tuple[RecordCount, tuple[Problem, ...]]:
    """How many records the files hold and every problem in them, without raising."""
    builder = _PackBuilder(files)
    tables = Counter(raw.table for raw in builder.raw)
    try:
        builder.build()
    except FactFileError as error:
        return RecordCount.of_tables(tables), error.problems
    return RecordCount.of_tables(tables), ()


# -- where things are in a file ------------------------------------------------


class _Locations:
    """Line numbers of `[[table]]` records and of the keys inside them, scanned the
    first time a problem needs one: a valid file is never scanned."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._scanned = False
        self.records: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int], dict[str, int]] = {}

    def _scan(self) -> None:
        found = self
        counts: dict[str, int] = {}
        current: tuple[str, int] | None = None
        for number, line in enumerate(self._text.splitlines(), start=1):
            header = _ARRAY_HEADER.match(line)
            if header:
                name = header.group(1)
                current = (name, counts.get(name, 0))
                counts[name] = current[1] + 1
                found.records[current] = number
                found.keys[current] = {}
            elif _TABLE_HEADER.match(line):
                current = None
            elif current is not None and (key := _KEY_LINE.match(line)):
                found.keys[current].setdefault(key.group(1), number)
        self._scanned = True

    def line(self, table: str, index: int, key: str | None = None) -> int | None:
        if not self._scanned:
            self._scan()
        if key is not None and key in self.keys.get((table, index), {}):
            return self.keys[(table, index)][key]
        return self.records.get((table, index))


# -- reading one record --------------------------------------------------------


class _Fields:
    """Typed access to one TOML record's fields, noting each problem found."""

    def __init__(
        self,
        raw: dict[str, Any],
        report: Callable[[str, str | None], None],
    ) -> None:
        self._raw = raw
        self.report = report
        self._used: set[str] = set()

    def has(self, name: str) -> bool:
        return name in self._raw

    def is_empty_text(self, name: str) -> bool:
        return self._raw.get(name) == ""

    def _get(self, name: str, kind: type | tuple[type, ...], required: bool) -> Any:
        self._used.add(name)
        if name not in self._raw:
            if required:
                self.report(f"missing field '{name}'", None)
            return None
        value = self._raw[name]
        # bool is an int in Python; a number field must not accept true/false.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            self.report(f"field '{name}' must be {_describe(kind)}, not {_toml_type(value)}", name)
            return None
        return value

    def text(self, name: str, *, required: bool = True, nonempty: bool = True) -> str:
        value = self._get(name, str, required)
        if value is None:
            return ""
        if nonempty and required and not value.strip():
            self.report(f"field '{name}' is empty", name)
        return str(value)

    def texts(self, name: str) -> tuple[str, ...]:
        value = self._get(name, list, False)
        if value is None:
            return ()
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.report(f"field '{name}' must be a list of non-empty strings", name)
            return ()
        return tuple(value)

    def aliases(self, name: str) -> tuple[str, ...]:
        """Other names of a record's named thing: non-empty strings of one line, no
        control characters, none given twice (ignoring case and spacing)."""
        aliases = self.texts(name)
        seen: set[str] = set()
        fine = True
        for alias in aliases:
            unsafe = next((ch for ch in alias if is_unsafe(ch, one_line=True)), None)
            if unsafe is not None:
                self.report(
                    f"alias {shorten(alias, 60)!r} in field '{name}' holds a control "
                    f"character (U+{ord(unsafe):04X})",
                    name,
                )
                fine = False
                continue
            key = " ".join(alias.split()).casefold()
            if key in seen:
                self.report(f"field '{name}' lists the alias {shorten(alias, 60)!r} twice", name)
                fine = False
            seen.add(key)
        return aliases if fine else ()

    def integer(self, name: str, *, minimum: int = 1) -> int | None:
        value = self._get(name, int, False)
        if value is not None and not minimum <= value <= MAX_RANK:
            self.report(f"field '{name}' must be from {minimum} to {MAX_RANK:,}", name)
            return None
        return value  # type: ignore[no-any-return]

    def number(self, name: str) -> int | float | None:
        value = self._get(name, (int, float), False)
        if isinstance(value, float) and not math.isfinite(value):
            self.report(f"field '{name}' must be a finite number", name)
            return None
        if value is not None and abs(value) > MAX_FIGURE:
            self.report(f"field '{name}' must be at most 10^{MAX_FIGURE_DIGITS} either way", name)
            return None
        return value  # type: ignore[no-any-return]

    def flag(self, name: str) -> bool:
        return bool(self._get(name, bool, False))

    def when(self, name: str, *, required: bool, allow_empty: bool = False) -> When | None:
        text = self._get(name, str, required)
        if text is None or (allow_empty and text == ""):
            return None
        try:
            return When.parse(text)
        except ValueError as error:
            self.report(f"field '{name}': {error}", name)
            return None

    def choice(self, name: str, pattern: re.Pattern[str], what: str, required: bool) -> str:
        text = self._get(name, str, required)
        if text is None or (not required and text == ""):
            return ""
        if not pattern.fullmatch(text):
            self.report(f"field '{name}' must be {what}, not {text!r}", name)
        return str(text)

    def people(self, name: str) -> tuple[Person, ...]:
        value = self._get(name, list, False)
        if value is None:
            return ()
        people = []
        for item in value:
            if (
                not isinstance(item, dict)
                or set(item) != {"name", "role", "country"}
                or not all(isinstance(part, str) and part.strip() for part in item.values())
                or not _COUNTRY.fullmatch(item["country"])
            ):
                self.report(
                    f"each entry of '{name}' must be {{ name, role, country }} "
                    "with a two-letter country code",
                    name,
                )
                return ()
            people.append(Person(item["name"], item["role"], item["country"]))
        return tuple(people)

    def finish(self) -> None:
        for name in self._raw:
            if name not in self._used:
                suggestion = closest(name, self._used)
                hint = f"; did you mean '{suggestion}'?" if suggestion else ""
                self.report(f"unknown field '{name}'{hint}", name)


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


def _describe(kind: type | tuple[type, ...]) -> str:
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in _as_tuple(kind))


def _toml_type(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


# -- building the pack ---------------------------------------------------------


class _Raw(NamedTuple):
    """One [[table]] record as read from a file, before it is validated."""

    path: Path
    table: str
    position: int
    data: dict[str, Any]
    locations: _Locations


# A record of each table, as a problem names it.
_SINGULAR = {
    "sources": "source",
    "events": "event",
    "visits": "visit",
    "stats": "stat key",
    "observations": "figure",
}


class _PackBuilder:
    def __init__(self, files: Sequence[FactFile]) -> None:
        self.problems: list[Problem] = []
        self.raw: list[_Raw] = []
        self._sources: dict[str, Source] = {}
        self._stat_key_ids: set[str] = set()
        for file in files:
            self._add_file(file)

    def _add_file(self, file: FactFile) -> None:
        path = file.path
        try:
            text = decode_text(file.content)  # a UTF-8 byte-order mark is dropped
        except UnicodeDecodeError as error:
            # UTF-16 and UTF-32 are named as such; other bytes by where they fail.
            why = str(error) if error.encoding.startswith("utf-8") else error.reason
            self.problems.append(Problem(path, f"cannot read the file: not UTF-8: {why}"))
            return
        try:
            document = tomli.loads(text)
        except tomli.TOMLDecodeError as error:
            line = getattr(error, "lineno", None) or _line_from_message(str(error))
            self.problems.append(Problem(path, f"not valid TOML: {error}", line=line))
            return
        except RecursionError:
            message = f"values nested deeper than vnjp reads (at most {MAX_NESTING} levels)"
            self.problems.append(Problem(path, message))
            return
        locations = _Locations(text)
        for table, records in document.items():
            if table not in TABLES:
                suggestion = closest(table, TABLES)
                hint = f"; did you mean '{suggestion}'?" if suggestion else ""
                line = locations.line(table, 0)
                self.problems.append(Problem(path, f"unknown table '{table}'{hint}", line=line))
                continue
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                self.problems.append(
                    Problem(path, f"'{table}' must be an array of tables: write [[{table}]]")
                )
                continue
            for index, record in enumerate(records):
                self.raw.append(_Raw(path, table, index, record, locations))

    def build(self) -> FactPack:
        ids_seen: dict[str, _Raw] = {}
        keys_seen: dict[str, _Raw] = {}
        files = dict.fromkeys(raw.path for raw in self.raw)
        self._file_order = {path: number for number, path in enumerate(files)}
        stat_keys = [
            key
            for raw in self._of("stats")
            if (key := self._read(raw, self._stat_key)) is not None
            and self._unique(raw, key.key, keys_seen, what="stat key")
        ]
        self._stat_key_ids = set(keys_seen)

        def records(table: str, reader: Callable[[_Fields], _R]) -> list[_R]:
            return [
                record
                for raw in self._of(table)
                if (record := self._read(raw, reader)) is not None
                and self._unique(raw, record.id, ids_seen)
            ]

        # Sources first: every other record refers to them.
        sources = records("sources", self._source)
        self._sources = {source.id: source for source in sources}
        pack = FactPack(
            sources=tuple(sources),
            events=tuple(records("events", self._event)),
            visits=tuple(records("visits", self._visit)),
            stat_keys=tuple(stat_keys),
            observations=tuple(records("observations", self._observation)),
        )
        if self.problems:
            raise FactFileError(self.problems)
        return pack

    def _of(self, table: str) -> list[_Raw]:
        return [raw for raw in self.raw if raw.table == table]

    def _read(self, raw: _Raw, reader: Callable[[_Fields], T]) -> T | None:
        record_id = raw.data.get("id", raw.data.get("key"))
        label = (
            shorten(record_id, 60) if isinstance(record_id, str) else f"{raw.table}[{raw.position}]"
        )
        before = len(self.problems)

        def report(message: str, key: str | None) -> None:
            line = raw.locations.line(raw.table, raw.position, key)
            self.problems.append(Problem(raw.path, message, line=line, record=label))

        fields = _Fields(raw.data, report)
        record = reader(fields)
        fields.finish()
        return record if len(self.problems) == before else None

    def _unique(self, raw: _Raw, name: str, seen: dict[str, _Raw], what: str = "id") -> bool:
        """Note a duplicate of `name`; True when new. The problem stands at whichever
        of the two comes in the later file (the user's, not the bundled pack's, which
        comes first), whatever the order of the tables, and names the other."""
        first = seen.setdefault(name, raw)
        if first is raw:
            return True
        order = self._file_order
        later, other = (first, raw) if order[first.path] > order[raw.path] else (raw, first)
        key = "key" if what == "stat key" else "id"
        where = f"{other.path}:{other.locations.line(other.table, other.position, key)}"
        kind = _SINGULAR.get(other.table, other.table)
        message = (
            f"duplicate {what} '{name}': the {kind} at {where} has it; "
            f"give yours a prefix of your own, such as 'my-{name}'"
        )
        line = later.locations.line(later.table, later.position, key)
        self.problems.append(Problem(later.path, message, line=line, record=name))
        return False

    # Each reader builds one record; its problems go to fields.report.

    def _record_id(self, fields: _Fields) -> str:
        return fields.choice("id", _ID, "lower-case letters, digits and '-'", required=True)

    def _source_refs(self, fields: _Fields) -> tuple[Source, ...]:
        ids = fields.texts("sources")
        if not ids:
            if fields.has("sources"):
                fields.report("field 'sources' is empty", "sources")
            else:
                fields.report("missing field 'sources'", None)
            return ()
        resolved = []
        for source_id in ids:
            if source_id not in self._sources:
                suggestion = closest(source_id, self._sources)
                hint = f"; did you mean '{suggestion}'?" if suggestion else ""
                fields.report(f"unknown source '{source_id}'{hint}", "sources")
            else:
                resolved.append(self._sources[source_id])
        return tuple(resolved)

    def _note_required(self, fields: _Fields, note: str, why: str) -> None:
        if not note.strip():
            fields.report(f"a note is required {why}", "note")

    def _source(self, fields: _Fields) -> Source:
        source_id = self._record_id(fields)
        published_text = fields.text("published", nonempty=False)
        note = fields.text("note", required=False)
        published = None
        if published_text:
            try:
                published = PartialDate.parse(published_text)
            except ValueError as error:
                fields.report(f"field 'published': {error}", "published")
        elif fields.has("published"):
            self._note_required(fields, note, "when 'published' is empty")
        return Source(
            id=source_id,
            title=fields.text("title"),
            publisher=fields.text("publisher", nonempty=False),
            published=published,
            note=note,
        )

    def _stat_key(self, fields: _Fields) -> StatKey:
        return StatKey(
            key=fields.choice("key", _ID, "lower-case letters, digits and '-'", required=True),
            name=fields.text("name"),
            measures=fields.text("measures"),
        )

    def _event(self, fields: _Fields) -> Event:
        date = fields.when("date", required=True, allow_empty=True)
        note = fields.text("note", required=False)
        inferred = fields.flag("inferred")
        if date is None and fields.is_empty_text("date"):
            self._note_required(fields, note, "when 'date' is empty")
        if inferred:
            self._note_required(fields, note, "when 'inferred' is true")
        return Event(
            id=self._record_id(fields),
            date=date,
            title=fields.text("title"),
            summary=fields.text("summary"),
            category=fields.choice(
                "category", _CATEGORY, "a lower-case word such as 'trade'", required=True
            ),
            sources=self._source_refs(fields),
            people=fields.people("people"),
            places=fields.texts("places"),
            aliases=fields.aliases("aliases"),
            note=note,
            inferred=inferred,
        )

    def _visit(self, fields: _Fields) -> Visit:
        note = fields.text("note", required=False)
        inferred = fields.flag("inferred")
        if inferred:
            self._note_required(fields, note, "when 'inferred' is true")
        country = "a two-letter ISO 3166 code such as 'VN'"
        from_country = fields.choice("from", _COUNTRY, country, required=True)
        to_country = fields.choice("to", _COUNTRY, country, required=True)
        if from_country and from_country == to_country:
            fields.report("'from' and 'to' are the same country", "to")
        date = fields.when("date", required=True)
        return Visit(
            id=self._record_id(fields),
            date=date if date is not None else When.parse("0001"),
            person=fields.text("person"),
            role=fields.text("role"),
            from_country=from_country,
            to_country=to_country,
            visit_type=fields.text("visit_type"),
            sources=self._source_refs(fields),
            first=fields.text("first", required=False),
            outcomes=fields.texts("outcomes"),
            counterparts=fields.people("counterparts"),
            places=fields.texts("places"),
            aliases=fields.aliases("aliases"),
            note=note,
            inferred=inferred,
        )

    def _observation(self, fields: _Fields) -> Observation:
        stat = fields.text("stat")
        if stat and stat not in self._stat_key_ids:
            suggestion = closest(stat, self._stat_key_ids)
            hint = f"; did you mean '{suggestion}'?" if suggestion else ""
            fields.report(f"unknown stat key '{stat}' (add a [[stats]] table for it){hint}", "stat")
        value = fields.number("value")
        unit = fields.text("unit", required=False)
        rank = fields.integer("rank")
        rank_of = fields.integer("rank_of")
        if value is None and rank is None and not fields.has("value"):
            fields.report("an observation needs a 'value', a 'rank' or both", None)
        if value is not None and not unit:
            fields.report("field 'unit' is required with 'value'", "value")
        if rank_of is not None and rank is not None and rank > rank_of:
            fields.report(f"rank {rank} is larger than rank_of {rank_of}", "rank")
        qualifier = fields.text("qualifier", required=False)
        qualifiers = (*lexicon().hedges, AMONG_THE_TOP)  # a figure's hedge, or a rank's
        if qualifier and qualifier not in qualifiers:
            suggestion = closest(qualifier, qualifiers)
            hint = f"; did you mean '{suggestion}'?" if suggestion else ""
            fields.report(f"unknown qualifier '{qualifier}'{hint}", "qualifier")
        period = fields.when("period", required=False)
        as_of = fields.when("as_of", required=False)
        if fields.has("period") == fields.has("as_of"):
            fields.report("give exactly one of 'period' (a flow) or 'as_of' (a stock)", None)
        country = "a two-letter ISO 3166 code such as 'VN'"
        from_country = fields.choice("from", _COUNTRY, country, required=False)
        to_country = fields.choice("to", _COUNTRY, country, required=False)
        if bool(from_country) != bool(to_country):
            fields.report("give both 'from' and 'to', or neither", "from")
        note = fields.text("note", required=False)
        inferred = fields.flag("inferred")
        if inferred:
            self._note_required(fields, note, "when 'inferred' is true")
        return Observation(
            id=self._record_id(fields),
            stat=stat,
            metric=fields.text("metric"),
            sources=self._source_refs(fields),
            value=value,
            unit=unit,
            qualifier=qualifier,
            period=period,
            as_of=as_of,
            from_country=from_country,
            to_country=to_country,
            rank=rank,
            rank_of=rank_of,
            ranked_after=fields.texts("ranked_after"),
            out_of=fields.number("out_of"),
            aliases=fields.aliases("aliases"),
            note=note,
            inferred=inferred,
        )


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
