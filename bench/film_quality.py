"""Translation quality on held-out film subtitles (Tears of Steel, French → English), same model for all.

Translates the French track (a) cue by cue, each cue alone through the engine (what
argos-translate-files does), (b) with ``subkit translate`` as in this checkout (the library call behind
the CLI, ``translate_file``, memory off) and, with --other LABEL=SRC (repeatable), (c) the same call
from another checkout's ``src``, run in a subprocess: say ``git worktree add /tmp/old f31b5a2``, the
commit before issue 14's subtitle-aware input. Each is scored with sacrebleu against the English track:

- doc-level BLEU and chrF: all cues joined in order, one segment, against the reference joined;
- per-cue BLEU and chrF: one segment per French cue (an output cue belongs to the French cue on
  screen at its start), valid as cue-level numbers because both tracks have the same cues.

It also counts words ``subkit.translate.qa``'s ``non-word`` check finds (invented English words,
not copied from the French cue) and lists them.

    python bench/film_quality.py [--fr FR.srt --en EN.srt] [--other before=/tmp/old/src] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILM = ROOT / "bench" / "data" / "tears-of-steel"

# Run in a subprocess with PYTHONPATH at the checkout's src: translate_file as the CLI calls it.
_TRANSLATE = """
import sys
from subkit.options import TranslateOptions
from subkit.translate.job import translate_file
opts = TranslateOptions(model=sys.argv[3], use_memory=False, force=True)
translate_file(sys.argv[1], sys.argv[2], opts)
"""


def _cues(path: Path):
    from subkit.srtio import parse_srt, read_text

    return parse_srt(read_text(path), str(path))


def _flat(text: str) -> str:
    return " ".join(text.split())


def subkit_output(src: Path, fr: Path, model: Path, scratch: Path, name: str) -> list:
    """The cues ``translate_file`` from checkout *src* writes for *fr* (memory off)."""
    out = scratch / f"{name}.en.srt"
    env = dict(os.environ, PYTHONPATH=str(src))
    subprocess.run([sys.executable, "-c", _TRANSLATE, str(fr), str(out), str(model)], env=env, check=True)
    return _cues(out)


def per_source_cue(source: list, output: list) -> list[str]:
    """The output's text per source cue: each output cue goes to the source cue it overlaps most in
    time (the nearest start when it overlaps none); times may have moved a frame or a little more."""
    texts: list[list[str]] = [[] for _ in source]
    for cue in output:
        k = max(range(len(source)), key=lambda i: (min(cue.end, source[i].end) - max(cue.start, source[i].start),
                                                   -abs(cue.start - source[i].start)))
        if min(cue.end, source[k].end) <= max(cue.start, source[k].start):
            k = min(range(len(source)), key=lambda i: abs(cue.start - source[i].start))
        texts[k].append(_flat(cue.text))
    return [" ".join(t) for t in texts]


def invented_words(sources: list[str], targets: list[str]) -> list[str]:
    """Words of *targets* that the qa ``non-word`` check finds, each source cue beside its translation."""
    from subkit.translate.qa import check_non_word

    found: list[str] = []
    for source, target in zip(sources, targets):
        flag = check_non_word(source, target, "fr", "en")
        if flag:
            found.extend(flag.words)
    return found


def score(hyp: list[str], ref: list[str]) -> dict:
    import sacrebleu

    doc_hyp, doc_ref = [" ".join(hyp)], [[" ".join(ref)]]
    return {"doc_bleu": round(sacrebleu.corpus_bleu(doc_hyp, doc_ref).score, 2),
            "doc_chrf": round(sacrebleu.corpus_chrf(doc_hyp, doc_ref).score, 2),
            "cue_bleu": round(sacrebleu.corpus_bleu(hyp, [ref]).score, 2),
            "cue_chrf": round(sacrebleu.corpus_chrf(hyp, [ref]).score, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fr", type=Path, default=FILM / "tos-fr.srt", help="French subtitles")
    ap.add_argument("--en", type=Path, default=FILM / "tos-en.srt", help="English reference, same cues")
    ap.add_argument("--other", action="append", default=[], metavar="LABEL=SRC",
                    help="also score subkit translate from another checkout's src folder")
    ap.add_argument("--json", type=Path, help="write the numbers and outputs here")
    args = ap.parse_args()

    from _model import fr_en_package
    from subkit.translate.engine import DecodeOptions, Engine

    fr, en = _cues(args.fr), _cues(args.en)
    if [(c.start, c.end) for c in fr] != [(c.start, c.end) for c in en]:
        mismatched = sum(a.start != b.start for a, b in zip(fr, en))
        print(f"note: the tracks' times differ ({len(fr)} vs {len(en)} cues, {mismatched} starts differ)")
    if len(fr) != len(en):
        sys.exit("the French and English tracks must have the same number of cues")
    sources, ref = [_flat(c.text) for c in fr], [_flat(c.text) for c in en]

    pkg = fr_en_package()
    print(f"model: {pkg.identity}  cues: {len(fr)}")
    engine = Engine(pkg.path, pkg.identity, "cpu", 0, DecodeOptions())
    systems = {"per-cue (each cue alone)": engine.translate(sources)}
    with tempfile.TemporaryDirectory() as scratch:
        out = subkit_output(ROOT / "src", args.fr, pkg.path, Path(scratch), "now")
        systems["subkit translate (this checkout)"] = per_source_cue(fr, out)
        counts = {"subkit translate (this checkout)": len(out)}
        for n, other in enumerate(args.other):
            label, _, src = other.rpartition("=")
            old = subkit_output(Path(src), args.fr, pkg.path, Path(scratch), f"other{n}")
            label = f"subkit translate @{label or src}"
            systems[label] = per_source_cue(fr, old)
            counts[label] = len(old)

    results = {}
    print(f"{'approach':<46}{'cues':>6}{'doc BLEU':>10}{'doc chrF':>10}{'cue BLEU':>10}{'cue chrF':>10}"
          f"{'invented':>10}")
    for name, hyp in systems.items():
        words = invented_words(sources, hyp)
        results[name] = {**score(hyp, ref), "output_cues": counts.get(name, len(hyp)),
                         "invented": words, "cues": hyp}
        r = results[name]
        print(f"{name:<46}{r['output_cues']:>6}{r['doc_bleu']:>10.2f}{r['doc_chrf']:>10.2f}"
              f"{r['cue_bleu']:>10.2f}{r['cue_chrf']:>10.2f}{len(words):>10}")
    for name, r in results.items():
        print(f"invented words, {name}: {', '.join(r['invented']) or '-'}")
    if args.json:
        args.json.write_text(json.dumps({"model": pkg.identity, "fr": str(args.fr), "en": str(args.en),
                                         "reference": ref, "source": sources, "systems": results},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
