"""Reading input text safely and writing outputs atomically."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from subkit.cues import Cue, from_srt
from subkit.errors import SubkitError

__all__ = ["read_bytes", "utf16_codec", "utf8_or", "looks_binary", "decode_text", "read_text", "parse_srt",
           "atomic_write_text", "atomic_write_bytes", "atomic_writer", "display_name", "locked",
           "same_file"]


def display_name(path: str | os.PathLike[str], written: bool = False) -> str:
    """*path* as messages name it: ``-`` is ``<stdin>``, or ``<stdout>`` for a file *written*."""
    return ("<stdout>" if written else "<stdin>") if str(path) == "-" else str(path)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a file (``-`` is stdin) or raise a one-line :class:`SubkitError`."""
    name = display_name(path)
    if str(path) == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if p.is_dir():
        raise SubkitError("is a directory, not a file", name)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise SubkitError("no such file", name) from None
    except OSError as exc:
        raise SubkitError(f"cannot read: {exc.strerror or exc}", name) from None


def utf16_codec(head: bytes) -> str | None:
    """The codec of UTF-16 or UTF-32 text starting with *head*, with or without a BOM; None if neither.

    Windows tools still save "Unicode" subtitles as UTF-16, sometimes without a BOM. Such text
    has a NUL in one byte of many pairs (an SRT file's digits and timing lines are ASCII, whatever
    its language) and almost never in the other, which binary data does not. UTF-32 has three
    NULs in every four bytes.
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"  # before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:8192]
    quads = len(sample) // 4
    if quads >= 2:  # UTF-32 without a BOM: three NULs in every four bytes for most text
        z = [sample[i:4 * quads:4].count(0) for i in range(4)]
        if z[2] >= 0.9 * quads and z[3] >= 0.9 * quads and z[0] <= 0.02 * quads:
            return "utf-32-le"
        if z[0] >= 0.9 * quads and z[1] >= 0.9 * quads and z[3] <= 0.02 * quads:
            return "utf-32-be"
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0:2 * pairs:2].count(0), sample[1:2 * pairs:2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> bool:
    """True when *head* (the start of a file) holds a NUL byte and is not UTF-16 text."""
    return b"\x00" in head[:8192] and utf16_codec(head) is None


def utf8_or(data: bytes, encoding: str) -> str:
    """The encoding to read *data* with: UTF-8 where *encoding* names another but *data* beyond
    ASCII is valid UTF-8 (text in a code page almost never is, and decoding UTF-8 as one garbles
    every accented letter: "apportÃ©"); *encoding* otherwise, an unknown one included."""
    try:
        if codecs.lookup(encoding).name == "utf-8" or data.isascii():
            return encoding
        data.decode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return encoding
    return "utf-8"


def decode_text(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode *data*; binary or wrongly-encoded input gets a message saying what to do.

    UTF-16 (with or without a BOM) is recognised whatever *encoding* says, and so is UTF-8
    (:func:`utf8_or`).
    """
    if looks_binary(data):
        raise SubkitError("looks like a binary file, not text", name)
    encoding = utf16_codec(data) or utf8_or(data, encoding)
    try:
        text = data.decode(encoding)
    except LookupError:
        raise SubkitError(f"unknown encoding {encoding!r}", name) from None
    except UnicodeDecodeError as exc:
        from subkit.lint.charset import encoding_hint  # the error path only

        line = data.count(b"\n", 0, exc.start) + 1
        raise SubkitError(f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                          f"{encoding_hint(data, exc.start)}", name, line) from None
    return text.removeprefix("\ufeff")


def read_text(path: str | os.PathLike[str], encoding: str = "utf-8") -> str:
    """Read and decode a text file (``-`` is stdin)."""
    return decode_text(read_bytes(path), display_name(path), encoding)


def parse_srt(text: str, name: str) -> list[Cue]:
    """Cues of an SRT text, parsed strictly with the ``srt`` library; a malformed block is a
    one-line error with its line number. (``subkit lint`` has its own tolerant scanner that reports
    every problem.)"""
    import srt

    timing = _foreign_digits(text)
    if timing:  # the srt library reads "٢" or "５" as a digit (Python's int does): a time read wrong
        raise SubkitError("timing line with digits other than ASCII 0-9 (run 'subkit lint' for details)",
                          name, timing)
    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line, what = _first_fault(text) or (text.count("\n", 0, exc.actual_start) + 1, "malformed SRT block")
        raise SubkitError(f"{what} (run 'subkit lint' for details)", name, line) from None
    except (ValueError, OverflowError) as exc:
        raise SubkitError(f"malformed SRT: {exc}", name) from None
    if not subs:
        raise SubkitError("no subtitles found", name)
    joined = _timing_in_text(text, subs)
    if joined:
        raise SubkitError(f"{joined[1]}; run 'subkit lint' for details", name, joined[0])
    return from_srt(subs)


TIMING_LINE = re.compile(r"^[^\n]*-->[^\n]*$", re.MULTILINE)


# a timing line as the srt library reads one: "00:00:05,000 --> 00:00:06,000"
_TIMESTAMPS = re.compile(r"^[ \t]*\d+:\d+:\d+(?:[,.]\d+)?[ \t]*-[ -][ \t]*>", re.MULTILINE)


def _timing_in_text(text: str, subs: list) -> tuple[int | None, str] | None:
    """(line, message) of a timing line the ``srt`` library read as the text of the cue before, or None.

    It does so for a block whose index is not a number ("3b") or that no blank line sets apart:
    the block's cue is lost in the one before, its timing line shown as words. pysubs2 keeps the
    "3b" in the cue before and reads the rest as a cue, a guess: refused, as ``subkit lint`` calls it
    an error (``syntax/text-outside-cue``)."""
    for k, sub in enumerate(subs):
        lines = sub.content.splitlines()
        j = next((j for j, line in enumerate(lines) if _TIMESTAMPS.match(line)), None)
        if j is None:
            continue
        before = lines[j - 1].strip() if j else ""
        index = before and (re.fullmatch(r"\d\S*", before) or (j >= 2 and not lines[j - 2].strip()))
        guess = f"index {before!r}?" if index else "no blank line before it?"
        # each cue before took one timing line, and this cue its own: this one is the next
        found = [m for m in _TIMESTAMPS.finditer(text)][k + 1:k + 2]
        line = text.count("\n", 0, found[0].start()) + 1 if found else None
        return line, f"a timing line inside the text of cue {k + 1}: a malformed block ({guess})"
    return None


def _foreign_digits(text: str) -> int | None:
    """The line number of the first timing line holding a digit that is not ASCII, or None."""
    for m in TIMING_LINE.finditer(text):
        line = m.group(0)
        if not line.isascii() and any(ch.isdigit() and not ch.isascii() for ch in line):
            return text.count("\n", 0, m.start()) + 1
    return None


def _first_fault(text: str) -> tuple[int, str] | None:
    """(line, message) of the first syntax error ``subkit lint`` finds in *text*: it names the line
    and the fault, where the ``srt`` library only says where it stopped."""
    from subkit.lint.scanner import Scanner

    scanner = Scanner([text.encode("utf-8")])
    for _ in scanner.cues():
        pass
    errors = [p for p in scanner.problems if p.rule == "syntax" and p.level != "warning"]  # warnings: tolerated forms
    return (errors[0].line, errors[0].message) if errors else None


def same_file(a: str | os.PathLike[str] | None, b: str | os.PathLike[str] | None) -> bool:
    """Do paths *a* and *b* name one file (through ``..``, symbolic links or hard links)? ``-``
    (stdin, stdout) and None name none; paths that do not exist yet compare as written."""
    if not a or not b or "-" in (a, b):
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write *text* to *path* via a temporary file and rename: readers never see half a file.

    ``-`` writes to stdout.
    """
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """:func:`atomic_write_text` for bytes (``-``: stdout's binary stream)."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    with atomic_writer(path) as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator:
    """A binary file to write *path* through as it goes: a temporary file beside it, renamed into
    place when the block ends, removed if it fails (a reader never sees half a file). A symbolic
    link is written through (the file it points to changes) and a file replaced keeps its mode; a
    device or a pipe (``/dev/null``, a FIFO) is written into, not replaced. A read-only file is
    refused (:class:`SubkitError`), as ruff and black do: replacing it would bypass its mode."""
    target = Path(os.path.realpath(path))
    try:
        found = target.stat()
    except OSError:
        found = None
    if found is not None and not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
        with _opened(target, path) as fh:
            yield fh
        return
    if found is not None and stat.S_ISREG(found.st_mode) and not _writable(target, found):
        raise SubkitError("cannot write: permission denied (read-only file)", str(path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        said = f"{blocking} is a file, not a folder" if blocking else exc.strerror or exc  # not "File exists"
        raise SubkitError(f"cannot write: {said}", str(path)) from None
    try:
        # mkstemp creates the file private (0600): give it the replaced file's mode, else the
        # usual mode a new file gets
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise SubkitError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        raise


def _writable(target: Path, found: os.stat_result) -> bool:
    """Whether the user may write *target*: os.access, plus a write bit in its mode, since
    os.access says yes to root for any file (root too must not replace a read-only file)."""
    return os.access(target, os.W_OK) and bool(found.st_mode & 0o222)


@contextlib.contextmanager
def _opened(target: Path, path: str | os.PathLike[str]) -> Iterator:
    """*target*, a device or a pipe, opened for writing; errors name *path*."""
    try:
        with open(target, "wb") as fh:
            yield fh
    except OSError as exc:
        raise SubkitError(f"cannot write: {exc.strerror or exc}", str(path)) from None


@contextlib.contextmanager
def locked(lock_file: str | os.PathLike[str], on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive advisory lock on *lock_file* (created if needed) across processes;
    *on_wait* is called first when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, run unlocked
        yield
        return
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise SubkitError(f"cannot create lock file: {exc.strerror or exc}", str(lock_file)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
