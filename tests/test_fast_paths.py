"""Each shortcut taken for speed on large packs gives exactly what the plain way gives."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnjp import compile as compile_module
from vnjp import query, search
from vnjp import words as words_module
from vnjp.claims.verdict import Checker
from vnjp.codec import Rendered
from vnjp.index import Index
from vnjp.load import load_pack, open_index
from vnjp.model import FactPack
from vnjp.render.json import _json_escape, render_json
from vnjp.results import CheckResults, Result
from vnjp.text import replace_unsafe


class _StartsEverything:
    """A phrase-start set that every text meets: the prefilter never skips."""

    def isdisjoint(self, words: object) -> bool:
        return False


# Every phrase of the lexicon, word by word, and each of its words alone.
_PHRASES = sorted(
    {phrase for found in words_module._words().phrases.values() for phrase, _ in found}
)
_PIECES = st.one_of(
    st.sampled_from(_PHRASES),
    st.sampled_from(sorted({word for phrase in _PHRASES for word in phrase})).map(lambda w: (w,)),
    st.sampled_from(["japan's", "of", "the", "2020-2022", "s"]).map(lambda w: (w,)),
    st.from_regex(r"[a-z]{1,8}", fullmatch=True).map(lambda w: (w,)),
)


@given(st.lists(_PIECES, max_size=6))
def test_the_phrase_prefilter_changes_no_words(pieces: list[tuple[str, ...]]) -> None:
    words = [word for piece in pieces for word in piece]
    vocabulary = words_module._words()
    fast = vocabulary.with_phrases(list(words))
    starts = vocabulary.phrase_starts
    try:
        vocabulary.phrase_starts = _StartsEverything()  # type: ignore[assignment]
        plain = vocabulary.with_phrases(list(words))
    finally:
        vocabulary.phrase_starts = starts
    assert fast == plain


@given(st.text(alphabet="abc- '0123", max_size=30))
def test_tokens_without_a_hyphen_are_the_words_found(text: str) -> None:
    expected = [
        part
        for word in words_module._WORD.findall(text)
        for part in (word.split("-") if not word[0].isdigit() else (word,))
        if part
    ]
    assert words_module._tokens(text) == expected


def _tables(pack: FactPack) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(":memory:")
    compile_module.compile_pack(pack, connection, "key")
    names = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        name: connection.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()
        for name in names
    }


def test_an_index_written_a_few_records_at_a_time_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pack = load_pack()
    whole = _tables(pack)
    monkeypatch.setattr(compile_module, "_CHUNK", 7)
    assert _tables(pack) == whole
    assert len(whole["postings"]) > 1000 and len(whole["records"]) > 7


# -- --json copies each record's text from the index ------------------------------


def _plain_json(result: Result, ascii_only: bool) -> str:
    """What --json printed before records were copied: the whole document encoded."""
    text = json.dumps(result.document(), ensure_ascii=ascii_only, indent=2)
    return replace_unsafe(text, _json_escape) + "\n"


def _results(index: Index) -> list[Result]:
    checker = Checker(index)
    claims = ["Japan is Vietnam's largest ODA provider.", "Kishida visited Vietnam in 2023."]
    # A claim that is the very text of a mark: the marks are not each found once.
    claims += ["\x00vnjp-record-1\x00"]
    return [
        query.timeline(index),
        query.timeline(index, category="visit"),
        query.leader_visits(index),
        query.stat(index, "fdi"),
        search.search(index, "japan investment"),
        search.search(index, "kishida"),
        CheckResults(tuple(checker.check(claim) for claim in claims), False, date(2024, 1, 2)),
    ]


@pytest.mark.parametrize("ascii_only", [False, True])
def test_json_copied_from_the_index_is_the_json_encoded(ascii_only: bool) -> None:
    index = open_index(None)
    for result in _results(index):
        copied = render_json(result, ascii_only=ascii_only)
        assert copied == _plain_json(result, ascii_only)
    # Records were copied, not encoded: the texts were there to copy.
    assert isinstance(query.timeline(index).rows()[0], Rendered)


def test_json_of_awkward_text_is_copied_as_it_would_be_encoded(tmp_path: Path) -> None:
    # Beyond the basic plane, DEL, a C1 control, a bidi override, quotes, backslash, tab,
    # and the very characters of a mark.
    awkward = r"\u0110\u1ed7 M\u01b0\u1eddi \U0001F1FB\U0001F1F3 \u007f \u0085 \u202e"
    awkward += r" \"q\" \\ \t end"
    mark = r"\u0000vnjp-record-0\u0000"
    (tmp_path / "odd.toml").write_text(
        "[[sources]]\n"
        f'id = "odd"\ntitle = "{awkward}"\npublisher = "P"\npublished = "2020"\n\n'
        "[[events]]\n"
        f'id = "odd-event"\ndate = "2020-01"\ntitle = "{awkward}"\n'
        f'summary = "{awkward} {mark}"\ncategory = "diplomacy"\nsources = ["odd"]\n',
        encoding="utf-8",
    )
    index = open_index([tmp_path])
    for ascii_only in (False, True):
        for result in (query.timeline(index), search.search(index, "muoi")):
            assert result.records
            assert render_json(result, ascii_only=ascii_only) == _plain_json(result, ascii_only)


def test_a_changed_row_is_encoded_again() -> None:
    row = query.timeline(open_index(None)).rows()[0]
    assert isinstance(row, Rendered) and row.text is not None
    row["title"] = "changed"
    assert row.text is None
    other = query.timeline(open_index(None)).rows()[0]
    assert isinstance(other, Rendered)
    other.update(title="changed")
    assert other.text is None
