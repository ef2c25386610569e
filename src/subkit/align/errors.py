"""The alignment package's error: a :class:`subkit.errors.SubkitError` (one line, names the file)."""

from subkit.errors import SubkitError


class AlignError(SubkitError):
    """Media that cannot be decoded, text that cannot be spoken, or an alignment that failed."""
