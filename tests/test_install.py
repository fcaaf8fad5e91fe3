"""A new user's install: build the wheel, install it in a fresh venv, run from elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT
from vnjp.codec import SCHEMA_FILE


def _bin(env_dir: Path, name: str) -> Path:
    return env_dir / ("Scripts" if os.name == "nt" else "bin") / name


def _run_elsewhere(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=folder, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(work / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = (work / "dist").glob("vnjp-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    subprocess.run(
        [str(_bin(env_dir, "python")), "-m", "pip", "install", "-q", str(wheel)], check=True
    )
    return env_dir


def test_the_wheel_carries_the_facts_and_runs_from_another_folder(
    installed_wheel: Path, tmp_path: Path
) -> None:
    result = _run_elsewhere(tmp_path, str(_bin(installed_wheel, "vnjp")), "stat", "fdi", "--json")
    assert result.returncode == 0, result.stderr
    assert any(r["id"] == "fdi-capital-2023-09" for r in json.loads(result.stdout))


def test_the_wheel_carries_the_schema(installed_wheel: Path, tmp_path: Path) -> None:
    result = _run_elsewhere(tmp_path, str(_bin(installed_wheel, "vnjp")), "schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")


def test_python_dash_m_runs_from_another_folder(installed_wheel: Path, tmp_path: Path) -> None:
    result = _run_elsewhere(
        tmp_path, str(_bin(installed_wheel, "python")), "-m", "vnjp", "--version"
    )
    assert result.returncode == 0
    assert result.stdout.startswith("vnjp ")


def test_the_development_install_runs_from_another_folder(tmp_path: Path) -> None:
    """The install the tests run under (editable in CI) also finds the facts."""
    vnjp = shutil.which("vnjp", path=str(Path(sys.executable).parent))
    assert vnjp is not None, "vnjp is not installed beside this Python"
    result = _run_elsewhere(tmp_path, vnjp, "timeline", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
