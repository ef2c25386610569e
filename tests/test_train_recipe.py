"""The model recipe (tools/train_fr_en) end to end at toy size: prepare, train, resume, average, package.

A few thousand real sentence pairs from ../shared, a tiny Transformer trained for seconds: what is
checked is the plumbing (resumable checkpoints, the Argos package format, offline loading), not the
quality, which bench/model_quality.py measures on the real model.
"""

from __future__ import annotations

import gzip
import importlib.util
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


@pytest.mark.slow  # trains, converts and packages a tiny model with the recipe's scripts
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

    augmented = run("augment_names.py", "--work", str(work), "--pairs", "300")
    assert "augment_names: " in augmented and (work / "names.npz").is_file()

    first = run("train.py", "--work", str(work), "--minutes", "0.05", *TINY)
    assert "TRAINING DONE" in first and "VALID final" in first and "name-copy pairs: " in first
    steps = int(first.split("TRAINING DONE: ")[1].split()[0])
    # Rerunning with a larger budget resumes (and keeps the checkpoint's architecture).
    second = run("train.py", "--work", str(work), "--minutes", "0.1", *TINY, "--d-model", "64")
    assert f"resumed from {work / 'ckpt_last.pt'}: step {steps}" in second
    assert "'d': 32" in second
    assert int(second.split("TRAINING DONE: ")[1].split()[0]) > steps

    assert "wrote ckpt_avg.pt" in run("average.py", "--work", str(work), "--threads", "1")

    # The sentence splitter is exported from Stanza when the onnx package is there, else taken from
    # the bundled model (same export).
    bundled = sorted((ROOT / "models").glob("subkit-fr_en-*.argosmodel"))
    if not bundled and importlib.util.find_spec("onnx") is None:
        pytest.skip("neither onnx nor a bundled .argosmodel for the sentence splitter")
    package = tmp_path / "subkit-fr_en-0.0.argosmodel"
    run("package.py", "--work", str(work), "--ckpt", str(work / "ckpt_avg.pt"), "--version", "0.0",
        "--out", str(package))
    assert (work / "fr_sbd.onnx").is_file()

    with zipfile.ZipFile(package) as z:
        names = set(z.namelist())
        meta = json.loads(z.read("subkit-fr_en-0.0/metadata.json"))
    assert {"subkit-fr_en-0.0/model/model.bin", "subkit-fr_en-0.0/sentencepiece.model",
            "subkit-fr_en-0.0/minisbd/fr.onnx"} <= names
    assert (meta["from_code"], meta["to_code"], meta["package_version"]) == ("fr", "en", "0.0")

    # A fresh machine continues from the package alone: unpack.py rebuilds a checkpoint, train.py resumes.
    again = tmp_path / "again"
    again.mkdir()
    for name in ("spm.model", "train.npz", "valid.npz", "names.npz"):
        (again / name).write_bytes((work / name).read_bytes())
    unpacked = run("unpack.py", str(package), "--out", str(again / "ckpt_last.pt"))
    trained_steps = int(second.split("TRAINING DONE: ")[1].split()[0])
    assert f"step {trained_steps}," in unpacked and "'d': 32" in unpacked
    third = run("train.py", "--work", str(again), "--minutes", "0.2", *TINY)
    assert "no optimizer state in the checkpoint" in third
    assert f"resumed from {again / 'ckpt_last.pt'}: step {trained_steps}" in third
    assert int(third.split("TRAINING DONE: ")[1].split()[0]) > trained_steps

    # The real argostranslate installs, loads and runs it offline (a seconds-old model outputs noise).
    argos_package, translate = private_argos
    argos_package.install_from_path(package)
    installed = argos_package.get_installed_packages()
    assert [(p.from_code, p.to_code, p.package_version) for p in installed] == [("fr", "en", "0.0")]
    assert isinstance(translate.translate("Bonjour à tous.", "fr", "en"), str)
    assert no_network == []



def _read_model_bin(data: bytes) -> tuple[dict, dict]:
    sys.path.insert(0, str(RECIPE))
    try:
        from unpack import read_model_bin
    finally:
        sys.path.remove(str(RECIPE))
    return read_model_bin(data)


@pytest.mark.slow  # unpacks and converts the real model with torch
@pytest.mark.skipif(not sorted((ROOT / "models").glob("subkit-fr_en-*.argosmodel")),
                    reason="no bundled .argosmodel")
def test_unpacked_package_converts_back_to_the_same_weights(tmp_path):
    """unpack.py loses nothing: the bundled model, unpacked and converted to int8 again, is the same."""
    for module in ("torch", "sentencepiece", "ctranslate2"):
        pytest.importorskip(module)
    import numpy as np

    archive = sorted((ROOT / "models").glob("subkit-fr_en-*.argosmodel"))[-1]
    with zipfile.ZipFile(archive) as z:
        member = {n.split("/", 1)[1]: n for n in z.namelist() if "/" in n}
        model_bin = z.read(member["model/model.bin"])
        (tmp_path / "spm.model").write_bytes(z.read(member["sentencepiece.model"]))
    assert "no optimizer state" in run("unpack.py", str(archive), "--out", str(tmp_path / "ckpt.pt"))
    run("convert.py", "--ckpt", str(tmp_path / "ckpt.pt"), "--spm", str(tmp_path / "spm.model"),
        "--out", str(tmp_path / "ct2"))

    original, original_aliases = _read_model_bin(model_bin)
    again, again_aliases = _read_model_bin((tmp_path / "ct2" / "model.bin").read_bytes())
    assert again_aliases == original_aliases and again.keys() == original.keys()
    for name, value in original.items():
        if name.endswith("position_encodings/encodings"):
            # model.py recomputes the table with this machine's sin/cos; it is not read from the package
            np.testing.assert_allclose(again[name], value, atol=1e-4, err_msg=name)
        else:
            np.testing.assert_array_equal(again[name], value, err_msg=name)


def test_name_copy_augmentation_swaps_one_copied_name_on_both_sides():
    sys.path.insert(0, str(RECIPE))
    try:
        import random

        from augment_names import augment, copied_names
    finally:
        sys.path.remove(str(RECIPE))
    assert copied_names("Tom a vu Marie à Paris.", "Tom saw Mary in Paris.") == ["Paris"]  # not the first word
    assert copied_names("Il habite à Londres.", "He lives in London.") == []
    pairs = [("Je suis allé à Pokrovsk avec Tom.", "I went to Pokrovsk with Tom.", 7),
             ("Il pleut.", "It is raining.", 7)]
    made, candidates, names = augment(pairs, 50, random.Random(0))
    assert (candidates, names) == (1, 2) and len(made) >= 30
    for fr, en in made:
        new = set(fr.split()) - set(pairs[0][0].split())
        assert len(new) == 1  # one name swapped...
        (name,) = new
        assert name.rstrip(".") in en  # ...and the same one in the English
