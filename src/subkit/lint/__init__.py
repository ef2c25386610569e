"""``subkit lint``: a streaming subtitle linter (scanner → rules → problems → formatter).

Library entry points: :func:`lint_path`, :func:`lint_bytes`, :func:`lint_chunks` (one file →
:class:`FileReport`), :func:`fix_bytes` (``--fix``), :func:`load_config`, and the rule registry
:data:`RULES`. Importing this package never imports the translation stack.
"""

from subkit.lint.config import LintConfig, load_config
from subkit.lint.core import FileReport, lint_bytes, lint_chunks, lint_path
from subkit.lint.problem import Problem
from subkit.lint.rules import RULES

__all__ = ["LintConfig", "load_config", "FileReport", "lint_bytes", "lint_chunks", "lint_path",
           "Problem", "RULES", "fix_bytes"]


def fix_bytes(*args, **kwargs):
    """See :func:`subkit.lint.fix.fix_bytes` (imported lazily: it needs the segmenter)."""
    from subkit.lint.fix import fix_bytes as _fix

    return _fix(*args, **kwargs)
