"""Measure the cue and line breaks of `subkit segment` the way a subtitler reads them.

For the seed and three held-out French prose sets (never tune on the seed alone) it prints:

* orphan cues: shorter than 1.2 s, or under 3 words without ending a sentence;
* cues crossing a paragraph break of the transcript (a paragraph end inside the cue);
* noun-adjective splits, at a line break and at a cue break
  (:func:`subkit.breaking.noun_adjective_split`, a light heuristic), and adjective-noun splits at
  either (:func:`subkit.breaking.adjective_noun_split`: "la grande | salle");
* breaks inside a set phrase of the language data ("tout | à fait", "plus | ou moins");
* cue ends on punctuation (sentence end or clause mark);
* cue breaks inside a sentence that fits one cue ("keep a sentence in one subtitle when it fits"),
  and run-on cues (a sentence's end inside, the next sentence left unfinished);
* hard-limit breaches of the profile, and whether every word is kept in order.

The held-out sets are the French sides of the first sentences of WMT newstest, Europarl and
NTREX-128 (``shared/data/parallel/``) and of FLORES dev (``shared/data/eval/``), grouped into
paragraphs of 3, 4, 5, 6, 3... sentences, one paragraph per line (the weights of the breaker were
tuned looking at the seed, newstest, Europarl and FLORES; NTREX was only measured, at the end).
Sets whose data is missing are skipped.

    python bench/breaks.py [--sentences 240] [--data DIR] [--show orphans|crossings|splits|cuts]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import sys
from pathlib import Path

import srt

from subkit.segment import segment_transcript

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from segment_checks import break_metrics, limit_problems, words  # noqa: E402

SEED = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"


def paragraphs_of(sentences: list[str]) -> str:
    """Sentences grouped into paragraphs of 3, 4, 5, 6, 3... sentences, one per line."""
    out, it = [], iter(sentences)
    for size in itertools.cycle((3, 4, 5, 6)):
        chunk = list(itertools.islice(it, size))
        if not chunk:
            break
        out.append(" ".join(chunk))
    return "\n\n".join(out) + "\n"


def _usable(sentence: str) -> bool:
    return bool(sentence) and all(len(w) <= 40 for w in sentence.split())


def held_out(data: Path, count: int) -> dict[str, str]:
    """name -> transcript of the held-out sets whose files exist under *data*."""
    sets = {}
    for name, rel in (("newstest", "parallel/wmt-newstest.fr-en.tsv.gz"),
                      ("europarl", "parallel/europarl.fr-en.tsv.gz"),
                      ("ntrex", "parallel/ntrex128.fr-en.tsv.gz")):
        path = data / rel
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                fr = (line.split("\t", 1)[0].strip() for line in fh)
                sets[name] = paragraphs_of(list(itertools.islice(filter(_usable, fr), count)))
    flores = data / "eval" / "flores-dev.fr"
    if flores.is_file():
        lines = [ln.strip() for ln in flores.read_text("utf-8").splitlines()]
        sets["flores"] = paragraphs_of([ln for ln in lines if _usable(ln)][:count])
    return sets


def measure(text: str, show: str | None = None) -> dict:
    """The break metrics of `subkit segment --lang fr` on *text*, its breaches and word check."""
    result = segment_transcript(text, lang="fr", name="bench")
    subs = list(srt.parse(result.to_srt()))
    m = break_metrics(text, result, "fr", show)
    m["breaches"] = len(limit_problems(subs, result.profile))
    m["kept"] = words(" ".join(result.tokens)) == words(" ".join(s.content for s in subs))
    return m


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=240, help="sentences per held-out set")
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--show", choices=("orphans", "crossings", "splits", "cuts"))
    args = parser.parse_args()
    sets = {"seed": SEED.read_text("utf-8"), **held_out(args.data, args.sentences)}
    print(f"{'set':9} {'cues':>5} {'orphans':>13} {'para-cross':>13} {'N|A cue':>8} {'N|A line':>8} {'A|N':>4} "
          f"{'phrase':>6} {'punct end':>13} {'cut fit':>7} {'run-on':>6} {'breach':>6} kept")
    for name, text in sets.items():
        if args.show:
            print(f"{name}:")
        m = measure(text, args.show)
        n = m["cues"]
        print(f"{name:9} {n:5} {m['orphans']:4} ({m['orphans'] / n:5.1%}) {m['crossings']:4} "
              f"({m['crossings'] / n:5.1%}) {m['cue_splits']:8} {m['line_splits']:8} {m['an_splits']:4} "
              f"{m['phrase_breaks']:6} {m['punct']:4} ({m['punct'] / n:5.1%}) {m['cut_fitting']:7} {m['run_on']:6} "
              f"{m['breaches']:6} {m['kept']}")


if __name__ == "__main__":
    main()
