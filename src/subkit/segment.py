"""The ``subkit segment`` job: a plain transcript in, timed subtitles out.

Text is cleaned (:mod:`subkit.text`), laid out in cues and lines by the breaker
(:mod:`subkit.breaking`) and timed by the speech-rate model (:mod:`subkit.timing`). The model's
times are float seconds inside this job; the cues it returns carry integer milliseconds
(:class:`subkit.cues.Cue`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from subkit.breaking import CueSpan, segment_tokens, sentence_ends
from subkit.cues import Cue, compose_srt, ms_to_seconds
from subkit.errors import SubkitError
from subkit.html_text import Page
from subkit.profiles import Profile, count_chars, strip_tags
from subkit.segment_dialogue import dialogue, dialogue_units, keep_dialogues
from subkit.segment_marks import back_warnings, mark_notes, stamps_and_options
from subkit.text import SOUND_LINE, Transcript, is_address, normalize_space, tokenize

if TYPE_CHECKING:
    from subkit.formats import Subtitles

__all__ = ["AudioTiming", "SegmentResult", "resolve_language", "segment_transcript", "segment_subtitles",
           "text_to_segment"]


@dataclass(frozen=True)
class AudioTiming:
    """What the recording said of the timing (``audio=``), for the episode's report."""

    media: str
    duration_ms: int
    # per cue, 0..1: the mean of its words' alignment confidence (a mean, not the minimum: one short
    # word's noisy match does not make a cue doubtful; a cue whose text is not what is said is)
    confidence: list[float]
    pauses: list[tuple[int, int]]  # (start_ms, end_ms) of the recording's pauses (200 ms or longer)


@dataclass
class SegmentResult:
    """Output of :func:`segment_transcript`."""

    cues: list[Cue]
    lang: str
    profile: Profile
    dropped: list[tuple[int, str, str]]
    warnings: list[str]
    notes: list[str]
    tokens: list[str]
    spans: list[CueSpan]  # which tokens each cue holds
    audio: AudioTiming | None = None  # with a recording: how sure its timing is
    voices: list[str | None] = field(default_factory=list)  # per token: the speaker a label named

    def to_srt(self) -> str:
        return compose_srt(self.cues)

    def to_format(self, fmt: str = "srt") -> str:
        """The cues written as *fmt* (``srt``, ``vtt``: :data:`subkit.formats.FORMATS`); in WebVTT a
        cue whose speaker is named says so (``<v Marie>``)."""
        from subkit.formats import Subtitles, compose

        subs = Subtitles(tuple(self.cues))
        if fmt != "vtt" or not any(self.voices):
            return compose(subs, fmt)
        from subkit.cue_words import voiced

        return compose(subs, fmt, lambda cues: [
            c.with_text(voiced(c.text, self.tokens[s.start:s.end], self.voices[s.start:s.end]))
            for c, s in zip(cues, self.spans)])


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


def _rules_for(text: str, lang: str, profile: Profile | None, fps: float | None,
               notes: list[str]) -> tuple[str, Profile]:
    """The language of *text*'s rules (a note for stderr when it is guessed) and the profile at *fps*."""
    from subkit.profiles import default_profile

    code, note = resolve_language(text, lang)
    notes += [note] if note else []
    profile = profile or default_profile(code)
    return code, profile.with_fps(fps) if fps is not None else profile


@dataclass
class _Words:
    """The transcript's words and, for each, what the transcript says around it."""

    tokens: list[str]
    para_end: list[bool]  # it ends a paragraph
    turn_end: list[bool]  # a cue must end after it: a new speaker or a timestamp follows
    anchors: list[float | None]  # seconds: a timestamp it is not said before
    voices: list[str | None] = field(default_factory=list)  # who says it, when a label named them
    sound: list[bool] = field(default_factory=list)  # its line is only a sound description ("[MUSIQUE]")


def _check_word(word: str, profile: Profile, name: str, line_no: int | None, where: str = "") -> None:
    """A word too long for a line of *profile* is an error, unless it is a web or e-mail address
    (it gets a line of its own, over the limit, and the warnings say so)."""
    if count_chars(word) > profile.max_chars_per_line and not is_address(word):
        shown = word if len(word) <= 40 else word[:37] + "..."
        raise SubkitError(f"{where}a word of {count_chars(word)} characters ({shown}) cannot fit a "
                          f"{profile.max_chars_per_line}-character line of profile {profile.name}", name, line_no)


def _tokens(transcript: Transcript, profile: Profile, name: str) -> _Words:
    """The transcript's words; a word too long for a line of *profile* is an error. A line that is
    only a sound ("(applaudissements)") is a cue of its own, as in subtitles and with a recording,
    and no one's words: it has no voice, though the speaker before it goes on after it."""
    words = _Words([], [], [], [])
    turns = transcript.turns or [False] * len(transcript.paragraphs)
    anchors = transcript.anchors or [None] * len(transcript.paragraphs)
    voices = transcript.voices or [None] * len(transcript.paragraphs)
    sounds = [bool(SOUND_LINE.match(p)) for p in transcript.paragraphs]
    for k, (para, line_no) in enumerate(zip(transcript.paragraphs, transcript.line_numbers)):
        found = tokenize(para)
        for w in found:
            _check_word(w, profile, name, line_no)
        if not found:
            continue
        words.tokens.extend(found)
        words.para_end.extend([False] * (len(found) - 1) + [not _goes_on(transcript, k, sounds)])
        # a cue ends before a new speaker, and before a timestamp: its words are not shown before it
        follows = k + 1 < len(turns) and (turns[k + 1] or anchors[k + 1] is not None or sounds[k + 1])
        follows = follows or sounds[k]
        follows = follows or (k == 0 and para == transcript.title)  # a kept title is a cue of its own
        words.turn_end.extend([False] * (len(found) - 1) + [follows])
        words.anchors.extend([None if anchors[k] is None else anchors[k] / 1000] + [None] * (len(found) - 1))
        words.voices.extend([None if sounds[k] else voices[k]] * len(found))
        words.sound.extend([sounds[k]] * len(found))
    if not words.tokens:
        raise SubkitError("no speech left to segment after dropping non-speech lines", name)
    return words


def _goes_on(transcript: Transcript, k: int, sounds: list[bool]) -> bool:
    """Whether the same speaker goes on after paragraph *k* on its line: it was cut at a timestamp
    inside the line. The cue must end there (a hard end), but it is no paragraph end, no pause: its
    words mid-sentence ("Bonjour à tous [00:04] et…") are not a sentence's end to a cue."""
    numbers = transcript.line_numbers
    return (k + 1 < len(numbers) and numbers[k + 1] == numbers[k] and not sounds[k] and not sounds[k + 1]
            and not (transcript.turns and transcript.turns[k + 1]))


def _model_times(words: _Words, lang: str, rate: float | None, profile: Profile, start_ms: int,
                 duration_ms: int | None, name: str, notes: list[str]) -> list[tuple[float, float]]:
    """Each word's speech (start, end) in seconds from the speech-rate model, fitted into the video
    (*duration_ms*) and restarted at the transcript's timestamps."""
    from subkit.timing import anchored_times, speech_durations, token_times

    durations = speech_durations(words.tokens, lang, rate, words.para_end, sentence_ends(words.tokens, lang))
    start = ms_to_seconds(start_ms)
    usable_end = None
    if duration_ms is not None:
        duration = ms_to_seconds(duration_ms)
        if duration <= start:
            raise SubkitError(f"--duration {duration:g} s is not after --start {start:g} s", name)
        # the last cue keeps room for its minimum duration
        usable_end = start + max(duration - start - profile.min_duration, 0.1)
    if any(a is not None for a in words.anchors):
        return anchored_times(durations, words.anchors, start, usable_end)
    if usable_end is None:
        return token_times(durations, start)
    spoken = sum(s + p for s, p in durations) - durations[-1][1]
    scale = (usable_end - start) / spoken if spoken > 0 else 1.0
    notes.append(f"timing: speech scaled by {scale:.3f} to fit {ms_to_seconds(duration_ms):g} s")
    return token_times(durations, start, scale)


def _line_warnings(cues: Sequence[Cue], profile: Profile) -> list[str]:
    """A line over the profile's width (an address, which cannot be cut, on a line of its own),
    named with its cue as :func:`subkit.timing.cue_times` names them."""
    from subkit.cues import format_vtt

    out = []
    width = profile.max_chars_per_line
    for k, cue in enumerate(cues, 1):
        for line in (x for x in cue.lines if count_chars(x) > width):
            long = [w for w in tokenize(line) if count_chars(w) > width and is_address(w)]
            what = (f"the address {long[0]} ({count_chars(long[0])} characters) has a line of its own"
                    if long else f"a line of {count_chars(line)} characters ({line[:30]}...) is")
            out.append(f"cue {k} at {format_vtt(cue.start)}: {what}, over the {width}-character line of "
                       f"{profile.name} (subkit lint: line-length)")
    return out


@dataclass
class _Timing:
    """Where the words' times come from, as the layout uses them."""

    times: list[tuple[float, float]]  # each word's speech (start, end), seconds
    breaks: list[bool]  # the breaks the breaker favours
    limit_ms: int | None  # no cue ends after it (the video's length)
    speech_of: object = None  # heard times: cue spans -> spans that lend reading time (None: the model's)
    found: object = None  # the recording's alignment (subkit.sync.AudioWords), for the report
    hard: list[bool] | None = None  # a cue must end after the word: a long pause follows it
    offset_ms: int = 0  # added to every time (segment --audio --start)


def _audio_timing(tokens: list[str], lang: str, audio: str, para_end: list[bool],
                  sound: list[bool] | None = None, track: int | None = None) -> _Timing:
    """Word times from the recording, the breaks the breaker favours (the author's paragraphs and real
    pauses), the ends it must keep and the end limit. A line that is only a sound description is not
    aligned: it stays a cue of its own, in the non-speech where it stands."""
    from subkit.sync import END_PAD_MS, SPLIT_PAUSE_MS, word_times

    sound = sound or [False] * len(tokens)
    found = word_times(tokens, audio, lang, sound, track)
    timing = _heard_timing(found, para_end, END_PAD_MS, found.duration_ms)
    # a cue over a long pause would show the words after it seconds before they are said
    timing.hard = [b[0] - a[1] >= SPLIT_PAUSE_MS / 1000 or x != y or (x and p)
                   for a, b, x, y, p in zip(found.times, found.times[1:], sound, sound[1:], para_end)] + [True]
    return timing


def _heard_timing(found, para_end: list[bool], pad_ms: int, limit_ms: int | None, shared: bool = False) -> _Timing:
    """Timing from words whose times were heard (a recording, or subtitles' own times): real pauses
    are good breaks, and a cue the speech outruns lends time from its neighbours. *shared*: the
    times are shares of subtitle cues, not heard, and the parts of a dense cue read equally fast
    (:func:`subkit.sync.lend_time`, ``even``)."""
    from subkit.sync import SNAP_MS, lend_time, snap_to_pauses

    def speech_of(speech, counts, profile, first_tokens):
        spans = [(int(a * 1000), int(b * 1000) + pad_ms) for a, b in speech]
        anchored = [i == 0 or found.pause_after[i - 1] for i in first_tokens]
        spans = lend_time(snap_to_pauses(spans, found.pauses, SNAP_MS), counts, profile, anchored, even=shared)
        return [(a / 1000, b / 1000) for a, b in spans]

    breaks = [p or q for p, q in zip(para_end, found.pause_after)]
    return _Timing(found.times, breaks, limit_ms, speech_of, found)


def _audio_report(found, spans: Sequence[CueSpan], media: str) -> AudioTiming:
    confidence = [round(sum(found.confidence[c.start:c.end]) / max(1, c.end - c.start), 3) for c in spans]
    return AudioTiming(media, found.duration_ms, confidence, list(found.pauses))


def _doubts(found, spans: Sequence[CueSpan], tokens: list[str], lang: str) -> list[str]:
    """A warning for each cue holding words perhaps not said (a sentence the recording does not hold,
    crammed into its neighbours' speech), as ``sync`` names them; judged sentence by sentence, as a
    cue may join the end of a real sentence to the start of an invented one."""
    from subkit.sync import alone, doubt

    ends = sentence_ends(tokens, lang)
    out = []
    for k, c in enumerate(spans, 1):
        cuts = [c.start] + [j + 1 for j in range(c.start, c.end - 1) if ends[j]] + [c.end]
        for a, b in zip(cuts, cuts[1:]):
            start, end = (int(round(1000 * t)) for t in (found.times[a][0], found.times[b - 1][1]))
            why = doubt(" ".join(tokens[a:b]), end - start, sum(found.confidence[a:b]) / (b - a), lang,
                        alone(start, end, found.pauses, found.duration_ms))
            if why:
                out.append(f"cue {k}: {why}")
                break
    return out


def _merge_for_reading(spans: list[CueSpan], speech: list[tuple[float, float]], counts: list[int],
                       words: _Words, lang: str, profile: Profile, timing: _Timing, notes: list[str]):
    """Cues the speech outruns even with their neighbours' pauses, merged with a neighbour where the
    two fit one cue (:func:`subkit.reading_merges.reading_merges`), laid out again by the breaker; two
    speakers share a cue only as a dialogue, two whole turns of a line each, and no cue spans a long
    pause. A merged span holds its parts' tokens, so whatever is read per cue from its tokens stays
    parallel."""
    from subkit.breaking import wrap_lines
    from subkit.reading_merges import reading_merges

    layouts: dict[tuple[int, int], tuple[str, ...]] = {}
    tokens = words.tokens

    def join(a: int, b: int) -> int | None:
        first, last = spans[a].start, spans[b - 1].end
        if timing.hard is not None and any(timing.hard[first:last - 1]):
            return None
        changes = [k + 1 for k in range(first, last - 1) if words.turn_end[k]]
        if changes:
            lines = dialogue(words, first, last, changes, lang, profile)
            if lines is None:
                return None
            layouts[a, b] = lines
            return count_chars("\n".join(lines))
        said = " ".join(tokens[first:last])
        lines = tuple(wrap_lines(said, lang, profile))
        if (len(lines) > profile.max_lines or " ".join(lines) != said
                or any(count_chars(line) > profile.max_chars_per_line for line in lines)):
            return None
        layouts[a, b] = lines
        return count_chars("\n".join(lines))

    groups = reading_merges(speech, counts, profile, join, timing.limit_ms)
    if len(groups) == len(spans):
        return spans, speech, counts
    notes.append(f"timing: {len(spans) - len(groups)} cue(s) merged into a neighbour where the speech outran reading")
    merged = [spans[g[0]] if len(g) == 1 else CueSpan(spans[g[0]].start, spans[g[-1]].end, layouts[g[0], g[-1] + 1])
              for g in groups]
    return merged, [(speech[g[0]][0], speech[g[-1]][1]) for g in groups], [
        count_chars("\n".join(c.lines)) for c in merged]


def text_to_segment(given: str | Page | Subtitles, name: str) -> str:
    """The words of *given* (a transcript's text, a web page, subtitles) its language is told from;
    a one-line :class:`~subkit.errors.SubkitError` naming *name* when there is nothing to segment
    (cheap: a job checks it before it changes anything)."""
    from subkit.formats import Subtitles

    if isinstance(given, Subtitles):
        _refuse_inverted(given.cues, name)
        probe = " ".join(strip_tags(c.text) for c in given.cues)
        if not probe.strip():
            raise SubkitError("no text to segment (the subtitles hold no words)", name)
        return probe
    probe = normalize_space(given.text if isinstance(given, Page) else given)
    if not probe.strip():
        raise SubkitError("no text to segment (the file is empty or holds only whitespace)", name)
    return probe


def segment_transcript(
    raw: str | Page,
    *,
    name: str = "<text>",
    lang: str = "auto",
    profile: Profile | None = None,
    rate: float | None = None,
    start_ms: int = 0,
    duration_ms: int | None = None,
    fps: float | None = None,
    title: str = "keep",
    audio: str | None = None,
    audio_track: int | None = None,
) -> SegmentResult:
    """The whole ``subkit segment`` job: transcript text in, timed subtitles out.

    *start_ms* is when the speech starts and *duration_ms* the video's length (the speech is
    scaled to fit it), both in milliseconds. With *audio* (a media file) the words are timed from
    its speech instead (:func:`subkit.sync.word_times`), long real pauses count as good cue breaks,
    *start_ms* is where the recording starts (every time is shifted by it) and *rate* and
    *duration_ms* are not used (a note says so); *audio_track* picks its audio stream (from 0).
    The transcript's speaker labels end a cue at each change of speaker, and its timestamps anchor
    the speech model (:mod:`subkit.transcript_marks`): they win over *start_ms* and must come before
    *duration_ms* (:func:`subkit.segment_marks.stamps_and_options`). Raises :class:`~subkit.errors.SubkitError` (naming
    *name*) for input that cannot give subtitles: no text, or a word longer than a line (but an address).
    A web page's text (*raw* a :class:`~subkit.html_text.Page`) says what was dropped by the page's lines.
    """
    from subkit.text import clean_transcript

    page, raw = (raw, raw.text) if isinstance(raw, Page) else (None, raw)
    notes: list[str] = []
    probe = text_to_segment(raw, name)
    code, profile = _rules_for(probe, lang, profile, fps, notes)
    transcript = clean_transcript(raw, code, title)
    words = _tokens(transcript, profile, name)
    tokens = words.tokens
    notes += mark_notes(transcript, audio)
    mark_warnings = back_warnings(transcript)

    if audio is not None:
        timing = _audio_timing(tokens, code, audio, words.para_end, words.sound, audio_track)
        timing.offset_ms = start_ms  # the recording's 0 is at --start (a programme's 10:00:00:00)
        unused = [flag for flag, given in (("--rate", rate is not None), ("--duration", duration_ms is not None))
                  if given]
        notes += [f"{', '.join(unused)}: not used with --audio (the recording times the words)"] if unused else []
    else:
        start_ms, conflicts = stamps_and_options(transcript, start_ms, duration_ms, name)
        mark_warnings += conflicts
        times = _model_times(words, code, rate, profile, start_ms, duration_ms, name, notes)
        timing = _Timing(times, words.para_end, duration_ms)
    spans, cues, warnings = _lay_out(words, code, profile, timing, notes)
    heard = None if timing.found is None else _audio_report(timing.found, spans, audio)
    if heard is not None:
        warnings += _doubts(timing.found, spans, tokens, code)
    dropped = transcript.dropped if page is None else page.in_page(transcript.dropped)
    return SegmentResult(cues, code, profile, dropped, mark_warnings + warnings, notes, tokens, spans, heard,
                         words.voices)


def _lay_out(words: _Words, code: str, profile: Profile, timing: _Timing, notes: list[str],
             dialogues: Sequence[tuple[int, int, int]] = ()) -> tuple[list[CueSpan], list[Cue], list[str]]:
    """Cue and line breaks for *words*, then each cue's times; the spans, cues and warnings.
    *dialogues*: subtitle cues of two turns kept one cue (:func:`subkit.segment_dialogue.dialogue_units`)."""
    from subkit.timing import cue_times

    times = timing.times
    end_limit = None if timing.limit_ms is None else ms_to_seconds(timing.limit_ms)
    hard = words.turn_end if timing.hard is None else [p or q for p, q in zip(words.turn_end, timing.hard)]
    # modelled times: a cue whose end a timestamp holds may start early (subkit.timing.cue_times)
    held = [a is not None for a in words.anchors[1:]] + [False] if timing.found is None else None
    spans = segment_tokens(words.tokens, code, profile, timing.breaks, times, end_limit, hard, held)
    spans = keep_dialogues(spans, words, dialogues, code, profile)
    speech = [(times[c.start][0], times[c.end - 1][1]) for c in spans]
    counts = [count_chars("\n".join(c.lines)) for c in spans]
    if timing.speech_of is not None:
        speech = timing.speech_of(speech, counts, profile, [c.start for c in spans])
        spans, speech, counts = _merge_for_reading(spans, speech, counts, words, code, profile, timing, notes)
    limit_ms = timing.limit_ms
    if timing.offset_ms and limit_ms is not None:
        limit_ms += timing.offset_ms
    held = [words.anchors[c.start] is not None for c in spans]  # a timestamp: its words not shown before it
    timed, warnings = cue_times(speech, counts, profile, limit_ms, held, timing.offset_ms, timing.found is None)
    cues = [Cue(s, e, c.lines, k) for k, (c, (s, e)) in enumerate(zip(spans, timed), 1)]
    return spans, cues, warnings + _line_warnings(cues, profile)


def segment_subtitles(subtitles: Subtitles, *, name: str = "<subtitles>", lang: str = "auto",
                      profile: Profile | None = None, fps: float | None = None,
                      audio: str | None = None, audio_track: int | None = None) -> SegmentResult:
    """Subtitles that exist (their cues read in time order) laid out again to *profile*: their words
    in new cues and lines, timed from their own times (:mod:`subkit.captions`: rolling captions
    unrolled, word timestamps kept), or from *audio* when given. Formatting tags stay on their words."""
    from subkit.captions import caption_words
    from subkit.cue_words import tagged

    notes: list[str] = []
    cues = subtitles.cues
    probe = text_to_segment(subtitles, name)
    code, profile = _rules_for(probe, lang, profile, fps, notes)
    said = caption_words(sorted(cues, key=lambda c: c.start), code,  # spoken order, whatever the file's
                         subtitles.format == "vtt")
    for word, number in zip(said.tokens, said.cue_numbers):
        _check_word(word, profile, name, None, f"cue {number}: ")
    heard = said.heard()
    words = _Words(said.tokens, said.good_breaks(heard.pause_after), said.turn_end, [None] * len(said.tokens),
                   said.voices)
    notes.append(_subtitle_note(len(cues), said, audio))
    timing = _audio_timing(words.tokens, code, audio, words.para_end, track=audio_track) if audio else _heard_timing(
        heard, words.para_end, 0, None, shared=True)
    dialogues = dialogue_units(words, said.dialogues, code, profile)
    spans, cues_out, warnings = _lay_out(words, code, profile, timing, notes, dialogues)
    if any(said.stacks):
        cues_out = [c.with_text(tagged(c.lines, said.tokens[s.start:s.end], said.stacks[s.start:s.end],
                                       said.tails[s.start:s.end])) for c, s in zip(cues_out, spans)]
    found = None if timing.found is None or audio is None else _audio_report(timing.found, spans, audio)
    if found is not None:
        warnings += _doubts(timing.found, spans, words.tokens, code)
    return SegmentResult(cues_out, code, profile, [], warnings, notes, words.tokens, spans, found, said.voices)


def _refuse_inverted(cues: Sequence[Cue], name: str) -> None:
    """A cue that ends before it starts is an error: its words' times cannot be known (which of its
    two times is wrong cannot be told, as lint's negative-duration says), and in karaoke captions
    it cuts a line's run in two, whose words would come out twice."""
    from subkit.cues import format_srt

    for number, cue in enumerate(cues, 1):
        if cue.end < cue.start:
            raise SubkitError(f"cue {cue.index or number} ends before it starts ({format_srt(cue.start)} --> "
                              f"{format_srt(cue.end)}): correct its times", name)


def _subtitle_note(count: int, said, audio: str | None) -> str:
    parts = [f"subtitles: the words of {count} cue(s) laid out again"]
    if said.highlighted:
        parts.append(f"karaoke captions merged ({said.highlighted} cue(s) highlighted a word)")
    if said.unrolled:
        parts.append(f"rolling captions unrolled ({said.unrolled} cue(s) repeated the lines before them)")
    if audio:
        parts.append("timed from the recording")
    elif said.stamped == len(said.tokens):
        parts.append("each word timed by its timestamp")
    elif said.stamped:
        parts.append(f"{said.stamped} of {len(said.tokens)} words timed by their timestamps, "
                     "the others within their cue")
    else:
        parts.append("each word timed within its cue")
    return "; ".join(parts)
