"""Tokens a translation copies as they are: web and e-mail addresses, @handles, #hashtags, emoji.

The model garbles them ("marie.dupont@gmail.com" -> "husband. @gmail.com", "www.site.fr" ->
"www...", an emoji -> invented words): before decoding each is replaced by a placeholder the model
copies (``URL1``, ``URL2``...; "Écrivez-moi à URL1." -> "Write me to URL1."), and put back after.
A placeholder the translation lost gets its token back at the end, so that nothing is dropped.
"""

from __future__ import annotations

import re
from typing import Sequence

from subkit.text import ADDRESS_PATTERN, EMOJI_PATTERN

__all__ = ["mask", "unmask", "masked_pair", "without_verbatim"]

_VERBATIM = re.compile(f"(?P<address>{ADDRESS_PATTERN})|(?P<emoji>{EMOJI_PATTERN})")
# What ends a sentence rather than an address: "www.site.fr." keeps its full stop outside
_TRAILING = ".,;:!?)]}'’\""
_PLACEHOLDER = re.compile(r"\bURL(\d+)\b")


def _tokens(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for m in _VERBATIM.finditer(sentence):
        start, end = m.span()
        if m.lastgroup == "address":
            while end > start and sentence[end - 1] in _TRAILING:
                end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def mask(sentence: str) -> tuple[str, list[str]]:
    """*sentence* with each token to copy replaced by a placeholder, and the tokens in order. A
    sentence that already holds something like a placeholder is left as it is."""
    if _PLACEHOLDER.search(sentence):
        return sentence, []
    tokens: list[str] = []
    out, at = [], 0
    for start, end in _tokens(sentence):
        tokens.append(sentence[start:end])
        out += [sentence[at:start], f"URL{len(tokens)}"]
        at = end
    return "".join(out) + sentence[at:], tokens


def unmask(translation: str, tokens: Sequence[str]) -> str:
    """*translation* of a masked sentence with its tokens back in place of the placeholders."""
    if not tokens:
        return translation
    seen: set[int] = set()

    def back(m: re.Match) -> str:
        n = int(m.group(1))
        if 1 <= n <= len(tokens) and n not in seen:
            seen.add(n)
            return tokens[n - 1]
        return ""  # a placeholder the model made up, or said twice

    text = _PLACEHOLDER.sub(back, translation)
    lost = [t for n, t in enumerate(tokens, 1) if n not in seen]
    if lost:
        text = f"{text.rstrip()} {' '.join(lost)}"
    return re.sub(r"(?<=\S)  +(?=\S)", " ", text).strip()


def masked_pair(source: str, translation: str) -> tuple[str, str]:
    """A (source, translation) pair as the model saw it: each token of the source replaced by its
    placeholder in both (for scoring a translation the memory gave)."""
    masked, tokens = mask(source)
    for n, token in enumerate(tokens, 1):
        translation = translation.replace(token, f"URL{n}", 1)
    return masked, translation


def without_verbatim(text: str) -> str:
    """*text* without the tokens copied as they are (no word of theirs is a word of the language)."""
    return _VERBATIM.sub(" ", text)
