"""Rule ``encoding``: SRT files should be UTF-8 without a BOM, with one kind of line ending.

Reports bytes that are not valid UTF-8 (with the byte offset of the first one and the code page
they look like: cp1252, cp1251, cp1250, GB18030...; read such a file with ``--encoding``): an
error whatever the rule's level, unless ``non-utf8 = "warning"``; binary files (always an error),
UTF-16 and UTF-32 files (with or without a BOM), a byte order mark (and a doubled one), and
mixed line endings (LF and CRLF in one file).

Options: ``allow-bom`` (default ``false``), ``non-utf8`` (``"error"``, the default, or
``"warning"``: the level of bytes that do not decode).

.. rubric:: PASS

A UTF-8 file with LF line endings: ``b"1\\n00:00:01,000 --> 00:00:02,000\\nCaf\\xc3\\xa9\\n"``

.. rubric:: FAIL

A cp1252 file: ``b"1\\n00:00:01,000 --> 00:00:02,000\\nCaf\\xe9\\n"`` (byte 0xe9 at offset 37)
"""

from subkit.lint.rules._base import REWRITE

ID = "encoding"
TYPE = "stream"
LEVEL = "warning"
CONF = {"allow-bom": bool, "non-utf8": str}
DEFAULT = {"allow-bom": False, "non-utf8": "error"}
FIXER = REWRITE
CODES = ("encoding/utf-16", "encoding/utf-32", "encoding/binary", "encoding/invalid-bytes",
         "encoding/mixed-line-endings", "encoding/bom", "encoding/doubled-bom")


def check(conf, cues, state):  # the scanner reports this rule's problems
    return None
