"""subkit: offline subtitle toolkit (segment transcripts, lint SRT, translate French to English)."""

__version__ = "0.1.0"
