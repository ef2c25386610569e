"""The formats subkit reaches through pysubs2 (MIT, pure Python; the ``formats`` extra): ASS/SSA,
TTML, SAMI (read only), MicroDVD, MPL2, TMP.

Cues cross over as SRT text, which pysubs2 maps to and from its own model (``<i>``, ``<b>``, ``<u>``,
``<s>`` become ASS overrides and back). ``subkit convert`` between two of these formats hands the
file to pysubs2 whole, so that ASS styles, positions and colours survive (see the README's
Formats section for what each format keeps).
"""

from __future__ import annotations

import re

from subkit.errors import SubkitError
from subkit.formats.document import Subtitles

__all__ = ["Pysubs2Format", "pysubs2_convert", "ass", "ssa", "ttml", "sami", "microdvd", "mpl2", "tmp"]

FRAME_FORMATS = frozenset({"microdvd"})
DEFAULT_FPS = 25.0


def _pysubs2():
    try:
        import pysubs2
    except ImportError:
        raise SubkitError("this format needs pysubs2: pip install 'subkit[formats]'") from None
    return pysubs2


_FPS_LINE = re.compile(r"\s*\{[01]\}\{[01]\}(\d+(?:\.\d+)?)[ \t]*\r?\n")


def _load(text: str, name: str, ident: str, fps: float | None):
    pysubs2 = _pysubs2()
    if ident in FRAME_FORMATS:
        # The frame rate line ({0}{0}25.0, {1}{1}25) when there is one, else --fps, else 25.
        m = _FPS_LINE.match(text)
        if m is not None:
            text = text[m.end():]
            fps = fps or float(m.group(1))
        fps = fps or DEFAULT_FPS
    kwargs = {"fps": fps} if fps is not None else {}
    try:
        return pysubs2.SSAFile.from_string(text, format_=ident, **kwargs)
    except Exception as exc:  # pysubs2 raises many kinds (its own, ValueError, KeyError...) on bad input
        raise SubkitError(f"cannot read as {ident}: {exc}".splitlines()[0][:200], name) from None


def _dump(ssa, ident: str, fps: float | None) -> str:
    kwargs = {}
    if ident in FRAME_FORMATS:
        kwargs["fps"] = fps or getattr(ssa, "fps", None) or DEFAULT_FPS
    try:
        return ssa.to_string(ident, **kwargs)
    except Exception as exc:
        raise SubkitError(f"cannot write {ident}: {exc}".splitlines()[0][:200]) from None


class Pysubs2Format:
    """One pysubs2 format as a subkit format module: ``read(text, name)`` and ``write(subs)``."""

    def __init__(self, ident: str) -> None:
        self.ident = ident

    def read(self, text: str, name: str, fps: float | None = None) -> Subtitles:
        from subkit.formats import srt

        subs = srt.read(_dump(_load(text, name, self.ident, fps), "srt", None), name)
        return _sami_times(subs) if self.ident == "sami" else subs

    def write(self, subs: Subtitles, fps: float | None = None) -> str:
        from subkit.formats import srt
        from subkit.formats.markup import adapt

        return _dump(_load(srt.write(adapt(subs, "srt")), "<cues>", "srt", None), self.ident, fps)


def _sami_times(subs: Subtitles) -> Subtitles:
    """SAMI's meaning, which pysubs2 guesses at: a SYNC shows its text until the next SYNC, and a
    SYNC with no visible text (``&nbsp;``) clears the screen (it is no cue)."""
    cues = subs.cues
    timed = [c.with_times(c.start, cues[k + 1].start if k + 1 < len(cues) else c.end) for k, c in enumerate(cues)]
    return subs.with_cues([c for c in timed if c.text.strip()])


def pysubs2_convert(text: str, name: str, src: str, dst: str, fps: float | None = None) -> str:
    """*text* in pysubs2 format *src* rewritten as *dst* by pysubs2 alone (keeps what its model holds)."""
    return _dump(_load(text, name, src, fps), dst, fps)


ass, ssa, ttml, sami, microdvd, mpl2, tmp = (Pysubs2Format(i) for i in
                                            ("ass", "ssa", "ttml", "sami", "microdvd", "mpl2", "tmp"))
