"""Text normalisation shared by preparation and inference (the same mapping is baked into the
packaged SentencePiece model's normaliser, so callers do not need to apply it)."""
import re
import unicodedata

# typographic apostrophes / primes -> ASCII apostrophe
_APOS = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u2032\u00b4\u0060"), "'")
_WS = re.compile(r"\s+")


def normalize_text(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = s.translate(_APOS)
    s = _WS.sub(" ", s).strip()
    return s
