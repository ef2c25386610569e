"""Build an Argos Translate package (.argosmodel) from a train.py checkpoint.

Usage:
  python package.py --work work --version 1.0 --out ../../models/subkit-fr_en-1.0.argosmodel
  python package.py --work work --early      # -> work/early.argosmodel from work/ckpt_last.pt

Layout of the zip (one top directory, as argostranslate expects):
  subkit-fr_en-<version>/
    metadata.json          from_code fr, to_code en, package_version, argos_version, ...
    README.md
    model/                 CTranslate2 model (int8): model.bin, config.json, shared_vocabulary.json
    sentencepiece.model    joint unigram model; its normaliser also maps ’ ‘ ʼ ′ ´ ` to '
    minisbd/fr.onnx        Stanza's French sentence splitter exported for MiniSBD (loaded locally:
                           argostranslate never downloads anything for this package)
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# ../shared sits beside the repository (here and in CI).
SHARED = os.environ.get("SUBKIT_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "shared"))
STANZA_FR_TOKENIZE = os.path.join(SHARED, "models", "partial-translate-fr_en-1_9", "stanza", "fr", "tokenize",
                                  "combined.pt")

PACKAGE_README = """# subkit French → English ({version})

A small Transformer ({arch}) trained from scratch by the subkit project on ~284k public
French–English sentence pairs (Tatoeba CC-BY 2.0 FR, Multi30k, WMT newstest 2008–2015,
Europarl, UN Parallel Corpus v1.0 test sets, NTREX-128 CC-BY-SA 4.0, TICO-19 CC0,
News-Commentary; from 1.5 also OpenSubtitles film and TV dialogue from the ctxpro evaluation
sets, which carry no explicit licence); see models/README.md in the subkit repository for the
full model card, attributions, scores and limitations.

- model/: CTranslate2 (int8), decoder start token <s>, no source BOS/EOS.
- sentencepiece.model: joint 8k unigram (nmt_nfkc + typographic apostrophes → ').
- minisbd/fr.onnx: Stanza (Apache-2.0) French tokenizer, trained on Universal Dependencies
  French treebanks, exported to ONNX for MiniSBD so that sentence splitting works offline.

Recommended CTranslate2 options: beam_size 4, max_decoding_length 256 (or ~2× source length + 10),
no_repeat_ngram_size 4 (repetition_penalty 1.0).
Checkpoint: {ckpt_info}
"""


def ensure_sbd(work):
    """WORK/fr_sbd.onnx: exported from Stanza's tokenizer, or else the one a bundled package ships.

    The export needs the `onnx` package (build time only); without it the splitter is copied from the
    newest models/subkit-fr_en-*.argosmodel, which holds the same export.
    """
    path = os.path.join(work, "fr_sbd.onnx")
    if os.path.exists(path):
        return path
    env = dict(os.environ)
    pydeps = os.path.join(work, "pydeps")
    if os.path.isdir(pydeps):
        env["PYTHONPATH"] = pydeps + os.pathsep + env.get("PYTHONPATH", "")
    has_onnx = subprocess.run([sys.executable, "-c", "import onnx"], env=env, capture_output=True).returncode == 0
    bundled = sorted(glob.glob(os.path.join(HERE, "..", "..", "models", "subkit-fr_en-*.argosmodel")),
                     key=_version_key)
    if has_onnx or not bundled:
        subprocess.run([sys.executable, os.path.join(HERE, "export_sbd.py"), STANZA_FR_TOKENIZE, path],
                       check=True, env=env)
        return path
    with zipfile.ZipFile(bundled[-1]) as z:
        member = next(n for n in z.namelist() if n.endswith("/minisbd/fr.onnx"))
        with open(path + ".tmp", "wb") as f:
            f.write(z.read(member))
    os.replace(path + ".tmp", path)
    print(f"sentence splitter: no onnx package to export it, taken from {os.path.basename(bundled[-1])}",
          flush=True)
    return path


def _version_key(path):
    version = os.path.basename(path)[len("subkit-fr_en-"):-len(".argosmodel")]
    return [int(x) if x.isdigit() else x for x in version.split(".")]


def build(work, ckpt, version, out, quantization="int8", quality=None):
    from convert import convert
    from spm_norm import main as spm_norm_main

    name = f"subkit-fr_en-{version}"
    tmp = tempfile.mkdtemp(prefix="pkg_", dir=work)
    try:
        top = os.path.join(tmp, name)
        os.makedirs(top)
        ck = convert(ckpt, os.path.join(work, "spm.model"), os.path.join(top, "model"), quantization)
        spm_norm_main(os.path.join(work, "spm.model"), os.path.join(top, "sentencepiece.model"))
        os.makedirs(os.path.join(top, "minisbd"))
        shutil.copy(ensure_sbd(work), os.path.join(top, "minisbd", "fr.onnx"))
        cfg = ck["config"]
        st = ck.get("state", {})
        arch = (f"{cfg['enc_layers']}+{cfg['dec_layers']} layers, d_model {cfg['d']}, {cfg['heads']} heads, "
                f"FFN {cfg['ff']}, {cfg['vocab']} shared vocabulary")
        ckpt_info = (f"step {st.get('step')}, {st.get('train_seconds', 0)/60:.0f} training minutes, "
                     f"{st.get('tokens')} target tokens")
        meta = {
            "package_version": version,
            "argos_version": "1.9.0",
            "from_code": "fr",
            "from_name": "French",
            "to_code": "en",
            "to_name": "English",
            "type": "translate",
            "name": f"subkit French-English {version}",
            "links": [],
            "source_languages": [{"code": "fr", "name": "French"}],
            "target_languages": [{"code": "en", "name": "English"}],
        }
        if quality:
            meta["quality"] = quality
        with open(os.path.join(top, "metadata.json"), "w") as f:
            json.dump(meta, f, indent=2)
        with open(os.path.join(top, "README.md"), "w") as f:
            f.write(PACKAGE_README.format(version=version, arch=arch, ckpt_info=ckpt_info))
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        tmp_zip = out + ".tmp"
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as z:
            for root, dirs, files in os.walk(top):
                dirs.sort()
                for fn in sorted(files):
                    full = os.path.join(root, fn)
                    arc = os.path.relpath(full, tmp)
                    zi = zipfile.ZipInfo(arc, date_time=(2026, 1, 1, 0, 0, 0))
                    zi.compress_type = zipfile.ZIP_DEFLATED
                    zi.external_attr = 0o644 << 16
                    with open(full, "rb") as fh:
                        z.writestr(zi, fh.read())
        os.replace(tmp_zip, out)
        print(f"wrote {out} ({os.path.getsize(out)/1e6:.1f} MB) from {ckpt} [{ckpt_info}]", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--ckpt", default=None, help="default: WORK/ckpt_last.pt")
    ap.add_argument("--version", default="1.0")
    ap.add_argument("--out", default=None)
    ap.add_argument("--quantization", default="int8")
    ap.add_argument("--early", action="store_true", help="re-export WORK/early.argosmodel (version 0.1)")
    ap.add_argument("--quality-json", default=None,
                    help="bench/model_quality.py --json output; its argos BLEU/chrF go into metadata.json")
    args = ap.parse_args()
    import torch
    torch.set_num_threads(1)
    ckpt = args.ckpt or os.path.join(args.work, "ckpt_last.pt")
    if args.early:
        version, out = "0.1", os.path.join(args.work, "early.argosmodel")
    else:
        version = args.version
        out = args.out or os.path.join(HERE, "..", "..", "models", f"subkit-fr_en-{version}.argosmodel")
    # copy the checkpoint first so a concurrent atomic save cannot interfere
    snap = ckpt + ".pkgsnap"
    shutil.copy(ckpt, snap)
    try:
        quality = None
        if args.quality_json:
            with open(args.quality_json) as f:
                q = json.load(f)["argos"]
            quality = {"bleu": q["bleu"], "chrf": q["chrf"],
                       "eval_set": "FLORES-200 dev (997 sentences), argostranslate defaults (beam 4)"}
        build(args.work, snap, version, out, args.quantization, quality)
    finally:
        os.remove(snap)


if __name__ == "__main__":
    main()
