"""Each shortcut taken for speed on large packs gives exactly what the plain way gives."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnjp import compile as compile_module
from vnjp import words as words_module
from vnjp.load import load_pack
from vnjp.model import FactPack


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
