"""Build subkit's word lists (src/subkit/language/data/words-{fr,en}.txt.gz) from the parallel corpus.

Usage: python tools/build_wordlists.py [--data ../shared/data/parallel] [--min-count 2]

Each list holds the words seen at least --min-count times on that side of the corpus (the data our
model is trained on), one per line, sorted: in lowercase when at least a tenth of their occurrences are
("parce", "imaginez": capitalised mostly at the start of a sentence), else capitalised ("Russie", "Putin").
The translation step uses them to tell a name from a common word and a real English word from a
garbled one (subkit/translate/names.py). Deterministic: the same corpus gives the same bytes.
"""
import argparse
import collections
import glob
import gzip
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared", "data", "parallel"))
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "subkit", "language", "data"))
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    counts = {"fr": collections.Counter(), "en": collections.Counter()}
    for path in sorted(glob.glob(os.path.join(args.data, "*.fr-en.tsv.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                fr, _, en = line.rstrip("\n").partition("\t")
                counts["fr"].update(w.replace("’", "'") for w in WORD.findall(fr))
                counts["en"].update(w.replace("’", "'") for w in WORD.findall(en))
    for lang, counter in counts.items():
        total, lower, best = collections.Counter(), collections.Counter(), {}
        for word, n in counter.items():
            key = word.lower()
            total[key] += n
            if word == key:
                lower[key] += n
            elif key not in best or (n, word) > (counter[best[key]], best[key]):
                best[key] = word
        words = sorted(k if lower[k] * 10 >= n else best[k]
                       for k, n in total.items() if n >= args.min_count and len(k) >= 2)
        path = os.path.join(args.out, f"words-{lang}.txt.gz")
        # mtime=0: the same words give the same file bytes.
        with open(path + ".tmp", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(("\n".join(words) + "\n").encode("utf-8"))
        os.replace(path + ".tmp", path)
        print(f"{path}: {len(words)} words ({os.path.getsize(path) / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
