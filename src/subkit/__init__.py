"""subkit: offline subtitle toolkit (segment transcripts, lint SRT, translate French to English)."""

import os as _os

__version__ = "0.1.0"

# Same model, same input, same English on every x86 CPU: CTranslate2 multiplies int8 matrices with
# Intel MKL on Intel CPUs and with oneDNN elsewhere, and the two round differently (the seed sample
# came out different in 7 lines on an Intel and an AMD machine). oneDNN everywhere gives identical
# output at the same speed (measured within 4 %). CTranslate2 picks its backend when it is first
# imported, so this is set here, before any translation code runs; a user's own setting wins.
_os.environ.setdefault("CT2_USE_MKL", "0")
