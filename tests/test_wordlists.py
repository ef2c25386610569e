"""The word lists shipped in subkit/language/data are what tools/build_wordlists.py makes of the corpus."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

PARALLEL = ROOT.parent / "shared" / "data" / "parallel"


@pytest.mark.slow  # reads the whole training corpus
@pytest.mark.skipif(not PARALLEL.is_dir(), reason="../shared/data/parallel is not beside the checkout")
def test_word_lists_are_current(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build_wordlists.py"), "--data", str(PARALLEL),
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for lang in ("fr", "en"):
        name = f"words-{lang}.txt.gz"
        assert (tmp_path / name).read_bytes() == (ROOT / "src" / "subkit" / "language" / "data" / name).read_bytes()
