"""What the ``subkit episode`` end-to-end tests share: a workspace, and the seed's first run in it
(made once per test module; each test works on its own copy)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from subkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"
NAME = SEED.stem
OUTPUTS = (f"{NAME}.fr.srt", f"{NAME}.en.srt", f"{NAME}.report.json", f"{NAME}.report.html")


class Env:
    """An episode workspace: transcripts in, outputs out, and a translation memory."""

    def __init__(self, base: Path):
        self.base = base
        self.inputs = base / "in"
        self.out = base / "out"
        self.memory = base / "memory.sqlite3"

    def run(self, *args: str, out: Path | None = None, memory: Path | None = None):
        argv = ["episode", *args, "--out", str(out or self.out), "--memory", str(memory or self.memory)]
        return CliRunner().invoke(cli, argv, catch_exceptions=False)


def seed_first_run(argos_dir: Path, base: Path):
    """(workspace, CLI result) of the seed's first run on a fresh memory in *base*."""
    e = Env(base)
    e.inputs.mkdir()
    shutil.copy(SEED, e.inputs / SEED.name)
    with pytest.MonkeyPatch.context() as patch:  # the environment is changed for this run only
        patch.setenv("ARGOS_PACKAGES_DIR", str(argos_dir))
        patch.setenv("XDG_CACHE_HOME", str(base / "cache"))
        started = time.perf_counter()
        result = e.run(str(e.inputs))
        result.seconds = time.perf_counter() - started
    return e, result


def workspace_copy(original: Env, argos_dir: Path, tmp_path: Path, monkeypatch) -> Env:
    """A test's own copy of *original*, with the real model installed."""
    copy = Env(tmp_path / "episode")
    shutil.copytree(original.base, copy.base, ignore=shutil.ignore_patterns("cache"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return copy


def row(result, name: str = NAME) -> str:
    """The summary table's row of episode *name*."""
    return next(line for line in result.stdout.splitlines() if line.startswith(f"{name} "))
