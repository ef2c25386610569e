"""Translation speed: subkit translate vs. the per-cue approach vs. the raw engine, one run.

Same model, same machine, same cues (the French seed sample, repeated). Prints the median of
several repeats for each approach, cues per second, and the ratios the issue asks for:
subkit / per-cue (goal >= 4x) and subkit / raw CTranslate2 (goal >= 80 %).

    python bench/translate.py [--repeat 3] [--copies 2] [--threads 2]

Needs the `translate` extra and a fr→en package (installed, or models/subkit-fr_en-*.argosmodel,
which is installed into a temporary package directory for the run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "000_7e3d9c830176a7c7.fr.srt"


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=1, help="how many times to repeat the sample's cues")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--beam-size", type=int, default=4)
    args = ap.parse_args()

    import srt

    from _model import fr_en_package
    from subkit.cues import from_srt
    from subkit.profiles import get_profile
    from subkit.translate.engine import DecodeOptions, Engine
    from subkit.translate.pipeline import translate_subtitles
    from subkit.translate.sentences import analyse_cue, group_sentences

    pkg = fr_en_package()
    print(f"model: {pkg.identity}  threads: {args.threads}  beam: {args.beam_size}")

    base = list(srt.parse(SAMPLE.read_text(encoding="utf-8")))
    span = base[-1].end + timedelta(seconds=5)
    subs = [srt.Subtitle(0, s.start + k * span, s.end + k * span, s.content)
            for k in range(args.copies) for s in base]
    n = len(subs)
    profile = get_profile("netflix-en")
    options = DecodeOptions(beam_size=args.beam_size)
    engine = Engine(pkg.path, pkg.identity, "cpu", args.threads, options)

    # The engine's limit: the same sentences subkit sends, tokenised and sent in one
    # translate_batch call with the same decoding options, nothing else.
    import ctranslate2
    import sentencepiece

    pieces = [p for i, s in enumerate(subs) for p in analyse_cue(i, s.content).pieces]
    # What subkit sends: each distinct sentence once.
    sentences = sorted({s.text for s in group_sentences(pieces, "fr")})
    raw = ctranslate2.Translator(str(pkg.path / "model"), device="cpu", intra_threads=args.threads)
    sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model"))

    def raw_engine():
        tokens = [sp.encode(s, out_type=str) for s in sentences]
        out = raw.translate_batch(
            tokens, max_batch_size=options.max_batch_tokens, batch_type="tokens",
            beam_size=options.beam_size, length_penalty=options.length_penalty,
            repetition_penalty=options.repetition_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            max_decoding_length=min(512, int(1.5 * max(map(len, tokens))) + 10))
        return [sp.decode(r.hypotheses[0]) for r in out]

    raw_t, _ = median_time(raw_engine, args.repeat)

    # subkit: grouping, translation (no memory, so every run translates), redistribution, timing.
    cues = from_srt(subs)
    kit_t, _ = median_time(lambda: translate_subtitles(
        cues, engine, source_lang="fr", target_lang="en", profile=profile), args.repeat)

    # The per-cue approach (argos-translate-files): one argostranslate call per cue.
    os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
    import argostranslate.translate as at

    translation = at.get_translation_from_codes("fr", "en")
    per_cue = lambda: [translation.translate(s.content.replace("\n", " ")) for s in subs]  # noqa: E731
    per_t, _ = median_time(per_cue, max(1, args.repeat))

    print(f"cues: {n}  sentences: {len(sentences)}  (median of {args.repeat} runs)")
    print(f"{'approach':<34}{'seconds':>10}{'cues/s':>10}")
    for name, t in (("per-cue argostranslate", per_t), ("subkit translate", kit_t),
                    ("raw CTranslate2 translate_batch", raw_t)):
        print(f"{name:<34}{t:>10.2f}{n / t:>10.1f}")
    print(f"subkit vs per-cue: {per_t / kit_t:.1f}x faster (goal >= 4x)")
    print(f"subkit vs raw engine: {raw_t / kit_t:.0%} of the engine's speed (goal >= 80 %)")


if __name__ == "__main__":
    main()
