"""What legacy encoding bytes that are not UTF-8 look like, for the ``encoding`` rule's hint.

A cheap, stdlib-only heuristic, run once per file and only on the error path: decode a sample
with each candidate code page and score its words. A word scores for an encoding when it reads
as a word of that encoding's languages: Latin letters with a few accented letters of those
languages (cp1252: é è à ç ñ ö...; cp1250: č š ž ř ł ő...), Cyrillic letters only (cp1251),
Greek only, Hebrew only, Arabic only, or CJK characters (GB18030, Big5, Shift-JIS). Text of the
wrong code page gives words of mixed scripts or stray symbols. Ties go to the candidate listed
first (the more common code page; Shift-JIS, whose words must hold kana, and EUC-KR, whose words
must be Hangul, before GB18030, which reads both as Chinese; cp1255 before cp1251, which reads any
Hebrew as lower-case Cyrillic, while Russian and Bulgarian hold letters cp1255 cannot decode).
"""

from __future__ import annotations

__all__ = ["encoding_hint", "guess_encoding"]


def _languages(*letters: str) -> tuple[frozenset[str], ...]:
    """Each language's accented letters, both cases: a word must read as one language's."""
    return tuple(frozenset(x + x.upper()) for x in letters)


# A word of the wrong code page often mixes letters no one language has together ("Ačiű", a
# Lithuanian word read as cp1250): each word is judged against one language at a time.
_WESTERN = _languages("àâæçéèêëîïôœùûüÿ", "áéíñóúü", "áâãàçéêíóôõú", "àèéìíîòóù", "äöüß", "áéëïóöü",
                      "åäöæøéü", "àçéèíïòóúü")  # fr es pt it de nl nordic ca
_CENTRAL = _languages("áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "ąćęłńóśźż", "áéíóöőúüű", "čćđšž", "ăâîşţ",
                      "äöüß")  # cs sk pl hu hr/sl ro de
_BALTIC = _languages("ąčęėįšųūž", "āčēģīķļņšūž", "äöõüšž")  # lt lv et
_TURKISH = _languages("çğıöşüâîûİ")


def _in(lo: int, hi: int):
    return lambda c: lo <= ord(c) <= hi


_SCRIPTS = {
    "cyrillic": _in(0x0400, 0x04FF), "greek": _in(0x0370, 0x03FF), "hebrew": _in(0x0590, 0x05FF),
    "arabic": lambda c: 0x0600 <= ord(c) <= 0x06FF or 0xFB50 <= ord(c) <= 0xFEFF,
    "korean": lambda c: 0xAC00 <= ord(c) <= 0xD7AF,  # Hangul syllables: Korean text is rarely Hanja
    "cjk": lambda c: (0x3040 <= ord(c) <= 0x30FF or 0x3400 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF
                      or 0xFF00 <= ord(c) <= 0xFFEF or 0x3000 <= ord(c) <= 0x303F),
}

# (encoding, what its words are made of): the most common code pages first.
_CANDIDATES = (
    ("cp1252", _WESTERN), ("cp1255", "hebrew"), ("cp1251", "cyrillic"), ("shift_jis", "japanese"),
    ("euc-kr", "korean"), ("gb18030", "cjk"), ("cp1254", _TURKISH), ("cp1250", _CENTRAL), ("cp1253", "greek"),
    ("cp1257", _BALTIC), ("cp1256", "arabic"), ("big5", "cjk"),
)
_PUNCT = set("“”„‘’«»–—…°·•€£§©®±²³¹ºª¿¡‚¦×÷¬µ¶\u00a0")


def _word_score(word: str, kind, enc: str) -> int:
    """+bytes of the word's non-ASCII characters when it reads as a word of *kind*, else -bytes."""
    odd = [c for c in word if ord(c) > 127 and c not in _PUNCT]
    if not odd:
        return 0
    weight = len("".join(odd).encode(enc))
    letters = [c for c in word if c.isalpha()]
    if any(a.islower() and b.isupper() for a, b in zip(letters, letters[1:])):
        return -weight  # "dIe": a capital inside a word is the wrong code page
    if isinstance(kind, tuple):
        # Latin: accented letters of one language, among plain ones (or a word like "à", "é").
        ok = any(set(odd) <= language for language in kind) and (
            len(letters) == 1 or any(c.isascii() for c in letters))
    elif kind == "japanese":
        ok = _all_in(word, _SCRIPTS["cjk"]) and any(0x3040 <= ord(c) <= 0x30FF for c in word)
    else:
        ok = _all_in(word, _SCRIPTS[kind])
    return weight if ok else -weight


def _all_in(word: str, test) -> bool:
    return all(test(c) or c in _PUNCT or c.isdigit() or (c.isascii() and not c.isalpha()) for c in word)


def guess_encoding(data: bytes) -> str | None:
    """The code page *data* (not UTF-8) most plausibly is in; None when none reads well."""
    best, best_score = None, 0
    for enc, kind in _CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = sum(_word_score(w, kind, enc) for w in text.split() if not w.isascii())
        if score > best_score:
            best, best_score = enc, score
    return best


def encoding_hint(data: bytes, at: int) -> str:
    """What to do about *data* whose byte *at* does not decode: the code page it looks like, when one
    reads well (judged on whole lines around that byte)."""
    lo = data.rfind(b"\n", 0, max(at - 32768, 0)) + 1
    hi = data.find(b"\n", at + 32768)
    guess = guess_encoding(data[lo:hi if hi != -1 else len(data)])
    if guess is None:
        return "read it with --encoding, e.g. cp1252"
    return f"looks like {guess}: read it with --encoding {guess}"
