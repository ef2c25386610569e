"""Translation speed: subkit translate vs. the raw engine vs. the per-cue approach, one run.

Same model, same machine, same cues, the translation memory off (nothing is cached between
repeats). Two inputs:

- ``--input long`` (default): the French seed sample followed by the first --news sentences of
  FLORES dev (``../shared/data/eval/flores-dev.fr``, Wikinews/Wikivoyage/Wikibooks articles; not in
  the model's training data), in paragraphs of 4 sentences made into timed cues by subkit's own
  segmenter (about 1,270 cues for 400 sentences). A long, varied input: every sentence is new.
- ``--input seed``: the seed sample alone, repeated --copies times. Repeating flatters subkit
  (identical sentences are translated once), so the long input is the one that counts.

Approaches, timed in turn within each repeat (the median of --repeat runs is printed):

- raw engine: a fresh Python process that imports CTranslate2 and SentencePiece, loads the model
  and translates exactly the sentences subkit sends to the model, in one ``translate_batch`` call
  with the same decoding options: the engine's own limit, start-up included;
- subkit CLI: ``python -m subkit translate IN.srt -o OUT.srt --no-memory -q`` in a fresh process,
  start-up included (the figure compared with the raw engine, goal >= 85 %);
- subkit CLI --qa: the same with ``--qa FILE`` (review flags; goal: under 10 % more time);
- subkit CLI, default retries: the CLI and the library above run with ``--retry-beam 0
  --invented-retries 0``, so that the model does the same work as the raw engine; this row has the
  defaults (``--retry-beam 12 --invented-retries 8``), which decode again, with a wider beam, the
  sentences whose beam had no clean hypothesis, and then those still left with an invented word,
  its pieces forbidden;
- subkit library: ``subkit.translate.job.translate_file`` (what the CLI calls) in this process,
  model loading included;
- per-cue: one argostranslate call per cue, as argos-translate-files does (--skip-per-cue: slow).

    python bench/translate.py [--input long|seed] [--news 400] [--repeat 3] [--threads 2]

Needs the `translate` extra and a fr→en package (installed, or models/subkit-fr_en-*.argosmodel,
which is installed into a temporary package directory for the run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "000_7e3d9c830176a7c7.fr.srt"
EVAL = ROOT.parent / "shared" / "data" / "eval"
BLOCK = 4  # FLORES sentences per paragraph (consecutive sentences of one article)


def long_input(news: int, eval_dir: Path) -> list:
    """The seed's cues, then *news* FLORES dev sentences as cues, paragraphs 3 s apart."""
    from subkit.formats import read_file
    from subkit.segment import segment_transcript

    cues = list(read_file(str(SAMPLE)).cues)
    french = (eval_dir / "flores-dev.fr").read_text(encoding="utf-8").splitlines()[:news]
    clock = cues[-1].end + 3000
    for i in range(0, len(french), BLOCK):
        block = segment_transcript(" ".join(french[i:i + BLOCK]), lang="fr", start_ms=clock).cues
        cues.extend(block)
        clock = block[-1].end + 3000
    return cues


def seed_input(copies: int) -> list:
    from subkit.formats import read_file

    base = list(read_file(str(SAMPLE)).cues)
    span = base[-1].end + 5000
    return [c.with_times(c.start + k * span, c.end + k * span) for k in range(copies) for c in base]


def write_srt(cues, path: Path) -> None:
    from subkit.cues import format_srt

    path.write_text("\n".join(f"{n}\n{format_srt(c.start)} --> {format_srt(c.end)}\n{c.text}\n"
                              for n, c in enumerate(cues, 1)), encoding="utf-8")


def sentences_sent(cues, package, threads: int, beam_size: int) -> list[str]:
    """Every sentence subkit's pipeline sends to the model for *cues* (memory off), in order."""
    from subkit.options import TranslateOptions
    from subkit.translate.engine import DecodeOptions, Engine
    from subkit.translate.pipeline import translate_subtitles

    class Recorder(Engine):
        sent: list[str] = []

        def translate(self, sentences, progress=None):
            self.sent.extend(sentences)
            return super().translate(sentences, progress)

    engine = Recorder(package.path, package.identity, "cpu", threads,
                      DecodeOptions(beam_size=beam_size, retry_beam=0, invented_retries=0))
    translate_subtitles(cues, engine, source_lang="fr", target_lang="en",
                        profile=TranslateOptions().target_profile())
    return engine.sent


def raw_worker(args) -> None:
    """The raw engine, run in its own process: load, translate the sentences in one batch."""
    t0 = time.perf_counter()
    os.environ.setdefault("CT2_USE_MKL", "0")  # as subkit's engine: same backend, same numbers
    import ctranslate2
    import sentencepiece

    spec = json.loads(Path(args.raw_worker).read_text(encoding="utf-8"))
    package = Path(spec["package"])
    translator = ctranslate2.Translator(str(package / "model"), device="cpu", intra_threads=spec["threads"])
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    tokens = [sp.encode(s, out_type=str) for s in spec["sentences"]]
    o = spec["options"]
    out = translator.translate_batch(
        tokens, max_batch_size=o["max_batch_tokens"], batch_type="tokens", beam_size=o["beam_size"],
        length_penalty=o["length_penalty"], repetition_penalty=o["repetition_penalty"],
        no_repeat_ngram_size=o["no_repeat_ngram_size"],
        max_decoding_length=min(512, int(1.5 * max(map(len, tokens))) + 10))
    [sp.decode(r.hypotheses[0]) for r in out]
    print(f"{time.perf_counter() - t0:.4f}")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict) -> tuple[float, float, str]:
    """Wall and CPU seconds of *cmd* in a fresh process, and what it printed."""
    t0, c0 = time.perf_counter(), children_cpu()
    done = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True)
    return time.perf_counter() - t0, children_cpu() - c0, done.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", choices=["long", "seed"], default="long")
    ap.add_argument("--news", type=int, default=400, help="FLORES dev sentences after the seed (long input)")
    ap.add_argument("--copies", type=int, default=1, help="times the seed's cues are repeated (seed input)")
    ap.add_argument("--eval-dir", type=Path, default=EVAL)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--skip-per-cue", action="store_true", help="do not time the (slow) per-cue approach")
    ap.add_argument("--keep", type=Path, help="keep the input SRT and subkit's English here (a folder)")
    ap.add_argument("--raw-worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.raw_worker:
        return raw_worker(args)

    from dataclasses import asdict

    from _model import fr_en_package
    from subkit.options import TranslateOptions
    from subkit.translate.engine import DecodeOptions
    from subkit.translate.job import translate_file

    pkg = fr_en_package()
    cues = long_input(args.news, args.eval_dir) if args.input == "long" else seed_input(args.copies)
    work = Path(tempfile.mkdtemp(prefix="subkit-bench-translate-"))
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    folder = args.keep or work
    source = folder / f"{args.input}.fr.srt"
    write_srt(cues, source)
    sent = sentences_sent(cues, pkg, args.threads, args.beam_size)
    options = DecodeOptions(beam_size=args.beam_size)
    spec = work / "raw.json"
    spec.write_text(json.dumps({"package": str(pkg.path), "threads": args.threads, "sentences": sent,
                                "options": asdict(options)}), encoding="utf-8")
    print(f"model: {pkg.identity}  threads: {args.threads}  beam: {args.beam_size}  input: {args.input}  "
          f"cues: {len(cues)}  sentences sent to the model: {len(sent)}  repeats: {args.repeat}")

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    python = sys.executable
    cli_out = folder / f"{args.input}.cli.en.srt"
    lib_out = folder / f"{args.input}.en.srt"
    kit = TranslateOptions(use_memory=False, threads=args.threads, device="cpu", beam_size=args.beam_size,
                           retry_beam=0, invented_retries=0)
    times: dict[str, list[float]] = {k: [] for k in ("raw", "raw-inside", "cli", "cli-qa", "cli-retry", "library")}
    cpu: dict[str, list[float]] = {k: [] for k in ("raw", "cli", "cli-qa", "cli-retry", "library")}
    cli = [python, "-m", "subkit", "translate", str(source), "-o", str(cli_out), "--no-memory", "-q",
           "--threads", str(args.threads), "--device", "cpu", "--beam-size", str(args.beam_size)]
    no_retry = ["--retry-beam", "0", "--invented-retries", "0"]
    for _ in range(args.repeat):  # in turn, so a busy moment on a shared machine hits all alike
        wall, used, printed = timed([python, __file__, "--raw-worker", str(spec)], env)
        times["raw"].append(wall)
        cpu["raw"].append(used)
        times["raw-inside"].append(float(printed.split()[-1]))
        wall, used, _ = timed(cli + no_retry, env)
        times["cli"].append(wall)
        cpu["cli"].append(used)
        wall, used, _ = timed(cli, env)
        times["cli-retry"].append(wall)
        cpu["cli-retry"].append(used)
        wall, used, _ = timed(cli + no_retry + ["--qa", str(folder / f"{args.input}.qa.json")], env)
        times["cli-qa"].append(wall)
        cpu["cli-qa"].append(used)
        t0, c0 = time.perf_counter(), time.process_time()
        translate_file(str(source), str(lib_out), kit)
        times["library"].append(time.perf_counter() - t0)
        cpu["library"].append(time.process_time() - c0)
    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}

    rows = [("raw engine (process, start-up incl.)", med["raw"], med_cpu["raw"]),
            ("  the same, load + translate only", med["raw-inside"], None),
            ("subkit translate CLI (process)", med["cli"], med_cpu["cli"]),
            ("  the same with --qa", med["cli-qa"], med_cpu["cli-qa"]),
            ("  the same, default retries", med["cli-retry"], med_cpu["cli-retry"]),
            ("subkit library translate_file", med["library"], med_cpu["library"])]
    if not args.skip_per_cue:
        os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
        import argostranslate.translate as at

        translation = at.get_translation_from_codes("fr", "en")
        per_cue = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            [translation.translate(c.text.replace("\n", " ")) for c in cues]
            per_cue.append(time.perf_counter() - t0)
        med["per-cue"] = statistics.median(per_cue)
        rows.insert(0, ("per-cue argostranslate", med["per-cue"], None))

    n = len(cues)
    print(f"{'approach':<40}{'seconds':>10}{'cues/s':>10}{'CPU s':>10}")
    for name, t, c in rows:
        print(f"{name:<40}{t:>10.2f}{n / t:>10.1f}{'' if c is None else f'{c:.2f}':>10}")
    print("CLI runs:", ", ".join(f"{t:.2f}" for t in times["cli"]), " raw engine runs:",
          ", ".join(f"{t:.2f}" for t in times["raw"]))
    print(f"subkit CLI vs raw engine: {med['raw'] / med['cli']:.0%} of the engine's speed (goal >= 85 %); "
          f"in CPU seconds: {med_cpu['raw'] / med_cpu['cli']:.0%}")
    print(f"--qa adds {med['cli-qa'] / med['cli'] - 1:+.1%} wall, {med_cpu['cli-qa'] / med_cpu['cli'] - 1:+.1%} CPU "
          "to the CLI (goal < 10 %)")
    print(f"the default retries (--retry-beam 12 --invented-retries 8) add {med['cli-retry'] / med['cli'] - 1:+.1%} "
          "wall to the CLI")
    print(f"subkit library vs raw engine's load + translate: {med['raw-inside'] / med['library']:.0%}")
    if "per-cue" in med:
        print(f"subkit CLI vs per-cue: {med['per-cue'] / med['cli']:.1f}x faster")

if __name__ == "__main__":
    main()
