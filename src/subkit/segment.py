"""The ``subkit segment`` job: a plain transcript in, timed subtitles out.

Text is cleaned (:mod:`subkit.text`), laid out in cues and lines by the breaker
(:mod:`subkit.breaking`) and timed by the speech-rate model (:mod:`subkit.timing`).
"""

from __future__ import annotations

from dataclasses import dataclass

from subkit.breaking import CueSpan, segment_tokens, sentence_ends
from subkit.profiles import Profile, count_chars
from subkit.text import normalize_space, tokenize

__all__ = ["SegmentResult", "resolve_language", "segment_transcript"]

@dataclass
class SegmentResult:
    """Output of :func:`segment_transcript`."""

    subtitles: list  # list[srt.Subtitle]
    lang: str
    profile: Profile
    dropped: list[tuple[int, str, str]]
    warnings: list[str]
    notes: list[str]
    tokens: list[str]
    cues: list[CueSpan]

    def to_srt(self) -> str:
        import srt

        return srt.compose(self.subtitles, reindex=False)


def resolve_language(text: str, lang: str = "auto") -> tuple[str, str | None]:
    """(language code of the rules to use, a note for stderr or None)."""
    from subkit.language import SUPPORTED, detect_language

    if lang != "auto":
        return lang, None
    found = detect_language(text[:5000])  # the opening is enough, and keeps long inputs fast
    if found in SUPPORTED:
        return found, None
    if found is None:
        return "en", "language: could not detect it (text too short or no words); using English rules, pass --lang"
    return "en", f"language: detected {found!r}, which has no rules yet; using English rules, pass --lang"


def segment_transcript(
    raw: str,
    *,
    name: str = "<text>",
    lang: str = "auto",
    profile: Profile | None = None,
    rate: float | None = None,
    start: float = 0.0,
    duration: float | None = None,
    fps: float | None = None,
    title: str = "keep",
) -> SegmentResult:
    """The whole ``subkit segment`` job: transcript text in, timed subtitles out.

    Raises :class:`~subkit.errors.SubkitError` (naming *name*) for input that cannot give
    subtitles: no text, or a word longer than a line.
    """
    import datetime

    import srt

    from subkit.errors import SubkitError
    from subkit.profiles import default_profile
    from subkit.text import clean_transcript
    from subkit.timing import enforce_profile, speech_durations, token_times

    notes: list[str] = []
    probe = normalize_space(raw)
    if not probe.strip():
        raise SubkitError("no text to segment (the file is empty or holds only whitespace)", name)
    code, note = resolve_language(probe, lang)
    if note:
        notes.append(note)
    if profile is None:
        profile = default_profile(code)
    if fps is not None:
        profile = profile.with_fps(fps)
    transcript = clean_transcript(raw, code, title)
    tokens: list[str] = []
    para_end: list[bool] = []
    for para, line_no in zip(transcript.paragraphs, transcript.line_numbers):
        words = tokenize(para)
        for w in words:
            if count_chars(w) > profile.max_chars_per_line:
                shown = w if len(w) <= 40 else w[:37] + "..."
                raise SubkitError(
                    f"a word of {count_chars(w)} characters ({shown}) cannot fit a "
                    f"{profile.max_chars_per_line}-character line of profile {profile.name}",
                    name,
                    line_no,
                )
        tokens.extend(words)
        para_end.extend([False] * (len(words) - 1) + [True])
    if not tokens:
        raise SubkitError("no speech left to segment after dropping non-speech lines", name)

    sent = sentence_ends(tokens, code)
    durations = speech_durations(tokens, code, rate, para_end, sent)
    spoken = sum(s + p for s, p in durations) - durations[-1][1]
    scale = 1.0
    end_limit = None
    if duration is not None:
        if duration <= start:
            raise SubkitError(f"--duration {duration:g} s is not after --start {start:g} s", name)
        # fit the speech into the video, leaving the last cue room for its minimum duration
        usable = max(duration - start - profile.min_duration, 0.1)
        scale = usable / spoken if spoken > 0 else 1.0
        end_limit = duration
        notes.append(f"timing: speech scaled by {scale:.3f} to fit {duration:g} s")
    times = token_times(durations, start, scale)
    cues = segment_tokens(tokens, code, profile, para_end, times, end_limit)

    spans = [(times[c.start][0], times[c.end - 1][1]) for c in cues]
    counts = [count_chars("\n".join(c.lines)) for c in cues]
    spans, warnings = enforce_profile(spans, counts, profile, end_limit)
    subs = [
        srt.Subtitle(
            index=k + 1,
            start=datetime.timedelta(seconds=s),
            end=datetime.timedelta(seconds=e),
            content="\n".join(c.lines),
        )
        for k, (c, (s, e)) in enumerate(zip(cues, spans))
    ]
    for c in cues:
        for line in c.lines:
            if count_chars(line) > profile.max_chars_per_line:
                warnings.append(f"cue '{c.text[:30]}...': a line is over {profile.max_chars_per_line} characters")
    return SegmentResult(subs, code, profile, transcript.dropped, warnings, notes, tokens, cues)
