"""What the translation-memory tests share."""

from __future__ import annotations


class Recording:
    """A translator that writes what it was asked, to see which sentences reached the engine."""

    def __init__(self):
        self.asked: list[str] = []

    def translate(self, sentences, progress=None):
        self.asked += sentences
        return [f"MACHINE {s}" for s in sentences]
