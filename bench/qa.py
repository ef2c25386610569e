"""Review flags against human references: do they find the bad translations?

Held-out data: FLORES dev (997 French sentences with English references, never in subkit's training
data: `parallel/` and `parallel-batch2/` are). Each sentence is translated by the bundled model
(subkit's engine and decoding options), scored with sentence chrF against its reference, and checked
with subkit.translate.qa. Thresholds are set on the first half (--calibrate prints what they are
chosen from) and the goals are measured on the second half:

- of the sentences in the worst quarter by chrF, the share flagged (goal >= 50 %);
- that share over the flag rate in the best half (goal >= 3x).

The same checks on the human references say how often they fire on good English. Then the seed
(samples/...fr.srt) through `subkit translate --qa`: the non-words flagged, for
inspection, and the time that --qa adds (median of --repeat runs, memory off).

    python bench/qa.py [--limit 997] [--repeat 3] [--calibrate] [--skip-flores] [--skip-seed]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "data" / "eval"
SEED = ROOT / "samples" / "000_7e3d9c830176a7c7.fr.srt"


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def goals(rows, label):
    """Flag rates in the worst quarter and the best half of *rows* (dicts with chrf and flags)."""
    ranked = sorted(rows, key=lambda r: r["chrf"])
    worst, best = ranked[: len(ranked) // 4], ranked[len(ranked) // 2:]
    rate = lambda part: sum(1 for r in part if r["flags"]) / len(part)  # noqa: E731
    w, b = rate(worst), rate(best)
    print(f"{label}: {len(rows)} sentences; worst quarter (chrF <= {worst[-1]['chrf']:.1f}) flagged "
          f"{w:.1%} (goal >= 50 %); best half {b:.1%}; ratio {w / b if b else float('inf'):.2f}x (goal >= 3x)")
    for part, name in ((worst, "worst quarter"), (best, "best half")):
        ids = Counter(f for r in part for f in set(r["flags"]))
        print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in ids.most_common()))
    w_ids, b_ids = (Counter(f for r in part for f in set(r["flags"])) for part in (worst, best))
    print("  per flag, worst-quarter rate / best-half rate: " + ", ".join(
        f"{k} {w_ids[k] / len(worst):.1%} / {b_ids[k] / len(best):.1%}" for k in sorted(set(w_ids) | set(b_ids))))
    nw = b_ids["non-word"] / len(best)
    if nw:
        print(f"  bound: {nw:.1%} of the best half hold a word flagged non-word; while every such word is "
              f"flagged, the ratio cannot exceed 1/{nw:.3f} = {1 / nw:.2f}x")
    return w, b


# Flags that say the meaning is at risk (words dropped, a number changed, the model unsure) and those
# that point at a wrong word (invented, French, repeated), which a character score like chrF barely sees.
MEANING = ("omission", "number", "low-confidence")


def tradeoff(rows, label, threshold):
    """The worst-quarter share and the best-half rate for subsets of the flags and for thresholds of
    low-confidence around the model's *threshold*: the trade-off curve behind the goal."""
    ranked = sorted(rows, key=lambda r: r["chrf"])
    worst, best = ranked[: len(ranked) // 4], ranked[len(ranked) // 2:]

    def line(name, flagged):
        w, b = (sum(1 for r in part if flagged(r)) / len(part) for part in (worst, best))
        print(f"  {name:<44} {w:6.1%} {b:6.1%} {w / b if b else float('inf'):5.2f}x")

    print(f"{label}, trade-off (worst quarter flagged, best half flagged, ratio):")
    line("all flags", lambda r: bool(r["flags"]))
    line("all but non-word", lambda r: any(f != "non-word" for f in r["flags"]))
    line("non-word alone", lambda r: "non-word" in r["flags"])
    for t in (threshold - 0.05, threshold - 0.02, threshold, threshold + 0.02, threshold + 0.05):
        line(f"omission, number, confidence < {t:.2f}",
             lambda r, t=t: r["conf"] < t or any(f in MEANING[:2] for f in r["flags"]))


def references(args):
    """False alarms: the model-free flags on FLORES dev's human references against their French."""
    from subkit.translate import qa

    fr = (args.eval_dir / "flores-dev.fr").read_text("utf-8").splitlines()[: args.limit]
    en = (args.eval_dir / "flores-dev.en").read_text("utf-8").splitlines()[: args.limit]
    flags = [qa.check_pair(s, r, "fr", "en") for s, r in zip(fr, en)]
    ids = Counter(f.id for sentence in flags for f in sentence)
    print(f"human references: of {len(fr)} sentences, flagged " + ", ".join(f"{k} {v}" for k, v in ids.most_common()))
    words = sorted({w for sentence in flags for f in sentence if f.id == "non-word" for w in f.words})
    print(f"  words taken for non-words ({len(words)}): " + ", ".join(words))


def flores(args, engine):
    import sacrebleu

    from subkit.translate import qa

    fr = (args.eval_dir / "flores-dev.fr").read_text("utf-8").splitlines()[: args.limit]
    en = (args.eval_dir / "flores-dev.en").read_text("utf-8").splitlines()[: args.limit]
    t0 = time.perf_counter()
    mt = engine.translate(fr)
    conf = engine.confidences(list(zip(fr, mt)))
    print(f"translated {len(fr)} sentences in {time.perf_counter() - t0:.1f} s")
    threshold = qa.review_threshold(engine.low_confidence)
    whose = "the model's own" if engine.low_confidence is not None else "qa.LOW_CONFIDENCE, the model declares none"
    print(f"low-confidence under {threshold:.2f} ({whose})")
    rows = []
    for s, h, r, c in zip(fr, mt, en, conf):
        flags = qa.check_pair(s, h, "fr", "en", c, threshold)
        rows.append({"fr": s, "mt": h, "chrf": sacrebleu.sentence_chrf(h, [r]).score, "conf": c,
                     "ref_ratio": len(r) / len(s), "mt_ratio": len(h) / len(s), "flags": [f.id for f in flags],
                     "messages": [f.message for f in flags]})
    half = len(rows) // 2
    calib, test = rows[:half], rows[half:]
    if args.calibrate:
        print("calibration half: reference length ratio en/fr p1 %.2f p3 %.2f p5 %.2f; "
              "confidence p10 %.3f p20 %.3f p25 %.3f p50 %.3f" % (
                  percentile([r["ref_ratio"] for r in calib], .01), percentile([r["ref_ratio"] for r in calib], .03),
                  percentile([r["ref_ratio"] for r in calib], .05), percentile([r["conf"] for r in calib], .10),
                  percentile([r["conf"] for r in calib], .20), percentile([r["conf"] for r in calib], .25),
                  percentile([r["conf"] for r in calib], .50)))
        goals(calib, "calibration half")
        tradeoff(calib, "calibration half", threshold)
    w, b = goals(test, "held-out half")
    tradeoff(test, "held-out half", threshold)
    if args.dump:
        args.dump.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    return w, b


def seed(args):
    from subkit.options import TranslateOptions
    from subkit.translate.job import translate_file

    with tempfile.TemporaryDirectory() as tmp:
        out, qa_path = Path(tmp) / "seed.en.srt", Path(tmp) / "seed.qa.json"
        opts = TranslateOptions(use_memory=False, threads=args.threads)

        def run(with_qa):
            t0, c0 = time.perf_counter(), time.process_time()
            translate_file(str(SEED), str(out), opts if not with_qa else
                           TranslateOptions(use_memory=False, threads=args.threads, qa=str(qa_path)))
            return time.perf_counter() - t0, time.process_time() - c0

        times = {False: [], True: []}
        run(False)  # warm-up: file caches, CPU frequency
        for k in range(args.repeat):  # alternated, in both orders, so that load hits both alike
            for with_qa in ((False, True) if k % 2 == 0 else (True, False)):
                times[with_qa].append(run(with_qa))
        for k, name in ((0, "wall"), (1, "CPU (all threads)")):
            plain = statistics.median(t[k] for t in times[False])
            flagged = statistics.median(t[k] for t in times[True])
            print(f"seed translate, {name}: {plain:.2f} s without --qa, {flagged:.2f} s with (median of "
                  f"{args.repeat}): {flagged / plain - 1:+.1%} (goal < 10 %)")
        entries = json.loads(qa_path.read_text("utf-8"))
        cues = {c.index: c.text for c in _parse(out)}
    n = sum(1 for e in entries if e["flags"])
    print(f"seed: {n} of {len(entries)} cues flagged: " + ", ".join(
        f"{k} {v}" for k, v in Counter(f["id"] for e in entries for f in e["flags"]).most_common()))
    from subkit.language import lexicon, plain_word
    from subkit.translate.qa import is_known_word, words

    source_words = {plain_word(w) for c in _parse(SEED) for w in words(c.text)}
    accepted = sorted({w for text in cues.values() for w in words(text)
                       if plain_word(w) not in lexicon("en") and plain_word(w) not in source_words
                       and is_known_word(w, "en")})
    print("seed words known only from the frequency list or as inflections (inspect: invented ones are missed):\n  "
          + ", ".join(accepted))
    print("non-words flagged on the seed (inspect: each should be an invented word):")
    for e in entries:
        for f in e["flags"]:
            if f["id"] in ("non-word", "untranslated"):
                print(f"  cue {e['cue']}: {f['id']}: {f['message']}  | {cues[e['cue']]!r}")


def _parse(path):
    from subkit.srtio import parse_srt, read_text

    return parse_srt(read_text(str(path)), str(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=997)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--calibrate", action="store_true", help="also print the calibration half")
    ap.add_argument("--dump", type=Path, help="write every sentence with its score and flags (JSON)")
    ap.add_argument("--skip-seed", action="store_true")
    ap.add_argument("--skip-flores", action="store_true")
    ap.add_argument("--eval-dir", type=Path, default=EVAL)
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT / "bench"))
    from _model import fr_en_package
    from subkit.translate.engine import Engine

    pkg = fr_en_package()
    print(f"model: {pkg.identity}")
    if not args.skip_flores:
        references(args)
        flores(args, Engine(pkg.path, pkg.identity, "cpu", args.threads))
    if not args.skip_seed:
        seed(args)


if __name__ == "__main__":
    main()
