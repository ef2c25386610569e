"""The model recipe (tools/train_fr_en) end to end at toy size: prepare, train, resume, average, package.

A few thousand real sentence pairs from ../shared, a tiny Transformer trained for seconds: what is
checked is the plumbing (resumable checkpoints, the Argos package format, offline loading), not the
quality, which bench/model_quality.py measures on the real model.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import RECIPE, ROOT, import_from

PARALLEL = ROOT.parent / "shared" / "data" / "parallel"
BATCH2 = ROOT.parent / "shared" / "data" / "parallel-batch2"
FLORES_DEV = ROOT.parent / "shared" / "data" / "eval" / "flores-dev"
BUNDLED = sorted((ROOT / "models").glob("subkit-fr_en-*.argosmodel"))
NEEDS_DATA_AND_MODEL = pytest.mark.skipif(not (PARALLEL.is_dir() and BUNDLED),
                                          reason="needs ../shared/data/parallel and a bundled model")
TINY = ["--d-model", "32", "--ffn", "64", "--heads", "2", "--enc-layers", "1", "--dec-layers", "1",
        "--batch-tokens", "600", "--threads", "1", "--export-every", "0", "--cooldown", "0"]


def run(script: str, *args: str, env: dict | None = None) -> str:
    """One of the recipe's scripts (Python, or bash for .sh), which must succeed; its stdout."""
    interpreter = "bash" if script.endswith(".sh") else sys.executable
    proc = subprocess.run([interpreter, str(RECIPE / script), *args], capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _recipe(module: str):
    return import_from(RECIPE, module)


def _need_conversion_modules() -> None:
    for module in ("torch", "sentencepiece", "ctranslate2"):
        pytest.importorskip(module)


def sample_data(dest: Path) -> None:
    """The first pairs of one long (validation-eligible) and one conversational source."""
    for name, n in (("europarl", 1500), ("tatoeba", 1500)):
        _write_source(dest, name, _first_pairs(PARALLEL / f"{name}.fr-en.tsv.gz", n))


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
    joined = run("join_segments.py", "--work", str(work), "--pairs", "200")
    assert "join_segments: " in joined and (work / "joined.npz").is_file()
    assert "phrasebook: 100 pairs" in run("phrasebook.py", "--work", str(work), "--pairs", "100")
    numbers = run("augment_numbers.py", "--work", str(work), "--pairs", "100")
    assert "augment_numbers: " in numbers and (work / "numbers.npz").is_file()
    sampled = run("sample_segments.py", "--work", str(work), "--pairs", "100")
    assert "sample_segments: 100 pairs" in sampled and (work / "sampled.npz").is_file()

    first = run("train.py", "--work", str(work), "--minutes", "0.05", "--joined-weight", "0.5",
                "--sampled-weight", "1", *TINY)
    assert "TRAINING DONE" in first and "VALID final" in first and "name-copy pairs (augment_names.py): " in first
    assert "joined segments (join_segments.py): " in first and "phrasebook pairs (phrasebook.py): 100," in first
    assert "number-copy pairs (augment_numbers.py): " in first
    assert "sampled segmentations (sample_segments.py): 100, a share of 1" in first
    steps = int(first.split("TRAINING DONE: ")[1].split()[0])
    # stands for a periodic checkpoint of an earlier run, for average.py --since-minute below
    shutil.copy(work / "ckpt_last.pt", work / "ckpt_0000min.pt")
    # Rerunning with a larger budget resumes (and keeps the checkpoint's architecture).
    second = run("train.py", "--work", str(work), "--minutes", "0.1", *TINY, "--d-model", "64")
    assert f"resumed from {work / 'ckpt_last.pt'}: step {steps}" in second
    assert "'d': 32" in second
    assert int(second.split("TRAINING DONE: ")[1].split()[0]) > steps

    since = run("average.py", "--work", str(work), "--threads", "1", "--since-minute", "0")
    assert "average of last 2:" in since and "average of last 1:" not in since
    assert "wrote ckpt_avg.pt: average of last 2" in since
    later = run("average.py", "--work", str(work), "--threads", "1", "--since-minute", "1")
    assert "wrote ckpt_avg.pt: average of last 1" in later
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

    # The package as a teacher: its translations of training French become distilled pairs.
    distilled = run("distill.py", "--work", str(work), "--teacher", str(package), "--pairs", "40")
    kept = int(distilled.split("distill: ")[-1].split()[0])
    assert f"{kept} of " in distilled and (work / "distilled.npz").is_file()

    # A fresh machine continues from the package alone: unpack.py rebuilds a checkpoint, train.py resumes.
    again = tmp_path / "again"
    again.mkdir()
    for name in ("spm.model", "train.npz", "valid.npz", "names.npz", "distilled.npz"):
        (again / name).write_bytes((work / name).read_bytes())
    unpacked = run("unpack.py", str(package), "--out", str(again / "ckpt_last.pt"))
    trained_steps = int(second.split("TRAINING DONE: ")[1].split()[0])
    assert f"step {trained_steps}," in unpacked and "'d': 32" in unpacked
    third = run("train.py", "--work", str(again), "--minutes", "0.2", "--distilled-weight", "1", *TINY)
    assert f"distilled pairs (distill.py): {kept}, a share of 1" in third
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
    return _recipe("unpack").read_model_bin(data)


def _encoder_layers(package: Path) -> int:
    """How many encoder layers the CTranslate2 model inside an .argosmodel has."""
    with zipfile.ZipFile(package) as z:
        model_bin = next(n for n in z.namelist() if n.endswith("/model/model.bin"))
        weights, _ = _read_model_bin(z.read(model_bin))
    return len({m.group(1) for m in map(re.compile(r"encoder/layer_(\d+)/").match, weights) if m})


@pytest.mark.slow  # unpacks and converts the real model with torch
@pytest.mark.skipif(not sorted((ROOT / "models").glob("subkit-fr_en-*.argosmodel")),
                    reason="no bundled .argosmodel")
def test_unpacked_package_converts_back_to_the_same_weights(tmp_path):
    """unpack.py loses nothing: the bundled model, unpacked and converted to int8 again, is the same."""
    _need_conversion_modules()
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
    augment_names = _recipe("augment_names")
    augment, copied_names = augment_names.augment, augment_names.copied_names
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


def test_invented_names_are_long_enough_and_include_doubled_consonants():
    invented_name = _recipe("augment_names").invented_name
    rng = random.Random(1)
    names = [invented_name(rng) for _ in range(1000)]
    assert all(len(n) >= 4 and n[0].isupper() and n[1:].islower() for n in names)
    doubled = [n for n in names if re.search(r"([bcdfghjklmnprstvz])\1", n)]
    assert 0.15 < len(doubled) / len(names) < 0.6  # Ross, Mussolini: the names 1.9 garbled most
    assert len(set(names)) > 900


def test_joined_segments_join_neighbours_of_one_ordered_source_at_sentence_ends():
    prepare, join_segments = _recipe("prepare"), _recipe("join_segments")
    news, tatoeba = prepare.SOURCE_ORDER.index("wmt-newstest"), prepare.SOURCE_ORDER.index("tatoeba")
    pairs = [("Il pleut.", "It is raining.", news), ("Nous restons ici.", "We are staying here.", news),
             ("Pourquoi ?", "Why?", news), ("Le titre", "The headline", news),
             ("Bonjour.", "Hello.", tatoeba), ("Merci.", "Thank you.", tatoeba),
             ("Il neige.", "It is snowing.", news)]
    assert join_segments.run_starts(pairs) == [0, 1]  # not after a heading, not Tatoeba, not across sources
    made, starts = join_segments.join(pairs, 50, random.Random(0))
    assert starts == 2
    assert set(made) == {("Il pleut. Nous restons ici.", "It is raining. We are staying here."),
                         ("Nous restons ici. Pourquoi ?", "We are staying here. Why?"),
                         ("Il pleut. Nous restons ici. Pourquoi ?", "It is raining. We are staying here. Why?")}
    long = [("Phrase " + "longue " * 60 + ".", "A " + "long " * 60 + "sentence.", news)] * 2
    assert join_segments.join(long, 10, random.Random(0))[0] == []  # past prepare.py's 400 characters


def test_sampled_segmentations_keep_the_text_and_the_mix(tmp_path):
    import numpy as np
    spm = pytest.importorskip("sentencepiece")
    prepare, sample_segments = _recipe("prepare"), _recipe("sample_segments")
    news, tatoeba = prepare.SOURCE_ORDER.index("wmt-newstest"), prepare.SOURCE_ORDER.index("tatoeba")
    names = _recipe("augment_names").NAMES_SOURCE
    pairs = ([("Le gouvernement a démissionné.", "The government resigned.", news)] * 100
             + [("Il pleut à Toretsk.", "It is raining in Toretsk.", tatoeba)] * 100
             + [("Krovatsk", "Krovatsk", names)] * 100)  # a derived pair, not a source of the mix
    drawn = sample_segments.draw(pairs, 5000, random.Random(0))
    news_share = sum(fr.startswith("Le ") for fr, _ in drawn) / len(drawn)
    assert abs(news_share - 2.0 / 2.5) < 0.03 and not any(fr == "Krovatsk" for fr, _ in drawn)

    model = next(ROOT.glob("models/subkit-fr_en-*.argosmodel"), None)
    if model is None:
        pytest.skip("no bundled model for its SentencePiece vocabulary")
    with zipfile.ZipFile(model) as z:
        member = next(n for n in z.namelist() if n.endswith("/sentencepiece.model") and n.count("/") == 1)
        (tmp_path / "spm.model").write_bytes(z.read(member))
    sp = spm.SentencePieceProcessor(model_file=str(tmp_path / "spm.model"))
    made = [(fr, en) for fr, en, _ in pairs[100:200]]
    spm.set_random_generator_seed(1)
    prepare.write_npz(sp, made, [0] * len(made), str(tmp_path / "s.npz"), src_alpha=sample_segments.ALPHA)
    z = np.load(tmp_path / "s.npz")
    so, to = z["src_off"], z["tgt_off"]
    src = [z["src"][so[i]:so[i + 1]].tolist() for i in range(len(made))]
    tgt = [z["tgt"][to[i]:to[i + 1]].tolist() for i in range(len(made))]
    assert set(sp.decode(src)) == {"Il pleut à Toretsk."}  # the same text ...
    assert len({tuple(s) for s in src}) > 5  # ... cut in many ways
    assert {tuple(t) for t in tgt} == {tuple(sp.encode("It is raining in Toretsk."))}  # English as usual


def test_distilled_pairs_keep_the_teachers_plausible_translations():
    distill, prepare = _recipe("distill"), _recipe("prepare")
    news, tatoeba = prepare.SOURCE_ORDER.index("wmt-newstest"), prepare.SOURCE_ORDER.index("tatoeba")
    known = distill.words("The government resigned. It is raining everyone.")
    assert distill.keep("The government resigned.", "The government resigned.", known)
    assert not distill.keep("The government resigned.", "The snigm resigned.", known)  # an invented word
    assert not distill.keep("The government resigned.", " ", known)
    assert not distill.keep("It is raining.", "It is raining " * 5, known)  # a loop: over twice as long

    pairs = [("Le gouvernement a démissionné.", "The government resigned.", news)] * 50 + [
        ("Il pleut.", "It is raining.", tatoeba)] * 50
    drawn = distill.unique_draw(pairs, 200, random.Random(0))
    assert sorted(drawn) == sorted({(fr, en) for fr, en, _ in pairs})  # each French once

    model = next(ROOT.glob("models/subkit-fr_en-*.argosmodel"), None)
    if model is None or importlib.util.find_spec("ctranslate2") is None:
        pytest.skip("no bundled model or no ctranslate2 to translate with")
    teacher, tmp = distill.teacher(str(model), threads=1)
    refs = [("Le gouvernement a démissionné.", "The government resigned."),
            ("Il pleut.", "It is raining. " * 8)]  # a reference the translation cannot match in length
    known = distill.words(" ".join(teacher([fr for fr, _ in refs])))
    made = distill.distill(refs, teacher, known)
    assert [fr for fr, _ in made] == ["Le gouvernement a démissionné."]
    assert "government" in made[0][1].lower()
    shutil.rmtree(tmp)


def _write_source(folder: Path, name: str, pairs) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / f"{name}.fr-en.tsv.gz", "wt", encoding="utf-8") as f:
        f.writelines(f"{fr}\t{en}\n" for fr, en in pairs)


def _first_pairs(path: Path, n: int) -> list[tuple[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [tuple(next(f).rstrip("\n").split("\t", 1)) for _ in range(n)]


@pytest.mark.skipif(not (PARALLEL.is_dir() and FLORES_DEV.with_suffix(".fr").is_file()),
                    reason="../shared/data (parallel, eval) is not beside the checkout")
def test_no_flores_dev_line_in_the_training_data():
    """Every pair prepare.py reads (both shared folders, through its own reader and normalisation), on
    either side, against every FLORES dev line of either language, lowercased."""
    pytest.importorskip("numpy")
    prepare = _recipe("prepare")
    folders = [PARALLEL] + ([BATCH2] if BATCH2.is_dir() else [])
    flores = set()
    for lang in ("fr", "en"):
        lines = FLORES_DEV.with_suffix(f".{lang}").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 997
        flores |= {prepare.normalize_text(line).casefold() for line in lines}
    pairs = prepare.dedupe(prepare.read_pairs([str(f) for f in folders]))
    assert len(pairs) > 240_000 + (40_000 if BATCH2.is_dir() else 0)
    leaked = [(fr, en) for fr, en, _ in pairs if fr.casefold() in flores or en.casefold() in flores]
    assert leaked == []


WORK = RECIPE / "work"


@pytest.mark.skipif(not ((WORK / "train.npz").is_file() and FLORES_DEV.with_suffix(".fr").is_file()),
                    reason="no prepared data in tools/train_fr_en/work (run.sh makes it) or no FLORES dev")
def test_no_flores_dev_line_in_the_prepared_data():
    """The encoded data a local run trains on (train, name-copy and validation pairs), decoded with its
    own SentencePiece model, against FLORES dev passed through the same model's normaliser."""
    for module in ("numpy", "sentencepiece"):
        pytest.importorskip(module)
    import numpy as np
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(WORK / "spm.model"))
    flores = set()
    for lang in ("fr", "en"):
        lines = FLORES_DEV.with_suffix(f".{lang}").read_text(encoding="utf-8").splitlines()
        flores |= {" ".join(t.split()).casefold() for t in sp.decode(sp.encode(lines))}
    for split in ("train", "names", "valid"):
        if not (WORK / f"{split}.npz").is_file():
            continue
        z = dict(np.load(WORK / f"{split}.npz"))
        for side in ("src", "tgt"):
            off = z[f"{side}_off"]
            texts = sp.decode([z[side][off[i]:off[i + 1]].tolist() for i in range(len(off) - 1)])
            leaked = [t for t in texts if " ".join(t.split()).casefold() in flores]
            assert leaked == [], (split, side)


@pytest.mark.skipif(not PARALLEL.is_dir(), reason="../shared/data/parallel is not beside the checkout")
def test_prepare_mixes_folders_with_stated_weights_and_keeps_a_given_vocabulary(tmp_path):
    for module in ("numpy", "sentencepiece"):
        pytest.importorskip(module)
    import numpy as np

    prepare = _recipe("prepare")
    first, second = tmp_path / "parallel", tmp_path / "batch2"
    _write_source(first, "europarl", _first_pairs(PARALLEL / "europarl.fr-en.tsv.gz", 600))
    _write_source(first, "tatoeba", _first_pairs(PARALLEL / "tatoeba.fr-en.tsv.gz", 400))
    dialogue = [(f"Tu viens demain, {i} ?", f"Are you coming tomorrow, {i}?") for i in range(300)]
    _write_source(second, "opensubtitles-ctxpro", dialogue)

    one = tmp_path / "one"
    run("prepare.py", "--data", str(first), "--work", str(one), "--vocab-size", "500", "--valid-size", "50")
    two = tmp_path / "two"
    log = run("prepare.py", "--data", str(first), str(second), "--spm", str(one / "spm.model"),
              "--work", str(two), "--valid-size", "50")
    # the given vocabulary, byte for byte, and the same validation split when a folder is appended
    assert (two / "spm.model").read_bytes() == (one / "spm.model").read_bytes()
    assert "not retrained" in log
    assert (two / "valid.fr").read_text(encoding="utf-8") == (one / "valid.fr").read_text(encoding="utf-8")
    # the mix is printed: pairs per source (training split), weight, expected pairs per epoch
    rows = {line.split()[0]: line.split()[1:4] for line in log.splitlines() if line.startswith("  ")}
    assert rows["opensubtitles-ctxpro"] == ["300", "0.5", "150"]
    assert rows["tatoeba"] == ["400", "0.5", "200"]
    assert rows["europarl"] == ["550", "2", "1100"]
    assert prepare.SOURCE_WEIGHTS["opensubtitles-ctxpro"] == 0.5
    source = np.load(two / "train.npz")["source"]
    assert np.bincount(source).tolist()[:len(prepare.SOURCE_ORDER)] == [
        {"europarl": 550, "tatoeba": 400, "opensubtitles-ctxpro": 300}.get(n, 0) for n in prepare.SOURCE_ORDER]

    # a source without a stated weight is refused
    _write_source(tmp_path / "odd", "mystery", dialogue[:5])
    proc = subprocess.run([sys.executable, str(RECIPE / "prepare.py"), "--data", str(tmp_path / "odd"),
                           "--work", str(tmp_path / "three")], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "SOURCE_WEIGHTS" in proc.stderr


def test_epoch_indices_follow_the_source_weights():
    pytest.importorskip("torch")
    import numpy as np

    prepare, train, augment_names = _recipe("prepare"), _recipe("train"), _recipe("augment_names")
    names = augment_names.NAMES_SOURCE
    assert names >= len(prepare.SOURCE_ORDER)  # a new source never takes the name-copy pairs' id
    pairs = [(None, None, sid) for sid in range(len(prepare.SOURCE_ORDER)) for _ in range(2000)]
    pairs += [(None, None, names)] * 2000
    joined = _recipe("join_segments").JOINED_SOURCE
    assert joined >= len(prepare.SOURCE_ORDER) and joined != names
    pairs += [(None, None, joined)] * 2000
    extra_ids = [sid for _, _, sid, _, _ in train.EXTRAS]
    assert len(set(extra_ids)) == len(extra_ids) and min(extra_ids) >= len(prepare.SOURCE_ORDER)
    weights = train.source_weights(["opensubtitles-ctxpro=0.25"], {"names": 0.15, "joined": 0.4})
    idx = np.array(train.epoch_indices(pairs, np.random.default_rng(0), weights))
    counts = np.bincount(np.array([pairs[i][2] for i in idx]), minlength=max(extra_ids) + 1)
    for sid, name in enumerate(prepare.SOURCE_ORDER):
        expected = 2000 * (0.25 if name == "opensubtitles-ctxpro" else prepare.SOURCE_WEIGHTS[name])
        assert abs(counts[sid] - expected) <= 0.1 * expected + 30, name
    assert abs(counts[names] - 300) <= 60
    assert abs(counts[joined] - 800) <= 100
    assert weights[_recipe("phrasebook").PHRASES_SOURCE] == 0  # a kind not given weighs nothing
    with pytest.raises(SystemExit):
        train.source_weights(["no-such-source=1"])


def test_a_resumed_run_keeps_its_architecture_and_takes_a_new_dropout(tmp_path):
    """--dropout is a training setting, so it reaches a resumed model; the size flags do not."""
    torch = pytest.importorskip("torch")
    train = _recipe("train")
    model = _recipe("model").Transformer(vocab=50, d=16, heads=2, ff=32, enc_layers=1, dec_layers=1, dropout=0.1)
    ckpt = tmp_path / "ckpt_last.pt"
    torch.save(dict(model=model.state_dict(), config=model.config, state=dict(step=7, train_seconds=60.0,
                                                                             epoch=0, tokens=0)), ckpt)

    def resumed(*flags: str):
        args = train.parse_args(["--work", str(tmp_path), *flags])
        return train.build_model(args, 50, "cpu", str(ckpt))

    kept, _, state, ema = resumed("--d-model", "32")
    assert ema is None  # this checkpoint kept no moving average
    assert kept.config == model.config and state["step"] == 7
    changed = resumed("--dropout", "0.05")[0]
    assert changed.config == dict(model.config, dropout=0.05)
    assert all(torch.equal(a, b) for a, b in zip(changed.state_dict().values(), model.state_dict().values()))
    changed.train()
    x = torch.ones(1, 4, 16)
    assert not torch.equal(changed.enc[0].ffn(x), changed.enc[0].ffn(x))


@pytest.mark.slow
@NEEDS_DATA_AND_MODEL
def test_gpu_script_end_to_end_on_cpu(tmp_path):
    """gpu.sh stage -> train (DEVICE=cpu, seconds) -> land: the path a lent GPU takes, without the GPU."""
    _need_conversion_modules()
    data = tmp_path / "data"
    _write_source(data / "parallel", "europarl", _first_pairs(PARALLEL / "europarl.fr-en.tsv.gz", 400))
    _write_source(data / "parallel", "tatoeba", _first_pairs(PARALLEL / "tatoeba.fr-en.tsv.gz", 300))
    _write_source(data / "parallel-batch2", "opensubtitles-ctxpro",
                  [(f"Tu viens demain, {i} ?", f"Are you coming tomorrow, {i}?") for i in range(100)])
    carry, out = tmp_path / "carry", tmp_path / "out"
    env = dict(os.environ, PY=sys.executable, CARRY=str(carry), RESUME_FROM=str(BUNDLED[-1]),
               DATA=f"{data / 'parallel'} {data / 'parallel-batch2'}", PREPARE_ARGS="--valid-size 40")

    def gpu(*args: str, **extra: str) -> str:
        return run("gpu.sh", *args, env=dict(env, **extra))

    assert "device call: run(" in gpu("stage")
    assert (carry / "resume.argosmodel").read_bytes() == BUNDLED[-1].read_bytes()
    gpu("train", OUT=str(out), WORK=str(tmp_path / "device"), DEVICE="cpu", GPU_MINUTES="0.1", LIMIT_S="300",
        TRAIN_ARGS="--batch-tokens 600 --threads 1 --log-every 1", GROW_ENC="5")
    back = sorted((out / "gpu").iterdir())
    assert len(back) <= 8 and all(p.stat().st_size < 16 * 2**20 for p in back)  # what a device call returns
    log = (out / "gpu" / "train.log").read_text(encoding="utf-8")
    assert "TRAINING DONE" in log and "wrote ckpt_avg.pt" in log and "gpu_weights: " in log
    assert "encoder 4 -> 5 layers" in log  # GROW_ENC: the bundled model's 4 encoder layers, one added
    meta = json.loads((out / "gpu" / "meta.json").read_text(encoding="utf-8"))
    assert meta["config"]["enc_layers"] == 5
    with zipfile.ZipFile(BUNDLED[-1]) as z:
        before = _recipe("unpack").training_state(z.read(f"{BUNDLED[-1].stem}/README.md").decode())["step"]
    assert meta["state"]["step"] > before and meta["resume_from"] == BUNDLED[-1].name

    package = tmp_path / "subkit-fr_en-0.0.argosmodel"
    landed = gpu("land", str(out / "gpu"), VERSION="0.0", PACKAGE_OUT=str(package), SKIP_EVAL="1")
    assert "not evaluated" in landed and package.is_file()
    with zipfile.ZipFile(package) as z:
        readme = z.read("subkit-fr_en-0.0/README.md").decode()
        spm_model = z.read("subkit-fr_en-0.0/sentencepiece.model")
    with zipfile.ZipFile(BUNDLED[-1]) as z:
        assert spm_model == z.read(f"{BUNDLED[-1].stem}/sentencepiece.model")  # the same vocabulary
    assert f"step {meta['state']['step']}," in readme
    assert _encoder_layers(package) == 5  # the grown encoder made it into the package


@pytest.mark.slow
@NEEDS_DATA_AND_MODEL
def test_run_script_resumes_a_package_with_a_grown_encoder(tmp_path):
    """run.sh RESUME_FROM + GROW_ENC: unpack, grow, average, package; the package has the deeper encoder."""
    _need_conversion_modules()
    data = tmp_path / "data"
    _write_source(data, "europarl", _first_pairs(PARALLEL / "europarl.fr-en.tsv.gz", 400))
    package = tmp_path / "subkit-fr_en-0.0.argosmodel"
    env = dict(os.environ, PY=sys.executable, WORK=str(tmp_path / "work"), DATA=str(data), VERSION="0.0",
               RESUME_FROM=str(BUNDLED[-1]), GROW_ENC="5", SKIP_TRAIN="1", SKIP_EVAL="1",
               PACKAGE_OUT=str(package), PREPARE_ARGS="--valid-size 40")
    out = run("run.sh", env=env)
    assert "encoder 4 -> 5 layers" in out and "not evaluated" in out
    assert _encoder_layers(package) == 5
