"""Rule ``encoding``: SRT files should be UTF-8 without a BOM, with one kind of line ending.

Reports bytes that are not valid UTF-8 (with the byte offset of the first one; read such a
file with ``--encoding cp1252``), binary files (always an error), UTF-16 and UTF-32 files (with
or without a BOM), a byte order mark, and mixed line endings (LF and CRLF in one file).

Options: ``allow-bom`` (default ``false``).

.. rubric:: PASS

A UTF-8 file with LF line endings: ``b"1\\n00:00:01,000 --> 00:00:02,000\\nCaf\\xc3\\xa9\\n"``

.. rubric:: FAIL

A cp1252 file: ``b"1\\n00:00:01,000 --> 00:00:02,000\\nCaf\\xe9\\n"`` (byte 0xe9 at offset 37)
"""

from subkit.lint.rules._base import REWRITE

ID = "encoding"
TYPE = "stream"
LEVEL = "warning"
CONF = {"allow-bom": bool}
DEFAULT = {"allow-bom": False}
FIXER = REWRITE
CODES = ("encoding/utf-16", "encoding/utf-32", "encoding/binary", "encoding/invalid-bytes",
         "encoding/mixed-line-endings", "encoding/bom")


def check(conf, cues, state):  # the scanner reports this rule's problems
    return None
