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

ID = "syntax"
TYPE = "stream"
LEVEL = "error"
CONF: dict = {}
DEFAULT: dict = {}


def check(conf, cues, state):  # the scanner reports this rule's problems
    return None
