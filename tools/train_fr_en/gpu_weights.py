"""Carry a train.py checkpoint's weights back from the device machine, within what it returns.

A returned file may hold at most 16 MiB, and the float32 weights of the 8.4M-parameter model are 33 MB
(float16 alone: 16.75 MB). So `export` writes them as float16 shards of at most --shard-mb MB, plus
meta.json (config, training state, the package the run continued); `import` rebuilds a float32
checkpoint (no optimizer state) that run.sh / average.py / package.py take as WORK/ckpt_last.pt.
float16 keeps 11 significant bits, far finer than the int8 package (one step = |w| max / 127 per row).

Usage: python gpu_weights.py export WORK/ckpt_avg.pt OUTDIR [--resume-from NAME]
       python gpu_weights.py import OUTDIR WORK/ckpt_last.pt
"""
import argparse
import json
import os

import torch


def export(ckpt, out_dir, shard_mb=12.0, resume_from=""):
    ck = torch.load(ckpt, map_location="cpu", weights_only=False)
    os.makedirs(out_dir, exist_ok=True)
    shards, cur, size = [], {}, 0
    for key, value in ck["model"].items():
        value = value.detach().to(torch.float16).contiguous() if value.is_floating_point() else value
        nbytes = value.numel() * value.element_size()
        if cur and size + nbytes > shard_mb * 1e6:
            shards.append(cur)
            cur, size = {}, 0
        cur[key] = value
        size += nbytes
    shards.append(cur)
    names = []
    for i, shard in enumerate(shards):
        name = f"weights-{i}.pt"
        torch.save(shard, os.path.join(out_dir, name))
        names.append(name)
    state = {k: (float(v) if isinstance(v, float) else v) for k, v in ck.get("state", {}).items()}
    meta = dict(config=ck["config"], state=state, shards=names, resume_from=resume_from, dtype="float16")
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    sizes = ", ".join(f"{os.path.getsize(os.path.join(out_dir, n)) / 2**20:.1f}" for n in names)
    print(f"gpu_weights: {len(names)} float16 shards in {out_dir} ({sizes} MiB), state {state}", flush=True)
    return names


def import_(out_dir, ckpt):
    with open(os.path.join(out_dir, "meta.json")) as f:
        meta = json.load(f)
    model = {}
    for name in meta["shards"]:
        shard = torch.load(os.path.join(out_dir, name), map_location="cpu", weights_only=True)
        model.update({k: (v.float() if v.is_floating_point() else v) for k, v in shard.items()})
    state = dict(meta["state"])
    state.pop("averaged", None)
    obj = dict(model=model, state=state, config=meta["config"],
               args=dict(gpu_weights=os.path.abspath(out_dir), resume_from=meta.get("resume_from", "")))
    tmp = ckpt + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, ckpt)
    print(f"gpu_weights: {ckpt} from {len(meta['shards'])} shards, config {meta['config']}, state {state}",
          flush=True)
    return obj


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export")
    e.add_argument("ckpt")
    e.add_argument("out_dir")
    e.add_argument("--shard-mb", type=float, default=12.0)
    e.add_argument("--resume-from", default="")
    i = sub.add_parser("import")
    i.add_argument("out_dir")
    i.add_argument("ckpt")
    args = ap.parse_args()
    if args.cmd == "export":
        export(args.ckpt, args.out_dir, args.shard_mb, args.resume_from)
    else:
        import_(args.out_dir, args.ckpt)


if __name__ == "__main__":
    main()
