"""Translation quality of subtitles: per-cue vs. subkit's sentence context, on FLORES dev.

The French FLORES dev sentences (consecutive sentences of the same articles) are grouped into
paragraphs of --block sentences, turned into timed cues by subkit's segmenter, and translated
(a) cue by cue, each cue alone, as argos-translate-files does, and (b) by subkit translate, with
sentence context. Cue texts are joined back per paragraph and scored with sacrebleu (BLEU and
chrF) against the joined English references, next to (c) the original sentences translated
directly (the ceiling). Same model, same decoding options for all three; (b) is scored with and
without the repair of garbled names (--keep-names, on by default). The last three columns count
what the review checks flag: invented English words (non-word), French words left in
(untranslated), and paragraphs that say a word or phrase twice in a row (repetition).

    python bench/translate_quality.py [--limit 997] [--block 4]
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "data" / "eval"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=997, help="number of FLORES dev sentences")
    ap.add_argument("--block", type=int, default=4, help="sentences per paragraph")
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--repetition-penalty", type=float, default=None, help="default: subkit's")
    ap.add_argument("--no-repeat-ngram-size", type=int, default=None, help="default: subkit's")
    ap.add_argument("--length-penalty", type=float, default=None, help="default: subkit's")
    ap.add_argument("--retry-beam", type=int, default=None, help="default: subkit's (0: no retry)")
    ap.add_argument("--invented-retries", type=int, default=None, help="default: subkit's (0: none)")
    ap.add_argument("--show-words", action="store_true",
                    help="list the invented and French words of the subkit row after the table")
    ap.add_argument("--eval-dir", type=Path, default=EVAL)
    args = ap.parse_args()

    import sacrebleu
    from subkit.cues import Cue

    from _model import fr_en_package
    from subkit.segment import segment_transcript
    from subkit.profiles import get_profile
    from subkit.translate.engine import DecodeOptions, Engine
    from subkit.translate.memory import TranslationMemory
    from subkit.translate.pipeline import translate_subtitles

    fr = (args.eval_dir / "flores-dev.fr").read_text(encoding="utf-8").splitlines()[: args.limit]
    en = (args.eval_dir / "flores-dev.en").read_text(encoding="utf-8").splitlines()[: args.limit]
    blocks = [range(i, min(i + args.block, len(fr))) for i in range(0, len(fr), args.block)]

    pkg = fr_en_package()
    decoding = {k: v for k, v in (("repetition_penalty", args.repetition_penalty),
                                  ("no_repeat_ngram_size", args.no_repeat_ngram_size),
                                  ("length_penalty", args.length_penalty),
                                  ("retry_beam", args.retry_beam),
                                  ("invented_retries", args.invented_retries)) if v is not None}
    options = DecodeOptions(beam_size=args.beam_size, **decoding)
    engine = Engine(pkg.path, pkg.identity, "cpu", 0, options)
    print(f"model: {pkg.identity}  sentences: {len(fr)}  paragraphs: {len(blocks)}  "
          f"beam: {options.beam_size}  repetition penalty: {options.repetition_penalty}  "
          f"no-repeat n-gram: {options.no_repeat_ngram_size}  length penalty: {options.length_penalty}  "
          f"retry beam: {options.retry_beam}  invented retries: {options.invented_retries}")

    # Cues, paragraph by paragraph, laid end to end with a pause between paragraphs.
    subs: list[Cue] = []
    owner: list[int] = []  # paragraph of each cue
    windows: list[tuple[int, int]] = []  # milliseconds
    clock = 1000
    for b, block in enumerate(blocks):
        text = " ".join(fr[i] for i in block)
        cues = segment_transcript(text, lang="fr", start_ms=clock).cues
        windows.append((cues[0].start, cues[-1].end))
        subs.extend(cues)
        owner.extend([b] * len(cues))
        clock = cues[-1].end + 3000
    print(f"cues: {len(subs)}")

    refs = [" ".join(en[i] for i in block) for block in blocks]

    # (c) the original sentences, directly.
    direct = engine.translate(fr)
    direct_hyp = [" ".join(direct[i] for i in block) for block in blocks]

    # (a) each cue alone.
    cue_texts = [" ".join(s.text.split()) for s in subs]
    # as argos-translate-files does: a cue that ends mid-sentence is not closed (close_fragments)
    per_cue = Engine(pkg.path, pkg.identity, "cpu", 0, replace(options, close_fragments=False)).translate(cue_texts)
    per_cue_hyp = [" ".join(t for t, o in zip(per_cue, owner) if o == b) for b in range(len(blocks))]

    # (b) subkit: sentence context, redistribution, wrapping, timing. Output cues may merge, so
    # they are given back to their paragraph by time. The second run reads the first one's
    # translations from a scratch memory: only the name repair differs.
    def subkit_hyp(keep_names: bool, memory) -> list[str]:
        out, report = translate_subtitles(subs, engine, source_lang="fr", target_lang="en",
                                          profile=get_profile("netflix-en"), memory=memory,
                                          keep_names=keep_names)
        if keep_names:
            print(f"garbled names restored: {report.names_restored}, runaway sentences re-translated "
                  f"by clause: {report.runaway_split}")
        return [" ".join(" ".join(s.text.split()) for s in out if start <= s.start <= end)
                for start, end in windows]

    with tempfile.TemporaryDirectory() as scratch:
        with TranslationMemory(Path(scratch) / "tm.sqlite3", pkg.identity, options.key()) as memory:
            kit_hyp = subkit_hyp(True, memory)
            kit_plain_hyp = subkit_hyp(False, memory)

    from subkit.translate.qa import check_non_word, check_repetition, check_untranslated

    sources = [" ".join(fr[i] for i in block) for block in blocks]

    def flagged(hyp: list[str], check) -> int:
        """Words of *hyp* a word-level review check finds over all paragraphs: invented English
        (``non-word``), French left in (``untranslated``)."""
        flags = (check(src, out, "fr", "en") for src, out in zip(sources, hyp))
        return sum(len(flag.words) for flag in flags if flag)

    def repeats(hyp: list[str]) -> int:
        """Paragraphs of *hyp* that say a word or phrase twice in a row (``repetition``)."""
        return sum(check_repetition(src, out, "fr", "en") is not None for src, out in zip(sources, hyp))

    print(f"{'approach':<40}{'BLEU':>8}{'chrF':>8}{'invented':>10}{'French':>8}{'repeats':>9}")
    for name, hyp in (("per-cue (each cue alone)", per_cue_hyp),
                      ("subkit translate (sentence context)", kit_hyp),
                      ("  the same, --no-keep-names", kit_plain_hyp),
                      ("original sentences, directly", direct_hyp)):
        bleu = sacrebleu.corpus_bleu(hyp, [refs]).score
        chrf = sacrebleu.corpus_chrf(hyp, [refs]).score
        print(f"{name:<40}{bleu:>8.2f}{chrf:>8.2f}{flagged(hyp, check_non_word):>10}"
              f"{flagged(hyp, check_untranslated):>8}{repeats(hyp):>9}")
    if args.show_words:
        for label, check in (("invented", check_non_word), ("French", check_untranslated)):
            words = [w for src, out in zip(sources, kit_hyp) if (flag := check(src, out, "fr", "en"))
                     for w in flag.words]
            print(f"{label} words of the subkit row: " + ", ".join(words))


if __name__ == "__main__":
    main()
