"""Time-boxed, resumable training of the fr->en Transformer on CPU.

Usage: python tools/train_fr_en/train.py --work tools/train_fr_en/work --minutes 100

--minutes is the cumulative training time budget (stored in the checkpoint), so rerunning the same
command resumes from work/ckpt_last.pt and stops when the budget is used. The learning rate follows an
inverse-square-root schedule and decays linearly to 0 over the last --cooldown minutes of the run
(so that the final weights settle; a later resume climbs back to the schedule over --rewarm steps,
because jumping from a cooled-down 0 straight to the schedule's rate jolts the trained weights). A checkpoint is
written atomically every --ckpt-every minutes; every --export-every minutes a background (niced)
`package.py --early` re-exports work/early.argosmodel from the latest checkpoint.

On a machine with a CUDA GPU (--device auto picks it) the same recipe trains in bfloat16 autocast,
about 100k target tokens/s on an H200 against ~1.6k on 2 CPU cores. Give it larger batches and a
cooldown sized to the run, e.g. --batch-tokens 16000 --lr 3e-3 --cooldown 1.5 --ckpt-every 1
(how 1.4 was trained), and a bigger model with --enc-layers/--dec-layers/--d-model/--ffn in a fresh
--work directory (a resumed run keeps the checkpoint's architecture). gpu.sh runs such a sitting in
one device call and brings the weights back.

Each epoch draws every pair int(w) times plus once more with probability w - int(w), w being its
source's weight in prepare.SOURCE_WEIGHTS (--weight SOURCE=W overrides one) or, for the derived pairs
of EXTRAS (name and number copies, joined segments, the phrasebook, sampled segmentations, distilled
pairs), its --KIND-weight.
"""
import argparse
import contextlib
import math
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import PAD, BOS, EOS, Transformer  # noqa: E402
from prepare import SOURCE_ORDER, SOURCE_WEIGHTS  # noqa: E402
from augment_names import NAMES_SOURCE  # noqa: E402
from augment_numbers import NUMBERS_SOURCE  # noqa: E402
from join_segments import JOINED_SOURCE  # noqa: E402
from phrasebook import PHRASES_SOURCE  # noqa: E402
from sample_segments import SAMPLED_SOURCE  # noqa: E402
from distill import DISTILLED_SOURCE  # noqa: E402

# The derived training pairs, each in its WORK file with its own source id, made by its script and
# mixed in at its --KIND-weight (default measured in models/README.md): (kind, file, id, default, label).
EXTRAS = (("names", "names.npz", NAMES_SOURCE, 0.15, "name-copy pairs (augment_names.py)"),
          ("joined", "joined.npz", JOINED_SOURCE, 0.5, "joined segments (join_segments.py)"),
          ("phrases", "phrases.npz", PHRASES_SOURCE, 1.0, "phrasebook pairs (phrasebook.py)"),
          ("numbers", "numbers.npz", NUMBERS_SOURCE, 0.2, "number-copy pairs (augment_numbers.py)"),
          ("sampled", "sampled.npz", SAMPLED_SOURCE, 0.0, "sampled segmentations (sample_segments.py)"),
          ("distilled", "distilled.npz", DISTILLED_SOURCE, 0.0, "distilled pairs (distill.py)"))


def load_split(path, max_len):
    z = np.load(path)
    src, so, tgt, to, source = z["src"], z["src_off"], z["tgt"], z["tgt_off"], z["source"]
    pairs = []
    for i in range(len(so) - 1):
        s = src[so[i]:so[i + 1]]
        t = tgt[to[i]:to[i + 1]]
        if len(s) == 0 or len(t) == 0 or len(s) > max_len or len(t) > max_len:
            continue
        pairs.append((s, t, int(source[i])))
    return pairs


def make_batches(pairs, idx, batch_tokens, rng):
    """Length-bucketed batches: sort by (tgt, src) length with noise, cut by padded token budget."""
    idx = np.asarray(idx)
    tl = np.array([len(pairs[i][1]) for i in idx]) + rng.random(len(idx))
    sl = np.array([len(pairs[i][0]) for i in idx])
    order = idx[np.lexsort((sl, tl))]
    batches, cur, ms, mt = [], [], 0, 0
    for i in order:
        s, t, _ = pairs[i]
        ns, nt = max(ms, len(s)), max(mt, len(t) + 1)
        if cur and (len(cur) + 1) * (ns + nt) > 2 * batch_tokens:
            batches.append(cur)
            cur, ns, nt = [], len(s), len(t) + 1
        cur.append(i)
        ms, mt = ns, nt
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(pairs, batch):
    ms = max(len(pairs[i][0]) for i in batch)
    mt = max(len(pairs[i][1]) for i in batch) + 1
    src = torch.full((len(batch), ms), PAD, dtype=torch.long)
    tin = torch.full((len(batch), mt), PAD, dtype=torch.long)
    tout = torch.full((len(batch), mt), PAD, dtype=torch.long)
    for j, i in enumerate(batch):
        s, t, _ = pairs[i]
        src[j, :len(s)] = torch.from_numpy(s.astype(np.int64))
        tt = torch.from_numpy(t.astype(np.int64))
        tin[j, 0] = BOS
        tin[j, 1:len(t) + 1] = tt
        tout[j, :len(t)] = tt
        tout[j, len(t)] = EOS
    return src, tin, tout


def source_weights(overrides=(), extra_weights=None):
    """Per-source-id sampling weights: prepare.SOURCE_WEIGHTS, then *overrides* ('NAME=W' strings),
    then *extra_weights* ({kind: weight}, kinds of EXTRAS) for the derived pairs. Unknown ids weigh 0."""
    table = dict(SOURCE_WEIGHTS)
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in table or not value:
            raise SystemExit(f"--weight {item!r}: expected NAME=WEIGHT with NAME one of {', '.join(table)}")
        table[name] = float(value)
    weights = np.zeros(max([sid for _, _, sid, _, _ in EXTRAS] + [len(SOURCE_ORDER)]) + 1)
    for sid, name in enumerate(SOURCE_ORDER):
        weights[sid] = table[name]
    for kind, _, sid, _, _ in EXTRAS:
        weights[sid] = (extra_weights or {}).get(kind, 0.0)
    return weights


def epoch_indices(pairs, rng, weights):
    """One epoch: each pair drawn int(w) times, plus once more with probability w - int(w), where w is
    its source's weight (source_weights: long FLORES-like sources oversampled, short Tatoeba pairs and
    film dialogue subsampled, a share of the name-copy pairs drawn afresh)."""
    w = weights[np.fromiter((p[2] for p in pairs), dtype=np.int64, count=len(pairs))]
    whole = np.floor(w)
    n = whole.astype(np.int64) + (rng.random(len(pairs)) < w - whole)
    return np.repeat(np.arange(len(pairs)), n).tolist()


def autocast(device, cpu_bf16=False):
    """bfloat16 autocast on a GPU, and on a CPU when *cpu_bf16*; else full float32."""
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    if cpu_bf16:
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def cpu_has_amx(cpuinfo="/proc/cpuinfo"):
    """Whether the CPU multiplies bfloat16 matrices in hardware (Intel AMX; on AVX2 alone bf16 matmuls
    are slower than float32). Even there, bf16 autocast did not speed up training: an isolated
    forward/backward of 3,000 tokens ran 1.5x faster, but train.py on the real batches made about
    2,000 target tokens/s either way (2 threads, 100 s each), hence --cpu-bf16 off by default."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as fh:
            return any(line.startswith("flags") and " amx_bf16" in line for line in fh)
    except OSError:
        return False


@torch.no_grad()
def valid_loss(model, pairs, batch_tokens, device=torch.device("cpu")):
    model.eval()
    tot, n = 0.0, 0
    rng = np.random.default_rng(0)
    for b in make_batches(pairs, range(len(pairs)), batch_tokens, rng):
        src, tin, tout = (x.to(device) for x in collate(pairs, b))
        with autocast(device):
            logits = model(src, tin)
        loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), tout.view(-1), ignore_index=PAD,
                               reduction="sum")
        tot += loss.item()
        n += int((tout != PAD).sum())
    model.train()
    return tot / n


def save_atomic(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def parse_args(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--minutes", type=float, default=100.0)
    ap.add_argument("--threads", type=int, default=2, help="CPU threads")
    ap.add_argument("--device", default="auto", help="auto (cuda when available, else cpu), cpu, cuda")
    ap.add_argument("--cpu-bf16", choices=("auto", "on", "off"), default="off",
                    help="CPU training steps in bfloat16 autocast (auto: when the CPU has AMX); measured "
                         "no faster (cpu_has_amx); the validation loss stays float32")
    ap.add_argument("--batch-tokens", type=int, default=3000)
    ap.add_argument("--accum", type=int, default=1,
                    help="batches per optimizer step (gradient accumulation): a larger effective batch at "
                         "the per-token speed of --batch-tokens (larger batches run slower per token on CPU)")
    ap.add_argument("--max-len", type=int, default=160)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--warmup", type=int, default=400)
    ap.add_argument("--cooldown", type=float, default=30.0,
                    help="minutes: the learning rate decays linearly to 0 over the last minutes of the run "
                         "(of --minutes, --stop-at or --stop-after-s, whichever comes first); 0 disables")
    ap.add_argument("--rewarm", type=int, default=100,
                    help="steps: after a resume, ramp the learning rate up linearly over this many steps")
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--dropout", type=float, default=None,
                    help="0.1 for a fresh model; a resumed run keeps its checkpoint's unless this is given")
    ap.add_argument("--enc-layers", type=int, default=4)
    ap.add_argument("--dec-layers", type=int, default=3)
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=1024)
    ap.add_argument("--weight", action="append", default=[], metavar="SOURCE=W",
                    help="override a source's weight in prepare.SOURCE_WEIGHTS (repeatable), e.g. "
                         "--weight opensubtitles-ctxpro=0.3")
    for kind, name, _, default, what in EXTRAS:
        ap.add_argument(f"--{kind}-weight", type=float, default=default,
                        help=f"share of WORK/{name}, {what}, in each epoch, when it exists")
    ap.add_argument("--ckpt-every", type=float, default=10.0, help="minutes")
    ap.add_argument("--valid-every", type=float, default=10.0, help="minutes")
    ap.add_argument("--export-every", type=float, default=30.0, help="minutes; 0 disables")
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ema", type=float, default=0.0, metavar="DECAY",
                    help="also keep an exponential moving average of the weights (e.g. 0.999; 0: off); the "
                         "periodic and final checkpoints then hold the average, which average.py and "
                         "package.py use")
    ap.add_argument("--stop-at", default="", help="optional wall-clock stop, UTC 'HH:MM' (next occurrence)")
    ap.add_argument("--stop-after-s", type=float, default=0.0,
                    help="optional wall-clock stop, seconds from now (gpu.sh: the device call's limit)")
    args = ap.parse_args(argv)
    if args.accum < 1:
        ap.error(f"--accum: at least 1 batch per optimizer step, not {args.accum}")
    if not 0.0 <= args.ema < 1.0:
        ap.error(f"--ema: a decay from 0 (off) up to but not including 1, not {args.ema}")
    return args


def pick_device(args):
    device = torch.device(args.device if args.device != "auto" else
                          ("cuda" if torch.cuda.is_available() else "cpu"))
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.cpu_bf16 = device.type == "cpu" and (args.cpu_bf16 == "on" or (args.cpu_bf16 == "auto" and cpu_has_amx()))
    if device.type == "cpu":
        print(f"CPU training steps in {'bfloat16 autocast' if args.cpu_bf16 else 'float32'}", flush=True)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        print(f"device: {torch.cuda.get_device_name(device)}", flush=True)
    return device


def load_data(args):
    """(train pairs with the derived pairs of EXTRAS appended, valid pairs, vocabulary size) from WORK."""
    import sentencepiece as spm
    vocab = spm.SentencePieceProcessor(model_file=os.path.join(args.work, "spm.model")).get_piece_size()
    train = load_split(os.path.join(args.work, "train.npz"), args.max_len)
    for kind, name, sid, _, what in EXTRAS:
        weight = getattr(args, f"{kind}_weight")
        path = os.path.join(args.work, name)
        if weight > 0 and os.path.exists(path):
            # whatever id an older file stored, these pairs are of this kind
            more = [(s, t, sid) for s, t, _ in load_split(path, args.max_len)]
            train += more
            print(f"{what}: {len(more)}, a share of {weight:g} of them each epoch", flush=True)
    valid = load_split(os.path.join(args.work, "valid.npz"), 1000)
    print(f"train pairs {len(train)}, valid pairs {len(valid)}, vocab {vocab}", flush=True)
    return train, valid, vocab


def build_model(args, vocab, device, ckpt_path):
    """(model, optimizer, training state, moving average of the weights or None): resumed from
    *ckpt_path* when it exists, else fresh."""
    ck = torch.load(ckpt_path, map_location="cpu", weights_only=False) if os.path.exists(ckpt_path) else None
    # A resumed run keeps the checkpoint's architecture whatever the size flags say.
    config = ck["config"] if ck else dict(vocab=vocab, d=args.d_model, heads=args.heads, ff=args.ffn,
                                          enc_layers=args.enc_layers, dec_layers=args.dec_layers)
    if args.dropout is not None:  # not the architecture: a resumed run may change it (fresh: model.py's 0.1)
        config = dict(config, dropout=args.dropout)
    model = Transformer(**config).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98), eps=1e-9)
    state = dict(step=0, train_seconds=0.0, epoch=0, tokens=0)
    ema = None
    if ck:
        ema = ck.get("ema")
        model.load_state_dict(ck["model"])
        if "opt" in ck:
            opt.load_state_dict(ck["opt"])  # moves the Adam moments to the model's device
        else:  # rebuilt from a package by unpack.py: the rewarm ramp lets fresh Adam moments settle
            print("no optimizer state in the checkpoint: fresh Adam moments", flush=True)
        state = ck["state"]
        del ck
        print(f"resumed from {ckpt_path}: step {state['step']}, {state['train_seconds']/60:.1f} min",
              flush=True)
    nparams = sum(p.numel() for p in model.parameters())
    print(f"model {model.config}, {nparams} parameters", flush=True)
    return model, opt, state, ema


def wall_deadline(args):
    """The earliest of --stop-at (UTC HH:MM, next occurrence) and --stop-after-s, as a time.time() value."""
    deadline = float("inf")
    if args.stop_at:
        import datetime as dt
        now = dt.datetime.now(dt.timezone.utc)
        hh, mm = map(int, args.stop_at.split(":"))
        stop = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
        if stop <= now:
            stop += dt.timedelta(days=1)
        deadline = stop.timestamp()
    if args.stop_after_s > 0:
        deadline = min(deadline, time.time() + args.stop_after_s)
    if deadline < float("inf"):
        print(f"wall-clock stop at {time.strftime('%Y-%m-%dT%H:%M:%S+00:00', time.gmtime(deadline))}", flush=True)
    return deadline


class Trainer:
    """The training loop's state and its periodic jobs (log, validation, checkpoints, early exports)."""

    def __init__(self, args, model, opt, state, train, valid, device, ema=None):
        self.args, self.model, self.opt, self.state = args, model, opt, state
        self.train, self.valid, self.device = train, valid, device
        self.ckpt_path = os.path.join(args.work, "ckpt_last.pt")
        self.budget = args.minutes * 60.0
        self.deadline = wall_deadline(args)
        self.resumed_at = state["step"]
        self.last_ckpt = self.last_valid = self.last_export = state["train_seconds"]
        self.ts_log, self.tok_log, self.loss_log, self.n_log = state["train_seconds"], 0, 0.0, 0
        self.ema = self._start_ema(ema) if args.ema > 0 else None

    def _start_ema(self, resumed):
        """The moving average: the checkpoint's own when it kept one, else the current weights."""
        live = self.model.state_dict()  # these tensors are the parameters themselves, updated in place
        start = resumed if resumed is not None and resumed.keys() == live.keys() else live
        ema = {k: start[k].detach().clone().float().to(v.device) for k, v in live.items()}
        self._ema_pairs = [(ema[k], v) for k, v in live.items() if v.is_floating_point()]
        print(f"moving average of the weights, decay {self.args.ema:g}"
              + (" (resumed)" if start is resumed else " (from the current weights)"), flush=True)
        return ema

    def update_ema(self):
        if self.ema is not None:
            avg, live = zip(*self._ema_pairs)
            torch._foreach_lerp_(list(avg), [t.detach().float() for t in live], 1.0 - self.args.ema)

    def ema_valid_loss(self):
        """Validation loss of the moving average (a copy of the model holds it), or None without one."""
        if self.ema is None:
            return None
        import copy
        shadow = copy.deepcopy(self.model)
        shadow.load_state_dict(self.ema)
        return valid_loss(shadow, self.valid, self.args.batch_tokens, self.device)

    def weights(self):
        """What the periodic and final checkpoints keep: the moving average when there is one."""
        return self.ema if self.ema is not None else self.model.state_dict()

    def checkpoint(self, tag=None):
        state = self.state
        obj = dict(model=self.model.state_dict(), opt=self.opt.state_dict(), state=dict(state),
                   config=self.model.config, args=vars(self.args))
        if self.ema is not None:
            obj["ema"] = self.ema
        save_atomic(obj, self.ckpt_path)
        if tag:
            save_atomic(dict(model=self.weights(), config=self.model.config, state=dict(state)),
                        os.path.join(self.args.work, f"ckpt_{tag}.pt"))
        print(f"checkpoint saved at step {state['step']} ({state['train_seconds']/60:.1f} min)", flush=True)

    def lr(self, step):
        """Inverse square root after warm-up, times the cooldown ramp (to 0 at the end of the budget or
        the wall-clock stop) and, after a resume, the re-warm ramp."""
        args = self.args
        lr = args.lr * min(step / args.warmup, math.sqrt(args.warmup / step))
        if args.cooldown > 0:
            left = min(self.budget - self.state["train_seconds"], self.deadline - time.time())
            lr *= min(1.0, max(left, 0.0) / (args.cooldown * 60))
        if self.resumed_at and args.rewarm > 0:
            lr *= min(1.0, (step - self.resumed_at) / args.rewarm)
        return lr

    def step(self, group):
        """One optimizer step over a group of batches (one unless --accum): the gradient of the summed
        loss over all their target tokens, as if they were one batch."""
        t0 = time.time()
        parts = [collate(self.train, batch) for batch in group]
        ntok = sum(int((tout != PAD).sum()) for _, _, tout in parts)
        step = self.state["step"] + 1
        lr = self.lr(step)
        for g in self.opt.param_groups:
            g["lr"] = lr
        self.opt.zero_grad(set_to_none=True)
        total = 0.0
        for part in parts:
            src, tin, tout = (x.to(self.device, non_blocking=True) for x in part)
            with autocast(self.device, self.args.cpu_bf16):
                logits = self.model(src, tin)
            loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), tout.view(-1), ignore_index=PAD,
                                   label_smoothing=self.args.label_smoothing, reduction="sum")
            (loss / ntok).backward()
            total += loss.item()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.opt.step()
        self.update_ema()
        self.state["step"] = step
        self.state["tokens"] += ntok
        self.state["train_seconds"] += time.time() - t0
        self.tok_log += ntok
        self.loss_log += total
        self.n_log += ntok
        return lr

    def log(self, lr):
        st = self.state
        dt = max(st["train_seconds"] - self.ts_log, 1e-6)
        print(f"step {st['step']} | {st['train_seconds']/60:.1f} min | loss {self.loss_log/self.n_log:.3f} | "
              f"lr {lr:.2e} | {self.tok_log/dt:.0f} tgt tok/s | total {st['tokens']} tok", flush=True)
        self.ts_log, self.tok_log, self.loss_log, self.n_log = st["train_seconds"], 0, 0.0, 0

    def periodic(self):
        args, ts = self.args, self.state["train_seconds"]
        if ts - self.last_valid >= args.valid_every * 60:
            vl = valid_loss(self.model, self.valid, args.batch_tokens, self.device)
            ema = self.ema_valid_loss()
            print(f"VALID step {self.state['step']} | {ts/60:.1f} min | loss {vl:.3f} | ppl {math.exp(vl):.1f}"
                  + (f" | moving average {ema:.3f}" if ema is not None else ""), flush=True)
            self.last_valid = ts
        if ts - self.last_ckpt >= args.ckpt_every * 60:
            self.checkpoint(tag=f"{int(ts//60):04d}min")
            self.last_ckpt = ts
            if args.export_every > 0 and ts - self.last_export >= args.export_every * 60:
                self.last_export = ts
                subprocess.Popen(["nice", "-n", "10", sys.executable, os.path.join(HERE, "package.py"),
                                  "--work", args.work, "--early"],
                                 stdout=open(os.path.join(args.work, "early_export.log"), "a"),
                                 stderr=subprocess.STDOUT)

    def done(self):
        return self.state["train_seconds"] >= self.budget or time.time() >= self.deadline

    def run(self, weights, rng):
        """Epochs of fresh resampled, length-bucketed batches until the budget or the wall clock ends."""
        self.model.train()
        while not self.done():
            idx = epoch_indices(self.train, rng, weights)
            batches = make_batches(self.train, idx, self.args.batch_tokens, rng)
            print(f"epoch {self.state['epoch']}: {len(idx)} pairs, {len(batches)} batches", flush=True)
            for i in range(0, len(batches), self.args.accum):
                lr = self.step(batches[i:i + self.args.accum])
                if self.state["step"] % self.args.log_every == 0:
                    self.log(lr)
                self.periodic()
                if self.done():
                    break
            else:
                self.state["epoch"] += 1


def main(argv=None):
    args = parse_args(argv)
    device = pick_device(args)
    train, valid, vocab = load_data(args)
    model, opt, state, ema = build_model(args, vocab, device, os.path.join(args.work, "ckpt_last.pt"))
    trainer = Trainer(args, model, opt, state, train, valid, device, ema)
    rng = np.random.default_rng(args.seed + state["step"])
    weights = source_weights(args.weight, {kind: getattr(args, f"{kind}_weight") for kind, *_ in EXTRAS})
    print("epoch weights: " + ", ".join(f"{n} {weights[i]:g}" for i, n in enumerate(SOURCE_ORDER))
          + "".join(f", {kind} {weights[sid]:g}" for kind, _, sid, _, _ in EXTRAS), flush=True)
    trainer.run(weights, rng)
    trainer.checkpoint(tag="final")
    vl = valid_loss(model, valid, args.batch_tokens, device)
    ema = trainer.ema_valid_loss()
    print(f"VALID final step {state['step']} | {state['train_seconds']/60:.1f} min | loss {vl:.3f}"
          + (f" | moving average {ema:.3f}" if ema is not None else ""), flush=True)
    print(f"TRAINING DONE: {state['step']} steps, {state['tokens']} target tokens, "
          f"{state['train_seconds']/60:.1f} min, {state['tokens']/max(state['train_seconds'],1):.0f} tok/s",
          flush=True)


if __name__ == "__main__":
    main()
