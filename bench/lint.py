"""Benchmark of ``subkit lint`` (issue 3): not a timed test, a script that prints numbers.

Builds a 100,000-cue French SRT file and prints, from one run:
- the median time of the linter core with all default rules (in-process ``lint_path``), and of
  the CLI (``subkit lint FILE`` in a subprocess, start-up included);
- the median time of ``srt.parse`` alone on the same file (and read + parse);
- their ratio (goal: below 1.0);
- peak memory: tracemalloc peak of the linter on the 100,000-cue file and on a 10x smaller one
  (streaming: it should not grow with the file), and the ru_maxrss of the CLI process;
- the start-up time of ``subkit lint --help`` next to ``python -c "import srt, click"``.

Usage: ``python bench/lint.py [--cues N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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


def build(path: Path, n: int, seed: int = 7) -> None:
    """n cues of French-like text with professional timing; about 3 % break a rule.

    Lines are broken after a word that may end a line, ``?``/``!`` take a no-break space, cues
    run at 8-16 cps with 2-frame or long gaps; every 40th cue is too fast and every 50th has a
    3-11-frame gap, so the rules have something to report.
    """
    from subkit.language import rules

    bad_end = rules("fr").must_not_end_line
    rnd = random.Random(seed)
    t = 1000
    out = []
    for i in range(1, n + 1):
        k = rnd.randint(3, 14)
        words = [rnd.choice(WORDS) for _ in range(k)]
        words[0] = words[0].capitalize()
        while bad_end(words[-1]):
            words[-1] = rnd.choice(WORDS)
        text = " ".join(words) + rnd.choice((".", ",", "\u00a0?", "\u00a0!", "..."))
        if len(text) > 40:
            toks = text.split(" ")
            cut = len(toks) // 2
            while cut > 1 and bad_end(toks[cut - 1]):
                cut -= 1
            text = " ".join(toks[:cut]) + "\n" + " ".join(toks[cut:])
        chars = len(text.replace("\n", ""))
        cps = 25.0 if i % 40 == 0 else rnd.uniform(8.0, 16.0)
        dur = min(7000, max(900, int(chars / cps * 1000)))
        out.append(f"{i}\n{_ts(t)} --> {_ts(t + dur)}\n{text}\n\n")
        t += dur + (200 if i % 50 == 0 else rnd.choice((80, 80, 80, 520, 1000, 2000)))
    path.write_text("".join(out), encoding="utf-8")


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


def run_cli(args: list[str]) -> tuple[float, int]:
    """(seconds, child's peak RSS in KiB) of one CLI run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return dt, max(after, before)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cues", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import srt

    from subkit.lint.core import lint_path

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.srt"
        small = Path(tmp) / "small.srt"
        build(big, args.cues)
        build(small, max(1, args.cues // 10))
        size_mb = big.stat().st_size / 1e6
        print(f"file: {args.cues} cues, {size_mb:.1f} MB; median of {args.repeat} runs")

        report = lint_path(str(big))
        print(f"default rules found {len(report.problems)} problems "
              f"(profile {report.profile}, language {report.lang})")

        t_lint = median_time(lambda: lint_path(str(big)), args.repeat)
        t_lint_fr = median_time(lambda: lint_path(str(big), profile_name="netflix-fr"), args.repeat)
        text = big.read_text(encoding="utf-8")
        t_parse = median_time(lambda: list(srt.parse(text)), args.repeat)
        t_read_parse = median_time(lambda: list(srt.parse(big.read_text(encoding="utf-8"))), args.repeat)
        exe = [sys.executable, "-m", "subkit", "lint", str(big)]
        cli = [run_cli(exe) for _ in range(args.repeat)]
        t_cli = statistics.median(c[0] for c in cli)
        rss = max(c[1] for c in cli)

        print(f"subkit lint, core (all default rules, auto profile): {t_lint:.3f} s")
        print(f"subkit lint, core (--profile netflix-fr):             {t_lint_fr:.3f} s")
        print(f"subkit lint, CLI subprocess (start-up included):     {t_cli:.3f} s")
        print(f"srt.parse alone (text already in memory):            {t_parse:.3f} s")
        print(f"srt.parse with file read:                            {t_read_parse:.3f} s")
        print(f"ratio lint core / srt.parse:                         {t_lint / t_parse:.2f} (goal < 1.0)")
        print(f"ratio lint CLI  / srt.parse:                         {t_cli / t_parse:.2f}")

        def peak(path: Path) -> float:
            tracemalloc.start()
            lint_path(str(path))
            _, pk = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return pk / 1e6

        p_small, p_big = peak(small), peak(big)
        del text
        print(f"peak traced memory of the linter: {p_small:.1f} MB for {args.cues // 10} cues, "
              f"{p_big:.1f} MB for {args.cues} cues (file {size_mb:.1f} MB)")
        unit = 1024 if sys.platform != "darwin" else 1024 * 1024
        print(f"CLI process peak RSS (ru_maxrss): {rss / unit:.1f} MB")

    env = dict(os.environ)
    t_help = statistics.median(run_cli([sys.executable, "-m", "subkit", "lint", "--help"])[0]
                               for _ in range(args.repeat))
    t_base = statistics.median(run_cli([sys.executable, "-c", "import srt, click"])[0]
                               for _ in range(args.repeat))
    print(f"start-up: subkit lint --help {t_help * 1000:.0f} ms; "
          f"python -c 'import srt, click' {t_base * 1000:.0f} ms")
    del env


if __name__ == "__main__":
    main()
