"""The pager as git starts it: less shows colours, not escape codes, when LESS is unset;
a LESS of the user's own is left as it is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.test_streams import _on_a_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def _pager_environment(env: dict[str, str], tmp_path: Path) -> str:
    """LESS and LV as the pager saw them, for a long output paged on a terminal."""
    seen = tmp_path / "seen"
    pager = f'printf "LESS=%s LV=%s" "${{LESS-unset}}" "${{LV-unset}}" > {seen}; cat > /dev/null'
    _on_a_terminal(["timeline"], {"VNJP_PAGER": pager, **env}, tmp_path)
    return seen.read_text(encoding="utf-8")


def test_less_gets_frx_when_less_is_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.delenv("LV", raising=False)
    assert _pager_environment({}, tmp_path) == "LESS=FRX LV=-c"


def test_a_less_of_the_users_own_is_kept(tmp_path: Path) -> None:
    assert _pager_environment({"LESS": "-S", "LV": ""}, tmp_path) == "LESS=-S LV="
