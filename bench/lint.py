"""Benchmark of ``subkit lint`` (issue 3): not a timed test, a script that prints numbers.

Builds a 100,000-cue French SRT file and prints, from one run:
- the median time of the linter core with all default rules (in-process ``lint_path``), and of
  the CLI (``subkit lint FILE`` in a subprocess, start-up included);
- the median time of ``srt.parse`` alone on the same file (and read + parse);
- their ratio (goal: below 1.0);
- peak memory: tracemalloc peak of the linter on the 100,000-cue file and on a 4x smaller one
  (streaming: it should not grow with the file), and the peak RSS of the CLI process;
- the start-up time of ``subkit lint --help`` next to ``python -c "import srt, click"``;
- issue 17: a 100,000-cue file where every cue has problems, linted and printed as JSON, against the
  clean file (goal: under 3x), in-process and through the CLI;
- issue 17: the CLI's peak RSS on a corpus of many files that all have problems (default 500 files
  of 2,000 cues), with text and JSON output, next to a corpus a fifth as big: streaming per file,
  it should not grow with the number of files (goal: under 150 MB).

Usage: ``python bench/lint.py [--cues N] [--repeat R] [--corpus-files F] [--corpus-cues C]``
(``--corpus-files 0`` skips the corpus).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

WORDS = ("je tu il elle nous vous ils le la les un une des du de à dans sur pour avec sans "
         "maison voiture ville monde temps jour nuit homme femme enfant travail histoire "
         "parle regarde pense veut sait peut doit vient part arrive reste trouve donne "
         "grand petit beau nouveau vieux bon mauvais rapide lent simple difficile "
         "toujours jamais encore déjà ici là bien mal très trop assez").split()


def build(path: Path, n: int, seed: int = 7, faults: bool = True) -> None:
    """n cues of French-like text with professional layout and timing.

    Lines hold at most 40 characters and never end on a word that must not end a line, ``?``/``!``
    take a no-break space, cues run at 8-16 cps with 2-frame or long gaps. With *faults*, every
    40th cue is too fast and every 50th is followed by a 5-frame gap, so that the rules have
    something to report (about 4.5 % of the cues); without, the file is clean.
    """
    from subkit.language import rules

    bad_end = rules("fr").must_not_end_line
    rnd = random.Random(seed)

    def line(limit: int) -> str:
        target = rnd.randint(limit // 2, limit)
        words = [rnd.choice(WORDS)]
        size = len(words[0])
        while True:
            w = rnd.choice(WORDS)
            if size + len(w) + 1 > target:
                break
            words.append(w)
            size += len(w) + 1
        while len(words) > 1 and bad_end(words[-1]):
            words.pop()
        if bad_end(words[-1]):
            words[-1] = "maison"
        return " ".join(words)

    t = 1000
    out = []
    for i in range(1, n + 1):
        text = line(38).capitalize() + rnd.choice((".", ",", "\u00a0?", "\u00a0!", "..."))
        if rnd.random() < 0.5:
            text = text[:-1].rstrip("\u00a0.") + "\n" + line(36) + "."
        chars = len(text.replace("\n", ""))
        cps = 25.0 if faults and i % 40 == 0 else rnd.uniform(8.0, 16.0)
        dur = min(7000, max(1000, int(chars / cps * 1000)))
        out.append(f"{i}\n{_ts(t)} --> {_ts(t + dur)}\n{text}\n\n")
        t += dur + (200 if faults and i % 50 == 0 else rnd.choice((80, 80, 80, 520, 1000, 2000)))
    path.write_text("".join(out), encoding="utf-8")


def build_faulty(path: Path, n: int, seed: int = 11) -> None:
    """n French-like cues that all break a rule: every cue is too fast (about 30 cps) and every
    other one has a line over 42 characters, so that the linter reports about 1.5 problems a cue."""
    rnd = random.Random(seed)
    t = 1000
    out = []
    for i in range(1, n + 1):
        words, size = [], 0
        target = 46 if i % 2 else 30
        while size < target:
            w = rnd.choice(WORDS)
            words.append(w)
            size += len(w) + 1
        text = " ".join(words).capitalize() + "."
        dur = max(1000, len(text) * 1000 // 30)
        out.append(f"{i}\n{_ts(t)} --> {_ts(t + dur)}\n{text}\n\n")
        t += dur + 1000
    path.write_text("".join(out), encoding="utf-8")


def build_corpus(folder: Path, files: int, cues: int) -> None:
    """*files* files of *cues* faulty cues each (``build_faulty``), in two sub-folders."""
    for k in range(files):
        sub = folder / ("season1" if k % 2 else "season2")
        sub.mkdir(parents=True, exist_ok=True)
        build_faulty(sub / f"ep{k:04d}.fr.srt", cues, seed=k)


def _ts(ms: int) -> str:
    s, ms = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


_RSS_WRAPPER = (
    "import resource, sys\n"
    "from subkit.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "try:\n"  # VmHWM belongs to this program image; ru_maxrss would include the fork before exec
    "    kib = [int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM')][0]\n"
    "except OSError:\n"
    "    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "sys.stderr.write('MAXRSS %d\\n' % kib)\n"
)


def run_cli(args: list[str]) -> float:
    """Seconds of one CLI run (a fresh interpreter)."""
    t0 = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def cli_rss_mb(path: Path, *options: str) -> float:
    """Peak RSS of ``subkit lint PATH`` measured inside the process (fork copies do not count)."""
    proc = subprocess.run([sys.executable, "-c", _RSS_WRAPPER, "lint", *options, str(path)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kib = int(proc.stderr.rsplit("MAXRSS", 1)[1])
    return kib / 1024


def json_report_time(path: Path, repeat: int) -> tuple[float, int]:
    """(median seconds, problems) of linting *path* and writing its JSON report (to a sink)."""
    from subkit.lint.core import lint_path
    from subkit.lint.formats import make_writer

    def once() -> int:
        size = [0]
        writer = make_writer("json", lambda text: size.__setitem__(0, size[0] + len(text)))
        rep = lint_path(str(path))
        writer.add(rep)
        writer.finish()
        return len(rep.problems)

    return median_time(once, repeat), once()


def bench_problem_heavy(tmp: Path, cues: int, repeat: int) -> None:
    """Issue 17: every cue with problems, printed as JSON, against the clean file (goal < 3x)."""
    clean, faulty = tmp / "clean_json.srt", tmp / "faulty_json.srt"
    build(clean, cues, faults=False)
    build_faulty(faulty, cues)
    t_clean, n_clean = json_report_time(clean, repeat)
    t_faulty, n_faulty = json_report_time(faulty, repeat)
    print(f"JSON report, in-process: clean file {t_clean:.3f} s ({n_clean} problems), every cue faulty "
          f"{t_faulty:.3f} s ({n_faulty} problems): ratio {t_faulty / t_clean:.2f} (goal < 3)")
    c_clean = statistics.median(run_cli([sys.executable, "-m", "subkit", "lint", "--format", "json", str(clean)])
                                for _ in range(repeat))
    c_faulty = statistics.median(run_cli([sys.executable, "-m", "subkit", "lint", "--format", "json",
                                          str(faulty)]) for _ in range(repeat))
    print(f"JSON report, CLI: clean {c_clean:.3f} s, every cue faulty {c_faulty:.3f} s: "
          f"ratio {c_faulty / c_clean:.2f} (goal < 3)")


def bench_corpus(tmp: Path, files: int, cues: int) -> None:
    """Issue 17: peak RSS of the CLI over many files full of problems (goal < 150 MB, flat)."""
    small, big = tmp / "corpus_small", tmp / "corpus"
    build_corpus(small, max(1, files // 5), cues)
    build_corpus(big, files, cues)
    mb = sum(f.stat().st_size for f in big.rglob("*.srt")) / 1e6
    print(f"corpus: {files} files x {cues} cues, {mb:.0f} MB, every cue with a problem")
    for fmt in ("text", "json", "sarif"):
        print(f"CLI peak RSS, --format {fmt}: {cli_rss_mb(small, '--format', fmt):.1f} MB for "
              f"{max(1, files // 5)} files, {cli_rss_mb(big, '--format', fmt):.1f} MB for {files} files")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cues", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus-files", type=int, default=500)
    ap.add_argument("--corpus-cues", type=int, default=2000)
    ap.add_argument("--only-17", action="store_true", help="only the issue 17 measurements")
    args = ap.parse_args()
    if args.only_17:
        with tempfile.TemporaryDirectory() as tmp:
            bench_problem_heavy(Path(tmp), args.cues, args.repeat)
            if args.corpus_files:
                bench_corpus(Path(tmp), args.corpus_files, args.corpus_cues)
        return

    import srt

    from subkit.lint import langvote
    from subkit.lint.core import lint_path

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.srt"
        small = Path(tmp) / "small.srt"
        clean_big = Path(tmp) / "clean_big.srt"
        clean_small = Path(tmp) / "clean_small.srt"
        build(big, args.cues)
        build(small, max(1, args.cues // 4))
        build(clean_big, args.cues, faults=False)
        build(clean_small, max(1, args.cues // 4), faults=False)
        size_mb = big.stat().st_size / 1e6
        print(f"file: {args.cues} cues, {size_mb:.1f} MB; median of {args.repeat} runs")

        langvote.DETECT_CALLS[0] = 0
        report = lint_path(str(big))
        print(f"default rules found {len(report.problems)} problems in {report.cues} cues "
              f"(profile {report.profile} chosen from language {report.lang}; "
              f"langdetect calls: {langvote.DETECT_CALLS[0]})")

        t_lint = median_time(lambda: lint_path(str(big)), args.repeat)
        t_lint_fr = median_time(lambda: lint_path(str(big), profile_name="netflix-fr"), args.repeat)
        text = big.read_text(encoding="utf-8")
        t_parse = median_time(lambda data=text: list(srt.parse(data)), args.repeat)
        t_read_parse = median_time(lambda: list(srt.parse(big.read_text(encoding="utf-8"))), args.repeat)
        del text
        t_cli = statistics.median(run_cli([sys.executable, "-m", "subkit", "lint", str(big)])
                                  for _ in range(args.repeat))

        print(f"subkit lint, core (all default rules, auto profile): {t_lint:.3f} s")
        print(f"subkit lint, core (--profile netflix-fr):             {t_lint_fr:.3f} s")
        print(f"subkit lint, CLI subprocess (start-up included):     {t_cli:.3f} s")
        print(f"srt.parse alone (text already in memory):            {t_parse:.3f} s")
        print(f"srt.parse with file read:                            {t_read_parse:.3f} s")
        print(f"ratio lint core / srt.parse:                         {t_lint / t_parse:.2f} (goal < 1.0)")
        print(f"ratio lint CLI  / srt.parse:                         {t_cli / t_parse:.2f}")

        def peak(path: Path) -> tuple[float, float, int]:
            """(peak MB during the run, MB still held by the returned report, problems)."""
            tracemalloc.start()
            rep = lint_path(str(path))
            held, pk = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return pk / 1e6, held / 1e6, len(rep.problems)

        for label, s_path, b_path in (("clean file", clean_small, clean_big), ("file above", small, big)):
            (p_s, h_s, n_s), (p_b, h_b, n_b) = peak(s_path), peak(b_path)
            print(f"peak traced memory, {label}: {p_s:.1f} MB for {args.cues // 4} cues "
                  f"({s_path.stat().st_size / 1e6:.1f} MB file; {n_s} problems holding {h_s:.1f} MB), "
                  f"{p_b:.1f} MB for {args.cues} cues ({b_path.stat().st_size / 1e6:.1f} MB file; "
                  f"{n_b} problems holding {h_b:.1f} MB)")
        print(f"CLI peak RSS: {cli_rss_mb(clean_small):.1f} MB ({args.cues // 4} clean cues), "
              f"{cli_rss_mb(clean_big):.1f} MB ({args.cues} clean cues), "
              f"{cli_rss_mb(big):.1f} MB ({args.cues} cues, {len(report.problems)} problems)")
        bench_problem_heavy(Path(tmp), args.cues, args.repeat)
        if args.corpus_files:
            bench_corpus(Path(tmp), args.corpus_files, args.corpus_cues)

    t_help = statistics.median(run_cli([sys.executable, "-m", "subkit", "lint", "--help"])
                               for _ in range(args.repeat))
    t_base = statistics.median(run_cli([sys.executable, "-c", "import srt, click"])
                               for _ in range(args.repeat))
    print(f"start-up: subkit lint --help {t_help * 1000:.0f} ms; "
          f"python -c 'import srt, click' {t_base * 1000:.0f} ms")


if __name__ == "__main__":
    main()
