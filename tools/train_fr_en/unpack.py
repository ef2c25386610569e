"""Rebuild a train.py checkpoint from a packaged model, so training can resume on a fresh machine.

Usage: python tools/train_fr_en/unpack.py models/subkit-fr_en-1.2.argosmodel --out work/ckpt_last.pt

The work directory with the float checkpoints is git-ignored and lost with the machine, but the
package in models/ holds every weight: int8 rows with one float32 scale each, which dequantise to
within half a step (|w| max / 254 per row) of the trained value, plus the float32 biases and layer
norms. This reads CTranslate2's model.bin (format version 6, written by
ctranslate2.specs.ModelSpec._serialize), inverts convert.py's mapping, and writes a checkpoint
without optimizer state; the step, minutes and tokens come from the package README, so the
learning-rate schedule continues where it stopped and train.py starts fresh Adam moments, ramping
the rate back up over --rewarm steps. Converting the result to int8 again gives the same weights.
"""
import argparse
import os
import re
import struct
import sys
import zipfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Transformer  # noqa: E402

# CTranslate2's DataType enum order (include/ctranslate2/types.h).
_DTYPES = (np.float32, np.int8, np.int16, np.int32, np.float16)


def read_model_bin(data):
    """Parse a CTranslate2 model.bin (bytes) into ({name: array}, {alias: name})."""
    pos = 0

    def take(fmt):
        nonlocal pos
        (value,) = struct.unpack_from(fmt, data, pos)
        pos += struct.calcsize(fmt)
        return value

    def string():
        nonlocal pos
        n = take("H")
        s = data[pos:pos + n - 1].decode("utf-8")
        pos += n
        return s

    version = take("I")
    if version != 6:
        raise ValueError(f"model.bin format version {version} (only 6 is known)")
    string()  # spec name
    take("I")  # revision
    variables = {}
    for _ in range(take("I")):
        name = string()
        shape = [take("I") for _ in range(take("B"))]
        type_id = take("B")
        nbytes = take("I")
        if type_id >= len(_DTYPES):
            raise ValueError(f"{name}: unsupported data type id {type_id} (bfloat16?)")
        dtype = np.dtype(_DTYPES[type_id])
        variables[name] = np.frombuffer(data, dtype=dtype, count=nbytes // dtype.itemsize,
                                        offset=pos).reshape(shape)
        pos += nbytes
    aliases = {}
    for _ in range(take("I")):
        alias = string()
        aliases[alias] = string()
    return variables, aliases


def dequantized(variables, aliases):
    """Float32 weights by name: int8/int16 rows divided by their scales; aliases resolved."""
    out = {}
    for name, value in list(variables.items()) + [(a, variables[t]) for a, t in aliases.items()]:
        if name.endswith("_scale"):
            continue
        scale_name = (aliases.get(name, name)) + "_scale"
        if value.dtype in (np.int8, np.int16) and scale_name in variables:
            scale = variables[scale_name].astype(np.float32)
            value = value.astype(np.float32) / (scale[:, None] if scale.ndim else scale)
        out[name] = value
    return out


# (kind, model.py module, CTranslate2 scope) for each layer, as convert.py fills the spec.
ENC_MODULES = [("norm", "self_attn.norm", "self_attention/layer_norm"),
               ("linear", "self_attn.qkv", "self_attention/linear_0"),
               ("linear", "self_attn.out", "self_attention/linear_1"),
               ("norm", "ffn.norm", "ffn/layer_norm"),
               ("linear", "ffn.linear_0", "ffn/linear_0"),
               ("linear", "ffn.linear_1", "ffn/linear_1")]
DEC_MODULES = ENC_MODULES[:3] + [("norm", "cross_attn.norm", "attention/layer_norm"),
                                 ("linear", "cross_attn.q", "attention/linear_0"),
                                 ("linear", "cross_attn.kv", "attention/linear_1"),
                                 ("linear", "cross_attn.out", "attention/linear_2")] + ENC_MODULES[3:]


def state_dict_from_ct2(w):
    """Invert convert.py: CTranslate2 variable names -> (Transformer config, state_dict)."""
    n_enc = len({m.group(1) for k in w for m in [re.match(r"encoder/layer_(\d+)/", k)] if m})
    n_dec = len({m.group(1) for k in w for m in [re.match(r"decoder/layer_(\d+)/", k)] if m})
    emb = w["decoder/embeddings/weight"]
    vocab, d = emb.shape
    config = dict(vocab=int(vocab), d=int(d), heads=int(w["encoder/num_heads"]),
                  ff=int(w["encoder/layer_0/ffn/linear_0/weight"].shape[0]),
                  enc_layers=n_enc, dec_layers=n_dec, dropout=0.1,
                  max_pos=int(w["decoder/position_encodings/encodings"].shape[0]))
    sd = {}

    def put(key, name):
        sd[key] = torch.from_numpy(np.array(w[name], dtype=np.float32))

    def linear(key, name):
        put(key + ".weight", name + "/weight")
        put(key + ".bias", name + "/bias")

    def norm(key, name):
        put(key + ".weight", name + "/gamma")
        put(key + ".bias", name + "/beta")

    put("emb.weight", "decoder/embeddings/weight")
    put("out_bias", "decoder/projection/bias")
    norm("enc_norm", "encoder/layer_norm")
    norm("dec_norm", "decoder/layer_norm")
    for prefix, scope, n, modules in (("enc", "encoder", n_enc, ENC_MODULES),
                                      ("dec", "decoder", n_dec, DEC_MODULES)):
        for i in range(n):
            for kind, key, name in modules:
                (norm if kind == "norm" else linear)(f"{prefix}.{i}.{key}", f"{scope}/layer_{i}/{name}")
    return config, sd


def read_package(path):
    """(model.bin bytes, README text) from an .argosmodel zip or an unpacked package directory."""
    if os.path.isdir(path):
        with open(os.path.join(path, "model", "model.bin"), "rb") as f:
            data = f.read()
        readme = os.path.join(path, "README.md")
        text = open(readme, encoding="utf-8").read() if os.path.exists(readme) else ""
        return data, text
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        data = z.read(next(n for n in names if n.endswith("/model/model.bin")))
        readme = [n for n in names if n.count("/") == 1 and n.endswith("/README.md")]
        text = z.read(readme[0]).decode("utf-8") if readme else ""
    return data, text


def training_state(readme):
    """step / minutes / tokens from package.py's README line 'Checkpoint: step N, M training minutes, T ...'."""
    m = re.search(r"Checkpoint: step (\d+), (\d+) training minutes, (\d+) target tokens", readme)
    if not m:
        return dict(step=0, train_seconds=0.0, epoch=0, tokens=0)
    return dict(step=int(m.group(1)), train_seconds=float(m.group(2)) * 60, epoch=0, tokens=int(m.group(3)))


def unpack(package, out):
    data, readme = read_package(package)
    config, sd = state_dict_from_ct2(dequantized(*read_model_bin(data)))
    model = Transformer(**config)
    model.load_state_dict(sd)  # strict: every parameter found, nothing left over
    state = training_state(readme)
    obj = dict(model=model.state_dict(), state=state, config=model.config,
               args=dict(unpacked_from=os.path.basename(package)))
    tmp = out + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, out)
    return config, state


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("package", help=".argosmodel file or unpacked package directory")
    ap.add_argument("--out", required=True, help="checkpoint to write (e.g. WORK/ckpt_last.pt)")
    args = ap.parse_args()
    config, state = unpack(args.package, args.out)
    print(f"unpacked {args.package} -> {args.out}: {config}, step {state['step']}, "
          f"{state['train_seconds']/60:.0f} min, {state['tokens']} tokens (no optimizer state)", flush=True)


if __name__ == "__main__":
    main()
