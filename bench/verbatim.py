"""Benchmark: web and e-mail addresses, handles, hashtags and emoji through translation.

Builds French sentences of the kinds a video's subtitles hold (a call to visit a site, write an
e-mail, follow an account, a cheer with an emoji) from templates and tokens, translates them with
the real model twice — each token given to the model as it is, and masked by
:mod:`subkit.translate.verbatim` — and prints how many tokens came out exactly once, the time, and
FLORES-style sentences without tokens to show nothing else changes.

    python bench/verbatim.py
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

TEMPLATES = [
    "Retrouvez toutes nos sources sur {t}.",
    "Écrivez-nous à {t} si vous avez des questions.",
    "Le lien vers l'article est {t}, dans la description.",
    "Suivez-nous aussi sur {t} pour ne rien manquer.",
    "Merci à tous pour votre soutien {t}",
    "Pour nous soutenir, rendez-vous sur {t} avant la fin du mois.",
]
TOKENS = [
    "www.subkit-video.fr", "https://exemple.fr/budget-2024?ref=yt", "https://youtu.be/dQw4w9WgXcQ",
    "contact@exemple.fr", "marie.dupont@gmail.com", "@subkit_fr", "#Koursk", "#MonBudget2024", "🎉", "❤️",
]
PLAIN = [
    "La guerre en Ukraine entre dans sa troisième année.",
    "Les prix de l'énergie ont fortement augmenté en 2023.",
    "Le gouvernement a présenté son budget mercredi dernier.",
]


def main() -> None:
    from _model import fr_en_package

    import subkit.translate.engine as engine_module
    from subkit.translate.engine import load_engine

    fr_en_package()
    engine = load_engine("fr", "en", threads=2)
    pairs = [(tpl.format(t=tok), tok) for tpl, tok in itertools.product(TEMPLATES, TOKENS)]
    sentences = [s for s, _ in pairs]
    rows = {}
    masked = engine_module.mask
    for label, masking in (("as it is (before)", False), ("masked (after)", True)):
        engine_module.mask = masked if masking else (lambda s: (s, []))
        engine._confidence.clear()
        took = []
        for _ in range(3):
            t0 = time.perf_counter()
            out = engine.translate(sentences)
            took.append(time.perf_counter() - t0)
        plain = engine.translate(PLAIN)
        kept = sum(text.count(tok) == 1 for text, (_, tok) in zip(out, pairs))
        rows[label] = (kept, statistics.median(took), plain)
    engine_module.mask = masked
    print(f"{len(pairs)} sentences ({len(TEMPLATES)} templates x {len(TOKENS)} tokens), model {engine.identity}")
    for label, (kept, took, _) in rows.items():
        print(f"  {label:<20} tokens kept exactly once: {kept:3d}/{len(pairs)} ({100 * kept / len(pairs):5.1f} %)"
              f"   median {took:.2f} s")
    before, after = rows["as it is (before)"][0], rows["masked (after)"][0]
    print(f"  ratio kept after/before: {after / max(before, 1):.2f}")
    same = rows["as it is (before)"][2] == rows["masked (after)"][2]
    print(f"  sentences without tokens translated identically: {same}")


if __name__ == "__main__":
    main()
