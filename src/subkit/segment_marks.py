"""What ``subkit segment`` says and does about a transcript's speaker labels and timestamps
(:mod:`subkit.transcript_marks` reads them): its notes, the warnings for timestamps that go back, and
how the timestamps meet ``--start`` and ``--duration``."""

from __future__ import annotations

from subkit.cues import format_vtt
from subkit.errors import SubkitError
from subkit.text import Transcript

__all__ = ["mark_notes", "back_warnings", "stamps_and_options"]


def mark_notes(transcript: Transcript, audio: str | None) -> list[str]:
    """What the transcript's speaker labels and timestamps did, for stderr."""
    notes = []
    if transcript.speakers:
        notes.append(f"transcript: speaker labels taken out ({', '.join(transcript.speakers)}); "
                     "each speaker's turn starts a new cue")
    if transcript.stamps:
        notes.append(f"transcript: {transcript.stamps} timestamp(s) taken out; " + (
            "the recording times the words instead" if audio else "the words after each are not shown before it"))
    return notes


def back_warnings(transcript: Transcript) -> list[str]:
    """A warning for each timestamp that goes back: a transcript error, which times nothing."""
    return [f"line {line}: timestamp {format_vtt(time)} goes back (after {format_vtt(latest)}): taken out, "
            "it times nothing; correct the transcript" for line, time, latest in transcript.back]


def stamps_and_options(transcript: Transcript, start_ms: int, duration_ms: int | None,
                       name: str) -> tuple[int, list[str]]:
    """The start to use and warnings: the transcript's timestamps are the video's times and win.
    --start times the words before the first timestamp only: where the first words have one, or it
    comes after it, it is not used (a warning says so). A timestamp at or after the end --duration
    gives is an error: the words after it could not be shown."""
    stamped = [(a, n) for a, n in zip(transcript.anchors, transcript.line_numbers) if a is not None]
    if not stamped:
        return start_ms, []
    late = next(((a, n) for a, n in stamped if duration_ms is not None and a >= duration_ms), None)
    if late is not None:
        raise SubkitError(f"timestamp {format_vtt(late[0])} is not before the end that --duration gives "
                          f"({format_vtt(duration_ms)}): correct --duration (the video's length) or the transcript",
                          name, late[1])
    first, line = stamped[0]
    if not start_ms or (transcript.anchors[0] is None and start_ms < first):  # words before it need time
        return start_ms, []
    why = "the first words have their own" if transcript.anchors[0] is not None else "it is after the first"
    return 0, [f"--start {format_vtt(start_ms)} not used: the transcript's timestamps time the words, and {why} "
               f"(line {line}: {format_vtt(first)})"]
