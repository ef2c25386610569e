"""What legacy encoding bytes that are not UTF-8 look like, for the ``encoding`` rule's hint.

A cheap, stdlib-only heuristic, run once per file and only on the error path: decode a sample
with each candidate code page and score its words. A word scores for an encoding when it reads
as a word of that encoding's languages: Latin letters with a few accented letters of those
languages (cp1252: é è à ç ñ ö...; cp1250: č š ž ř ł ő...), Cyrillic letters only (cp1251,
KOI8-R), Greek only, Hebrew only, Arabic only, Thai only, or CJK characters: kana among them for
Japanese (cp932), Hangul for Korean (cp949), common hanzi (those of GB 2312) for GB18030, any for
Big5 (cp950). Bidi marks (RLM...) are invisible and left out of a word. Text of the wrong code
page gives words of mixed scripts, stray symbols, a capital inside a word, or (Greek read as
Cyrillic) too few vowels. The Windows code pages are named, as Windows tools write them: cp932
and cp949 read all of Shift-JIS and EUC-KR and more (① is byte 0x87 in cp932).

Ties go to the candidate listed first (the more common code page; Japanese and Korean before
GB18030, which reads EUC-KR as Chinese; cp1255 before cp1251, which reads any Hebrew as lower-case
Cyrillic, while Russian and Bulgarian hold letters cp1255 cannot decode). When too little of the
text reads well, no code page is named: the hint says it cannot tell.
"""

from __future__ import annotations

import re
import unicodedata

from subkit.text import BIDI_CONTROLS

__all__ = ["encoding_hint", "guess_encoding", "misread"]


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


def _cjk(c: str) -> bool:
    o = ord(c)
    return 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xFF00 <= o <= 0xFFEF \
        or 0x3000 <= o <= 0x303F


def _gb2312(c: str) -> bool:
    """Han characters of GB 2312 (those of everyday Simplified Chinese), CJK punctuation and full-width
    forms: Shift-JIS or Big5 bytes read as GB18030 give rare hanzi, kana or Cyrillic."""
    if 0x3000 <= ord(c) <= 0x303F or 0xFF00 <= ord(c) <= 0xFFEF:
        return True
    if not 0x4E00 <= ord(c) <= 0x9FFF:
        return False
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# Obsolete Thai letters and marks: GB18030 bytes read as cp874 are full of them (ฃ is byte 0xA3).
_RARE_THAI = frozenset("ฃฅฦ๚๛")


def _marks_placed(word: str, thai: bool) -> bool:
    """Whether each combining mark (Hebrew points, Arabic harakat, Thai vowel signs and tone marks)
    sits on a letter, a few deep at most: other pages' bytes read as cp1255 are points alone, read as
    cp874 marks on Thai vowels ("ะํ") or three deep. A Thai mark's letter is a consonant (ก-ฮ)."""
    run = 0
    for prev, c in zip(" " + word, word):
        if unicodedata.category(c) != "Mn":
            run = 0
            continue
        run += 1
        base = "\u0e01" <= prev <= "\u0e2e" if thai else prev.isalpha()
        if run > (2 if thai else 3) or (run == 1 and not base):
            return False
    return True


_SCRIPTS = {
    "cyrillic": _in(0x0400, 0x04FF), "greek": _in(0x0370, 0x03FF), "hebrew": _in(0x0590, 0x05FF),
    "arabic": lambda c: 0x0600 <= ord(c) <= 0x06FF or 0xFB50 <= ord(c) <= 0xFEFF,
    "thai": lambda c: 0x0E00 <= ord(c) <= 0x0E7F and c not in _RARE_THAI,
    "korean": lambda c: 0xAC00 <= ord(c) <= 0xD7AF,  # Hangul syllables: Korean text is rarely Hanja
    "chinese": _gb2312, "cjk": _cjk,
}
# Vowels of the alphabets whose text of the wrong code page is still all letters of one script
# (Greek bytes read as cp1251 are Cyrillic words of few vowels: "Кблзмесб" for "Καλημερα").
_VOWELS = {"cyrillic": frozenset("аеёиоуыэюяіїєў"), "greek": frozenset("αεηιουωάέήίόύώϊϋΐΰ")}
_MIN_VOWELS = 0.3  # of letters: 0.33-0.5 in Russian or Greek lines, under 0.3 in Greek read as Cyrillic
_MIN_READ = 0.5  # of the non-ASCII bytes that must read as words for a guess to be named

# (encoding, what its words are made of): the most common code pages first.
_CANDIDATES = (
    ("cp1252", _WESTERN), ("cp1255", "hebrew"), ("cp1251", "cyrillic"), ("cp932", "japanese"),
    ("cp949", "korean"), ("gb18030", "chinese"), ("cp1254", _TURKISH), ("cp1250", _CENTRAL), ("cp1253", "greek"),
    ("koi8_r", "cyrillic"), ("cp1257", _BALTIC), ("cp1256", "arabic"), ("cp874", "thai"), ("cp950", "cjk"),
)
_PUNCT = set("“”„‘’«»–—…°·•€£§©®±²³¹ºª¿¡‚¦×÷¬µ¶½¼¾\u00a0")
_BIDI = str.maketrans("", "", BIDI_CONTROLS)


def _word_score(word: str, kind, enc: str) -> int:
    """+bytes of the word's non-ASCII characters when it reads as a word of *kind*, else -bytes."""
    odd = [c for c in word if ord(c) > 127 and c not in _PUNCT]
    if not odd:
        return 0
    # the bytes over 127: a double-byte page may read an ASCII byte into its character ("Ça" in cp950)
    weight = sum(b > 127 for b in "".join(odd).encode(enc))
    word = word.translate(_BIDI)  # an RLM before a Hebrew word is part of how it reads
    odd = [c for c in odd if c in word]
    return weight if _reads_as(word, kind, odd) else -weight


def _reads_as(word: str, kind, odd: list[str]) -> bool:
    letters = [c for c in word if c.isalpha()]
    if any(a.islower() and b.isupper() for a, b in zip(letters, letters[1:])):
        return False  # "dIe": a capital inside a word is the wrong code page
    if len(letters) == 1 and any(c.isdigit() for c in word):
        return False  # "Ј5.", "1Ѕ": a sign of the Western page ("£5.", "1½") read as a letter glued to digits
    if isinstance(kind, tuple):
        # Latin: accented letters of one language, among plain ones (or a word like "à", "é").
        return any(set(odd) <= language for language in kind) and (
            len(letters) == 1 or any(c.isascii() for c in letters))
    if kind == "japanese":  # with kana (not half-width ones: other pages' bytes read as those)
        return _all_in(word, _cjk) and any(0x3040 <= ord(c) <= 0x30FF for c in word)
    if kind == "greek" and re.search(r"ς\w", word):
        return False  # a final sigma inside a word: Cyrillic т read as cp1253
    return _all_in(word, _SCRIPTS[kind]) and _marks_placed(word, kind == "thai")


def _all_in(word: str, test) -> bool:
    return all(test(c) or c in _PUNCT or c.isdigit() or (c.isascii() and not c.isalpha()) for c in word)


def _few_vowels(words: list[str], kind) -> bool:
    """Whether the letters of *words* hold too few vowels for text of *kind*'s alphabet."""
    vowels = _VOWELS.get(kind) if isinstance(kind, str) else None
    if vowels is None:
        return False
    letters = [c for w in words for c in w.lower() if c.isalpha() and not c.isascii()]
    return len(letters) >= 20 and sum(c in vowels for c in letters) < _MIN_VOWELS * len(letters)


def _score(data: bytes, enc: str, kind) -> int | None:
    """How well *data* read as *enc* reads as words of *kind*; None when it does not decode."""
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    words = [w for w in text.split() if not w.isascii()]
    if _few_vowels([w.translate(_BIDI) for w in words], kind):
        return None
    if isinstance(kind, tuple):  # Latin: the file is in one of the page's languages, not a word of each
        return max(sum(_word_score(w, (language,), enc) for w in words) for language in kind)
    return sum(_word_score(w, kind, enc) for w in words)


def _in_words(data: bytes, enc: str) -> int:
    """The bytes over 127 of *data* read as *enc* that words are judged by: those of its characters
    that are not punctuation or signs (€, «, ’, ½ score nothing, so they count nothing either)."""
    odd = (c for c in data.decode(enc, errors="replace") if ord(c) > 127 and c not in _PUNCT and c != "\ufffd")
    return sum(b > 127 for c in odd for b in c.encode(enc, errors="ignore"))


def guess_encoding(data: bytes) -> str | None:
    """The code page *data* (not UTF-8) most plausibly is in; None when none reads well."""
    best, best_score = None, 0
    for enc, kind in _CANDIDATES:
        score = _score(data, enc, kind)
        if score is not None and score > best_score:
            best, best_score = enc, score
    # Most non-ASCII bytes of words must read as words: a code page that explains a few is a wrong one.
    if best is None or best_score < _MIN_READ * _in_words(data, best):
        return None
    return best


def misread(data: bytes, encoding: str) -> str | None:
    """The code page *data* reads in when *encoding* (one the user named) gives words that do not read
    as its languages' and that other page's do (Thai bytes read as cp1252); else None. A page this
    guesser does not know is not judged."""
    import codecs

    name = codecs.lookup(encoding).name
    kind = next((k for enc, k in _CANDIDATES if codecs.lookup(enc).name == name),
                _WESTERN if name in ("latin-1", "iso8859-1", "iso8859-15") else None)
    if kind is None:
        return None
    score = _score(data, encoding, kind)
    if score is not None and score >= _MIN_READ * _in_words(data, encoding):
        return None
    guess = guess_encoding(data)
    return guess if guess is not None and data.decode(guess) != data.decode(encoding, errors="replace") else None


def encoding_hint(data: bytes, at: int) -> str:
    """What to do about *data* whose byte *at* does not decode: the code page it looks like, when one
    reads well (judged on whole lines around that byte)."""
    lo = data.rfind(b"\n", 0, max(at - 32768, 0)) + 1
    hi = data.find(b"\n", at + 32768)
    guess = guess_encoding(data[lo:hi if hi != -1 else len(data)])
    if guess is None:
        return "its code page could not be told: read it with --encoding and the code page it was written in"
    return f"looks like {guess}: read it with --encoding {guess}"
