"""Timing text from a recording, offline: decode (PyAV), synthesize (espeak-ng), MFCC features,
multi-resolution warping with a skip price for non-speech, and pause detection.

Below segment, sync and episode: it imports none of them. Needs the ``audio`` extra
(``pip install 'subkit[audio]'``); ``subkit lint`` never imports it.
"""

from subkit.align.aligner import Alignment, PieceTime, align_audio, align_media
from subkit.align.errors import AlignError

__all__ = ["Alignment", "PieceTime", "AlignError", "align_audio", "align_media"]
