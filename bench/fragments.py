"""Sentences that end without punctuation: subkit's engine with and without closing them.

A lone word or an open clause is decoded with a full stop after it (``DecodeOptions.
close_fragments``), which is taken off the translation again. This compares the engine with that
off and on, on (1) bench/data/fragments.tsv, short fragments with their acceptable translations
(right: the output is one of them; run-on: more than twice the source's words plus two, or a word
said twice in a row that the source does not repeat) and (2) FLORES dev with each sentence's
closing punctuation taken off the French and the English (BLEU and chrF with sacrebleu).

    python bench/fragments.py [--limit 997]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "data" / "eval"
DATA = ROOT / "bench" / "data" / "fragments.tsv"
_CLOSE = re.compile(r"\s*[.!?…]+([\"'’»)]*)\s*$")


def read_fragments(path: Path) -> list[tuple[str, set[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            french, accepted = line.split("\t")
            rows.append((french, {_plain(a) for a in accepted.split("|")}))
    return rows


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w' -]", " ", text.lower().replace("’", "'")).split())


def runs_on(source: str, target: str) -> bool:
    words = _plain(target).split()
    repeated = any(a == b for a, b in zip(words, words[1:])) and not re.search(
        r"\b(\w+) \1\b", _plain(source))
    return repeated or len(words) > 2 * len(source.split()) + 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=997, help="number of FLORES dev sentences")
    ap.add_argument("--eval-dir", type=Path, default=EVAL)
    ap.add_argument("--show", action="store_true", help="print each fragment's two translations")
    args = ap.parse_args()

    import sacrebleu

    from _model import fr_en_package
    from subkit.translate.engine import DecodeOptions, Engine

    fragments = read_fragments(DATA)
    fr = [_CLOSE.sub(r"\1", s) for s in (args.eval_dir / "flores-dev.fr").read_text("utf-8").splitlines()]
    en = [_CLOSE.sub(r"\1", s) for s in (args.eval_dir / "flores-dev.en").read_text("utf-8").splitlines()]
    fr, en = fr[: args.limit], en[: args.limit]
    pkg = fr_en_package()
    print(f"model: {pkg.identity}  fragments: {len(fragments)}  FLORES dev sentences, unclosed: {len(fr)}")
    print(f"{'close_fragments':<16} {'right':>6} {'run-on':>7} {'BLEU':>6} {'chrF':>6} "
          f"{'run-on':>7} {'seconds':>8}")
    outputs = {}
    for close in (False, True):
        engine = Engine(pkg.path, pkg.identity, "cpu", 0, DecodeOptions(close_fragments=close))
        start = time.perf_counter()
        short = engine.translate([f for f, _ in fragments])
        right = sum(_plain(t) in ok for t, (_, ok) in zip(short, fragments))
        short_runs = sum(runs_on(f, t) for t, (f, _) in zip(short, fragments))
        hyp = engine.translate(fr)
        seconds = time.perf_counter() - start
        bleu = sacrebleu.corpus_bleu(hyp, [en]).score
        chrf = sacrebleu.corpus_chrf(hyp, [en]).score
        long_runs = sum(runs_on(f, t) for f, t in zip(fr, hyp))
        print(f"{str(close):<16} {right:>3}/{len(fragments):<2} {short_runs:>7} {bleu:>6.2f} {chrf:>6.2f} "
              f"{long_runs:>7} {seconds:>8.1f}")
        outputs[close] = short
    if args.show:
        for (f, _), off, on in zip(fragments, outputs[False], outputs[True]):
            print(f"{f!r:28} {off!r:60.60} -> {on!r}")


if __name__ == "__main__":
    main()
