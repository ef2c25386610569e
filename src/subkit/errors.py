"""The one exception type users see: a one-line message naming the file (and line)."""

from __future__ import annotations


class SubkitError(Exception):
    """An error caused by the input or options, reported as one line without a traceback."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"
