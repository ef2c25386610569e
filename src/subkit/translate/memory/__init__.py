"""The translation memory: one home for remembered sentence pairs.

* :mod:`~subkit.translate.memory.store` — the SQLite database (machine and human entries, schema
  migration, the lookup ``translate`` makes);
* :mod:`~subkit.translate.memory.align` — a reviewed subtitle pair (source SRT + its human
  translation) turned into sentence entries, the way ``translate`` cuts sentences;
* :mod:`~subkit.translate.memory.tmx` — TMX import, each unit keyed as ``translate`` looks sentences up;
* :mod:`~subkit.translate.memory.exchange` — TMX 1.4 and TSV export, statistics, pruning.
"""

from __future__ import annotations

from subkit.translate.memory.store import (
    HUMAN_ORIGINS,
    MEMORY_MODES,
    Entry,
    TranslationMemory,
    default_memory_path,
    normalise_source,
)

__all__ = ["HUMAN_ORIGINS", "MEMORY_MODES", "Entry", "TranslationMemory", "default_memory_path",
           "normalise_source"]
