"""The model recipe (tools/train_fr_en) end to end at toy size: prepare, train, resume, average, package.

A few thousand real sentence pairs from ../shared, a tiny Transformer trained for seconds: what is
checked is the plumbing (resumable checkpoints, the Argos package format, offline loading), not the
quality, which bench/model_quality.py measures on the real model.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

RECIPE = ROOT / "tools" / "train_fr_en"
PARALLEL = ROOT.parent / "shared" / "data" / "parallel"
TINY = ["--d-model", "32", "--ffn", "64", "--heads", "2", "--enc-layers", "1", "--dec-layers", "1",
        "--batch-tokens", "600", "--threads", "1", "--export-every", "0", "--cooldown", "0"]


def run(script: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(RECIPE / script), *args], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def sample_data(dest: Path) -> None:
    """The first pairs of one long (validation-eligible) and one conversational source."""
    dest.mkdir()
    for name, n in (("europarl", 1500), ("tatoeba", 1500)):
        with gzip.open(PARALLEL / f"{name}.fr-en.tsv.gz", "rt", encoding="utf-8") as f:
            lines = [next(f) for _ in range(n)]
        with gzip.open(dest / f"{name}.fr-en.tsv.gz", "wt", encoding="utf-8") as f:
            f.writelines(lines)


@pytest.mark.skipif(not PARALLEL.is_dir(), reason="../shared/data/parallel is not beside the checkout")
def test_recipe_end_to_end(tmp_path, private_argos, no_network):
    for module in ("torch", "sentencepiece", "ctranslate2", "argostranslate"):
        pytest.importorskip(module)
    sample_data(tmp_path / "data")
    work = tmp_path / "work"

    out = run("prepare.py", "--data", str(tmp_path / "data"), "--work", str(work), "--vocab-size", "700",
              "--valid-size", "50")
    assert "kept" in out and (work / "spm.model").is_file() and (work / "train.npz").is_file()
    assert len((work / "valid.fr").read_text(encoding="utf-8").splitlines()) == 50
    assert "outputs exist, skipping" in run("prepare.py", "--data", str(tmp_path / "data"), "--work", str(work))

    first = run("train.py", "--work", str(work), "--minutes", "0.05", *TINY)
    assert "TRAINING DONE" in first and "VALID final" in first
    steps = int(first.split("TRAINING DONE: ")[1].split()[0])
    # Rerunning with a larger budget resumes (and keeps the checkpoint's architecture).
    second = run("train.py", "--work", str(work), "--minutes", "0.1", *TINY, "--d-model", "64")
    assert f"resumed from {work / 'ckpt_last.pt'}: step {steps}" in second
    assert "'d': 32" in second
    assert int(second.split("TRAINING DONE: ")[1].split()[0]) > steps

    assert "wrote ckpt_avg.pt" in run("average.py", "--work", str(work), "--threads", "1")

    # The sentence splitter is exported once from Stanza (needs onnx); reuse the bundled model's.
    bundled = sorted((ROOT / "models").glob("subkit-fr_en-*.argosmodel"))
    if not bundled:
        pytest.skip("no bundled .argosmodel to take the exported sentence splitter from")
    with zipfile.ZipFile(bundled[-1]) as z:
        sbd = next(n for n in z.namelist() if n.endswith("minisbd/fr.onnx"))
        (work / "fr_sbd.onnx").write_bytes(z.read(sbd))
    package = tmp_path / "subkit-fr_en-0.0.argosmodel"
    run("package.py", "--work", str(work), "--ckpt", str(work / "ckpt_avg.pt"), "--version", "0.0",
        "--out", str(package))

    with zipfile.ZipFile(package) as z:
        names = set(z.namelist())
        meta = json.loads(z.read("subkit-fr_en-0.0/metadata.json"))
    assert {"subkit-fr_en-0.0/model/model.bin", "subkit-fr_en-0.0/sentencepiece.model",
            "subkit-fr_en-0.0/minisbd/fr.onnx"} <= names
    assert (meta["from_code"], meta["to_code"], meta["package_version"]) == ("fr", "en", "0.0")

    # The real argostranslate installs, loads and runs it offline (a seconds-old model outputs noise).
    argos_package, translate = private_argos
    argos_package.install_from_path(package)
    installed = argos_package.get_installed_packages()
    assert [(p.from_code, p.to_code, p.package_version) for p in installed] == [("fr", "en", "0.0")]
    assert isinstance(translate.translate("Bonjour à tous.", "fr", "en"), str)
    assert no_network == []
