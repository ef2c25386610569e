"""Spoken-video phrases: the hand-written phrasebook.tsv composed into training pairs.

The parallel corpora hold news, parliament, UN, captions and film lines, but almost none of the
stock phrases of a presenter talking to a camera: not one "Bonjour à tous" -> "Hello everyone" in
284k pairs, so the model guessed ("After all, it is Sébastian"). This composes the phrasebook's
pieces the way they are spoken: a greeting, a name, a welcome ("Bonjour à tous c'est Claire,
bienvenue dans cette vidéo"), a closing after a sentence, a connective before one; the French side
sometimes without the comma a transcript often lacks. The neighbouring sentences are training pairs
of the long sources, so the phrases are learnt in context, not alone. The "heldout-*" sections are
never used: bench/model_quality.py tests them.

Usage: python tools/train_fr_en/phrasebook.py --work tools/train_fr_en/work [--pairs 8000]
Writes WORK/phrases.npz (the format of train.npz; source id PHRASES_SOURCE) from WORK/train.npz,
WORK/spm.model and phrasebook.tsv; skipped when it exists (--force to redo). train.py mixes it in
with --phrases-weight.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from augment_names import NAMES_SOURCE, extra_pairs, invented_name  # noqa: E402
from join_segments import JOINED_SOURCE, ends_sentence  # noqa: E402
from prepare import LONG_SOURCES, SOURCE_ORDER  # noqa: E402

PHRASES_SOURCE = 102
assert PHRASES_SOURCE not in (NAMES_SOURCE, JOINED_SOURCE) and PHRASES_SOURCE >= len(SOURCE_ORDER)
PHRASEBOOK = os.path.join(HERE, "phrasebook.tsv")
# First names to fill {name} with (half the time an invented one); the seed's presenter is not here.
FIRST_NAMES = ("Claire Thomas Julie Nicolas Camille Antoine Léa Hugo Manon Pierre Sarah Julien Chloé "
               "Mathieu Emma Lucas Inès Karim Sophie Olivier Amandine Yann Élodie Benoît Nadia Rémi "
               "Margaux Cédric Laura Damien").split()
# Sentence starts that are lower-cased after a connective and a comma (a name stays capitalised).
_LOWER_FR = re.compile(r"^(Le|La|Les|L'|Il|Elle|Ils|Elles|On|Nous|Je|Ce|Cette|Ces|C'|Un|Une|Des|Dans|En)\b")
_LOWER_EN = re.compile(r"^(The|It|He|She|They|We|This|These|That|A|An|In|There)\b")
# Captions (Multi30k) that can follow "où l'on regarde": they open with a determiner or a number.
_CAPTION_EN = re.compile(r"^(A|An|The|Two|Three|Four|Five|Some|Several|Many)\b")


def read_phrasebook(path=PHRASEBOOK):
    """{section: [(fr, en)]} of the phrasebook, held-out sections included."""
    sections, current = {}, None
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if line.startswith("## "):
                current = sections.setdefault(line[3:].strip(), [])
            elif line and not line.startswith("#"):
                fr, sep, en = line.partition("\t")
                if not sep or current is None or not fr.strip() or not en.strip():
                    raise SystemExit(f"{path}:{number}: expected French<TAB>English under a '## section'")
                current.append((fr.strip(), en.strip()))
    return sections


def _cap(text):
    return text[:1].upper() + text[1:]


def _name(rng):
    return rng.choice(FIRST_NAMES) if rng.random() < 0.5 else invented_name(rng)


def _fill(piece, name):
    return piece[0].replace("{name}", name), piece[1].replace("{name}", name)


def opener(book, rng, captions=()):
    """Greeting, then maybe an introduction and a welcome, which may go on with what the video is
    about (an "about" piece and a caption): French joined by ', ' or a bare space."""
    name = _name(rng)
    parts = [rng.choice(book["greeting"])]
    if rng.random() < 0.6:
        parts.append(_fill(rng.choice(book["intro"]), name))
    if rng.random() < 0.6:
        parts.append(rng.choice(book["welcome"]))
    fr, en = parts[0]
    for piece_fr, piece_en in parts[1:]:
        fr += (", " if rng.random() < 0.6 else " ") + piece_fr
        en += ", " + piece_en
    if len(parts) > 1 and parts[-1][0].startswith("bienvenue") and captions and rng.random() < 0.5:
        about_fr, about_en = rng.choice(book["about"])
        caption_fr, caption_en = rng.choice(captions)
        fr += f" {about_fr} {caption_fr[:1].lower()}{caption_fr[1:]}"
        en += f" {about_en} {caption_en[:1].lower()}{caption_en[1:]}"
    return fr, en


def _lowered(fr, en):
    """(fr, en) with the first letter lower-cased when both start with a common function word."""
    if _LOWER_FR.match(fr) and _LOWER_EN.match(en):
        return fr[:1].lower() + fr[1:], en[:1].lower() + en[1:]
    return None


def compose(book, sentences, rng, captions=()):
    """One (fr, en) pair built from the phrasebook and, mostly, one neighbouring training sentence."""
    sentence = rng.choice(sentences)
    kind = rng.random()
    if kind < 0.4:
        fr, en = opener(book, rng, captions)
        if rng.random() < 0.6:
            return f"{fr}. {sentence[0]}", f"{en}. {sentence[1]}"
        return fr + rng.choice((".", "", "!")), en + "."
    if kind < 0.65:
        fr, en = rng.choice(book["closing"])
        if rng.random() < 0.6:
            return f"{sentence[0]} {fr}.", f"{sentence[1]} {en}."
        return fr + rng.choice((".", "", "!")), en + "."
    if kind < 0.85:
        fr, en = rng.choice(book["connective"])
        lowered = _lowered(*sentence)
        if lowered:
            return f"{fr}, {lowered[0]}", f"{en}, {lowered[1]}"
        return f"{fr}. {sentence[0]}", f"{en}. {sentence[1]}"
    section = rng.choice(("intro", "welcome"))
    fr, en = _fill(rng.choice(book[section]), _name(rng))
    return _cap(fr) + ".", _cap(en) + "."


def make_phrases(pairs, n, rng, book=None):
    """Up to *n* distinct composed (fr, en) pairs; the neighbours are long-source sentences."""
    book = book or read_phrasebook()
    long_ids = {SOURCE_ORDER.index(name) for name in LONG_SOURCES if name in SOURCE_ORDER}
    sentences = [(fr, en) for fr, en, sid in pairs
                 if sid in long_ids and len(fr) <= 200 and ends_sentence((fr, en))]
    sentences = sentences or [(fr, en) for fr, en, _ in pairs]
    caption_id = SOURCE_ORDER.index("multi30k") if "multi30k" in SOURCE_ORDER else -1
    captions = [(fr.rstrip(" ."), en.rstrip(" .")) for fr, en, sid in pairs
                if sid == caption_id and _CAPTION_EN.match(en) and len(fr) <= 120]
    seen, out = set(), []
    for _ in range(4 * n):
        if len(out) >= n:
            break
        pair = compose(book, sentences, rng, captions)
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


def main():
    def make(pairs, n, rng):
        made = make_phrases(pairs, n, rng)
        return made, f"composed from {PHRASEBOOK}"

    extra_pairs(__doc__, "phrases.npz", PHRASES_SOURCE, make, pairs=8000, seed=13)


if __name__ == "__main__":
    main()
