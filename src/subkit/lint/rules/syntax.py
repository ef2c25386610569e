"""Rule ``syntax``: the file must be well-formed SRT.

Reported by the tolerant scanner, with the file's line number; the rest of the file is still
checked. Malformed blocks, bad timestamps (``99:99:99,999``, negative numbers, 2-digit
milliseconds), a missing index or blank line, text outside a cue, a truncated file are errors.
Forms that players accept are reported at warning level (and ``--fix`` rewrites them): ``.`` as
decimal separator, single-digit hours, CRLF line endings, whitespace around an index.

No options.

.. rubric:: PASS

::

    1
    00:00:01,000 --> 00:00:03,000
    Hello.

.. rubric:: FAIL

::

    1
    00:00:01,000 -> 0:0:3
    Hello.
"""

from subkit.lint.rules._base import REWRITE

ID = "syntax"
TYPE = "stream"
LEVEL = "error"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = REWRITE
CODES = (
    # blocks
    "syntax/missing-index", "syntax/absurd-index", "syntax/index-whitespace", "syntax/missing-timing",
    "syntax/expected-timing", "syntax/missing-blank-line", "syntax/missing-blank-line-and-index",
    "syntax/blank-line-whitespace", "syntax/text-outside-cue", "syntax/truncated", "syntax/long-line",
    # timing lines
    "syntax/malformed-timing", "syntax/timing-trailing-whitespace", "syntax/negative-timestamp",
    "syntax/timestamp-range", "syntax/millisecond-digits", "syntax/missing-milliseconds", "syntax/colon-separator",
    "syntax/dot-separator",
    "syntax/timestamp-without-hours", "syntax/single-digit-hours", "syntax/hours-leading-zeros",
    "syntax/short-minutes-seconds", "syntax/irregular-arrow", "syntax/text-after-timing",
    # the whole file
    "syntax/crlf-line-endings", "syntax/cr-line-endings", "syntax/empty-file", "syntax/blank-file",
    "syntax/no-cue", "syntax/binary-file", "syntax/too-many-problems",
    # WebVTT (subkit.lint.vtt_scanner)
    "syntax/vtt-missing-header", "syntax/vtt-wrong-header", "syntax/vtt-missing-blank-line", "syntax/vtt-late-block",
    "syntax/vtt-missing-timing", "syntax/vtt-bad-timestamp", "syntax/vtt-malformed-timing",
    "syntax/vtt-invalid-setting", "syntax/vtt-tag",
)


def check(conf, cues, state):  # the scanner reports this rule's problems
    return None
